"""Time latpy's NDArray against the pure-Python speed limit of the same work.

For each workload this measures latpy and a *reference*: the fastest plain-Python code we
know for the same computation on plain lists (several candidates where there is a choice; the
fastest one counts). Both are timed in the same run, taking turns, best of N with
``time.perf_counter`` and the garbage collector paused, so the ratio ``latpy / reference``
means the same on any machine. A ratio of 1.0 means latpy costs nothing over hand-written
Python; the target column is the ratio latpy aims for.

    python bench/ndarray_bench.py            full run, best of 15 (a few seconds)
    python bench/ndarray_bench.py --quick    best of 3 (noisier; what .ci/run uses)

It is a report, not a test: the exit status is 0 whatever the numbers. A workload that raises,
or computes a different result from its reference, is shown as ERROR or WRONG (a bug for the
test suite to catch, not a slow day) and the other workloads still run.
"""

from __future__ import annotations

import argparse
import gc
import math
import operator
import os
import platform
import random
import sys
import time
import tracemalloc
from itertools import repeat

try:
    import latpy as lp
except ImportError:  # run from a checkout without installing: bench/ is next to latpy/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import latpy as lp

add, mul = operator.add, operator.mul


# --------------------------------------------------------------------------- timing
def best_times(fns, repeats: int, number: int = 1) -> list:
    """Best wall time of each of `fns` over `repeats` rounds, in seconds per call.

    The functions take turns within each round (a, b, a, b, ...), so a drift in the machine's
    state (memory growth, another process, CPU frequency) affects them alike. Each sample times
    `number` calls; the garbage collector is paused while timing.
    """
    for fn in fns:
        fn()  # warm up (first-call caches, lazy imports)
    gc_was_enabled = gc.isenabled()
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


def flat(values) -> list:
    """A nested list flattened to one level (a scalar becomes a 1-element list)."""
    if not isinstance(values, list):
        return [values]
    out = []
    stack = [values]
    while stack:  # iterative, to stay cheap and obvious
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            out.append(item)
    return out


def same(got, want) -> bool:
    """Whether two flat lists of numbers agree (to rounding; sums may be ordered differently)."""
    if len(got) != len(want):
        return False
    return all(math.isclose(g, w, rel_tol=1e-9, abs_tol=1e-9) for g, w in zip(got, want))


# ------------------------------------------------------------------------ workloads
def make_workloads(rng: random.Random) -> list:
    """Each workload: (name, target ratio, latpy fn, [reference fns], calls per sample)."""
    def floats(n):
        return [rng.uniform(-1.0, 1.0) for _ in range(n)]

    work = []

    # Contiguous binary op on 100k elements: list(map(add, a, b)) is the limit.
    n = 100_000
    xs, ys = floats(n), floats(n)
    x, y = lp.array(xs), lp.array(ys)
    work.append(("add 100k", 1.15, lambda: x + y, [lambda: list(map(add, xs, ys))], 1))

    # Scalar operand: a comprehension with the operator inline.
    s = 1.5
    work.append(("add scalar 100k", 1.15, lambda: x + s,
                 [lambda: [v + s for v in xs], lambda: list(map(add, xs, repeat(s, n)))], 1))

    # Unary: map a math function.
    exp = math.exp
    work.append(("exp 100k", 1.2, lambda: lp.exp(x), [lambda: list(map(exp, xs))], 1))

    # Row broadcast (N, M) + (M,): each row of a meets the same b.
    rows, cols = 1000, 100
    a2s, b1s = floats(rows * cols), floats(cols)
    a2, b1 = lp.array(a2s).reshape(rows, cols), lp.array(b1s)

    def ref_row():
        out = []
        extend = out.extend
        for i in range(0, rows * cols, cols):
            extend(map(add, a2s[i:i + cols], b1s))
        return out
    work.append(("row bcast (1000,100)+(100,)", 1.3, lambda: a2 + b1, [ref_row], 1))

    # General broadcast (P,1,R) + (1,Q,1) -> (P,Q,R): out[i,j,k] = a[i,k] + b[j].
    p, q, r = 100, 100, 100
    a3s, b3s = floats(p * r), floats(q)
    a3, b3 = lp.array(a3s).reshape(p, 1, r), lp.array(b3s).reshape(1, q, 1)

    def ref_general_map():
        out = []
        extend = out.extend
        for i in range(0, p * r, r):
            row = a3s[i:i + r]
            for bj in b3s:
                extend(map(add, row, repeat(bj, r)))
        return out

    def ref_general_comp():
        out = []
        extend = out.extend
        for i in range(0, p * r, r):
            row = a3s[i:i + r]
            for bj in b3s:
                extend([v + bj for v in row])
        return out
    work.append(("general bcast (100,1,100)+(1,100,1)", 2.0, lambda: a3 + b3,
                 [ref_general_map, ref_general_comp], 1))

    # Reductions.
    work.append(("sum() 100k", 1.2, lambda: x.sum(), [lambda: sum(xs)], 1))
    work.append(("sum(axis=0) (1000,100)", 1.5, lambda: a2.sum(axis=0),
                 [lambda: [sum(a2s[j::cols]) for j in range(cols)]], 1))
    work.append(("sum(axis=1) (1000,100)", 1.5, lambda: a2.sum(axis=1),
                 [lambda: [sum(a2s[i:i + cols]) for i in range(0, rows * cols, cols)]], 1))

    # Matmul (n,k) @ (k,m): dot each row of A with each column of B, the columns taken from a
    # transposed copy of B built inside the timed call (it is part of the work).
    mn = 128
    As, Bs = floats(mn * mn), floats(mn * mn)
    A, B = lp.array(As).reshape(mn, mn), lp.array(Bs).reshape(mn, mn)

    def ref_matmul():
        cols_of_b = [Bs[j::mn] for j in range(mn)]
        out = []
        extend = out.extend
        for i in range(0, mn * mn, mn):
            row = As[i:i + mn]
            extend([sum(map(mul, row, col)) for col in cols_of_b])
        return out
    refs = [ref_matmul]
    sumprod = getattr(math, "sumprod", None)  # Python >= 3.12
    if sumprod is not None:
        def ref_matmul_sumprod():
            cols_of_b = [Bs[j::mn] for j in range(mn)]
            out = []
            extend = out.extend
            for i in range(0, mn * mn, mn):
                row = As[i:i + mn]
                extend([sumprod(row, col) for col in cols_of_b])
            return out
        refs.append(ref_matmul_sumprod)
    work.append(("matmul 128x128 @ 128x128", 1.2, lambda: A @ B, refs, 1))

    # Tiny arrays: the per-call overhead of an operator on 1-element arrays.
    t1, t2 = rng.random(), rng.random()
    ta, tb = lp.array([t1]), lp.array([t2])
    work.append(("tiny a + b (1 element)", 6.0, lambda: ta + tb,
                 [lambda: list(map(add, [t1], [t2]))], 2000))
    return work


def run_workloads(repeats: int) -> tuple:
    """Time every workload; return (table rows, number of broken workloads)."""
    rng = random.Random(0)
    rows, broken = [], 0
    for name, target, latpy_fn, ref_fns, number in make_workloads(rng):
        try:
            result = latpy_fn()
            got = flat(result.tolist() if hasattr(result, "tolist") else result)
        except Exception as exc:  # report and go on: the other numbers are still useful
            broken += 1
            ref_t = min(best_times(ref_fns, repeats, number))
            rows.append((name, None, ref_t, None, target, f"ERROR {type(exc).__name__}: {exc}"))
            continue
        want = flat(ref_fns[0]())
        lp_t, *ref_times = best_times([latpy_fn, *ref_fns], repeats, number)
        ref_t = min(ref_times)
        ratio = lp_t / ref_t
        if not same(got, want):
            broken += 1
            status = "WRONG"
        else:
            status = "PASS" if ratio <= target else "MISS"
        rows.append((name, lp_t, ref_t, ratio, target, status))
    return rows, broken


def print_table(rows) -> None:
    """The results as an aligned text table (times in milliseconds)."""
    header = ("workload", "latpy ms", "reference ms", "ratio", "target", "result")
    text = []
    for name, lp_t, ref_t, ratio, target, status in rows:
        text.append((name,
                     "-" if lp_t is None else f"{lp_t * 1e3:.4g}",
                     f"{ref_t * 1e3:.4g}",
                     "-" if ratio is None else f"{ratio:.2f}",
                     f"<= {target:g}", status))
    widths = [max(len(r[i]) for r in text + [header]) for i in range(len(header))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) if i < 5 else h
                     for i, (h, w) in enumerate(zip(header, widths)))
    print(line)
    print("-" * len(line))
    for r in text:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) if i < 5 else c
                        for i, (c, w) in enumerate(zip(r, widths))))


# --------------------------------------------------------------------------- memory
def peak_mb(fn) -> float:
    """Peak memory allocated while `fn` runs (tracemalloc), in MB; the result is kept alive."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak / 1e6


def report_memory() -> None:
    """Peak memory of making a 1,000,000-element float64 array, two ways."""
    n = 1_000_000
    rng = random.Random(1)
    values = [rng.random() for _ in range(n)]  # made before tracing: the input is not counted
    print(f"\nPeak memory of a {n:,}-element float64 array (tracemalloc):")
    rows = [
        ("lp.zeros(1_000_000)", peak_mb(lambda: lp.zeros(n))),
        ("lp.array(list of 1M floats)", peak_mb(lambda: lp.array(values))),
        ("reference: list(values) (a copy of the list)", peak_mb(lambda: list(values))),
    ]
    width = max(len(name) for name, _ in rows)
    for name, mb in rows:
        print(f"  {name:<{width}}  {mb:8.2f} MB")
    print("  (a Python list costs 8 bytes per element for its pointers; each distinct float\n"
          "   object adds 24 bytes, but zeros share one 0.0, and lp.array can reuse the input's\n"
          "   float objects. NumPy would use 8.0 MB.)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (noisier)")
    parser.add_argument("--repeat", type=int, default=None, help="samples per timing (best kept)")
    args = parser.parse_args(argv)
    repeats = args.repeat or (3 if args.quick else 15)

    print(f"latpy {lp.__version__} on Python {platform.python_version()} "
          f"({platform.python_implementation()}, {platform.machine()}); "
          f"best of {repeats}{' (--quick)' if args.quick else ''}")
    print("ratio = latpy time / the fastest plain-Python code for the same work, same run.\n")
    rows, broken = run_workloads(repeats)
    print_table(rows)
    passed = sum(1 for r in rows if r[5] == "PASS")
    print(f"\n{passed} of {len(rows)} workloads within target.")
    report_memory()
    if broken:
        print(f"\n{broken} workload(s) raised or gave a wrong result: see ERROR/WRONG above.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
