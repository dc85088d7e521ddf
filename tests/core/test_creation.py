"""Array creation: array/asarray inference and validation, zeros/ones/full/empty,
the *_like functions, arange, linspace, eye and identity."""

from __future__ import annotations

import math
import random
import unittest

import latpy as lp
from tests.core.test_ndarray import CoreTestCase, nest, prod, rand_shape, rand_values, \
    random_layout

INF, NAN = math.inf, math.nan


class TestArray(CoreTestCase):
    def test_dtype_inference(self):
        cases = [([1, 2], "int64"), ([1.0, 2], "float64"), ([True, False], "bool"),
                 ([True, 2], "int64"), ([True, 2.5], "float64"), ([], "float64"),
                 ([[]], "float64"), (3, "int64"), (3.5, "float64"), (True, "bool"),
                 (((1, 2), (3, 4)), "int64"), ([NAN, INF], "float64"),
                 (range(3), "int64")]
        for obj, dt in cases:
            a = lp.array(obj)
            self.assertEqual(str(a.dtype), dt, repr(obj))
            elem = {"float64": float, "int64": int, "bool": bool}[dt]
            for x in a.ravel().tolist():
                self.assertIs(type(x), elem, repr(obj))

    def test_nested_random(self):
        rng = random.Random(200)
        for _ in range(200):
            shape = rand_shape(rng)
            dt = rng.choice(["float64", "int64", "bool"])
            flat = rand_values(rng, prod(shape), dt, specials=True)
            nested = nest(flat, shape)
            a = lp.array(nested)
            if prod(shape) == 0:
                self.assertEqual(str(a.dtype), "float64")
            else:
                self.assertEqual(str(a.dtype), dt)
            self.assertEqual(a.shape, shape if prod(shape) else a.shape)
            self.assertSame(a.tolist(), nested)
            # tuples, explicit dtypes, and arrays inside lists
            self.assertSame(lp.array(nested, dtype=dt).tolist(), nested)
            if shape:
                rows = [lp.array(r) for r in nested]
                if rows and prod(shape):
                    self.assertSame(lp.array(rows).tolist(), nested)

    def test_explicit_dtype_casts(self):
        self.assertSame(lp.array([1.7, -1.7, 0.5], dtype=int).tolist(), [1, -1, 0])
        self.assertSame(lp.array([0, 2, 0.5], dtype=bool).tolist(), [False, True, True])
        self.assertSame(lp.array([True, 2], dtype=float).tolist(), [1.0, 2.0])
        self.assertSame(lp.array([[1, 2]], dtype="float64").tolist(), [[1.0, 2.0]])
        self.assertSame(lp.array([1, 2], dtype=lp.float64).tolist(), [1.0, 2.0])
        self.assertEqual(str(lp.array([1], dtype=lp.bool).dtype), "bool")
        self.assertRaises(ValueError, lp.array, [NAN], dtype=int)
        self.assertRaises(TypeError, lp.array, [1], dtype="complex128")

    def test_from_arrays(self):
        rng = random.Random(201)
        for _ in range(60):
            shape = rand_shape(rng)
            a, ref = random_layout(rng, shape, "float64")
            b = lp.array(a)
            self.assertIsNot(b, a)
            self.assertSame(b.tolist(), ref.tolist())
            if b.size:
                b[(0,) * b.ndim] = 123.0
                self.assertSame(a.tolist(), ref.tolist())
            self.assertIs(lp.asarray(a), a)
            self.assertEqual(str(lp.asarray(a, dtype=int).dtype), "int64")
            self.assertIs(lp.asarray(a, dtype=float), a)
        self.assertSame(lp.array([lp.array([1, 2]), [3, 4.5]]).tolist(), [[1.0, 2.0],
                                                                          [3.0, 4.5]])
        self.assertSame(lp.array([lp.array(1), lp.array(2)]).tolist(), [1, 2])
        self.assertSame(lp.array(5, ndmin=2).tolist(), [[5]])
        self.assertEqual(lp.array([1, 2], ndmin=3).shape, (1, 1, 2))

    def test_bad_input(self):
        for bad in ([[1, 2], [3]], [1, [2, 3]], [[1], 2], [[[1], [2]], [[3], 4]]):
            self.assertRaises(ValueError, lp.array, bad)
        for bad in (["a"], "a", [1, "b"], None, [None], {1: 2}, object(), [1 + 2j], b"x"):
            self.assertRaises(TypeError, lp.array, bad)


class TestFilled(CoreTestCase):
    def test_zeros_ones_empty_full(self):
        rng = random.Random(210)
        for _ in range(60):
            shape = rand_shape(rng)
            n = prod(shape)
            for dt, zero, one in (("float64", 0.0, 1.0), ("int64", 0, 1), ("bool", False, True)):
                self.assertArray(lp.zeros(shape, dtype=dt), nest([zero] * n, shape), dt, shape)
                self.assertArray(lp.ones(shape, dtype=dt), nest([one] * n, shape), dt, shape)
                self.assertArray(lp.empty(shape, dtype=dt), nest([zero] * n, shape), dt, shape)
                ref = lp.ones(shape, dtype=dt)
                self.assertArray(lp.zeros_like(ref), nest([zero] * n, shape), dt, shape)
                self.assertArray(lp.ones_like(ref), nest([one] * n, shape), dt, shape)
                self.assertEqual(lp.empty_like(ref).shape, shape)
            self.assertArray(lp.full(shape, 7), nest([7] * n, shape), "int64", shape)
            self.assertArray(lp.full(shape, 2.5), nest([2.5] * n, shape), "float64", shape)
            self.assertArray(lp.full(shape, True), nest([True] * n, shape), "bool", shape)
            self.assertArray(lp.full(shape, 3.9, dtype=int), nest([3] * n, shape), "int64")
        self.assertEqual(lp.zeros(3).tolist(), [0.0] * 3)
        self.assertEqual(lp.zeros([2, 1]).shape, (2, 1))
        self.assertEqual(lp.zeros(()).shape, ())

    def test_full_broadcasts_array_values(self):
        self.assertArray(lp.full((2, 3), [1, 2, 3]), [[1, 2, 3]] * 2, "int64")
        self.assertArray(lp.full((2, 3), lp.array([[1.0], [2.0]])), [[1.0] * 3, [2.0] * 3],
                         "float64")
        self.assertArray(lp.full((2,), lp.array(4.0)), [4.0, 4.0], "float64")
        self.assertRaises(ValueError, lp.full, (2, 3), [1, 2])

    def test_like_functions(self):
        a = lp.array([[1, 2, 3]])
        self.assertArray(lp.zeros_like(a, dtype=float), [[0.0] * 3], "float64")
        self.assertArray(lp.full_like(a, 2.7), [[2, 2, 2]], "int64")
        self.assertArray(lp.full_like(lp.zeros(2), 3), [3.0, 3.0], "float64")
        self.assertArray(lp.full_like(lp.zeros(2), NAN), [NAN, NAN], "float64")
        self.assertArray(lp.ones_like([1.0, 2.0]), [1.0, 1.0], "float64")
        self.assertArray(lp.zeros_like(a, shape=(2,)), [0, 0], "int64")

    def test_negative_dimensions(self):
        for fn in (lp.zeros, lp.ones, lp.empty):
            self.assertRaises(ValueError, fn, -1)
            self.assertRaises(ValueError, fn, (2, -1))
        self.assertRaises(ValueError, lp.full, (-2,), 1.0)
        self.assertRaises(ValueError, lp.eye, -1)
        self.assertRaises(TypeError, lp.zeros, 2.0)
        self.assertRaises(TypeError, lp.zeros, (2, 3.0))


class TestRanges(CoreTestCase):
    def test_arange_ints_match_range(self):
        rng = random.Random(220)
        for _ in range(200):
            start, stop = rng.randint(-10, 10), rng.randint(-10, 10)
            step = rng.choice([1, 2, 3, -1, -2, -4])
            self.assertArray(lp.arange(start, stop, step), list(range(start, stop, step)),
                             "int64")
        self.assertArray(lp.arange(5), [0, 1, 2, 3, 4], "int64")
        self.assertArray(lp.arange(-3), [], "int64")
        self.assertArray(lp.arange(2, 5, dtype=float), [2.0, 3.0, 4.0], "float64")

    def test_arange_floats(self):
        rng = random.Random(221)
        for _ in range(200):
            start = rng.choice([0, 0.5, -1.25, 2])
            stop = rng.uniform(-5, 5)
            step = rng.choice([0.5, 0.25, -0.5, 0.1, 1.0])
            got = lp.arange(start, stop, step)
            n = max(0, math.ceil((stop - start) / step))
            self.assertArray(got, [start + i * step for i in range(n)], "float64")
        self.assertArray(lp.arange(0, 1, 0.25), [0.0, 0.25, 0.5, 0.75], "float64")
        self.assertArray(lp.arange(1.5), [0.0, 1.0], "float64")
        self.assertRaises(ZeroDivisionError, lp.arange, 0, 5, 0)
        self.assertRaises(ValueError, lp.arange, INF)
        self.assertRaises(TypeError, lp.arange, "5")

    def test_linspace(self):
        rng = random.Random(222)
        for _ in range(200):
            a, b = rng.uniform(-5, 5), rng.uniform(-5, 5)
            num = rng.randint(0, 9)
            endpoint = rng.random() < 0.7
            got = lp.linspace(a, b, num, endpoint=endpoint)
            self.assertEqual(got.shape, (num,))
            self.assertEqual(str(got.dtype), "float64")
            vals = got.tolist()
            if num:
                self.assertEqual(vals[0], a)
            if num > 1 and endpoint:
                self.assertEqual(vals[-1], b)
            div = (num - 1) if endpoint else num
            for i, v in enumerate(vals):
                if div > 0:
                    self.assertAlmostEqual(v, a + i * (b - a) / div, delta=1e-12)
        self.assertEqual(lp.linspace(0, 1, 5).tolist(), [0.0, 0.25, 0.5, 0.75, 1.0])
        self.assertEqual(lp.linspace(0, 1, 1).tolist(), [0.0])
        self.assertEqual(lp.linspace(0, 10, 5, dtype=int).tolist(), [0, 2, 5, 7, 10])
        arr, step = lp.linspace(0, 1, 5, retstep=True)
        self.assertEqual(step, 0.25)
        self.assertRaises(ValueError, lp.linspace, 0, 1, -1)

    def test_eye_identity(self):
        for n in range(0, 4):
            for m in range(0, 4):
                for k in range(-3, 4):
                    want = [[1.0 if j - i == k else 0.0 for j in range(m)] for i in range(n)]
                    self.assertArray(lp.eye(n, m, k=k), want, "float64", (n, m))
        self.assertArray(lp.eye(2, dtype=int), [[1, 0], [0, 1]], "int64")
        self.assertArray(lp.identity(2, dtype=bool), [[True, False], [False, True]], "bool")
        self.assertArray(lp.identity(0), [], "float64", (0, 0))


if __name__ == "__main__":
    unittest.main()
