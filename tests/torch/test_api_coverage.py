"""Every public name has a runnable example, and the rarely used ones have real tests.

The project rule (STYLE.md): each public function -- everything in the
``latpy.torch`` namespace and every public Tensor method or property -- has a
docstring with a ``>>>`` example. This file checks that none is missing and runs
the Tensor examples (methods attached from other modules are not all reachable by
``test_doctests``'s per-module ``DocTestSuite``).
"""

from __future__ import annotations

import doctest
import inspect
import unittest

import latpy as lp
import latpy.torch as torch


def _public_tensor_attributes():
    """(name, docstring) of each public callable or property of Tensor."""
    out = []
    for name in sorted(dir(torch.Tensor)):
        if name.startswith("_"):
            continue
        attr = inspect.getattr_static(torch.Tensor, name)
        if isinstance(attr, property):
            out.append((name, attr.__doc__))
        elif callable(getattr(torch.Tensor, name)):
            out.append((name, getattr(torch.Tensor, name).__doc__))
    return out


def _public_namespace_callables():
    out = []
    for name in sorted(dir(torch)):
        value = getattr(torch, name)
        if name.startswith("_") or inspect.ismodule(value) or not callable(value):
            continue
        out.append((name, value.__doc__))
    return out


class TestEveryPublicNameHasAnExample(unittest.TestCase):
    def test_tensor_methods_have_examples(self):
        missing = [n for n, doc in _public_tensor_attributes() if not doc or ">>>" not in doc]
        self.assertEqual(missing, [], "Tensor attributes without a '>>>' example")

    def test_namespace_callables_have_examples(self):
        missing = [n for n, doc in _public_namespace_callables()
                   if not doc or ">>>" not in doc]
        self.assertEqual(missing, [], "latpy.torch callables without a '>>>' example")

    def test_tensor_examples_run(self):
        parser, flags = doctest.DocTestParser(), doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        seen, failures = set(), []
        for name, doc in _public_tensor_attributes():
            if id(doc) in seen:  # aliases share one docstring
                continue
            seen.add(id(doc))
            test = parser.get_doctest(doc, {}, f"Tensor.{name}", None, 0)
            runner = doctest.DocTestRunner(optionflags=flags)
            output = []
            runner.run(test, out=output.append)
            if runner.failures:
                failures.append("".join(output))
        self.assertEqual(failures, [], "\n".join(failures))


class TestRarelyUsedNames(unittest.TestCase):
    """Names that no other test mentions: values, shapes and gradients."""

    def test_addmv(self):
        m = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        v = torch.tensor([1.0, -1.0], requires_grad=True)
        out = torch.addmv(torch.tensor([10.0, 20.0]), m, v, beta=2.0, alpha=3.0)
        self.assertEqual(out.tolist(), [2 * 10.0 + 3 * -1.0, 2 * 20.0 + 3 * -1.0])
        out.sum().backward()
        self.assertEqual(m.grad.tolist(), [[3.0, -3.0], [3.0, -3.0]])
        self.assertEqual(v.grad.tolist(), [12.0, 18.0])
        with self.assertRaises(RuntimeError):
            torch.addmv(torch.zeros(2), torch.zeros(2, 3), torch.zeros(2))

    def test_baddbmm(self):
        inp = torch.ones(2, 2, 2)
        b1 = torch.arange(12.0).reshape(2, 2, 3)
        b2 = torch.ones(2, 3, 2, requires_grad=True)
        out = torch.baddbmm(inp, b1, b2, beta=0.5, alpha=2.0)
        want = (0.5 * inp + 2.0 * torch.bmm(b1, b2.detach())).tolist()
        self.assertEqual(out.tolist(), want)
        out.sum().backward()
        self.assertEqual(tuple(b2.grad.shape), (2, 3, 2))
        self.assertEqual(b2.grad[0, :, 0].tolist(), [2.0 * (0 + 3), 2.0 * (1 + 4),
                                                     2.0 * (2 + 5)])

    def test_concat(self):
        a = torch.tensor([[1.0]], requires_grad=True)
        out = torch.concat([a, torch.tensor([[2.0], [3.0]])], dim=0)
        self.assertEqual(out.tolist(), [[1.0], [2.0], [3.0]])
        (out * torch.tensor([[5.0], [6.0], [7.0]])).sum().backward()
        self.assertEqual(a.grad.tolist(), [[5.0]])
        with self.assertRaises(RuntimeError):
            torch.concat([torch.zeros(2, 2), torch.zeros(3, 3)], dim=0)

    def test_from_numpy(self):
        np = _numpy_or_skip(self)
        t = torch.from_numpy(np.array([[1.5, 2.0]]))
        self.assertEqual((t.dtype, t.tolist()), (torch.float64, [[1.5, 2.0]]))
        self.assertEqual(torch.from_numpy(np.array([1, 2])).dtype, torch.int64)

    def test_initial_seed(self):
        torch.manual_seed(1234)
        self.assertEqual(torch.initial_seed(), 1234)
        a = torch.rand(3).tolist()
        torch.manual_seed(torch.initial_seed())
        self.assertEqual(torch.rand(3).tolist(), a)

    def test_rand_like_and_randn_like(self):
        x = torch.zeros(2, 3)
        r, n = torch.rand_like(x), torch.randn_like(x)
        self.assertEqual((tuple(r.shape), tuple(n.shape)), ((2, 3), (2, 3)))
        self.assertTrue(bool(((r >= 0) & (r < 1)).all()))
        self.assertEqual((r.dtype, n.dtype), (torch.float64, torch.float64))
        torch.manual_seed(5)
        big = torch.randn_like(torch.zeros(4000))
        self.assertLess(abs(big.mean().item()), 0.1)
        self.assertLess(abs(big.std().item() - 1.0), 0.1)
        self.assertTrue(torch.rand_like(x, requires_grad=True).requires_grad)

    def test_randperm(self):
        torch.manual_seed(0)
        p = torch.randperm(10)
        self.assertEqual(p.dtype, torch.int64)
        self.assertEqual(sorted(p.tolist()), list(range(10)))
        self.assertEqual(torch.randperm(0).tolist(), [])

    def test_sgn(self):
        x = torch.tensor([-2.0, 0.0, 3.0, float("nan")], requires_grad=True)
        self.assertEqual(torch.sgn(x).tolist()[:3], [-1.0, 0.0, 1.0])
        torch.sgn(x).sum().backward()
        self.assertEqual(x.grad.tolist(), [0.0, 0.0, 0.0, 0.0])
        self.assertEqual(torch.tensor([-3, 4]).sgn().tolist(), [-1, 1])

    def test_swapdims(self):
        x = torch.arange(24.0).reshape(2, 3, 4).requires_grad_()
        y = torch.swapdims(x, 0, 2)
        self.assertEqual(tuple(y.shape), (4, 3, 2))
        self.assertEqual(y[3, 2, 1].item(), x[1, 2, 3].item())
        self.assertEqual(x.swapdims(-1, 0).shape, y.shape)
        (y * y).sum().backward()
        self.assertEqual(x.grad.tolist(), (2 * x.detach()).tolist())

    def test_tensor_split(self):
        x = torch.arange(7.0)
        self.assertEqual([p.tolist() for p in torch.tensor_split(x, 3)],
                         [[0.0, 1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        self.assertEqual([p.tolist() for p in torch.tensor_split(x, [1, 5])],
                         [[0.0], [1.0, 2.0, 3.0, 4.0], [5.0, 6.0]])
        m = torch.arange(6.0).reshape(2, 3).requires_grad_()
        parts = m.tensor_split(2, dim=1)
        self.assertEqual([tuple(p.shape) for p in parts], [(2, 2), (2, 1)])
        (parts[1] * 3).sum().backward()
        self.assertEqual(m.grad.tolist(), [[0.0, 0.0, 3.0], [0.0, 0.0, 3.0]])


def _numpy_or_skip(tc):
    try:
        import numpy
    except ImportError:
        tc.skipTest("NumPy not installed")
    return numpy


_unused = lp

if __name__ == "__main__":
    unittest.main()
