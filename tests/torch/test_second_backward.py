"""A second backward() through a freed graph raises exactly where PyTorch's does:
ops that save index tensors (scatter, index_put, index_add) refuse; ops that save
nothing (tril/triu, diagonal views) allow it."""

import unittest

import latpy.torch as torch


def _twice(make):
    y = make()
    y.backward()
    y.backward()


class TestSecondBackward(unittest.TestCase):
    def setUp(self):
        self.x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0], [2.0, 0.0, 1.5]],
                              requires_grad=True)

    def test_ops_that_save_nothing_allow_it(self):
        x = self.x
        for name, make in [("tril", lambda: torch.tril(x).sum()),
                           ("triu", lambda: torch.triu(x, 1).sum()),
                           ("diagonal", lambda: torch.diagonal(x).sum()),
                           ("trace", lambda: torch.trace(x)),
                           ("diag", lambda: torch.diag(x).sum())]:
            with self.subTest(op=name):
                x.grad = None
                make().backward()
                once = x.grad.tolist()
                x.grad = None
                _twice(make)  # the same gradient accumulated twice
                self.assertEqual(x.grad.tolist(), [[2 * v for v in row] for row in once])

    def test_ops_that_save_indices_refuse_it(self):
        x = self.x
        idx = torch.tensor([[0, 2, 1]])
        for name, make in [
                ("scatter", lambda: torch.scatter(x * 1, 0, idx, 1.0).sum()),
                ("scatter_add", lambda: torch.scatter_add(x * 1, 0, idx, x[:1] * 1).sum()),
                ("index_put via mask", lambda: _masked(x).sum())]:
            with self.subTest(op=name):
                with self.assertRaises(RuntimeError):
                    _twice(make)

    def test_retain_graph_allows_it(self):
        y = torch.scatter(self.x * 1, 0, torch.tensor([[0, 2, 1]]), 1.0).sum()
        y.backward(retain_graph=True)
        y.backward()
        self.assertEqual(self.x.grad.tolist()[1], [2.0, 2.0, 0.0])


def _masked(x):
    y = x + 0
    y[y > 0] = 0.0
    return y


if __name__ == "__main__":
    unittest.main()


class TestSetupContextStyle(unittest.TestCase):
    """PyTorch 2's Function style: forward without ctx, then setup_context."""

    def test_forward_and_setup_context(self):
        class Cube(torch.autograd.Function):
            @staticmethod
            def forward(x):
                return x ** 3

            @staticmethod
            def setup_context(ctx, inputs, output):
                (x,) = inputs
                ctx.save_for_backward(x)

            @staticmethod
            def backward(ctx, grad_output):
                (x,) = ctx.saved_tensors
                return grad_output * 3 * x ** 2

        x = torch.tensor([2.0, -1.0], requires_grad=True)
        y = Cube.apply(x)
        self.assertEqual(y.tolist(), [8.0, -1.0])
        y.sum().backward()
        self.assertEqual(x.grad.tolist(), [12.0, 3.0])
