"""Time latpy's autograd (``latpy.torch``) against references measured in the same run.

Workloads, each with its reference and target ratio (latpy time / reference time):

1. tiny graph: ``(x*y + x).sum().backward()`` on 1-element tensors, against the same graph in
   a micrograd-style scalar ``Value`` engine (bench/value.py, Values made inside the loop as
   micrograd users do). Target <= 3. A variant makes latpy's leaves inside the loop too.
2. large tensors: the same forward+backward on 100k-element tensors, against the forward
   alone in plain NDArray ops, ``(a*b + a).sum()``. Target <= 4.
3. MLP training step: 2-16-16-1 ReLU MLP, batch 100, MSE loss, SGD step, written with
   matmul/relu/mean on latpy.torch tensors, against the scalar Value graph doing the same step
   per sample. Target <= 0.05 (latpy at most 1/20 of the Value engine's time).
4. a chain of 100,000 ops: forward time, backward time and peak memory (tracemalloc) for
   latpy and the Value engine -- a report, no target.

PyTorch's time is shown as an extra column when ``torch`` is importable (information only: it
is C++ per op; float64 here, and one thread, like latpy).

    python bench/autograd_bench.py            full run (under 2 minutes)
    python bench/autograd_bench.py --quick    fewer repeats (under 30 s; noisier)

Timing follows bench/ndarray_bench.py: best of N with ``time.perf_counter`` and the garbage
collector paused, latpy and the references taking turns in each round. latpy's results
(values and gradients) are checked against the reference's first; a mismatch prints WRONG in
place of the ratio, an exception ERROR, and the other workloads still run. The exit status is
always 0: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import random
import sys
import time
import tracemalloc

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)  # for value.py
try:
    import latpy as lp
except ImportError:  # run from a checkout without installing: bench/ is next to latpy/
    sys.path.insert(0, os.path.dirname(_HERE))
    import latpy as lp
import latpy.torch as ltorch  # noqa: E402
from value import Value  # noqa: E402

try:  # the real PyTorch, for an informational column
    import torch as real_torch
    if not hasattr(real_torch, "autograd"):
        real_torch = None
    else:  # one thread, like latpy: steadier, and not slowed by waiting on a busy core
        real_torch.set_num_threads(1)
except Exception:  # noqa: BLE001 -- any failure to import just means "no column"
    real_torch = None


# --------------------------------------------------------------------------- timing
def best_times(fns, repeats: int, number: int = 1) -> list:
    """Best wall time of each of `fns` over `repeats` rounds, in seconds per call.

    As in bench/ndarray_bench.py: one warm-up call each, then the functions take turns within
    each round (a, b, a, b, ...); each sample times `number` calls; the garbage collector is
    paused while timing.
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
                for _ in range(number):
                    fn()
                elapsed = clock() - t0
                if elapsed < best[i]:
                    best[i] = elapsed
    finally:
        if gc_was_enabled:
            gc.enable()
    return [t / number for t in best]


def close(got, want, rel=1e-9, abs_=1e-9) -> bool:
    """Whether two flat sequences of numbers agree to rounding."""
    got, want = list(got), list(want)
    return len(got) == len(want) and all(
        math.isclose(g, w, rel_tol=rel, abs_tol=abs_) for g, w in zip(got, want))


def flat(values) -> list:
    """A nested list flattened to one level (a scalar becomes a 1-element list)."""
    if not isinstance(values, list):
        return [values]
    out, stack = [], [values]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            out.append(item)
    return out


class Workload:
    """One row of the table: latpy, its reference, optional PyTorch, and a correctness check.

    `check()` runs latpy and the reference once and returns None when latpy's results match,
    else a short reason. `number` calls make one timing sample.
    """

    def __init__(self, name, target, latpy_fn, ref_fn, torch_fn, check, number, repeats):
        self.name, self.target = name, target
        self.latpy_fn, self.ref_fn, self.torch_fn = latpy_fn, ref_fn, torch_fn
        self.check, self.number, self.repeats = check, number, repeats


# ------------------------------------------------------------------ 1. tiny graph
def tiny_workloads(rng, repeats, number):
    xv, yv = rng.uniform(0.5, 2.0), rng.uniform(0.5, 2.0)
    want_x, want_y = yv + 1.0, xv  # d/dx (x*y + x) = y + 1, d/dy = x

    x = ltorch.tensor([xv], requires_grad=True)
    y = ltorch.tensor([yv], requires_grad=True)
    tensor = ltorch.tensor

    def lp_tiny():
        x.grad = None
        y.grad = None
        (x * y + x).sum().backward()

    def lp_tiny_leaves():
        a = tensor([xv], requires_grad=True)
        b = tensor([yv], requires_grad=True)
        (a * b + a).sum().backward()
        return a, b

    def value_tiny():
        a, b = Value(xv), Value(yv)
        z = a * b + a
        z.backward()
        return a, b

    def check_tiny():
        lp_tiny()
        va, vb = value_tiny()
        if not close([va.grad, vb.grad], [want_x, want_y]):
            return f"Value grads {va.grad, vb.grad} != {want_x, want_y}"
        got = x.grad.tolist() + y.grad.tolist()
        return None if close(got, [va.grad, vb.grad]) else f"grads {got} != {[va.grad, vb.grad]}"

    def check_tiny_leaves():
        a, b = lp_tiny_leaves()
        got = a.grad.tolist() + b.grad.tolist()
        return None if close(got, [want_x, want_y]) else f"grads {got} != {[want_x, want_y]}"

    t_tiny = t_tiny_leaves = None
    if real_torch is not None:
        f64 = real_torch.float64
        tx = real_torch.tensor([xv], dtype=f64, requires_grad=True)
        ty = real_torch.tensor([yv], dtype=f64, requires_grad=True)
        ttensor = real_torch.tensor

        def t_tiny():
            tx.grad = None
            ty.grad = None
            (tx * ty + tx).sum().backward()

        def t_tiny_leaves():
            a = ttensor([xv], dtype=f64, requires_grad=True)
            b = ttensor([yv], dtype=f64, requires_grad=True)
            (a * b + a).sum().backward()

    return [
        Workload("tiny graph (x*y+x).sum() fwd+bwd", 3.0, lp_tiny, value_tiny, t_tiny,
                 check_tiny, number, repeats),
        Workload("tiny graph, leaves made in loop", 3.0, lp_tiny_leaves, value_tiny,
                 t_tiny_leaves, check_tiny_leaves, number, repeats),
    ]


# ------------------------------------------------------------- 2. large tensors
def large_workload(rng, repeats):
    n = 100_000
    xs = [rng.uniform(-1.0, 1.0) for _ in range(n)]
    ys = [rng.uniform(-1.0, 1.0) for _ in range(n)]
    a = ltorch.tensor(xs, requires_grad=True)
    b = ltorch.tensor(ys, requires_grad=True)
    A, B = lp.array(xs), lp.array(ys)

    def lp_large():
        a.grad = None
        b.grad = None
        out = (a * b + a).sum()
        out.backward()
        return out

    def ref_large():
        return (A * B + A).sum()

    def check_large():
        out = lp_large()
        want = float(ref_large())
        if not math.isclose(out.item(), want, rel_tol=1e-9, abs_tol=1e-9):
            return f"forward {out.item()} != {want}"
        if not close(a.grad.tolist(), [v + 1.0 for v in ys]):
            return "grad of a != b + 1"
        if not close(b.grad.tolist(), xs):
            return "grad of b != a"
        return None

    t_large = None
    if real_torch is not None:
        ta = real_torch.tensor(xs, dtype=real_torch.float64, requires_grad=True)
        tb = real_torch.tensor(ys, dtype=real_torch.float64, requires_grad=True)

        def t_large():
            ta.grad = None
            tb.grad = None
            (ta * tb + ta).sum().backward()

    return Workload("large 100k (a*b+a).sum() fwd+bwd", 4.0, lp_large, ref_large, t_large,
                    check_large, 1, repeats)


# --------------------------------------------------------------- 3. MLP training step
def mlp_workload(rng, repeats):
    """A 2-16-16-1 ReLU MLP, batch 100, MSE loss, one SGD step, in three engines from the
    same initial weights. Weight matrices are (fan_in, fan_out): h = relu(x @ W + b)."""
    sizes, batch, lr = (2, 16, 16, 1), 100, 0.01
    X = [[rng.uniform(-1.0, 1.0) for _ in range(2)] for _ in range(batch)]
    Y = [[math.sin(2.0 * x0) * x1] for x0, x1 in X]
    init = []  # [(W as nested lists (fan_in, fan_out), b as a list)]
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        bound = 1.0 / math.sqrt(fan_in)
        W = [[rng.uniform(-bound, bound) for _ in range(fan_out)] for _ in range(fan_in)]
        init.append((W, [rng.uniform(-bound, bound) for _ in range(fan_out)]))

    # latpy.torch: tensors, matmul/relu/mean, the SGD optimizer
    lp_params = []
    for W, b in init:
        lp_params += [ltorch.tensor(W, requires_grad=True), ltorch.tensor(b, requires_grad=True)]
    W1, b1, W2, b2, W3, b3 = lp_params
    lp_opt = ltorch.SGD(lp_params, lr=lr)
    lX, lY = ltorch.tensor(X), ltorch.tensor(Y)

    def lp_step():
        lp_opt.zero_grad()
        h = (lX @ W1 + b1).relu()
        h = (h @ W2 + b2).relu()
        out = h @ W3 + b3
        loss = ((out - lY) ** 2).mean()
        loss.backward()
        lp_opt.step()
        return loss

    # the scalar Value engine, micrograd's way: a neuron is (weights, bias), summed per sample
    layers = []  # per layer: [(list of weight Values, bias Value) per neuron]
    for W, b in init:
        layers.append([([Value(W[i][j]) for i in range(len(W))], Value(b[j]))
                       for j in range(len(b))])
    v_params = [p for layer in layers for ws, bias in layer for p in ws + [bias]]
    last = len(layers) - 1

    def value_step():
        for p in v_params:
            p.grad = 0.0
        losses = []
        for xrow, (yv,) in zip(X, Y):
            h = xrow
            for k, layer in enumerate(layers):
                h = [sum((w * hi for w, hi in zip(ws, h)), bias) for ws, bias in layer]
                if k != last:
                    h = [v.relu() for v in h]
            losses.append((h[0] - yv) ** 2)
        loss = sum(losses) * (1.0 / batch)
        loss.backward()
        for p in v_params:
            p.data -= lr * p.grad
        return loss

    def lp_weights():
        return [v for p in lp_params for v in flat(p.tolist())]

    def value_weights():  # in latpy's order: W (fan_in, fan_out) row-major, then b
        out = []
        for layer in layers:
            out += [layer[j][0][i].data for i in range(len(layer[0][0])) for j in range(len(layer))]
            out += [bias.data for _, bias in layer]
        return out

    def check_mlp():
        if not close(lp_weights(), value_weights(), 1e-12, 1e-12):
            return "initial weights differ"
        lp_loss, v_loss = lp_step().item(), value_step().data
        if not math.isclose(lp_loss, v_loss, rel_tol=1e-9, abs_tol=1e-12):
            return f"loss {lp_loss} != {v_loss}"
        if not close(lp_weights(), value_weights()):
            return "weights after the SGD step differ"
        return None

    t_step = None
    if real_torch is not None:
        f64 = real_torch.float64
        t_params = []
        for W, b in init:
            t_params += [real_torch.tensor(W, dtype=f64, requires_grad=True),
                         real_torch.tensor(b, dtype=f64, requires_grad=True)]
        tW1, tb1, tW2, tb2, tW3, tb3 = t_params
        t_opt = real_torch.optim.SGD(t_params, lr=lr)
        tX, tY = real_torch.tensor(X, dtype=f64), real_torch.tensor(Y, dtype=f64)

        def t_step():
            t_opt.zero_grad()
            h = (tX @ tW1 + tb1).relu()
            h = (h @ tW2 + tb2).relu()
            loss = ((h @ tW3 + tb3 - tY) ** 2).mean()
            loss.backward()
            t_opt.step()

    return Workload("MLP 2-16-16-1 step, batch 100", 0.05, lp_step, value_step, t_step,
                    check_mlp, 1, repeats)


# ------------------------------------------------------------------ run and print
def run_workloads(work) -> tuple:
    """Check, then time, every workload; return (table rows, notes on broken ones)."""
    rows, notes = [], []
    for w in work:
        status = problem = None
        try:
            problem = w.check()
            if problem:
                status = "WRONG"
        except Exception as exc:  # report and go on: the other numbers are still useful
            problem, status = f"{type(exc).__name__}: {exc}", "ERROR"
        fns = [None if status == "ERROR" else w.latpy_fn, w.ref_fn, w.torch_fn]
        try:
            times = best_times([f for f in fns if f is not None], w.repeats, w.number)
        except Exception as exc:  # noqa: BLE001 -- a failure while timing: time the reference
            problem, status = f"{type(exc).__name__} while timing: {exc}", "ERROR"
            fns[0] = fns[2] = None
            times = best_times([w.ref_fn], w.repeats, w.number)
        it = iter(times)
        lp_t, ref_t, torch_t = [None if f is None else next(it) for f in fns]
        if status is None:
            ratio = lp_t / ref_t
            status = "PASS" if ratio <= w.target else "MISS"
            ratio_text = f"{ratio:.3g}"
        else:
            ratio_text = status
            notes.append(f"{w.name}: {status}: {problem}")
        rows.append((w.name, lp_t, ref_t, ratio_text, w.target, status, torch_t))
    return rows, notes


def ms(t) -> str:
    return "-" if t is None else f"{t * 1e3:.4g}"


def print_table(header, rows, left=1) -> None:
    """Rows of strings as an aligned table: the first `left` columns left-aligned."""
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]

    def fmt(r):
        return "  ".join(c.ljust(w) if i < left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    line = fmt(header)
    print(line)
    print("-" * len(line))
    for r in rows:
        print(fmt(r))


def print_main_table(rows) -> None:
    header = ("workload", "latpy ms", "reference ms", "ratio", "target", "result", "torch ms")
    text = [(name, ms(lp_t), ms(ref_t), ratio, f"<= {target:g}", status, ms(torch_t))
            for name, lp_t, ref_t, ratio, target, status, torch_t in rows]
    print_table(header, text)


# ------------------------------------------------------------------ 4. the long chain
def chain_report(n_ops: int, repeats: int) -> None:
    """Forward time, backward time and peak memory of a chain of `n_ops` ops:
    y = y * 1.0001 + 0.0001 repeated n_ops // 2 times from a 1-element leaf."""
    steps = n_ops // 2
    want = 1.0001 ** steps  # dy/dx

    def lp_forward():
        x = ltorch.tensor([1.0], requires_grad=True)
        y = x
        for _ in range(steps):
            y = y * 1.0001 + 0.0001
        return x, y

    def lp_backward(x, y):  # PyTorch too: y has one element, so no gradient argument
        y.backward()
        return x.grad.item()

    def value_forward():
        x = Value(1.0)
        y = x
        for _ in range(steps):
            y = y * 1.0001 + 0.0001
        return x, y

    def value_backward(x, y):
        y.backward()
        return x.grad

    engines = [("latpy.torch", lp_forward, lp_backward),
               ("Value (bench/value.py)", value_forward, value_backward)]
    if real_torch is not None:
        def t_forward():
            x = real_torch.tensor([1.0], dtype=real_torch.float64, requires_grad=True)
            y = x
            for _ in range(steps):
                y = y * 1.0001 + 0.0001
            return x, y
        engines.append(("PyTorch", t_forward, lp_backward))

    print(f"\nA chain of {n_ops:,} ops (y = y * 1.0001 + 0.0001, {steps:,} times; "
          f"best of {repeats}; no target):")
    rows = []
    for name, forward, backward in engines:
        try:
            fwd_best = bwd_best = math.inf
            grad = None
            for _ in range(repeats):
                gc.collect()
                gc.disable()
                try:
                    t0 = time.perf_counter()
                    x, y = forward()
                    t1 = time.perf_counter()
                    grad = backward(x, y)
                    t2 = time.perf_counter()
                finally:
                    gc.enable()
                del x, y
                fwd_best, bwd_best = min(fwd_best, t1 - t0), min(bwd_best, t2 - t1)
            if name == "PyTorch":  # C++ allocations are invisible to tracemalloc
                fwd_mb = peak = "-"
            else:
                gc.collect()
                tracemalloc.start()
                try:
                    x, y = forward()
                    fwd_mb = f"{tracemalloc.get_traced_memory()[0] / 1e6:.1f}"
                    backward(x, y)
                    peak = f"{tracemalloc.get_traced_memory()[1] / 1e6:.1f}"
                finally:
                    tracemalloc.stop()
                del x, y
            ok = "ok" if math.isclose(grad, want, rel_tol=1e-9) else f"WRONG ({grad} != {want})"
            rows.append((name, ms(fwd_best), ms(bwd_best), fwd_mb, peak, ok))
        except Exception as exc:  # noqa: BLE001
            rows.append((name, "-", "-", "-", "-", f"ERROR {type(exc).__name__}: {exc}"))
    print_table(("engine", "forward ms", "backward ms", "graph MB", "peak MB", "dy/dx"),
                [tuple(r) for r in rows])
    print("  graph MB: memory held after the forward pass (the graph); peak MB: the most held\n"
          "  at any time during forward + backward (tracemalloc, Python allocations only).")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="samples per timing (best kept) for every workload")
    args = parser.parse_args(argv)
    r = args.repeat
    if args.quick:
        tiny_r, tiny_n, large_r, mlp_r, chain_r = r or 3, 200, r or 3, r or 2, r or 2
    else:
        tiny_r, tiny_n, large_r, mlp_r, chain_r = r or 15, 1000, r or 15, r or 7, r or 3

    threads = real_torch.get_num_threads() if real_torch is not None else 0
    torch_info = (f"PyTorch {real_torch.__version__} ({threads} thread{'s' * (threads != 1)})"
                  if real_torch is not None else "PyTorch not importable (no torch column)")
    print(f"latpy {lp.__version__} on Python {platform.python_version()} "
          f"({platform.python_implementation()}, {platform.machine()}), {platform.platform()}, "
          f"{os.cpu_count()} CPUs; {torch_info}"
          f"{'; --quick' if args.quick else ''}")
    print(f"best of {tiny_r} (tiny: {tiny_n} calls per sample), {large_r} (large), "
          f"{mlp_r} (MLP), {chain_r} (chain).")
    print("ratio = latpy time / reference time, same run. References: tiny graph -> the scalar\n"
          "Value engine (bench/value.py); large -> the forward alone in NDArray ops; MLP -> the\n"
          "Value engine doing the same step sample by sample.\n")

    work, setup_errors = [], []
    for name, build in [("tiny graph", lambda rng: tiny_workloads(rng, tiny_r, tiny_n)),
                        ("large 100k", lambda rng: [large_workload(rng, large_r)]),
                        ("MLP step", lambda rng: [mlp_workload(rng, mlp_r)])]:
        try:
            work += build(random.Random(0))
        except Exception as exc:  # noqa: BLE001 -- setting up needs latpy too: report it
            setup_errors.append(f"{name}: ERROR while setting up: {type(exc).__name__}: {exc}")
    rows, notes = run_workloads(work)
    notes = setup_errors + notes
    print_main_table(rows)
    passed = sum(1 for r in rows if r[5] == "PASS")
    print(f"\n{passed} of {len(rows)} workloads within target.")
    for note in notes:
        print("  " + note)

    chain_report(100_000, chain_r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
