"""The pure shape maths (latpy.core.shape) and the storage kernels
(latpy.core.kernels) on random shapes and strides, against brute force."""

from __future__ import annotations

import itertools
import operator
import random
import unittest

import latpy as lp
from latpy.core import kernels
from latpy.core.shape import (broadcast_shapes, broadcast_strides, collapse, contiguous_strides,
                              is_contiguous, normalize_axes, normalize_axis, prod)
from tests.core.test_ndarray import broadcast_shape, rand_shape


def offsets(shape, strides, offset):
    """Storage offset of every index of `shape`, in C order (brute force)."""
    return [offset + sum(i * s for i, s in zip(idx, strides))
            for idx in itertools.product(*[range(d) for d in shape])]


def rand_strided(rng, shape):
    """Random (strides, offset, storage size) addressing `shape` inside a list."""
    strides = [rng.choice([1, 2, 3, -1, -2, 0, 5]) for _ in shape]
    lo = sum(min(0, (d - 1) * s) for d, s in zip(shape, strides) if d)
    hi = sum(max(0, (d - 1) * s) for d, s in zip(shape, strides) if d)
    offset = -lo + rng.randint(0, 2)
    return tuple(strides), offset, offset + hi + 1 + rng.randint(0, 2)


class TestShapeMaths(unittest.TestCase):
    def test_prod_and_contiguous_strides(self):
        rng = random.Random(600)
        for _ in range(200):
            shape = rand_shape(rng)
            self.assertEqual(prod(shape), len(list(itertools.product(*map(range, shape)))))
            strides = contiguous_strides(shape)
            if prod(shape):
                self.assertEqual(offsets(shape, strides, 0), list(range(prod(shape))))
            self.assertTrue(is_contiguous(shape, strides))

    def test_broadcast_shapes(self):
        rng = random.Random(601)
        for _ in range(300):
            shapes = [rand_shape(rng, max_ndim=3) for _ in range(rng.randint(1, 3))]
            want = broadcast_shape(*shapes)
            if want is None:
                with self.assertRaises(ValueError) as cm:
                    broadcast_shapes(*shapes)
                for s in shapes:
                    self.assertIn(str(s), str(cm.exception))
            else:
                self.assertEqual(broadcast_shapes(*shapes), want)
                self.assertEqual(lp.broadcast_shapes(*shapes), want)
        self.assertEqual(broadcast_shapes(), ())
        self.assertEqual(broadcast_shapes((0,), (1,)), (0,))
        self.assertEqual(broadcast_shapes((2, 0), (3, 1, 1)), (3, 2, 0))

    def test_broadcast_strides(self):
        rng = random.Random(602)
        for _ in range(200):
            target = rand_shape(rng)
            lead = rng.randint(0, len(target))
            shape = tuple(1 if rng.random() < 0.4 else d for d in target[lead:])
            strides = contiguous_strides(shape)
            bs = broadcast_strides(shape, strides, target)
            data = list(range(prod(shape)))
            got = [data[o] for o in offsets(target, bs, 0)]
            want = []
            for idx in itertools.product(*map(range, target)):
                src = [0 if d == 1 else i for i, d in zip(idx[lead:], shape)]
                want.append(sum(i * s for i, s in zip(src, strides)))
            self.assertEqual(got, want)

    def test_collapse_and_is_contiguous(self):
        rng = random.Random(603)
        for _ in range(300):
            shape = rand_shape(rng)
            sa, _, _ = rand_strided(rng, shape)
            sb, _, _ = rand_strided(rng, shape)
            cs, ca, cb = collapse(shape, sa, sb)
            if prod(shape):
                self.assertEqual(offsets(cs, ca, 0), offsets(shape, sa, 0))
                self.assertEqual(offsets(cs, cb, 0), offsets(shape, sb, 0))
            self.assertNotIn(1, cs)
            if prod(shape) and 0 not in shape:
                want = offsets(shape, sa, 0) == list(range(prod(shape)))
                self.assertEqual(is_contiguous(shape, sa), want, (shape, sa))

    def test_normalize_axes(self):
        self.assertEqual(normalize_axis(-1, 3), 2)
        self.assertEqual(normalize_axes(None, 3), (0, 1, 2))
        self.assertEqual(normalize_axes((-1, 0), 3), (0, 2))
        self.assertEqual(normalize_axes(1, 2), (1,))
        for bad in (3, -4):
            with self.assertRaises(lp.AxisError) as cm:
                normalize_axis(bad, 3)
            self.assertIn(str(bad), str(cm.exception))
            self.assertIn("3", str(cm.exception))
        self.assertRaises(ValueError, normalize_axes, (0, -3), 3)
        self.assertRaises(TypeError, normalize_axis, 1.0, 3)
        self.assertRaises(TypeError, normalize_axis, True, 3)


class TestKernels(unittest.TestCase):
    def test_gather_scatter_starts_run(self):
        rng = random.Random(610)
        for _ in range(400):
            shape = rand_shape(rng)
            strides, offset, size = rand_strided(rng, shape)
            data = [rng.randint(-50, 50) for _ in range(size)]
            offs = offsets(shape, strides, offset)
            self.assertEqual(kernels.gather(data, shape, strides, offset), [data[o] for o in offs])
            if shape and prod(shape):
                self.assertEqual(kernels.starts(shape, strides, offset), offs)
            if 0 not in strides:  # scatter needs distinct target positions
                new = list(data)
                values = [rng.randint(100, 200) for _ in offs]
                kernels.scatter(new, shape, strides, offset, values)
                want = list(data)
                for o, v in zip(offs, values):
                    want[o] = v
                self.assertEqual(new, want)
        self.assertEqual(kernels.run([0, 1, 2, 3, 4], 4, 3, -2), [4, 2, 0])
        self.assertEqual(kernels.run([0, 1, 2], 1, 4, 0), [1, 1, 1, 1])

    def test_binary(self):
        rng = random.Random(611)
        for _ in range(300):
            out = rand_shape(rng)
            operands = []
            for _k in range(2):
                lead = rng.randint(0, len(out))
                shape = tuple(1 if rng.random() < 0.3 else d for d in out[lead:])
                strides, offset, size = rand_strided(rng, shape)
                data = [rng.randint(-9, 9) for _ in range(size)]
                operands.append((data, shape, strides, offset))
            got = kernels.binary(operator.sub, operands[0], operands[1], out)
            want = []
            for idx in itertools.product(*map(range, out)):
                vals = []
                for data, shape, strides, offset in operands:
                    lead = len(out) - len(shape)
                    src = [0 if d == 1 else i for i, d in zip(idx[lead:], shape)]
                    vals.append(data[offset + sum(i * s for i, s in zip(src, strides))])
                want.append(vals[0] - vals[1])
            self.assertEqual(got, want)

    def test_reduce_axis_and_matmul(self):
        rng = random.Random(612)
        for _ in range(100):
            outer, size, inner = rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4)
            data = [rng.randint(-9, 9) for _ in range(outer * size * inner)]
            want = [sum(data[(o * size + k) * inner + j] for k in range(size))
                    for o in range(outer) for j in range(inner)]
            self.assertEqual(kernels.reduce_axis(sum, data, outer, size, inner), want)
        for _ in range(100):
            n, k, m = rng.randint(0, 4), rng.randint(0, 5), rng.randint(0, 4)
            a = [rng.randint(-5, 5) for _ in range(n * k)]
            b = [rng.randint(-5, 5) for _ in range(k * m)]
            want = [sum(a[i * k + t] * b[t * m + j] for t in range(k))
                    for i in range(n) for j in range(m)]
            self.assertEqual(kernels.matmul2d(a, b, n, k, m, 0), want)


if __name__ == "__main__":
    unittest.main()
