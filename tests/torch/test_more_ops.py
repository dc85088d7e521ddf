"""latpy.torch indexing, sorting, scans, einsum, pad and activations.

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

EPS = 1e-6


# ---------------------------------------------------------------- helpers
def tensor(values, shape, grad=False):
    t = torch.tensor(lp.array([float(v) for v in values]).reshape(shape))
    return t.requires_grad_() if grad else t


def rand(rng, shape, lo=-2.0, hi=2.0, grad=True, avoid=()):
    n = math.prod(shape)
    values = []
    for _ in range(n):
        v = rng.uniform(lo, hi)
        while any(abs(v - a) < 0.02 for a in avoid):  # keep away from kinks
            v = rng.uniform(lo, hi)
        values.append(v)
    return tensor(values, shape, grad)


def rand_shape(rng, min_ndim=0, max_ndim=3, max_size=3):
    return tuple(rng.randint(1, max_size) for _ in range(rng.randint(min_ndim, max_ndim)))


def index_tensor(rows, shape):
    return torch.tensor(lp.array(rows, dtype=int).reshape(shape))


def numeric_grads(f, inputs):
    """Central differences of the scalar f(*inputs) for every element of every input."""
    grads = []
    for k, t in enumerate(inputs):
        base, shape = t.data.reshape(-1).tolist(), tuple(t.shape)
        g = []
        for j in range(len(base)):
            sides = []
            for step in (EPS, -EPS):
                values = list(base)
                values[j] += step
                args = list(inputs)
                args[k] = tensor(values, shape)
                sides.append(f(*args).item())
            g.append((sides[0] - sides[1]) / (2 * EPS))
        grads.append(g)
    return grads


def _close(tc, got, want, tol, what):
    for a, b in zip(got, want):
        tc.assertLessEqual(abs(a - b), tol * (1 + abs(b)), f"{what}: {got} vs {want}")


def check_grads(tc, fn, inputs, rng, second=False, tol=1e-5):
    """Gradients of ``sum(w * y + y * y / 2)``, y = fn(*inputs), vs finite differences;
    with `second`, also the gradient of ``<grad, v>`` (create_graph) vs differences."""
    w = rand(rng, tuple(fn(*inputs).shape), grad=False)

    def loss(*args):
        y = fn(*args)
        return (y * w + y * y * 0.5).sum()

    analytic = torch.autograd.grad(loss(*inputs), inputs, allow_unused=True)
    for t, g, n in zip(inputs, analytic, numeric_grads(loss, inputs)):
        got = [0.0] * t.numel() if g is None else g.data.reshape(-1).tolist()
        _close(tc, got, n, tol, "first derivative")
    if not second:
        return
    v = [rand(rng, tuple(t.shape), grad=False) for t in inputs]

    def directional(*args):
        args = [a.detach().requires_grad_() for a in args]
        gs = torch.autograd.grad(loss(*args), args, allow_unused=True)
        return sum((g * vv).sum() for g, vv in zip(gs, v) if g is not None)

    gs = torch.autograd.grad(loss(*inputs), inputs, create_graph=True, allow_unused=True)
    total = sum((g * vv).sum() for g, vv in zip(gs, v) if g is not None)
    analytic2 = torch.autograd.grad(total, inputs, allow_unused=True)
    for t, g, n in zip(inputs, analytic2, numeric_grads(directional, inputs)):
        got = [0.0] * t.numel() if g is None else g.data.reshape(-1).tolist()
        _close(tc, got, n, 1e-4, "second derivative")


def flat(t):
    return t.data.reshape(-1).tolist() if hasattr(t, "data") else t.reshape(-1).tolist()


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
                         [[[1.0, 2.0, 3.0, 0.0, 1.0]]])
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
def lanes(t, dim):
    """The 1-D lanes of `t` along `dim`, as lists, in the order of the other dims."""
    moved = lp.moveaxis(t.data, dim, -1)
    n = moved.shape[-1]
    values = moved.reshape(-1).tolist()
    return [values[i:i + n] for i in range(0, len(values), n)]


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
        self.assertEqual(torch.sort(x, descending=True).indices.tolist(), [[0, 2, 1], [1, 2, 0]])
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


# ---------------------------------------------------------------- maths
class TestMath(unittest.TestCase):
    def test_fused_and_elementwise(self):
        rng = random.Random(6)
        for case in range(6):
            n, k, m = (rng.randint(1, 3) for _ in range(3))
            bias = rand(rng, rng.choice([(n, m), (m,), (1, 1), ()]))
            a, b = rand(rng, (n, k)), rand(rng, (k, m))
            got = torch.addmm(bias, a, b, beta=0.5, alpha=2.0)
            want = bias.data * 0.5 + (a.data @ b.data) * 2.0
            _close(self, flat(got), flat(lp.broadcast_to(want, (n, m))), 1e-12, "addmm")
            check_grads(self, lambda c, p, q: torch.addmm(c, p, q, beta=0.5, alpha=2.0),
                        [bias, a, b], rng, second=case < 2)
            shape = rand_shape(rng)
            x, y = rand(rng, shape), rand(rng, shape[1:])
            w = rand(rng, shape[-1:] if shape else (), lo=0.0, hi=1.0)
            got = torch.lerp(x, y, w)
            _close(self, flat(got), flat(x.data + w.data * (y.data - x.data)), 1e-12, "lerp")
            check_grads(self, torch.lerp, [x, y, w], rng, second=case < 2)
            d = rand(rng, shape, lo=0.5, hi=2.0)
            check_grads(self, lambda p, q, r: torch.addcdiv(p, q, r, value=0.5), [x, y, d],
                        rng, second=case < 2)
            check_grads(self, lambda p, q, r: torch.addcmul(p, q, r, value=2), [x, y, d], rng)
            check_grads(self, lambda p: torch.clamp_min(p, 0.3), [x], rng)
        with self.assertRaisesRegex(RuntimeError, r"cannot be multiplied \(2x3 and 2x3\)"):
            torch.addmm(torch.ones(3), torch.ones(2, 3), torch.ones(2, 3))
        with self.assertRaisesRegex(RuntimeError, "mat2 must be a matrix"):
            torch.addmm(torch.ones(3), torch.ones(2, 3), torch.ones(3))
        with self.assertRaisesRegex(RuntimeError, "Integer division"):
            torch.addcdiv(torch.ones(2), torch.tensor([1, 2]), torch.tensor([1, 2]))
        nan_bias = torch.full((1, 1), math.nan)
        self.assertEqual(torch.addmm(nan_bias, torch.ones(1, 1), torch.ones(1, 1),
                                     beta=0).tolist(), [[1.0]])

    def test_diff(self):
        x = torch.tensor([[0.0, 1.0, 3.0], [2.0, 2.0, 7.0]])
        got = torch.diff(x, n=2, dim=1, prepend=torch.zeros(2, 1), append=torch.ones(2, 2))
        self.assertEqual(got.tolist(), [[1.0, 1.0, -5.0, 3.0], [-2.0, 5.0, -11.0, 6.0]])
        self.assertEqual(torch.diff(x, n=5).shape, (2, 0))
        self.assertEqual(torch.diff(torch.tensor([True, False, False])).tolist(), [True, False])
        rng = random.Random(7)
        check_grads(self, lambda a: torch.diff(a, n=2, dim=0), [rand(rng, (4, 2))], rng)
        with self.assertRaisesRegex(RuntimeError, "at least one-dimensional"):
            torch.diff(torch.tensor(3.0))
        with self.assertRaisesRegex(RuntimeError, "non-negative"):
            torch.diff(x, n=-1)

    def test_cumprod_and_logcumsumexp(self):
        rng = random.Random(8)
        for case in range(8):
            shape = rand_shape(rng, 1, 3, 4)
            dim = rng.randrange(len(shape))
            x = rand(rng, shape)
            if case % 2:  # exact zeros, one or several per lane
                values = [0.0 if rng.random() < 0.3 else v for v in flat(x)]
                x = tensor(values, shape, grad=True)
            _close(self, flat(torch.cumprod(x, dim)), flat(lp.cumprod(x.data, axis=dim)),
                   1e-12, "cumprod")
            check_grads(self, lambda a: torch.cumprod(a, dim), [x], rng, second=case < 4)
            got = torch.logcumsumexp(x, dim)
            for lane, glane in zip(lanes(x, dim), lanes(got, dim)):
                want = [math.log(sum(math.exp(v) for v in lane[:i + 1]))
                        for i in range(len(lane))]
                _close(self, glane, want, 1e-12, "logcumsumexp")
            check_grads(self, lambda a: torch.logcumsumexp(a, dim), [x], rng,
                        second=case < 3)
        big = torch.logcumsumexp(torch.tensor([-1000.0, 0.0, 1000.0]), 0)
        self.assertEqual(big.tolist(), [-1000.0, 0.0, 1000.0])
        self.assertEqual(torch.cumprod(torch.tensor([1, 2, 3]), 0).tolist(), [1, 2, 6])

    def test_einsum(self):
        rng = random.Random(9)
        cases = [("ij,jk->ik", [(2, 3), (3, 2)]), ("ij,jk", [(2, 3), (3, 1)]),
                 ("ii->i", [(3, 3)]), ("ii", [(2, 2)]), ("ij->", [(2, 3)]),
                 ("...i,...i->...", [(2, 3), (3,)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
                 ("i,j->ij", [(2,), (3,)]), ("ij,ij,j->i", [(2, 3), (1, 3), (3,)]),
                 ("iij,j->i", [(2, 2, 3), (3,)]), ("ij->ji", [(2, 3)])]
        for case, (spec, shapes) in enumerate(cases):
            xs = [rand(rng, s) for s in shapes]
            got = torch.einsum(spec, *xs)
            want = lp.einsum(spec, *(x.data for x in xs))
            _close(self, flat(got), flat(lp.asarray(want)), 1e-12, spec)
            check_grads(self, lambda *a: torch.einsum(spec, *a), xs, rng, second=case < 6)
        a = rand(rng, (2, 3))
        self.assertEqual(torch.einsum(a, [0, 1], [1]).tolist(), torch.sum(a, 0).tolist())
        self.assertEqual(torch.einsum("ij->", [a]).item(), torch.sum(a).item())
        with self.assertRaisesRegex(RuntimeError, "operands"):
            torch.einsum("ij", a, a)
        with self.assertRaisesRegex(RuntimeError, "einsum"):
            torch.einsum("ij,jk", a, a)

    def test_cdist(self):
        rng = random.Random(10)
        for case, p in enumerate([2.0, 1.0, 3.0, math.inf, 2.0, 0.5]):
            a, b = rand(rng, (2, 3)), rand(rng, rng.choice([(4, 3), (1, 2, 3)]))
            got = torch.cdist(a, b, p)
            rows_b = b.data.reshape(-1, 3).tolist()
            for i, ra in enumerate(a.data.tolist()):
                for j, rb in enumerate(rows_b):
                    deltas = [abs(u - v) for u, v in zip(ra, rb)]
                    want = max(deltas) if p == math.inf else sum(d ** p for d in deltas) ** (1 / p)
                    self.assertAlmostEqual(got.data.reshape(-1)[i * len(rows_b) + j].item()
                                           if b.ndim == 2 else got.data[0, i, j].item(),
                                           want, places=10)
            check_grads(self, lambda u, v: torch.cdist(u, v, p), [a, b], rng, second=case < 1)
        same = torch.tensor([[1.0, 2.0], [1.0, 2.0]], requires_grad=True)
        torch.cdist(same, same).sum().backward()
        self.assertEqual(same.grad.tolist(), [[0.0, 0.0], [0.0, 0.0]])
        with self.assertRaisesRegex(RuntimeError, "X1 got: 1D"):
            torch.cdist(torch.ones(3), torch.ones(3))
        with self.assertRaisesRegex(RuntimeError, "same number of columns"):
            torch.cdist(torch.ones(2, 3), torch.ones(2, 4))


# ---------------------------------------------------------------- activations
def _sig(v):
    return 1 / (1 + math.exp(-v))


SELU = (1.6732632423543772848170429916717, 1.0507009873554804934193349852946)
ACTIVATIONS = [  # name, call, reference, kinks, twice differentiable
    ("leaky_relu", lambda x: torch.leaky_relu(x, 0.2), lambda v: v if v > 0 else 0.2 * v,
     (0,), False),
    ("elu", lambda x: torch.elu(x, 1.5), lambda v: v if v > 0 else 1.5 * math.expm1(v),
     (0,), True),
    ("selu", torch.selu, lambda v: SELU[1] * (v if v > 0 else SELU[0] * math.expm1(v)),
     (0,), True),
    ("celu", lambda x: torch.celu(x, 2.0), lambda v: v if v > 0 else 2 * math.expm1(v / 2),
     (0,), True),
    ("gelu", torch.gelu, lambda v: v * 0.5 * (1 + math.erf(v / math.sqrt(2))), (), True),
    ("gelu_tanh", lambda x: torch.gelu(x, approximate="tanh"),
     lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v ** 3))),
     (), True),
    ("silu", torch.silu, lambda v: v * _sig(v), (), True),
    ("mish", torch.mish, lambda v: v * math.tanh(math.log1p(math.exp(v))), (), True),
    ("softplus", lambda x: torch.softplus(x, 2.0, 3.0),
     lambda v: v if 2 * v > 3 else math.log1p(math.exp(2 * v)) / 2, (1.5,), True),
    ("softsign", torch.softsign, lambda v: v / (1 + abs(v)), (0,), True),
    ("hardtanh", lambda x: torch.hardtanh(x, -1.0, 1.5), lambda v: min(max(v, -1.0), 1.5),
     (-1, 1.5), False),
    ("relu6", torch.relu6, lambda v: min(max(v, 0.0), 6.0), (0, 6), False),
    ("hardsigmoid", torch.hardsigmoid, lambda v: min(max(v / 6 + 0.5, 0.0), 1.0), (-3, 3),
     False),
    ("hardswish", torch.hardswish, lambda v: v * min(max(v + 3, 0.0), 6.0) / 6, (-3, 3),
     True),
    ("logsigmoid", torch.logsigmoid, lambda v: math.log(_sig(v)), (0,), True),
    ("threshold", lambda x: torch.threshold(x, 0.5, -2.0), lambda v: v if v > 0.5 else -2.0,
     (0.5,), False),
    ("hardshrink", torch.hardshrink, lambda v: v if abs(v) > 0.5 else 0.0, (-0.5, 0.5),
     False),
    ("softshrink", torch.softshrink,
     lambda v: v - 0.5 if v > 0.5 else v + 0.5 if v < -0.5 else 0.0, (-0.5, 0.5), False),
    ("tanhshrink", torch.tanhshrink, lambda v: v - math.tanh(v), (), True),
]


class TestActivations(unittest.TestCase):
    def test_values_and_gradients(self):
        rng = random.Random(11)
        for name, fn, ref, kinks, smooth in ACTIVATIONS:
            for case in range(2):
                x = rand(rng, rand_shape(rng, 0, 2), lo=-7.0, hi=7.0, avoid=kinks)
                _close(self, flat(fn(x)), [ref(v) for v in flat(x)], 1e-12, name)
                check_grads(self, fn, [x], rng, second=smooth and case == 0)

    def test_boundaries_match_pytorch(self):
        points = torch.tensor([-3.0, 0.0, 3.0, 6.0], requires_grad=True)
        expected = {"hardtanh": [0.0, 1.0, 0.0, 0.0], "relu6": [0.0, 0.0, 1.0, 0.0],
                    "hardswish": [0.0, 0.5, 1.0, 1.0], "elu": [math.exp(-3), 1.0, 1.0, 1.0],
                    "leaky_relu": [0.01, 0.01, 1.0, 1.0], "logsigmoid": [_sig(3), 0.5,
                                                                        _sig(-3), _sig(-6)]}
        for name, want in expected.items():
            (g,) = torch.autograd.grad(getattr(torch, name)(points).sum(), points)
            _close(self, g.tolist(), want, 1e-12, name)

    def test_stability_inplace_and_errors(self):
        big = torch.tensor([-1000.0, 1000.0], requires_grad=True)
        for fn in (torch.softplus, torch.logsigmoid, torch.elu, torch.mish, torch.silu):
            out = fn(big)
            out.sum().backward()
            self.assertFalse(any(math.isnan(v) for v in flat(out) + flat(big.grad)), fn)
            big.grad = None
        self.assertEqual(torch.logsigmoid(big).tolist(), [-1000.0, 0.0])
        x = torch.tensor([-1.0, 2.0])
        self.assertIs(torch.leaky_relu(x, 0.5, inplace=True), x)
        self.assertEqual(x.tolist(), [-0.5, 2.0])
        self.assertEqual(torch.relu6(torch.tensor([1, -2, 8])).tolist(), [1, 0, 6])
        self.assertEqual(torch.threshold(torch.tensor([1, -2]), 0, 2.5).tolist(), [1, 2])
        with self.assertRaisesRegex(NotImplementedError, "Long"):
            torch.gelu(torch.tensor([1, 2]))
        with self.assertRaisesRegex(RuntimeError, "approximate"):
            torch.gelu(x, approximate="fast")
        with self.assertRaisesRegex(ValueError, "min_val cannot be greater"):
            torch.hardtanh(x, 1.0, -1.0)
        with self.assertRaisesRegex(RuntimeError, "alpha cannot be 0"):
            torch.celu(x, 0.0)


if __name__ == "__main__":
    unittest.main()
