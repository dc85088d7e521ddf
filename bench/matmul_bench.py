"""Matmul: latpy's ``a @ b`` against the pure-Python speed limit, same run.

The reference is DESIGN.md's loop on plain lists: ``sum(map(mul, row, col))``
over the columns of a transposed copy of B (the transposition is counted).
Run: ``python3 bench/matmul_bench.py``; the ratio should be <= 1.2 (lower is
better; below 1.0 means latpy beats the reference loop).
"""

import os
import random
import sys
import time
from operator import mul

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import latpy as lp  # noqa: E402


def reference(a: list, b: list, n: int, k: int, m: int) -> list:
    """The speed-limit loop: rows of A times columns of a transposed copy of B."""
    columns = [b[j::m] for j in range(m)]
    out = []
    for i in range(0, n * k, k):
        row = a[i:i + k]
        out.append([sum(map(mul, row, col)) for col in columns])
    return out


def best_of(fn, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def case(label, n, k, m, repeats=7, transpose_a=False, batch=None):
    rng = random.Random(0)
    a_list = [rng.random() for _ in range(n * k)]
    b_list = [rng.random() for _ in range(k * m)]
    a = lp.array(a_list).reshape(n, k)
    if transpose_a:  # the same matrix, stored transposed: a non-contiguous view
        a = lp.array(a.T.tolist()).T
    b = lp.array(b_list).reshape(k, m)
    if batch:
        a = lp.array(a.tolist() * batch).reshape(batch, n, k)
    copies = batch or 1
    t_ref = best_of(lambda: [reference(a_list, b_list, n, k, m) for _ in range(copies)],
                    repeats)
    t_lp = best_of(lambda: a @ b, repeats)
    madds = copies * n * k * m
    print(f"{label:34s} latpy {t_lp * 1e3:8.2f} ms ({t_lp / madds * 1e9:5.1f} ns/madd)   "
          f"reference {t_ref * 1e3:8.2f} ms ({t_ref / madds * 1e9:5.1f} ns/madd)   "
          f"ratio {t_lp / t_ref:5.2f}")
    return t_lp / t_ref


def main():
    print(f"Python {sys.version.split()[0]}")
    ratio = case("(128,128) @ (128,128) float64", 128, 128, 128)
    case("(128,128).T-view @ (128,128)", 128, 128, 128, transpose_a=True)
    case("(8,64,64) @ (64,64) batched", 64, 64, 64, repeats=3, batch=8)
    case("(256,300) @ (300,32)  k > 128", 256, 300, 32, repeats=3)
    case("(1000,4) @ (4,64)  small k", 1000, 4, 64)
    case("(1000,16) @ (16,16)", 1000, 16, 16)
    case("(2,2) @ (2,2)  call overhead", 2, 2, 2, repeats=2000)
    print(f"\n128x128 @ 128x128 ratio to the reference loop: {ratio:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
