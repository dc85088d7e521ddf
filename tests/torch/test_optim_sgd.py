"""torch.optim.SGD against updates computed by hand (PyTorch's documented rule):

    g = grad (negated when maximize) + weight_decay * p
    b = g on the first step, else momentum * b + (1 - dampening) * g
    g = g + momentum * b if nesterov else b          (when momentum != 0)
    p = p - lr * g
"""

from __future__ import annotations

import itertools
import random
import unittest

import latpy as lp
import latpy.torch as torch


def reference_sgd(p0, grads_of, steps, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                  nesterov=False, maximize=False):
    """Plain-Python SGD on a list of floats; grads_of(p) gives the gradient list."""
    p = list(p0)
    buf = None
    for _ in range(steps):
        g = grads_of(p)
        if maximize:
            g = [-v for v in g]
        g = [gi + weight_decay * pi for gi, pi in zip(g, p)]
        if momentum:
            if buf is None:
                buf = list(g)
            else:
                buf = [momentum * b + (1 - dampening) * gi for b, gi in zip(buf, g)]
            g = [gi + momentum * b for gi, b in zip(g, buf)] if nesterov else list(buf)
        p = [pi - lr * gi for pi, gi in zip(p, g)]
    return p


def cubic_grad(p):
    """Gradient of sum(p**3 / 3 + 0.5 * p)."""
    return [v * v + 0.5 for v in p]


class TestSGD(unittest.TestCase):
    def _run(self, p0, steps, **options):
        p = torch.tensor(p0, requires_grad=True)
        opt = torch.optim.SGD([p], **options)
        for _ in range(steps):
            opt.zero_grad()
            loss = (p ** 3 / 3 + 0.5 * p).sum()
            loss.backward()
            opt.step()
        return p

    def test_every_option_combination(self):
        rng = random.Random(0)
        for momentum, dampening, nesterov, weight_decay, maximize in itertools.product(
                [0.0, 0.9], [0.0, 0.25], [False, True], [0.0, 0.1], [False, True]):
            if nesterov and (momentum == 0 or dampening != 0):
                continue
            options = dict(lr=0.05, momentum=momentum, dampening=dampening,
                           nesterov=nesterov, weight_decay=weight_decay, maximize=maximize)
            p0 = [rng.uniform(-1, 1) for _ in range(3)]
            with self.subTest(**options):
                p = self._run(p0, 6, **options)
                expected = reference_sgd(p0, cubic_grad, 6, **options)
                for a, e in zip(p.tolist(), expected):
                    self.assertAlmostEqual(a, e, places=12)
                self.assertIsInstance(p.data, lp.NDArray)
                self.assertTrue(p.is_leaf and p.requires_grad)

    def test_param_groups_have_their_own_options(self):
        a = torch.tensor([1.0], requires_grad=True)
        b = torch.tensor([1.0], requires_grad=True)
        opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1)
        (a * 2 + b * 2).sum().backward()
        opt.step()
        self.assertAlmostEqual(a.item(), 1.0 - 0.1 * 2)
        self.assertAlmostEqual(b.item(), 1.0 - 0.5 * 2)
        self.assertEqual(opt.param_groups[1]["lr"], 0.5)
        self.assertEqual(opt.param_groups[0]["momentum"], 0)

    def test_params_without_grad_are_skipped(self):
        a = torch.tensor([1.0], requires_grad=True)
        b = torch.tensor([1.0], requires_grad=True)
        opt = torch.optim.SGD([a, b], lr=0.1, momentum=0.9, weight_decay=0.5)
        (a * 3).sum().backward()
        opt.step()
        self.assertEqual(b.tolist(), [1.0])
        self.assertAlmostEqual(a.item(), 1.0 - 0.1 * (3 + 0.5))

    def test_zero_grad(self):
        p = torch.ones(2, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        (p * 2).sum().backward()
        opt.zero_grad()
        self.assertIsNone(p.grad)
        (p * 2).sum().backward()
        opt.zero_grad(set_to_none=False)
        self.assertIsNotNone(p.grad)
        self.assertEqual(p.grad.tolist(), [0.0, 0.0])
        (p * 3).sum().backward()
        self.assertEqual(p.grad.tolist(), [3.0, 3.0])

    def test_zero_grad_to_zeros_does_not_touch_shared_arrays(self):
        a = torch.ones(2, requires_grad=True)
        b = torch.ones(2, requires_grad=True)
        (a + b).sum().backward()  # both grads may be the same array
        torch.optim.SGD([a], lr=0.1).zero_grad(set_to_none=False)
        self.assertEqual(a.grad.tolist(), [0.0, 0.0])
        self.assertEqual(b.grad.tolist(), [1.0, 1.0])

    def test_step_does_not_build_graph(self):
        p = torch.ones(2, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1, momentum=0.5)
        (p * p).sum().backward()
        opt.step()
        self.assertTrue(p.is_leaf)
        self.assertIsNone(p.grad_fn)

    def test_closure(self):
        p = torch.tensor([2.0], requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.25)

        def closure():
            opt.zero_grad()
            loss = (p * p).sum()
            loss.backward()
            return loss

        loss = opt.step(closure)
        self.assertEqual(loss.item(), 4.0)
        self.assertEqual(p.tolist(), [1.0])

    def test_momentum_buffer_state(self):
        p = torch.tensor([1.0], requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
        for _ in range(2):
            opt.zero_grad()
            (p * 2).sum().backward()
            opt.step()
        buf = opt.state[p]["momentum_buffer"]
        self.assertAlmostEqual(float(buf.tolist()[0]), 0.9 * 2 + 2)

    def test_invalid_arguments(self):
        p = torch.ones(1, requires_grad=True)
        for options in (dict(lr=-0.1), dict(lr=0.1, momentum=-1), dict(lr=0.1, weight_decay=-1),
                        dict(lr=0.1, nesterov=True), dict(lr=0.1, momentum=0.9,
                                                          dampening=0.1, nesterov=True)):
            with self.assertRaises(ValueError):
                torch.optim.SGD([p], **options)
        with self.assertRaises(TypeError):
            torch.optim.SGD(p, lr=0.1)
        with self.assertRaises(ValueError):
            torch.optim.SGD([], lr=0.1)

    def test_top_level_export(self):
        self.assertIs(torch.SGD, torch.optim.SGD)


if __name__ == "__main__":
    unittest.main()
