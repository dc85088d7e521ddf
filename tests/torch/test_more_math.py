"""latpy.torch maths (math_ops.py: addmm, lerp, diff, cumprod, logcumsumexp,
einsum, cdist, ...) and activations (functions/activation.py).

Values against references on the core or on Python floats; derivatives of
first and second order against central finite differences; errors by class
and message; PyTorch's choice of derivative at the kinks.
"""

from __future__ import annotations

import math
import random
import unittest

import latpy as lp
import latpy.torch as torch
from tests.torch.fdcheck import _close, check_grads, flat, lanes, rand, rand_shape, tensor


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
        self.assertEqual(got.tolist(), [[1.0, 1.0, -4.0, 2.0], [-2.0, 5.0, -11.0, 6.0]])
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
        x = torch.tensor([-math.inf, 1.0, -math.inf, 2.0], requires_grad=True)
        (torch.logcumsumexp(x, 0)[1:] * torch.tensor([1.0, -2.0, 0.5])).sum().backward()
        e = math.e  # a -inf input gets gradient 0 (PyTorch 2.13 gives nan at x[0])
        _close(self, x.grad.tolist(), [0.0, -1 + 0.5 / (1 + e), 0.0, 0.5 * e / (1 + e)],
               1e-12, "logcumsumexp at -inf")
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
            got_rows = got.data.reshape(-1, len(rows_b)).tolist()  # batch of 1 at most
            for ra, got_row in zip(a.data.tolist(), got_rows):
                for rb, value in zip(rows_b, got_row):
                    deltas = [abs(u - v) for u, v in zip(ra, rb)]
                    want = max(deltas) if p == math.inf else \
                        sum(d ** p for d in deltas) ** (1 / p)
                    self.assertAlmostEqual(value, want, places=10)
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


class TestDocs(unittest.TestCase):
    def test_doctests(self):
        import doctest
        import importlib
        for name in ("more_ops", "math_ops", "sort_ops", "functions.activation",
                     "functions.indexing", "functions.scan", "functions.einsum"):
            module = importlib.import_module(f"latpy.torch.{name}")
            result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
            self.assertEqual(result.failed, 0, name)

    def test_derivatives_table_lists_every_primitive(self):
        import importlib
        import inspect
        import os
        from latpy.torch.function import Op
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        with open(os.path.join(root, "docs", "derivatives.md"), encoding="utf-8") as f:
            table = f.read()
        folder = os.path.join(root, "latpy", "torch", "functions")
        for file in sorted(os.listdir(folder)):
            if not file.endswith(".py"):
                continue
            module = importlib.import_module(f"latpy.torch.functions.{file[:-3]}")
            for name, cls in vars(module).items():
                if inspect.isclass(cls) and issubclass(cls, Op) and \
                        cls.__module__ == module.__name__:
                    self.assertTrue(f"`{name}`" in table,
                                    f"{file}: {name} has no row in docs/derivatives.md")


if __name__ == "__main__":
    unittest.main()
