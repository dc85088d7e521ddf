"""Errors follow API.md: NumPy's exception classes, messages that name what was
wrong (both shapes, the axis and ndim, the offending index), and never a
Python ZeroDivisionError/OverflowError/'math domain error' from arithmetic."""

from __future__ import annotations

import math
import operator
import random
import unittest

import latpy as lp
from tests.core.test_ndarray import rand_shape, random_layout


class TestErrorClasses(unittest.TestCase):
    def test_axis_error_is_index_and_value_error(self):
        self.assertTrue(issubclass(lp.AxisError, IndexError))
        self.assertTrue(issubclass(lp.AxisError, ValueError))

    def test_creation(self):
        self.assertRaises(ValueError, lp.array, [[1, 2], [3]])
        self.assertRaises(TypeError, lp.array, ["a"])
        self.assertRaises(TypeError, lp.array, [1.0, None])
        self.assertRaises(ValueError, lp.zeros, (2, -3))
        self.assertRaises(TypeError, lp.array, [1], dtype="no-such-dtype")

    def test_broadcast_messages_name_both_shapes(self):
        for op in (operator.add, operator.mul, operator.lt, operator.truediv, lp.maximum,
                   lp.arctan2):
            with self.assertRaises(ValueError) as cm:
                op(lp.ones((2, 3)), lp.ones((4,)))
            self.assertIn("(2, 3)", str(cm.exception))
            self.assertIn("(4,)", str(cm.exception))
        with self.assertRaises(ValueError) as cm:
            lp.where(lp.ones((2, 3)) > 0, lp.ones((5,)), 0.0)
        self.assertIn("(5,)", str(cm.exception))

    def test_axis_messages(self):
        rng = random.Random(700)
        for name in ("sum", "mean", "prod", "max", "min", "argmax", "argmin", "var", "std",
                     "any", "all", "cumsum", "cumprod"):
            for _ in range(5):
                shape = rand_shape(rng, allow_zero=False)
                a, _ = random_layout(rng, shape, "float64")
                bad = rng.choice([len(shape), -len(shape) - 1, len(shape) + 2])
                if not shape and name in ("sum", "prod", "max", "min", "any", "all",
                                          "argmax", "argmin", "cumsum", "cumprod"):
                    bad = 1  # NumPy lets 0-d arrays take axis 0 / -1 there
                with self.assertRaises(lp.AxisError) as cm:
                    getattr(a, name)(axis=bad)
                msg = str(cm.exception)
                self.assertIn(str(bad), msg, name)
                self.assertIn(f"dimension {len(shape)}", msg, name)
        self.assertRaises(lp.AxisError, lp.ones(3).transpose, 1)
        self.assertRaises(lp.AxisError, lp.ones((1, 2)).squeeze, 2)
        self.assertRaises(ValueError, lp.ones((2, 3)).sum, axis=(0, 0))

    def test_index_errors_name_index_and_axis(self):
        a = lp.arange(12).reshape(3, 4)
        for key, index, axis in ((5, 5, 0), (-4, -4, 0), ((0, 4), 4, 1), ((1, -5), -5, 1),
                                 ([0, 3], 3, 0), ((slice(None), [1, 7]), 7, 1),
                                 ((lp.array([[0], [9]]), 0), 9, 0)):
            with self.assertRaises(IndexError) as cm:
                a[key]
            msg = str(cm.exception)
            self.assertIn(str(index), msg, key)
            self.assertIn(f"axis {axis}", msg, key)
            with self.assertRaises(IndexError):
                a[key] = 0
        for bad in (1.5, [1.5], lp.array([0.0]), "x", (0, 0, 0), (Ellipsis, Ellipsis),
                    ([0, 1], [0, 1, 2]), lp.array([True, False])):
            with self.assertRaises(IndexError):
                a[bad]
        with self.assertRaises(IndexError) as cm:
            lp.ones(3)[5]
        self.assertIn("5", str(cm.exception))

    def test_type_errors(self):
        f, i, b = lp.ones(2), lp.ones(2, dtype=int), lp.ones(2, dtype=bool)
        self.assertRaises(TypeError, operator.and_, f, f)
        self.assertRaises(TypeError, operator.invert, f)
        self.assertRaises(TypeError, operator.neg, b)
        self.assertRaises(TypeError, operator.sub, b, b)
        self.assertRaises(TypeError, operator.sub, lp.zeros((0,), dtype=bool), True)
        self.assertRaises(TypeError, operator.iadd, i, f)
        self.assertRaises(TypeError, operator.iadd, b, i)
        self.assertRaises(TypeError, lp.sign, b)
        self.assertRaises(TypeError, operator.add, f, "a")
        self.assertRaises(TypeError, len, lp.array(1.0))
        self.assertRaises(TypeError, hash, f)
        self.assertRaises(ValueError, operator.pow, i, -1)

    def test_reshape_errors_name_shapes(self):
        with self.assertRaises(ValueError) as cm:
            lp.arange(6).reshape(4, 2)
        self.assertIn("6", str(cm.exception))
        self.assertIn("(4, 2)", str(cm.exception))
        with self.assertRaises(ValueError):
            lp.arange(6).reshape(-1, -1)
        with self.assertRaises(ValueError) as cm:
            lp.zeros((2, 3)).transpose(1, 0, 2)
        self.assertIn("(2, 3)", str(cm.exception))


class TestNoPythonArithmeticErrors(unittest.TestCase):
    """Every operator and ufunc on values that make Python's float maths raise."""

    VALUES = [0.0, -0.0, 1.0, -1.0, 2.0, -8.0, 0.5, 1e308, -1e308, 1e-308, 710.0, -1000.0,
              math.inf, -math.inf, math.nan]

    def test_operators(self):
        xs = [x for x in self.VALUES for _ in self.VALUES]
        ys = [y for _ in self.VALUES for y in self.VALUES]
        a, b = lp.array(xs), lp.array(ys)
        ints = lp.array([int(x) if math.isfinite(x) and abs(x) < 1e6 else 3 for x in xs])
        int_ys = lp.array([int(y) if math.isfinite(y) and abs(y) < 1e6 else 0 for y in ys])
        for op in (operator.add, operator.sub, operator.mul, operator.truediv,
                   operator.floordiv, operator.mod, operator.pow):
            op(a, b)
            op(b, a)
            op(ints, b)
            op(a, 0)
            op(0.0, a)
            if op is not operator.pow:
                op(ints, int_ys)
                op(ints, 0)
                op(5, int_ys)
        for x, y in zip(xs, ys):  # scalars from arrays keep IEEE behaviour too
            sx, sy = lp.array([x])[0], lp.array([y])[0]
            for op in (operator.add, operator.truediv, operator.floordiv, operator.mod,
                       operator.pow):
                op(sx, sy)
                op(sx, y)
                op(x, sy)

    def test_ufuncs(self):
        a = lp.array(self.VALUES)
        for name in ("exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "sin", "cos",
                     "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh",
                     "arccosh", "arctanh", "floor", "ceil", "trunc", "rint", "round", "square",
                     "reciprocal", "exp2", "cbrt", "sign", "fabs", "nan_to_num"):
            getattr(lp, name)(a)
        for name in ("arctan2", "hypot", "copysign", "fmod", "float_power", "heaviside",
                     "maximum", "minimum", "fmax", "fmin", "power"):
            getattr(lp, name)(a, a[::-1])
        for name in ("sum", "prod", "mean", "var", "std", "max", "min", "cumsum", "cumprod",
                     "median", "nanmean", "nansum", "ptp"):
            getattr(lp, name)(a)


if __name__ == "__main__":
    unittest.main()
