"""Loss functions and loss modules against PyTorch (float64).

Identical inputs go into latpy and PyTorch; the loss and the gradient of every
differentiable input (for a random output gradient) must agree to rtol 1e-9,
over ~430 random configurations spanning every loss, reduction and option.
Bad inputs must raise the same exception class in both.

    /work/venv/bin/python -m unittest tests.oracle.test_nn_losses_torch
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

CASES = 20  # per loss
RTOL, ATOL = 1e-9, 1e-12
REDUCTIONS = ("mean", "sum", "none")


def to_latpy(t, grad=False):
    """A latpy copy of `t` (a PyTorch tensor; other values pass through)."""
    if not isinstance(t, torch.Tensor):
        return t
    array = t.detach().numpy()
    kind = array.dtype.kind
    dtype = lt.int64 if kind == "i" else lt.bool if kind == "b" else None
    out = lt.tensor(array.tolist(), dtype=dtype).reshape(tuple(t.shape))
    return out.requires_grad_() if grad else out


def to_numpy(t):
    return np.array(t.tolist(), dtype=np.float64).reshape(tuple(t.shape))


@unittest.skipUnless(torch is not None, "PyTorch (and NumPy) not importable")
class LossOracle(unittest.TestCase):
    def setUp(self):
        torch.set_default_dtype(torch.float64)
        self.rng = random.Random(20240607)
        torch.manual_seed(20240607)
        self.count = 0
        warnings.simplefilter("ignore")  # kl_div 'mean', size warnings: both libraries warn

    def tearDown(self):
        warnings.resetwarnings()

    def close(self, got, want, what):
        got, want = to_numpy(got), want.detach().numpy().astype(np.float64)
        self.assertEqual(got.shape, want.shape, what)
        finite = np.isfinite(want)
        scale = max(1.0, float(np.abs(want[finite]).max())) if finite.any() else 1.0
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL * scale, err_msg=what)

    def check(self, name, args, grads, **kwargs):
        """Run F.<name>(*args, **kwargs) in both; compare the loss and the gradients of
        the positional args whose indices are in `grads`."""
        t_args = [a.detach().clone().requires_grad_(i in grads) if i in grads else a
                  for i, a in enumerate(args)]
        l_args = [to_latpy(a, grad=i in grads) for i, a in enumerate(args)]
        l_kwargs = {k: to_latpy(v) for k, v in kwargs.items()}
        shapes = [tuple(a.shape) if hasattr(a, "shape") else a for a in args]
        options = {k: tuple(v.shape) if hasattr(v, "shape") else v for k, v in kwargs.items()}
        what = f"{name}{shapes} {options}"
        out_t = getattr(TF, name)(*t_args, **kwargs)
        out_l = getattr(LF, name)(*l_args, **l_kwargs)
        self.close(out_l, out_t, what + ": loss")
        if grads:
            g = torch.randn(out_t.shape)
            out_t.backward(g)
            (out_l * to_latpy(g)).sum().backward()
            for i in grads:
                self.close(l_args[i].grad, t_args[i].grad, f"{what}: grad of arg {i}")
        self.count += 1

    def pick(self, options):
        return self.rng.choice(options)

    def shape(self, lo=0, hi=3, size=(1, 4)):
        return tuple(self.rng.randint(*size) for _ in range(self.rng.randint(lo, hi)))

    # ------------------------------------------------------------ regression
    def test_regression(self):
        for name in ("mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"):
            for case in range(CASES):
                shape = self.shape()
                x = torch.randn(shape) * 2
                target_shape = shape[1:] if case % 5 == 4 and shape else shape  # broadcast
                kwargs = {"reduction": self.pick(REDUCTIONS)}
                if name == "smooth_l1_loss":
                    kwargs["beta"] = self.pick((1.0, 0.5, 2.5, 0.0))
                if name == "huber_loss":
                    kwargs["delta"] = self.pick((1.0, 0.3, 2.0))
                if name != "smooth_l1_loss" and case % 3 == 0 and target_shape == shape:
                    kwargs["weight"] = torch.rand(shape) + 0.1
                self.check(name, [x, torch.randn(target_shape)], (0, 1), **kwargs)

    # ------------------------------------------------------------ classification
    def class_case(self, k_dims, probabilities=False):
        n, c = self.rng.randint(1, 4), self.rng.randint(1, 5)
        spatial = tuple(self.rng.randint(1, 3) for _ in range(k_dims))
        if k_dims < 0:  # a single sample: input (C,), target () or (1,)
            x = torch.randn(c) * 2
            if probabilities:
                return x, torch.rand(c)
            return x, torch.randint(c, (1,) if self.rng.random() < 0.3 else ())
        x = torch.randn((n, c) + spatial) * 2
        if probabilities:
            return x, torch.softmax(torch.randn(x.shape), 1) if self.rng.random() < 0.7 \
                else torch.rand(x.shape)
        return x, torch.randint(c, (n,) + spatial)

    def test_nll_and_cross_entropy(self):
        for case in range(2 * CASES):
            x, y = self.class_case(self.pick((-1, 0, 0, 1, 2, 3)))
            c = x.shape[0] if x.ndim == 1 else x.shape[1]
            kwargs = {"reduction": self.pick(REDUCTIONS)}
            if case % 2:
                kwargs["weight"] = torch.rand(c) + 0.1
            if case % 3:
                ignore = self.pick((-100, 0, c - 1, 7))
                kwargs["ignore_index"] = ignore
                mask = torch.rand(y.shape) < 0.3
                y = torch.where(mask, torch.full(y.shape, ignore), y)
            if case % 4 == 0:
                if x.ndim == 1:  # PyTorch's nll_loss backward fails for (C,) with (1,)
                    y = y.reshape(())
                self.check("nll_loss", [torch.log_softmax(x, 0 if x.ndim == 1 else 1), y],
                           (0,), **kwargs)
            else:
                if case % 4 == 1:
                    kwargs["label_smoothing"] = self.pick((0.1, 0.35, 1.0))
                self.check("cross_entropy", [x, y], (0,), **kwargs)

    def test_cross_entropy_probabilities(self):
        for case in range(CASES):
            x, y = self.class_case(self.pick((-1, 0, 0, 1, 2)), probabilities=True)
            c = x.shape[0] if x.ndim == 1 else x.shape[1]
            kwargs = {"reduction": self.pick(REDUCTIONS),
                      "label_smoothing": self.pick((0.0, 0.0, 0.2, 1.0))}
            if case % 2:
                kwargs["weight"] = torch.rand(c) + 0.1
            self.check("cross_entropy", [x, y], (0, 1), **kwargs)

    def test_large_logits(self):
        x = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]])
        for reduction in REDUCTIONS:
            self.check("cross_entropy", [x, torch.tensor([1, 2])], (0,), reduction=reduction)
            self.check("cross_entropy", [x, torch.tensor([1, 2])], (0,), reduction=reduction,
                       label_smoothing=0.1)
            self.check("binary_cross_entropy_with_logits", [x, torch.rand(2, 3)], (0, 1),
                       reduction=reduction, pos_weight=torch.tensor([0.5, 2.0, 3.0]))

    def test_binary_cross_entropy(self):
        for case in range(CASES):
            shape = self.shape(size=(1, 4))
            x = torch.sigmoid(torch.randn(shape) * 2)
            y = torch.rand(shape) if case % 2 else torch.randint(2, shape).double()
            kwargs = {"reduction": self.pick(REDUCTIONS)}
            if case % 3 == 0:
                kwargs["weight"] = torch.rand(shape[-1:] if case % 2 else shape) + 0.1
            self.check("binary_cross_entropy", [x, y], (0, 1), **kwargs)
        # saturated probabilities: the clamped logs and PyTorch's gradient formula
        x = torch.tensor([0.0, 1.0, 0.0, 1.0, 1e-50, 0.5])
        y = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 0.25])
        for reduction in REDUCTIONS:
            self.check("binary_cross_entropy", [x, y], (0,), reduction=reduction)

    def test_binary_cross_entropy_with_logits(self):
        for case in range(CASES):
            shape = self.shape(1, 3)
            x = torch.randn(shape) * 3
            y = torch.rand(shape) if case % 2 else torch.randint(2, shape).double()
            kwargs = {"reduction": self.pick(REDUCTIONS)}
            if case % 3 == 0:
                kwargs["weight"] = torch.rand(shape[-1:] if case % 2 else shape) + 0.1
            if case % 4 < 2:
                kwargs["pos_weight"] = torch.rand(shape[-1:]) * 3
            self.check("binary_cross_entropy_with_logits", [x, y], (0, 1), **kwargs)

    # ------------------------------------------------------------ divergence, likelihood
    def test_kl_div(self):
        for case in range(CASES):
            shape = self.shape(1, 3, size=(1, 4))
            x = torch.log_softmax(torch.randn(shape), -1)
            log_target = case % 2 == 1
            y = torch.log_softmax(torch.randn(shape), -1) if log_target else \
                torch.rand(shape) + 0.01
            self.check("kl_div", [x, y], (0, 1), log_target=log_target,
                       reduction=self.pick(REDUCTIONS + ("batchmean",)))
        # zeros in the target: 0 log 0 = 0 (input gradient only: PyTorch's target
        # gradient is nan there)
        self.check("kl_div", [torch.randn(2, 3), torch.tensor([[0.0, 0.5, 0.5], [1.0, 0, 0]])],
                   (0,), reduction="batchmean")

    def test_poisson_and_gaussian_nll(self):
        for case in range(CASES):
            shape = self.shape()
            log_input = case % 2 == 0
            x = torch.randn(shape) if log_input else torch.rand(shape) * 3 + 0.05
            y = torch.randint(0, 5, shape).double() + (torch.rand(shape) if case % 3 else 0)
            full = case % 4 < 2  # (PyTorch's target gradient is nan at target 0 then)
            self.check("poisson_nll_loss", [x, y], (0,) if full else (0, 1),
                       log_input=log_input, full=full, reduction=self.pick(REDUCTIONS))
        for case in range(CASES):
            shape = self.shape(1, 3)
            x, y = torch.randn(shape), torch.randn(shape)
            kind = case % 4
            if kind == 0:
                var = torch.rand(shape) + 0.05
            elif kind == 1:
                var = torch.rand(shape[:-1]) + 0.05  # one dim short: homoscedastic
            elif kind == 2:
                var = torch.rand(shape[:-1] + (1,)) + 0.05
            else:
                var = torch.where(torch.rand(shape) < 0.5, 1e-9, torch.rand(shape))  # clamped
            self.check("gaussian_nll_loss", [x, y, var], (0, 1, 2), full=case % 3 == 0,
                       eps=self.pick((1e-6, 1e-3)), reduction=self.pick(REDUCTIONS))
            self.check("gaussian_nll_loss", [x, y, self.rng.uniform(0.1, 2.0)], (0, 1),
                       reduction=self.pick(REDUCTIONS))

    # ------------------------------------------------------------ margins, embeddings
    def test_margin_losses(self):
        for case in range(CASES):
            shape = self.shape()
            sign = torch.where(torch.rand(shape) < 0.5, -1.0, 1.0)
            odd = torch.where(torch.rand(shape) < 0.2, 0.5, sign)  # neither 1 nor -1
            red = self.pick(REDUCTIONS)
            self.check("hinge_embedding_loss", [torch.randn(shape) * 2, odd], (0,),
                       margin=self.pick((1.0, 0.5, 2.0)), reduction=red)
            self.check("margin_ranking_loss", [torch.randn(shape), torch.randn(shape), sign],
                       (0, 1), margin=self.pick((0.0, 0.3)), reduction=red)
            self.check("soft_margin_loss", [torch.randn(shape) * 3, sign], (0,), reduction=red)

    def test_multi_margin_loss(self):
        for case in range(CASES):
            c = self.rng.randint(1, 5)
            if case % 4 == 0:
                x, y = torch.randn(c), torch.randint(c, (1,) if case % 8 else ())
            else:
                n = self.rng.randint(1, 4)
                x, y = torch.randn(n, c), torch.randint(c, (n,))
            kwargs = {"p": self.pick((1, 2)), "margin": self.pick((1.0, 0.5, 2.0)),
                      "reduction": self.pick(REDUCTIONS)}
            if case % 2:
                kwargs["weight"] = torch.rand(c) + 0.1
            self.check("multi_margin_loss", [x, y], (0,), **kwargs)

    def test_embedding_losses(self):
        for case in range(CASES):
            d = self.rng.randint(1, 4)
            if case % 4 == 0:
                a, b = torch.randn(d), torch.randn(d)
                y = torch.tensor(self.pick((1, -1)))
            else:
                n = self.rng.randint(1, 4)
                a, b = torch.randn(n, d), torch.randn(n, d)
                y = torch.where(torch.rand(n) < 0.5, -1, 1)
            red = self.pick(REDUCTIONS)
            self.check("cosine_embedding_loss", [a, b, y], (0, 1),
                       margin=self.pick((0.0, 0.3, -0.2)), reduction=red)
            self.check("triplet_margin_loss", [a, b, torch.randn(a.shape)], (0, 1, 2),
                       margin=self.pick((1.0, 0.5, 3.0)), p=self.pick((1, 2, 3)),
                       eps=self.pick((1e-6, 0.1)), swap=case % 2 == 1, reduction=red)
            c = self.rng.randint(1, 4)
            x, t = torch.randn(a.shape[:-1] + (c,)) * 2, torch.randint(2, a.shape[:-1] + (c,))
            weight = torch.rand(c) + 0.1 if case % 2 else None
            self.check("multilabel_soft_margin_loss", [x, t.double()], (0,), weight=weight,
                       reduction=red)

    def test_empty_batches(self):
        empty = torch.zeros(0, dtype=torch.long)
        for reduction in REDUCTIONS:
            self.check("cross_entropy", [torch.randn(0, 3), empty], (0,), reduction=reduction)
            self.check("cross_entropy", [torch.randn(0, 3, 2), empty.reshape(0, 2)], (0,),
                       reduction=reduction, label_smoothing=0.1)
            self.check("cross_entropy", [torch.randn(0, 3), torch.rand(0, 3)], (0, 1),
                       reduction=reduction)
            self.check("nll_loss", [torch.randn(0, 3), empty], (0,), reduction=reduction)
            for name in ("mse_loss", "binary_cross_entropy_with_logits", "kl_div"):
                self.check(name, [torch.rand(0, 2), torch.rand(0, 2)], (0, 1),
                           reduction=reduction)

    def test_legacy_flags(self):
        x, y = torch.randn(3, 4), torch.randint(4, (3,))
        for size_average in (None, True, False):
            for reduce in (None, True, False):
                self.check("cross_entropy", [x, y], (0,), size_average=size_average,
                           reduce=reduce)
                self.check("mse_loss", [x, torch.randn(3, 4)], (0,), size_average=size_average,
                           reduce=reduce)

    # ------------------------------------------------------------ modules and errors
    def test_modules(self):
        w, pw = torch.rand(4) + 0.1, torch.rand(4) * 2
        pairs = [
            ("CrossEntropyLoss", dict(weight=w, ignore_index=1, label_smoothing=0.1)),
            ("NLLLoss", dict(weight=w, reduction="sum")), ("BCELoss", dict(weight=w)),
            ("BCEWithLogitsLoss", dict(weight=w, pos_weight=pw)),
            ("BCEWithLogitsLoss", dict(pos_weight=pw)), ("MultiMarginLoss", dict(weight=w)),
            ("MSELoss", {}), ("L1Loss", dict(reduction="none")), ("HuberLoss", dict(delta=2)),
            ("SmoothL1Loss", dict(beta=0.5)), ("KLDivLoss", dict(log_target=True)),
            ("HingeEmbeddingLoss", dict(margin=2.0)), ("SoftMarginLoss", {}),
            ("MultiLabelSoftMarginLoss", dict(weight=w)), ("PoissonNLLLoss", dict(full=True)),
            ("CosineEmbeddingLoss", dict(margin=0.2)), ("MarginRankingLoss", dict(margin=1)),
            ("GaussianNLLLoss", dict(full=True)), ("TripletMarginLoss", dict(swap=True)),
        ]
        x, labels = torch.rand(3, 4) * 0.9 + 0.05, torch.randint(4, (3,))
        for name, kwargs in pairs:
            theirs = getattr(torch.nn, name)(**kwargs)
            ours = getattr(lt.nn, name)(**{k: to_latpy(v) for k, v in kwargs.items()})
            self.assertEqual(repr(ours), repr(theirs))
            self.assertEqual(list(ours.state_dict()), list(theirs.state_dict()), name)
            for key, value in theirs.state_dict().items():
                self.close(ours.state_dict()[key], value, f"{name}.{key}")
            if name in ("CrossEntropyLoss", "NLLLoss", "MultiMarginLoss"):
                args = [x, labels]
            elif name in ("CosineEmbeddingLoss", "MarginRankingLoss"):
                args = [x if name[0] == "C" else x[:, 0], torch.rand(3, 4),
                        torch.tensor([1.0, -1.0, 1.0])]
                args[1] = args[1] if name[0] == "C" else args[1][:, 0]
            else:
                args = [x, torch.rand(3, 4)] + ([torch.rand(3, 4)] if name in (
                    "GaussianNLLLoss", "TripletMarginLoss") else [])
            out_t = theirs(*args)
            out_l = ours(*[to_latpy(a) for a in args])
            self.close(out_l, out_t, name)

    def test_same_errors(self):
        x, y = torch.randn(3, 4), torch.tensor([0, 1, 2])
        cases = [
            ("cross_entropy", (x, torch.tensor([0, 4, 1])), {}),
            ("cross_entropy", (x, torch.tensor([0, -1, 1])), {}),
            ("cross_entropy", (torch.randn(2, 3, 2, 2), torch.full((2, 2, 2), 3)), {}),
            ("cross_entropy", (x, torch.tensor([0, 1])), {}),
            ("cross_entropy", (torch.randn(2, 3, 2), torch.zeros(2, 3, dtype=torch.long)), {}),
            ("cross_entropy", (torch.randn(2, 3, 2, 2), torch.zeros(2, 3, 2).long()), {}),
            ("cross_entropy", (torch.randn(2, 3, 2, 2), torch.zeros(2, 2).long()), {}),
            ("cross_entropy", (x, torch.zeros(3, 1, dtype=torch.long)), {}),
            ("cross_entropy", (x, torch.tensor([0.0, 1.0, 2.0])), {}),
            ("cross_entropy", (x, torch.zeros(3, 4, dtype=torch.long)), {}),
            ("cross_entropy", (x, torch.rand(3, 4)), {"ignore_index": 1}),
            ("cross_entropy", (x, y), {"label_smoothing": 1.5}),
            ("cross_entropy", (x, torch.rand(3, 4)), {"label_smoothing": 1.5}),
            ("cross_entropy", (x, y), {"weight": torch.ones(3)}),
            ("cross_entropy", (x, torch.rand(3, 4)), {"weight": torch.ones(3)}),
            ("cross_entropy", (x, y), {"reduction": "avg"}),
            ("cross_entropy", (torch.randn(4), torch.tensor([2, 1])), {}),
            ("nll_loss", (torch.randn(2, 3, 4), torch.zeros(2, dtype=torch.long)), {}),
            ("nll_loss", (torch.randn(()), torch.tensor(0)), {}),
            ("cross_entropy", (torch.randn(()), torch.rand(())), {}),
            ("binary_cross_entropy", (torch.rand(3), torch.rand(2, 3)), {}),
            ("binary_cross_entropy", (torch.tensor([1.5]), torch.rand(1)), {}),
            ("binary_cross_entropy", (torch.tensor([0.5]), torch.tensor([2.0])), {}),
            ("binary_cross_entropy", (torch.rand(3), torch.rand(3)),
             {"weight": torch.ones(2, 3)}),
            ("binary_cross_entropy_with_logits", (torch.rand(3), torch.rand(2, 3)), {}),
            ("binary_cross_entropy_with_logits", (torch.rand(3), torch.rand(3)),
             {"weight": torch.ones(2, 3)}),
            ("binary_cross_entropy_with_logits", (torch.rand(3), torch.rand(3)),
             {"pos_weight": torch.ones(2)}),
            ("mse_loss", (torch.rand(3), torch.rand(2)), {}),
            ("mse_loss", (torch.rand(3), torch.rand(3)), {"weight": torch.ones(1)}),
            ("l1_loss", (torch.rand(3), torch.rand(3)), {"reduction": "batchmean"}),
            ("smooth_l1_loss", (torch.rand(3), torch.rand(3)), {"beta": -1.0}),
            ("huber_loss", (torch.rand(3), torch.rand(3)), {"delta": 0.0}),
            ("multi_margin_loss", (x, y), {"p": 3}),
            ("multi_margin_loss", (x, torch.tensor([0, 1, 4])), {}),
            ("multi_margin_loss", (x, torch.tensor([0, 1])), {}),
            ("multi_margin_loss", (x, y), {"weight": torch.ones(2, 2)}),
            ("multi_margin_loss", (x, y), {"weight": torch.ones(3)}),
            ("multi_margin_loss", (torch.randn(2, 3, 4), torch.tensor([0, 1])), {}),
            ("margin_ranking_loss", (torch.rand(3), torch.rand(3), torch.ones(1, 3)), {}),
            ("cosine_embedding_loss", (torch.rand(3, 2), torch.rand(3, 2), torch.ones(3, 1)),
             {}),
            ("cosine_embedding_loss", (torch.rand(3, 2), torch.rand(3, 2), torch.ones(())), {}),
            ("cosine_embedding_loss", (torch.rand(3, 2), torch.rand(2, 2), torch.ones(3)), {}),
            ("kl_div", (torch.rand(3), torch.rand(3)), {"reduction": "x"}),
            ("soft_margin_loss", (torch.rand(3), torch.ones(2, 3)), {}),
            ("triplet_margin_loss", (torch.rand(3, 2), torch.rand(3, 2), torch.rand(3, 2)),
             {"margin": 0.0}),
            ("triplet_margin_loss", (torch.rand(3, 2), torch.rand(3, 2), torch.rand(2)), {}),
            ("poisson_nll_loss", (torch.rand(3), torch.rand(3)), {"reduction": "x"}),
            ("gaussian_nll_loss", (torch.rand(3), torch.rand(3), -1.0), {}),
            ("gaussian_nll_loss", (torch.rand(3, 2), torch.rand(3, 2), torch.rand(2)), {}),
            ("gaussian_nll_loss", (torch.rand(3), torch.rand(3), torch.rand(3)),
             {"reduction": "x"}),
        ]
        for name, args, kwargs in cases:
            with self.assertRaises(Exception) as theirs:
                getattr(TF, name)(*args, **kwargs)
            with self.assertRaises(Exception) as ours:
                getattr(LF, name)(*[to_latpy(a) for a in args],
                                  **{k: to_latpy(v) for k, v in kwargs.items()})
            what = f"{name} {[tuple(a.shape) for a in args if hasattr(a, 'shape')]} {kwargs}"
            self.assertIs(type(ours.exception), type(theirs.exception),
                          f"{what}: {ours.exception!r} vs {theirs.exception!r}")
            self.assertEqual(str(ours.exception).split("\n")[0],
                             str(theirs.exception).split("\n")[0], what)


if __name__ == "__main__":
    unittest.main()
