"""Tests for latpy.core.manipulation and latpy.core.sorting (no NumPy needed).

Three kinds of test:
- hand-derived cases, one or more per function;
- property tests: seeded random shapes (0-d, size-1 and size-0 dimensions) and
  random memory layouts (contiguous, transposed, flipped, sliced, moved axes),
  checked against small reference implementations on nested lists below;
- views (writing through a view shows in the base) and errors (class + message).
"""

import itertools
import math
import random
import unittest

import latpy as lp

NAN, INF = float("nan"), float("inf")


# --------------------------------------------------------------------------
# Reference implementations on nested lists: slow, obvious, index by index.
# --------------------------------------------------------------------------
def size_of(shape):
    return math.prod(shape)


def nest(flat, shape):
    """C-order `flat` as nested lists of `shape`."""
    if not shape:
        return flat[0]
    step = size_of(shape[1:])
    return [nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def flatten(x, shape):
    return [get(x, idx) for idx in itertools.product(*map(range, shape))]


def get(x, idx):
    for i in idx:
        x = x[i]
    return x


def build(shape, fn):
    """Nested lists of `shape` whose element at index tuple `idx` is ``fn(idx)``."""
    return nest([fn(idx) for idx in itertools.product(*map(range, shape))] or [None], shape) \
        if size_of(shape) else nest_empty(shape)


def nest_empty(shape):
    return [] if shape[0] == 0 else [nest_empty(shape[1:]) for _ in range(shape[0])]


def ref_transpose(x, shape, perm):
    new_shape = tuple(shape[p] for p in perm)

    def fn(idx):
        src = [0] * len(shape)
        for i, p in enumerate(perm):
            src[p] = idx[i]
        return get(x, src)
    return build(new_shape, fn), new_shape


def ref_broadcast_to(x, shape, target):
    lead = len(target) - len(shape)
    return build(target, lambda idx: get(x, [0 if d == 1 else i
                                             for i, d in zip(idx[lead:], shape)]))


def ref_flip(x, shape, axes):
    return build(shape, lambda idx: get(x, [shape[k] - 1 - i if k in axes else i
                                             for k, i in enumerate(idx)]))


def ref_concatenate(items, axis):
    """items: list of (nested, shape)."""
    shape0 = items[0][1]
    total = sum(s[axis] for _, s in items)
    starts = list(itertools.accumulate([0] + [s[axis] for _, s in items]))

    def fn(idx):
        i = idx[axis]
        k = max(j for j in range(len(items))
                if starts[j] <= i and items[j][1][axis] > i - starts[j])
        return get(items[k][0], idx[:axis] + (i - starts[k],) + idx[axis + 1:])
    new_shape = shape0[:axis] + (total,) + shape0[axis + 1:]
    return build(new_shape, fn), new_shape


def ref_tile(x, shape, reps):
    d = max(len(shape), len(reps))
    lead = d - len(shape)  # x gets `lead` new leading axes of length 1
    shape = (1,) * lead + tuple(shape)
    reps = (1,) * (d - len(reps)) + tuple(reps)
    out_shape = tuple(s * r for s, r in zip(shape, reps))
    return build(out_shape, lambda idx: get(x, [i % s for i, s in zip(idx, shape)][lead:])), \
        out_shape


def ref_repeat_flat(flat, counts):
    out = []
    for v, c in zip(flat, counts):
        out += [v] * c
    return out


def ref_roll_flat(flat, shift):
    n = len(flat)
    return [flat[(i - shift) % n] for i in range(n)] if n else []


def ref_pad_index(mode, i, n):
    """Source index for padded position `i` (relative to the original start)."""
    if mode == "edge":
        return min(max(i, 0), n - 1)
    if mode == "wrap":
        return i % n
    if n == 1:
        return 0
    while i < 0 or i > n - 1:  # bounce off the ends, one reflection at a time
        if i < 0:
            i = -i if mode == "reflect" else -i - 1
        else:
            i = 2 * (n - 1) - i if mode == "reflect" else 2 * n - 1 - i
    return i


def ref_pad(x, shape, widths, mode, values=None):
    out_shape = tuple(b + n + a for (b, a), n in zip(widths, shape))

    def fn(idx):
        rel = [i - b for i, (b, _) in zip(idx, widths)]
        if mode == "constant":
            outside = [k for k, (r, n) in enumerate(zip(rel, shape)) if not 0 <= r < n]
            if outside:  # the last padded axis wins the corners (axes are padded in order)
                k = outside[-1]
                return values[k][0] if rel[k] < 0 else values[k][1]
            return get(x, rel)
        return get(x, [ref_pad_index(mode, r, n) for r, n in zip(rel, shape)])
    return build(out_shape, fn), out_shape


def sort_key(v):
    return (1, 0) if v != v else (0, v)


def ref_unique(flat):
    values = sorted({v for v in flat if v == v})
    if any(v != v for v in flat):
        values.append(NAN)
    return values


def same(x, y):
    """Nested equality with NaN == NaN and matching scalar types."""
    if isinstance(x, list) or isinstance(y, list):
        return (isinstance(x, list) and isinstance(y, list) and len(x) == len(y)
                and all(same(p, q) for p, q in zip(x, y)))
    if type(x) is not type(y):
        return False
    return (x != x and y != y) or x == y


# --------------------------------------------------------------------------
class Case(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(sum(map(ord, self._testMethodName)))

    def shape(self, min_ndim=0, max_ndim=4, max_dim=4):
        dims = []
        for _ in range(self.rng.randint(min_ndim, max_ndim)):
            r = self.rng.random()
            dims.append(0 if r < 0.07 else 1 if r < 0.3 else self.rng.randint(2, max_dim))
        return tuple(dims)

    def flat(self, n, dtype):
        rng = self.rng
        if dtype == "bool":
            return [rng.random() < 0.5 for _ in range(n)]
        if dtype == "int64":
            return [rng.randint(-3, 3) for _ in range(n)]
        return [rng.choice([NAN, INF, -INF, 0.5, -1.0]) if rng.random() < 0.15
                else float(rng.randint(-3, 3)) if rng.random() < 0.4
                else round(rng.uniform(-5, 5), 2) for _ in range(n)]

    def array(self, shape=None, dtype=None, **kw):
        """(latpy array in a random layout, nested list, shape, dtype name)."""
        shape = self.shape(**kw) if shape is None else tuple(shape)
        dtype = dtype or self.rng.choice(["float64", "float64", "int64", "bool"])
        flat = self.flat(size_of(shape), dtype)
        x = nest(flat, shape) if size_of(shape) else nest_empty(shape) if shape else None
        return self.layout(flat, shape, dtype), x, shape, dtype

    def layout(self, flat, shape, dtype):
        rng = self.rng
        x = nest(flat, shape) if size_of(shape) else (nest_empty(shape) if shape else None)
        kind = rng.choice(["contiguous", "transposed", "flipped", "sliced", "moved"])
        if kind == "transposed" and len(shape) >= 2:
            perm = tuple(reversed(range(len(shape))))
            y, yshape = ref_transpose(x, shape, perm)
            return lp.array(flatten(y, yshape), dtype=dtype).reshape(yshape).T
        if kind == "flipped" and shape:
            axes = set(rng.sample(range(len(shape)), rng.randint(1, len(shape))))
            y = ref_flip(x, shape, axes)
            return lp.flip(lp.array(flatten(y, shape), dtype=dtype).reshape(shape), tuple(axes))
        if kind == "sliced" and shape:
            k = rng.randrange(len(shape))
            pad_shape = shape[:k] + (1,) + shape[k + 1:]
            pad = nest(self.flat(size_of(pad_shape), dtype), pad_shape) if size_of(
                pad_shape) else nest_empty(pad_shape)
            y, yshape = ref_concatenate([(pad, pad_shape), (x, shape), (pad, pad_shape)], k)
            base = lp.array(flatten(y, yshape), dtype=dtype).reshape(yshape)
            return lp.array_split(base, [1, 1 + shape[k]], axis=k)[1]
        if kind == "moved" and len(shape) >= 2:
            perm = list(range(len(shape)))
            rng.shuffle(perm)
            y, yshape = ref_transpose(x, shape, perm)
            inverse = [perm.index(i) for i in range(len(shape))]
            return lp.transpose(lp.array(flatten(y, yshape), dtype=dtype).reshape(yshape),
                                inverse)
        return lp.array(flat, dtype=dtype).reshape(shape)

    def assertArray(self, got, nested, shape, dtype=None, msg=None):
        self.assertIsInstance(got, lp.NDArray, msg)
        self.assertEqual(got.shape, tuple(shape), msg)
        if dtype is not None:
            self.assertEqual(str(got.dtype), dtype, msg)
        self.assertTrue(same(got.tolist(), nested), f"{msg}: {got.tolist()} != {nested}")

    def assertShares(self, view, base):
        """Writing through `view` changes `base` (the two share storage)."""
        if view.size == 0:
            return
        before = base.tolist()
        view += 1 if view.dtype != lp.bool else True
        self.assertNotEqual(base.tolist(), before)


# --------------------------------------------------------------------------
class TestViews(Case):
    def test_broadcast_to_hand(self):
        a = lp.array([1, 2, 3])
        b = lp.broadcast_to(a, (2, 3))
        self.assertEqual(b.tolist(), [[1, 2, 3], [1, 2, 3]])
        self.assertEqual(b.strides, (0, 8))
        a[1] = 20
        self.assertEqual(b.tolist(), [[1, 20, 3], [1, 20, 3]])
        self.assertEqual(lp.broadcast_to(5.0, 3).tolist(), [5.0, 5.0, 5.0])
        self.assertEqual(lp.broadcast_to(lp.zeros((3, 1)), (2, 3, 0)).shape, (2, 3, 0))

    def test_broadcast_to_errors(self):
        with self.assertRaises(ValueError) as cm:
            lp.broadcast_to(lp.ones((2, 3)), (4, 3))
        self.assertIn("(2, 3)", str(cm.exception))
        self.assertIn("(4, 3)", str(cm.exception))
        with self.assertRaisesRegex(ValueError, r"more dimensions.*\(2, 3\).*\(3,\)"):
            lp.broadcast_to(lp.ones((2, 3)), (3,))
        with self.assertRaisesRegex(ValueError, "non-negative"):
            lp.broadcast_to(lp.ones(3), (-1, 3))

    def test_broadcast_to_random(self):
        for _ in range(200):
            a, x, shape, dt = self.array(max_ndim=3)
            target = tuple(self.rng.randint(0, 3) if d == 1 else d for d in shape)
            target = (self.rng.randint(1, 2),) * self.rng.randint(0, 2) + target
            self.assertArray(lp.broadcast_to(a, target), ref_broadcast_to(x, shape, target),
                             target, dt)

    def test_broadcast_arrays(self):
        x, y = lp.broadcast_arrays(lp.array([[1], [2]]), lp.array([10, 20, 30]))
        self.assertEqual(x.tolist(), [[1, 1, 1], [2, 2, 2]])
        self.assertEqual(y.tolist(), [[10, 20, 30], [10, 20, 30]])
        a = lp.zeros(3)
        out = lp.broadcast_arrays(a, lp.ones(3))
        self.assertIsInstance(out, tuple)
        self.assertIs(out[0], a)
        self.assertEqual(lp.broadcast_arrays(), ())
        with self.assertRaises(ValueError) as cm:
            lp.broadcast_arrays(lp.ones(3), lp.ones((2, 1)), lp.ones(4))
        msg = str(cm.exception)
        self.assertIn("arg 0 with shape (3,)", msg)
        self.assertIn("arg 2 with shape (4,)", msg)

    def test_expand_dims(self):
        a = lp.arange(6).reshape(2, 3)
        self.assertEqual(lp.expand_dims(a, 0).shape, (1, 2, 3))
        self.assertEqual(lp.expand_dims(a, -1).shape, (2, 3, 1))
        self.assertEqual(lp.expand_dims(a, (0, 2, -1)).shape, (1, 2, 1, 3, 1))
        self.assertEqual(lp.expand_dims(a, (3, 0)).tolist(), [[[[0], [1], [2]], [[3], [4], [5]]]])
        self.assertShares(lp.expand_dims(a.T, 1), a)
        with self.assertRaisesRegex(lp.AxisError, "axis 3 is out of bounds for array of "
                                                  "dimension 3"):
            lp.expand_dims(a, 3)
        with self.assertRaisesRegex(ValueError, "repeated axis"):
            lp.expand_dims(a, (1, 1))

    def test_squeeze(self):
        a = lp.zeros((1, 3, 1))
        self.assertEqual(lp.squeeze(a).shape, (3,))
        self.assertEqual(lp.squeeze(a, 2).shape, (1, 3))
        self.assertEqual(lp.squeeze(a, (0, -1)).shape, (3,))
        self.assertShares(lp.squeeze(a), a)
        with self.assertRaisesRegex(ValueError, "cannot select an axis to squeeze out"):
            lp.squeeze(a, 1)
        with self.assertRaises(lp.AxisError):
            lp.squeeze(a, 3)

    def test_moveaxis_swapaxes_transpose(self):
        a = lp.arange(24).reshape(2, 3, 4)
        m = lp.moveaxis(a, 0, -1)
        self.assertEqual(m.shape, (3, 4, 2))
        self.assertEqual(m.tolist()[1][2], [6, 18])
        self.assertEqual(lp.moveaxis(a, [0, 1], [-1, -2]).shape, (4, 3, 2))
        self.assertEqual(lp.swapaxes(a, 0, 2).shape, (4, 3, 2))
        self.assertEqual(lp.transpose(a).shape, (4, 3, 2))
        self.assertEqual(lp.transpose(a, (1, 0, 2)).shape, (3, 2, 4))
        self.assertEqual(lp.transpose([[1, 2]]).tolist(), [[1], [2]])
        self.assertShares(m, a)
        self.assertShares(lp.swapaxes(a, 0, 1), a)
        with self.assertRaisesRegex(lp.AxisError, "source: axis 3"):
            lp.moveaxis(a, 3, 0)
        with self.assertRaisesRegex(lp.AxisError, "destination"):
            lp.moveaxis(a, 0, -4)
        with self.assertRaisesRegex(ValueError, "same number of elements"):
            lp.moveaxis(a, (0, 1), 0)
        with self.assertRaisesRegex(ValueError, "repeated axis in `source` argument"):
            lp.moveaxis(a, (0, 0), (1, 2))
        with self.assertRaisesRegex(ValueError, r"axes don't match array.*\(2, 3, 4\)"):
            lp.transpose(a, (0, 1))
        with self.assertRaises(ValueError):
            lp.transpose(lp.zeros(3), ())
        with self.assertRaisesRegex(ValueError, "repeated axis"):
            lp.transpose(a, (0, 0, 1))

    def test_transpose_random(self):
        for _ in range(150):
            a, x, shape, dt = self.array()
            perm = list(range(len(shape)))
            self.rng.shuffle(perm)
            want, wshape = ref_transpose(x, shape, perm)
            self.assertArray(lp.transpose(a, perm), want, wshape, dt)
            if shape:
                src, dst = self.rng.randrange(len(shape)), self.rng.randrange(len(shape))
                order = [i for i in range(len(shape)) if i != src]
                order.insert(dst, src)
                want, wshape = ref_transpose(x, shape, order)
                self.assertArray(lp.moveaxis(a, src, dst), want, wshape, dt)

    def test_reshape_ravel(self):
        a = lp.arange(6)
        r = lp.reshape(a, (2, -1))
        self.assertEqual(r.tolist(), [[0, 1, 2], [3, 4, 5]])
        t = r.T
        self.assertEqual(lp.ravel(t).tolist(), [0, 3, 1, 4, 2, 5])
        self.assertShares(r, a)
        self.assertShares(lp.ravel(r), a)
        c = lp.reshape(a, 6, copy=True)
        c += 1
        self.assertEqual(a.tolist(), [2, 3, 4, 5, 6, 7])  # two assertShares added 1 each
        with self.assertRaisesRegex(ValueError, "Unable to avoid creating a copy"):
            lp.reshape(t, 6, copy=False)
        with self.assertRaisesRegex(ValueError, "cannot reshape array of size 6"):
            lp.reshape(a, (4, -1))
        self.assertEqual(lp.reshape([[1, 2], [3, 4]], 4).tolist(), [1, 2, 3, 4])

    def test_flip(self):
        a = lp.arange(6).reshape(2, 3)
        f = lp.flip(a)
        self.assertEqual(f.tolist(), [[5, 4, 3], [2, 1, 0]])
        self.assertEqual(f.strides, (-24, -8))
        self.assertEqual(lp.flip(a, 0).tolist(), [[3, 4, 5], [0, 1, 2]])
        self.assertEqual(lp.flip(a, -1).tolist(), [[2, 1, 0], [5, 4, 3]])
        self.assertEqual(lp.fliplr(a).tolist(), [[2, 1, 0], [5, 4, 3]])
        self.assertEqual(lp.flipud(a).tolist(), [[3, 4, 5], [0, 1, 2]])
        self.assertEqual(lp.flip(lp.flip(a.T, 0), 1).tolist(), [[5, 2], [4, 1], [3, 0]])
        self.assertEqual(lp.flip(lp.zeros((0, 2))).shape, (0, 2))
        self.assertEqual(lp.flip(lp.array(7)).tolist(), 7)
        f[0, 0] = 50
        self.assertEqual(a.tolist(), [[0, 1, 2], [3, 4, 50]])
        with self.assertRaisesRegex(ValueError, ">= 2-d"):
            lp.fliplr(lp.zeros(3))
        with self.assertRaisesRegex(ValueError, ">= 1-d"):
            lp.flipud(lp.array(1.0))
        with self.assertRaisesRegex(ValueError, "repeated axis"):
            lp.flip(a, (0, 0))

    def test_flip_random(self):
        for _ in range(200):
            a, x, shape, dt = self.array()
            axes = set(self.rng.sample(range(len(shape)), self.rng.randint(0, len(shape))))
            got = lp.flip(a, tuple(axes))
            self.assertArray(got, ref_flip(x, shape, axes), shape, dt)
            self.assertArray(lp.flip(a), ref_flip(x, shape, set(range(len(shape)))), shape)

    def test_diagonal_and_diag(self):
        a = lp.arange(12).reshape(3, 4)
        self.assertEqual(lp.diagonal(a).tolist(), [0, 5, 10])
        self.assertEqual(lp.diagonal(a, 1).tolist(), [1, 6, 11])
        self.assertEqual(lp.diagonal(a, -1).tolist(), [4, 9])
        self.assertEqual(lp.diagonal(a, 5).tolist(), [])
        self.assertEqual(lp.diagonal(a.T, 1).tolist(), [4, 9])
        self.assertEqual(a.diagonal(2).tolist(), [2, 7])
        b = lp.arange(24).reshape(2, 3, 4)
        self.assertEqual(lp.diagonal(b, 1, 0, 2).tolist(), [[1, 14], [5, 18], [9, 22]])
        self.assertEqual(lp.diagonal(b, 0, 2, 1).tolist(), [[0, 5, 10], [12, 17, 22]])
        self.assertEqual(lp.diag(a, 1).tolist(), [1, 6, 11])
        self.assertEqual(lp.diag([1, 2]).tolist(), [[1, 0], [0, 2]])
        self.assertEqual(lp.diag(lp.array([1.0, 2.0]), -1).tolist(),
                         [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0]])
        self.assertEqual(lp.diag(lp.array([True]), 1).tolist(), [[False, True], [False, False]])
        d = lp.diagonal(a)
        d += 100
        self.assertEqual(lp.diagonal(a).tolist(), [100, 105, 110])
        self.assertEqual(a.tolist()[0][:2], [100, 1])
        self.assertShares(lp.diag(a.T, -1), a)  # diag of a 2-D array is a view
        with self.assertRaisesRegex(ValueError, "at least two dimensions"):
            lp.diagonal(lp.zeros(3))
        with self.assertRaisesRegex(ValueError, "axis1 and axis2 cannot be the same"):
            lp.diagonal(a, 0, 1, -1)
        with self.assertRaisesRegex(lp.AxisError, "axis2: axis 2"):
            lp.diagonal(a, 0, 0, 2)
        with self.assertRaisesRegex(ValueError, "1- or 2-d"):
            lp.diag(b)

    def test_diagonal_random(self):
        for _ in range(150):
            a, x, shape, dt = self.array(min_ndim=2, max_ndim=3, max_dim=5)
            ax1, ax2 = self.rng.sample(range(len(shape)), 2)
            off = self.rng.randint(-5, 5)
            n = max(0, min(shape[ax1], shape[ax2] - off) if off >= 0
                    else min(shape[ax1] + off, shape[ax2]))
            rest = [k for k in range(len(shape)) if k not in (ax1, ax2)]
            out_shape = tuple(shape[k] for k in rest) + (n,)

            def fn(idx):
                src = [0] * len(shape)
                for k, i in zip(rest, idx):
                    src[k] = i
                i = idx[-1]
                src[ax1], src[ax2] = (i, i + off) if off >= 0 else (i - off, i)
                return get(x, src)
            self.assertArray(lp.diagonal(a, off, ax1, ax2), build(out_shape, fn), out_shape, dt)

    def test_atleast(self):
        s = lp.array(3.0)
        self.assertEqual(lp.atleast_1d(s).shape, (1,))
        self.assertEqual(lp.atleast_2d(s).shape, (1, 1))
        self.assertEqual(lp.atleast_3d(s).shape, (1, 1, 1))
        v = lp.arange(3)
        self.assertEqual(lp.atleast_2d(v).shape, (1, 3))
        self.assertEqual(lp.atleast_3d(v).shape, (1, 3, 1))
        self.assertEqual(lp.atleast_3d(lp.zeros((2, 4))).shape, (2, 4, 1))
        self.assertIs(lp.atleast_1d(v), v)
        out = lp.atleast_1d(1, [2, 3])
        self.assertIsInstance(out, tuple)
        self.assertEqual([o.tolist() for o in out], [[1], [2, 3]])
        self.assertShares(lp.atleast_3d(lp.flip(v)), v)

    def test_copy_shape_ndim_size(self):
        a = lp.arange(6).reshape(2, 3)
        c = lp.copy(a.T)
        c += 1
        self.assertEqual(a.tolist(), [[0, 1, 2], [3, 4, 5]])
        self.assertEqual(c.tolist(), [[1, 4], [2, 5], [3, 6]])
        self.assertEqual(lp.shape(a), (2, 3))
        self.assertEqual(lp.shape([[1], [2]]), (2, 1))
        self.assertEqual(lp.shape(3.0), ())
        self.assertEqual(lp.ndim(a), 2)
        self.assertEqual(lp.ndim(1), 0)
        self.assertEqual(lp.size(a), 6)
        self.assertEqual(lp.size(a, -1), 3)
        self.assertEqual(lp.size(a, (0, 1)), 6)
        with self.assertRaises(lp.AxisError):
            lp.size(a, 2)


class TestTake(Case):
    """``_take`` picks one of three copy strategies by size; all must agree."""

    def test_take_random(self):
        from latpy.core.manipulation import _take
        for _ in range(300):
            outer, n, inner = (self.rng.choice([0, 1, 2, 3, 40]) for _ in range(3))
            n = n or 1
            elements = [self.rng.random() for _ in range(outer * n * inner)]
            idx = [self.rng.randrange(n) for _ in range(self.rng.choice([0, 1, 3, 30]))]
            if self.rng.random() < 0.3:
                idx = sorted(idx)
            want = [elements[(o * n + i) * inner + t]
                    for o in range(outer) for i in idx for t in range(inner)]
            self.assertEqual(_take(elements, outer, n, inner, idx), want)

    def test_long_rows(self):
        # nonzero takes a per-row path for rows of 8+ elements; repeat/roll/pad with
        # many rows take the strided-column path.
        for _ in range(30):
            shape = (self.rng.randint(1, 5), self.rng.randint(1, 3), self.rng.randint(8, 30))
            a, x, _, dt = self.array(shape, "int64")
            where = [idx for idx in itertools.product(*map(range, shape)) if get(x, idx)]
            self.assertEqual([c.tolist() for c in lp.nonzero(a)],
                             [[idx[k] for idx in where] for k in range(3)])
            want = build(shape, lambda idx: get(x, idx[:2] + ((idx[2] - 3) % shape[2],)))
            self.assertArray(lp.roll(a, 3, axis=2), want, shape, dt)
            rows = lp.reshape(a, (-1, 1))
            self.assertEqual(lp.repeat(rows, 2, axis=1).tolist(),
                             [[v, v] for v in flatten(x, shape)])


class TestJoinSplit(Case):
    def test_concatenate_hand(self):
        a = lp.array([[1, 2], [3, 4]])
        b = lp.array([[5.0, 6.0]])
        c = lp.concatenate([a, b])
        self.assertEqual(c.tolist(), [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        self.assertEqual(str(c.dtype), "float64")
        self.assertEqual(lp.concatenate([a, b.T], axis=1).tolist(),
                         [[1.0, 2.0, 5.0], [3.0, 4.0, 6.0]])
        self.assertEqual(lp.concatenate([a, b], axis=None).tolist(),
                         [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
        self.assertEqual(str(lp.concatenate([lp.array([True]), lp.array([2])]).dtype), "int64")
        self.assertEqual(lp.concatenate([a, a], -1, dtype=float).tolist()[0],
                         [1.0, 2.0, 1.0, 2.0])
        self.assertEqual(lp.concatenate([lp.zeros((0, 2)), a]).shape, (2, 2))
        self.assertEqual(lp.concatenate(lp.arange(4).reshape(2, 2)).tolist(), [0, 1, 2, 3])
        one = lp.concatenate([a])
        one += 1
        self.assertEqual(a.tolist(), [[1, 2], [3, 4]])  # always a copy

    def test_concatenate_errors(self):
        with self.assertRaises(ValueError) as cm:
            lp.concatenate([lp.ones((2, 3)), lp.ones((2, 4))])
        msg = str(cm.exception)
        for part in ("along dimension 1", "(2, 3)", "(2, 4)", "axis 0"):
            self.assertIn(part, msg)
        with self.assertRaisesRegex(ValueError, "same number of dimensions"):
            lp.concatenate([lp.ones((2, 3)), lp.ones(3)])
        with self.assertRaisesRegex(ValueError, "zero-dimensional"):
            lp.concatenate([lp.array(1), lp.array(2)])
        with self.assertRaisesRegex(ValueError, "need at least one array"):
            lp.concatenate([])
        with self.assertRaisesRegex(lp.AxisError, "axis 2 is out of bounds"):
            lp.concatenate([lp.ones((2, 2))], axis=2)
        with self.assertRaisesRegex(TypeError, "Cannot cast.*float64.*int64.*same_kind"):
            lp.concatenate([lp.ones(2)], dtype=int)
        self.assertEqual(lp.concatenate([lp.ones(2)], dtype=int, casting="unsafe").tolist(),
                         [1, 1])

    def test_concatenate_random(self):
        for _ in range(200):
            shape = list(self.shape(1, 3))
            axis = self.rng.randrange(len(shape))
            dtypes = ["float64", "int64", "bool"]
            items, arrays, kinds = [], [], []
            for _ in range(self.rng.randint(1, 3)):
                s = list(shape)
                s[axis] = self.rng.randint(0, 3)
                a, x, sh, dt = self.array(s, self.rng.choice(dtypes))
                items.append((x, sh))
                arrays.append(a)
                kinds.append(dt)
            want_dt = max(kinds, key=["bool", "int64", "float64"].index)
            conv = {"float64": float, "int64": int, "bool": bool}[want_dt]
            want, wshape = ref_concatenate(items, axis)
            want = build(wshape, lambda idx: conv(get(want, idx)))
            self.assertArray(lp.concatenate(arrays, axis - len(shape) * (self.rng.random() < .5)),
                             want, wshape, want_dt)

    def test_stack_family(self):
        a, b = lp.array([1, 2]), lp.array([3, 4])
        self.assertEqual(lp.stack([a, b]).tolist(), [[1, 2], [3, 4]])
        self.assertEqual(lp.stack([a, b], axis=-1).tolist(), [[1, 3], [2, 4]])
        self.assertEqual(lp.stack([lp.array(1), lp.array(2)]).tolist(), [1, 2])
        self.assertEqual(lp.vstack([a, b]).tolist(), [[1, 2], [3, 4]])
        self.assertEqual(lp.hstack([a, b]).tolist(), [1, 2, 3, 4])
        self.assertEqual(lp.hstack([lp.array([[1], [2]]), lp.array([[3], [4]])]).tolist(),
                         [[1, 3], [2, 4]])
        self.assertEqual(lp.dstack([a, b]).tolist(), [[[1, 3], [2, 4]]])
        self.assertEqual(lp.column_stack([a, b]).tolist(), [[1, 3], [2, 4]])
        self.assertEqual(lp.column_stack([a, lp.array([[5, 6], [7, 8]])]).tolist(),
                         [[1, 5, 6], [2, 7, 8]])
        self.assertEqual(lp.vstack([lp.array(1.0), lp.array(2.0)]).shape, (2, 1))
        with self.assertRaisesRegex(ValueError, r"same shape.*\(2,\).*\(3,\)"):
            lp.stack([a, lp.zeros(3)])
        with self.assertRaisesRegex(ValueError, "need at least one array to stack"):
            lp.stack([])
        with self.assertRaises(lp.AxisError):
            lp.stack([a, b], axis=2)
        with self.assertRaisesRegex(TypeError, "sequence"):
            lp.vstack(x for x in [a, b])

    def test_stack_random(self):
        for _ in range(100):
            shape = self.shape(0, 3)
            n = self.rng.randint(1, 3)
            parts = [self.array(shape, "int64") for _ in range(n)]
            axis = self.rng.randint(0, len(shape))
            out_shape = shape[:axis] + (n,) + shape[axis:]
            want = build(out_shape, lambda idx: get(parts[idx[axis]][1],
                                                    idx[:axis] + idx[axis + 1:]))
            self.assertArray(lp.stack([p[0] for p in parts], axis), want, out_shape, "int64")

    def test_split(self):
        a = lp.arange(6)
        parts = lp.split(a, 3)
        self.assertIsInstance(parts, list)
        self.assertEqual([p.tolist() for p in parts], [[0, 1], [2, 3], [4, 5]])
        self.assertEqual([p.tolist() for p in lp.split(a, [1, 4])], [[0], [1, 2, 3], [4, 5]])
        self.assertEqual([p.tolist() for p in lp.split(a, [4, 2, 10])],
                         [[0, 1, 2, 3], [], [2, 3, 4, 5], []])
        self.assertEqual([p.tolist() for p in lp.split(a, [-2])], [[0, 1, 2, 3], [4, 5]])
        self.assertEqual([p.tolist() for p in lp.array_split(lp.arange(7), 3)],
                         [[0, 1, 2], [3, 4], [5, 6]])
        self.assertEqual([p.tolist() for p in lp.array_split(lp.arange(2), 4)],
                         [[0], [1], [], []])
        m = lp.arange(12).reshape(3, 4)
        left, right = lp.split(m, 2, axis=1)
        self.assertEqual(right.tolist(), [[2, 3], [6, 7], [10, 11]])
        right += 100
        self.assertEqual(m.tolist()[0], [0, 1, 102, 103])
        with self.assertRaisesRegex(ValueError, "array split does not result in an equal "
                                                "division"):
            lp.split(a, 4)
        with self.assertRaisesRegex(ValueError, "number sections must be larger than 0"):
            lp.array_split(a, 0)
        with self.assertRaises(IndexError):
            lp.split(a, 2, axis=1)

    def test_split_random(self):
        for _ in range(150):
            a, x, shape, dt = self.array(min_ndim=1, max_dim=7)
            axis = self.rng.randrange(len(shape))
            n = shape[axis]
            if self.rng.random() < 0.5:
                sections = self.rng.randint(1, 4)
                each, extra = divmod(n, sections)
                sizes = [each + 1] * extra + [each] * (sections - extra)
                points = list(itertools.accumulate([0] + sizes))
            else:
                sections = sorted(self.rng.randint(0, n) for _ in range(self.rng.randint(0, 3)))
                points = [0] + sections + [n]
            parts = lp.array_split(a, sections, axis)
            self.assertEqual(len(parts), len(points) - 1)
            for part, start, stop in zip(parts, points, points[1:]):
                length = max(0, stop - start)
                pshape = shape[:axis] + (length,) + shape[axis + 1:]
                want = build(pshape, lambda idx: get(x, idx[:axis] + (idx[axis] + start,)
                                                     + idx[axis + 1:]))
                self.assertArray(part, want, pshape, dt)


class TestCopies(Case):
    def test_tile(self):
        a = lp.array([1, 2])
        self.assertEqual(lp.tile(a, 2).tolist(), [1, 2, 1, 2])
        self.assertEqual(lp.tile(a, (2, 2)).tolist(), [[1, 2, 1, 2], [1, 2, 1, 2]])
        self.assertEqual(lp.tile(lp.array([[1], [2]]), 3).tolist(), [[1, 1, 1], [2, 2, 2]])
        self.assertEqual(lp.tile(a, (2, 0, 2)).shape, (2, 0, 4))
        self.assertEqual(lp.tile(lp.array(5.0), ()).shape, ())
        t = lp.tile(a, 1)
        t += 1
        self.assertEqual(a.tolist(), [1, 2])
        with self.assertRaisesRegex(ValueError, "negative dimensions"):
            lp.tile(a, -1)

    def test_tile_random(self):
        for _ in range(150):
            a, x, shape, dt = self.array(max_ndim=3)
            reps = tuple(self.rng.randint(0, 3) for _ in range(self.rng.randint(0, 4)))
            want, wshape = ref_tile(x, shape, reps)
            self.assertArray(lp.tile(a, reps), want, wshape, dt)

    def test_repeat(self):
        a = lp.array([[1, 2], [3, 4]])
        self.assertEqual(lp.repeat(a, 2).tolist(), [1, 1, 2, 2, 3, 3, 4, 4])
        self.assertEqual(lp.repeat(a, [1, 2], axis=0).tolist(), [[1, 2], [3, 4], [3, 4]])
        self.assertEqual(lp.repeat(a, [0, 3], axis=-1).tolist(), [[2, 2, 2], [4, 4, 4]])
        self.assertEqual(a.repeat(2, axis=1).tolist(), [[1, 1, 2, 2], [3, 3, 4, 4]])
        self.assertEqual(lp.repeat(3, 4).tolist(), [3, 3, 3, 3])
        self.assertEqual(lp.repeat(a, [2], axis=0).shape, (4, 2))
        with self.assertRaisesRegex(ValueError, "negative"):
            lp.repeat(a, -1)
        with self.assertRaisesRegex(ValueError, r"\(2,\) \(3,\)"):
            lp.repeat(a, [1, 2, 3], axis=0)
        with self.assertRaises(lp.AxisError):
            lp.repeat(a, 2, axis=2)

    def test_repeat_random(self):
        for _ in range(150):
            a, x, shape, dt = self.array(max_ndim=3)
            if not shape or self.rng.random() < 0.3:
                flat = flatten(x, shape) if shape else [x]
                counts = [self.rng.randint(0, 3) for _ in flat]
                want = ref_repeat_flat(flat, counts)
                self.assertArray(lp.repeat(a, counts), want, (len(want),), dt)
                continue
            axis = self.rng.randrange(len(shape))
            counts = [self.rng.randint(0, 3) for _ in range(shape[axis])]
            src = ref_repeat_flat(list(range(shape[axis])), counts)
            out_shape = shape[:axis] + (len(src),) + shape[axis + 1:]
            want = build(out_shape, lambda idx: get(x, idx[:axis] + (src[idx[axis]],)
                                                    + idx[axis + 1:]))
            self.assertArray(lp.repeat(a, counts, axis), want, out_shape, dt)

    def test_roll(self):
        a = lp.arange(5)
        self.assertEqual(lp.roll(a, 2).tolist(), [3, 4, 0, 1, 2])
        self.assertEqual(lp.roll(a, -7).tolist(), [2, 3, 4, 0, 1])
        m = lp.arange(6).reshape(2, 3)
        self.assertEqual(lp.roll(m, 1).tolist(), [[5, 0, 1], [2, 3, 4]])
        self.assertEqual(lp.roll(m, 1, axis=1).tolist(), [[2, 0, 1], [5, 3, 4]])
        self.assertEqual(lp.roll(m, (1, 1), axis=(0, 1)).tolist(), [[5, 3, 4], [2, 0, 1]])
        self.assertEqual(lp.roll(m, (1, 2), axis=1).tolist(), [[0, 1, 2], [3, 4, 5]])
        r = lp.roll(m, 0)
        r += 1
        self.assertEqual(m.tolist(), [[0, 1, 2], [3, 4, 5]])
        with self.assertRaisesRegex(ValueError, "shape mismatch"):
            lp.roll(m, (1, 2), axis=(0, 1, 1))
        with self.assertRaisesRegex(ValueError, "scalars or 1D sequences"):
            lp.roll(m, [[1]], axis=0)
        with self.assertRaises(lp.AxisError):
            lp.roll(m, 1, axis=2)

    def test_roll_random(self):
        for _ in range(150):
            a, x, shape, dt = self.array(max_ndim=3)
            shift = self.rng.randint(-6, 6)
            flat = flatten(x, shape) if shape else [x]
            want = nest(ref_roll_flat(flat, shift), shape) if flat else x
            self.assertArray(lp.roll(a, shift), want, shape, dt)
            if shape:
                axis = self.rng.randrange(len(shape))
                n = shape[axis]
                want = build(shape, lambda idx: get(x, idx[:axis] + ((idx[axis] - shift) % n,)
                                                    + idx[axis + 1:]))
                self.assertArray(lp.roll(a, shift, axis), want, shape, dt)

    def test_pad_hand(self):
        a = lp.array([1, 2, 3])
        self.assertEqual(lp.pad(a, 2).tolist(), [0, 0, 1, 2, 3, 0, 0])
        self.assertEqual(lp.pad(a, (1, 2), constant_values=(7, 8)).tolist(), [7, 1, 2, 3, 8, 8])
        self.assertEqual(lp.pad(a, (2, 3), "edge").tolist(), [1, 1, 1, 2, 3, 3, 3, 3])
        self.assertEqual(lp.pad(a, (2, 3), "reflect").tolist(), [3, 2, 1, 2, 3, 2, 1, 2])
        self.assertEqual(lp.pad(a, (2, 3), "symmetric").tolist(), [2, 1, 1, 2, 3, 3, 2, 1])
        self.assertEqual(lp.pad(a, (2, 3), "wrap").tolist(), [2, 3, 1, 2, 3, 1, 2, 3])
        self.assertEqual(lp.pad(a, 5, "reflect").tolist(),
                         [2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2])
        self.assertEqual(lp.pad(a, 2, "reflect", reflect_type="odd").tolist(),
                         [-1, 0, 1, 2, 3, 4, 5])
        self.assertEqual(lp.pad(lp.array([1, 2, 4]), (2, 1), "symmetric",
                                reflect_type="odd").tolist(), [0, 1, 1, 2, 4, 4])
        self.assertEqual(lp.pad(lp.array([5]), 2, "reflect").tolist(), [5] * 5)
        self.assertEqual(lp.pad(a, 1, constant_values=1.7).tolist(), [1, 1, 2, 3, 1])
        self.assertEqual(lp.pad(lp.array(5), 3).tolist(), 5)
        m = lp.array([[1.0, 2.0], [3.0, 4.0]])
        self.assertEqual(lp.pad(m, ((1, 0), (0, 1)), constant_values=((8, 0), (0, 9))).tolist(),
                         [[8.0, 8.0, 9.0], [1.0, 2.0, 9.0], [3.0, 4.0, 9.0]])
        self.assertEqual(lp.pad(m, [[1], [2]]).shape, (4, 6))
        self.assertEqual(lp.pad(m, (1,)).shape, (4, 4))
        self.assertEqual(lp.pad(m.T, 1, "edge").tolist()[0], [1.0, 1.0, 3.0, 3.0])
        self.assertEqual(lp.pad(lp.zeros((0, 2)), 1).shape, (2, 4))

    def test_pad_errors(self):
        a = lp.array([1, 2, 3])
        with self.assertRaisesRegex(TypeError, "`pad_width` must be of integral type"):
            lp.pad(a, 1.5)
        with self.assertRaisesRegex(ValueError, "negative"):
            lp.pad(a, -1)
        with self.assertRaisesRegex(ValueError, "mode 'foo' is not supported"):
            lp.pad(a, 1, mode="foo")
        with self.assertRaisesRegex(ValueError, "unsupported keyword arguments for mode "
                                                "'edge'"):
            lp.pad(a, 1, mode="edge", constant_values=2)
        with self.assertRaisesRegex(ValueError, "can't extend empty axis 0"):
            lp.pad(lp.zeros(0), 1, mode="wrap")
        with self.assertRaisesRegex(ValueError, r"\(3, 2\).*\(2, 2\)"):
            lp.pad(lp.zeros((2, 2)), ((1, 2), (1, 2), (1, 1)))
        with self.assertRaises(NotImplementedError):
            lp.pad(a, 1, mode="mean")

    def test_pad_random(self):
        for _ in range(300):
            a, x, shape, dt = self.array(max_ndim=3)
            mode = self.rng.choice(["constant", "edge", "reflect", "symmetric", "wrap"])
            if mode != "constant" and 0 in shape:
                continue
            widths = [(self.rng.randint(0, 6), self.rng.randint(0, 6)) for _ in shape]
            conv = {"float64": float, "int64": int, "bool": bool}[dt]
            values = [(conv(self.rng.randint(1, 9)), conv(self.rng.randint(1, 9)))
                      for _ in shape]
            kwargs = {"constant_values": values} if mode == "constant" and shape else {}
            want, wshape = ref_pad(x, shape, widths, mode, values)
            self.assertArray(lp.pad(a, widths if shape else 0, mode, **kwargs), want, wshape, dt,
                             (shape, widths, mode))

    def test_tril_triu(self):
        m = lp.arange(1, 10).reshape(3, 3)
        self.assertEqual(lp.tril(m).tolist(), [[1, 0, 0], [4, 5, 0], [7, 8, 9]])
        self.assertEqual(lp.tril(m, -1).tolist(), [[0, 0, 0], [4, 0, 0], [7, 8, 0]])
        self.assertEqual(lp.triu(m).tolist(), [[1, 2, 3], [0, 5, 6], [0, 0, 9]])
        self.assertEqual(lp.triu(m, 1).tolist(), [[0, 2, 3], [0, 0, 6], [0, 0, 0]])
        self.assertEqual(lp.tril(lp.array([1, 2, 3])).tolist(), [[1, 0, 0], [1, 2, 0], [1, 2, 3]])
        self.assertEqual(lp.triu(lp.ones((2, 2, 3), dtype=bool), 1).tolist()[1],
                         [[False, True, True], [False, False, True]])
        with self.assertRaises(TypeError):
            lp.tril(lp.array(1))

    def test_tril_triu_random(self):
        for _ in range(150):
            a, x, shape, dt = self.array(min_ndim=2, max_ndim=4, max_dim=5)
            k = self.rng.randint(-4, 4)
            zero = {"float64": 0.0, "int64": 0, "bool": False}[dt]
            self.assertArray(lp.tril(a, k), build(shape, lambda idx: get(x, idx) if idx[-1] <=
                                                  idx[-2] + k else zero), shape, dt)
            self.assertArray(lp.triu(a, k), build(shape, lambda idx: get(x, idx) if idx[-1] >=
                                                  idx[-2] + k else zero), shape, dt)

    def test_meshgrid(self):
        x, y = lp.meshgrid(lp.array([1, 2, 3]), lp.array([4, 5]))
        self.assertEqual(x.tolist(), [[1, 2, 3], [1, 2, 3]])
        self.assertEqual(y.tolist(), [[4, 4, 4], [5, 5, 5]])
        i, j = lp.meshgrid([1, 2, 3], [4, 5], indexing="ij")
        self.assertEqual(i.tolist(), [[1, 1], [2, 2], [3, 3]])
        self.assertEqual(j.tolist(), [[4, 5], [4, 5], [4, 5]])
        xs, ys = lp.meshgrid([1, 2, 3], [4, 5], sparse=True)
        self.assertEqual((xs.shape, ys.shape), ((1, 3), (2, 1)))
        out = lp.meshgrid(lp.zeros(2), lp.zeros(3), lp.zeros(4))
        self.assertEqual([o.shape for o in out], [(3, 2, 4)] * 3)
        self.assertEqual(lp.meshgrid(), ())
        x += 1  # copies by default: independent, writable
        self.assertEqual(x.tolist()[1], [2, 3, 4])
        with self.assertRaisesRegex(ValueError, "'xy' and 'ij'"):
            lp.meshgrid([1], indexing="yx")


class TestSorting(Case):
    def test_sort_hand(self):
        a = lp.array([[3, 1, 2], [0, 5, 4]])
        self.assertEqual(lp.sort(a).tolist(), [[1, 2, 3], [0, 4, 5]])
        self.assertEqual(lp.sort(a, axis=0).tolist(), [[0, 1, 2], [3, 5, 4]])
        self.assertEqual(lp.sort(a, axis=None).tolist(), [0, 1, 2, 3, 4, 5])
        f = lp.array([NAN, 2.0, -INF, NAN, 1.0, INF])
        self.assertTrue(same(lp.sort(f).tolist(), [-INF, 1.0, 2.0, INF, NAN, NAN]))
        self.assertEqual(lp.sort(lp.array([True, False, True])).tolist(), [False, True, True])
        self.assertEqual(a.tolist(), [[3, 1, 2], [0, 5, 4]])  # sort() copies
        with self.assertRaises(lp.AxisError):
            lp.sort(lp.array(3))
        with self.assertRaisesRegex(ValueError, "sort kind"):
            lp.sort(a, kind="bogus")

    def test_sort_in_place(self):
        a = lp.array([[3, 1, 2], [0, 5, 4]])
        self.assertIsNone(a.sort())
        self.assertEqual(a.tolist(), [[1, 2, 3], [0, 4, 5]])
        b = lp.array([[3, 1], [0, 5], [2, 4]])
        t = b.T  # sorting a view sorts the base's elements
        t.sort(axis=0)  # t's columns are b's rows
        self.assertEqual(b.tolist(), [[1, 3], [0, 5], [2, 4]])
        t.sort()
        self.assertEqual(b.tolist(), [[0, 3], [1, 4], [2, 5]])
        with self.assertRaises(TypeError):
            b.sort(axis=None)

    def test_argsort_hand(self):
        self.assertEqual(lp.argsort(lp.array([3, 1, 2, 1])).tolist(), [1, 3, 2, 0])
        self.assertEqual(lp.argsort(lp.array([NAN, 1.0, NAN, 0.0])).tolist(), [3, 1, 0, 2])
        a = lp.array([[3, 1], [0, 5]])
        self.assertEqual(lp.argsort(a, axis=0).tolist(), [[1, 0], [0, 1]])
        self.assertEqual(a.argsort().tolist(), [[1, 0], [0, 1]])
        self.assertEqual(lp.argsort(a, axis=None).tolist(), [2, 1, 0, 3])
        self.assertEqual(lp.argsort(lp.array(7)).tolist(), [0])
        self.assertEqual(str(lp.argsort(lp.zeros(3)).dtype), "int64")

    def test_sort_argsort_random(self):
        for _ in range(200):
            a, x, shape, dt = self.array()
            if not shape:
                continue
            axis = self.rng.randrange(len(shape))
            n = shape[axis]

            def lane(idx):
                return [get(x, idx[:axis] + (i,) + idx[axis + 1:]) for i in range(n)]
            want_sorted = build(shape, lambda idx: sorted(lane(idx), key=sort_key)[idx[axis]])
            want_order = build(shape, lambda idx: sorted(range(n), key=lambda i: sort_key(
                lane(idx)[i]))[idx[axis]])
            self.assertArray(lp.sort(a, axis), want_sorted, shape, dt)
            self.assertArray(lp.argsort(a, axis - len(shape)), want_order, shape, "int64")
            copy = a.copy()
            copy.sort(axis)
            self.assertArray(copy, want_sorted, shape, dt)

    def test_unique_hand(self):
        a = lp.array([3, 1, 2, 1, 3, 3])
        self.assertEqual(lp.unique(a).tolist(), [1, 2, 3])
        values, index, inverse, counts = lp.unique(a, True, True, True)
        self.assertEqual(values.tolist(), [1, 2, 3])
        self.assertEqual(index.tolist(), [1, 2, 0])
        self.assertEqual(inverse.tolist(), [2, 0, 1, 0, 2, 2])
        self.assertEqual(counts.tolist(), [2, 1, 3])
        m = lp.array([[1, 0], [1, 0], [0, 2]])
        _, inv = lp.unique(m, return_inverse=True)
        self.assertEqual(inv.shape, (3, 2))  # NumPy 2: shaped like the input
        rows, inv, cnt = lp.unique(m, axis=0, return_inverse=True, return_counts=True)
        self.assertEqual(rows.tolist(), [[0, 2], [1, 0]])
        self.assertEqual(inv.tolist(), [1, 1, 0])
        self.assertEqual(cnt.tolist(), [1, 2])
        self.assertEqual(lp.unique(m, axis=1).tolist(), [[0, 1], [0, 1], [2, 0]])
        f = lp.array([NAN, 1.0, NAN, 1.0])
        self.assertTrue(same(lp.unique(f).tolist(), [1.0, NAN]))
        self.assertTrue(same(lp.unique(f, equal_nan=False).tolist(), [1.0, NAN, NAN]))
        values, index, counts = lp.unique(f, return_index=True, return_counts=True)
        self.assertEqual((index.tolist(), counts.tolist()), ([1, 0], [2, 2]))
        self.assertEqual(lp.unique(lp.zeros(0)).shape, (0,))
        _, inv = lp.unique(lp.array(5), return_inverse=True)
        self.assertEqual(inv.shape, ())

    def test_unique_random(self):
        for _ in range(200):
            a, x, shape, dt = self.array()
            flat = flatten(x, shape) if shape else [x]
            want = ref_unique(flat)
            values, index, inverse, counts = lp.unique(a, True, True, True)
            self.assertArray(values, want, (len(want),), dt)
            self.assertArray(lp.unique(a), want, (len(want),), dt)

            def matches(v, w):
                return (v != v and w != w) or v == w
            self.assertEqual(index.tolist(), [next(i for i, v in enumerate(flat) if matches(v, w))
                                              for w in want])
            self.assertEqual(counts.tolist(), [sum(matches(v, w) for v in flat) for w in want])
            self.assertEqual(inverse.shape, shape)
            self.assertEqual(lp.ravel(inverse).tolist(),
                             [next(i for i, w in enumerate(want) if matches(v, w)) for v in flat])

    def test_searchsorted(self):
        a = lp.array([1, 2, 2, 3])
        self.assertEqual(lp.searchsorted(a, 2), 1)
        self.assertEqual(type(lp.searchsorted(a, 2)), lp.int64)
        self.assertEqual(lp.searchsorted(a, 2, side="right"), 3)
        self.assertEqual(lp.searchsorted(a, [[0, 5], [2.5, 1]]).tolist(), [[0, 4], [3, 0]])
        self.assertEqual(a.searchsorted([2], "right").tolist(), [3])
        self.assertEqual(lp.searchsorted(lp.array([3, 1, 2]), 2, sorter=[1, 2, 0]), 1)
        f = lp.array([1.0, 2.0, NAN])
        self.assertEqual(lp.searchsorted(f, [NAN, 3.0, 0.0]).tolist(), [2, 2, 0])
        self.assertEqual(lp.searchsorted(f, [NAN, 3.0, 0.0], "right").tolist(), [3, 2, 0])
        with self.assertRaisesRegex(ValueError, "too deep"):
            lp.searchsorted(lp.zeros((2, 2)), 1)
        with self.assertRaisesRegex(ValueError, "'left' or 'right'"):
            lp.searchsorted(a, 1, side="middle")
        with self.assertRaisesRegex(ValueError, "sorter.size must equal a.size"):
            lp.searchsorted(a, 1, sorter=[0, 1])

    def test_searchsorted_random(self):
        for _ in range(200):
            n = self.rng.randint(0, 8)
            keys = sorted(self.flat(n, "float64"), key=sort_key)
            a = self.layout(keys, (n,), "float64")
            probes = self.flat(self.rng.randint(0, 5), "float64")
            for side in ("left", "right"):
                def ref(v):
                    if side == "left":
                        return sum(sort_key(k) < sort_key(v) for k in keys)
                    return sum(sort_key(k) <= sort_key(v) for k in keys)
                got = lp.searchsorted(a, lp.array(probes, dtype=float), side)
                self.assertEqual(got.tolist(), [ref(v) for v in probes], (keys, probes, side))

    def test_nonzero_argwhere_count(self):
        a = lp.array([[0, 1, 0], [2, 0, 3]])
        rows, cols = lp.nonzero(a)
        self.assertEqual((rows.tolist(), cols.tolist()), ([0, 1, 1], [1, 0, 2]))
        self.assertEqual(str(rows.dtype), "int64")
        self.assertEqual([i.tolist() for i in a.nonzero()], [[0, 1, 1], [1, 0, 2]])
        self.assertEqual(lp.nonzero(lp.array([0.0, NAN, -0.0]))[0].tolist(), [1])
        self.assertEqual(lp.argwhere(a).tolist(), [[0, 1], [1, 0], [1, 2]])
        self.assertEqual(lp.argwhere(lp.array(3)).shape, (1, 0))
        self.assertEqual(lp.argwhere(lp.zeros((2, 0))).shape, (0, 2))
        self.assertEqual(lp.count_nonzero(a), 3)
        self.assertEqual(type(lp.count_nonzero(a)), lp.int64)
        self.assertEqual(lp.count_nonzero(a, axis=0).tolist(), [1, 1, 1])
        self.assertEqual(lp.count_nonzero(a, axis=1).tolist(), [1, 2])
        self.assertEqual(lp.count_nonzero(a, axis=(0, 1)), 3)
        self.assertEqual(lp.count_nonzero(a, keepdims=True).tolist(), [[3]])
        self.assertEqual(lp.count_nonzero(a.T, axis=0, keepdims=True).tolist(), [[1, 2]])
        with self.assertRaisesRegex(ValueError, "nonzero on 0d arrays"):
            lp.nonzero(lp.array(1))
        with self.assertRaises(lp.AxisError):
            lp.count_nonzero(a, axis=2)

    def test_nonzero_random(self):
        for _ in range(200):
            a, x, shape, dt = self.array(min_ndim=1)
            where = [idx for idx in itertools.product(*map(range, shape)) if get(x, idx)]
            got = lp.nonzero(a)
            self.assertEqual(len(got), len(shape))
            for k, coords in enumerate(got):
                self.assertEqual(coords.tolist(), [idx[k] for idx in where])
            self.assertArray(lp.argwhere(a), [list(idx) for idx in where],
                             (len(where), len(shape)), "int64")
            self.assertEqual(lp.count_nonzero(a), len(where))
            axis = self.rng.randrange(len(shape))
            rest = shape[:axis] + shape[axis + 1:]
            want = build(rest, lambda idx: sum(1 for i in range(shape[axis])
                                               if get(x, idx[:axis] + (i,) + idx[axis:])))
            got = lp.count_nonzero(a, axis=axis)
            if rest:
                self.assertArray(got, want, rest, "int64")
            else:
                self.assertEqual(got, want)


class TestComparisons(Case):
    def test_isclose_hand(self):
        a = lp.array([1.0, 1.0 + 1e-9, 1.1, INF, -INF, NAN, INF])
        b = lp.array([1.0, 1.0, 1.0, INF, -INF, NAN, -INF])
        self.assertEqual(lp.isclose(a, b).tolist(), [True, True, False, True, True, False, False])
        self.assertEqual(lp.isclose(a, b, equal_nan=True).tolist()[5], True)
        self.assertIs(lp.isclose(1.0, 1.0 + 1e-9), True)
        self.assertEqual(lp.isclose(lp.array([[1], [2]]), lp.array([1, 2])).tolist(),
                         [[True, False], [False, True]])
        self.assertEqual(lp.isclose([1e-9], [0.0]).tolist(), [True])
        self.assertEqual(lp.isclose([1e-9], [0.0], atol=0).tolist(), [False])
        self.assertEqual(lp.isclose([100.0], [101.0], rtol=0.01).tolist(), [True])
        self.assertEqual(lp.isclose([101.5], [100.0], rtol=0.01, atol=0).tolist(), [False])
        self.assertEqual(lp.isclose(lp.array([True, False]), 1).tolist(), [True, False])
        with self.assertRaisesRegex(ValueError, r"\(2,\).*\(3,\)"):
            lp.isclose(lp.zeros(2), lp.zeros(3))

    def test_allclose_array_equal(self):
        a = lp.array([1.0, 2.0, NAN])
        self.assertIs(lp.allclose(a[:2], [1.0, 2.0 + 1e-7]), True)
        self.assertIs(lp.allclose(a, a), False)
        self.assertIs(lp.allclose(a, a, equal_nan=True), True)
        self.assertIs(lp.allclose(lp.zeros(0), 1.0), True)
        self.assertIs(lp.array_equal(lp.array([1, 2]), [1.0, 2.0]), True)
        self.assertIs(lp.array_equal(lp.array([1, 2]), [1, 2, 3]), False)
        self.assertIs(lp.array_equal(a, a), False)
        self.assertIs(lp.array_equal(a, a.copy(), equal_nan=True), True)
        self.assertIs(lp.array_equal(a, lp.array([1.0, NAN, NAN]), equal_nan=True), False)
        self.assertIs(lp.array_equal(lp.array([True, False]), [1, 0]), True)
        self.assertIs(lp.array_equal(lp.arange(4).reshape(2, 2).T, [[0, 2], [1, 3]]), True)

    def test_isclose_random(self):
        for _ in range(200):
            a, x, shape, _ = self.array(max_ndim=3, dtype="float64")
            b, y, _, _ = self.array(shape, dtype=self.rng.choice(["float64", "int64"]))
            eq = self.rng.random() < 0.5

            def close(u, v):
                u, v = float(u), float(v)
                if u == v or (eq and u != u and v != v):
                    return True
                return math.isfinite(v) and abs(u - v) <= 1e-8 + 1e-5 * abs(v)
            want = build(shape, lambda idx: close(get(x, idx), get(y, idx))) if shape else \
                close(x, y)
            got = lp.isclose(a, b, equal_nan=eq)
            if shape:
                self.assertArray(got, want, shape, "bool")
            else:
                self.assertIs(got, want)
            flat = flatten(want, shape) if shape else [want]
            self.assertIs(lp.allclose(a, b, equal_nan=eq), all(flat))


if __name__ == "__main__":
    unittest.main()
