"""Activation modules and the activations of ``nn.functional``.

Values against the textbook formulas on Python floats, gradients against
central finite differences (away from the kinks), reprs, in-place forms, the
implicit-``dim`` warning of softmax and PyTorch's errors.
"""

from __future__ import annotations

import math
import random
import unittest
import warnings

import latpy.torch as torch
import latpy.torch.nn as nn
import latpy.torch.nn.functional as F
from tests.torch.test_nn_norm import check_grads, close, flat


def sigmoid(v):
    return 1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v))


def softplus(v, beta=1.0, threshold=20.0):
    return v if beta * v > threshold else math.log1p(math.exp(beta * v)) / beta


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

# module, formula on one float
ELEMENTWISE = [
    (nn.ReLU(), lambda v: max(v, 0.0)),
    (nn.ReLU6(), lambda v: min(max(v, 0.0), 6.0)),
    (nn.LeakyReLU(0.2), lambda v: v if v > 0 else 0.2 * v),
    (nn.ELU(0.5), lambda v: v if v > 0 else 0.5 * math.expm1(v)),
    (nn.CELU(2.0), lambda v: v if v > 0 else 2.0 * math.expm1(v / 2.0)),
    (nn.SELU(), lambda v: SELU_SCALE * (v if v > 0 else SELU_ALPHA * math.expm1(v))),
    (nn.GELU(), lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2)))),
    (nn.GELU("tanh"), lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi)
                                                         * (v + 0.044715 * v ** 3)))),
    (nn.SiLU(), lambda v: v * sigmoid(v)),
    (nn.Mish(), lambda v: v * math.tanh(softplus(v))),
    (nn.Sigmoid(), sigmoid),
    (nn.Tanh(), math.tanh),
    (nn.Softplus(2.0, 5.0), lambda v: softplus(v, 2.0, 5.0)),
    (nn.Softsign(), lambda v: v / (1 + abs(v))),
    (nn.Hardtanh(-0.5, 2.0), lambda v: min(max(v, -0.5), 2.0)),
    (nn.Hardsigmoid(), lambda v: min(max(v / 6 + 0.5, 0.0), 1.0)),
    (nn.Hardswish(), lambda v: v * min(max(v + 3, 0.0), 6.0) / 6),
    (nn.LogSigmoid(), lambda v: math.log(sigmoid(v))),
    (nn.Threshold(0.5, -1.0), lambda v: v if v > 0.5 else -1.0),
    (nn.Hardshrink(0.5), lambda v: v if abs(v) > 0.5 else 0.0),
    (nn.Softshrink(0.5), lambda v: v - 0.5 if v > 0.5 else v + 0.5 if v < -0.5 else 0.0),
    (nn.Tanhshrink(), lambda v: v - math.tanh(v)),
    (nn.PReLU(), lambda v: v if v > 0 else 0.25 * v),
    (nn.RReLU(0.1, 0.3).eval(), lambda v: v if v > 0 else 0.2 * v),
]
KINKS = (0.0, 0.5, -0.5, 2.0, 3.0, -3.0, 5.0 / 2.0, 6.0)


def away_from_kinks(rng, n):
    values = []
    while len(values) < n:
        v = rng.uniform(-4, 7)
        if all(abs(v - k) > 0.05 for k in KINKS):
            values.append(v)
    return values


class TestElementwiseModules(unittest.TestCase):
    def test_values_and_gradients(self):
        rng = random.Random(0)
        for module, formula in ELEMENTWISE:
            with self.subTest(module=repr(module)):
                values = away_from_kinks(rng, 6) + list(KINKS) + [-30.0, 30.0]
                x = torch.tensor(values).reshape(2, -1)
                close(self, module(x), [formula(v) for v in values], 1e-12)
                x = torch.tensor(away_from_kinks(rng, 6), requires_grad=True).reshape(2, 3)
                check_grads(self, module, [x.detach().requires_grad_()], rng)

    def test_large_inputs_do_not_overflow(self):
        x = torch.tensor([-1000.0, 1000.0], requires_grad=True)
        for module in (nn.Sigmoid(), nn.LogSigmoid(), nn.Softplus(), nn.ELU(), nn.SiLU(),
                       nn.Mish(), nn.SELU(), nn.CELU(), nn.GELU()):
            with self.subTest(module=repr(module)):
                y = module(x)
                y.sum().backward()
                self.assertTrue(all(math.isfinite(v) for v in y.tolist() + x.grad.tolist()))
                x.grad = None

    def test_reprs(self):
        cases = {nn.ReLU(): "ReLU()", nn.ReLU(True): "ReLU(inplace=True)",
                 nn.LeakyReLU(): "LeakyReLU(negative_slope=0.01)", nn.ELU(): "ELU(alpha=1.0)",
                 nn.GELU(): "GELU(approximate='none')", nn.Softmax(1): "Softmax(dim=1)",
                 nn.LogSoftmax(): "LogSoftmax(dim=None)",
                 nn.Softplus(): "Softplus(beta=1.0, threshold=20.0)",
                 nn.Hardtanh(): "Hardtanh(min_val=-1.0, max_val=1.0)", nn.ReLU6(): "ReLU6()",
                 nn.PReLU(3): "PReLU(num_parameters=3)", nn.Softshrink(): "Softshrink(0.5)",
                 nn.Threshold(0.1, 20): "Threshold(threshold=0.1, value=20)",
                 nn.Hardswish(True): "Hardswish()", nn.GLU(): "GLU(dim=-1)",
                 nn.RReLU(): "RReLU(lower=0.125, upper=0.3333333333333333)",
                 nn.Mish(True): "Mish(inplace=True)", nn.Sigmoid(): "Sigmoid()"}
        for module, text in cases.items():
            self.assertEqual(repr(module), text)

    def test_inplace(self):
        x = torch.tensor([-1.0, 2.0])
        self.assertIs(nn.ReLU(inplace=True)(x), x)
        self.assertEqual(x.tolist(), [0.0, 2.0])
        y = torch.tensor([-1.0, 2.0])
        self.assertIs(F.leaky_relu_(y, 0.5), y)
        self.assertEqual(y.tolist(), [-0.5, 2.0])
        leaf = torch.tensor([1.0], requires_grad=True)
        with self.assertRaisesRegex(RuntimeError, "leaf Variable"):
            F.relu(leaf, inplace=True)


class TestSoftmaxFamily(unittest.TestCase):
    def test_values_gradients_and_dims(self):
        rng = random.Random(1)
        x = torch.tensor([[1.0, 2.0, 3.0], [0.0, -1.0, 5.0]], requires_grad=True)
        for module, fn in ((nn.Softmax(dim=1), lambda r: [math.exp(v) / sum(map(math.exp, r))
                                                        for v in r]),
                           (nn.LogSoftmax(dim=-1),
                            lambda r: [v - math.log(sum(map(math.exp, r))) for v in r]),
                           (nn.Softmin(dim=1), lambda r: [math.exp(-v) / sum(math.exp(-u)
                                                                          for u in r)
                                                        for v in r])):
            want = [v for row in x.tolist() for v in fn(row)]
            close(self, module(x), want)
            check_grads(self, module, [x], rng)
        close(self, nn.Softmax(dim=0)(x)[:, 0], [math.exp(1) / (1 + math.exp(1)),
                                                  1 / (1 + math.exp(1))])
        close(self, nn.Softmax2d()(torch.zeros(2, 4, 1, 1)), [0.25] * 8)
        with self.assertRaisesRegex(ValueError, "expected input to be 3D or 4D"):
            nn.Softmax2d()(torch.zeros(2, 2))

    def test_implicit_dim_warns(self):
        for ndim, dim in ((1, 0), (2, 1), (3, 0), (4, 1)):
            x = torch.randn(*(2,) * ndim)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                got = F.softmax(x)
            self.assertTrue(any("Implicit dimension" in str(w.message) for w in caught))
            self.assertEqual(got.tolist(), F.softmax(x, dim).tolist())
        with self.assertRaisesRegex(NotImplementedError, "Long"):
            F.softmax(torch.tensor([1, 2]), 0)


class TestGluPreluRrelu(unittest.TestCase):
    def test_glu(self):
        rng = random.Random(2)
        x = torch.tensor([[1.0, 2.0, 0.5, -1.0]], requires_grad=True)
        close(self, F.glu(x), [1.0 * sigmoid(0.5), 2.0 * sigmoid(-1.0)])
        check_grads(self, lambda x: nn.GLU(0)(x.reshape(4, 1)), [x], rng)
        with self.assertRaisesRegex(RuntimeError, "dimension 1 is size 3"):
            F.glu(torch.ones(2, 3))
        with self.assertRaisesRegex(RuntimeError, "scalars"):
            F.glu(torch.tensor(1.0))

    def test_prelu_channels_and_weight_gradient(self):
        rng = random.Random(3)
        m = nn.PReLU(3, init=0.1)
        x = torch.tensor([[[-1.0, 2.0], [-3.0, 4.0], [5.0, -6.0]]], requires_grad=True)
        close(self, m(x), [-0.1, 2.0, -0.3, 4.0, 5.0, -0.6])
        m(x).sum().backward()
        close(self, m.weight.grad, [-1.0, -3.0, -6.0])
        w = torch.tensor([0.2, -0.4, 0.7], requires_grad=True)
        check_grads(self, F.prelu, [x.detach().requires_grad_(), w], rng)
        self.assertEqual(list(m.state_dict()), ["weight"])
        with self.assertRaisesRegex(RuntimeError, "Mismatch of parameter numbers"):
            F.prelu(torch.ones(2, 4), torch.ones(3))
        with self.assertRaisesRegex(RuntimeError, "scalar or 1D"):
            F.prelu(torch.ones(2, 3), torch.ones(3, 1))

    def test_rrelu_training(self):
        torch.manual_seed(0)
        x = torch.full((1000,), -1.0)
        slopes = [-v for v in F.rrelu(x, 0.1, 0.3, training=True).tolist()]
        self.assertTrue(all(0.1 <= s <= 0.3 for s in slopes))
        self.assertAlmostEqual(sum(slopes) / 1000, 0.2, delta=0.01)
        self.assertEqual(nn.RReLU()(torch.tensor([2.0])).tolist(), [2.0])

    def test_hardtanh_errors(self):
        with self.assertRaisesRegex(AssertionError, r"max_val \(1\) must be greater"):
            nn.Hardtanh(1, 1)
        with self.assertRaisesRegex(ValueError, "min_val cannot be greater"):
            F.hardtanh(torch.ones(2), 1.0, -1.0)


class TestFunctionalNamespace(unittest.TestCase):
    def test_names_exist(self):
        for name in ("relu", "relu_", "relu6", "elu", "elu_", "selu", "celu", "leaky_relu",
                     "leaky_relu_", "gelu", "silu", "mish", "softplus", "softsign",
                     "hardtanh", "hardtanh_", "hardsigmoid", "hardswish", "logsigmoid",
                     "threshold", "threshold_", "hardshrink", "softshrink", "tanhshrink",
                     "sigmoid", "tanh", "softmax", "log_softmax", "softmin", "glu", "prelu",
                     "rrelu", "layer_norm", "rms_norm", "batch_norm", "group_norm",
                     "instance_norm", "dropout", "dropout1d", "dropout2d", "dropout3d",
                     "alpha_dropout", "feature_alpha_dropout", "embedding", "one_hot",
                     "normalize", "cosine_similarity", "pairwise_distance"):
            self.assertTrue(callable(getattr(F, name)), name)
        x = torch.tensor([0.5, -0.5])
        self.assertEqual(flat(F.threshold_(x, 0.0, 9.0)), [0.5, 9.0])


if __name__ == "__main__":
    unittest.main()
