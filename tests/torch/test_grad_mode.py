"""Grad mode: no_grad, enable_grad, set_grad_enabled, inference_mode, is_grad_enabled --
as context managers, as decorators (bare and called), nested, and thread-local."""

from __future__ import annotations

import threading
import unittest

import latpy.torch as torch


def _records(x):
    return (x * 2).requires_grad


class TestContextManagers(unittest.TestCase):
    def setUp(self):
        self.x = torch.ones(2, requires_grad=True)

    def tearDown(self):
        self.assertTrue(torch.is_grad_enabled())

    def test_no_grad(self):
        self.assertTrue(torch.is_grad_enabled())
        with torch.no_grad():
            self.assertFalse(torch.is_grad_enabled())
            y = self.x * 2
            self.assertFalse(y.requires_grad)
            self.assertIsNone(y.grad_fn)
        self.assertTrue(_records(self.x))

    def test_enable_grad_inside_no_grad(self):
        with torch.no_grad():
            with torch.enable_grad():
                self.assertTrue(torch.is_grad_enabled())
                self.assertTrue(_records(self.x))
            self.assertFalse(torch.is_grad_enabled())

    def test_set_grad_enabled(self):
        with torch.set_grad_enabled(False):
            self.assertFalse(_records(self.x))
            with torch.set_grad_enabled(True):
                self.assertTrue(_records(self.x))
            self.assertFalse(torch.is_grad_enabled())
        torch.set_grad_enabled(False)  # as a plain call it takes effect at once
        try:
            self.assertFalse(torch.is_grad_enabled())
        finally:
            torch.set_grad_enabled(True)

    def test_inference_mode(self):
        with torch.inference_mode():
            self.assertFalse(torch.is_grad_enabled())
            self.assertFalse(_records(self.x))
        with torch.inference_mode(False):
            self.assertTrue(torch.is_grad_enabled())

    def test_restored_after_exception(self):
        with self.assertRaises(ValueError):
            with torch.no_grad():
                raise ValueError("boom")
        self.assertTrue(torch.is_grad_enabled())

    def test_reusable_and_nestable_instance(self):
        ctx = torch.no_grad()
        with ctx:
            with ctx:
                self.assertFalse(torch.is_grad_enabled())
            self.assertFalse(torch.is_grad_enabled())
        with ctx:
            self.assertFalse(torch.is_grad_enabled())

    def test_autograd_namespace_aliases(self):
        with torch.autograd.no_grad():
            self.assertFalse(torch.autograd.is_grad_enabled())

    def test_ops_in_no_grad_do_not_build_graph_but_compute(self):
        w = torch.tensor([3.0], requires_grad=True)
        with torch.no_grad():
            y = (w * w).exp().sum()
        self.assertFalse(y.requires_grad)
        self.assertAlmostEqual(y.item(), 8103.083927575384, places=6)
        with self.assertRaises(RuntimeError):
            y.backward()

    def test_backward_works_inside_no_grad(self):
        x = torch.tensor([2.0], requires_grad=True)
        y = x * x
        with torch.no_grad():
            y.backward()
        self.assertEqual(x.grad.tolist(), [4.0])


class TestDecorators(unittest.TestCase):
    def test_no_grad_bare_and_called(self):
        @torch.no_grad
        def bare(x):
            return _records(x)

        @torch.no_grad()
        def called(x):
            return _records(x)

        x = torch.ones(1, requires_grad=True)
        self.assertFalse(bare(x))
        self.assertFalse(called(x))
        self.assertTrue(torch.is_grad_enabled())
        self.assertEqual(bare.__name__, "bare")

    def test_enable_grad_decorator_inside_no_grad(self):
        @torch.enable_grad()
        def f(x):
            return _records(x)

        x = torch.ones(1, requires_grad=True)
        with torch.no_grad():
            self.assertTrue(f(x))
            self.assertFalse(torch.is_grad_enabled())

    def test_set_grad_enabled_decorator_changes_nothing_until_called(self):
        @torch.set_grad_enabled(False)
        def f(x):
            return _records(x)

        self.assertTrue(torch.is_grad_enabled())
        x = torch.ones(1, requires_grad=True)
        self.assertFalse(f(x))
        self.assertTrue(torch.is_grad_enabled())

    def test_inference_mode_decorators(self):
        @torch.inference_mode
        def bare(x):
            return _records(x)

        @torch.inference_mode()
        def called(x):
            return _records(x)

        x = torch.ones(1, requires_grad=True)
        self.assertFalse(bare(x))
        self.assertFalse(called(x))
        self.assertTrue(torch.is_grad_enabled())

    def test_decorated_function_restores_on_exception(self):
        @torch.no_grad()
        def boom():
            raise KeyError("x")

        with self.assertRaises(KeyError):
            boom()
        self.assertTrue(torch.is_grad_enabled())

    def test_decorated_method_and_arguments(self):
        class Model:
            @torch.no_grad()
            def predict(self, x, scale=1.0):
                return x * scale

        y = Model().predict(torch.ones(2, requires_grad=True), scale=3.0)
        self.assertEqual(y.tolist(), [3.0, 3.0])
        self.assertFalse(y.requires_grad)


class TestThreadLocal(unittest.TestCase):
    def test_one_threads_no_grad_does_not_affect_another(self):
        seen = {}
        inside = threading.Event()
        checked = threading.Event()
        x = torch.ones(1, requires_grad=True)

        def worker_a():
            with torch.no_grad():
                inside.set()
                checked.wait(5)
                seen["a"] = (torch.is_grad_enabled(), _records(x))

        def worker_b():
            inside.wait(5)
            seen["b"] = (torch.is_grad_enabled(), _records(x))
            checked.set()

        threads = [threading.Thread(target=worker_a), threading.Thread(target=worker_b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        self.assertEqual(seen, {"a": (False, False), "b": (True, True)})
        self.assertTrue(torch.is_grad_enabled())

    def test_new_threads_start_enabled_even_from_no_grad(self):
        seen = []
        with torch.no_grad():
            t = threading.Thread(target=lambda: seen.append(torch.is_grad_enabled()))
            t.start()
            t.join(10)
            self.assertFalse(torch.is_grad_enabled())
        self.assertEqual(seen, [True])


if __name__ == "__main__":
    unittest.main()
