"""Time latpy's nn layers against the work they reduce to, measured in the same run.

Workloads (latpy time / reference time = the ratio; the target is the ratio latpy aims for):

1. Conv2d(3, 16, 3, padding=1) on (8, 3, 16, 16), forward + backward (input and parameter
   gradients), against the single matmul the forward reduces to, ``(8*16*16, 27) @ (27, 16)``
   in latpy's core. The backward is two more matmuls of the same size (weight and input
   gradients), so ~3 is the floor; the rest is im2col/col2im, reshapes and the bias.
2. the same forward alone, and forward + backward for an input without grad (a first layer).
3. MaxPool2d(2) on (8, 16, 16, 16), forward + backward, against plain-Python max pooling
   forward (``map(max, ...)`` over the strided slices of each pair of rows).

4. LSTM(32, 32) over seq 16 and seq 128 (batch 8), and TransformerEncoderLayer(32, 4,
   dim_feedforward=64) over seq 16 (batch 8): forward + backward with the input needing grad,
   against the bare matmuls the step reduces to -- every forward product and the two
   products of its backward, same shapes, in latpy's core. The rest (gates, softmax, layer
   norm, graph bookkeeping) is the overhead; seq 128 shows the cost stays linear in length.

PyTorch's time is shown as an extra column when ``torch`` is importable (information only).

    python bench/nn_bench.py            full run, best of 10
    python bench/nn_bench.py --quick    best of 3 (noisier)

Timing follows bench/ndarray_bench.py: best of N with ``time.perf_counter`` and the garbage
collector paused, latpy and the reference taking turns in each round. A workload that raises
shows ERROR and the others still run. The exit status is always 0: a report, not a test.

To add workloads, write a function ``rng -> [Workload, ...]`` and
append it to ``BUILDERS``.
"""

from __future__ import annotations

import argparse
import collections
import gc
import math
import os
import platform
import random
import sys
import time

try:
    import latpy as lp
except ImportError:  # run from a checkout without installing: bench/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy as lp
import latpy.torch as ltorch  # noqa: E402

try:  # the real PyTorch, for an informational column
    import torch as real_torch
    if not hasattr(real_torch, "nn"):
        real_torch = None
except Exception:  # noqa: BLE001 -- any failure to import just means "no column"
    real_torch = None

# name: what is timed; latpy: the latpy call; refs: reference calls (the fastest counts);
# target: the ratio aimed for; torch: an optional PyTorch call (information only).
Workload = collections.namedtuple("Workload", "name latpy refs target torch")


# --------------------------------------------------------------------------- timing
def best_times(fns, repeats: int) -> list:
    """Best wall time of each of `fns` over `repeats` rounds, in seconds per call.

    One warm-up call each, then the functions take turns within each round (a, b, a, b, ...);
    the garbage collector is paused while timing.
    """
    for fn in fns:
        fn()
    gc_was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    best = [math.inf] * len(fns)
    clock = time.perf_counter
    try:
        for _ in range(repeats):
            for i, fn in enumerate(fns):
                t0 = clock()
                fn()
                elapsed = clock() - t0
                if elapsed < best[i]:
                    best[i] = elapsed
    finally:
        if gc_was_enabled:
            gc.enable()
    return best


def floats(rng, n):
    return [rng.uniform(-1.0, 1.0) for _ in range(n)]


# ------------------------------------------------------------------------ workloads
def conv_workloads(rng) -> list:
    """Conv2d and MaxPool2d steps."""
    n, c, h, w, filters = 8, 3, 16, 16, 16
    ltorch.manual_seed(0)
    conv = ltorch.nn.Conv2d(c, filters, 3, padding=1)
    x_values = floats(rng, n * c * h * w)
    x = ltorch.tensor(x_values).reshape(n, c, h, w).requires_grad_(True)
    x_const = x.detach()

    def conv_step(inp):
        def step():
            conv.zero_grad()
            inp.grad = None
            conv(inp).sum().backward()
        return step

    def conv_forward():
        with ltorch.no_grad():
            return conv(x)

    rows, k = n * h * w, c * 3 * 3
    a = lp.array(floats(rng, rows * k)).reshape(rows, k)
    b = lp.array(floats(rng, k * filters)).reshape(k, filters)
    matmul = [lambda: a @ b]

    torch_step = torch_forward = None
    if real_torch is not None:
        t_conv = real_torch.nn.Conv2d(c, filters, 3, padding=1).double()
        t_x = real_torch.tensor(x_values, dtype=real_torch.float64).reshape(n, c, h, w)
        t_x.requires_grad_(True)

        def torch_step():
            t_conv.zero_grad()
            t_x.grad = None
            t_conv(t_x).sum().backward()

        def torch_forward():
            with real_torch.no_grad():
                return t_conv(t_x)

    work = [
        Workload(f"Conv2d fwd+bwd ({n},{c},{h},{w})->{filters}", conv_step(x), matmul, 5.0,
                 torch_step),
        Workload("Conv2d forward only", conv_forward, matmul, 1.5, torch_forward),
        Workload("Conv2d fwd+bwd, input without grad", conv_step(x_const), matmul, 3.5, None),
    ]

    # MaxPool2d(2) on the conv's output size; the reference is plain-Python forward pooling.
    pool = ltorch.nn.MaxPool2d(2)
    shape = (n, filters, h, w)
    p_values = floats(rng, n * filters * h * w)
    px = ltorch.tensor(p_values).reshape(*shape).requires_grad_(True)

    def pool_step():
        px.grad = None
        pool(px).sum().backward()

    def ref_pool():
        out = []
        for base in range(0, len(p_values), 2 * w):
            r0, r1 = p_values[base:base + w], p_values[base + w:base + 2 * w]
            out += map(max, r0[0::2], r0[1::2], r1[0::2], r1[1::2])
        return out

    torch_pool = None
    if real_torch is not None:
        t_px = real_torch.tensor(p_values, dtype=real_torch.float64).reshape(*shape)
        t_px.requires_grad_(True)

        def torch_pool():
            t_px.grad = None
            real_torch.nn.functional.max_pool2d(t_px, 2).sum().backward()

    work.append(Workload(f"MaxPool2d(2) fwd+bwd {shape}", pool_step, [ref_pool], 2.5,
                         torch_pool))
    return work


def _matmuls_fwd_bwd(rng, shapes):
    """Callables doing each forward product (m,k)@(k,n) (batched when 3-D) and the two
    products of its backward, on plain arrays: the work a layer step cannot avoid."""
    work = []
    for a_shape, b_shape in shapes:
        arrays = [lp.array(floats(rng, math.prod(sh))).reshape(sh)
                  for sh in (a_shape, b_shape, a_shape[:-1] + b_shape[-1:])]
        a, b, g = arrays
        work.append((a, b, g, lp.swapaxes(a, -1, -2), lp.swapaxes(b, -1, -2)))

    def run():
        for a, b, g, a_t, b_t in work:
            lp.matmul(a, b)
            lp.matmul(g, b_t)
            lp.matmul(a_t, g)
    return run


def sequence_workloads(rng) -> list:
    """LSTM and TransformerEncoderLayer steps (forward + backward, the input needing grad
    as inside a network), against the matmuls they reduce to (_matmuls_fwd_bwd)."""
    batch, width, heads, ff = 8, 32, 4, 64

    def lstm(lib, seq):
        m = lib.nn.LSTM(width, width)
        x = lib.tensor(floats(random.Random(seq), seq * batch * width))
        m, x = (m.double(), x.double()) if lib is real_torch else (m, x)
        x = x.reshape(seq, batch, width).requires_grad_(True)

        def step():
            out, (h, c) = m(x)
            (out.sum() + h.sum() + c.sum()).backward()
        return step

    def encoder(lib, seq):
        m = lib.nn.TransformerEncoderLayer(width, heads, dim_feedforward=ff, dropout=0.0)
        x = lib.tensor(floats(random.Random(seq), seq * batch * width))
        m, x = (m.double(), x.double()) if lib is real_torch else (m, x)
        x = x.reshape(seq, batch, width).requires_grad_(True)
        return lambda: m(x).sum().backward()

    def lstm_shapes(seq):
        return [((seq * batch, width), (width, 4 * width))] + \
            [((batch, width), (width, 4 * width))] * seq

    seq, rows, bh, hd = 16, 16 * batch, batch * heads, width // heads
    encoder_shapes = [((rows, width), (width, 3 * width)), ((bh, seq, hd), (bh, hd, seq)),
                      ((bh, seq, seq), (bh, seq, hd)), ((rows, width), (width, width)),
                      ((rows, width), (width, ff)), ((rows, ff), (ff, width))]
    ltorch.manual_seed(0)
    torch_or_none = (lambda make, n: make(real_torch, n)) if real_torch is not None else \
        (lambda make, n: None)
    return [
        Workload(f"LSTM({width}, {width}) fwd+bwd, seq 16, batch {batch}", lstm(ltorch, 16),
                 [_matmuls_fwd_bwd(rng, lstm_shapes(16))], 2.0, torch_or_none(lstm, 16)),
        Workload(f"LSTM({width}, {width}) fwd+bwd, seq 128, batch {batch}",
                 lstm(ltorch, 128), [_matmuls_fwd_bwd(rng, lstm_shapes(128))], 2.0,
                 torch_or_none(lstm, 128)),
        Workload(f"TransformerEncoderLayer({width}, {heads}, ff {ff}) fwd+bwd, seq 16, "
                 f"batch {batch}", encoder(ltorch, 16),
                 [_matmuls_fwd_bwd(rng, encoder_shapes)], 2.0, torch_or_none(encoder, 16)),
    ]


BUILDERS = [conv_workloads, sequence_workloads]


# --------------------------------------------------------------------------- report
def run_workloads(repeats: int) -> list:
    """Time every workload; one table row each."""
    rows = []
    for build in BUILDERS:
        rng = random.Random(0)
        try:
            work = build(rng)
        except Exception as exc:  # noqa: BLE001 -- report and go on
            rows.append((build.__name__, None, None, None, None, None,
                         f"ERROR {type(exc).__name__}: {exc}"))
            continue
        for item in work:
            try:
                item.latpy()
            except Exception as exc:  # noqa: BLE001
                rows.append((item.name, None, None, None, item.target, None,
                             f"ERROR {type(exc).__name__}: {exc}"))
                continue
            fns = [item.latpy, *item.refs] + ([item.torch] if item.torch else [])
            times = best_times(fns, repeats)
            lp_t = times[0]
            ref_t = min(times[1:1 + len(item.refs)])
            torch_t = times[-1] if item.torch else None
            ratio = lp_t / ref_t
            status = "PASS" if ratio <= item.target else "MISS"
            rows.append((item.name, lp_t, ref_t, ratio, item.target, torch_t, status))
    return rows


def print_table(rows) -> None:
    header = ("workload", "latpy ms", "reference ms", "ratio", "target", "torch ms", "result")
    text = []
    for name, lp_t, ref_t, ratio, target, torch_t, status in rows:
        text.append((name,
                     "-" if lp_t is None else f"{lp_t * 1e3:.4g}",
                     "-" if ref_t is None else f"{ref_t * 1e3:.4g}",
                     "-" if ratio is None else f"{ratio:.2f}",
                     "-" if target is None else f"<= {target:g}",
                     "-" if torch_t is None else f"{torch_t * 1e3:.3g}",
                     status))
    widths = [max(len(r[i]) for r in text + [header]) for i in range(len(header))]
    for r in [header, None] + text:
        if r is None:
            print("-" * (sum(widths) + 2 * (len(widths) - 1)))
            continue
        print("  ".join(c.ljust(wd) if i in (0, 6) else c.rjust(wd)
                        for i, (c, wd) in enumerate(zip(r, widths))))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier)")
    parser.add_argument("--repeat", type=int, default=None, help="samples per timing (best kept)")
    args = parser.parse_args(argv)
    repeats = args.repeat or (3 if args.quick else 10)
    print(f"latpy {lp.__version__} on Python {platform.python_version()} "
          f"({platform.python_implementation()}, {platform.machine()}); best of {repeats}"
          f"{' (--quick)' if args.quick else ''}")
    print("ratio = latpy time / reference time (see the docstring), same run; "
          "torch = PyTorch float64 (information only).\n")
    rows = run_workloads(repeats)
    print_table(rows)
    passed = sum(1 for r in rows if r[6] == "PASS")
    print(f"\n{passed} of {len(rows)} workloads within target.")
    broken = sum(1 for r in rows if r[6].startswith("ERROR"))
    if broken:
        print(f"{broken} workload(s) raised: see ERROR above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
