"""NDArray: attributes, conversions, views and the operators.

Property-style: random shapes (0-d, size-1 and size-0 dimensions) and random
memory layouts (transposed, sliced with steps and negative steps, broadcast,
offset views), checked against reference implementations on plain Python
lists written here. The helpers at the top are shared by the other core tests.
"""

from __future__ import annotations

import itertools
import math
import operator
import random
import unittest

import latpy as lp
from latpy.core.ndarray import _broadcast_to

INF, NAN = math.inf, math.nan
DTYPES = ("float64", "int64", "bool")


# --------------------------------------------------------------------- helpers
def prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def rand_shape(rng, max_ndim=4, allow_zero=True):
    ndim = rng.choice([0, 1, 1, 2, 2, 3, max_ndim])
    out = []
    for _ in range(ndim):
        r = rng.random()
        out.append(0 if allow_zero and r < 0.07 else 1 if r < 0.25 else rng.randint(2, 4))
    return tuple(out)


def rand_values(rng, n, dtype, specials=False):
    if dtype == "bool":
        return [rng.random() < 0.5 for _ in range(n)]
    if dtype == "int64":
        return [rng.randint(-9, 9) for _ in range(n)]
    out = []
    for _ in range(n):
        r = rng.random()
        if specials and r < 0.1:
            out.append(rng.choice([INF, -INF, NAN, -0.0, 0.0]))
        elif r < 0.4:
            out.append(float(rng.randint(-5, 5)))
        else:
            out.append(rng.uniform(-10, 10))
    return out


def nest(flat, shape):
    """C-order `flat` as nested lists (the reference for ``tolist``)."""
    if not shape:
        return flat[0]
    if 0 in shape:
        def empty(s):
            return [] if s[0] == 0 else [empty(s[1:]) for _ in range(s[0])]
        return empty(shape)
    out = list(flat)
    for d in reversed(shape[1:]):
        out = [out[i:i + d] for i in range(0, len(out), d)]
    return out


def indices(shape):
    return itertools.product(*[range(d) for d in shape])


def at(flat, shape, idx):
    pos = 0
    for i, d in zip(idx, shape):
        pos = pos * d + i
    return flat[pos]


class Ref:
    """A reference array: C-order values (a plain list) and a shape."""

    def __init__(self, flat, shape):
        self.flat, self.shape = list(flat), tuple(shape)

    def tolist(self):
        return nest(self.flat, self.shape)

    def transpose(self, perm):
        shape = tuple(self.shape[p] for p in perm)
        out = []
        for idx in indices(shape):
            old = [0] * len(perm)
            for i, p in enumerate(perm):
                old[p] = idx[i]
            out.append(at(self.flat, self.shape, old))
        return Ref(out, shape)

    def basic(self, key):
        """ints and slices only, one per leading dimension."""
        axes, shape = [], []
        for i, d in enumerate(self.shape):
            k = key[i] if i < len(key) else slice(None)
            if isinstance(k, slice):
                r = list(range(*k.indices(d)))
                axes.append(r)
                shape.append(len(r))
            else:
                axes.append([k + d if k < 0 else k])
        out = [at(self.flat, self.shape, idx) for idx in itertools.product(*axes)]
        return Ref(out, shape)

    def broadcast(self, shape):
        lead = len(shape) - len(self.shape)
        out = []
        for idx in indices(shape):
            src = [0 if d == 1 else i for i, d in zip(idx[lead:], self.shape)]
            out.append(at(self.flat, self.shape, src))
        return Ref(out, shape)


def broadcast_shape(*shapes):
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for k in range(ndim):
        dims = {s[len(s) - ndim + k] for s in shapes if len(s) - ndim + k >= 0} - {1}
        if len(dims) > 1:
            return None
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def random_layout(rng, shape, dtype="float64", kind=None, specials=False):
    """``(NDArray, Ref)``: an array of `shape` in a random memory layout, and its
    reference values. Layouts: contiguous, transposed, sliced with (negative)
    steps, broadcast (stride 0), an offset view, or sliced then transposed."""
    kind = kind or rng.choice(["c", "t", "s", "b", "o", "st"])
    ndim = len(shape)
    if kind == "t" and ndim >= 2:
        perm = list(range(ndim))
        rng.shuffle(perm)
        base = [0] * ndim
        for i, p in enumerate(perm):
            base[p] = shape[i]
        arr, ref = random_layout(rng, tuple(base), dtype, "c", specials)
        return arr.transpose(perm), ref.transpose(perm)
    if kind == "s" and ndim >= 1:
        base, key = [], []
        for d in shape:
            step = rng.choice([1, 2, -1, -2, 3])
            length = d * abs(step) + rng.randint(0, 2)
            if d == 0:
                key.append(slice(0, 0, step))
            elif step > 0:
                start = rng.randint(0, length - (d - 1) * step - 1)
                key.append(slice(start, start + (d - 1) * step + 1, step))
            else:
                start = length - 1 - rng.randint(0, length - (d - 1) * -step - 1)
                stop = start + (d - 1) * step - 1
                key.append(slice(start, None if stop < 0 else stop, step))
            base.append(max(length, 1))
        arr, ref = random_layout(rng, tuple(base), dtype, "c", specials)
        return arr[tuple(key)], ref.basic(key)
    if kind == "b" and ndim >= 1:
        lead = rng.randint(0, ndim)
        small = tuple(1 if rng.random() < 0.5 else d for d in shape[lead:])
        arr, ref = random_layout(rng, small, dtype, "c", specials)
        return _broadcast_to(arr, shape), ref.broadcast(shape)
    if kind == "o":
        arr, ref = random_layout(rng, (2,) + shape, dtype, "c", specials)
        k = rng.randint(0, 1)
        return arr[k, ...], ref.basic([k])
    if kind == "st" and ndim >= 2:
        perm = list(range(ndim))[::-1]
        arr, ref = random_layout(rng, shape[::-1], dtype, "s", specials)
        return arr.transpose(perm), ref.transpose(perm)
    flat = rand_values(rng, prod(shape), dtype, specials)
    return lp.array(nest(flat, shape), dtype=dtype).reshape(shape), Ref(flat, shape)


def same(x, y):
    """Equal values, nan equal to nan, the sign of zero and the type respected."""
    if isinstance(x, list) or isinstance(y, list):
        return isinstance(x, list) and isinstance(y, list) and len(x) == len(y) and all(
            same(a, b) for a, b in zip(x, y))
    if type(x) is not type(y):
        return False
    if isinstance(x, float):
        if x != x:
            return y != y
        return x == y and math.copysign(1, x) == math.copysign(1, y)
    return x == y


class CoreTestCase(unittest.TestCase):
    def assertSame(self, got, want, msg=""):
        if not same(got, want):
            self.fail(f"{msg}\n got: {got!r}\nwant: {want!r}")

    def assertArray(self, arr, want_list, dtype, shape=None, msg=""):
        self.assertIsInstance(arr, lp.NDArray, msg)
        self.assertEqual(str(arr.dtype), dtype, msg)
        if shape is not None:
            self.assertEqual(arr.shape, tuple(shape), msg)
        self.assertSame(arr.tolist(), want_list, msg)


# ----------------------------------------------------------- reference maths
def ref_truediv(x, y):
    x, y = float(x), float(y)
    if y == 0:
        if x != x or x == 0:
            return NAN
        return math.copysign(INF, x) * math.copysign(1.0, y)
    return x / y


def ref_floordiv(x, y):
    if isinstance(x, int) and isinstance(y, int):
        return 0 if y == 0 else x // y
    x, y = float(x), float(y)
    if y == 0:
        return ref_truediv(x, y)
    if math.isinf(x) or x != x or y != y:
        return NAN
    if math.isinf(y):  # NumPy: the floor of a tiny quotient; zeros keep the sign rule
        if x == 0:
            return math.copysign(0.0, math.copysign(1.0, x) * math.copysign(1.0, y))
        return 0.0 if (x > 0) == (y > 0) else -1.0
    return x // y


def ref_mod(x, y):
    if isinstance(x, int) and isinstance(y, int):
        return 0 if y == 0 else x % y
    x, y = float(x), float(y)
    if y == 0 or math.isinf(x) or x != x or y != y:
        return NAN
    return x % y


def ref_pow(x, y):
    if isinstance(x, int) and isinstance(y, int):
        return x ** y
    x, y = float(x), float(y)
    try:
        return math.pow(x, y)
    except OverflowError:
        if x < 0 and float(y).is_integer() and int(y) % 2:
            return -INF
        return INF
    except ValueError:
        if x == 0:
            odd = float(y).is_integer() and int(y) % 2
            return math.copysign(INF, x) if odd else INF
        return NAN


def promote(dts):
    for dt in ("float64", "int64", "bool"):
        if dt in dts:
            return dt


PY = {"float64": float, "int64": int, "bool": bool}

ARITH = {
    "+": (operator.add, operator.add), "-": (operator.sub, operator.sub),
    "*": (operator.mul, operator.mul), "/": (operator.truediv, ref_truediv),
    "//": (operator.floordiv, ref_floordiv), "%": (operator.mod, ref_mod),
    "**": (operator.pow, ref_pow),
}
COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
           "==": operator.eq, "!=": operator.ne}
BITWISE = {"&": operator.and_, "|": operator.or_, "^": operator.xor}


def ref_binary(name, x, y, dt_result):
    """The reference value of ``x <name> y`` computed in the result dtype."""
    if name in COMPARE:
        return COMPARE[name](x, y)
    if name in BITWISE:
        return PY[dt_result](BITWISE[name](x, y))
    if name == "/":
        return ref_truediv(x, y)
    conv = PY[dt_result] if dt_result != "bool" else int
    x, y = conv(x), conv(y)
    if dt_result == "bool":  # + is logical or, * logical and
        return bool(x or y) if name == "+" else bool(x and y)
    return conv(ARITH[name][1](x, y))


def result_dtype(name, da, db):
    if name in COMPARE:
        return "bool"
    if name == "/":
        return "float64"
    dt = promote({da, db})
    if dt == "bool" and name in ("//", "%", "**"):
        return "int64"
    return dt


# ----------------------------------------------------------------------- tests
class TestAttributes(CoreTestCase):
    def test_random_layouts_attributes(self):
        rng = random.Random(100)
        for _ in range(300):
            shape = rand_shape(rng)
            dtype = rng.choice(DTYPES)
            a, ref = random_layout(rng, shape, dtype)
            self.assertEqual(a.shape, shape)
            self.assertEqual(a.ndim, len(shape))
            self.assertEqual(a.size, prod(shape))
            self.assertEqual(str(a.dtype), dtype)
            self.assertEqual(a.itemsize, 1 if dtype == "bool" else 8)
            self.assertEqual(a.nbytes, a.size * a.itemsize)
            self.assertEqual(len(a.strides), a.ndim)
            self.assertSame(a.tolist(), ref.tolist())
            for x in a.ravel().tolist() if a.ndim else [a.tolist()]:
                self.assertIs(type(x), PY[dtype])
            if a.ndim:
                self.assertEqual(len(a), shape[0])
                rows = list(a)
                self.assertEqual(len(rows), shape[0])
                for i, row in enumerate(rows):
                    want = ref.basic([i])
                    self.assertSame(lp.asarray(row).tolist(), want.tolist())
            else:
                self.assertRaises(TypeError, len, a)
                self.assertRaises(TypeError, iter, a)

    def test_strides_in_bytes(self):
        a = lp.zeros((2, 3, 4))
        self.assertEqual(a.strides, (96, 32, 8))
        self.assertEqual(a.T.strides, (8, 32, 96))
        self.assertEqual(a[:, ::2, ::-1].strides, (96, 64, -8))
        self.assertEqual(lp.zeros((2, 3), dtype=bool).strides, (3, 1))
        self.assertEqual(lp.array(5.0).strides, ())

    def test_scalar_conversions(self):
        self.assertEqual(float(lp.array(2.5)), 2.5)
        self.assertEqual(int(lp.array(-2.7)), -2)
        self.assertIs(bool(lp.array([0.0])), False)
        self.assertIs(bool(lp.array([[3]])), True)
        self.assertRaises(ValueError, bool, lp.array([1, 2]))
        self.assertRaises(ValueError, bool, lp.array([]))
        self.assertRaises(TypeError, float, lp.array([1.0, 2.0]))
        self.assertEqual([10, 20, 30][lp.array(1)], 20)
        self.assertRaises(TypeError, operator.index, lp.array(1.0))
        self.assertRaises(TypeError, operator.index, lp.array([1]))
        self.assertEqual(lp.array([[2.5]]).item(), 2.5)
        self.assertIs(type(lp.array([3]).item()), int)
        self.assertIs(type(lp.array([True]).item()), bool)
        self.assertEqual(lp.arange(6).reshape(2, 3).item(4), 4)
        self.assertEqual(lp.arange(6).reshape(2, 3).item(1, 2), 5)
        self.assertEqual(lp.arange(6).reshape(2, 3).T.item(1), 3)
        self.assertRaises(IndexError, lp.arange(3).item, 3)
        self.assertRaises(ValueError, lp.arange(3).item)

    def test_scalars_are_numpy_like(self):
        x = lp.arange(3.0)[1]
        self.assertIsInstance(x, float)
        self.assertIsInstance(x, lp.float64)
        self.assertEqual((x.shape, x.ndim, str(x.dtype)), ((), 0, "float64"))
        i = lp.arange(3)[2]
        self.assertIsInstance(i, lp.int64)
        self.assertIs(type(lp.array([True])[0]), bool)
        # scalar arithmetic keeps the NumPy types and IEEE behaviour
        self.assertIsInstance(i + 1, lp.int64)
        self.assertIsInstance(-i, lp.int64)
        self.assertIsInstance(i * 1.5, lp.float64)
        self.assertEqual(i // 0, 0)
        self.assertEqual(i % 0, 0)
        self.assertEqual(x / 0, INF)
        self.assertTrue(math.isnan(lp.float64(0.0) / 0))
        self.assertEqual(lp.float64(-1.0) // 0.0, -INF)
        self.assertEqual(lp.float64(10.0) ** 400, INF)
        self.assertRaises(ValueError, operator.pow, i, -1)
        # a scalar with an array gives an array
        self.assertArray(i + lp.arange(3), [2, 3, 4], "int64")
        self.assertArray(x * lp.arange(3), [0.0, 1.0, 2.0], "float64")

    def test_copy_astype(self):
        rng = random.Random(101)
        for _ in range(150):
            shape = rand_shape(rng)
            dtype = rng.choice(DTYPES)
            a, ref = random_layout(rng, shape, dtype)
            c = a.copy()
            self.assertSame(c.tolist(), ref.tolist())
            if c.size:
                c[(0,) * c.ndim] = PY[dtype](1)
                self.assertSame(a.tolist(), ref.tolist())  # the copy is independent
            for dt in DTYPES:
                b = a.astype(dt)
                self.assertEqual(str(b.dtype), dt)
                if dt == "int64":
                    want = [int(v) for v in ref.flat]
                else:
                    want = [PY[dt](v) for v in ref.flat]
                self.assertSame(b.tolist(), nest(want, shape))
        a = lp.array([1.0, 2.0])
        self.assertIs(a.astype(float, copy=False), a)
        self.assertIsNot(a.astype(float), a)
        self.assertRaises(ValueError, lp.array([NAN]).astype, int)

    def test_flat_fill(self):
        a = lp.arange(6).reshape(2, 3).T
        self.assertEqual(list(a.flat), [0, 3, 1, 4, 2, 5])
        b = lp.zeros((3, 4))
        b[:, ::2].fill(7)
        self.assertEqual(b.tolist(), [[7.0, 0.0, 7.0, 0.0]] * 3)


class TestViews(CoreTestCase):
    def test_basic_slicing_random(self):
        rng = random.Random(110)
        for _ in range(300):
            shape = rand_shape(rng)
            a, ref = random_layout(rng, shape, rng.choice(DTYPES))
            key = []
            for d in shape[:rng.randint(0, len(shape))]:
                if rng.random() < 0.3 and d:
                    key.append(rng.randint(-d, d - 1))
                else:
                    def bound():
                        return rng.choice([None, rng.randint(-d - 3, d + 3)])
                    key.append(slice(bound(), bound(), rng.choice([None, 1, 2, -1, -3])))
            got = a[tuple(key)]
            want = ref.basic(key)
            self.assertSame(lp.asarray(got).tolist(), want.tolist(), f"{shape} {key}")
            if isinstance(got, lp.NDArray) and got.size:
                self.assertIs(got._data, a._data)  # a view

    def test_view_writes_through(self):
        base = lp.arange(24.0).reshape(4, 6)
        v = base[1:3, ::-2]
        v[...] = -1.0
        want = [[float(i * 6 + j) for j in range(6)] for i in range(4)]
        for i in (1, 2):
            for j in (5, 3, 1):
                want[i][j] = -1.0
        self.assertEqual(base.tolist(), want)
        t = base.T
        t[0, 3] = 100.0
        self.assertEqual(base[3, 0], 100.0)
        base.reshape(24)[5] = 55.0
        self.assertEqual(base[0, 5], 55.0)

    def test_reshape(self):
        rng = random.Random(111)
        for _ in range(200):
            shape = rand_shape(rng)
            a, ref = random_layout(rng, shape, "float64")
            n = a.size
            options = [(n,), (-1,), (1, n), (n, 1, 1)]
            for d in range(2, n + 1):
                if n % d == 0:
                    options += [(d, -1), (-1, d)]
            new = rng.choice(options)
            r = a.reshape(new)
            want = tuple(n // prod([x for x in new if x != -1]) if x == -1 else x for x in new) \
                if n else tuple(0 if x == -1 else x for x in new)
            self.assertEqual(r.shape, want)
            self.assertSame(r.ravel().tolist(), ref.flat)
            self.assertEqual(a.reshape(*new).shape, want)
        self.assertRaises(ValueError, lp.arange(6).reshape, 4, -1)
        self.assertRaises(ValueError, lp.arange(6).reshape, -1, -1)
        self.assertRaises(ValueError, lp.arange(6).reshape, 7)
        self.assertEqual(lp.arange(1).reshape(()).shape, ())

    def test_reshape_copies_only_when_needed(self):
        a = lp.arange(12).reshape(3, 4)
        v = a.reshape(2, 6)
        v[0, 0] = 99
        self.assertEqual(a[0, 0], 99)  # contiguous: a view
        t = a.T.reshape(12)
        t[0] = -5
        self.assertEqual(a[0, 0], 99)  # transposed: a copy
        self.assertEqual(t.tolist()[:4], [-5, 4, 8, 1])
        s = a[:, 1:3].reshape(6)
        s[0] = -7
        self.assertEqual(a[0, 1], 1)  # non-contiguous rows: a copy
        row = a[1:2].reshape(4)  # a contiguous slice: a view
        row[0] = 44
        self.assertEqual(a[1, 0], 44)
        col = a[:, :1].reshape(3)  # a strided column: a view is possible
        self.assertEqual(col.tolist(), [99, 44, 8])
        flat = a.ravel()
        flat[1] = 11
        self.assertEqual(a[0, 1], 11)  # ravel of contiguous: a view
        r = a[:, ::2].ravel()
        r[0] = 0
        self.assertEqual(a[0, 0], 99)  # ravel of non-contiguous: a copy (as NumPy)
        f = a.flatten()
        f[0] = 1
        self.assertEqual(a[0, 0], 99)  # flatten: always a copy

    def test_transpose_swapaxes(self):
        rng = random.Random(112)
        for _ in range(150):
            shape = rand_shape(rng)
            a, ref = random_layout(rng, shape, rng.choice(DTYPES))
            perm = list(range(len(shape)))
            rng.shuffle(perm)
            want = ref.transpose(perm).tolist()
            self.assertSame(a.transpose(perm).tolist(), want)
            self.assertSame(a.transpose(*perm).tolist(), want)
            self.assertSame(a.transpose(tuple(p - len(shape) for p in perm)).tolist(), want)
            rev = list(range(len(shape)))[::-1]
            self.assertSame(a.T.tolist(), ref.transpose(rev).tolist())
            self.assertSame(a.transpose().tolist(), ref.transpose(rev).tolist())
            if len(shape) >= 2:
                i, j = rng.randrange(len(shape)), rng.randrange(len(shape))
                p = list(range(len(shape)))
                p[i], p[j] = p[j], p[i]
                self.assertSame(a.swapaxes(i, j).tolist(), ref.transpose(p).tolist())
                self.assertSame(a.swapaxes(i - len(shape), j).tolist(),
                                ref.transpose(p).tolist())
                self.assertEqual(a.mT.shape, shape[:-2] + (shape[-1], shape[-2]))
        a = lp.zeros((2, 3, 4))
        self.assertRaises(ValueError, a.transpose, 0, 1)
        self.assertRaises(ValueError, a.transpose, 0, 0, 1)
        self.assertRaises(lp.AxisError, a.transpose, 0, 1, 3)
        self.assertRaises(lp.AxisError, a.swapaxes, 0, 3)

    def test_squeeze(self):
        a = lp.arange(6.0).reshape(1, 3, 1, 2)
        self.assertEqual(a.squeeze().shape, (3, 2))
        self.assertEqual(a.squeeze(0).shape, (3, 1, 2))
        self.assertEqual(a.squeeze(-2).shape, (1, 3, 2))
        self.assertEqual(a.squeeze((0, 2)).shape, (3, 2))
        self.assertRaises(ValueError, a.squeeze, 1)
        self.assertRaises(lp.AxisError, a.squeeze, 4)
        v = a.squeeze()
        v[0, 0] = 9.0
        self.assertEqual(a[0, 0, 0, 0], 9.0)
        self.assertEqual(lp.array(5).squeeze().shape, ())
        self.assertEqual(lp.zeros((0, 1)).squeeze().shape, (0,))

    def test_shape_setter(self):
        a = lp.arange(6)
        a.shape = (2, 3)
        self.assertEqual(a.tolist(), [[0, 1, 2], [3, 4, 5]])
        with self.assertRaises(AttributeError):
            a.T.shape = (6,)


class TestOperators(CoreTestCase):
    def check_binary(self, name, fn, a, ra, b, rb, reflected=False):
        da = str(a.dtype) if isinstance(a, lp.NDArray) else {float: "float64", int: "int64",
                                                               bool: "bool"}[type(a)]
        db = str(b.dtype) if isinstance(b, lp.NDArray) else {float: "float64", int: "int64",
                                                               bool: "bool"}[type(b)]
        scalar_a, scalar_b = not isinstance(a, lp.NDArray), not isinstance(b, lp.NDArray)
        # NumPy 2 (NEP 50): a Python scalar only promotes the kind
        if scalar_a and not scalar_b:
            da = db if promote({da, db}) == db else da
        if scalar_b and not scalar_a:
            db = da if promote({da, db}) == da else db
        dt = result_dtype(name, da, db)
        if name == "-" and da == db == "bool":
            self.assertRaises(TypeError, fn, a, b)
            return
        if name in BITWISE and "float64" in (da, db):
            self.assertRaises(TypeError, fn, a, b)
            return
        sa = () if scalar_a else ra.shape
        sb = () if scalar_b else rb.shape
        shape = broadcast_shape(sa, sb)
        if shape is None:
            with self.assertRaises(ValueError) as cm:
                fn(a, b)
            self.assertIn(str(sa), str(cm.exception))
            self.assertIn(str(sb), str(cm.exception))
            return
        ea = Ref([a], ()) if scalar_a else ra
        eb = Ref([b], ()) if scalar_b else rb
        xa, xb = ea.broadcast(shape), eb.broadcast(shape)
        if name == "**" and dt == "int64" and any(v < 0 for v in xb.flat):
            self.assertRaises(ValueError, fn, a, b)  # NumPy: ints to negative int powers
            return
        got = fn(a, b)
        want = [ref_binary(name, x, y, dt) for x, y in zip(xa.flat, xb.flat)]
        self.assertArray(lp.asarray(got), nest(want, shape), dt, shape,
                         f"{name} {da}{sa} {db}{sb}")

    def test_array_array_broadcasting(self):
        rng = random.Random(120)
        ops = {**{k: v[0] for k, v in ARITH.items()}, **COMPARE, **BITWISE}
        for name, fn in ops.items():
            for _ in range(50):
                out = rand_shape(rng)
                shapes = []
                for _k in range(2):
                    lead = rng.randint(0, len(out))
                    shapes.append(tuple(1 if rng.random() < 0.3 else d for d in out[lead:]))
                if rng.random() < 0.1 and out:  # an incompatible pair
                    shapes[1] = shapes[1][:-1] + ((out[-1] + 1),) if shapes[1] else (5,)
                da, db = rng.choice(DTYPES), rng.choice(DTYPES)
                a, ra = random_layout(rng, shapes[0], da, specials=True)
                b, rb = random_layout(rng, shapes[1], db, specials=True)
                self.check_binary(name, fn, a, ra, b, rb)

    def test_python_scalars_both_sides(self):
        rng = random.Random(121)
        ops = {**{k: v[0] for k, v in ARITH.items()}, **COMPARE, **BITWISE}
        for name, fn in ops.items():
            for _ in range(40):
                shape = rand_shape(rng)
                a, ra = random_layout(rng, shape, rng.choice(DTYPES), specials=True)
                s = rng.choice([2, -3, 0, 2.5, -0.0, INF, NAN, True, False])
                self.check_binary(name, fn, a, ra, s, None)
                self.check_binary(name, fn, s, None, a, ra)

    def test_weak_scalar_promotion(self):
        self.assertEqual(str((lp.array([1, 2]) * 2.5).dtype), "float64")
        self.assertEqual(str((lp.array([True]) + 1).dtype), "int64")
        self.assertEqual(str((lp.array([True]) + True).dtype), "bool")
        self.assertEqual((lp.array([True, False]) + lp.array([True, True])).tolist(),
                         [True, True])
        self.assertEqual((lp.array([True, False]) * lp.array([True, True])).tolist(),
                         [True, False])
        self.assertEqual(str((lp.array([1, 2]) + True).dtype), "int64")
        self.assertEqual(str((lp.array([1.0]) + 1).dtype), "float64")
        self.assertEqual(str((lp.array([1, 2]) / 2).dtype), "float64")
        self.assertEqual(str((lp.array([True]) / True).dtype), "float64")
        self.assertEqual(str((lp.array([True]) // True).dtype), "int64")
        self.assertEqual(str((2 ** lp.array([1, 2])).dtype), "int64")
        self.assertEqual(str((lp.array(3) + 0.5).dtype), "float64")

    def test_ieee_specials_never_raise(self):
        a = lp.array([1.0, 0.0, -1.0])
        self.assertSame((a / 0).tolist(), [INF, NAN, -INF])
        self.assertSame((lp.array([1, 0, -1]) / 0).tolist(), [INF, NAN, -INF])
        self.assertSame((lp.array([1, 0, -1]) // 0).tolist(), [0, 0, 0])
        self.assertSame((lp.array([5, -5]) % 0).tolist(), [0, 0])
        self.assertSame((lp.array([1.0]) // 0.0).tolist(), [INF])
        self.assertSame((lp.array([5.0]) % 0.0).tolist(), [NAN])
        self.assertSame((lp.array([0.0]) ** -1).tolist(), [INF])
        self.assertSame((lp.array([-0.0]) ** -1).tolist(), [-INF])
        self.assertSame((lp.array([-8.0]) ** (1 / 3)).tolist(), [NAN])
        self.assertSame((lp.array([10.0]) ** 400).tolist(), [INF])
        self.assertSame((lp.array([-10.0]) ** 401).tolist(), [-INF])
        self.assertSame((lp.array([1e308]) * 10).tolist(), [INF])
        self.assertSame((lp.array([INF]) - INF).tolist(), [NAN])
        self.assertSame((1 / lp.array([0.0, -0.0])).tolist(), [INF, -INF])
        self.assertSame((lp.array([-5.0]) % INF).tolist(), [INF])
        self.assertSame((lp.array([5.0]) // -INF).tolist(), [-1.0])
        self.assertSame((lp.array([INF]) % 2.0).tolist(), [NAN])
        self.assertSame((lp.array([0.0, -0.0]) * -1).tolist(), [-0.0, 0.0])

    def test_inplace(self):
        rng = random.Random(122)
        for name in ("+", "-", "*", "/", "//", "%", "**", "&", "|", "^"):
            ifn = {"+": operator.iadd, "-": operator.isub, "*": operator.imul,
                   "/": operator.itruediv, "//": operator.ifloordiv, "%": operator.imod,
                   "**": operator.ipow, "&": operator.iand, "|": operator.ior,
                   "^": operator.ixor}[name]
            for _ in range(30):
                shape = rand_shape(rng)
                dt = rng.choice(DTYPES)
                a, ra = random_layout(rng, shape, dt, kind=rng.choice(["c", "t", "s", "o"]))
                base = a._data
                before = list(base)
                lead = rng.randint(0, len(shape))
                bshape = tuple(1 if rng.random() < 0.3 else d for d in shape[lead:])
                db = rng.choice(DTYPES)
                b, rb = random_layout(rng, bshape, db)
                res_dt = result_dtype(name, dt, db)
                if name == "**" and db != "float64":
                    continue
                if name == "-" and dt == db == "bool":
                    self.assertRaises(TypeError, ifn, a, b)
                    continue
                if name in BITWISE and "float64" in (dt, db):
                    self.assertRaises(TypeError, ifn, a, b)
                    continue
                if promote({res_dt, dt}) != dt:  # e.g. int array += float array
                    self.assertRaises(TypeError, ifn, a, b)
                    self.assertEqual(base, before)
                    continue
                out = ifn(a, b)
                self.assertIs(out, a)
                want = [PY[dt](ref_binary(name, x, y, res_dt)) for x, y in
                        zip(ra.flat, rb.broadcast(shape).flat)]
                self.assertSame(a.tolist(), nest(want, shape), f"{dt} {name}= {db}")
        a = lp.zeros((2, 3))
        with self.assertRaises(ValueError):
            a += lp.ones((3, 3))
        i = lp.array([1, 2])
        self.assertRaises(TypeError, operator.iadd, i, 1.5)
        self.assertRaises(TypeError, operator.itruediv, i, 2)
        i += True
        self.assertEqual(i.tolist(), [2, 3])

    def test_inplace_through_views(self):
        base = lp.zeros((3, 4))
        view = base[::2, 1::2]
        view += lp.array([1.0, 2.0])
        view *= 3
        self.assertEqual(base.tolist(), [[0.0, 3.0, 0.0, 6.0], [0.0] * 4,
                                         [0.0, 3.0, 0.0, 6.0]])
        t = base.T
        t -= 1
        self.assertEqual(base[1].tolist(), [-1.0] * 4)

    def test_unary_operators(self):
        rng = random.Random(123)
        for _ in range(100):
            shape = rand_shape(rng)
            dt = rng.choice(DTYPES)
            a, ra = random_layout(rng, shape, dt, specials=True)
            if dt == "bool":
                self.assertRaises(TypeError, operator.neg, a)
                self.assertRaises(TypeError, operator.pos, a)
                self.assertSame((~a).tolist(), nest([not x for x in ra.flat], shape))
                self.assertSame(abs(a).tolist(), ra.tolist())
                continue
            self.assertSame((-a).tolist(), nest([-x for x in ra.flat], shape))
            self.assertSame((+a).tolist(), ra.tolist())
            self.assertSame(abs(a).tolist(), nest([abs(x) for x in ra.flat], shape))
            if dt == "int64":
                self.assertSame((~a).tolist(), nest([~x for x in ra.flat], shape))
            else:
                self.assertRaises(TypeError, operator.invert, a)

    def test_comparisons_with_nan_and_lists(self):
        a = lp.array([1.0, NAN, 3.0])
        self.assertEqual((a == a).tolist(), [True, False, True])
        self.assertEqual((a != a).tolist(), [False, True, False])
        self.assertEqual((a < [2, 2, 2]).tolist(), [True, False, False])
        self.assertEqual(([2, 2, 2] > a).tolist(), [True, False, False])
        self.assertEqual((a + (1, 2, 3)).tolist()[0], 2.0)
        self.assertRaises(TypeError, operator.add, a, "x")
        self.assertRaises(TypeError, operator.add, a, None)

    def test_hash_and_copy_protocols(self):
        import copy
        a = lp.arange(3)
        self.assertRaises(TypeError, hash, a)
        b = copy.deepcopy(a)
        b[0] = 5
        self.assertEqual(a[0], 0)
        self.assertEqual(copy.copy(a).tolist(), [0, 1, 2])


if __name__ == "__main__":
    unittest.main()
