"""Every function in ``latpy.core.ufuncs.__all__`` against a reference written on
Python floats here, with NumPy 2's result dtypes and IEEE special values, on
random shapes and memory layouts."""

from __future__ import annotations

import math
import random
import unittest

import latpy as lp
from latpy.core import ufuncs
from tests.core.test_ndarray import CoreTestCase, broadcast_shape, nest, promote, rand_shape, \
    random_layout, ref_floordiv, ref_mod, ref_pow, ref_truediv

INF, NAN = math.inf, math.nan


def nan_on_error(fn, edge=None):
    def ref(x):
        try:
            return fn(x)
        except OverflowError:
            return math.copysign(INF, x) if fn in (math.sinh,) else INF
        except ValueError:
            if edge is not None and x == edge[0]:
                return edge[1]
            return NAN
    return ref


def ref_round_half_even(x):
    if math.isinf(x) or x != x:
        return x
    r = float(round(x))
    return r if r else math.copysign(0.0, x)


def keep_zero_sign(fn):
    def ref(x):
        if math.isinf(x) or x != x:
            return x
        r = float(fn(x))
        return r if r else math.copysign(0.0, x)
    return ref


def ref_cbrt(x):
    if math.isinf(x) or x != x or x == 0:
        return x
    return math.copysign(abs(x) ** (1 / 3), x)


# name -> (reference on a float, result dtype for float64 / int64 / bool input,
#          relative tolerance). "same" keeps the input dtype; None means TypeError.
FLOAT = ("float64", "float64", "float64")
UNARY = {
    "exp": (nan_on_error(math.exp), FLOAT, 1e-15),
    "log": (nan_on_error(math.log, (0.0, -INF)), FLOAT, 1e-15),
    "log2": (nan_on_error(math.log2, (0.0, -INF)), FLOAT, 1e-15),
    "log10": (nan_on_error(math.log10, (0.0, -INF)), FLOAT, 1e-15),
    "log1p": (nan_on_error(math.log1p, (-1.0, -INF)), FLOAT, 1e-15),
    "expm1": (nan_on_error(math.expm1), FLOAT, 1e-15),
    "sqrt": (nan_on_error(math.sqrt), FLOAT, 0.0),
    "sin": (nan_on_error(math.sin), FLOAT, 1e-15),
    "cos": (nan_on_error(math.cos), FLOAT, 1e-15),
    "tan": (nan_on_error(math.tan), FLOAT, 1e-15),
    "arcsin": (nan_on_error(math.asin), FLOAT, 1e-15),
    "arccos": (nan_on_error(math.acos), FLOAT, 1e-15),
    "arctan": (math.atan, FLOAT, 1e-15),
    "sinh": (nan_on_error(math.sinh), FLOAT, 1e-15),
    "cosh": (nan_on_error(math.cosh), FLOAT, 1e-15),
    "tanh": (math.tanh, FLOAT, 1e-15),
    "arcsinh": (math.asinh, FLOAT, 1e-15),
    "arccosh": (nan_on_error(math.acosh), FLOAT, 1e-15),
    "arctanh": (lambda x: INF if x == 1 else -INF if x == -1 else nan_on_error(math.atanh)(x),
                FLOAT, 1e-15),
    "abs": (abs, ("float64", "int64", "bool"), 0.0),
    "absolute": (abs, ("float64", "int64", "bool"), 0.0),
    "fabs": (math.fabs, FLOAT, 0.0),
    "sign": (lambda x: x if x != x else (x > 0) - (x < 0), ("float64", "int64", None), 0.0),
    "floor": (keep_zero_sign(math.floor), ("float64", "int64", "bool"), 0.0),
    "ceil": (keep_zero_sign(math.ceil), ("float64", "int64", "bool"), 0.0),
    "trunc": (keep_zero_sign(math.trunc), ("float64", "int64", "bool"), 0.0),
    "rint": (ref_round_half_even, FLOAT, 0.0),
    "round": (ref_round_half_even, ("float64", "int64", "float64"), 0.0),
    "around": (ref_round_half_even, ("float64", "int64", "float64"), 0.0),
    "square": (lambda x: x * x, ("float64", "int64", "int64"), 0.0),
    "reciprocal": (lambda x: ref_truediv(1.0, x), ("float64", "int64", "int64"), 0.0),
    "negative": (lambda x: -x, ("float64", "int64", None), 0.0),
    "positive": (lambda x: x, ("float64", "int64", None), 0.0),
    "isnan": (lambda x: x != x, ("bool",) * 3, 0.0),
    "isinf": (math.isinf, ("bool",) * 3, 0.0),
    "isfinite": (math.isfinite, ("bool",) * 3, 0.0),
    "signbit": (lambda x: math.copysign(1.0, x) < 0, ("bool",) * 3, 0.0),
    "logical_not": (lambda x: not x, ("bool",) * 3, 0.0),
    "invert": (lambda x: ~x, (None, "int64", "bool"), 0.0),
    "bitwise_not": (lambda x: ~x, (None, "int64", "bool"), 0.0),
    "nan_to_num": (lambda x: 0.0 if x != x else 1.7976931348623157e308 if x == INF else
                   -1.7976931348623157e308 if x == -INF else x, ("float64", "int64", "bool"),
                   0.0),
    "deg2rad": (math.radians, FLOAT, 1e-15), "radians": (math.radians, FLOAT, 1e-15),
    "rad2deg": (math.degrees, FLOAT, 1e-15), "degrees": (math.degrees, FLOAT, 1e-15),
    "exp2": (lambda x: ref_pow(2.0, x), FLOAT, 1e-15),
    "cbrt": (ref_cbrt, FLOAT, 1e-15),
}

SPECIAL_X = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -2.5, 2.5, 3.5, 1e300, -1e300, 710.0,
             -750.0, INF, -INF, NAN]


def close(got, want, tol):
    if isinstance(want, float) and isinstance(got, float):
        if want != want:
            return got != got
        if want == got:
            return math.copysign(1, want) == math.copysign(1, got) or tol > 0
        return tol > 0 and math.isfinite(want) and abs(got - want) <= tol * max(1, abs(want))
    return type(got) is type(want) and got == want


class TestUnary(CoreTestCase):
    def test_table_covers_all(self):
        binary = set(BINARY) | {"clip", "where"}
        self.assertEqual(set(ufuncs.__all__) - set(UNARY) - binary, set())

    def check_unary(self, name, a, flat, shape):
        ref, dtypes, tol = UNARY[name]
        src = str(a.dtype)
        dt = dtypes[("float64", "int64", "bool").index(src)]
        fn = getattr(lp, name)
        if dt is None:
            self.assertRaises(TypeError, fn, a)
            return
        got = fn(a)
        self.assertEqual(str(got.dtype), dt, f"{name}({src})")
        self.assertEqual(got.shape, shape)
        conv = {"float64": float, "int64": int, "bool": bool}[dt]
        if name in ("invert", "bitwise_not", "logical_not") or (
                src != "float64" and dt != "float64" and name not in ("isnan", "isinf",
                                                                       "isfinite", "signbit")):
            if name == "reciprocal":
                want = [int(1 / x) if x else 0 for x in flat]  # int division truncates
            elif src == "bool" and name in ("invert", "bitwise_not"):
                want = [not x for x in flat]
            else:
                want = [conv(ref(int(x))) if name not in ("logical_not",) else ref(x)
                        for x in flat]
        else:
            want = [conv(ref(float(x))) for x in flat]
        for g, w in zip(got.ravel().tolist(), want):
            self.assertTrue(close(g, w, tol), f"{name}({src}): {g!r} != {w!r}")

    def test_random_layouts(self):
        rng = random.Random(300)
        for name in UNARY:
            for _ in range(20):
                shape = rand_shape(rng)
                dt = rng.choice(["float64", "float64", "int64", "bool"])
                a, ref = random_layout(rng, shape, dt, specials=True)
                self.check_unary(name, a, ref.flat, shape)

    def test_special_values(self):
        a = lp.array(SPECIAL_X)
        for name in UNARY:
            self.check_unary(name, a, SPECIAL_X, (len(SPECIAL_X),))

    def test_scalars_and_lists(self):
        self.assertEqual(lp.exp(0), 1.0)
        self.assertIsInstance(lp.exp(0.0), lp.float64)
        self.assertEqual(lp.sqrt([4, 9]).tolist(), [2.0, 3.0])
        self.assertEqual(lp.abs(-3), 3)
        self.assertIsInstance(lp.abs(-3), lp.int64)
        self.assertEqual(lp.floor(lp.array([1, 2])).tolist(), [1, 2])
        self.assertEqual(str(lp.floor(lp.array([1, 2])).dtype), "int64")

    def test_round_decimals(self):
        self.assertEqual(lp.round(lp.array([1.234, 2.5, -2.5, 3.5]), 1).tolist(),
                         [1.2, 2.5, -2.5, 3.5])
        self.assertEqual(lp.round(lp.array([2.5, 3.5, -0.5])).tolist(), [2.0, 4.0, -0.0])
        self.assertSame(lp.round(lp.array([-0.4])).tolist(), [-0.0])
        self.assertSame(lp.round(lp.array([-3.0]), -1).tolist(), [-0.0])
        self.assertEqual(lp.round(lp.array([1234, 1250, 1350, -1250]), -2).tolist(),
                         [1200, 1200, 1400, -1200])
        self.assertEqual(lp.around(lp.array([1, 2]), 2).tolist(), [1, 2])
        self.assertSame(lp.round(lp.array([INF, NAN]), 2).tolist(), [INF, NAN])
        self.assertEqual(lp.array([1.26]).round(1).tolist(), [1.3])


def ref_maximum(x, y):
    return x if x != x else y if y != y else max(x, y)


def ref_minimum(x, y):
    return x if x != x else y if y != y else min(x, y)


def ref_fmax(x, y):
    return y if x != x else x if y != y else max(x, y)


def ref_fmin(x, y):
    return y if x != x else x if y != y else min(x, y)


def ref_fmod(x, y):
    if isinstance(x, int) and isinstance(y, int):
        return 0 if y == 0 else int(math.fmod(x, y))
    try:
        return math.fmod(x, y)
    except ValueError:
        return NAN


def ref_heaviside(x, h):
    return NAN if x != x else 0.0 if x < 0 else h if x == 0 else 1.0


# name -> (reference, dtype rule): "promote" (common dtype), "float" (float64),
# "bool", "bitwise" (no float), "int" (bool inputs computed as int64)
BINARY = {
    "add": (lambda x, y: x + y, "promote"), "subtract": (lambda x, y: x - y, "promote"),
    "multiply": (lambda x, y: x * y, "promote"), "divide": (ref_truediv, "float"),
    "true_divide": (ref_truediv, "float"), "floor_divide": (ref_floordiv, "int"),
    "mod": (ref_mod, "int"), "remainder": (ref_mod, "int"), "fmod": (ref_fmod, "int"),
    "power": (ref_pow, "int"), "float_power": (lambda x, y: ref_pow(float(x), float(y)),
                                               "float"),
    "maximum": (ref_maximum, "promote"), "minimum": (ref_minimum, "promote"),
    "fmax": (ref_fmax, "promote"), "fmin": (ref_fmin, "promote"),
    "less": (lambda x, y: x < y, "bool"), "less_equal": (lambda x, y: x <= y, "bool"),
    "greater": (lambda x, y: x > y, "bool"), "greater_equal": (lambda x, y: x >= y, "bool"),
    "equal": (lambda x, y: x == y, "bool"), "not_equal": (lambda x, y: x != y, "bool"),
    "bitwise_and": (lambda x, y: x & y, "bitwise"), "bitwise_or": (lambda x, y: x | y,
                                                                   "bitwise"),
    "bitwise_xor": (lambda x, y: x ^ y, "bitwise"),
    "logical_and": (lambda x, y: bool(x) and bool(y), "bool"),
    "logical_or": (lambda x, y: bool(x) or bool(y), "bool"),
    "logical_xor": (lambda x, y: bool(x) != bool(y), "bool"),
    "arctan2": (math.atan2, "float"), "hypot": (math.hypot, "float"),
    "copysign": (math.copysign, "float"), "heaviside": (ref_heaviside, "float"),
}


class TestBinary(CoreTestCase):
    def expected(self, name, da, db, x, y):
        ref, rule = BINARY[name]
        if rule == "bool":
            return "bool", bool(ref(x, y))
        if rule == "float":
            return "float64", float(ref(float(x), float(y)))
        dt = promote({da, db})
        if rule == "bitwise" and dt == "float64":
            return None, None
        if dt == "bool":
            if rule == "int":
                dt = "int64"
            elif name in ("add", "subtract", "multiply"):
                if name == "subtract":
                    return None, None
                return "bool", bool(x or y) if name == "add" else bool(x and y)
            else:
                return "bool", bool(ref(x, y))
        conv = float if dt == "float64" else int
        return dt, conv(ref(conv(x), conv(y)))

    def test_random_broadcasting(self):
        rng = random.Random(310)
        for name in BINARY:
            fn = getattr(lp, name)
            for _ in range(30):
                out = rand_shape(rng, max_ndim=3)
                sa = out[rng.randint(0, len(out)):]
                sb = tuple(1 if rng.random() < 0.3 else d for d in out[rng.randint(0, len(out)):])
                da, db = rng.choice(["float64", "int64", "bool"]), rng.choice(
                    ["float64", "int64", "bool"])
                a, ra = random_layout(rng, sa, da, specials=True)
                b, rb = random_layout(rng, sb, db, specials=True)
                if name in ("power",) and db == "int64":
                    continue  # negative int exponents: see test_int_power
                shape = broadcast_shape(sa, sb)
                dt, _ = self.expected(name, da, db, True, True)
                if dt is None:
                    self.assertRaises(TypeError, fn, a, b)
                    continue
                got = fn(a, b)
                self.assertEqual(got.shape, shape)
                xs, ys = ra.broadcast(shape).flat, rb.broadcast(shape).flat
                want = [self.expected(name, da, db, x, y)[1] for x, y in zip(xs, ys)]
                self.assertEqual(str(got.dtype), dt, f"{name}({da}, {db})")
                tol = 1e-15 if rule_float(name) else 0.0
                for g, w in zip(got.ravel().tolist(), want):
                    ok = close(g, w, tol) or (name in ("maximum", "minimum", "fmax", "fmin")
                                              and g == w == 0)
                    self.assertTrue(ok, f"{name}({da}, {db}): {g!r} != {w!r}")

    def test_scalars(self):
        self.assertEqual(lp.add(1, 2), 3)
        self.assertIsInstance(lp.add(1.0, 2), lp.float64)
        self.assertEqual(lp.maximum(lp.array([1, 2]), 2.5).tolist(), [2.5, 2.5])
        self.assertEqual(str(lp.maximum(lp.array([True, False]), True).dtype), "bool")
        self.assertEqual(str(lp.maximum(lp.array([True, False]), 2).dtype), "int64")
        self.assertEqual(lp.subtract([3.0], [1.0]).tolist(), [2.0])
        self.assertEqual(lp.less(1, 2), True)

    def test_int_power(self):
        self.assertEqual(lp.power(lp.array([2, 3]), 3).tolist(), [8, 27])
        self.assertEqual(lp.power(lp.array([2, 3]), lp.array([0, 2])).tolist(), [1, 9])
        self.assertRaises(ValueError, lp.power, lp.array([2]), -1)
        self.assertRaises(ValueError, lp.power, lp.array([2]), lp.array([-1]))
        self.assertEqual(lp.power(lp.array([2]), -1.0).tolist(), [0.5])
        self.assertEqual(lp.float_power(lp.array([2]), lp.array([-1])).tolist(), [0.5])

    def test_nan_propagation(self):
        a = lp.array([1.0, NAN, NAN, 2.0])
        b = lp.array([NAN, 1.0, NAN, 3.0])
        self.assertSame(lp.maximum(a, b).tolist(), [NAN, NAN, NAN, 3.0])
        self.assertSame(lp.minimum(a, b).tolist(), [NAN, NAN, NAN, 2.0])
        self.assertSame(lp.fmax(a, b).tolist(), [1.0, 1.0, NAN, 3.0])
        self.assertSame(lp.fmin(a, b).tolist(), [1.0, 1.0, NAN, 2.0])


def rule_float(name):
    return BINARY[name][1] == "float" or name in ("power",)


class TestClipWhere(CoreTestCase):
    def test_clip(self):
        rng = random.Random(320)
        for _ in range(150):
            shape = rand_shape(rng)
            dt = rng.choice(["float64", "int64"])
            a, ra = random_layout(rng, shape, dt, specials=True)
            lo = rng.choice([None, -1, 0.5, -2.5, NAN])
            hi = rng.choice([None, 2, 1.5, 3])
            if lo is None and hi is None:
                self.assertRaises(ValueError, lp.clip, a, lo, hi)
                continue
            got = lp.clip(a, lo, hi)
            out_dt = promote({dt} | {"float64" for v in (lo, hi) if isinstance(v, float)})
            self.assertEqual(str(got.dtype), out_dt)
            want = []
            for x in ra.flat:
                if lo is not None:
                    x = ref_maximum(x, lo)
                if hi is not None:
                    x = ref_minimum(x, hi)
                want.append(float(x) if out_dt == "float64" else x)
            for g, w in zip(got.ravel().tolist(), want):
                self.assertTrue(close(g, w, 0) or g == w == 0, f"clip {g!r} {w!r}")
            self.assertSame(a.clip(lo, hi).tolist(), got.tolist())
        a = lp.arange(5)
        got = lp.clip(a, lp.array([1, 1, 1, 1, 1]), lp.array([3]))
        self.assertEqual(got.tolist(), [1, 1, 2, 3, 3])
        self.assertIsNot(lp.clip(a, 0, 10), a)

    def test_where(self):
        rng = random.Random(321)
        for _ in range(150):
            out = rand_shape(rng, max_ndim=3)
            shapes = [tuple(1 if rng.random() < 0.3 else d for d in
                            out[rng.randint(0, len(out)):]) for _ in range(3)]
            c, rc = random_layout(rng, shapes[0], rng.choice(["bool", "int64", "float64"]))
            dx, dy = rng.choice(["float64", "int64", "bool"]), rng.choice(
                ["float64", "int64", "bool"])
            x, rx = random_layout(rng, shapes[1], dx, specials=True)
            y, ry = random_layout(rng, shapes[2], dy, specials=True)
            shape = broadcast_shape(*shapes)
            got = lp.where(c, x, y)
            dt = promote({dx, dy})
            self.assertEqual(got.shape, shape)
            self.assertEqual(str(got.dtype), dt)
            conv = {"float64": float, "int64": int, "bool": bool}[dt]
            want = [conv(p) if t else conv(q) for t, p, q in zip(
                rc.broadcast(shape).flat, rx.broadcast(shape).flat, ry.broadcast(shape).flat)]
            self.assertSame(got.tolist(), nest(want, shape))
        self.assertEqual(lp.where(lp.array([True, False]), 1, 2.0).tolist(), [1.0, 2.0])
        self.assertRaises(ValueError, lp.where, lp.array([True]), 1)
        self.assertRaises(ValueError, lp.where, lp.ones(2), lp.ones(3), 0)


if __name__ == "__main__":
    unittest.main()
