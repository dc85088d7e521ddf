"""backward_steps / explain / graph_tree / source: the teaching views of autograd."""

import io
import random
import unittest

import latpy.torch as torch
from latpy.torch.teach import graph_tree, source


def _program(rng, x, w):
    """A small random program mixing broadcasting, reuse and reductions."""
    h = x @ w
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["tanh", "mul", "add", "exp", "sum_keep"])
        if kind == "tanh":
            h = h.tanh()
        elif kind == "mul":
            h = h * h + x.sum()
        elif kind == "add":
            h = h + w.sum(0)
        elif kind == "exp":
            h = (h * 0.1).exp()
        else:
            h = h - h.sum(dim=1, keepdim=True)
    return (h * h).sum()


class TestBackwardSteps(unittest.TestCase):
    def test_exhausting_steps_equals_backward(self):
        rng = random.Random(0)
        for seed in range(25):
            torch.manual_seed(seed)
            xs = torch.randn(3, 4)
            ws = torch.randn(4, 2)
            state = rng.getstate()
            x1, w1 = xs.clone().requires_grad_(), ws.clone().requires_grad_()
            _program(rng, x1, w1).backward()
            rng.setstate(state)
            x2, w2 = xs.clone().requires_grad_(), ws.clone().requires_grad_()
            steps = list(_program(rng, x2, w2).backward_steps())
            self.assertGreater(len(steps), 1)
            self.assertEqual(x1.grad.tolist(), x2.grad.tolist())
            self.assertEqual(w1.grad.tolist(), w2.grad.tolist())

    def test_steps_are_lazy_and_describe_the_walk(self):
        a = torch.tensor([2.0], requires_grad=True)
        b = torch.tensor([3.0], requires_grad=True)
        steps = (a * b + a).sum().backward_steps()
        first = next(steps)
        self.assertEqual(first.op, "SumBackward0")
        self.assertIn("dx = broadcast(dy)", first.rule)
        self.assertIsNone(a.grad)  # nothing reached the leaves yet
        rest = list(steps)
        self.assertEqual([s.op for s in rest], ["AddBackward0", "MulBackward0"])
        mul = rest[-1]
        self.assertEqual([g.tolist() for g in mul.grads], [[3.0], [2.0]])
        self.assertEqual(len(mul.accumulated), 1)  # a was used twice
        self.assertEqual(a.grad.tolist(), [4.0])
        self.assertEqual(b.grad.tolist(), [2.0])

    def test_grad_mode_restored_between_steps(self):
        x = torch.tensor([1.0], requires_grad=True)
        steps = (x * 2).sum().backward_steps()
        next(steps)
        self.assertTrue(torch.is_grad_enabled())
        list(steps)

    def test_non_scalar_needs_gradient(self):
        x = torch.ones(2, requires_grad=True)
        with self.assertRaises(RuntimeError):
            list((x * 2).backward_steps())


class TestExplainAndTree(unittest.TestCase):
    def test_explain_mentions_every_step_and_result(self):
        a = torch.tensor(2.0, requires_grad=True, label="a")
        buf = io.StringIO()
        torch.explain((a * a).sum(), file=buf)
        text = buf.getvalue()
        self.assertIn("Step 1: SumBackward0", text)
        self.assertIn("Step 2: MulBackward0", text)
        self.assertIn("a is used twice: 2 + 2 = 4", text)
        self.assertIn("Done: a.grad = 4", text)

    def test_graph_tree_marks_shared_nodes(self):
        x = torch.tensor([1.0], requires_grad=True, label="x")
        h = (x * 3).tanh()
        text = graph_tree((h * h).sum())
        self.assertIn("= Sum(", text)
        self.assertIn("(shown above)", text)
        self.assertTrue(text.splitlines()[0].startswith("t"))

    def test_graph_tree_long_chain_has_no_recursion_error(self):
        x = torch.tensor([1.0], requires_grad=True)
        y = x
        for _ in range(3000):
            y = y * 1.0
        self.assertEqual(len(graph_tree(y).splitlines()), 3001)


class TestSource(unittest.TestCase):
    def test_source_of_primitive_and_composed(self):
        buf = io.StringIO()
        import contextlib
        with contextlib.redirect_stdout(buf):
            text = source("exp")
            composed = source(torch.softmax)
            by_function = source(torch.mul)
        self.assertIn("class Exp", text)
        self.assertIn("def backward", text)
        self.assertIn("def softmax", composed)
        self.assertIn("class Mul", by_function)
        with self.assertRaises(ValueError):
            source("no_such_op")


if __name__ == "__main__":
    unittest.main()
