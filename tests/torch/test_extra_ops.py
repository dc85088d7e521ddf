"""extra_ops: values against ``math``/hand results, gradients against central
differences (second order too), errors, and the methods and in-place forms."""

from __future__ import annotations

import math
import random
import unittest

import latpy.torch as torch

from .fdcheck import check_grads, flat, rand, rand_shape

UNARY = {  # name: (math function, low, high) -- a domain where it is smooth
    "sinh": (math.sinh, -2.0, 2.0), "cosh": (math.cosh, -2.0, 2.0),
    "asin": (math.asin, -0.9, 0.9), "acos": (math.acos, -0.9, 0.9),
    "atan": (math.atan, -3.0, 3.0), "asinh": (math.asinh, -3.0, 3.0),
    "acosh": (math.acosh, 1.1, 3.0), "atanh": (math.atanh, -0.9, 0.9),
    "exp2": (lambda v: 2.0 ** v, -3.0, 3.0), "frac": (lambda v: v - math.trunc(v), -3.0, 3.0),
}


class TestUnary(unittest.TestCase):
    def test_values_match_math(self):
        rng = random.Random(0)
        for name, (ref, lo, hi) in UNARY.items():
            x = rand(rng, (7,), lo, hi, grad=False)
            got = flat(getattr(torch, name)(x))
            for g, v in zip(got, flat(x)):
                self.assertAlmostEqual(g, ref(v), places=12, msg=name)

    def test_small_arguments_are_accurate(self):
        x = torch.tensor([1e-10])
        for name in ("sinh", "asin", "atan", "asinh", "atanh"):
            self.assertEqual(getattr(torch, name)(x).item(), 1e-10, name)

    def test_gradients_first_and_second_order(self):
        rng = random.Random(1)
        for name, (_, lo, hi) in UNARY.items():
            fn = getattr(torch, name)
            shape = rand_shape(rng)
            x = rand(rng, shape, lo, hi, avoid=(-2.0, -1.0, 0.0, 1.0, 2.0, 3.0))
            with self.subTest(name=name, shape=shape):
                check_grads(self, fn, [x], rng, second=True)

    def test_aliases_methods_and_int_input(self):
        x = torch.tensor([0.25])
        for alias, name in (("arcsin", "asin"), ("arccos", "acos"), ("arctan", "atan"),
                            ("arcsinh", "asinh"), ("arccosh", "acosh"),
                            ("arctanh", "atanh"), ("arctan2", "atan2")):
            self.assertIs(getattr(torch, alias), getattr(torch, name))
        self.assertEqual(x.sinh().item(), math.sinh(0.25))
        self.assertEqual(torch.cosh(torch.tensor([0])).dtype, torch.float64)
        self.assertTrue(math.isnan(torch.asin(torch.tensor([2.0])).item()))
        with self.assertRaises(RuntimeError):
            torch.frac(torch.tensor([1]))

    def test_inplace(self):
        x = torch.tensor([0.5, 1.5])
        self.assertIs(x.sinh_(), x)
        self.assertEqual(x.tolist(), [math.sinh(0.5), math.sinh(1.5)])
        leaf = torch.tensor([0.5], requires_grad=True)
        with self.assertRaises(RuntimeError):
            leaf.atan_()
        y = leaf * 1.0
        y.atan_()
        y.sum().backward()
        self.assertAlmostEqual(leaf.grad.item(), 1 / 1.25)


class TestBinary(unittest.TestCase):
    def test_values(self):
        a = torch.tensor([1.0, -1.0, 0.0, -3.5, 3.5])
        b = torch.tensor([1.0, -1.0, 1.0, 2.0, -2.0])
        self.assertEqual(torch.atan2(a, b).tolist(),
                         [math.atan2(u, v) for u, v in zip(a.tolist(), b.tolist())])
        self.assertEqual(torch.hypot(a, b).tolist(),
                         [math.hypot(u, v) for u, v in zip(a.tolist(), b.tolist())])
        self.assertEqual(torch.fmod(a, b).tolist(),
                         [math.fmod(u, v) for u, v in zip(a.tolist(), b.tolist())])
        self.assertEqual(torch.remainder(a, b).tolist(),
                         [u % v for u, v in zip(a.tolist(), b.tolist())])
        self.assertEqual(torch.fmod(torch.tensor([-7, 7]), 3).tolist(), [-1, 1])
        self.assertEqual(torch.remainder(torch.tensor([-7, 7]), 3).tolist(), [2, 1])
        self.assertEqual(torch.fmod(torch.tensor([-7, 7]), 3).dtype, torch.int64)
        self.assertEqual(torch.atan2(torch.tensor([1]), torch.tensor([1])).dtype,
                         torch.float64)

    def test_xlogy(self):
        x = torch.tensor([0.0, 0.0, 2.0, 0.0, 3.0])
        y = torch.tensor([0.0, 5.0, 3.0, float("nan"), -1.0])
        got = torch.xlogy(x, y).tolist()
        self.assertEqual(got[:3], [0.0, 0.0, 2.0 * math.log(3.0)])
        self.assertTrue(math.isnan(got[3]) and math.isnan(got[4]))
        self.assertEqual(torch.xlogy(2.0, torch.tensor([math.e])).tolist(), [2.0])
        self.assertEqual(torch.xlogy(torch.tensor([2.0]), math.e).tolist(), [2.0])

    def test_gradients(self):
        rng = random.Random(2)
        cases = {
            "atan2": (-2.0, 2.0, 0.3, 2.0), "hypot": (-2.0, 2.0, 0.3, 2.0),
            "fmod": (-3.0, 3.0, 0.7, 1.9), "remainder": (-3.0, 3.0, 0.7, 1.9),
            "xlogy": (-2.0, 2.0, 0.3, 3.0),
        }
        for name, (lo, hi, blo, bhi) in cases.items():
            fn = getattr(torch, name)
            for _ in range(3):
                sa, sb = rand_shape(rng), rand_shape(rng)
                if rng.random() < 0.5:
                    sb = sa  # same shape half the time, broadcast otherwise
                try:
                    torch.zeros(sa) + torch.zeros(sb)
                except (RuntimeError, ValueError):
                    sb = ()
                a = rand(rng, sa, lo, hi)
                b = rand(rng, sb, blo, bhi)
                if name in ("fmod", "remainder"):  # stay away from the jumps
                    qa = [v for v in flat(a)]
                    bs = flat(b)
                    if any(abs(u / v - round(u / v)) < 0.05 for u in qa for v in bs):
                        continue
                second = name not in ("fmod", "remainder")
                with self.subTest(name=name, sa=sa, sb=sb):
                    check_grads(self, fn, [a, b], rng, second=second)
                    check_grads(self, lambda t: fn(t, 1.3), [a], rng, second=second)

    def test_fmod_remainder_gradient_wrt_divisor(self):
        a = torch.tensor([5.5, -5.5], requires_grad=True)
        b = torch.tensor([2.0, 2.0], requires_grad=True)
        torch.fmod(a, b).sum().backward()
        self.assertEqual((a.grad.tolist(), b.grad.tolist()), ([1.0, 1.0], [-2.0, 2.0]))
        b.grad = None
        torch.remainder(a, b).sum().backward()
        self.assertEqual(b.grad.tolist(), [-2.0, 3.0])


class TestRoundedDivision(unittest.TestCase):
    def test_zero_gradients(self):
        a = torch.tensor([3.5, -2.5], requires_grad=True)
        b = torch.tensor([2.0, 2.0], requires_grad=True)
        for mode, want in (("floor", [1.0, -2.0]), ("trunc", [1.0, -1.0])):
            out = torch.div(a, b, rounding_mode=mode)
            self.assertEqual(out.tolist(), want)
            self.assertTrue(out.requires_grad)
            ga, gb = torch.autograd.grad(out.sum(), (a, b))
            self.assertEqual((ga.tolist(), gb.tolist()), ([0.0, 0.0], [0.0, 0.0]))
        out = torch.div(a, 2, rounding_mode="floor")
        (out * 3).sum().backward()
        self.assertEqual(a.grad.tolist(), [0.0, 0.0])
        self.assertFalse(torch.div(torch.tensor([3.0]), 2, rounding_mode="floor").requires_grad)
        self.assertEqual(torch.div(torch.tensor([7]), 2, rounding_mode="trunc").tolist(), [3])


class TestSelectMedian(unittest.TestCase):
    def test_select(self):
        x = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()
        self.assertEqual(torch.select(x, 1, -1).tolist(), x.detach()[:, 2].tolist())
        self.assertEqual(x.select(2, 0).shape, torch.Size([2, 3]))
        x.select(0, 1).sum().backward()
        self.assertEqual(x.grad.sum().item(), 12.0)
        self.assertEqual(x.grad[1].sum().item(), 12.0)
        with self.assertRaises(IndexError):
            x.select(1, 3)
        with self.assertRaises(IndexError):
            x.select(3, 0)
        with self.assertRaises(IndexError):
            torch.tensor(1.0).select(0, 0)

    def test_median_values(self):
        x = torch.tensor([[4.0, 1.0, 3.0, 2.0], [0.0, -1.0, 5.0, 6.0]])
        self.assertEqual(torch.median(x).item(), 2.0)
        v, i = torch.median(x, dim=1)
        self.assertEqual((v.tolist(), i.tolist()), ([2.0, 0.0], [3, 0]))
        v, i = x.median(0, keepdim=True)
        self.assertEqual((v.tolist(), i.tolist()), ([[0.0, -1.0, 3.0, 2.0]], [[1, 1, 0, 0]]))
        self.assertEqual(torch.median(torch.tensor([3, 1, 2])).item(), 2)
        self.assertTrue(math.isnan(torch.median(torch.tensor([1.0, float("nan")])).item()))
        self.assertTrue(math.isnan(torch.median(torch.tensor([])).item()))
        v, i = torch.median(torch.tensor(5.0), 0)
        self.assertEqual((v.item(), i.item()), (5.0, 0))
        with self.assertRaises(IndexError):
            torch.median(x, dim=2)

    def test_median_gradients(self):
        x = torch.tensor([2.0, 1.0, 2.0, 3.0], requires_grad=True)
        torch.median(x).backward()
        self.assertEqual(x.grad.tolist(), [0.5, 0.0, 0.5, 0.0])  # ties share
        rng = random.Random(3)
        for _ in range(4):
            shape = rand_shape(rng, min_ndim=1)
            x = rand(rng, shape)
            d = rng.randrange(len(shape))
            check_grads(self, lambda t: torch.median(t, d).values, [x], rng, second=True)
            check_grads(self, lambda t: torch.median(t), [x], rng, second=True)


class TestFillsAndShapes(unittest.TestCase):
    def test_index_fill(self):
        x = torch.ones(2, 3, requires_grad=True)
        out = torch.index_fill(x, 1, torch.tensor([0, 2]), -1.0)
        self.assertEqual(out.tolist(), [[-1.0, 1.0, -1.0], [-1.0, 1.0, -1.0]])
        out.sum().backward()
        self.assertEqual(x.grad.tolist(), [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
        v = torch.tensor(4.0, requires_grad=True)
        torch.index_fill(torch.zeros(3), 0, torch.tensor([1, 2]), v).sum().backward()
        self.assertEqual(v.grad.item(), 2.0)
        y = torch.zeros(3)
        self.assertIs(y.index_fill_(0, torch.tensor([1]), 7.0), y)
        self.assertEqual(y.tolist(), [0.0, 7.0, 0.0])
        with self.assertRaises(IndexError):
            torch.index_fill(torch.zeros(3), 0, torch.tensor([3]), 1.0)

    def test_fill_diagonal(self):
        self.assertEqual(torch.zeros(3, 2).fill_diagonal_(1.0).tolist(),
                         [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
        self.assertEqual(torch.zeros(5, 2).fill_diagonal_(1.0, wrap=True).tolist(),
                         [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
        cube = torch.zeros(2, 2, 2).fill_diagonal_(3.0)
        self.assertEqual(cube.sum().item(), 6.0)
        self.assertEqual((cube[0, 0, 0].item(), cube[1, 1, 1].item()), (3.0, 3.0))
        with self.assertRaises(RuntimeError):
            torch.zeros(2, 3, 2).fill_diagonal_(1.0)
        with self.assertRaises(RuntimeError):
            torch.zeros(3, requires_grad=True).reshape(3, 1).detach().requires_grad_() \
                .fill_diagonal_(1.0)
        x = torch.ones(2, 2, requires_grad=True)
        y = x * 2
        y.fill_diagonal_(0.0).sum().backward()
        self.assertEqual(x.grad.tolist(), [[0.0, 2.0], [2.0, 0.0]])

    def test_inplace_shape_methods(self):
        x = torch.arange(6.0).reshape(2, 3)
        self.assertIs(x.t_(), x)
        self.assertEqual(x.tolist(), [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]])
        x.transpose_(0, 1)
        self.assertEqual(x.shape, torch.Size([2, 3]))
        x.unsqueeze_(0)
        self.assertEqual(x.shape, torch.Size([1, 2, 3]))
        x.squeeze_()
        self.assertEqual(x.shape, torch.Size([2, 3]))
        leaf = torch.zeros(2, 3, requires_grad=True)
        for call in (lambda: leaf.t_(), lambda: (leaf * 1).unsqueeze_(0)):
            with self.assertRaises(RuntimeError):
                call()
        with torch.no_grad():
            leaf.t_()
        self.assertEqual(leaf.shape, torch.Size([3, 2]))

    def test_type_as_and_randint_like(self):
        self.assertEqual(torch.tensor([1.7]).type_as(torch.tensor([1])).tolist(), [1])
        torch.manual_seed(0)
        r = torch.randint_like(torch.zeros(50), 3, 6)
        self.assertEqual(r.dtype, torch.float64)
        self.assertEqual(set(r.tolist()), {3.0, 4.0, 5.0})
        self.assertEqual(torch.randint_like(torch.zeros(2, dtype=torch.int64), 4).dtype,
                         torch.int64)


class TestSampling(unittest.TestCase):
    def test_bernoulli(self):
        torch.manual_seed(0)
        p = torch.full((2000,), 0.3)
        draws = torch.bernoulli(p)
        self.assertEqual(set(draws.tolist()), {0.0, 1.0})
        self.assertLess(abs(draws.mean().item() - 0.3), 0.05)
        self.assertEqual(torch.bernoulli(torch.zeros(4), p=1.0).tolist(), [1.0] * 4)
        g1, g2 = torch.Generator().manual_seed(7), torch.Generator().manual_seed(7)
        self.assertEqual(p.bernoulli(generator=g1).tolist(), p.bernoulli(generator=g2).tolist())
        q = torch.tensor([0.5, 0.5], requires_grad=True)
        (torch.bernoulli(q) * 3).sum().backward()
        self.assertEqual(q.grad.tolist(), [0.0, 0.0])
        z = torch.zeros(1000)
        self.assertIs(z.bernoulli_(0.8), z)
        self.assertLess(abs(z.mean().item() - 0.8), 0.05)
        with self.assertRaises(RuntimeError):
            torch.zeros(2, requires_grad=True).bernoulli_()

    def test_multinomial(self):
        torch.manual_seed(0)
        w = torch.tensor([1.0, 0.0, 3.0])
        s = torch.multinomial(w, 4000, replacement=True)
        self.assertEqual((s.dtype, tuple(s.shape)), (torch.int64, (4000,)))
        counts = [s.tolist().count(k) for k in range(3)]
        self.assertEqual(counts[1], 0)
        self.assertLess(abs(counts[2] / 4000 - 0.75), 0.04)
        rows = torch.multinomial(torch.tensor([[1.0, 1.0, 1.0], [0.0, 2.0, 1.0]]), 2)
        self.assertEqual(tuple(rows.shape), (2, 2))
        for row in rows.tolist():
            self.assertEqual(len(set(row)), 2)  # without replacement: distinct
        self.assertEqual(sorted(w.multinomial(2).tolist()), [0, 2])
        self.assertEqual(w.multinomial(3).tolist()[2], 1)  # zero weight: drawn last
        for bad in (lambda: torch.multinomial(w, 4),
                    lambda: torch.multinomial(torch.tensor([-1.0, 2.0]), 1),
                    lambda: torch.multinomial(torch.zeros(3), 1),
                    lambda: torch.multinomial(torch.zeros(2, 2, 2) + 1, 1)):
            with self.assertRaises(RuntimeError):
                bad()


if __name__ == "__main__":
    unittest.main()
