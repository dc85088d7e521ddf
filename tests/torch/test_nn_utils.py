"""``torch.nn.utils``: gradient clipping and parameter/vector conversion."""

from __future__ import annotations

import math
import unittest
import warnings

import latpy.torch as torch
import latpy.torch.nn as nn


def with_grads(*grads):
    params = []
    for g in grads:
        p = torch.zeros(len(g), requires_grad=True)
        p.grad = torch.tensor(g)
        params.append(p)
    return params


class TestClipGradNorm(unittest.TestCase):
    def test_scales_to_max_norm_and_returns_total(self):
        params = with_grads([3.0, 0.0], [4.0])
        grad_object = params[0].grad
        total = nn.utils.clip_grad_norm_(params, max_norm=1.0)
        self.assertEqual(total.item(), 5.0)
        self.assertEqual(total.shape, ())
        coef = 1.0 / (5.0 + 1e-6)
        self.assertEqual(params[0].grad.tolist(), [3.0 * coef, 0.0])
        self.assertEqual(params[1].grad.tolist(), [4.0 * coef])
        self.assertIs(params[0].grad, grad_object)  # changed in place

    def test_small_gradients_unchanged_and_norm_types(self):
        params = with_grads([0.3, -0.4])
        self.assertAlmostEqual(nn.utils.clip_grad_norm_(params, 10.0).item(), 0.5)
        self.assertEqual(params[0].grad.tolist(), [0.3, -0.4])
        params = with_grads([1.0, -5.0], [2.0])
        self.assertEqual(nn.utils.clip_grad_norm_(params, 100.0, norm_type="inf").item(), 5.0)
        self.assertEqual(nn.utils.clip_grad_norm_(params, 100.0, norm_type=1).item(), 8.0)
        self.assertAlmostEqual(nn.utils.clip_grad_norm_(params, 100.0, 3.0).item(),
                               (1 + 125 + 8) ** (1 / 3))

    def test_single_tensor_no_grads_and_nonfinite(self):
        p = torch.zeros(2, requires_grad=True)
        self.assertEqual(nn.utils.clip_grad_norm_(p, 1.0).item(), 0.0)
        p.grad = torch.tensor([float("inf"), 1.0])
        with self.assertRaisesRegex(RuntimeError, "non-finite"):
            nn.utils.clip_grad_norm_(p, 1.0, error_if_nonfinite=True)
        self.assertTrue(math.isinf(nn.utils.clip_grad_norm_(p, 1.0).item()))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            nn.utils.clip_grad_norm_((q for q in []), 1.0)
            nn.utils.clip_grad_norm([p], 1.0)
        self.assertEqual(len(caught), 2)

    def test_with_a_model(self):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
        model(torch.randn(5, 3)).pow(2).sum().mul(100).backward()
        before = nn.utils.get_total_norm([p.grad for p in model.parameters()])
        self.assertGreater(before.item(), 1.0)
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        after = nn.utils.get_total_norm([p.grad for p in model.parameters()])
        self.assertAlmostEqual(after.item(), 1.0, delta=1e-5)


class TestClipGradValue(unittest.TestCase):
    def test_clamps_in_place(self):
        params = with_grads([-3.0, 0.5, 2.0])
        self.assertIsNone(nn.utils.clip_grad_value_(params, 1.0))
        self.assertEqual(params[0].grad.tolist(), [-1.0, 0.5, 1.0])
        p = torch.zeros(1, requires_grad=True)
        nn.utils.clip_grad_value_(p, 1.0)  # no grad: nothing to do
        self.assertIsNone(p.grad)


class TestVectorConversion(unittest.TestCase):
    def test_round_trip(self):
        model = nn.Linear(3, 2)
        vec = nn.utils.parameters_to_vector(model.parameters())
        self.assertEqual(vec.shape, (8,))
        self.assertEqual(vec.tolist()[:3], model.weight.tolist()[0])
        nn.utils.vector_to_parameters(torch.arange(8.0), model.parameters())
        self.assertEqual(model.weight.tolist(), [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
        self.assertEqual(model.bias.tolist(), [6.0, 7.0])
        self.assertEqual(model(torch.ones(1, 3)).tolist(), [[9.0, 19.0]])

    def test_differentiable_and_errors(self):
        w = torch.ones(2, 2, requires_grad=True)
        (nn.utils.parameters_to_vector([w]) * torch.arange(4.0)).sum().backward()
        self.assertEqual(w.grad.tolist(), [[0.0, 1.0], [2.0, 3.0]])
        with self.assertRaisesRegex(TypeError, "expected torch.Tensor"):
            nn.utils.vector_to_parameters([1.0, 2.0], [w])
        with self.assertRaises(AttributeError):
            nn.utils.no_such_thing  # noqa: B018


if __name__ == "__main__":
    unittest.main()
