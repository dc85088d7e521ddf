"""Reductions over axes (None, int, negative, tuple; keepdims) on random shapes
and layouts, checked against reductions written on Python lists here."""

from __future__ import annotations

import itertools
import math
import random
import unittest

import latpy as lp
from tests.core.test_ndarray import CoreTestCase, Ref, at, indices, nest, rand_shape, \
    random_layout

INF, NAN = math.inf, math.nan


def ref_reduce(ref, axes, keepdims, lane_fn):
    """Apply `lane_fn` to every lane of `ref` over `axes` (a sorted tuple)."""
    shape = ref.shape
    kept = [i for i in range(len(shape)) if i not in axes]
    out_shape = tuple(shape[i] for i in kept)
    out = []
    for idx in indices(out_shape):
        lane = []
        for red in indices(tuple(shape[i] for i in axes)):
            full = [0] * len(shape)
            for i, v in zip(kept, idx):
                full[i] = v
            for i, v in zip(axes, red):
                full[i] = v
            lane.append(at(ref.flat, shape, full))
        out.append(lane_fn(lane))
    if keepdims:
        out_shape = tuple(1 if i in axes else d for i, d in enumerate(shape))
    return out, out_shape


def ref_sum(lane):
    """Sum of floats with IEEE specials (fsum raises on inf - inf)."""
    if any(x != x for x in lane) or (INF in lane and -INF in lane):
        return NAN
    if INF in lane or -INF in lane:
        return INF if INF in lane else -INF
    return math.fsum(lane)


def nan_first(lane, pick):
    for x in lane:
        if x != x:
            return x
    return pick(lane)


def ref_mean(lane):
    return ref_sum(lane) / len(lane) if lane else NAN


def ref_var(lane, ddof=0):
    if not lane:
        return NAN
    m = ref_mean(lane)
    dof = len(lane) - ddof
    s = ref_sum([(x - m) ** 2 for x in lane]) if m - m == 0 else NAN
    return s / dof if dof > 0 else (INF if s > 0 else NAN)


def ref_median(lane):
    if not lane:
        return NAN
    for x in lane:
        if x != x:
            return NAN
    s = sorted(lane)
    n = len(s)
    return float(s[n // 2]) if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def ref_argbest(lane, better):
    for i, x in enumerate(lane):
        if x != x:
            return i
    best = 0
    for i, x in enumerate(lane):
        if better(x, lane[best]):
            best = i
    return best


def no_nan(lane):
    return [x for x in lane if x == x]


# name -> (lane reference, result dtype for float64 / int64 / bool, empty-lane error?)
REDUCTIONS = {
    "sum": (lambda l: ref_sum(l) if l and isinstance(l[0], float) else sum(l),
            ("float64", "int64", "int64"), False),
    "prod": (math.prod, ("float64", "int64", "int64"), False),
    "mean": (lambda l: ref_mean([float(x) for x in l]), ("float64",) * 3, False),
    "max": (lambda l: nan_first(l, max), ("float64", "int64", "bool"), True),
    "min": (lambda l: nan_first(l, min), ("float64", "int64", "bool"), True),
    "var": (lambda l: ref_var([float(x) for x in l]), ("float64",) * 3, False),
    "std": (lambda l: math.sqrt(ref_var([float(x) for x in l])), ("float64",) * 3, False),
    "any": (any, ("bool",) * 3, False),
    "all": (all, ("bool",) * 3, False),
    "median": (lambda l: ref_median([float(x) for x in l]), ("float64",) * 3, False),
    "nansum": (lambda l: ref_sum(no_nan(l)) if l and isinstance(l[0], float) else sum(l),
               ("float64", "int64", "int64"), False),
    "nanmean": (lambda l: ref_mean([float(x) for x in no_nan(l)]), ("float64",) * 3, False),
    "nanmax": (lambda l: max(no_nan(l)) if no_nan(l) else NAN, ("float64", "int64", "bool"),
               True),
    "nanmin": (lambda l: min(no_nan(l)) if no_nan(l) else NAN, ("float64", "int64", "bool"),
               True),
    "ptp": (lambda l: nan_first(l, lambda v: max(v) - min(v)), ("float64", "int64", None), True),
}


def rand_axis(rng, ndim):
    r = rng.random()
    if r < 0.25 or ndim == 0:
        return None
    if r < 0.5:
        axes = rng.sample(range(ndim), rng.randint(0, ndim))
        return tuple(a - ndim if rng.random() < 0.3 else a for a in axes)
    ax = rng.randrange(ndim)
    return ax - ndim if rng.random() < 0.4 else ax


def norm_axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(sorted(a % ndim for a in axes))


def close(g, w, tol=1e-12):
    if isinstance(w, float):
        if w != w:
            return isinstance(g, float) and g != g
        if math.isinf(w):
            return g == w
        if w == 0:  # (var/std of equal values may round to a tiny positive number)
            return isinstance(g, float) and abs(g) <= tol
        return isinstance(g, float) and abs(g - w) <= tol * max(1.0, abs(w))
    return type(g) is type(w) and g == w


class TestReductions(CoreTestCase):
    def check(self, name, a, ref, axis, keepdims, **kw):
        lane_fn, dtypes, empty_raises = REDUCTIONS[name]
        src = str(a.dtype)
        dt = dtypes[("float64", "int64", "bool").index(src)]
        fn = getattr(lp, name)
        axes = norm_axes(axis, a.ndim)
        if dt is None:  # (an empty lane is reported first, as NumPy does)
            empty = any(a.shape[i] == 0 for i in axes)
            self.assertRaises(ValueError if empty else TypeError, fn, a, axis=axis,
                              keepdims=keepdims)
            return
        if empty_raises and any(a.shape[i] == 0 for i in axes):
            self.assertRaises(ValueError, fn, a, axis=axis, keepdims=keepdims)
            return
        if kw:
            ddof = kw["ddof"]
            base = (lambda l: ref_var([float(x) for x in l], ddof))
            lane_fn = base if name == "var" else (lambda l: math.sqrt(base(l)))
        got = fn(a, axis=axis, keepdims=keepdims, **kw)
        want, shape = ref_reduce(ref, axes, keepdims, lane_fn)
        conv = {"float64": float, "int64": int, "bool": bool}[dt]
        want = [conv(w) for w in want]
        ctx = f"{name}({src}{a.shape}, axis={axis}, keepdims={keepdims}, {kw})"
        if not shape:
            self.assertNotIsInstance(got, lp.NDArray, ctx)
            if dt == "float64":
                self.assertIsInstance(got, lp.float64, ctx)
            elif dt == "int64":
                self.assertIsInstance(got, lp.int64, ctx)
            else:
                self.assertIs(type(got), bool, ctx)
            got_list = [conv(got)]
        else:
            self.assertIsInstance(got, lp.NDArray, ctx)
            self.assertEqual(got.shape, shape, ctx)
            self.assertEqual(str(got.dtype), dt, ctx)
            got_list = got.ravel().tolist()
        for g, w in zip(got_list, want):
            self.assertTrue(close(g, w), f"{ctx}: {g!r} != {w!r}")
        if hasattr(a, name) and name not in ("median",):
            method = getattr(a, name)(axis=axis, keepdims=keepdims, **kw)
            self.assertSame(lp.asarray(method).tolist(), lp.asarray(got).tolist(), ctx)

    def test_random(self):
        rng = random.Random(400)
        for name in REDUCTIONS:
            for _ in range(40):
                shape = rand_shape(rng, max_ndim=3)
                dt = rng.choice(["float64", "float64", "int64", "bool"])
                if name == "prod" and dt == "int64":
                    dt = "bool"
                a, ref = random_layout(rng, shape, dt, specials=rng.random() < 0.3)
                self.check(name, a, ref, rand_axis(rng, a.ndim), rng.random() < 0.3)

    def test_ddof(self):
        rng = random.Random(401)
        for name in ("var", "std"):
            for _ in range(60):
                shape = rand_shape(rng, max_ndim=3)
                a, ref = random_layout(rng, shape, rng.choice(["float64", "int64"]))
                self.check(name, a, ref, rand_axis(rng, a.ndim), rng.random() < 0.3,
                           ddof=rng.randint(0, 3))

    def test_argmax_argmin(self):
        rng = random.Random(402)
        for _ in range(200):
            shape = rand_shape(rng, max_ndim=3)
            dt = rng.choice(["float64", "int64", "bool"])
            a, ref = random_layout(rng, shape, dt, specials=True)
            axis = None if a.ndim == 0 or rng.random() < 0.3 else rng.randrange(-a.ndim, a.ndim)
            keepdims = rng.random() < 0.3
            for name, better in (("argmax", lambda x, y: x > y), ("argmin", lambda x, y: x < y)):
                fn = getattr(lp, name)
                if (axis is None and a.size == 0) or (axis is not None and a.shape[axis] == 0):
                    self.assertRaises(ValueError, fn, a, axis=axis)
                    continue
                got = fn(a, axis=axis, keepdims=keepdims)
                if axis is None:
                    want = [ref_argbest(ref.flat, better)]
                    shape_w = (1,) * a.ndim if keepdims else ()
                else:
                    want, shape_w = ref_reduce(ref, (axis % a.ndim,), keepdims,
                                               lambda l: ref_argbest(l, better))
                if shape_w:
                    self.assertArray(got, nest(want, shape_w), "int64", shape_w)
                else:
                    self.assertIsInstance(got, lp.int64)
                    self.assertEqual(got, want[0])
                self.assertSame(lp.asarray(getattr(a, name)(axis=axis, keepdims=keepdims))
                                .tolist(), lp.asarray(got).tolist())

    def test_cumulative(self):
        rng = random.Random(403)
        for _ in range(200):
            shape = rand_shape(rng, max_ndim=3)
            dt = rng.choice(["float64", "int64", "bool"])
            a, ref = random_layout(rng, shape, dt)
            axis = None if a.ndim == 0 or rng.random() < 0.3 else rng.randrange(-a.ndim, a.ndim)
            out_dt = "float64" if dt == "float64" else "int64"
            conv = float if dt == "float64" else int
            for name, op in (("cumsum", lambda x, y: x + y), ("cumprod", lambda x, y: x * y)):
                got = getattr(lp, name)(a, axis=axis)
                if axis is None:
                    want = list(itertools.accumulate([conv(x) for x in ref.flat], op))
                    self.assertArray(got, want, out_dt, (a.size,))
                    continue
                ax = axis % a.ndim
                perm = [i for i in range(a.ndim) if i != ax] + [ax]
                moved = ref.transpose(perm)
                n = shape[ax]
                acc = []
                for i in range(0, len(moved.flat), n or 1):
                    acc.extend(itertools.accumulate([conv(x) for x in moved.flat[i:i + n]], op))
                inverse = [perm.index(i) for i in range(a.ndim)]
                want = Ref(acc, moved.shape).transpose(inverse)
                self.assertArray(got, want.tolist(), out_dt, shape)
                self.assertSame(getattr(a, name)(axis).tolist(), got.tolist())

    def test_empty_and_special_cases(self):
        self.assertEqual(lp.zeros((0,)).sum(), 0.0)
        self.assertEqual(lp.zeros((0,), dtype=int).prod(), 1)
        self.assertTrue(math.isnan(lp.zeros((0,)).mean()))
        self.assertEqual(lp.zeros((0, 3)).sum(axis=0).tolist(), [0.0, 0.0, 0.0])
        self.assertEqual(lp.zeros((0, 3)).max(axis=1).shape, (0,))
        self.assertRaises(ValueError, lp.zeros((0, 3)).max, axis=0)
        self.assertRaises(ValueError, lp.zeros((0,)).max)
        self.assertRaises(ValueError, lp.zeros((0,)).argmax)
        self.assertEqual(lp.zeros((0, 3)).argmax(axis=1).shape, (0,))
        self.assertIs(lp.zeros((0,), dtype=bool).all(), True)
        self.assertIs(lp.zeros((0,), dtype=bool).any(), False)
        self.assertTrue(math.isnan(lp.array([1.0, NAN, 3.0]).max()))
        self.assertTrue(math.isnan(lp.array([[1.0, NAN]]).min(axis=1)[0]))
        self.assertEqual(lp.array([1.0, NAN, 3.0]).argmax(), 1)
        self.assertEqual(lp.array([INF, -INF, 2]).argmin(), 1)
        self.assertEqual(lp.array(5).sum(axis=0), 5)
        self.assertEqual(lp.array(5.0).argmax(axis=-1), 0)
        self.assertEqual(lp.array(5.0).cumsum(axis=0).tolist(), [5.0])
        self.assertRaises(lp.AxisError, lp.array(5.0).mean, axis=0)
        self.assertEqual(lp.array(5.0).mean(), 5.0)

    def test_average(self):
        a = lp.array([[1.0, 2.0], [3.0, 4.0]])
        self.assertEqual(lp.average(a), 2.5)
        self.assertEqual(lp.average(a, axis=0, weights=[1, 3]).tolist(), [2.5, 3.5])
        self.assertEqual(lp.average(a, axis=1, weights=[1, 3]).tolist(), [1.75, 3.75])
        avg, scl = lp.average(a, axis=1, returned=True)
        self.assertEqual((avg.tolist(), scl.tolist()), ([1.5, 3.5], [2.0, 2.0]))
        avg, scl = lp.average(a, weights=[[1, 1], [1, 2]], returned=True)
        self.assertEqual((avg, scl), (2.8, 5.0))
        self.assertRaises(ZeroDivisionError, lp.average, lp.array([1, 2]), weights=[1, -1])
        self.assertRaises(ValueError, lp.average, a, weights=[1, 2, 3])

    def test_dtype_argument(self):
        a = lp.array([[1, 2], [3, 4]])
        self.assertArray(a.sum(axis=0, dtype=float), [4.0, 6.0], "float64")
        self.assertEqual(str(lp.cumsum(a, dtype=float).dtype), "float64")
        self.assertEqual(lp.prod(lp.array([1.5, 2.5]), dtype=int), 2)
        self.assertRaises(TypeError, lp.sum, a, out=lp.zeros(2))


if __name__ == "__main__":
    unittest.main()
