"""latpy's manipulation, sorting and comparison functions against NumPy.

Random arrays of random shapes (0-d, size-1 and size-0 dimensions included),
dtypes and memory layouts (contiguous, transposed, flipped, sliced views) go
through the same function in both libraries; results must match exactly
(shape, dtype and every element, NaN matching NaN), and where NumPy raises,
latpy must raise the same exception class.
"""

import math
import random
import unittest
import zlib

try:
    import numpy as np
except ImportError:  # pragma: no cover - the oracle needs NumPy
    np = None

import latpy as lp

CASES = 150


def _from_numpy(x):
    """A contiguous latpy array with the values, shape and dtype of NumPy array `x`."""
    return lp.array(x.ravel().tolist(), dtype=str(x.dtype)).reshape(x.shape)


def _same(x, y):
    """Nested equality where NaN equals NaN and types must agree (bool/int/float)."""
    if isinstance(x, list) or isinstance(y, list):
        return (isinstance(x, list) and isinstance(y, list) and len(x) == len(y)
                and all(_same(p, q) for p, q in zip(x, y)))
    if type(x) is not type(y):
        return False
    if isinstance(x, float) and math.isnan(x):
        return math.isnan(y)
    return x == y


@unittest.skipUnless(np is not None, "NumPy is not installed")
class OracleCase(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(zlib.crc32(self._testMethodName.encode()))

    # ------------------------------------------------------------ generators
    def shape(self, min_ndim=0, max_ndim=4, max_dim=4, allow_zero=True):
        rng = self.rng
        ndim = rng.randint(min_ndim, max_ndim)
        dims = []
        for _ in range(ndim):
            r = rng.random()
            if allow_zero and r < 0.07:
                dims.append(0)
            elif r < 0.3:
                dims.append(1)
            else:
                dims.append(rng.randint(2, max_dim))
        return tuple(dims)

    def values(self, shape, dtype=None, special=True):
        """A NumPy array of `shape` with random values of a random dtype."""
        rng = self.rng
        dtype = dtype or rng.choice(["float64", "float64", "int64", "bool"])
        n = int(np.prod(shape)) if shape else 1
        if dtype == "bool":
            flat = [rng.random() < 0.5 for _ in range(n)]
        elif dtype == "int64":
            flat = [rng.randint(-4, 4) for _ in range(n)]
        else:
            pool = [rng.randint(-3, 3) / 2 for _ in range(4)]
            flat = []
            for _ in range(n):
                r = rng.random()
                if special and r < 0.08:
                    flat.append(float("nan"))
                elif special and r < 0.12:
                    flat.append(rng.choice([float("inf"), -float("inf")]))
                elif r < 0.5:
                    flat.append(rng.choice(pool))  # duplicates
                else:
                    flat.append(round(rng.uniform(-5, 5), 3))
        return np.array(flat, dtype=dtype).reshape(shape)

    def to_lp(self, x):
        """`x` as a latpy array in a random memory layout with the same values."""
        rng = self.rng
        layout = rng.choice(["contiguous", "transposed", "flipped", "sliced", "moved"])
        if layout == "transposed" and x.ndim >= 2:
            return _from_numpy(x.T).T
        if layout == "flipped" and x.ndim >= 1:
            axes = tuple(sorted(rng.sample(range(x.ndim), rng.randint(1, x.ndim))))
            return lp.flip(_from_numpy(np.flip(x, axes)), axes)
        if layout == "sliced" and x.ndim >= 1:
            k = rng.randrange(x.ndim)
            extra = self.values(x.shape[:k] + (2,) + x.shape[k + 1:], str(x.dtype))
            base = _from_numpy(np.concatenate([extra[tuple(slice(None) if i != k else slice(0, 1)
                                                          for i in range(x.ndim))], x, extra],
                                              axis=k))
            return lp.array_split(base, [1, 1 + x.shape[k]], axis=k)[1]
        if layout == "moved" and x.ndim >= 2:
            src, dst = rng.sample(range(x.ndim), 2)
            return lp.moveaxis(_from_numpy(np.moveaxis(x, dst, src)), src, dst)
        return _from_numpy(x)

    def pair(self, shape=None, dtype=None, **kw):
        x = self.values(self.shape(**kw) if shape is None else shape, dtype)
        a = self.to_lp(x)
        self.assertSame(a, x)
        return a, x

    # ----------------------------------------------------------- assertions
    def assertSame(self, got, want, msg=None):
        if isinstance(want, (tuple, list)) and not isinstance(want, np.ndarray):
            self.assertIsInstance(got, (tuple, list), msg)
            self.assertEqual(len(got), len(want), msg)
            for g, w in zip(got, want):
                self.assertSame(g, w, msg)
            return
        if isinstance(want, np.ndarray):
            self.assertIsInstance(got, lp.NDArray, msg)
            self.assertEqual(got.shape, want.shape, msg)
            self.assertEqual(str(got.dtype), str(want.dtype), msg)
            self.assertTrue(_same(got.tolist(), want.tolist()),
                            f"{msg}: got {got.tolist()} want {want.tolist()}")
            return
        want = want.item() if hasattr(want, "item") else want
        got_plain = got.item() if hasattr(got, "item") else got
        self.assertTrue(_same(got_plain, want), f"{msg}: got {got!r} want {want!r}")

    def check_both(self, lp_call, np_call, msg=None):
        """Run both; results must match, or both must raise the same class."""
        try:
            with np.errstate(all="ignore"):
                want = np_call()
        except Exception as err:  # NumPy raised: latpy must raise the same class
            with self.assertRaises(type(err) if not isinstance(err, np.exceptions.AxisError)
                                   else lp.AxisError, msg=f"{msg}: numpy raised {err!r}"):
                lp_call()
            return None
        got = lp_call()
        self.assertSame(got, want, msg)
        return got


@unittest.skipUnless(np is not None, "NumPy is not installed")
class TestViewsAgainstNumPy(OracleCase):
    def test_broadcast_to(self):
        for _ in range(CASES):
            a, x = self.pair(max_ndim=3)
            target = list(x.shape)
            for i, d in enumerate(target):
                if d == 1 and self.rng.random() < 0.6:
                    target[i] = self.rng.randint(0, 3)
            if self.rng.random() < 0.5:
                target = [self.rng.randint(1, 3)] + target
            if self.rng.random() < 0.15:
                target = [self.rng.randint(0, 3) for _ in target]
            self.check_both(lambda: lp.broadcast_to(a, tuple(target)),
                            lambda: np.broadcast_to(x, tuple(target)), (x.shape, target))

    def test_broadcast_arrays(self):
        for _ in range(CASES):
            shape = self.shape(max_ndim=3)
            arrays = []
            for _ in range(self.rng.randint(1, 3)):
                s = tuple(d if self.rng.random() < 0.6 else 1 for d in shape)
                s = s[self.rng.randint(0, len(s)):] if self.rng.random() < 0.3 else s
                if self.rng.random() < 0.1:
                    s = self.shape(max_ndim=3)
                arrays.append(self.pair(shape=s))
            self.check_both(lambda: lp.broadcast_arrays(*[a for a, _ in arrays]),
                            lambda: np.broadcast_arrays(*[x for _, x in arrays]))

    def test_expand_dims_squeeze(self):
        for _ in range(CASES):
            a, x = self.pair()
            n = self.rng.randint(1, 2)
            axis = tuple(self.rng.randint(-x.ndim - n - 1, x.ndim + n) for _ in range(n))
            axis = axis[0] if n == 1 and self.rng.random() < 0.5 else axis
            self.check_both(lambda: lp.expand_dims(a, axis), lambda: np.expand_dims(x, axis),
                            (x.shape, axis))
            ones = [i for i, d in enumerate(x.shape) if d == 1]
            sq = None if self.rng.random() < 0.4 else tuple(self.rng.sample(
                range(x.ndim), self.rng.randint(0, x.ndim))) if x.ndim else None
            self.check_both(lambda: lp.squeeze(a, sq), lambda: np.squeeze(x, sq),
                            (x.shape, sq, ones))

    def test_moveaxis_swapaxes_transpose(self):
        for _ in range(CASES):
            a, x = self.pair(min_ndim=1)
            nd = x.ndim
            k = self.rng.randint(1, nd)
            src = self.rng.sample(range(-nd, nd), k)
            dst = self.rng.sample(range(-nd, nd), k)
            if self.rng.random() < 0.1:
                dst = dst[:-1] or [nd]
            self.check_both(lambda: lp.moveaxis(a, src, dst), lambda: np.moveaxis(x, src, dst),
                            (x.shape, src, dst))
            i, j = self.rng.randint(-nd, nd), self.rng.randint(-nd, nd)
            self.check_both(lambda: lp.swapaxes(a, i, j), lambda: np.swapaxes(x, i, j))
            perm = list(range(nd))
            self.rng.shuffle(perm)
            if self.rng.random() < 0.1:
                perm = perm[:-1]
            self.check_both(lambda: lp.transpose(a, perm), lambda: np.transpose(x, perm))
            self.check_both(lambda: lp.transpose(a), lambda: np.transpose(x))

    def test_reshape_ravel(self):
        for _ in range(CASES):
            a, x = self.pair()
            dims = [d for d in x.shape] or [1]
            self.rng.shuffle(dims)
            target = list(dims) + [1] * self.rng.randint(0, 1)
            if target and self.rng.random() < 0.4:
                target[self.rng.randrange(len(target))] = -1
            self.check_both(lambda: lp.reshape(a, target), lambda: np.reshape(x, target))
            self.check_both(lambda: lp.ravel(a), lambda: np.ravel(x))

    def test_flip(self):
        for _ in range(CASES):
            a, x = self.pair()
            choice = self.rng.random()
            if choice < 0.3 or not x.ndim:
                axis = None
            elif choice < 0.6:
                axis = self.rng.randint(-x.ndim, x.ndim - 1)
            else:
                axis = tuple(self.rng.sample(range(x.ndim), self.rng.randint(0, x.ndim)))
            self.check_both(lambda: lp.flip(a, axis), lambda: np.flip(x, axis))
            self.check_both(lambda: lp.fliplr(a), lambda: np.fliplr(x))
            self.check_both(lambda: lp.flipud(a), lambda: np.flipud(x))

    def test_diagonal_and_diag(self):
        for _ in range(CASES):
            a, x = self.pair(min_ndim=1)
            off = self.rng.randint(-4, 4)
            if x.ndim >= 2:
                ax1, ax2 = self.rng.sample(range(-x.ndim, x.ndim), 2)
                self.check_both(lambda: lp.diagonal(a, off, ax1, ax2),
                                lambda: np.diagonal(x, off, ax1, ax2), (x.shape, off, ax1, ax2))
                self.check_both(lambda: a.diagonal(off), lambda: x.diagonal(off))
            self.check_both(lambda: lp.diag(a, off), lambda: np.diag(x, off))

    def test_atleast(self):
        for _ in range(CASES):
            a, x = self.pair()
            b, y = self.pair()
            for lf, nf in ((lp.atleast_1d, np.atleast_1d), (lp.atleast_2d, np.atleast_2d),
                           (lp.atleast_3d, np.atleast_3d)):
                self.check_both(lambda: lf(a), lambda: nf(x))
                self.check_both(lambda: lf(a, b), lambda: nf(x, y))

    def test_shape_ndim_size_copy(self):
        for _ in range(CASES // 3):
            a, x = self.pair()
            self.assertEqual(lp.shape(a), np.shape(x))
            self.assertEqual(lp.ndim(a), np.ndim(x))
            self.assertEqual(lp.size(a), np.size(x))
            if x.ndim:
                ax = self.rng.randint(-x.ndim, x.ndim - 1)
                self.assertEqual(lp.size(a, ax), np.size(x, ax))
            self.check_both(lambda: lp.copy(a), lambda: np.copy(x))
            nested = x.tolist()
            self.assertEqual(lp.shape(nested), np.shape(nested))


@unittest.skipUnless(np is not None, "NumPy is not installed")
class TestJoinSplitAgainstNumPy(OracleCase):
    def _family(self, ndim_range=(1, 3)):
        """Arrays that share a shape except, sometimes, along one axis."""
        shape = list(self.shape(*ndim_range))
        k = self.rng.randrange(len(shape)) if shape else 0
        out = []
        for _ in range(self.rng.randint(1, 3)):
            s = list(shape)
            if s and self.rng.random() < 0.7:
                s[k] = self.rng.randint(0, 3)
            if self.rng.random() < 0.05:
                s = list(self.shape(*ndim_range))
            out.append(self.pair(shape=tuple(s)))
        return out, k

    def test_concatenate(self):
        for _ in range(CASES):
            arrays, k = self._family((0, 3))
            axis = None if self.rng.random() < 0.15 else k - (self.rng.random() < 0.3) * len(
                arrays[0][1].shape)
            self.check_both(lambda: lp.concatenate([a for a, _ in arrays], axis=axis),
                            lambda: np.concatenate([x for _, x in arrays], axis=axis),
                            ([x.shape for _, x in arrays], axis))

    def test_stack_family(self):
        for _ in range(CASES):
            shape = self.shape(0, 3)
            n = self.rng.randint(1, 3)
            arrays = [self.pair(shape=shape if self.rng.random() < 0.9 else self.shape(0, 3))
                      for _ in range(n)]
            la, nx = [a for a, _ in arrays], [x for _, x in arrays]
            axis = self.rng.randint(-len(shape) - 1, len(shape))
            self.check_both(lambda: lp.stack(la, axis), lambda: np.stack(nx, axis))
            for lf, nf in ((lp.vstack, np.vstack), (lp.hstack, np.hstack),
                           (lp.dstack, np.dstack), (lp.column_stack, np.column_stack)):
                self.check_both(lambda: lf(la), lambda: nf(nx), (lf.__name__, shape))

    def test_stack_family_mixed_shapes(self):
        for _ in range(CASES):
            arrays, _ = self._family((1, 2))
            la, nx = [a for a, _ in arrays], [x for _, x in arrays]
            for lf, nf in ((lp.vstack, np.vstack), (lp.hstack, np.hstack),
                           (lp.dstack, np.dstack), (lp.column_stack, np.column_stack)):
                self.check_both(lambda: lf(la), lambda: nf(nx), lf.__name__)

    def test_split(self):
        for _ in range(CASES):
            a, x = self.pair(min_ndim=1, max_dim=7)
            axis = self.rng.randint(-x.ndim, x.ndim - 1)
            if self.rng.random() < 0.5:
                sections = self.rng.randint(1, 5)
            else:
                sections = [self.rng.randint(-3, 8) for _ in range(self.rng.randint(0, 3))]
            self.check_both(lambda: lp.split(a, sections, axis),
                            lambda: np.split(x, sections, axis), (x.shape, sections, axis))
            self.check_both(lambda: lp.array_split(a, sections, axis),
                            lambda: np.array_split(x, sections, axis), (x.shape, sections))


@unittest.skipUnless(np is not None, "NumPy is not installed")
class TestCopiesAgainstNumPy(OracleCase):
    def test_tile(self):
        for _ in range(CASES):
            a, x = self.pair(max_ndim=3)
            reps = tuple(self.rng.randint(0, 3) for _ in range(self.rng.randint(0, 4)))
            reps = reps[0] if len(reps) == 1 and self.rng.random() < 0.5 else reps
            self.check_both(lambda: lp.tile(a, reps), lambda: np.tile(x, reps), (x.shape, reps))

    def test_repeat(self):
        for _ in range(CASES):
            a, x = self.pair(max_ndim=3)
            axis = None if self.rng.random() < 0.3 or not x.ndim else self.rng.randint(
                -x.ndim, x.ndim - 1)
            n = x.size if axis is None else x.shape[axis]
            r = self.rng.random()
            if r < 0.4:
                repeats = self.rng.randint(0, 3)
            elif r < 0.9:
                repeats = [self.rng.randint(0, 3) for _ in range(n)]
            else:
                repeats = [self.rng.randint(0, 3) for _ in range(self.rng.randint(1, 4))]
            self.check_both(lambda: lp.repeat(a, repeats, axis),
                            lambda: np.repeat(x, repeats, axis), (x.shape, repeats, axis))
            self.check_both(lambda: a.repeat(repeats, axis), lambda: x.repeat(repeats, axis))

    def test_roll(self):
        for _ in range(CASES):
            a, x = self.pair()
            r = self.rng.random()
            if r < 0.3 or not x.ndim:
                shift, axis = self.rng.randint(-7, 7), None
            elif r < 0.6:
                shift, axis = self.rng.randint(-7, 7), self.rng.randint(-x.ndim, x.ndim - 1)
            else:
                k = self.rng.randint(1, 3)
                shift = tuple(self.rng.randint(-7, 7) for _ in range(k))
                axis = tuple(self.rng.randint(-x.ndim, x.ndim - 1)
                             for _ in range(k if self.rng.random() < 0.8 else 1))
            self.check_both(lambda: lp.roll(a, shift, axis), lambda: np.roll(x, shift, axis),
                            (x.shape, shift, axis))

    def _pad_width(self, ndim):
        rng = self.rng
        r = rng.random()
        if r < 0.25:
            return rng.randint(0, 4)
        if r < 0.45:
            return (rng.randint(0, 4), rng.randint(0, 4))
        if r < 0.55:
            return ((rng.randint(0, 4), rng.randint(0, 4)),)
        return tuple((rng.randint(0, 7), rng.randint(0, 7)) for _ in range(ndim))

    def test_pad(self):
        for _ in range(CASES * 2):
            a, x = self.pair(max_ndim=3)
            width = self._pad_width(x.ndim)
            mode = self.rng.choice(["constant", "edge", "reflect", "symmetric", "wrap"])
            kwargs = {}
            if mode == "constant" and self.rng.random() < 0.6:
                kwargs["constant_values"] = self.rng.choice(
                    [7, 2.5, ((1, 2),) * x.ndim or 3, (4, 5)])
            if mode in ("reflect", "symmetric") and self.rng.random() < 0.5:
                kwargs["reflect_type"] = "odd" if x.dtype != bool else "even"
            self.check_both(lambda: lp.pad(a, width, mode, **kwargs),
                            lambda: np.pad(x, width, mode, **kwargs), (x.shape, width, mode,
                                                                       kwargs))

    def test_tril_triu(self):
        for _ in range(CASES):
            a, x = self.pair(min_ndim=1, max_ndim=4)
            k = self.rng.randint(-4, 4)
            self.check_both(lambda: lp.tril(a, k), lambda: np.tril(x, k), (x.shape, k))
            self.check_both(lambda: lp.triu(a, k), lambda: np.triu(x, k), (x.shape, k))

    def test_meshgrid(self):
        for _ in range(CASES):
            xs = [self.pair(max_ndim=2) for _ in range(self.rng.randint(0, 3))]
            kw = {"indexing": self.rng.choice(["xy", "ij"]),
                  "sparse": self.rng.random() < 0.3}
            self.check_both(lambda: lp.meshgrid(*[a for a, _ in xs], **kw),
                            lambda: np.meshgrid(*[x for _, x in xs], **kw))


@unittest.skipUnless(np is not None, "NumPy is not installed")
class TestSortingAgainstNumPy(OracleCase):
    def test_sort(self):
        for _ in range(CASES * 2):
            a, x = self.pair()
            axis = None if self.rng.random() < 0.2 else self.rng.randint(-x.ndim - 1, x.ndim)
            self.check_both(lambda: lp.sort(a, axis), lambda: np.sort(x, axis), (x.tolist(),
                                                                                 axis))

    def test_sort_in_place(self):
        for _ in range(CASES):
            a, x = self.pair(min_ndim=1)
            axis = self.rng.randint(-x.ndim, x.ndim - 1)
            self.assertIsNone(a.sort(axis))
            x.sort(axis)
            self.assertSame(a, x)

    def test_argsort(self):
        for _ in range(CASES * 2):
            a, x = self.pair()
            axis = None if self.rng.random() < 0.2 else self.rng.randint(-x.ndim - 1, x.ndim)
            self.check_both(lambda: lp.argsort(a, axis),
                            lambda: np.argsort(x, axis, kind="stable"), (x.shape, axis))
            self.check_both(lambda: a.argsort(axis), lambda: x.argsort(axis, stable=True))

    def test_unique(self):
        for _ in range(CASES * 2):
            a, x = self.pair()
            flags = {k: self.rng.random() < 0.5
                     for k in ("return_index", "return_inverse", "return_counts")}
            equal_nan = self.rng.random() < 0.7
            if flags["return_inverse"] and not equal_nan:
                # NumPy orders separate NaNs by an unstable sort unless return_index
                flags["return_index"] = True
            self.check_both(lambda: lp.unique(a, **flags, equal_nan=equal_nan),
                            lambda: np.unique(x, **flags, equal_nan=equal_nan),
                            (x.tolist(), flags, equal_nan))

    def test_unique_axis(self):
        for _ in range(CASES):
            x = self.values(self.shape(1, 3), self.rng.choice(["int64", "bool"]))
            if x.ndim and x.shape[0] > 1 and self.rng.random() < 0.5:
                x = np.concatenate([x, x[::-1]])  # repeated rows
            a = self.to_lp(x)
            axis = self.rng.randint(-x.ndim, x.ndim - 1)
            flags = {k: self.rng.random() < 0.5
                     for k in ("return_index", "return_inverse", "return_counts")}
            self.check_both(lambda: lp.unique(a, axis=axis, **flags),
                            lambda: np.unique(x, axis=axis, **flags), (x.tolist(), axis))

    def test_searchsorted(self):
        for _ in range(CASES * 2):
            x = np.sort(self.values(self.shape(1, 1, max_dim=8)))
            a = self.to_lp(x)
            v = self.values(self.shape(0, 2), str(x.dtype))
            vv = v.item() if v.ndim == 0 and self.rng.random() < 0.5 else v
            side = self.rng.choice(["left", "right"])
            lv = vv if not isinstance(vv, np.ndarray) else self.to_lp(vv)
            self.check_both(lambda: lp.searchsorted(a, lv, side),
                            lambda: np.searchsorted(x, vv, side), (x.tolist(), v.tolist(), side))
            self.check_both(lambda: a.searchsorted(lv, side), lambda: x.searchsorted(vv, side))
            perm = list(range(x.size))
            self.rng.shuffle(perm)
            xs = x[np.argsort(perm)]  # xs[perm] is sorted
            self.check_both(lambda: lp.searchsorted(_from_numpy(xs), lv, side, perm),
                            lambda: np.searchsorted(xs, vv, side, perm))

    def test_nonzero_argwhere_count(self):
        for _ in range(CASES * 2):
            a, x = self.pair()
            self.check_both(lambda: lp.nonzero(a), lambda: np.nonzero(x))
            self.check_both(lambda: lp.argwhere(a), lambda: np.argwhere(x))
            self.check_both(lambda: lp.count_nonzero(a), lambda: np.count_nonzero(x))
            r = self.rng.random()
            if r < 0.5 and x.ndim:
                axis = self.rng.randint(-x.ndim, x.ndim - 1)
            else:
                axis = tuple(self.rng.sample(range(x.ndim), self.rng.randint(0, x.ndim)))
            keep = self.rng.random() < 0.3
            self.check_both(lambda: lp.count_nonzero(a, axis, keepdims=keep),
                            lambda: np.count_nonzero(x, axis, keepdims=keep))

    def test_isclose_allclose_array_equal(self):
        for _ in range(CASES * 2):
            a, x = self.pair(max_ndim=3)
            if self.rng.random() < 0.6:
                y = x.astype(float) + np.array([self.rng.choice([0, 1e-9, 1e-6, 1e-3, 1])
                                               for _ in range(x.size)]).reshape(x.shape)
                if self.rng.random() < 0.5 and x.ndim:
                    y = y[..., :1] if x.shape[-1] else y
            else:
                y = self.values(self.shape(max_ndim=3))
            b = self.to_lp(y)
            kw = {"equal_nan": self.rng.random() < 0.5}
            if self.rng.random() < 0.3:
                kw.update(rtol=self.rng.choice([0.0, 1e-3]), atol=self.rng.choice([0.0, 1e-2]))
            self.check_both(lambda: lp.isclose(a, b, **kw), lambda: np.isclose(x, y, **kw))
            self.check_both(lambda: lp.allclose(a, b, **kw), lambda: np.allclose(x, y, **kw))
            got = lp.array_equal(a, b, equal_nan=kw["equal_nan"])
            self.assertIs(got, np.array_equal(x, y, equal_nan=kw["equal_nan"]))
            self.assertIs(lp.array_equal(a, a.copy(), equal_nan=True),
                          np.array_equal(x, x.copy(), equal_nan=True))


@unittest.skipUnless(np is not None, "NumPy is not installed")
class TestEdgeCasesAgainstNumPy(OracleCase):
    """Hand-picked calls, valid and invalid: same result or same exception class."""

    def test_calls(self):
        A = np.arange(6).reshape(2, 3)
        F = np.array([[1.5, -2.0, np.nan], [0.0, np.inf, 3.0]])
        B = np.array([True, False, True])
        cases = [
            ("concatenate", lambda m, a, f, b: m.concatenate([a, f])),
            ("concatenate dtype", lambda m, a, f, b: m.concatenate([a, b[:2, None] * 1],
                                                                    axis=1, dtype=float)),
            ("concatenate cast", lambda m, a, f, b: m.concatenate([f, a], dtype=int)),
            ("concatenate unsafe", lambda m, a, f, b: m.concatenate(
                [f[:, :2], a], dtype=int, casting="unsafe") if False else m.concatenate(
                [a, a], dtype=bool, casting="unsafe")),
            ("concatenate bad casting", lambda m, a, f, b: m.concatenate([a], casting="x")),
            ("concatenate empty", lambda m, a, f, b: m.concatenate([])),
            ("concatenate 0-d", lambda m, a, f, b: m.concatenate([a[0, 0], a[0, 0]])),
            ("concatenate ndim", lambda m, a, f, b: m.concatenate([a, b])),
            ("concatenate axis", lambda m, a, f, b: m.concatenate([a, a], axis=2)),
            ("concatenate None", lambda m, a, f, b: m.concatenate([a, b], axis=None)),
            ("stack empty", lambda m, a, f, b: m.stack([])),
            ("stack shapes", lambda m, a, f, b: m.stack([a, a.T])),
            ("stack generator", lambda m, a, f, b: m.stack(x for x in [a, a])),
            ("vstack generator", lambda m, a, f, b: m.vstack(x for x in [a, a])),
            ("hstack empty", lambda m, a, f, b: m.hstack([])),
            ("split zero", lambda m, a, f, b: m.split(a, 0, axis=1)),
            ("split uneven", lambda m, a, f, b: m.split(a, 2, axis=1)),
            ("array_split zero", lambda m, a, f, b: m.array_split(a, 0)),
            ("array_split negative", lambda m, a, f, b: m.array_split(a, -1)),
            ("split bad axis", lambda m, a, f, b: m.split(a, 1, axis=2)),
            ("tile negative", lambda m, a, f, b: m.tile(a, -1)),
            ("tile empty reps", lambda m, a, f, b: m.tile(a, ())),
            ("repeat negative", lambda m, a, f, b: m.repeat(a, -1)),
            ("repeat mismatch", lambda m, a, f, b: m.repeat(a, [1, 2], axis=1)),
            ("repeat 2-d", lambda m, a, f, b: m.repeat(a, [[1, 2, 3]], axis=1)),
            ("repeat float", lambda m, a, f, b: m.repeat(a, 2.0)),
            ("repeat bad axis", lambda m, a, f, b: m.repeat(a, 2, axis=-3)),
            ("repeat scalar", lambda m, a, f, b: m.repeat(3, 4)),
            ("pad float width", lambda m, a, f, b: m.pad(a, 1.5)),
            ("pad bool width", lambda m, a, f, b: m.pad(a, True)),
            ("pad negative", lambda m, a, f, b: m.pad(a, ((1, -1), (0, 0)))),
            ("pad bad shape", lambda m, a, f, b: m.pad(a, ((1, 2), (1, 2), (1, 1)))),
            ("pad column", lambda m, a, f, b: m.pad(a, [[1], [2]])),
            ("pad mode", lambda m, a, f, b: m.pad(a, 1, mode="foo")),
            ("pad kwargs", lambda m, a, f, b: m.pad(a, 1, mode="edge", constant_values=3)),
            ("pad wrap kwargs", lambda m, a, f, b: m.pad(a, 1, mode="wrap", reflect_type="odd")),
            ("pad empty axis", lambda m, a, f, b: m.pad(a[:, :0], 1, mode="edge")),
            ("pad empty ok", lambda m, a, f, b: m.pad(a[:, :0], ((0, 0), (0, 0)), mode="edge")),
            ("pad empty const", lambda m, a, f, b: m.pad(a[:, :0], 2, constant_values=7)),
            ("pad nan into int", lambda m, a, f, b: m.pad(a, 1, constant_values=np.nan)),
            ("pad float into int", lambda m, a, f, b: m.pad(a, 1, constant_values=-1.7)),
            ("pad into bool", lambda m, a, f, b: m.pad(b, 1, constant_values=2)),
            ("pad 0-d", lambda m, a, f, b: m.pad(a[0, 0], 3)),
            ("pad reflect odd", lambda m, a, f, b: m.pad(f, ((5, 9), (7, 2)), "reflect",
                                                         reflect_type="odd")),
            ("pad symmetric odd", lambda m, a, f, b: m.pad(a, ((5, 9), (7, 2)), "symmetric",
                                                           reflect_type="odd")),
            ("pad bool odd", lambda m, a, f, b: m.pad(b, (4, 5), "reflect", reflect_type="odd")),
            ("pad const pairs", lambda m, a, f, b: m.pad(f, ((1, 2), (3, 4)),
                                                         constant_values=((1, 2), (3, 4)))),
            ("roll mismatch", lambda m, a, f, b: m.roll(a, (1, 2), axis=(0, 0, 0))),
            ("roll nested", lambda m, a, f, b: m.roll(a, [[1]], axis=0)),
            ("roll float", lambda m, a, f, b: m.roll(a, 1.5)),
            ("roll bad axis", lambda m, a, f, b: m.roll(a, 1, axis=2)),
            ("flip repeated", lambda m, a, f, b: m.flip(a, (0, 0))),
            ("flip bad axis", lambda m, a, f, b: m.flip(a, 2)),
            ("fliplr 1-d", lambda m, a, f, b: m.fliplr(b)),
            ("flipud 0-d", lambda m, a, f, b: m.flipud(a[0, 0])),
            ("diag 3-d", lambda m, a, f, b: m.diag(a[None])),
            ("diag empty", lambda m, a, f, b: m.diag(b[:0])),
            ("diagonal 1-d", lambda m, a, f, b: m.diagonal(b)),
            ("diagonal same", lambda m, a, f, b: m.diagonal(a, 0, 1, 1)),
            ("diagonal axis", lambda m, a, f, b: m.diagonal(a, 0, 0, 2)),
            ("tril 1-d", lambda m, a, f, b: m.tril(b, -1)),
            ("triu 1-d", lambda m, a, f, b: m.triu(f[0], 1)),
            ("tril 0-d", lambda m, a, f, b: m.tril(a[0, 0])),
            ("meshgrid indexing", lambda m, a, f, b: m.meshgrid(a, b, indexing="foo")),
            ("meshgrid none", lambda m, a, f, b: m.meshgrid()),
            ("meshgrid one", lambda m, a, f, b: m.meshgrid(a)),
            ("meshgrid 3", lambda m, a, f, b: m.meshgrid(b, f, a[0], copy=False)),
            ("broadcast_to neg", lambda m, a, f, b: m.broadcast_to(a, (-1, 3))),
            ("broadcast_to ndim", lambda m, a, f, b: m.broadcast_to(a, (3,))),
            ("broadcast_to int", lambda m, a, f, b: m.broadcast_to(b, 3)),
            ("broadcast_arrays", lambda m, a, f, b: m.broadcast_arrays(a, b, f[:, :1])),
            ("broadcast_arrays bad", lambda m, a, f, b: m.broadcast_arrays(a, b[:2])),
            ("broadcast_arrays none", lambda m, a, f, b: m.broadcast_arrays()),
            ("expand repeated", lambda m, a, f, b: m.expand_dims(a, (0, 0))),
            ("expand range", lambda m, a, f, b: m.expand_dims(a, 3)),
            ("expand list", lambda m, a, f, b: m.expand_dims(a, [-1, 0])),
            ("squeeze bad", lambda m, a, f, b: m.squeeze(a, 0)),
            ("moveaxis counts", lambda m, a, f, b: m.moveaxis(a, (0, 1), 0)),
            ("moveaxis repeated", lambda m, a, f, b: m.moveaxis(a, (0, 0), (0, 1))),
            ("moveaxis range", lambda m, a, f, b: m.moveaxis(a, 2, 0)),
            ("transpose short", lambda m, a, f, b: m.transpose(a, (0,))),
            ("transpose empty", lambda m, a, f, b: m.transpose(b, ())),
            ("transpose repeated", lambda m, a, f, b: m.transpose(a, (0, 0))),
            ("transpose int", lambda m, a, f, b: m.transpose(b, 0)),
            ("reshape bad", lambda m, a, f, b: m.reshape(a, (4, -1))),
            ("reshape nocopy", lambda m, a, f, b: m.reshape(a.T, 6, copy=False)),
            ("reshape copy", lambda m, a, f, b: m.reshape(a, 6, copy=True)),
            ("sort kind", lambda m, a, f, b: m.sort(a, kind="foo")),
            ("sort kind prefix", lambda m, a, f, b: m.sort(f, kind="Merge")),
            ("sort both", lambda m, a, f, b: m.sort(a, kind="stable", stable=True)),
            ("sort order", lambda m, a, f, b: m.sort(a, order="x")),
            ("sort 0-d", lambda m, a, f, b: m.sort(a[0, 0])),
            ("sort 0-d None", lambda m, a, f, b: m.sort(a[0, 0], axis=None)),
            ("argsort 0-d axis", lambda m, a, f, b: m.argsort(a[0, 0], axis=3)),
            ("unique 0-d", lambda m, a, f, b: m.unique(a[0, 0], return_inverse=True)),
            ("unique axis range", lambda m, a, f, b: m.unique(a, axis=2)),
            ("unique empty axis", lambda m, a, f, b: m.unique(a[:, :0], axis=0,
                                                              return_inverse=True,
                                                              return_counts=True)),
            ("unique empty axis1", lambda m, a, f, b: m.unique(a[:, :0], axis=1,
                                                               return_index=True)),
            ("unique empty", lambda m, a, f, b: m.unique(f[:0], True, True, True)),
            ("searchsorted 2-d", lambda m, a, f, b: m.searchsorted(a, 1)),
            ("searchsorted 0-d", lambda m, a, f, b: m.searchsorted(a[0, 0], 1)),
            ("searchsorted side", lambda m, a, f, b: m.searchsorted(b, 1, side="l")),
            ("searchsorted sorter", lambda m, a, f, b: m.searchsorted(b, 1, sorter=[0, 1])),
            ("searchsorted sorter f", lambda m, a, f, b: m.searchsorted(b, 1,
                                                                        sorter=[0., 1., 2.])),
            ("searchsorted nan", lambda m, a, f, b: m.searchsorted(np.sort(f.ravel()),
                                                                   [np.nan, np.inf, -1.0, 5])),
            ("nonzero 0-d", lambda m, a, f, b: m.nonzero(a[0, 0])),
            ("argwhere 0-d", lambda m, a, f, b: m.argwhere(a[0, 1])),
            ("argwhere 0-d zero", lambda m, a, f, b: m.argwhere(a[0, 0])),
            ("count repeated", lambda m, a, f, b: m.count_nonzero(a, axis=(0, 0))),
            ("count bad axis", lambda m, a, f, b: m.count_nonzero(a, axis=2)),
            ("count keepdims", lambda m, a, f, b: m.count_nonzero(f, keepdims=True)),
            ("isclose shapes", lambda m, a, f, b: m.isclose(a, b[:2])),
            ("isclose scalar", lambda m, a, f, b: m.isclose(1.0, 1.0 + 1e-9)),
            ("isclose bool", lambda m, a, f, b: m.isclose(b, 1)),
            ("isclose big ints", lambda m, a, f, b: m.isclose(10**15, 10**15 + 1, rtol=0,
                                                              atol=0)),
            ("isclose infs", lambda m, a, f, b: m.isclose([np.inf, np.inf, -np.inf, np.nan, 1],
                                                          [np.inf, -np.inf, -np.inf, np.nan,
                                                           np.inf], equal_nan=True)),
            ("allclose shapes", lambda m, a, f, b: m.allclose(a, b[:2])),
            ("array_equal shapes", lambda m, a, f, b: m.array_equal(a, b)),
            ("array_equal nan", lambda m, a, f, b: m.array_equal(f, f)),
            ("array_equal nan eq", lambda m, a, f, b: m.array_equal(f, f, equal_nan=True)),
            ("size tuple", lambda m, a, f, b: m.size(a, (0, 1))),
            ("size bad", lambda m, a, f, b: m.size(a, 2)),
        ]
        for name, call in cases:
            with self.subTest(name):
                self.check_both(lambda: call(lp, lp.array(A.tolist()), lp.array(F.tolist()),
                                             lp.array(B.tolist())),
                                lambda: call(np, A, F, B), name)


if __name__ == "__main__":
    unittest.main()
