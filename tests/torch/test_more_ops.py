"""latpy.torch indexing family, pad and sorting (more_ops.py, sort_ops.py).

Values against references written on the core (``latpy``) or on Python
lists; first derivatives against central finite differences; second
derivatives (``create_graph=True``) against finite differences of the first;
errors by class and message. Random shapes include 0-d and size-1 dims.
"""

from __future__ import annotations

import itertools
import math
import random
import unittest

import latpy as lp
import latpy.torch as torch
from latpy.torch import more_ops
from tests.torch.fdcheck import (_close, check_grads, flat, index_tensor, lanes, rand,
                                 rand_shape)


# ---------------------------------------------------------------- indexing
class TestIndexing(unittest.TestCase):
    def test_gather_scatter_values_and_grads(self):
        rng = random.Random(1)
        for case in range(12):
            shape = rand_shape(rng, 1, 3)
            dim = rng.randrange(len(shape))
            ishape = tuple(rng.randint(1, 4) if d == dim else rng.randint(1, n)
                           for d, n in enumerate(shape))
            x = rand(rng, shape)
            positions = list(itertools.product(*(range(n) for n in ishape)))
            rows = [rng.randrange(shape[dim]) for _ in positions]
            idx = index_tensor(rows, ishape)
            out = torch.gather(x, dim, idx)
            for pos, r in zip(positions, rows):
                src = list(pos)
                src[dim] = r
                self.assertEqual(out.data[pos], x.data[tuple(src)])
            check_grads(self, lambda a: torch.gather(a, dim, idx), [x], rng,
                        second=case < 3)
            # scatter_add: repeated indices accumulate; both inputs differentiable
            src = rand(rng, ishape)
            added = torch.scatter_add(x, dim, idx, src)
            want = x.data.copy()
            for pos, r in zip(positions, rows):
                target = list(pos)
                target[dim] = r
                want[tuple(target)] += src.data[pos]
            _close(self, flat(added), flat(want), 1e-12, "scatter_add")
            check_grads(self, lambda a, b: torch.scatter_add(a, dim, idx, b), [x, src], rng)
            # scatter: distinct targets per lane, so the result is well defined
            perm_rows = []
            for pos in positions:
                perm_rows.append(pos[dim] % shape[dim])
            if ishape[dim] > shape[dim]:
                continue
            pidx = index_tensor(perm_rows, ishape)
            check_grads(self, lambda a, b: torch.scatter(a, dim, pidx, b), [x, src], rng,
                        second=case < 2)
            self.assertEqual(flat(torch.gather(torch.scatter(x, dim, pidx, src), dim, pidx)),
                             flat(src))

    def test_scatter_value_reduce_and_zero_dim(self):
        x = torch.zeros(2, 3)
        idx = torch.tensor([[1, 0, 1]])
        self.assertEqual(torch.scatter(x, 0, idx, 5.0).tolist(),
                         [[0.0, 5.0, 0.0], [5.0, 0.0, 5.0]])
        self.assertEqual(torch.scatter(x, 0, idx, 2.0, reduce="add").tolist(),
                         [[0.0, 2.0, 0.0], [2.0, 0.0, 2.0]])
        ones = torch.full((2, 3), 3.0)
        got = torch.scatter(ones, 1, torch.tensor([[0, 0]]), torch.tensor([[2.0, 5.0]]),
                            reduce="multiply")
        self.assertEqual(got.tolist(), [[30.0, 3.0, 3.0], [3.0, 3.0, 3.0]])
        leaf = torch.ones(2, 3, requires_grad=True)
        with self.assertRaisesRegex(RuntimeError, "derivative for aten::scatter"):
            torch.scatter(leaf, 0, idx, 2.0, reduce="multiply").sum().backward()
        self.assertEqual(torch.scatter(torch.arange(4), 0, torch.tensor([0, 1]), 7.5).tolist(),
                         [7, 7, 2, 3])
        s = torch.tensor(5.0)
        self.assertEqual(torch.gather(s, 0, torch.tensor([0, 0])).tolist(), [5.0, 5.0])
        self.assertEqual(torch.gather(s, 0, torch.tensor(0)).shape, ())

    def test_select_take_mask_and_index_add(self):
        rng = random.Random(2)
        for case in range(10):
            shape = rand_shape(rng, 1, 3)
            dim = rng.randrange(len(shape))
            x = rand(rng, shape)
            rows = [rng.randrange(shape[dim]) for _ in range(rng.randint(1, 4))]
            idx = index_tensor(rows, (len(rows),))
            got = torch.index_select(x, dim, idx)
            self.assertEqual(got.tolist(), lp.take(x.data, lp.array(rows), axis=dim).tolist())
            check_grads(self, lambda a: torch.index_select(a, dim, idx), [x], rng)
            src_shape = tuple(len(rows) if d == dim else n for d, n in enumerate(shape))
            src = rand(rng, src_shape)
            want = x.data.copy()
            lp.add_at(want, (slice(None),) * dim + (lp.array(rows),), src.data * 2.0)
            got = torch.index_add(x, dim, idx, src, alpha=2.0)
            _close(self, flat(got), flat(want), 1e-12, "index_add")
            check_grads(self, lambda a, b: torch.index_add(a, dim, idx, b), [x, src], rng,
                        second=case < 2)
            n = x.numel()
            takes = [rng.randrange(-n, n) for _ in range(3)]
            tidx = index_tensor(takes, (3,))
            self.assertEqual(torch.take(x, tidx).tolist(),
                             [flat(x)[i] for i in takes])
            check_grads(self, lambda a: torch.take(a, tidx), [x], rng)
            mshape = shape[rng.randrange(len(shape) + 1):]
            mask = torch.tensor(lp.array([rng.random() < 0.5 for _ in range(math.prod(mshape))]
                                         ).reshape(mshape))
            filled = torch.masked_fill(x, mask, -7.0)
            self.assertEqual(filled.tolist(), lp.where(mask.data, -7.0, x.data).tolist())
            value = torch.tensor(0.5, requires_grad=True)
            check_grads(self, lambda a, v: torch.masked_fill(a, mask, v), [x, value], rng)
            chosen = torch.masked_select(x, mask)
            self.assertEqual(chosen.tolist(),
                             x.data[lp.broadcast_to(mask.data, shape)].tolist())
            check_grads(self, lambda a: torch.masked_select(a, mask), [x], rng)

    def test_triangles_and_diagonals(self):
        rng = random.Random(3)
        for case in range(8):
            shape = rand_shape(rng, 2, 3)
            k = rng.randint(-2, 2)
            x = rand(rng, shape)
            self.assertEqual(torch.tril(x, k).tolist(), lp.tril(x.data, k).tolist())
            self.assertEqual(torch.triu(x, k).tolist(), lp.triu(x.data, k).tolist())
            check_grads(self, lambda a: torch.tril(a, k), [x], rng)
            d1, d2 = rng.sample(range(len(shape)), 2)
            got = torch.diagonal(x, k, d1, d2)
            self.assertEqual(got.tolist(), lp.diagonal(x.data, k, d1, d2).tolist())
            check_grads(self, lambda a: torch.diagonal(a, k, d1, d2), [x], rng,
                        second=case < 2)
            v = rand(rng, (rng.randint(1, 3),))
            self.assertEqual(torch.diag(v, k).tolist(), lp.diag(v.data, k).tolist())
            check_grads(self, lambda a: torch.diag(a, k), [v], rng)
            m = rand(rng, shape[-2:])
            self.assertAlmostEqual(torch.trace(m).item(), lp.trace(m.data), places=12)
            check_grads(self, torch.trace, [m], rng, second=case < 2)
        self.assertEqual(torch.tril(torch.full((2, 2), math.inf)).tolist(),
                         [[math.inf, 0.0], [math.inf, math.inf]])
        self.assertEqual(torch.diag(torch.tensor([True, False])).tolist(),
                         [[True, False], [False, False]])

    def test_in_place_methods(self):
        x = torch.zeros(2, 3)
        self.assertIs(x.masked_fill_(torch.tensor([True, False, True]), 1.0), x)
        self.assertEqual(x.tolist(), [[1.0, 0.0, 1.0], [1.0, 0.0, 1.0]])
        x.scatter_(1, torch.tensor([[1]]), 4.0).tril_()
        self.assertEqual(x.tolist(), [[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
        leaf = torch.zeros(3, requires_grad=True)
        with self.assertRaisesRegex(RuntimeError, "leaf Variable"):
            leaf.index_add_(0, torch.tensor([0]), torch.ones(1))
        y = leaf * 2.0
        y.masked_fill_(torch.tensor([True, False, False]), 5.0)
        (y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
        self.assertEqual(leaf.grad.tolist(), [0.0, 4.0, 6.0])
        with self.assertRaisesRegex(RuntimeError, "doesn't match the broadcast shape"):
            torch.zeros(3).masked_fill_(torch.ones(2, 3).bool(), 1.0)

    def test_methods(self):
        x = torch.tensor([[3.0, 1.0], [2.0, 4.0]])
        self.assertEqual(x.gather(1, torch.tensor([[1], [0]])).tolist(), [[1.0], [2.0]])
        self.assertEqual(x.index_select(0, torch.tensor([1])).tolist(), [[2.0, 4.0]])
        self.assertEqual((x.diagonal().tolist(), x.trace().item()), ([3.0, 4.0], 7.0))
        self.assertEqual(x.sort().values.tolist(), [[1.0, 3.0], [2.0, 4.0]])
        self.assertEqual(x.topk(1).indices.tolist(), [[0], [1]])
        self.assertEqual(x.kthvalue(1, 0).values.tolist(), [2.0, 1.0])
        self.assertEqual(x.cumprod(1).tolist(), [[3.0, 3.0], [2.0, 8.0]])
        self.assertEqual(x.masked_select(x > 2).tolist(), [3.0, 4.0])
        self.assertEqual(x.take(torch.tensor([3])).tolist(), [4.0])
        y = x.clone()
        y.clamp_min_(2.5).index_add_(0, torch.tensor([0]), torch.ones(1, 2))
        self.assertEqual(y.tolist(), [[4.0, 3.5], [2.5, 4.0]])
        y.scatter_add_(1, torch.tensor([[0, 0]]), torch.ones(1, 2)).triu_()
        self.assertEqual(y.tolist(), [[6.0, 3.5], [0.0, 4.0]])
        y.lerp_(torch.zeros(2, 2), 0.5).addcmul_(torch.ones(2), torch.ones(2), value=2)
        self.assertEqual(y.tolist(), [[5.0, 3.75], [2.0, 4.0]])
        z = torch.tensor([2.0, 3.0], requires_grad=True)
        (z * 1.0).cumprod_(0).sum().backward()  # in place on a non-leaf: recorded
        self.assertEqual(z.grad.tolist(), [4.0, 2.0])

    def test_errors(self):
        x = torch.zeros(3, 4)
        cases = [
            (lambda: torch.gather(x, 1, torch.tensor([[0, 5]])), RuntimeError, "index 5"),
            (lambda: torch.gather(x, 1, torch.tensor([[0.0]])), RuntimeError, "int32/int64"),
            (lambda: torch.gather(x, 1, torch.tensor([0])), RuntimeError, "dimensions"),
            (lambda: torch.gather(x, 1, torch.zeros(4, 1).long()), RuntimeError,
             r"index \[4, 1\] to be no larger than self \[3, 4\]"),
            (lambda: torch.gather(x, 2, torch.zeros(3, 1).long()), IndexError, "range"),
            (lambda: torch.scatter(x, 1, torch.tensor([[0, 1]]), torch.ones(1, 1)),
             RuntimeError, r"no larger size than src \[1, 1\]"),
            (lambda: torch.scatter(x, 1, torch.tensor([[0]]), torch.ones(1, 1).long()),
             RuntimeError, "dtype"),
            (lambda: torch.scatter(x, 1, torch.tensor([[0]]), 1.0, reduce="max"),
             RuntimeError, "add or multiply"),
            (lambda: torch.scatter_add(x, 1, torch.tensor([[0]]), 1.0), TypeError, "Tensor"),
            (lambda: torch.index_select(x, 1, torch.tensor([[0]])), IndexError, "vector"),
            (lambda: torch.index_select(x, 1, torch.tensor([7])), RuntimeError, "index 7"),
            (lambda: x.masked_fill(torch.tensor([1, 0, 0, 1]), 2.0), RuntimeError,
             "boolean masks"),
            (lambda: x.masked_fill(torch.ones(4).bool(), torch.tensor([2.0])), RuntimeError,
             "0-dimensional"),
            (lambda: torch.masked_select(x, torch.tensor([1, 0, 0, 1])), RuntimeError,
             "BoolTensor"),
            (lambda: torch.take(x, torch.tensor([12])), IndexError, "index 12"),
            (lambda: torch.index_add(x, 1, torch.tensor([0, 0]), torch.ones(3, 3)),
             RuntimeError, "Number of indices"),
            (lambda: torch.index_add(x, 1, torch.tensor([0, 0]), torch.ones(2, 2)),
             RuntimeError, "shape must match"),
            (lambda: torch.tril(torch.ones(3)), RuntimeError, "at least 2 dimensions"),
            (lambda: torch.diag(torch.ones(2, 3, 4)), RuntimeError, "Got 3D"),
            (lambda: torch.diagonal(x, 0, 0, 0), RuntimeError, "cannot be identical"),
            (lambda: torch.trace(torch.ones(3)), RuntimeError, "expected a matrix"),
        ]
        for fn, exc, pattern in cases:
            with self.assertRaisesRegex(exc, pattern):
                fn()


# ---------------------------------------------------------------- pad
class TestPad(unittest.TestCase):
    def test_pad_modes_vs_core(self):
        rng = random.Random(4)
        numpy_mode = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
                      "circular": "wrap"}
        for case in range(16):
            mode = rng.choice(list(numpy_mode))
            k = rng.randint(1, 2)
            shape = rand_shape(rng, k + 1, k + 1, 3) if mode != "constant" else \
                rand_shape(rng, k, 3)
            shape = tuple(max(n, 2) for n in shape)
            x = rand(rng, shape)
            pad = []
            for d in range(k):
                n = shape[len(shape) - 1 - d]
                pad += [rng.randint(0, n - 1), rng.randint(0, n - 1)]
            widths = [(0, 0)] * len(shape)
            for d in range(k):
                widths[len(shape) - 1 - d] = (pad[2 * d], pad[2 * d + 1])
            got = more_ops.pad(x, tuple(pad), mode=mode)
            want = lp.pad(x.data, widths, mode=numpy_mode[mode])
            self.assertEqual(got.tolist(), want.tolist())
            check_grads(self, lambda a: more_ops.pad(a, tuple(pad), mode=mode), [x], rng,
                        second=case < 2)

    def test_pad_negative_value_and_errors(self):
        x = torch.arange(6.0).reshape(2, 3)
        self.assertEqual(more_ops.pad(x, (-1, 2), value=9).tolist(),
                         [[1.0, 2.0, 9.0, 9.0], [4.0, 5.0, 9.0, 9.0]])
        self.assertEqual(more_ops.pad(torch.arange(3), (1, 1), value=2.5).tolist(),
                         [2, 0, 1, 2, 2])
        y = torch.arange(4.0).reshape(1, 1, 4)
        self.assertEqual(more_ops.pad(y, (-1, 2), mode="circular").tolist(),
                         [[[1.0, 2.0, 3.0, 1.0, 2.0]]])
        cases = [
            ((x, (1,)), {}, RuntimeError, "divisible by 2"),
            ((x, (1, 1, 1, 1, 1, 1)), {}, RuntimeError, "padding length 6"),
            ((x, (-2, -2)), {}, RuntimeError, "non-negative"),
            ((torch.ones(3), (1, 1)), {"mode": "reflect"}, NotImplementedError, "1D input"),
            ((y, (4, 0)), {"mode": "reflect"}, RuntimeError, "less than the corresponding"),
            ((y, (5, 0)), {"mode": "circular"}, RuntimeError, "more than once"),
            ((y, (1, 1)), {"mode": "bad"}, NotImplementedError, "bad"),
            ((y, (1, 1)), {"mode": "reflect", "value": 3}, RuntimeError, "value argument"),
        ]
        for args, kwargs, exc, pattern in cases:
            with self.assertRaisesRegex(exc, pattern):
                more_ops.pad(*args, **kwargs)


# ---------------------------------------------------------------- sorting


class TestSorting(unittest.TestCase):
    def test_sort_topk_kthvalue(self):
        rng = random.Random(5)
        for case in range(10):
            shape = rand_shape(rng, 1, 3, 4)
            dim = rng.randrange(len(shape))
            x = rand(rng, shape)
            descending = rng.random() < 0.5
            values, indices = torch.sort(x, dim, descending)
            for lane, vlane, ilane in zip(lanes(x, dim), lanes(values, dim),
                                          lanes(indices, dim)):
                self.assertEqual(vlane, sorted(lane, reverse=descending))
                self.assertEqual([lane[i] for i in ilane], vlane)
            check_grads(self, lambda a: torch.sort(a, dim, descending).values, [x], rng,
                        second=case < 2)
            k = rng.randint(1, shape[dim])
            top = torch.topk(x, k, dim, largest=not descending)
            for lane, vlane in zip(lanes(x, dim), lanes(top.values, dim)):
                self.assertEqual(vlane, sorted(lane, reverse=not descending)[:k])
            check_grads(self, lambda a: torch.topk(a, k, dim).values, [x], rng)
            kth = torch.kthvalue(x, k, dim, keepdim=True)
            for lane, v in zip(lanes(x, dim), lanes(kth.values, dim)):
                self.assertEqual(v, [sorted(lane)[k - 1]])
            check_grads(self, lambda a: torch.kthvalue(a, k, dim)[0], [x], rng)

    def test_ties_nan_and_return_types(self):
        x = torch.tensor([[3.0, 1.0, 2.0], [0.0, 5.0, 5.0]])
        self.assertEqual(torch.sort(x, descending=True).indices.tolist(),
                         [[0, 2, 1], [1, 2, 0]])
        self.assertEqual(torch.argsort(x, dim=0).tolist(), [[1, 0, 0], [0, 1, 1]])
        self.assertEqual(torch.topk(x, 2).indices.tolist(), [[0, 2], [1, 2]])
        nan = torch.sort(torch.tensor([1.0, math.nan, 0.0]), descending=True)
        self.assertEqual(nan.indices.tolist(), [1, 0, 2])
        result = torch.kthvalue(x, 2)
        self.assertEqual(type(result).__module__, "torch.return_types")
        self.assertTrue(repr(result).startswith("torch.return_types.kthvalue(\nvalues="))
        self.assertEqual(result.indices.tolist(), [2, 1])
        self.assertEqual(torch.sort(torch.tensor(2.0)).indices.tolist(), 0)
        self.assertEqual(torch.msort(torch.tensor([[2, 1], [1, 3]])).tolist(), [[1, 1], [2, 3]])
        with self.assertRaisesRegex(RuntimeError, "k out of range"):
            torch.topk(x, 4)
        with self.assertRaisesRegex(RuntimeError, "k out of range for dimension 1"):
            torch.kthvalue(x, 0)

    def test_unique(self):
        x = torch.tensor([3, 1, 3, 2])
        self.assertEqual(torch.unique(x).tolist(), [1, 2, 3])
        values, inverse, counts = torch.unique(x, return_inverse=True, return_counts=True)
        self.assertEqual((inverse.tolist(), counts.tolist()), ([2, 0, 2, 1], [1, 1, 2]))
        m = torch.tensor([[3, 1], [3, 1], [1, 1]])
        self.assertEqual(torch.unique(m, return_inverse=True)[1].tolist(),
                         [[1, 0], [1, 0], [0, 0]])
        rows, counts = m.unique(dim=0, return_counts=True)
        self.assertEqual((rows.tolist(), counts.tolist()), ([[1, 1], [3, 1]], [1, 2]))
        leaf = torch.tensor([1.0, 2.0], requires_grad=True)
        with self.assertRaisesRegex(RuntimeError, "not implemented"):
            torch.unique(leaf).sum().backward()


if __name__ == "__main__":
    unittest.main()
