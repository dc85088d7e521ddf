"""extra_ops (hyperbolic and inverse trig, atan2, hypot, fmod, remainder, xlogy,
frac, exp2, median, select, index_fill, rounded division) against PyTorch (CPU,
float64): values, gradients and second derivatives over ~150 random cases. Each case
is one program ``f(T, *xs)`` run with ``T = latpy.torch`` and with ``T = torch``.
Skipped when PyTorch is not installed.
"""

import math
import os
import random
import unittest

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy as lp
import latpy.torch as lt

SEED = int(os.environ.get("LATPY_ORACLE_SEED", "0"))
TOL = 1e-9

UNARY = {"sinh": (-3, 3), "cosh": (-3, 3), "asin": (-0.95, 0.95), "acos": (-0.95, 0.95),
         "atan": (-4, 4), "asinh": (-4, 4), "acosh": (1.05, 4), "atanh": (-0.95, 0.95),
         "arcsin": (-0.95, 0.95), "arctan": (-4, 4), "frac": (-4, 4), "exp2": (-4, 4)}
BINARY = {"atan2": ((-2, 2), (-2, 2)), "arctan2": ((-2, 2), (-2, 2)),
          "hypot": ((-2, 2), (-2, 2)), "fmod": ((-4, 4), (0.5, 2)),
          "remainder": ((-4, 4), (-2, -0.5)), "xlogy": ((-2, 2), (0.1, 3))}


def _uniform(rng, shape, lo, hi):
    return [rng.uniform(lo, hi) for _ in range(math.prod(shape))], shape


def _shape(rng, lo=0, hi=3, size=3):
    return tuple(rng.randint(1, size) for _ in range(rng.randint(lo, hi)))


def _ints(T, values, shape):
    return T.tensor(values, dtype=T.int64).reshape(shape)


def _far_from_jumps(a, b):
    """fmod/remainder: no quotient within 0.02 of an integer (the jumps)."""
    for u in a[0]:
        for v in b[0]:
            if abs(u / v - round(u / v)) < 0.02:
                return False
    return True


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class ExtraOpsOracle(unittest.TestCase):
    def _tensors(self, T, inputs):
        if T is lt:
            return [lt.tensor(lp.array(v, dtype=float).reshape(s)).requires_grad_()
                    for v, s in inputs]
        return [real_torch.tensor(v, dtype=real_torch.float64).reshape(s).requires_grad_()
                for v, s in inputs]

    def _close(self, got, want, what, tol=TOL):
        got = got.detach().reshape(-1).tolist() if hasattr(got, "detach") else [got]
        want = want.detach().reshape(-1).tolist() if hasattr(want, "detach") else [want]
        self.assertEqual(len(got), len(want), what)
        for a, b in zip(got, want):
            if isinstance(b, float) and math.isnan(b):
                self.assertTrue(math.isnan(a), f"{what}: {a} vs nan")
            elif isinstance(b, float) and math.isinf(b):
                self.assertEqual(a, b, what)
            else:
                self.assertLessEqual(abs(a - b), tol * (1 + abs(b)), f"{what}: {a} vs {b}")

    def run_case(self, name, program, inputs, rng, second=True, tol=TOL):
        """Values, gradients of sum(w * y + y**2 / 2) and a Hessian-vector product."""
        weights = [rng.gauss(0, 1) for _ in range(512)]
        results = {}
        for T in (lt, real_torch):
            xs = self._tensors(T, inputs)
            y = program(T, *xs)
            w = T.tensor(weights[:y.numel()], dtype=T.float64).reshape(tuple(y.shape))
            loss = (y * w + 0.5 * y * y).sum()
            grads = T.autograd.grad(loss, xs, create_graph=second, allow_unused=True)
            hv = None
            if second:
                vs = [T.tensor(weights[-x.numel():], dtype=T.float64).reshape(tuple(x.shape))
                      for x in xs]
                total = sum((g * v).sum() for g, v in zip(grads, vs) if g is not None)
                hv = T.autograd.grad(total, xs, allow_unused=True)
            results[T] = (y, grads, hv)
        (ly, lg, lh), (py, pg, ph) = results[lt], results[real_torch]
        self.assertEqual(tuple(ly.shape), tuple(py.shape), name)
        self._close(ly, py, f"{name} values", tol)
        for k, (a, b) in enumerate(zip(lg, pg)):
            if b is not None:
                self._close(a if a is not None else b * 0, b, f"{name} grad {k}", tol)
        if second:
            for k, (a, b) in enumerate(zip(lh, ph)):
                if b is not None:
                    self._close(a if a is not None else b * 0, b, f"{name} hvp {k}", 1e-7)

    def test_unary(self):
        rng = random.Random(SEED * 100 + 1)
        for case in range(48):
            name = list(UNARY)[case % len(UNARY)]
            lo, hi = UNARY[name]
            inputs = [_uniform(rng, _shape(rng), lo, hi)]
            if name == "frac":
                inputs = [([v if abs(v - round(v)) > 0.01 else v + 0.1 for v in inputs[0][0]],
                           inputs[0][1])]
            with self.subTest(name=name, case=case):
                self.run_case(name, lambda T, x: getattr(T, name)(x), inputs, rng)
                self.run_case(name + " method", lambda T, x: getattr(x * 1.0, name)(), inputs,
                              rng, second=False)

    def test_binary(self):
        rng = random.Random(SEED * 100 + 2)
        done = 0
        while done < 48:
            name = list(BINARY)[done % len(BINARY)]
            (alo, ahi), (blo, bhi) = BINARY[name]
            sa = _shape(rng)
            sb = sa if rng.random() < 0.5 else sa[rng.randrange(len(sa) + 1):]
            a, b = _uniform(rng, sa, alo, ahi), _uniform(rng, sb, blo, bhi)
            if rng.random() < 0.5:
                a, b = (a, b) if name in ("fmod", "remainder", "xlogy") else (b, a)
            if name in ("fmod", "remainder") and not _far_from_jumps(a, b):
                continue
            if name == "xlogy" and a[0] and rng.random() < 0.3:
                a[0][0] = 0.0  # the x == 0 case
            scalar = rng.uniform(blo, bhi)
            smooth = name not in ("fmod", "remainder")
            with self.subTest(name=name, sa=sa, sb=sb):
                self.run_case(name, lambda T, x, y: getattr(T, name)(x, y), [a, b], rng,
                              second=smooth)
                if name == "xlogy" or name in ("fmod", "remainder") and all(
                        abs(u / scalar - round(u / scalar)) > 0.02 for u in a[0]):
                    self.run_case(name + " scalar", lambda T, x: getattr(T, name)(x, scalar),
                                  [a], rng, second=smooth)
                self.run_case(name + " method", lambda T, x, y: getattr(x * 1.0, name)(y),
                              [a, b], rng, second=False)
            done += 1

    def test_median_select_index_fill(self):
        rng = random.Random(SEED * 100 + 3)
        for case in range(30):
            shape = _shape(rng, 1, 3, 4)
            dim = rng.randrange(len(shape))
            x = _uniform(rng, shape, -3, 3)
            keep = rng.random() < 0.5
            index = rng.randrange(-shape[dim], shape[dim])
            rows = sorted({rng.randrange(shape[dim]) for _ in range(rng.randint(1, 3))})
            fill = rng.uniform(-1, 1)
            with self.subTest(case=case, shape=shape, dim=dim):
                self.run_case("median", lambda T, t: T.median(t), [x], rng)
                self.run_case("median dim", lambda T, t: T.median(t, dim, keep).values, [x],
                              rng)
                li = lt.median(lt.tensor(lp.array(x[0]).reshape(shape)), dim, keep).indices
                pi = real_torch.median(real_torch.tensor(x[0]).reshape(shape), dim,
                                       keep).indices
                self.assertEqual(li.tolist(), pi.tolist())
                self.run_case("select", lambda T, t: t.select(dim, index), [x], rng)
                self.run_case("index_fill", lambda T, t: T.index_fill(
                    t, dim, _ints(T, rows, (len(rows),)), fill), [x], rng)
                self.run_case("index_fill tensor value", lambda T, t, v: t.index_fill(
                    dim, _ints(T, rows, (len(rows),)), v.reshape(())), [x, ([fill], (1,))],
                    rng)

    def test_median_ties_share_the_gradient(self):
        for T in (lt, real_torch):
            x = T.tensor([2.0, 1.0, 2.0, 3.0, 2.0], dtype=T.float64, requires_grad=True)
            T.median(x).backward()
            if T is lt:
                mine = x.grad.tolist()
            else:
                self.assertEqual(mine, x.grad.tolist())

    def test_rounded_division_has_zero_gradients(self):
        rng = random.Random(SEED * 100 + 4)
        for case in range(12):
            shape = _shape(rng, 1)
            a, b = _uniform(rng, shape, -4, 4), _uniform(rng, shape, 0.5, 2)
            mode = ("floor", "trunc")[case % 2]
            self.run_case(f"div {mode}", lambda T, x, y: T.div(x, y, rounding_mode=mode) + x,
                          [a, b], rng)

    def test_fill_diagonal_and_inplace_shapes(self):
        for shape, wrap in (((3, 3), False), ((5, 2), True), ((5, 2), False), ((2, 4), True),
                            ((3, 3, 3), False)):
            got = lt.zeros(*shape).fill_diagonal_(2.0, wrap=wrap).tolist()
            want = real_torch.zeros(*shape, dtype=real_torch.float64).fill_diagonal_(
                2.0, wrap=wrap).tolist()
            self.assertEqual(got, want, (shape, wrap))
        for name, args in (("t_", ()), ("transpose_", (0, 1)), ("squeeze_", ()),
                           ("unsqueeze_", (1,))):
            mine = getattr(lt.arange(6.0).reshape(2, 1, 3)[:, 0], name)(*args)
            theirs = getattr(real_torch.arange(6.0, dtype=real_torch.float64)
                             .reshape(2, 1, 3)[:, 0], name)(*args)
            self.assertEqual(mine.tolist(), theirs.tolist(), name)


if __name__ == "__main__":
    unittest.main()
