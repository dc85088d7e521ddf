"""Indexing and assignment: ints, slices, None, ..., integer lists/arrays and
boolean masks in every combination, against a reference implementation of
NumPy's rules written on Python lists here (broadcasting of index arrays, the
placement of advanced dimensions, boolean masks as their nonzero indices)."""

from __future__ import annotations

import random
import unittest

import latpy as lp
from tests.core.test_ndarray import CoreTestCase, Ref, indices, nest, prod, rand_shape, \
    rand_values, random_layout, broadcast_shape

_GAP = object()  # an ellipsis that stands for no dimension


def _flat_of(x):
    if isinstance(x, list):
        out = []
        for v in x:
            out.extend(_flat_of(v))
        return out
    return [x]


def _shape_of(x):
    shape = []
    while isinstance(x, list):
        shape.append(len(x))
        x = x[0] if x else None
    return tuple(shape)


def ref_select(shape, key):
    """``(out_shape, [source index tuple for each output element])`` for NumPy's
    ``a[key]``. `key` items: int, slice, None, Ellipsis, ("int", nested list) and
    ("bool", nested list) index arrays."""
    key = key if isinstance(key, tuple) else (key,)
    items = []
    for k in key:
        if isinstance(k, tuple) and k[0] == "bool":
            items.append(("mask", _flat_of(k[1]), _shape_of(k[1])))
        elif isinstance(k, tuple) and k[0] == "int":
            items.append(("arr", _flat_of(k[1]), _shape_of(k[1])))
        else:
            items.append(k)
    consumed = sum(len(k[2]) if isinstance(k, tuple) and k[0] == "mask" else 1
                   for k in items if k is not None and k is not Ellipsis)
    if consumed > len(shape):
        raise IndexError("too many indices")
    if Ellipsis in items:
        e = items.index(Ellipsis)
        items = items[:e] + ([slice(None)] * (len(shape) - consumed) or [_GAP]) + items[e + 1:]
    else:
        items += [slice(None)] * (len(shape) - consumed)
    advanced = any(isinstance(k, tuple) for k in items)
    # walk the items: which source axis each consumes; check bounds
    dim, plan = 0, []
    for k in items:
        if k is None or k is _GAP:
            plan.append((k, None))
            continue
        if isinstance(k, tuple) and k[0] == "mask":  # its nonzero() index arrays
            mshape = k[2]
            if tuple(shape[dim:dim + len(mshape)]) != mshape:
                raise IndexError("boolean index did not match")
            nz = [idx for idx, v in zip(indices(mshape), k[1]) if v]
            for d in range(len(mshape)):
                plan.append(("arr", ([i[d] for i in nz], (len(nz),))))
            dim += len(mshape)
            continue
        d = shape[dim]
        if isinstance(k, slice):
            plan.append(("slice", list(range(*k.indices(d)))))
        elif isinstance(k, tuple):
            for v in k[1]:
                if not -d <= v < d:
                    raise IndexError("out of bounds")
            plan.append(("arr", ([v % d for v in k[1]], k[2])))
        else:
            if not -d <= k < d:
                raise IndexError("out of bounds")
            plan.append(("arr", ([k % d], ())) if advanced else ("int", k % d))
        dim += 1
    adv = [i for i, (kind, _) in enumerate(plan) if kind == "arr"]
    if adv:
        bshape = broadcast_shape(*(plan[i][1][1] for i in adv))
        if bshape is None:
            raise IndexError("shape mismatch")
        barrs = [Ref(plan[i][1][0], plan[i][1][1]).broadcast(bshape).flat for i in adv]
    out_dims = []  # ("item", i) for a slice/None dim, ("adv",) for the broadcast block
    for i, (kind, val) in enumerate(plan):
        if kind == "slice" or kind is None:
            out_dims.append(("item", i))
    adjacent = adv and adv == list(range(adv[0], adv[-1] + 1))
    if adv:
        if adjacent:
            pos = sum(1 for i, (kind, _) in enumerate(plan[:adv[0]])
                      if kind == "slice" or kind is None)
            out_dims[pos:pos] = [("adv",)]
        else:
            out_dims.insert(0, ("adv",))
    out_shape = []
    for od in out_dims:
        if od[0] == "adv":
            out_shape.extend(bshape)
        else:
            kind, val = plan[od[1]]
            out_shape.append(len(val) if kind == "slice" else 1)
    sources = []
    for oidx in indices(tuple(out_shape)):
        pos, chosen, bpos = 0, {}, None
        for od in out_dims:
            if od[0] == "adv":
                bidx = oidx[pos:pos + len(bshape)]
                bpos = 0
                for i, d in zip(bidx, bshape):
                    bpos = bpos * d + i
                pos += len(bshape)
            else:
                chosen[od[1]] = oidx[pos]
                pos += 1
        src = []
        for i, (kind, val) in enumerate(plan):
            if kind == "slice":
                src.append(val[chosen[i]])
            elif kind == "int":
                src.append(val)
            elif kind == "arr":
                src.append(barrs[adv.index(i)][bpos])
        sources.append(tuple(src))
    return tuple(out_shape), sources


def flat_pos(shape, idx):
    pos = 0
    for i, d in zip(idx, shape):
        pos = pos * d + i
    return pos


def rand_item(rng, d, kinds):
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.randint(-d, d - 1) if d else 0
    if kind == "slice":
        def bound():
            return rng.choice([None, rng.randint(-d - 2, d + 2)])
        return slice(bound(), bound(), rng.choice([None, 1, 2, -1, -2]))
    if kind == "list":
        return ("int", [rng.randint(-d, d - 1) for _ in range(rng.randint(0, 3))] if d else [])
    if kind == "array":
        ishape = rng.choice([(2,), (1,), (2, 2), (3, 1)])
        flat = [rng.randint(-d, d - 1) for _ in range(prod(ishape))] if d else []
        return ("int", nest(flat, ishape) if d else [])
    if kind == "mask":
        return ("bool", [rng.random() < 0.5 for _ in range(d)])
    return slice(None)


def rand_key(rng, shape, advanced=True):
    kinds = ["int", "slice", "slice"] + (["list", "array", "mask"] if advanced else [])
    n = rng.randint(0, len(shape))
    items = [rand_item(rng, d, kinds) for d in shape[:n]]
    if rng.random() < 0.3 and len(shape) - n >= 2 and advanced:  # a 2-d mask
        items.append(("bool", nest([rng.random() < 0.5 for _ in range(shape[n] * shape[n + 1])],
                                   shape[n:n + 2])))
    if rng.random() < 0.2:
        items.insert(rng.randint(0, len(items)), None)
    if rng.random() < 0.25:
        e = rng.randint(0, len(items))
        items.insert(e, Ellipsis)
    return tuple(items)


def to_latpy(key):
    out = []
    for k in key:
        if isinstance(k, tuple):
            if k[0] == "bool" or not isinstance(k[1], list) or len(k[1]) % 2:
                out.append(lp.array(k[1], dtype="bool" if k[0] == "bool" else "int64"))
            else:
                out.append(k[1])  # a plain Python list
        else:
            out.append(k)
    return tuple(out)


class TestGetitem(CoreTestCase):
    def check_get(self, a, ref, key):
        lkey = to_latpy(key)
        try:
            out_shape, sources = ref_select(ref.shape, key)
        except IndexError:
            self.assertRaises(IndexError, a.__getitem__, lkey)
            return
        got = a[lkey]
        want = [ref.flat[flat_pos(ref.shape, s)] for s in sources]
        if not out_shape and Ellipsis not in key and not any(isinstance(k, tuple)
                                                             for k in key):
            self.assertNotIsInstance(got, lp.NDArray, f"{key}")
            self.assertSame(lp.asarray(got).tolist(), want[0])
        else:
            self.assertArray(got, nest(want, out_shape), str(a.dtype), out_shape,
                             f"{ref.shape}[{key}]")

    def test_basic_keys(self):
        rng = random.Random(500)
        for _ in range(400):
            shape = rand_shape(rng)
            a, ref = random_layout(rng, shape, rng.choice(["float64", "int64", "bool"]))
            self.check_get(a, ref, rand_key(rng, shape, advanced=False))

    def test_advanced_keys(self):
        rng = random.Random(501)
        for _ in range(600):
            shape = rand_shape(rng, allow_zero=rng.random() < 0.2)
            a, ref = random_layout(rng, shape, rng.choice(["float64", "int64", "bool"]))
            self.check_get(a, ref, rand_key(rng, shape))

    def test_numpy_placement_rule(self):
        a = lp.arange(24).reshape(2, 3, 4)
        self.assertEqual(a[0, :, [1, 2]].shape, (2, 3))
        self.assertEqual(a[:, [0, 1], [1, 2]].shape, (2, 2))
        self.assertEqual(a[[0, 1], :, [1, 2]].shape, (2, 3))
        self.assertEqual(a[:, 1, [1, 2]].shape, (2, 2))
        self.assertEqual(a[:, [0], ..., [1]].shape, (1, 2))  # the ellipsis separates them
        self.assertEqual(a[..., [0], [1]].shape, (2, 1))
        self.assertEqual(a[lp.array([[1, 0]]), 1:, lp.array([[2], [3]])].shape, (2, 2, 2))
        self.assertEqual(a[0, :, [1, 2]].tolist(), [[1, 5, 9], [2, 6, 10]])

    def test_masks(self):
        a = lp.arange(12).reshape(3, 4)
        self.assertEqual(a[a > 5].tolist(), [6, 7, 8, 9, 10, 11])
        self.assertEqual(a[lp.array([True, False, True])].tolist(), [[0, 1, 2, 3],
                                                                    [8, 9, 10, 11]])
        self.assertEqual(a[:, lp.array([True, False, False, True])].tolist(),
                         [[0, 3], [4, 7], [8, 11]])
        self.assertEqual(a[[True, False, True]].shape, (2, 4))  # a bool list is a mask
        self.assertEqual(a.T[a.T > 9].tolist(), [10, 11])
        self.assertEqual(a[lp.array(True)].shape, (1, 3, 4))
        self.assertEqual(a[lp.array(False)].shape, (0, 3, 4))
        self.assertEqual(a[..., True].shape, (3, 4, 1))
        self.assertEqual(a[True].shape, (1, 3, 4))

    def test_zero_d_and_scalar_results(self):
        a = lp.array(5.0)
        self.assertIsInstance(a[()], lp.float64)
        self.assertIsInstance(a[...], lp.NDArray)
        self.assertEqual(a[None].shape, (1,))
        b = lp.arange(6).reshape(2, 3)
        self.assertIsInstance(b[1, 2], lp.int64)
        self.assertIsInstance(b[1, 2, ...], lp.NDArray)
        self.assertEqual(b[lp.array(1), lp.array(2)], 5)
        self.assertIsInstance(b[lp.array(1), lp.array(2)], lp.int64)


class TestSetitem(CoreTestCase):
    def test_random_assignments(self):
        rng = random.Random(510)
        for _ in range(500):
            shape = rand_shape(rng)
            dt = rng.choice(["float64", "int64", "bool"])
            a, ref = random_layout(rng, shape, dt, kind=rng.choice(["c", "t", "s", "o"]))
            base, before = a._data, list(a._data)
            key = rand_key(rng, shape, advanced=rng.random() < 0.6)
            lkey = to_latpy(key)
            try:
                out_shape, sources = ref_select(ref.shape, key)
            except IndexError:
                self.assertRaises(IndexError, a.__setitem__, lkey, 1)
                continue
            vdt = rng.choice(["float64", "int64", "bool"])
            if rng.random() < 0.4:
                value = rand_values(rng, 1, vdt)[0]
                vals = [value] * len(sources)
            else:
                lead = rng.randint(0, len(out_shape))
                vshape = tuple(1 if rng.random() < 0.3 else d for d in out_shape[lead:])
                vflat = rand_values(rng, prod(vshape), vdt)
                value = lp.array(nest(vflat, vshape), dtype=vdt).reshape(vshape)
                vals = Ref(vflat, vshape).broadcast(out_shape).flat
                if rng.random() < 0.3 and value.size:
                    value = value.tolist()  # (nested lists lose the shape of empty arrays)
            conv = {"float64": float, "int64": int, "bool": bool}[dt]
            a[lkey] = value
            want = list(ref.flat)
            for s, v in zip(sources, vals):
                want[flat_pos(ref.shape, s)] = conv(v)
            self.assertSame(a.tolist(), nest(want, shape), f"{shape}[{key}] = {value!r}")
            self.assertIs(a._data, base)

    def test_broadcast_errors(self):
        a = lp.zeros((3, 4))
        with self.assertRaises(ValueError) as cm:
            a[:, :2] = lp.ones((3, 3))
        self.assertIn("(3, 3)", str(cm.exception))
        with self.assertRaises(ValueError):
            a[[0, 1]] = lp.ones((3, 4))
        with self.assertRaises(TypeError):
            a[a > 0] = lp.ones((2, 2))

    def test_casting(self):
        a = lp.zeros(3, dtype=int)
        a[:] = [1.9, -1.9, 2.5]
        self.assertSame(a.tolist(), [1, -1, 2])
        a[0] = True
        self.assertSame(a.tolist(), [1, -1, 2])
        b = lp.zeros(2, dtype=bool)
        b[...] = [0.5, 0.0]
        self.assertSame(b.tolist(), [True, False])
        c = lp.zeros(2)
        c[[0, 1]] = lp.array([3, 4])
        self.assertSame(c.tolist(), [3.0, 4.0])
        self.assertRaises(ValueError, a.__setitem__, 0, float("nan"))
        self.assertRaises(TypeError, a.__setitem__, 0, "x")

    def test_writes_through_views(self):
        base = lp.zeros((4, 4))
        v = base[1:, ::2]
        v[[0, 2], 1] = 5.0
        v[v == 0] = 1.0
        self.assertEqual(base.tolist(), [[0.0] * 4, [1.0, 0.0, 5.0, 0.0], [1.0, 0.0, 1.0, 0.0],
                                         [1.0, 0.0, 5.0, 0.0]])


class TestIndexFunctions(CoreTestCase):
    def test_take_put(self):
        a = lp.arange(12).reshape(3, 4)
        self.assertEqual(lp.take(a, [1, 0], axis=1).tolist(), [[1, 0], [5, 4], [9, 8]])
        self.assertEqual(lp.take(a, [[0, 11]]).tolist(), [[0, 11]])
        self.assertEqual(a.take(5), 5)
        self.assertRaises(IndexError, lp.take, a, 12)
        b = lp.zeros(4)
        lp.put(b, [0, 3], [1.0, 2.0])
        self.assertEqual(b.tolist(), [1.0, 0.0, 0.0, 2.0])

    def test_along_axis_and_ix(self):
        a = lp.array([[10, 30, 20], [6, 4, 5]])
        idx = lp.array([[0, 2], [1, 1]])
        self.assertEqual(lp.take_along_axis(a, idx, axis=1).tolist(), [[10, 20], [4, 4]])
        lp.put_along_axis(a, lp.array([[1], [0]]), 0, axis=1)
        self.assertEqual(a.tolist(), [[10, 0, 20], [0, 4, 5]])
        g = lp.arange(9).reshape(3, 3)
        self.assertEqual(g[lp.ix_([0, 2], [1, 2])].tolist(), [[1, 2], [7, 8]])
        self.assertEqual(g[lp.ix_([True, False, True], [0])].tolist(), [[0], [6]])


if __name__ == "__main__":
    unittest.main()
