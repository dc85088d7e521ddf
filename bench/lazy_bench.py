"""Time latpy.torch's lazy mode against eager mode, in the same run.

Workloads (speed-up = eager time / lazy time; lazy includes recording, scheduling, the kernel
cache lookup and running):

1. GELU, tanh form, forward on 100k elements -- nine elementwise ops that lazy mode fuses into
   one generated comprehension. Target: lazy >= 2.5x faster. Also shown: the same formula
   written by hand as one list comprehension (the pure-Python speed limit) and lazy's ratio
   to it.
2. GELU forward + backward on 100k elements (the backward chain is fused too). A report.
3. A 2-layer MLP training step: batch 256, 128 -> 128 -> ReLU -> 10, cross-entropy, SGD with
   momentum. Dominated by matmuls, which lazy mode runs exactly as eager mode. A report.
4. The microgpt training step (examples/microgpt.py: 16-wide embeddings, attention, Adam),
   when that example is importable. Tiny tensors: recording costs more than fusion saves.
   A report.

Every workload first checks that lazy mode gives the same results as eager mode, bit for bit
(values, gradients, parameters after the optimizer steps); a mismatch prints WRONG, an
exception ERROR, and the other workloads still run. The exit status is always 0: this is a
report, not a test.

    python bench/lazy_bench.py            best of 7 (about a minute)
    python bench/lazy_bench.py --quick    best of 3 (noisier)

Timing as in bench/autograd_bench.py: best of N with ``time.perf_counter``, the garbage
collector paused, eager and lazy taking turns in each round (in an order that rotates).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import math
import os
import random
import sys
import time
import traceback

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
try:
    import latpy.torch as torch
except ImportError:  # run from a checkout without installing: bench/ is next to latpy/
    sys.path.insert(0, _ROOT)
    import latpy.torch as torch
import latpy.torch.nn as nn  # noqa: E402
import latpy.torch.nn.functional as F  # noqa: E402


def best_times(fns, repeats: int) -> list:
    """Best wall time of each of `fns` (seconds), the functions taking turns each round.

    The order rotates from round to round: whatever runs right after a function that
    freed a lot of memory runs a little slower, and no function should always be it.
    """
    for fn in fns:
        fn()
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    best = [math.inf] * len(fns)
    try:
        for r in range(repeats):
            for k in range(len(fns)):
                i = (r + k) % len(fns)
                t0 = time.perf_counter()
                fns[i]()
                best[i] = min(best[i], time.perf_counter() - t0)
            gc.collect()
    finally:
        if enabled:
            gc.enable()
    return best


def mode(lazy):
    return torch.lazy() if lazy else contextlib.nullcontext()


def same(a, b) -> bool:
    """Equal nested lists of numbers, comparing floats by their bits (NaN equals NaN)."""
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and isinstance(b, float):
        return (a != a and b != b) or (a == b and math.copysign(1.0, a) == math.copysign(1.0, b))
    return a == b


# -------------------------------------------------------------------- workloads
def gelu_forward(repeats):
    rng = random.Random(0)
    x = torch.tensor([rng.gauss(0.0, 1.0) for _ in range(100_000)])
    c = math.sqrt(2.0 / math.pi)
    tanh, values = math.tanh, x.data.tolist()

    def eager():
        return F.gelu(x, approximate="tanh")

    def lazy():
        with torch.lazy():
            return F.gelu(x, approximate="tanh").realize()

    def by_hand():  # GELU as latpy composes it, as one comprehension: the speed limit
        return [x * 0.5 * (tanh((x + x * x * x * 0.044715) * c) + 1.0) for x in values]
    ok = same(lazy().tolist(), eager().tolist()) and same(by_hand(), eager().tolist())
    # a round takes ~40 ms: take more of them (the best is steadier on a busy machine)
    t_eager, t_lazy, t_hand = best_times([eager, lazy, by_hand], 3 * repeats)
    note = f"hand-written comprehension {t_hand * 1e3:.1f} ms; lazy / it = {t_lazy / t_hand:.2f}"
    return ok, t_eager, t_lazy, 2.5, note


def gelu_forward_backward(repeats):
    rng = random.Random(1)
    data = [rng.gauss(0.0, 1.0) for _ in range(100_000)]

    def step(lazy):
        x = torch.tensor(data, requires_grad=True)
        with mode(lazy):
            F.gelu(x, approximate="tanh").sum().backward()
        return x.grad.tolist()  # reading the gradient runs the (fused) backward
    ok = same(step(True), step(False))
    t_eager, t_lazy = best_times([lambda: step(False), lambda: step(True)], repeats)
    return ok, t_eager, t_lazy, None, ""


def mlp_step(repeats):
    def setup():
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))
        opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
        x, y = torch.randn(256, 128), torch.randint(0, 10, (256,))
        return model, opt, x, y

    def step(lazy, model, opt, x, y):
        with mode(lazy):
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            return loss.item()

    def run(lazy):
        model, opt, x, y = setup()
        losses = [step(lazy, model, opt, x, y) for _ in range(2)]
        return losses, [p.tolist() for p in model.parameters()]
    ok = same(list(run(True)), list(run(False)))
    eager_state, lazy_state = setup(), setup()
    t_eager, t_lazy = best_times([lambda: step(False, *eager_state),
                                  lambda: step(True, *lazy_state)], repeats)
    return ok, t_eager, t_lazy, None, "batch 256, 128-128-10, cross-entropy, SGD"


def microgpt_step(repeats):
    sys.path.insert(0, os.path.join(_ROOT, "examples"))
    try:
        import microgpt
    finally:
        sys.path.pop(0)
    vocab, bos = 27, 26
    rng = random.Random(2)
    docs = [[bos] + [rng.randrange(26) for _ in range(rng.randint(3, 12))] + [bos]
            for _ in range(64)]

    def setup():
        random.seed(0)
        torch.manual_seed(0)
        model = microgpt.MicroGPT(vocab, n_embd=16, n_head=4, n_layer=1, block_size=16)
        opt = torch.optim.Adam(model.parameters(), lr=1e-2, betas=(0.85, 0.99), eps=1e-8)
        sched = torch.optim.lr_scheduler.LinearLR(opt, start_factor=1.0, end_factor=0.0,
                                                  total_iters=10_000)
        return [model, opt, sched, 0]

    def step(lazy, state):
        model, opt, sched, i = state
        state[3] = i + 1
        with mode(lazy):
            return microgpt.train_step(model, opt, sched, docs[i % len(docs)])

    def run(lazy):
        state = setup()
        losses = [step(lazy, state) for _ in range(3)]
        return losses, [p.tolist() for p in state[0].parameters()]
    ok = same(list(run(True)), list(run(False)))
    eager_state, lazy_state = setup(), setup()
    # each sample: 10 steps (one document each)
    t_eager, t_lazy = best_times([lambda: [step(False, eager_state) for _ in range(10)],
                                  lambda: [step(True, lazy_state) for _ in range(10)]],
                                 repeats)
    return ok, t_eager / 10, t_lazy / 10, None, "per step; Adam, one document of 4-13 tokens"


WORKLOADS = [
    ("GELU (tanh) forward, 100k", gelu_forward),
    ("GELU forward+backward, 100k", gelu_forward_backward),
    ("MLP training step", mlp_step),
    ("microgpt training step", microgpt_step),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="best of 3 (noisier)")
    parser.add_argument("--repeat", type=int, default=None, help="rounds per workload")
    args = parser.parse_args(argv)
    repeats = args.repeat or (3 if args.quick else 7)
    print(f"latpy lazy mode vs eager mode -- Python {sys.version.split()[0]}, best of {repeats}")
    print(f"{'workload':32} {'eager ms':>9} {'lazy ms':>9} {'speed-up':>9}  target  result")
    for name, fn in WORKLOADS:
        try:
            ok, t_eager, t_lazy, target, note = fn(repeats)
        except Exception as exc:  # noqa: BLE001 -- report and go on
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            print(f"{name:32} ERROR {type(exc).__name__}: {exc} ({os.path.basename(tb.filename)}"
                  f":{tb.lineno})")
            continue
        ratio = t_eager / t_lazy
        if not ok:
            result = "WRONG (lazy differs from eager)"
        elif target is None:
            result = "report"
        else:
            result = "ok" if ratio >= target else "MISS"
        goal = f">= {target}" if target else "-"
        print(f"{name:32} {t_eager * 1e3:9.2f} {t_lazy * 1e3:9.2f} {ratio:8.2f}x  {goal:6}  "
              f"{result}")
        if note:
            print(f"{'':34}{note}")


if __name__ == "__main__":
    main()
