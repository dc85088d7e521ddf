"""Normalisation, dropout, embedding, distances and nn.utils against PyTorch (float64).

Identical weights and inputs go into latpy and PyTorch; outputs, every gradient
(for a random output gradient) and running statistics after several training
steps must agree to rtol 1e-9, over ~100 random configurations per layer.
Dropout draws from different generators, so it is compared by statistics, and
exactly where it is deterministic (p=0, p=1, eval mode).

    /work/venv/bin/python -m unittest tests.oracle.test_nn_norm_torch
"""

from __future__ import annotations

import math
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


def to_latpy(t, grad=False):
    """A latpy copy of the PyTorch tensor `t` (float64 or int64)."""
    array = t.detach().numpy()
    out = lt.tensor(array.tolist(), dtype=lt.int64 if array.dtype.kind == "i" else None)
    return out.reshape(tuple(t.shape)).requires_grad_(grad) if grad else \
        out.reshape(tuple(t.shape))


def to_numpy(t):
    return np.array(t.tolist(), dtype=np.float64).reshape(tuple(t.shape))


def random_shape(rng, ndim, lo=1, hi=4):
    return tuple(rng.randint(lo, hi) for _ in range(ndim))


@unittest.skipUnless(torch is not None, "PyTorch (and NumPy) not importable")
class OracleCase(unittest.TestCase):
    def setUp(self):
        torch.set_default_dtype(torch.float64)
        self.rng = random.Random(1234)
        torch.manual_seed(1234)

    def close(self, got, want, what):
        got, want = to_numpy(got), want.detach().numpy().astype(np.float64)
        self.assertEqual(got.shape, want.shape, what)
        scale = max(1.0, float(np.abs(want).max())) if want.size else 1.0
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL * scale, err_msg=what)

    def check_module(self, ours, theirs, shape, what, steps=1, eval_after=False):
        """Feed both modules the same inputs; compare outputs, gradients and buffers."""
        for step in range(steps):
            x_t = torch.randn(shape, requires_grad=True)
            x_l = to_latpy(x_t, grad=True)
            out_t, out_l = theirs(x_t), ours(x_l)
            self.close(out_l, out_t, f"{what} step {step}: output")
            g = torch.randn(out_t.shape)
            out_t.backward(g)
            (out_l * to_latpy(g)).sum().backward()
            self.close(x_l.grad, x_t.grad, f"{what} step {step}: input grad")
            for (name, p_t), (_, p_l) in zip(theirs.named_parameters(),
                                             ours.named_parameters()):
                self.close(p_l.grad, p_t.grad, f"{what} step {step}: {name}.grad")
                p_t.grad, p_l.grad = None, None
            for (name, b_t), (_, b_l) in zip(theirs.named_buffers(), ours.named_buffers()):
                self.assertEqual(str(b_l.dtype), str(b_t.dtype), f"{what}: {name} dtype")
                self.close(b_l, b_t, f"{what} step {step}: buffer {name}")
        if eval_after:
            ours.eval(), theirs.eval()
            self.check_module(ours, theirs, shape, what + " (eval)")

    def twin(self, cls_t, cls_l, *args, **kwargs):
        """A PyTorch module with randomised parameters and a latpy copy of it."""
        theirs = cls_t(*args, **kwargs)
        with torch.no_grad():
            for p in theirs.parameters():
                p.copy_(torch.randn(p.shape))
        ours = cls_l(*args, **kwargs)
        ours.load_state_dict({k: to_latpy(v) for k, v in theirs.state_dict().items()})
        self.assertEqual(list(ours.state_dict()), list(theirs.state_dict()))
        self.assertEqual(repr(ours), repr(theirs))
        return ours, theirs


class TestNormLayers(OracleCase):
    def test_layer_norm(self):
        for case in range(CASES):
            ndim = self.rng.randint(1, 4)
            shape = random_shape(self.rng, ndim)
            k = self.rng.randint(1, ndim)
            kwargs = dict(eps=self.rng.choice([1e-5, 1e-3, 0.5]),
                          elementwise_affine=self.rng.random() < 0.8,
                          bias=self.rng.random() < 0.7)
            ours, theirs = self.twin(torch.nn.LayerNorm, lt.nn.LayerNorm, shape[ndim - k:],
                                     **kwargs)
            self.check_module(ours, theirs, shape, f"LayerNorm case {case} {shape} {kwargs}")

    def test_rms_norm(self):
        for case in range(CASES):
            ndim = self.rng.randint(1, 4)
            shape = random_shape(self.rng, ndim)
            k = self.rng.randint(1, ndim)
            kwargs = dict(eps=self.rng.choice([None, 1e-6, 0.1]),
                          elementwise_affine=self.rng.random() < 0.8)
            ours, theirs = self.twin(torch.nn.RMSNorm, lt.nn.RMSNorm, shape[ndim - k:],
                                     **kwargs)
            self.check_module(ours, theirs, shape, f"RMSNorm case {case} {shape} {kwargs}")

    def _norm_kwargs(self, instance=False):
        return dict(eps=self.rng.choice([1e-5, 1e-2]),
                    momentum=self.rng.choice([0.1, 0.5, None] + [0.1] * instance),
                    affine=self.rng.random() < (0.5 if instance else 0.8),
                    track_running_stats=self.rng.random() < (0.5 if instance else 0.8),
                    bias=self.rng.random() < 0.8)

    def test_batch_norm(self):
        for case in range(CASES):
            cls, ndim = self.rng.choice([("BatchNorm1d", 2), ("BatchNorm1d", 3),
                                         ("BatchNorm2d", 4), ("BatchNorm3d", 5)])
            shape = (self.rng.randint(2, 4),) + random_shape(self.rng, ndim - 1, 1, 4)
            kwargs = self._norm_kwargs()
            ours, theirs = self.twin(getattr(torch.nn, cls), getattr(lt.nn, cls), shape[1],
                                     **kwargs)
            self.check_module(ours, theirs, shape, f"{cls} case {case} {shape} {kwargs}",
                              steps=3, eval_after=True)

    def test_instance_norm(self):
        for case in range(CASES):
            cls, ndim = self.rng.choice([("InstanceNorm1d", 3), ("InstanceNorm2d", 4),
                                         ("InstanceNorm1d", 2), ("InstanceNorm2d", 3)])
            shape = random_shape(self.rng, ndim, 2, 4)
            unbatched = ndim == int(cls[-2]) + 1
            channels = shape[0] if unbatched else shape[1]
            kwargs = self._norm_kwargs(instance=True)
            kwargs.pop("momentum")
            ours, theirs = self.twin(getattr(torch.nn, cls), getattr(lt.nn, cls), channels,
                                     **kwargs)
            self.check_module(ours, theirs, shape, f"{cls} case {case} {shape} {kwargs}",
                              steps=2, eval_after=True)

    def test_group_norm(self):
        for case in range(CASES):
            groups = self.rng.randint(1, 3)
            shape = (self.rng.randint(1, 3), groups * self.rng.randint(1, 3)) + \
                random_shape(self.rng, self.rng.randint(0, 2), 1, 4)
            if shape[0] * shape[1] // groups * math.prod(shape[2:]) == 1:
                continue
            kwargs = dict(eps=self.rng.choice([1e-5, 0.1]), affine=self.rng.random() < 0.8,
                          bias=self.rng.random() < 0.8)
            ours, theirs = self.twin(torch.nn.GroupNorm, lt.nn.GroupNorm, groups, shape[1],
                                     **kwargs)
            self.check_module(ours, theirs, shape, f"GroupNorm case {case} {shape} {kwargs}")

    def test_second_derivatives(self):
        """Composed of Tensor ops, the norms differentiate twice; PyTorch agrees."""
        cases = [("layer_norm", lambda F, x, w, b: F.layer_norm(x, (4,), w, b, 1e-3)),
                 ("rms_norm", lambda F, x, w, b: F.rms_norm(x, (4,), w, 1e-3)),
                 ("group_norm", lambda F, x, w, b: F.group_norm(x, 2, w, b, 1e-3)),
                 ("batch_norm", lambda F, x, w, b: F.batch_norm(x, None, None, w, b, True)),
                 ("instance_norm", lambda F, x, w, b: F.instance_norm(x, weight=w, bias=b))]
        for name, f in cases:
            for case in range(CASES // 10):
                ts = [torch.randn(3, 4, 4, requires_grad=True),
                      torch.randn(4, requires_grad=True), torch.randn(4, requires_grad=True)]
                ls = [to_latpy(t, grad=True) for t in ts]
                g, v = torch.randn(3, 4, 4), torch.randn(3, 4, 4)
                first_t = torch.autograd.grad((f(TF, *ts) * g).sum(), ts[0], create_graph=True)
                first_l = lt.autograd.grad((f(LF, *ls) * to_latpy(g)).sum(), ls[0],
                                           create_graph=True)
                self.close(first_l[0], first_t[0], f"{name} first derivative")
                second_t = torch.autograd.grad((first_t[0] * v).sum(), ts, allow_unused=True)
                second_l = lt.autograd.grad((first_l[0] * to_latpy(v)).sum(), ls,
                                            allow_unused=True)
                for i, (a, b) in enumerate(zip(second_l, second_t)):
                    if b is None:
                        self.assertTrue(a is None or not any(to_numpy(a).ravel()))
                    else:
                        self.close(a, b, f"{name} case {case}: second derivative {i}")

    def test_batch_norm_functional_eval(self):
        for case in range(CASES // 4):
            shape = (3, 2, 4)
            rm, rv = torch.randn(2), torch.rand(2) + 0.5
            w, b = torch.randn(2, requires_grad=True), torch.randn(2, requires_grad=True)
            x = torch.randn(shape, requires_grad=True)
            out = TF.batch_norm(x, rm, rv, w, b, training=False, eps=1e-3)
            xl, wl, bl = (to_latpy(t, grad=True) for t in (x, w, b))
            got = LF.batch_norm(xl, to_latpy(rm), to_latpy(rv), wl, bl, training=False,
                                eps=1e-3)
            self.close(got, out, "batch_norm eval")
            g = torch.randn(shape)
            out.backward(g), (got * to_latpy(g)).sum().backward()
            for mine, theirs, name in ((xl, x, "x"), (wl, w, "weight"), (bl, b, "bias")):
                self.close(mine.grad, theirs.grad, f"batch_norm eval grad {name}")


class TestEmbeddingAndDistances(OracleCase):
    def test_embedding(self):
        for case in range(CASES):
            rows, dim = self.rng.randint(1, 6), self.rng.randint(1, 4)
            kwargs = dict(padding_idx=self.rng.choice([None, 0, rows - 1, -1]),
                          max_norm=self.rng.choice([None, None, 1.0, 2.5]),
                          norm_type=self.rng.choice([2.0, 1.0, 3.0]),
                          scale_grad_by_freq=self.rng.random() < 0.3)
            ours, theirs = self.twin(torch.nn.Embedding, lt.nn.Embedding, rows, dim, **kwargs)
            shape = random_shape(self.rng, self.rng.randint(0, 3), 1, 5)
            idx = torch.randint(0, rows, shape)
            out_t, out_l = theirs(idx), ours(to_latpy(idx))
            what = f"Embedding case {case} {rows}x{dim} {kwargs} {shape}"
            self.close(out_l, out_t, what + ": output")
            self.close(ours.weight, theirs.weight, what + ": weight after max_norm")
            g = torch.randn(out_t.shape)
            out_t.backward(g), (out_l * to_latpy(g)).sum().backward()
            self.close(ours.weight.grad, theirs.weight.grad, what + ": weight grad")

    def _pair(self, shape):
        a = torch.randn(shape, requires_grad=True)
        return a, to_latpy(a, grad=True)

    def check_function(self, f_t, f_l, shapes, what, **kwargs):
        pairs = [self._pair(s) for s in shapes]
        out_t = f_t(*[p[0] for p in pairs], **kwargs)
        out_l = f_l(*[p[1] for p in pairs], **kwargs)
        self.close(out_l, out_t, what + ": output")
        g = torch.randn(out_t.shape)
        out_t.backward(g), (out_l * to_latpy(g)).sum().backward()
        for i, (t, l) in enumerate(pairs):
            self.close(l.grad, t.grad, f"{what}: grad of input {i}")

    def test_normalize(self):
        for case in range(CASES):
            ndim = self.rng.randint(1, 3)
            shape = random_shape(self.rng, ndim)
            kwargs = dict(p=self.rng.choice([1.0, 2.0, 3.0, math.inf]),
                          dim=self.rng.randrange(-ndim, ndim),
                          eps=self.rng.choice([1e-12, 0.5]))
            self.check_function(TF.normalize, LF.normalize, [shape],
                                f"normalize case {case} {shape} {kwargs}", **kwargs)

    def test_cosine_similarity(self):
        for case in range(CASES):
            ndim = self.rng.randint(1, 3)
            shape = random_shape(self.rng, ndim)
            other = tuple(1 if self.rng.random() < 0.3 else n for n in shape)
            kwargs = dict(dim=self.rng.randrange(-ndim, ndim),
                          eps=self.rng.choice([1e-8, 2.0]))
            self.check_function(TF.cosine_similarity, LF.cosine_similarity, [shape, other],
                                f"cosine_similarity case {case} {shape} {kwargs}", **kwargs)

    def test_pairwise_distance(self):
        for case in range(CASES):
            shape = random_shape(self.rng, self.rng.randint(1, 3))
            other = shape[self.rng.randint(0, len(shape) - 1):]
            kwargs = dict(p=self.rng.choice([1.0, 2.0, 3.0, math.inf]),
                          eps=self.rng.choice([1e-6, 0.1]), keepdim=self.rng.random() < 0.5)
            self.check_function(TF.pairwise_distance, LF.pairwise_distance, [shape, other],
                                f"pairwise_distance case {case} {shape} {kwargs}", **kwargs)

    def test_one_hot(self):
        for case in range(CASES // 2):
            shape = random_shape(self.rng, self.rng.randint(0, 3), 1, 4)
            idx = torch.randint(0, 5, shape)
            n = self.rng.choice([-1, 5, 7])
            want, got = TF.one_hot(idx, n), LF.one_hot(to_latpy(idx), n)
            self.assertEqual(got.tolist(), want.tolist())
            self.assertEqual(str(got.dtype), str(want.dtype))


class TestDropout(OracleCase):
    def test_deterministic_cases_equal_pytorch(self):
        x_t = torch.randn(3, 4, 5, requires_grad=True)
        for name in ("dropout", "dropout1d", "dropout2d", "alpha_dropout",
                     "feature_alpha_dropout"):
            for p, training in ((0.0, True), (1.0, True), (0.5, False), (1.0, False)):
                x_l = to_latpy(x_t, grad=True)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    out_t = getattr(TF, name)(x_t, p, training)
                    out_l = getattr(LF, name)(x_l, p, training)
                what = f"{name} p={p} training={training}"
                self.close(out_l, out_t, what)
                g = torch.randn(3, 4, 5)
                x_t.grad = None
                out_t.backward(g), (out_l * to_latpy(g)).sum().backward()
                self.close(x_l.grad, x_t.grad, what + " grad")

    def test_statistics_match(self):
        n = 20000
        for p in (0.1, 0.5, 0.8):
            x_t = torch.rand(n) + 1.0
            out_t = TF.dropout(x_t, p)
            out_l = LF.dropout(to_latpy(x_t), p)
            kept_t = (out_t != 0).double().mean().item()
            kept_l = sum(v != 0 for v in out_l.tolist()) / n
            self.assertAlmostEqual(kept_l, 1 - p, delta=0.02)
            self.assertAlmostEqual(kept_l, kept_t, delta=0.03)
            kept = out_t != 0
            scale_t = {round(r, 9) for r in (out_t[kept] / x_t[kept]).tolist()}
            scale_l = {round(o / v, 9) for o, v in zip(out_l.tolist(), x_t.tolist()) if o}
            self.assertEqual(scale_l, scale_t)
            self.assertEqual(len(scale_l), 1)

    def test_alpha_dropout_levels_match(self):
        for p in (0.2, 0.5):
            out_t = TF.alpha_dropout(torch.zeros(2000), p, training=True)
            out_l = LF.alpha_dropout(lt.zeros(2000), p, training=True)
            want = sorted(out_t.unique().tolist())
            got = sorted(set(out_l.tolist()))
            self.assertEqual(len(got), 2)
            np.testing.assert_allclose(got, want, rtol=1e-12)
            x = torch.randn(50000)
            y = TF.alpha_dropout(x, p, True)
            y_l = LF.alpha_dropout(to_latpy(x), p, True)
            for stat in (lambda v: v.mean(), lambda v: v.std()):
                self.assertAlmostEqual(stat(to_numpy(y_l)), stat(y.numpy()), delta=0.03)


class TestUtils(OracleCase):
    def test_clip_grad_norm(self):
        for case in range(CASES):
            shapes = [random_shape(self.rng, self.rng.randint(0, 2)) for _ in
                      range(self.rng.randint(1, 4))]
            grads = [torch.randn(s) * self.rng.choice([0.1, 1.0, 10.0]) for s in shapes]
            norm_type = self.rng.choice([2.0, 1.0, 3.0, math.inf, 0.5])
            max_norm = self.rng.choice([0.5, 1.0, 100.0])
            ps_t = [torch.zeros(s, requires_grad=True) for s in shapes]
            ps_l = [lt.zeros(s, requires_grad=True) for s in shapes]
            for p_t, p_l, g in zip(ps_t, ps_l, grads):
                p_t.grad, p_l.grad = g.clone(), to_latpy(g)
            total_t = torch.nn.utils.clip_grad_norm_(ps_t, max_norm, norm_type)
            total_l = lt.nn.utils.clip_grad_norm_(ps_l, max_norm, norm_type)
            what = f"clip_grad_norm_ case {case} {shapes} {norm_type} {max_norm}"
            self.close(total_l, total_t, what + ": total norm")
            for p_t, p_l in zip(ps_t, ps_l):
                self.close(p_l.grad, p_t.grad, what + ": clipped grad")

    def test_clip_grad_value_and_vectors(self):
        for case in range(CASES // 4):
            shapes = [random_shape(self.rng, self.rng.randint(0, 3)) for _ in range(3)]
            ps_t = [torch.randn(s, requires_grad=True) for s in shapes]
            ps_l = [to_latpy(p, grad=True) for p in ps_t]
            for p_t, p_l in zip(ps_t, ps_l):
                p_t.grad = torch.randn(p_t.shape) * 2
                p_l.grad = to_latpy(p_t.grad)
            torch.nn.utils.clip_grad_value_(ps_t, 0.7)
            lt.nn.utils.clip_grad_value_(ps_l, 0.7)
            for p_t, p_l in zip(ps_t, ps_l):
                self.close(p_l.grad, p_t.grad, "clip_grad_value_")
            self.close(lt.nn.utils.parameters_to_vector(ps_l),
                       torch.nn.utils.parameters_to_vector(ps_t), "parameters_to_vector")


if __name__ == "__main__":
    unittest.main()
