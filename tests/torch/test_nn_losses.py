"""Loss functions (nn/functional_losses*.py) and loss modules (nn/losses.py).

Values against hand computations on small cases; first derivatives of every
loss under every reduction against central finite differences (second
derivatives for the main ones); ignore_index / weight / label_smoothing /
pos_weight combinations; stability at logits of +-1000; errors by class.
"""

from __future__ import annotations

import math
import random
import unittest
import warnings

import latpy.torch as torch
import latpy.torch.nn.functional as F
from tests.torch.fdcheck import check_grads, flat, rand

REDUCTIONS = ("mean", "sum", "none")
T = torch.tensor


def lse(row):
    m = max(row)
    return m + math.log(sum(math.exp(v - m) for v in row))


def logsig(v):
    return min(v, 0.0) - math.log1p(math.exp(-abs(v)))


class TestValues(unittest.TestCase):
    def assertNear(self, got, want, tol=1e-12):
        got = got.item() if hasattr(got, "item") else got
        self.assertLessEqual(abs(got - want), tol * (1 + abs(want)), f"{got} vs {want}")

    def assertListNear(self, got, want, tol=1e-12):
        for a, b in zip(flat(got), want):
            self.assertNear(a, b, tol)

    def test_regression(self):
        x, y = T([1.0, -2.0, 0.5]), T([0.0, 0.0, 0.0])
        self.assertNear(F.mse_loss(x, y), (1 + 4 + 0.25) / 3)
        self.assertNear(F.mse_loss(x, y, reduction="sum"), 5.25)
        self.assertNear(F.l1_loss(x, y), 3.5 / 3)
        self.assertListNear(F.smooth_l1_loss(x, y, reduction="none", beta=2.0),
                            [0.25, 1.0, 0.0625])
        self.assertListNear(F.smooth_l1_loss(x, y, reduction="none", beta=0.0), [1, 2, 0.5])
        self.assertListNear(F.huber_loss(x, y, reduction="none", delta=0.5),
                            [0.375, 0.875, 0.125])
        w = T([1.0, 2.0, 3.0])
        self.assertNear(F.mse_loss(x, y, weight=w), (1 + 8 + 0.75) / 6)  # sum(w e) / sum(w)
        self.assertNear(F.l1_loss(x, y, weight=w), (1 + 4 + 1.5) / 6)
        self.assertNear(F.huber_loss(x, y, weight=w), (0.5 + 3 + 0.375) / 3)  # mean(w e)
        with warnings.catch_warnings(record=True) as caught:  # broadcast target: a warning
            warnings.simplefilter("always")
            self.assertNear(F.mse_loss(torch.ones(2, 3), torch.zeros(3)), 1.0)
        self.assertTrue(any("target size" in str(c.message) for c in caught))

    def test_cross_entropy_indices(self):
        x = T([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
        rows = x.tolist()
        nll = [lse(rows[0]) - 3.0, lse(rows[1]) - 0.5]
        y = T([2, 0])
        self.assertListNear(F.cross_entropy(x, y, reduction="none"), nll)
        self.assertNear(F.cross_entropy(x, y), sum(nll) / 2)
        w = T([0.5, 2.0, 3.0])
        self.assertNear(F.cross_entropy(x, y, weight=w), (3 * nll[0] + 0.5 * nll[1]) / 3.5)
        self.assertListNear(F.cross_entropy(x, y, weight=w, reduction="none"),
                            [3 * nll[0], 0.5 * nll[1]])
        # ignore_index drops samples from the loss, the mean and the gradient
        self.assertNear(F.cross_entropy(x, T([2, -100])), nll[0])
        self.assertNear(F.cross_entropy(x, T([2, 0]), weight=w, ignore_index=0), nll[0])
        self.assertListNear(F.cross_entropy(x, T([-100, 0]), reduction="none"), [0, nll[1]])
        xg = x.detach().requires_grad_()
        F.cross_entropy(xg, T([1, -100])).backward()
        self.assertEqual(xg.grad.tolist()[1], [0.0, 0.0, 0.0])
        self.assertTrue(math.isnan(F.cross_entropy(x, T([-100, -100])).item()))
        self.assertEqual(F.cross_entropy(x, T([-100, -100]), reduction="sum").item(), 0.0)
        # label smoothing: (1 - ls) nll + ls / C * sum_c -logp_c
        ls = 0.3
        smooth = [sum(lse(r) - v for v in r) for r in rows]
        want = [(1 - ls) * n + ls / 3 * s for n, s in zip(nll, smooth)]
        self.assertListNear(F.cross_entropy(x, y, label_smoothing=ls, reduction="none"), want)
        wsmooth = [sum(wc * (lse(r) - v) for wc, v in zip([0.5, 2, 3], r)) for r in rows]
        want = ((1 - ls) * (3 * nll[0] + 0.5 * nll[1]) + ls / 3 * sum(wsmooth)) / 3.5
        self.assertNear(F.cross_entropy(x, y, weight=w, label_smoothing=ls), want)

    def test_cross_entropy_probabilities_and_k_dims(self):
        x = T([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
        p = T([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]])
        rows, probs = x.tolist(), p.tolist()
        per = [sum(q * (lse(r) - v) for q, v in zip(pr, r)) for r, pr in zip(rows, probs)]
        self.assertNear(F.cross_entropy(x, p), sum(per) / 2)
        smoothed = [[q * 0.8 + 0.2 / 3 for q in pr] for pr in probs]
        per = [sum(q * (lse(r) - v) for q, v in zip(pr, r)) for r, pr in zip(rows, smoothed)]
        self.assertListNear(F.cross_entropy(x, p, label_smoothing=0.2, reduction="none"), per)
        # (N, C, d) equals the (N * d, C) problem of the moved class dim
        rng = random.Random(3)
        x3 = rand(rng, (2, 4, 3), grad=False)
        y3 = T([[0, 3, 1], [2, 2, 0]])
        flat_x = x3.permute(0, 2, 1).reshape(6, 4)
        for kwargs in ({}, {"label_smoothing": 0.1}, {"weight": T([1.0, 2.0, 0.5, 1.5])}):
            self.assertNear(F.cross_entropy(x3, y3, **kwargs),
                            F.cross_entropy(flat_x, y3.reshape(6), **kwargs).item())
        self.assertEqual(tuple(F.cross_entropy(x3, y3, reduction="none").shape), (2, 3))
        self.assertEqual(tuple(F.cross_entropy(rand(rng, (2, 4, 2, 2), grad=False),
                                               torch.zeros(2, 2, 2, dtype=torch.int64),
                                               reduction="none").shape), (2, 2, 2))
        one = F.cross_entropy(T([1.0, 2.0, 3.0]), T(2), reduction="none")  # (C,) with ()
        self.assertEqual(tuple(one.shape), ())
        self.assertNear(one, lse([1, 2, 3]) - 3)

    def test_large_logits_stay_finite(self):
        x = T([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]], requires_grad=True)
        loss = F.cross_entropy(x, T([1, 2]), label_smoothing=0.1)
        loss.backward()
        self.assertTrue(math.isfinite(loss.item()))
        self.assertTrue(all(math.isfinite(g) for g in flat(x.grad)))
        self.assertNear(F.cross_entropy(x, T([0, 1])), math.log1p(math.exp(-1)) / 2)
        z = T([1000.0, -1000.0, 1000.0, -1000.0], requires_grad=True)
        t = T([0.0, 1.0, 1.0, 0.0])
        loss = F.binary_cross_entropy_with_logits(z, t, reduction="none")
        self.assertEqual(loss.tolist(), [1000.0, 1000.0, 0.0, 0.0])
        loss.sum().backward()
        self.assertEqual(z.grad.tolist(), [1.0, -1.0, 0.0, 0.0])  # sigmoid(x) - y

    def test_binary_cross_entropy(self):
        x, y = T([0.25, 0.5, 0.9]), T([1.0, 0.0, 0.3])
        want = [-math.log(0.25), -math.log(0.5), -(0.3 * math.log(0.9) + 0.7 * math.log(0.1))]
        self.assertListNear(F.binary_cross_entropy(x, y, reduction="none"), want)
        self.assertNear(F.binary_cross_entropy(x, y, weight=T([2.0, 1.0, 0.0])),
                        2 * want[0] / 3 + want[1] / 3)
        # logs clamped at -100; gradients finite (PyTorch's (x - y) / max(x (1 - x), eps))
        xs = T([0.0, 1.0, 0.0], requires_grad=True)
        loss = F.binary_cross_entropy(xs, T([1.0, 0.0, 0.0]), reduction="none")
        self.assertEqual(loss.tolist(), [100.0, 100.0, 0.0])
        loss.sum().backward()
        self.assertEqual([round(g / 1e12, 6) for g in xs.grad.tolist()], [-1.0, 1.0, 0.0])
        # with logits: -(pw y log s(x) + (1 - y) log(1 - s(x))) * w
        z, t, pw, w = T([0.5, -2.0]), T([1.0, 0.25]), T([3.0, 0.5]), T([1.0, 2.0])
        want = [-(pw_ * t_ * logsig(z_) + (1 - t_) * logsig(-z_)) * w_
                for z_, t_, pw_, w_ in zip(z.tolist(), t.tolist(), pw.tolist(), w.tolist())]
        self.assertListNear(F.binary_cross_entropy_with_logits(
            z, t, weight=w, pos_weight=pw, reduction="none"), want)

    def test_nll_kl_and_likelihoods(self):
        logp = T([[-1.0, -2.0, -0.5], [-3.0, -0.25, -1.0]])
        self.assertNear(F.nll_loss(logp, T([2, 1])), 0.375)
        self.assertNear(F.nll_loss(logp, T([2, 1]), weight=T([1.0, 3.0, 1.0])), 1.25 / 4)
        q = T([[0.5, 0.0, 0.5]])
        self.assertNear(F.kl_div(logp[:1], q, reduction="sum"),
                        0.5 * (math.log(0.5) + 1) + 0.5 * (math.log(0.5) + 0.5))
        self.assertNear(F.kl_div(logp, T([[0.2, 0.3, 0.5]] * 2).log(), reduction="batchmean",
                                 log_target=True),
                        F.kl_div(logp, T([[0.2, 0.3, 0.5]] * 2), reduction="sum").item() / 2)
        target = T([[0.0, 0.5, 0.5]], requires_grad=True)
        F.kl_div(logp[:1], target, reduction="sum").backward()  # 0 log 0 = 0, no nan
        self.assertTrue(all(math.isfinite(g) for g in flat(target.grad)))
        self.assertNear(F.poisson_nll_loss(T([0.5]), T([2.0])), math.exp(0.5) - 1.0)
        self.assertNear(F.poisson_nll_loss(T([2.0]), T([3.0]), log_input=False, full=True),
                        2 - 3 * math.log(2 + 1e-8) + 3 * math.log(3) - 3 +
                        0.5 * math.log(2 * math.pi * 3))
        self.assertNear(F.gaussian_nll_loss(T([1.0, 2.0]), T([0.0, 0.0]), T([2.0, 1e-9])),
                        (0.5 * (math.log(2) + 0.5) + 0.5 * (math.log(1e-6) + 4e6)) / 2)

    def test_margins(self):
        x, t = T([0.3, 0.3, 2.0, 0.5]), T([1.0, -1.0, -1.0, 0.0])
        self.assertListNear(F.hinge_embedding_loss(x, t, reduction="none"),
                            [0.3, 0.7, 0.0, 1.0])  # a target of 0 counts both terms
        x = T([[0.1, 0.2, 0.4, 0.8], [1.0, 0.0, 0.0, 0.5]])
        self.assertListNear(F.multi_margin_loss(x, T([3, 0]), reduction="none"),
                            [(0.3 + 0.4 + 0.6) / 4, 0.5 / 4])
        self.assertListNear(F.multi_margin_loss(x, T([3, 0]), p=2, margin=0.5,
                                                weight=T([2.0, 1, 1, 3]), reduction="none"),
                            [3 * 0.1 ** 2 / 4, 0.0])
        self.assertListNear(F.margin_ranking_loss(T([1.0, 3.0]), T([2.0, 1.0]), T([1.0, -1.0]),
                                                  margin=0.5, reduction="none"), [1.5, 2.5])
        self.assertListNear(F.soft_margin_loss(T([2.0, -1000.0]), T([-1.0, 1.0]),
                                               reduction="none"),
                            [math.log1p(math.exp(2.0)), 1000.0])
        a, b = T([[3.0, 4.0], [1.0, 0.0]]), T([[4.0, 3.0], [0.0, 1.0]])
        self.assertListNear(F.cosine_embedding_loss(a, b, T([1, -1]), margin=-0.5,
                                                    reduction="none"), [1 - 0.96, 0.5], 1e-11)
        anchor, pos, neg = T([[0.0, 0.0]]), T([[1.0, 0.0]]), T([[0.0, 2.0]])
        self.assertNear(F.triplet_margin_loss(anchor, pos, neg, margin=1.5, eps=0.0), 0.5)
        self.assertNear(F.triplet_margin_loss(anchor, pos, neg, margin=1.5, eps=0.0, swap=True),
                        1.5 + 1 - math.sqrt(5) if math.sqrt(5) < 2 else 0.5)
        self.assertNear(F.multilabel_soft_margin_loss(T([[0.0, 2.0]]), T([[1.0, 0.0]])),
                        -(logsig(0.0) + logsig(-2.0)) / 2)


# every loss as (name, build(rng) -> (fn of the differentiable inputs, inputs))
def _losses():
    def sign(rng, n):
        return T([rng.choice((1.0, -1.0)) for _ in range(n)])

    def probs(rng, shape):
        return torch.softmax(rand(rng, shape, grad=False), -1).requires_grad_()

    return {
        "mse_loss": lambda rng, r: (lambda a, b: F.mse_loss(a, b, reduction=r),
                                    [rand(rng, (2, 3)), rand(rng, (2, 3))]),
        "l1_loss": lambda rng, r: (lambda a, b: F.l1_loss(a, b, reduction=r),
                                   [rand(rng, (2, 3)), rand(rng, (2, 3))]),
        "smooth_l1_loss": lambda rng, r: (
            lambda a, b: F.smooth_l1_loss(a, b, reduction=r, beta=0.7),
            [rand(rng, (3, 2)), rand(rng, (3, 2))]),
        "huber_loss": lambda rng, r: (
            lambda a, b: F.huber_loss(a, b, reduction=r, delta=0.6, weight=T([[1.0, 2.0]] * 3)),
            [rand(rng, (3, 2)), rand(rng, (3, 2))]),
        "cross_entropy": lambda rng, r: (
            lambda a: F.cross_entropy(a, T([[0, 2], [1, -100]]), weight=T([1.0, 2.0, 0.5]),
                                      label_smoothing=0.2, reduction=r),
            [rand(rng, (2, 3, 2))]),
        "cross_entropy_probs": lambda rng, r: (
            lambda a, p: F.cross_entropy(a, p, label_smoothing=0.1, reduction=r,
                                         weight=T([1.0, 2.0, 0.5])),
            [rand(rng, (2, 3)), probs(rng, (2, 3))]),
        "nll_loss": lambda rng, r: (
            lambda a: F.nll_loss(a, T([0, 2, 1]), weight=T([1.0, 3.0, 2.0]), ignore_index=1,
                                 reduction=r), [rand(rng, (3, 3))]),
        "binary_cross_entropy": lambda rng, r: (
            lambda a, b: F.binary_cross_entropy(a, b, weight=T([1.0, 2.0]), reduction=r),
            [rand(rng, (2, 2), 0.05, 0.95), rand(rng, (2, 2), 0.0, 1.0)]),
        "bce_with_logits": lambda rng, r: (
            lambda a, b: F.binary_cross_entropy_with_logits(
                a, b, weight=T([1.0, 0.5]), pos_weight=T([2.0, 0.3]), reduction=r),
            [rand(rng, (3, 2), -3, 3), rand(rng, (3, 2), 0.0, 1.0)]),
        "kl_div": lambda rng, r: (lambda a, b: F.kl_div(a, b, reduction=r),
                                  [rand(rng, (2, 3)), rand(rng, (2, 3), 0.1, 1.0)]),
        "kl_div_log_target": lambda rng, r: (
            lambda a, b: F.kl_div(a, b, reduction=r, log_target=True),
            [rand(rng, (2, 3)), rand(rng, (2, 3))]),
        "hinge_embedding_loss": lambda rng, r: (
            lambda a, s=sign(rng, 4): F.hinge_embedding_loss(a, s, margin=1.5, reduction=r),
            [rand(rng, (4,), avoid=(1.5,))]),
        "multi_margin_loss": lambda rng, r: (
            lambda a: F.multi_margin_loss(a, T([1, 0]), p=2, margin=0.8,
                                          weight=T([1.0, 2.0, 3.0]), reduction=r),
            [rand(rng, (2, 3))]),
        "margin_ranking_loss": lambda rng, r: (
            lambda a, b: F.margin_ranking_loss(a, b, T([1.0, -1.0, 1.0]), margin=0.2,
                                               reduction=r),
            [rand(rng, (3,)), rand(rng, (3,))]),
        "soft_margin_loss": lambda rng, r: (
            lambda a, s=sign(rng, 3): F.soft_margin_loss(a, s, reduction=r),
            [rand(rng, (3,))]),
        "cosine_embedding_loss": lambda rng, r: (
            lambda a, b: F.cosine_embedding_loss(a, b, T([1, -1, -1]), margin=-0.9,
                                                 reduction=r),
            [rand(rng, (3, 2)), rand(rng, (3, 2))]),
        "poisson_nll_loss": lambda rng, r: (
            lambda a: F.poisson_nll_loss(a, T([0.0, 1.0, 3.5]), log_input=False, full=True,
                                         reduction=r), [rand(rng, (3,), 0.2, 2.0)]),
        "gaussian_nll_loss": lambda rng, r: (
            lambda a, b, v: F.gaussian_nll_loss(a, b, v, full=True, reduction=r),
            [rand(rng, (2, 3)), rand(rng, (2, 3)), rand(rng, (2, 1), 0.3, 2.0)]),
        "triplet_margin_loss": lambda rng, r: (
            lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=3.0, p=3, swap=True,
                                                  reduction=r),
            [rand(rng, (2, 3)), rand(rng, (2, 3)), rand(rng, (2, 3))]),
        "multilabel_soft_margin_loss": lambda rng, r: (
            lambda a: F.multilabel_soft_margin_loss(a, T([[1.0, 0.0, 1.0]] * 2),
                                                    weight=T([1.0, 2.0, 0.5]), reduction=r),
            [rand(rng, (2, 3))]),
    }


class TestGradients(unittest.TestCase):
    def test_every_loss_and_reduction_vs_finite_differences(self):
        rng = random.Random(7)
        for name, build in _losses().items():
            for reduction in REDUCTIONS + (("batchmean",) if name.startswith("kl") else ()):
                for _ in range(3):  # three random draws each
                    with self.subTest(loss=name, reduction=reduction):
                        fn, inputs = build(rng, reduction)
                        check_grads(self, fn, inputs, rng)

    def test_second_derivatives(self):
        rng = random.Random(8)
        builds = _losses()
        for name in ("cross_entropy", "cross_entropy_probs", "binary_cross_entropy",
                     "bce_with_logits", "mse_loss", "kl_div", "gaussian_nll_loss"):
            with self.subTest(loss=name):
                fn, inputs = builds[name](rng, "mean")
                check_grads(self, fn, inputs, rng, second=True)


class TestErrors(unittest.TestCase):
    def test_errors(self):
        x, y = torch.zeros(3, 4), T([0, 1, 2])
        cases = [
            (ValueError, F.mse_loss, (x, x), {"reduction": "avg"}),
            (ValueError, F.cross_entropy, (x, y), {"reduction": "batchmean"}),
            (IndexError, F.cross_entropy, (x, T([0, 4, 1])), {}),
            (IndexError, F.nll_loss, (x, T([0, -1, 1])), {}),
            (ValueError, F.cross_entropy, (x, T([0, 1])), {}),
            (RuntimeError, F.cross_entropy, (torch.zeros(2, 3, 2), torch.zeros(2, 3,
                                             dtype=torch.int64)), {}),
            (RuntimeError, F.cross_entropy, (x, T([0.0, 1.0, 2.0])), {}),
            (RuntimeError, F.cross_entropy, (x, torch.zeros(3, 4, dtype=torch.int64)), {}),
            (RuntimeError, F.cross_entropy, (x, torch.zeros(3, 4)), {"ignore_index": 0}),
            (RuntimeError, F.cross_entropy, (x, y), {"label_smoothing": 1.5}),
            (RuntimeError, F.cross_entropy, (x, y), {"weight": torch.ones(3)}),
            (RuntimeError, F.nll_loss, (x, y), {"weight": torch.ones(4, requires_grad=True)}),
            (ValueError, F.binary_cross_entropy, (torch.zeros(3), torch.zeros(2, 3)), {}),
            (RuntimeError, F.binary_cross_entropy, (T([1.5]), T([1.0])), {}),
            (RuntimeError, F.binary_cross_entropy, (T([0.5]), T([-0.5])), {}),
            (ValueError, F.binary_cross_entropy_with_logits, (x, torch.zeros(4)), {}),
            (RuntimeError, F.binary_cross_entropy_with_logits, (torch.zeros(4), torch.zeros(4)),
             {"pos_weight": torch.ones(3, 4)}),
            (RuntimeError, F.mse_loss, (torch.zeros(3), torch.zeros(2)), {}),
            (ValueError, F.l1_loss, (x, x), {"weight": torch.ones(4)}),
            (RuntimeError, F.smooth_l1_loss, (x, x), {"beta": -1.0}),
            (RuntimeError, F.huber_loss, (x, x), {"delta": 0.0}),
            (ValueError, F.multi_margin_loss, (x, y), {"p": 3}),
            (RuntimeError, F.multi_margin_loss, (x, T([0, 1, 4])), {}),
            (RuntimeError, F.multi_margin_loss, (x, T([0, 1])), {}),
            (RuntimeError, F.margin_ranking_loss, (x, x, torch.ones(4)), {}),
            (RuntimeError, F.cosine_embedding_loss, (x, x, torch.ones(())), {}),
            (ValueError, F.triplet_margin_loss, (x, x, x), {"margin": 0.0}),
            (ValueError, F.gaussian_nll_loss, (x, x, -1.0), {}),
            (ValueError, F.gaussian_nll_loss, (x, x, torch.ones(4)), {}),
            (ValueError, F.kl_div, (x, x), {"reduction": "max"}),
        ]
        for error, fn, args, kwargs in cases:
            with self.subTest(fn=fn.__name__, kwargs=kwargs), self.assertRaises(error):
                fn(*args, **kwargs)


class TestModules(unittest.TestCase):
    def test_buffers_state_dict_and_repr(self):
        w = T([1.0, 2.0, 3.0])
        ce = torch.nn.CrossEntropyLoss(weight=w, ignore_index=2, label_smoothing=0.1)
        self.assertEqual(list(ce.state_dict()), ["weight"])
        self.assertEqual(list(dict(ce.named_buffers())), ["weight"])
        self.assertEqual(list(ce.parameters()), [])
        self.assertEqual(repr(ce), "CrossEntropyLoss()")  # as PyTorch: no options shown
        self.assertEqual((ce.ignore_index, ce.label_smoothing, ce.reduction), (2, 0.1, "mean"))
        bce = torch.nn.BCEWithLogitsLoss(pos_weight=w)
        self.assertEqual(list(bce.state_dict()), ["pos_weight"])
        self.assertIsNone(bce.weight)
        self.assertEqual(list(torch.nn.BCEWithLogitsLoss(w, pos_weight=w).state_dict()),
                         ["weight", "pos_weight"])
        self.assertEqual(list(torch.nn.MSELoss().state_dict()), [])
        mm = torch.nn.MultiMarginLoss(p=2, margin=0.5, weight=w)
        self.assertEqual((mm.p, mm.margin, list(mm.state_dict())), (2, 0.5, ["weight"]))
        with self.assertRaises(ValueError):
            torch.nn.MultiMarginLoss(p=3)
        with self.assertRaises(ValueError):
            torch.nn.TripletMarginLoss(margin=-1.0)
        with self.assertRaises(TypeError):
            torch.nn.HuberLoss(delta="1")

    def test_forward_matches_functional(self):
        rng = random.Random(5)
        x, y = rand(rng, (3, 4), grad=False), T([0, 3, 1])
        probs = rand(rng, (3, 4), 0.05, 0.95, grad=False)
        w = T([1.0, 2.0, 0.5, 1.0])
        pairs = [
            (torch.nn.CrossEntropyLoss(w, ignore_index=1, label_smoothing=0.2),
             F.cross_entropy(x, y, w, ignore_index=1, label_smoothing=0.2), (x, y)),
            (torch.nn.NLLLoss(reduction="sum"), F.nll_loss(x, y, reduction="sum"), (x, y)),
            (torch.nn.MSELoss(reduction="none"), F.mse_loss(x, probs, reduction="none"),
             (x, probs)),
            (torch.nn.BCELoss(w), F.binary_cross_entropy(probs, probs, w), (probs, probs)),
            (torch.nn.BCEWithLogitsLoss(pos_weight=w),
             F.binary_cross_entropy_with_logits(x, probs, pos_weight=w), (x, probs)),
            (torch.nn.KLDivLoss(reduction="batchmean", log_target=True),
             F.kl_div(x, x * 0.5, reduction="batchmean", log_target=True), (x, x * 0.5)),
            (torch.nn.SmoothL1Loss(beta=0.3), F.smooth_l1_loss(x, probs, beta=0.3), (x, probs)),
            (torch.nn.HuberLoss(delta=0.3), F.huber_loss(x, probs, delta=0.3), (x, probs)),
            (torch.nn.MultiMarginLoss(margin=0.3), F.multi_margin_loss(x, y, margin=0.3),
             (x, y)),
            (torch.nn.GaussianNLLLoss(full=True), F.gaussian_nll_loss(x, probs, probs,
                                                                     full=True),
             (x, probs, probs)),
        ]
        for module, want, args in pairs:
            with self.subTest(module=repr(module)):
                self.assertEqual(flat(module(*args)), flat(want))

    def test_legacy_flags_and_reduction_errors(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.assertEqual(torch.nn.MSELoss(size_average=False).reduction, "sum")
            self.assertEqual(torch.nn.L1Loss(reduce=False).reduction, "none")
            self.assertEqual(F.mse_loss(T([1.0, 3.0]), T([0.0, 0.0]),
                                        size_average=False).item(), 10.0)
        loss = torch.nn.MSELoss(reduction="avg")  # as PyTorch: accepted until called
        with self.assertRaises(ValueError):
            loss(T([1.0]), T([0.0]))


if __name__ == "__main__":
    unittest.main()
