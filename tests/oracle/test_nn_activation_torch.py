"""Activation modules and functions against PyTorch (float64).

For ~100 random configurations of each activation (arguments, shapes, and inputs
that include the kinks -- 0, the thresholds, +-3 for the hard ones -- and huge
values that overflow a naive formula), the module repr, the output, the input
gradient (for a random output gradient), PReLU's weight gradient and, for the
smooth ones, the second derivative must agree to rtol 1e-9.

    /work/venv/bin/python -m unittest tests.oracle.test_nn_activation_torch
"""

from __future__ import annotations

import random
import unittest
import warnings

import latpy.torch as lt
import latpy.torch.nn.functional as LF

try:
    import numpy as np
    import torch
    import torch.nn.functional as TF
except ImportError:  # the plain test run has no PyTorch: these tests are skipped
    torch = None

CASES = 100
RTOL, ATOL = 1e-9, 1e-12
SPECIAL = [0.0, 1.0, -1.0, 3.0, -3.0, 6.0, 0.5, -0.5, 20.0, 50.0, -50.0, 800.0, -800.0]


def to_latpy(t, grad=False):
    out = lt.tensor(t.detach().numpy().tolist()).reshape(tuple(t.shape))
    return out.requires_grad_(grad) if grad else out


def to_numpy(t):
    return np.array(t.tolist(), dtype=np.float64).reshape(tuple(t.shape))


# name: (argument sampler, smooth?)  -- the sampler gets a random.Random
ACTIVATIONS = {
    "ReLU": (lambda r: {}, False),
    "ReLU6": (lambda r: {}, False),
    "LeakyReLU": (lambda r: {"negative_slope": r.choice([0.01, 0.2, -0.5, 1.5])}, False),
    "ELU": (lambda r: {"alpha": r.choice([1.0, 0.5, 2.0])}, False),
    "CELU": (lambda r: {"alpha": r.choice([1.0, 0.5, 2.0])}, False),
    "SELU": (lambda r: {}, False),
    "GELU": (lambda r: {"approximate": r.choice(["none", "tanh"])}, True),
    "SiLU": (lambda r: {}, True),
    "Mish": (lambda r: {}, True),
    "Sigmoid": (lambda r: {}, True),
    "Tanh": (lambda r: {}, True),
    "Softplus": (lambda r: {"beta": r.choice([1.0, 0.5, 2.0]),
                            "threshold": r.choice([20.0, 1.0, 5.0])}, False),
    "Softsign": (lambda r: {}, False),
    "Hardtanh": (lambda r: dict(zip(("min_val", "max_val"),
                                    r.choice([(-1.0, 1.0), (-0.5, 3.0), (0.0, 6.0)]))), False),
    "Hardsigmoid": (lambda r: {}, False),
    "Hardswish": (lambda r: {}, False),
    "LogSigmoid": (lambda r: {}, True),
    "Threshold": (lambda r: {"threshold": r.choice([0.5, -1.0, 1.0]),
                             "value": r.choice([0.0, -2.0, 20.0])}, False),
    "Hardshrink": (lambda r: {"lambd": r.choice([0.5, 1.0, 3.0])}, False),
    "Softshrink": (lambda r: {"lambd": r.choice([0.5, 1.0, 3.0])}, False),
    "Tanhshrink": (lambda r: {}, True),
    "Softmax": (lambda r: {"dim": r.choice([0, -1])}, True),
    "LogSoftmax": (lambda r: {"dim": r.choice([0, -1])}, True),
    "Softmin": (lambda r: {"dim": r.choice([0, -1])}, True),
    "GLU": (lambda r: {"dim": -1}, True),
    "PReLU": (lambda r: {"init": r.choice([0.25, -0.1, 2.0])}, False),
    "RReLU": (lambda r: {"lower": 0.1, "upper": r.choice([0.3, 0.5])}, False),
}


@unittest.skipUnless(torch is not None, "PyTorch (and NumPy) not importable")
class TestActivationsAgainstPyTorch(unittest.TestCase):
    def setUp(self):
        torch.set_default_dtype(torch.float64)
        self.rng = random.Random(4321)
        torch.manual_seed(4321)

    def close(self, got, want, what, rtol=RTOL, skip=None):
        """Compare values; `skip` (a bool array) marks positions not to compare."""
        got, want = to_numpy(got), want.detach().numpy().copy()
        self.assertEqual(got.shape, want.shape, what)
        if skip is not None:
            got[skip], want[skip] = 0.0, 0.0
        scale = max(1.0, float(np.abs(want[np.isfinite(want)]).max())) if want.size else 1.0
        np.testing.assert_allclose(got, want, rtol=rtol, atol=ATOL * scale, err_msg=what)

    def random_input(self, shape, kwargs):
        values = (torch.randn(shape) * self.rng.choice([1.0, 3.0])).reshape(-1)
        special = SPECIAL + [v for v in kwargs.values() if isinstance(v, float)]
        for i in range(values.numel()):
            if self.rng.random() < 0.3:
                values[i] = self.rng.choice(special) * self.rng.choice([1, -1])
        return values.reshape(shape)

    def check(self, name, kwargs, shape, training):
        theirs = getattr(torch.nn, name)(**kwargs)
        ours = getattr(lt.nn, name)(**kwargs)
        self.assertEqual(repr(ours), repr(theirs))
        if name == "PReLU":
            channels = shape[1] if len(shape) > 1 else 1
            theirs = torch.nn.PReLU(channels, **kwargs)
            ours = lt.nn.PReLU(channels, **kwargs)
            with torch.no_grad():
                theirs.weight.copy_(torch.randn(channels))
            ours.weight.data[...] = to_latpy(theirs.weight).data
        theirs.train(training), ours.train(training)
        what = f"{name}({kwargs}) on {shape}"
        x_t = self.random_input(shape, kwargs).requires_grad_(True)
        x_l = to_latpy(x_t, grad=True)
        out_t, out_l = theirs(x_t), ours(x_l)
        self.close(out_l, out_t, what + ": output")
        g = torch.randn(out_t.shape)
        smooth = ACTIVATIONS[name][1]
        inputs_t, inputs_l = [x_t], [x_l]
        if name == "PReLU":
            inputs_t.append(theirs.weight), inputs_l.append(ours.weight)
        grads_t = torch.autograd.grad(out_t, inputs_t, g, create_graph=smooth)
        grads_l = lt.autograd.grad((out_l * to_latpy(g)).sum(), inputs_l,
                                   create_graph=smooth)
        grad_t, grad_l = grads_t[0], grads_l[0]
        # PyTorch's hardsigmoid backward multiplies by the float32 constant 1.0f / 6.0f
        # (relative error 3e-8); latpy uses 1/6 in float64.
        self.close(grad_l, grad_t, what + ": input grad",
                   rtol=6e-8 if name == "Hardsigmoid" else RTOL)
        if name == "PReLU":
            self.close(grads_l[1], grads_t[1], what + ": weight grad")
        if smooth:  # second derivative along a random direction
            v = torch.randn(x_t.shape)
            second_t, = torch.autograd.grad(grad_t, x_t, v)
            second_l, = lt.autograd.grad((grad_l * to_latpy(v)).sum(), x_l)
            # Known differences, both at single points: PyTorch's mish double backward
            # overflows to nan for |x| > ~700 (latpy: the true ~0); latpy's logsigmoid,
            # min(x, 0) - log1p(exp(-|x|)), is not twice differentiable at x == 0.
            skip = ~np.isfinite(second_t.detach().numpy())
            if name == "LogSigmoid":
                skip |= x_t.detach().numpy() == 0
            self.close(second_l, second_t, what + ": second derivative", skip=skip)

    def test_modules(self):
        for name, (sampler, _) in ACTIVATIONS.items():
            for case in range(CASES):
                kwargs = sampler(self.rng)
                ndim = self.rng.randint(1, 3) if name != "GLU" else 2
                shape = tuple(self.rng.randint(1, 4) for _ in range(ndim))
                if name == "GLU":
                    shape = (shape[0], 2 * shape[1])
                with self.subTest(name=name, case=case):
                    self.check(name, kwargs, shape, training=name != "RReLU")

    def test_functional_forms_and_inplace(self):
        x_t = self.random_input((3, 4), {})
        pairs = [("relu", {}), ("relu6", {}), ("elu", {"alpha": 0.5}), ("selu", {}),
                 ("celu", {"alpha": 2.0}), ("leaky_relu", {"negative_slope": 0.2}),
                 ("hardtanh", {"min_val": -2.0, "max_val": 2.0}), ("hardsigmoid", {}),
                 ("hardswish", {}), ("silu", {}), ("mish", {}),
                 ("threshold", {"threshold": 0.5, "value": -1.0})]
        for name, kwargs in pairs:
            want = getattr(TF, name)(x_t, **kwargs)
            self.close(getattr(LF, name)(to_latpy(x_t), **kwargs), want, name)
            mine = to_latpy(x_t)
            result = getattr(LF, name)(mine, inplace=True, **kwargs)
            self.assertIs(result, mine)
            self.close(mine, want, name + " inplace")
        for name in ("relu_", "elu_", "leaky_relu_", "hardtanh_", "selu_", "celu_"):
            mine = to_latpy(x_t)
            getattr(LF, name)(mine)
            self.close(mine, getattr(TF, name)(x_t.clone()), name)
        for name in ("softmax", "log_softmax", "softmin"):
            for ndim in (1, 2, 3, 4):
                x = torch.randn((2,) * ndim)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self.close(getattr(LF, name)(to_latpy(x)), getattr(TF, name)(x),
                               f"{name} implicit dim, {ndim}-D")
        w = torch.randn(4)
        self.close(LF.prelu(to_latpy(x_t), to_latpy(w)), TF.prelu(x_t, w), "F.prelu")
        self.close(LF.glu(to_latpy(x_t), 1), TF.glu(x_t, 1), "F.glu dim 1")
        self.close(LF.rrelu(to_latpy(x_t)), TF.rrelu(x_t), "F.rrelu eval")

    def test_rrelu_training_slopes_in_range(self):
        x = -torch.rand(5000) - 0.5
        y = to_numpy(LF.rrelu(to_latpy(x), 0.1, 0.3, training=True))
        slopes = y / x.numpy()
        self.assertTrue(((slopes >= 0.1) & (slopes <= 0.3)).all())
        y_t = TF.rrelu(x, 0.1, 0.3, training=True)
        self.assertAlmostEqual(slopes.mean(), (y_t / x).mean().item(), delta=0.01)


if __name__ == "__main__":
    unittest.main()
