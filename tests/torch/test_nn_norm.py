"""Normalisation, dropout, embedding and distance layers (``nn`` and ``nn.functional``).

Values against hand computations on Python lists, gradients against central
finite differences, train/eval switching, running statistics, state_dict keys
and reprs, and the errors PyTorch raises. Small sizes keep it fast.
"""

from __future__ import annotations

import itertools
import math
import random
import unittest
import warnings

import latpy.torch as torch
import latpy.torch.nn as nn
import latpy.torch.nn.functional as F

EPS = 1e-6


def randn(rng, *shape, grad=True):
    t = torch.tensor([rng.gauss(0, 1) for _ in range(math.prod(shape))]).reshape(shape)
    return t.requires_grad_(grad)


def flat(t):
    values = t.tolist()
    while values and isinstance(values[0], list):
        values = [v for row in values for v in row]
    return values if isinstance(values, list) else [values]


def numeric_grad(loss, t):
    """Central differences of the scalar function loss() w.r.t. each element of t."""
    grads = []
    for index in itertools.product(*(range(n) for n in t.shape)):
        old = t.data[index]
        t.data[index] = old + EPS
        up = loss()
        t.data[index] = old - EPS
        down = loss()
        t.data[index] = old
        grads.append((up - down) / (2 * EPS))
    return grads


def check_grads(test, f, inputs, rng, tol=1e-6):
    """Autograd of sum(f(*inputs) * w) (w random) against finite differences."""
    out = f(*inputs)
    w = randn(rng, *out.shape, grad=False)
    grads = torch.autograd.grad((out * w).sum(), inputs, allow_unused=True)

    def loss():
        with torch.no_grad():
            return (f(*inputs) * w).sum().item()
    for t, g in zip(inputs, grads):
        want = numeric_grad(loss, t)
        got = [0.0] * len(want) if g is None else flat(g)
        for a, b in zip(got, want):
            test.assertAlmostEqual(a, b, delta=tol * max(1.0, abs(b)))


def close(test, got, want, tol=1e-12):
    got, want = flat(got), list(want)
    test.assertEqual(len(got), len(want))
    for a, b in zip(got, want):
        test.assertAlmostEqual(a, b, delta=tol * max(1.0, abs(b)))


def standardize(values, eps):
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / len(values)
    return [(v - mean) / math.sqrt(var + eps) for v in values]


class TestLayerNorm(unittest.TestCase):
    def test_values_against_hand_computation(self):
        rng = random.Random(0)
        for rows, cols in ((1, 2), (3, 4), (2, 5)):
            x = randn(rng, rows, cols)
            ln = nn.LayerNorm(cols, eps=1e-3)
            with torch.no_grad():
                ln.weight.data[...] = randn(rng, cols).data
                ln.bias.data[...] = randn(rng, cols).data
            want = []
            for row in x.tolist():
                want += [v * w + b for v, w, b in zip(standardize(row, 1e-3),
                                                     ln.weight.tolist(), ln.bias.tolist())]
            close(self, ln(x), want)

    def test_gradients_multi_dim_shape(self):
        rng = random.Random(1)
        x, w, b = randn(rng, 2, 2, 3), randn(rng, 2, 3), randn(rng, 2, 3)
        check_grads(self, lambda x, w, b: F.layer_norm(x, (2, 3), w, b), [x, w, b], rng)
        check_grads(self, lambda x: F.layer_norm(x, [3], eps=0.1), [x], rng)

    def test_parameters_repr_and_options(self):
        ln = nn.LayerNorm((2, 3))
        self.assertEqual(list(ln.state_dict()), ["weight", "bias"])
        self.assertEqual(ln.weight.tolist(), [[1.0] * 3] * 2)
        self.assertEqual(repr(ln), "LayerNorm((2, 3), eps=1e-05, elementwise_affine=True, "
                                   "bias=True)")
        self.assertIsNone(nn.LayerNorm(4, bias=False).bias)
        plain = nn.LayerNorm(4, elementwise_affine=False)
        self.assertEqual(list(plain.state_dict()), [])
        self.assertIn("bias=False", repr(plain))

    def test_errors(self):
        x = torch.ones(2, 3)
        with self.assertRaisesRegex(RuntimeError, r"expected input with shape \[\*, 4\]"):
            F.layer_norm(x, (4,))
        with self.assertRaises(TypeError):
            F.layer_norm(x, 3)
        with self.assertRaisesRegex(RuntimeError, "weight of shape"):
            F.layer_norm(x, (3,), torch.ones(4))
        with self.assertRaisesRegex(RuntimeError, "at least 1-dimensional"):
            F.layer_norm(x, ())


class TestRMSNorm(unittest.TestCase):
    def test_values_and_default_eps(self):
        x = torch.tensor([[3.0, 4.0], [0.0, 0.0]])
        rms = math.sqrt(12.5)
        close(self, nn.RMSNorm(2)(x), [3 / rms, 4 / rms, 0.0, 0.0])
        close(self, F.rms_norm(x, (2,), eps=0.5), [3 / math.sqrt(13), 4 / math.sqrt(13), 0, 0])
        self.assertEqual(repr(nn.RMSNorm([2, 2], eps=1e-6)),
                         "RMSNorm((2, 2), eps=1e-06, elementwise_affine=True)")

    def test_gradients(self):
        rng = random.Random(2)
        x, w = randn(rng, 3, 4), randn(rng, 4)
        check_grads(self, lambda x, w: F.rms_norm(x, (4,), w, 1e-3), [x, w], rng)
        with self.assertRaisesRegex(RuntimeError, r"\[\*5\]"):
            F.rms_norm(x, (5,))


class TestBatchNorm(unittest.TestCase):
    def test_training_values_and_running_stats(self):
        rng = random.Random(3)
        bn = nn.BatchNorm1d(3, momentum=0.3)
        mean, var = [0.0] * 3, [1.0] * 3
        for step in range(3):
            x = randn(rng, 4, 3, grad=False)
            out = bn(x)
            columns = list(zip(*x.tolist()))
            want = list(zip(*[standardize(list(c), 1e-5) for c in columns]))
            close(self, out, [v for row in want for v in row])
            for c, column in enumerate(columns):
                m = sum(column) / 4
                unbiased = sum((v - m) ** 2 for v in column) / 3
                mean[c] = 0.7 * mean[c] + 0.3 * m
                var[c] = 0.7 * var[c] + 0.3 * unbiased
            close(self, bn.running_mean, mean)
            close(self, bn.running_var, var)
        self.assertEqual(bn.num_batches_tracked.item(), 3)
        self.assertEqual(str(bn.num_batches_tracked.dtype), "torch.int64")
        bn.eval()
        x = randn(rng, 2, 3, grad=False)
        want = [(v - m) / math.sqrt(s + 1e-5) for row in x.tolist()
                for v, m, s in zip(row, mean, var)]
        close(self, bn(x), want)
        self.assertEqual(bn.num_batches_tracked.item(), 3)  # eval does not count

    def test_cumulative_average_with_momentum_none(self):
        rng = random.Random(4)
        bn = nn.BatchNorm2d(2, momentum=None)
        batches = [randn(rng, 2, 2, 2, 2, grad=False) for _ in range(3)]
        for x in batches:
            bn(x)
        means = [x.mean((0, 2, 3)).tolist() for x in batches]
        close(self, bn.running_mean, [sum(m[c] for m in means) / 3 for c in range(2)])

    def test_gradients_train_and_eval(self):
        rng = random.Random(5)
        x, w, b = randn(rng, 3, 2, 2), randn(rng, 2), randn(rng, 2)
        check_grads(self, lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                    [x, w, b], rng)
        rm, rv = torch.tensor([0.5, -1.0]), torch.tensor([2.0, 0.5])
        check_grads(self, lambda x, w, b: F.batch_norm(x, rm, rv, w, b), [x, w, b], rng)

    def test_state_dict_modes_and_repr(self):
        bn = nn.BatchNorm2d(4)
        self.assertEqual(list(bn.state_dict()), ["weight", "bias", "running_mean",
                                                 "running_var", "num_batches_tracked"])
        self.assertEqual(repr(bn), "BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, "
                                   "bias=True, track_running_stats=True)")
        untracked = nn.BatchNorm1d(3, affine=False, track_running_stats=False)
        self.assertEqual(list(untracked.state_dict()), [])
        x = torch.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
        close(self, untracked.eval()(x), [-1, 0, 1, 1, 0, -1], 1e-4)  # batch stats in eval
        copy = nn.BatchNorm2d(4)
        bn(torch.randn(2, 4, 2, 2))
        copy.load_state_dict(bn.state_dict())
        self.assertEqual(copy.running_var.tolist(), bn.running_var.tolist())
        self.assertEqual(copy.num_batches_tracked.item(), 1)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, r"expected 2D or 3D input \(got 4D input\)"):
            nn.BatchNorm1d(3)(torch.ones(2, 3, 2, 2))
        with self.assertRaisesRegex(ValueError, "expected 4D input"):
            nn.BatchNorm2d(3)(torch.ones(2, 3, 2))
        with self.assertRaisesRegex(ValueError, "more than 1 value per channel"):
            nn.BatchNorm1d(3)(torch.ones(1, 3))
        with self.assertRaisesRegex(RuntimeError, "running_mean should contain 3 elements"):
            F.batch_norm(torch.ones(2, 3), torch.zeros(4), torch.ones(4), training=True)
        with self.assertRaisesRegex(RuntimeError, "must be defined in evaluation mode"):
            F.batch_norm(torch.ones(2, 3), None, None)


class TestGroupAndInstanceNorm(unittest.TestCase):
    def test_group_norm_values_and_gradients(self):
        rng = random.Random(6)
        x = randn(rng, 2, 4, 3)
        out = nn.GroupNorm(2, 4)(x)
        for n in range(2):
            group = flat(x[n, :2])
            close(self, out[n, :2], standardize(group, 1e-5))
        w, b = randn(rng, 4), randn(rng, 4)
        check_grads(self, lambda x, w, b: F.group_norm(x, 2, w, b), [x, w, b], rng)
        self.assertEqual(repr(nn.GroupNorm(2, 4)),
                         "GroupNorm(2, 4, eps=1e-05, affine=True, bias=True)")
        with self.assertRaisesRegex(ValueError, r"num_channels \(6\) must be divisible"):
            nn.GroupNorm(4, 6)
        with self.assertRaisesRegex(RuntimeError, "divisible by num_groups"):
            F.group_norm(torch.ones(2, 6, 4), 4)

    def test_instance_norm(self):
        rng = random.Random(7)
        x = randn(rng, 2, 3, 4)
        out = nn.InstanceNorm1d(3)(x)
        close(self, out[1, 2], standardize(flat(x[1, 2]), 1e-5))
        close(self, nn.InstanceNorm1d(3)(x[0]), flat(out[0]))  # unbatched input
        tracked = nn.InstanceNorm1d(3, track_running_stats=True, momentum=0.5)
        tracked(x)
        means = [sum(flat(x[n, c])) / 4 for n in range(2) for c in range(3)]
        close(self, tracked.running_mean,
              [0.5 * (means[c] + means[3 + c]) / 2 for c in range(3)])
        check_grads(self, lambda x: F.instance_norm(x), [x], rng)
        with self.assertRaisesRegex(ValueError, "expected 3D or 4D input"):
            nn.InstanceNorm2d(3)(torch.ones(3, 4))
        with self.assertRaisesRegex(ValueError, "to match num_features"):
            nn.InstanceNorm1d(3, affine=True)(torch.ones(2, 4, 5))


class TestDropout(unittest.TestCase):
    def test_train_eval_and_scaling(self):
        torch.manual_seed(0)
        drop = nn.Dropout(0.25)
        x = torch.ones(4000, requires_grad=True)
        y = drop(x)
        values = set(y.tolist())
        self.assertEqual(values, {0.0, 1 / 0.75})
        kept = sum(1 for v in y.tolist() if v) / 4000
        self.assertAlmostEqual(kept, 0.75, delta=0.03)
        y.sum().backward()
        self.assertEqual(x.grad.tolist(), y.tolist())  # gradient = mask / (1 - p)
        drop.eval()
        self.assertIs(drop(x), x)
        self.assertEqual(repr(drop), "Dropout(p=0.25, inplace=False)")

    def test_edge_probabilities_and_seeding(self):
        x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
        self.assertIs(F.dropout(x, 0.0), x)
        zero = F.dropout(x, 1.0)
        self.assertEqual(zero.tolist(), [0.0, -0.0, 0.0])
        zero.sum().backward()
        self.assertEqual(x.grad.tolist(), [0.0, 0.0, 0.0])
        torch.manual_seed(5)
        a = F.dropout(torch.ones(20))
        torch.manual_seed(5)
        self.assertEqual(F.dropout(torch.ones(20)).tolist(), a.tolist())
        for bad in (-0.1, 1.5):
            with self.assertRaisesRegex(ValueError, "between 0 and 1"):
                nn.Dropout(bad)
            with self.assertRaisesRegex(ValueError, "between 0 and 1"):
                F.dropout(x, bad)

    def test_inplace_and_channel_dropout(self):
        x = torch.ones(3, 5)
        self.assertIs(F.dropout(x, 0.5, inplace=True), x)
        self.assertLessEqual(set(x.tolist()[0]), {0.0, 2.0})
        y = nn.Dropout2d(0.5)(torch.ones(4, 6, 2, 2))
        for n in range(4):
            for c in range(6):
                self.assertEqual(len(set(flat(y[n, c]))), 1)  # whole channels
        y = F.dropout1d(torch.ones(6, 3), 0.5)  # unbatched (C, L)
        self.assertTrue(all(len(set(row)) == 1 for row in y.tolist()))
        with self.assertRaisesRegex(RuntimeError, "dropout1d: Expected 2D or 3D input"):
            F.dropout1d(torch.ones(2, 3, 4, 5))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.assertEqual(F.dropout2d(torch.ones(2, 3, 4)).shape, (2, 3, 4))

    def test_alpha_dropout_keeps_mean_and_variance(self):
        torch.manual_seed(1)
        x = torch.randn(20000)
        y = nn.AlphaDropout(0.3)(x)
        mean = sum(y.tolist()) / 20000
        var = sum((v - mean) ** 2 for v in y.tolist()) / 20000
        self.assertAlmostEqual(mean, 0.0, delta=0.05)
        self.assertAlmostEqual(var, 1.0, delta=0.05)
        self.assertIs(F.alpha_dropout(x, 0.3), x)  # training=False by default


class TestEmbedding(unittest.TestCase):
    def test_lookup_init_and_gradient_accumulation(self):
        torch.manual_seed(0)
        emb = nn.Embedding(5, 3, padding_idx=1)
        self.assertEqual(emb.weight[1].tolist(), [0.0, 0.0, 0.0])
        self.assertEqual(repr(emb), "Embedding(5, 3, padding_idx=1)")
        idx = torch.tensor([[2, 1], [2, 4]])
        out = emb(idx)
        self.assertEqual(out.shape, (2, 2, 3))
        self.assertEqual(out[1, 1].tolist(), emb.weight[4].tolist())
        out.sum().backward()
        self.assertEqual(emb.weight.grad.tolist(), [[0.0] * 3, [0.0] * 3, [2.0] * 3,
                                                    [0.0] * 3, [1.0] * 3])
        self.assertEqual(nn.Embedding(4, 2, padding_idx=-1).padding_idx, 3)

    def test_max_norm_freq_scaling_and_pretrained(self):
        w = torch.tensor([[3.0, 4.0], [0.3, 0.4], [1.0, 0.0]], requires_grad=True)
        out = F.embedding(torch.tensor([0, 1, 1]), w, max_norm=1.0)
        close(self, w[0], [3 / (5 + 1e-7), 4 / (5 + 1e-7)])
        self.assertEqual(w[1].tolist(), [0.3, 0.4])
        out = F.embedding(torch.tensor([0, 1, 1, 2]), w, scale_grad_by_freq=True)
        out.sum().backward()
        close(self, w.grad, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
        frozen = nn.Embedding.from_pretrained(torch.eye(3))
        self.assertFalse(frozen.weight.requires_grad)
        self.assertEqual(frozen(torch.tensor(2)).tolist(), [0.0, 0.0, 1.0])

    def test_errors(self):
        w = torch.ones(3, 2)
        with self.assertRaisesRegex(RuntimeError, "Long, Int"):
            F.embedding(torch.tensor([1.0]), w)
        with self.assertRaisesRegex(IndexError, "index out of range in self"):
            F.embedding(torch.tensor([3]), w)
        with self.assertRaises(AssertionError):
            nn.Embedding(3, 2, padding_idx=3)
        with self.assertRaisesRegex(RuntimeError, "'weight' must be 2-D"):
            F.embedding(torch.tensor([0]), torch.ones(3))


class TestOneHotAndDistances(unittest.TestCase):
    def test_one_hot(self):
        got = F.one_hot(torch.tensor([[0, 2], [1, 1]]), 4)
        self.assertEqual(got.tolist(), [[[1, 0, 0, 0], [0, 0, 1, 0]],
                                        [[0, 1, 0, 0], [0, 1, 0, 0]]])
        self.assertEqual(str(got.dtype), "torch.int64")
        self.assertEqual(F.one_hot(torch.tensor(1)).tolist(), [0, 1])
        for bad, n, msg in (([-1], -1, "non-negative"), ([3], 3, "smaller than"),
                            ([], -1, "empty tensor")):
            with self.assertRaisesRegex(RuntimeError, msg):
                F.one_hot(torch.tensor(bad, dtype=torch.int64), n)
        with self.assertRaisesRegex(RuntimeError, "LongTensor"):
            F.one_hot(torch.tensor([1.0]))

    def test_normalize_cosine_pairwise(self):
        rng = random.Random(8)
        x = torch.tensor([[3.0, 4.0], [0.0, 0.0]], requires_grad=True)
        close(self, F.normalize(x), [0.6, 0.8, 0.0, 0.0])
        F.normalize(x).sum().backward()  # finite at the zero row: 1 / eps there
        self.assertTrue(all(math.isfinite(v) for v in flat(x.grad)))
        close(self, F.normalize(x, p=1, dim=0), [1.0, 1.0, 0.0, 0.0])
        a, b = randn(rng, 3, 4), randn(rng, 4)
        dots = [sum(u * v for u, v in zip(row, b.tolist())) for row in a.tolist()]
        norms = [math.sqrt(sum(u * u for u in row)) for row in a.tolist()]
        bn = math.sqrt(sum(v * v for v in b.tolist()))
        close(self, F.cosine_similarity(a, b, dim=-1), [d / n / bn for d, n in zip(dots, norms)])
        close(self, F.pairwise_distance(a, b, eps=0.0),
              [math.sqrt(sum((u - v) ** 2 for u, v in zip(row, b.tolist())))
               for row in a.tolist()])
        for f in (lambda a, b: F.cosine_similarity(a, b, dim=1),
                  lambda a, b: F.pairwise_distance(a, b, p=3.0),
                  lambda a, b: F.normalize(a * b, p=1.5)):
            check_grads(self, f, [a, b], rng)
        with self.assertRaisesRegex(RuntimeError, "must match the size"):
            F.cosine_similarity(a, torch.ones(5))


if __name__ == "__main__":
    unittest.main()
