"""The Tensor object: construction, dtypes, attributes, conversion, repr, in-place rules.

Also the founding examples of the autograd issue, exactly as written there.
"""

from __future__ import annotations

import copy
import math
import sys
import unittest

import latpy as lp
import latpy.torch as torch
from latpy.torch import Tensor


class TestFoundingExamples(unittest.TestCase):
    def test_add_mul(self):
        from latpy.torch import tensor, add, mul
        x = tensor([3.0], requires_grad=True)
        z = add(mul(x, x), x)
        z.backward()
        self.assertEqual(x.grad.tolist(), [7.0])

    def test_sin_pow(self):
        from latpy.torch import tensor, pow, sin
        x = tensor([2.0], requires_grad=True)
        sin(pow(x, 2.0)).backward()
        self.assertEqual(x.grad.tolist(), [math.cos(4.0) * 4.0])
        self.assertAlmostEqual(x.grad.tolist()[0], -2.614574483454448, places=12)

    def test_sgd_loop(self):
        from latpy.torch import tensor, pow, SGD
        x = tensor([5.0], requires_grad=True)
        opt = SGD([x], lr=0.1)
        for _ in range(50):
            loss = pow(x, 2.0)
            loss.backward()
            opt.step()
            opt.zero_grad()
        self.assertAlmostEqual(x.tolist()[0], 0.0, places=3)
        self.assertAlmostEqual(x.tolist()[0], 5.0 * 0.8 ** 50, places=12)

    def test_exported_names(self):
        for name in ["Tensor", "tensor", "zeros_like", "add", "mul", "sub", "div", "neg", "pow",
                     "sin", "cos", "exp", "log", "sum", "mean", "matmul", "SGD"]:
            self.assertTrue(hasattr(torch, name), name)

    def test_free_functions_accept_numbers_and_arrays(self):
        for f in (torch.add, torch.mul, torch.sub, torch.div, torch.pow):
            out = f(lp.array([1.0, 2.0]), 3.0)
            self.assertIsInstance(out, Tensor)
        self.assertIsInstance(torch.exp(2.0), Tensor)
        self.assertAlmostEqual(torch.sin(lp.array([0.5])).item(), math.sin(0.5))
        self.assertEqual(torch.add(1.0, torch.tensor([1.0])).tolist(), [2.0])


class TestConstruction(unittest.TestCase):
    def test_dtype_inference(self):
        self.assertEqual(torch.tensor([0, 2, 1]).dtype, torch.int64)
        self.assertEqual(torch.tensor([1.0]).dtype, torch.float64)
        self.assertEqual(torch.tensor([1, 2.0]).dtype, torch.float64)
        self.assertEqual(torch.tensor([True, False]).dtype, torch.bool)
        self.assertEqual(torch.tensor(3).dtype, torch.int64)
        self.assertEqual(torch.tensor(2.5).dtype, torch.float64)
        self.assertEqual(torch.tensor([]).dtype, torch.float64)
        self.assertEqual(str(torch.tensor([1.0]).dtype), "torch.float64")
        self.assertEqual(torch.tensor([1, 2], dtype=torch.float64).tolist(), [1.0, 2.0])
        self.assertEqual(torch.tensor([1.7], dtype=torch.int64).tolist(), [1])
        self.assertEqual(torch.zeros(2).dtype, torch.float64)
        self.assertEqual(torch.arange(3).dtype, torch.int64)
        self.assertEqual(torch.full((2,), 7).dtype, torch.int64)

    def test_shapes(self):
        self.assertEqual(tuple(torch.tensor([]).shape), (0,))
        self.assertEqual(tuple(torch.tensor(1.0).shape), ())
        self.assertEqual(torch.zeros(2, 3).shape, torch.Size([2, 3]))
        self.assertEqual(torch.zeros((2, 3)).shape, (2, 3))
        self.assertEqual(torch.ones([4]).shape, (4,))
        self.assertEqual(torch.zeros(torch.Size([1, 2])).shape, (1, 2))
        self.assertEqual(repr(torch.zeros(2, 3).shape), "torch.Size([2, 3])")

    def test_only_float_tensors_require_grad(self):
        with self.assertRaises(RuntimeError):
            torch.tensor([1, 2], requires_grad=True)
        with self.assertRaises(RuntimeError):
            torch.tensor([True], requires_grad=True)
        with self.assertRaises(RuntimeError):
            torch.tensor([1, 2]).requires_grad_()
        with self.assertRaises(RuntimeError):
            torch.zeros(2, dtype=torch.int64, requires_grad=True)
        t = torch.tensor([1, 2], dtype=torch.float64, requires_grad=True)
        self.assertTrue(t.requires_grad)

    def test_tensor_copies_but_as_tensor_shares(self):
        a = lp.array([1.0, 2.0])
        t = torch.tensor(a)
        a[0] = 9.0
        self.assertEqual(t.tolist(), [1.0, 2.0])
        s = torch.as_tensor(a)
        self.assertIs(s.data, a)
        u = torch.tensor(t)
        self.assertIsNot(u.data, t.data)

    def test_from_tensors_in_a_list(self):
        self.assertEqual(torch.tensor([torch.tensor(1.0), torch.tensor(2.0)]).tolist(),
                         [1.0, 2.0])

    def test_creation_functions(self):
        torch.manual_seed(0)
        a = torch.rand(2, 3)
        torch.manual_seed(0)
        self.assertTrue(torch.equal(a, torch.rand(2, 3)))
        self.assertTrue(bool(((a >= 0) & (a < 1)).all()))
        self.assertEqual(torch.eye(2).tolist(), [[1.0, 0.0], [0.0, 1.0]])
        self.assertEqual(torch.linspace(0, 1, 3).tolist(), [0.0, 0.5, 1.0])
        self.assertEqual(torch.full((2,), 1.5).tolist(), [1.5, 1.5])
        self.assertEqual(torch.zeros_like(torch.ones(2, dtype=torch.int64)).dtype, torch.int64)
        self.assertEqual(torch.ones_like(torch.zeros(2)).tolist(), [1.0, 1.0])
        self.assertTrue(torch.randn(3, requires_grad=True).requires_grad)
        self.assertEqual(torch.randint(0, 10, (5,)).dtype, torch.int64)
        self.assertFalse(torch.zeros_like(torch.ones(2, requires_grad=True)).requires_grad)


class TestAttributes(unittest.TestCase):
    def test_shape_size_dims(self):
        x = torch.zeros(2, 3)
        self.assertEqual(x.size(), (2, 3))
        self.assertEqual(x.size(1), 3)
        self.assertEqual(x.size(-2), 2)
        self.assertEqual((x.ndim, x.dim()), (2, 2))
        self.assertEqual(x.numel(), 6)
        with self.assertRaises(IndexError):
            x.size(2)

    def test_device_and_to(self):
        x = torch.ones(2)
        self.assertEqual(str(x.device), "cpu")
        self.assertIs(x.to("cpu"), x)
        self.assertIs(x.cpu(), x)
        with self.assertRaises(RuntimeError):
            x.to("cuda")
        self.assertEqual(torch.tensor([1]).to(torch.float64).dtype, torch.float64)

    def test_T(self):
        x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        self.assertEqual(x.T.tolist(), [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]])

    def test_is_leaf_and_grad_fn(self):
        a = torch.ones(1)
        b = torch.ones(1, requires_grad=True)
        c = b * 2
        d = a * 2
        self.assertTrue(a.is_leaf and b.is_leaf and d.is_leaf)
        self.assertFalse(c.is_leaf)
        self.assertIsNone(b.grad_fn)
        self.assertIsNotNone(c.grad_fn)
        self.assertEqual(c.grad_fn.name(), "MulBackward0")
        self.assertIsNone(d.grad_fn)
        self.assertFalse(d.requires_grad)
        with self.assertRaises(RuntimeError):
            c.requires_grad_(False)

    def test_data_is_an_ndarray_and_grad_a_tensor(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        self.assertIsInstance(x.data, lp.NDArray)
        (x * x).sum().backward()
        self.assertIsInstance(x.grad, Tensor)
        self.assertIsInstance(x.grad.data, lp.NDArray)
        self.assertEqual(x.grad.tolist(), [2.0, 4.0])
        self.assertFalse(x.grad.requires_grad)

    def test_data_update_idiom(self):
        p = torch.tensor([1.0, 2.0], requires_grad=True)
        (p * p).sum().backward()
        lr = 0.1
        p.data -= lr * p.grad
        self.assertIsInstance(p.data, lp.NDArray)
        self.assertEqual(p.tolist(), [1.0 - 0.2, 2.0 - 0.4])
        self.assertTrue(p.requires_grad and p.is_leaf)
        p.data = p.data - lr * p.grad.data
        self.assertIsInstance(p.data, lp.NDArray)

    def test_label(self):
        self.assertIsNone(torch.ones(1).label)
        w = Tensor([1.0], label="w")
        self.assertEqual(w.label, "w")
        y = torch.ones(1)
        y.label = "y"
        self.assertEqual(y.label, "y")
        self.assertEqual(y.detach().label, "y")


class TestConversion(unittest.TestCase):
    def test_item_tolist(self):
        self.assertEqual(torch.tensor([[2.5]]).item(), 2.5)
        self.assertIsInstance(torch.tensor([3]).item(), int)
        self.assertIsInstance(torch.tensor(True).item(), bool)
        with self.assertRaises(RuntimeError):
            torch.tensor([1.0, 2.0]).item()
        self.assertEqual(torch.tensor(2.5).tolist(), 2.5)
        self.assertEqual(torch.tensor([[1, 2]]).tolist(), [[1, 2]])

    def test_python_conversions(self):
        self.assertEqual(float(torch.tensor([2.5])), 2.5)
        self.assertEqual(int(torch.tensor([2.5])), 2)
        self.assertEqual([10, 20, 30][torch.tensor(1)], 20)
        with self.assertRaises(TypeError):
            [10, 20][torch.tensor(1.0)]
        with self.assertRaises(RuntimeError):
            bool(torch.ones(2))
        self.assertTrue(bool(torch.ones(1)))
        with self.assertRaises(TypeError):
            len(torch.tensor(1.0))
        self.assertEqual(len(torch.zeros(3, 2)), 3)
        self.assertEqual([t.tolist() for t in torch.tensor([[1, 2], [3, 4]])],
                         [[1, 2], [3, 4]])
        self.assertEqual(f"{torch.tensor(2.5):.2f}", "2.50")

    def test_numpy(self):
        try:
            import numpy
        except ImportError:
            numpy = None
        x = torch.tensor([[1.0, 2.0]])
        if numpy is not None:
            a = x.numpy()
            self.assertIsInstance(a, numpy.ndarray)
            self.assertEqual(a.tolist(), [[1.0, 2.0]])
            self.assertEqual(str(torch.tensor([1, 2]).numpy().dtype), "int64")
        with self.assertRaises(RuntimeError):
            torch.ones(1, requires_grad=True).numpy()

    def test_numpy_missing_gives_clear_import_error(self):
        saved = sys.modules.get("numpy", "absent")
        sys.modules["numpy"] = None  # makes `import numpy` raise ImportError
        try:
            with self.assertRaises(ImportError) as cm:
                torch.ones(2).numpy()
            self.assertIn("NumPy", str(cm.exception))
        finally:
            if saved == "absent":
                del sys.modules["numpy"]
            else:
                sys.modules["numpy"] = saved

    def test_latpy_torch_does_not_import_numpy(self):
        import subprocess
        code = ("import sys; sys.modules['numpy'] = None; import latpy.torch as t; "
                "x = t.tensor([1.0], requires_grad=True); (x * x).sum().backward(); "
                "print(x.grad.tolist())")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(out.stdout.strip(), "[2.0]", out.stderr)


class TestDetachCloneInPlace(unittest.TestCase):
    def test_detach_shares_data(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        d = x.detach()
        self.assertFalse(d.requires_grad)
        self.assertTrue(d.is_leaf)
        d.zero_()
        self.assertEqual(x.tolist(), [0.0, 0.0])

    def test_clone_is_a_differentiable_copy(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        c = x.clone()
        self.assertTrue(c.requires_grad)
        self.assertFalse(c.is_leaf)
        c.data[0] = 5.0
        self.assertEqual(x.tolist(), [1.0, 2.0])
        (c * 3).sum().backward()
        self.assertEqual(x.grad.tolist(), [3.0, 3.0])
        n = torch.ones(2).clone()
        self.assertTrue(n.is_leaf)
        self.assertFalse(n.requires_grad)

    def test_zero_and_fill(self):
        self.assertEqual(torch.ones(2).zero_().tolist(), [0.0, 0.0])
        self.assertEqual(torch.ones(2).fill_(3).tolist(), [3.0, 3.0])
        with self.assertRaises(RuntimeError):
            torch.ones(2, requires_grad=True).zero_()
        x = torch.ones(2, requires_grad=True)
        with torch.no_grad():
            x.zero_()
            x.add_(2.0)
            x.mul_(3.0)
        self.assertEqual(x.tolist(), [6.0, 6.0])

    def test_in_place_on_leaf_requiring_grad_raises(self):
        x = torch.ones(2, requires_grad=True)
        for f in (lambda: x.add_(1), lambda: x.mul_(2), lambda: x.exp_(),
                  lambda: x.__setitem__(0, 1.0)):
            with self.assertRaises(RuntimeError):
                f()

    def test_in_place_on_non_leaf_is_recorded(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.add_(1)
        y.mul_(x)
        y.sum().backward()
        self.assertEqual(x.grad.tolist(), [4 * 1.0 + 1, 4 * 2.0 + 1])
        z = torch.tensor([1.0, 2.0], requires_grad=True)
        w = z * 1.0
        w[0] = 5.0
        (w * w).sum().backward()
        self.assertEqual(z.grad.tolist(), [0.0, 4.0])

    def test_in_place_dtype_rules(self):
        i = torch.tensor([1, 2])
        i += 1
        self.assertEqual((i.tolist(), i.dtype), ([2, 3], torch.int64))
        with self.assertRaises(RuntimeError):
            i += 1.5
        f = torch.tensor([1.0])
        f += torch.tensor([2])
        self.assertEqual(f.tolist(), [3.0])

    def test_deepcopy(self):
        x = torch.tensor([1.0], requires_grad=True)
        y = copy.deepcopy(x)
        self.assertTrue(y.requires_grad)
        self.assertIsNot(y.data, x.data)
        with self.assertRaises(RuntimeError):
            copy.deepcopy(x * 2)


class TestRepr(unittest.TestCase):
    def test_like_pytorch(self):
        cases = [
            (torch.tensor([1.0, 2.5]), "tensor([1.0000, 2.5000])"),
            (torch.tensor([1.0, 2.0]), "tensor([1., 2.])"),
            (torch.tensor([[1.0, 2.0], [3.0, 4.0]]), "tensor([[1., 2.],\n        [3., 4.]])"),
            (torch.tensor(2.5), "tensor(2.5000)"),
            (torch.tensor([1, 2, 3]), "tensor([1, 2, 3])"),
            (torch.tensor([True, False]), "tensor([ True, False])"),
            (torch.tensor([]), "tensor([])"),
            (torch.tensor([[]]), "tensor([], size=(1, 0))"),
            (torch.zeros(0, dtype=torch.int64), "tensor([], dtype=torch.int64)"),
            (torch.tensor([0.1, 0.25, 123.456]), "tensor([1.0000e-01, 2.5000e-01, 1.2346e+02])"),
            (torch.tensor([1e-5, 1.0]), "tensor([1.0000e-05, 1.0000e+00])"),
            (torch.tensor([100000000.0]), "tensor([100000000.])"),
            (torch.tensor([float("nan"), 1.0, float("inf")]), "tensor([nan, 1., inf])"),
            (torch.tensor([-0.5, 1.25]), "tensor([-0.5000,  1.2500])"),
        ]
        for t, text in cases:
            self.assertEqual(repr(t), text)
            self.assertEqual(str(t), text)

    def test_grad_notes(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        self.assertEqual(repr(x), "tensor([1., 2.], requires_grad=True)")
        self.assertEqual(repr(x * 2), "tensor([2., 4.], grad_fn=<MulBackward0>)")
        self.assertEqual(repr(x.sum()), "tensor(3., grad_fn=<SumBackward0>)")
        self.assertEqual(repr(x.mean()), "tensor(1.5000, grad_fn=<MeanBackward0>)")
        self.assertEqual(repr(x + 1), "tensor([2., 3.], grad_fn=<AddBackward0>)")
        self.assertEqual(repr(x.exp().detach()), "tensor([2.7183, 7.3891])")

    def test_long_rows_wrap_and_big_tensors_summarize(self):
        text = repr(torch.arange(30.0))
        self.assertTrue(text.startswith("tensor([ 0.,  1.,  2.,"))
        self.assertIn(",\n        ", text)
        self.assertTrue(all(len(line) <= 80 for line in text.split("\n")))
        big = repr(torch.arange(2000))
        self.assertEqual(big, "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])")
        self.assertIn("...", repr(torch.zeros(50, 50)))


if __name__ == "__main__":
    unittest.main()
