"""The backward engine and the autograd API: accumulation, shared subgraphs,
retain_graph, errors, deep graphs, hooks, retain_grad, autograd.grad/backward,
and user-defined autograd.Functions."""

from __future__ import annotations

import math
import time
import unittest

import latpy.torch as torch

# Which ops refuse a second backward through a freed graph. PyTorch raises exactly
# for the nodes that saved tensors; tests/oracle/test_torch_engine.py runs this very
# table on PyTorch itself (each entry is f(module, x) -> tensor, raises).
SECOND_BACKWARD = {
    # allowed: the node saved no tensors
    "add": (lambda m, x: x + 1, False), "add_tensors": (lambda m, x: x + x, False),
    "rsub": (lambda m, x: 1 - x, False), "neg": (lambda m, x: -x, False),
    "sum": (lambda m, x: x.sum(), False), "mean": (lambda m, x: x.mean(), False),
    "reshape": (lambda m, x: x.reshape(3, 1), False), "view": (lambda m, x: x.view(1, 3), False),
    "permute": (lambda m, x: x.reshape(1, 3).permute(1, 0), False),
    "T": (lambda m, x: x.reshape(1, 3).T, False), "expand": (lambda m, x: x.expand(2, 3), False),
    "unsqueeze": (lambda m, x: x.unsqueeze(0), False),
    "squeeze": (lambda m, x: x.reshape(1, 3).squeeze(), False),
    "flatten": (lambda m, x: x.reshape(3, 1).flatten(), False),
    "repeat": (lambda m, x: x.repeat(2), False), "getitem_int": (lambda m, x: x[1], False),
    "getitem_slice": (lambda m, x: x[1:], False), "cat": (lambda m, x: m.cat([x, x]), False),
    "stack": (lambda m, x: m.stack([x, x]), False),
    "split": (lambda m, x: x.split(2)[0], False), "chunk": (lambda m, x: x.chunk(2)[1], False),
    "flip": (lambda m, x: x.flip(0), False), "roll": (lambda m, x: x.roll(1), False),
    "cumsum": (lambda m, x: x.cumsum(0), False), "clone": (lambda m, x: x.clone(), False),
    "transpose": (lambda m, x: x.reshape(1, 3).transpose(0, 1), False),
    "movedim": (lambda m, x: x.reshape(1, 3).movedim(0, 1), False),
    "narrow": (lambda m, x: x.narrow(0, 0, 2), False), "sign": (lambda m, x: x.sign(), False),
    "floor": (lambda m, x: x.floor(), False),
    "add_alpha": (lambda m, x: m.add(x, x, alpha=2), False),
    "sub_tensors": (lambda m, x: x - x, False),
    "expand_as": (lambda m, x: x.expand_as(m.ones(2, 3)), False),
    "unbind": (lambda m, x: x.unbind(0)[0], False),
    "detach_add": (lambda m, x: x.detach() + x, False),
    # refused: the node saved tensors
    "mul_scalar": (lambda m, x: x * 2, True), "rmul_scalar": (lambda m, x: 2.0 * x, True),
    "mul": (lambda m, x: x * x, True), "mul_const": (lambda m, x: x * m.ones(3), True),
    "div_scalar": (lambda m, x: x / 2, True), "rdiv": (lambda m, x: 2 / x, True),
    "pow": (lambda m, x: x ** 2, True), "rpow": (lambda m, x: 2 ** x, True),
    "exp": (lambda m, x: x.exp(), True), "log": (lambda m, x: x.log(), True),
    "relu": (lambda m, x: x.relu(), True), "sigmoid": (lambda m, x: x.sigmoid(), True),
    "tanh": (lambda m, x: x.tanh(), True), "sin": (lambda m, x: x.sin(), True),
    "abs": (lambda m, x: x.abs(), True), "sqrt": (lambda m, x: x.sqrt(), True),
    "clamp": (lambda m, x: x.clamp(0, 1), True), "clamp_min": (lambda m, x: x.clamp(min=0), True),
    "maximum": (lambda m, x: m.maximum(x, m.ones(3)), True),
    "where": (lambda m, x: m.where(x > 1, x, 0.0), True),
    "amax": (lambda m, x: x.amax(), True), "max": (lambda m, x: x.max(), True),
    "max_dim": (lambda m, x: x.max(0)[0], True), "amin_dim": (lambda m, x: x.amin(0), True),
    "prod": (lambda m, x: x.prod(), True), "softmax": (lambda m, x: x.softmax(0), True),
    "log_softmax": (lambda m, x: x.log_softmax(0), True),
    "logsumexp": (lambda m, x: x.logsumexp(0), True), "var": (lambda m, x: x.var(), True),
    "norm": (lambda m, x: x.norm(), True), "matmul": (lambda m, x: x @ m.ones(3), True),
    "getitem_list": (lambda m, x: x[[0, 0, 2]], True),
    "getitem_tensor": (lambda m, x: x[m.tensor([0, 1])], True),
    "getitem_mask": (lambda m, x: x[m.tensor([True, False, True])], True),
}


def second_backward_raises(f):
    x = torch.tensor([0.5, 1.5, 2.0], requires_grad=True)
    s = f(torch, x).sum()
    s.backward()
    try:
        s.backward()
    except RuntimeError:
        return True
    return False


class TestAccumulation(unittest.TestCase):
    def test_grads_accumulate_across_backward_calls(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        for k in range(1, 4):
            (x * x).sum().backward()
            self.assertEqual(x.grad.tolist(), [2.0 * k, 4.0 * k])
        x.grad = None
        (x * 3).sum().backward()
        self.assertEqual(x.grad.tolist(), [3.0, 3.0])

    def test_accumulation_does_not_alias_other_grads(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = torch.tensor([1.0, 2.0], requires_grad=True)
        (x + y).sum().backward()  # both receive the same incoming gradient
        (x * 2).sum().backward()
        self.assertEqual(x.grad.tolist(), [3.0, 3.0])
        self.assertEqual(y.grad.tolist(), [1.0, 1.0])

    def test_diamond(self):
        x = torch.tensor([1.5], requires_grad=True)
        a = x * 2
        b = a.exp()
        c = a.sin()
        d = b * c + a
        d.backward()
        v = 3.0
        expected = 2 * (math.exp(v) * math.sin(v) + math.exp(v) * math.cos(v) + 1)
        self.assertAlmostEqual(x.grad.item(), expected, places=10)

    def test_tensor_used_in_two_graphs(self):
        x = torch.tensor([2.0], requires_grad=True)
        y1 = x * x
        y2 = x ** 3
        y1.backward()
        y2.backward()
        self.assertEqual(x.grad.tolist(), [4.0 + 12.0])

    def test_wide_fan_in_and_fan_out(self):
        x = torch.tensor([1.0, -1.0], requires_grad=True)
        parts = [x * float(i) for i in range(50)]
        total = parts[0]
        for p in parts[1:]:
            total = total + p
        (total * total.detach()).sum().backward()
        s = sum(range(50))
        self.assertEqual(x.grad.tolist(), [s * s * 1.0, s * s * -1.0])

    def test_only_leaves_requiring_grad_get_grad(self):
        x = torch.tensor([1.0], requires_grad=True)
        c = torch.tensor([2.0])
        y = x * c
        z = y * 3
        z.backward()
        self.assertIsNone(c.grad)
        self.assertIsNone(y.grad)  # non-leaf without retain_grad
        self.assertEqual(x.grad.tolist(), [6.0])

    def test_backward_on_a_leaf(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.backward(torch.tensor([3.0, 4.0]))
        self.assertEqual(x.grad.tolist(), [3.0, 4.0])
        s = torch.tensor(2.0, requires_grad=True)
        s.backward()
        self.assertEqual(s.grad.tolist(), 1.0)

    def test_integer_index_outputs_do_not_break_backward(self):
        x = torch.tensor([[1.0, 5.0], [7.0, 2.0]], requires_grad=True)
        values, idx = x.max(1)
        (values * 2).sum().backward()
        self.assertEqual(x.grad.tolist(), [[0.0, 2.0], [2.0, 0.0]])
        self.assertEqual(idx.tolist(), [1, 0])


class TestRetainGraph(unittest.TestCase):
    def test_second_backward_table(self):
        for name, (f, raises) in SECOND_BACKWARD.items():
            with self.subTest(op=name):
                self.assertEqual(second_backward_raises(f), raises)

    def test_freed_graph_message(self):
        x = torch.tensor([1.0], requires_grad=True)
        y = (x.exp() * 2).sum()
        y.backward()
        with self.assertRaises(RuntimeError) as cm:
            y.backward()
        self.assertIn("retain_graph=True", str(cm.exception))

    def test_retain_graph_allows_repeats(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = (x.exp() * x).sum()
        y.backward(retain_graph=True)
        first = x.grad.tolist()
        y.backward(retain_graph=True)
        self.assertEqual(x.grad.tolist(), [2 * g for g in first])
        y.backward()  # the last one may free
        self.assertEqual(x.grad.tolist(), [3 * g for g in first])
        with self.assertRaises(RuntimeError):
            y.backward()

    def test_partial_reuse_of_freed_graph(self):
        x = torch.tensor([1.0], requires_grad=True)
        a = x.exp()
        (a * 1.0).sum().backward()  # frees a's node too
        with self.assertRaises(RuntimeError):
            (a + 1).sum().backward()
        b = x + 1  # no saved tensors: reusable
        (b * 2).sum().backward()
        (b * 3).sum().backward()
        self.assertEqual(x.grad.tolist(), [math.exp(1.0) + 5.0])

    def test_autograd_grad_frees_too(self):
        x = torch.tensor([1.0], requires_grad=True)
        y = (x * x).sum()
        torch.autograd.grad(y, x)
        with self.assertRaises(RuntimeError):
            torch.autograd.grad(y, x)
        z = (x * x).sum()
        torch.autograd.grad(z, x, retain_graph=True)
        (g,) = torch.autograd.grad(z, x)
        self.assertEqual(g.tolist(), [2.0])


class TestErrors(unittest.TestCase):
    def test_non_scalar_needs_gradient(self):
        x = torch.ones(2, requires_grad=True)
        with self.assertRaises(RuntimeError):
            (x * 2).backward()
        with self.assertRaises(RuntimeError):
            torch.autograd.grad(x * 2, x)
        (x * 2).backward(torch.tensor([1.0, 3.0]))
        self.assertEqual(x.grad.tolist(), [2.0, 6.0])

    def test_one_element_non_scalar_is_fine(self):
        x = torch.ones(1, 1, requires_grad=True)
        (x * 3).backward()
        self.assertEqual(x.grad.tolist(), [[3.0]])

    def test_gradient_shape_mismatch(self):
        x = torch.ones(2, requires_grad=True)
        with self.assertRaises(RuntimeError) as cm:
            (x * 2).backward(torch.ones(3))
        self.assertIn("(3,)", str(cm.exception))
        with self.assertRaises(RuntimeError):
            (x * 2).backward(torch.ones(1))
        with self.assertRaises(RuntimeError):
            torch.autograd.grad(x * 2, x, grad_outputs=torch.ones(2, 1))

    def test_backward_without_grad(self):
        with self.assertRaises(RuntimeError):
            torch.ones(2).sum().backward()
        x = torch.ones(2, requires_grad=True)
        with torch.no_grad():
            y = (x * 2).sum()
        with self.assertRaises(RuntimeError):
            y.backward()

    def test_autograd_grad_input_errors(self):
        x = torch.ones(2, requires_grad=True)
        with self.assertRaises(RuntimeError):
            torch.autograd.grad((x * 2).sum(), torch.ones(2))
        with self.assertRaises(RuntimeError):
            torch.autograd.grad(torch.ones(1).sum(), x)


class TestDeepGraphs(unittest.TestCase):
    def test_chain_of_100000_ops(self):
        x = torch.tensor([1.0], requires_grad=True)
        start = time.perf_counter()
        y = x
        for _ in range(100_000):
            y = y + 0.5
        y.backward()
        self.assertEqual(x.grad.tolist(), [1.0])
        self.assertEqual(y.item(), 1.0 + 50_000)
        self.assertLess(time.perf_counter() - start, 10.0)

    def test_deep_chain_with_saved_tensors(self):
        x = torch.tensor([0.5], requires_grad=True)
        y = x
        for _ in range(20_000):
            y = y * 1.0
        y.sum().backward()
        self.assertEqual(x.grad.tolist(), [1.0])

    def test_deep_create_graph(self):
        x = torch.tensor([0.3], requires_grad=True)
        y = x
        for _ in range(2_000):
            y = y * 1.0 + 0.0
        y = (y * y).sum()
        (g,) = torch.autograd.grad(y, x, create_graph=True)
        (h,) = torch.autograd.grad(g.sum(), x)
        self.assertAlmostEqual(g.item(), 0.6)
        self.assertAlmostEqual(h.item(), 2.0)


class TestHooks(unittest.TestCase):
    def test_leaf_hook_modifies_grad(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.register_hook(lambda g: g * 10)
        (x * 3).sum().backward()
        self.assertEqual(x.grad.tolist(), [30.0, 30.0])

    def test_leaf_hook_sees_the_total_gradient_once(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        seen = []
        x.register_hook(lambda g: seen.append(g.tolist()))
        x.register_hook(lambda g: g + 1)
        (x * x).sum().backward()  # two paths into x
        self.assertEqual(seen, [[2.0, 4.0]])
        self.assertEqual(x.grad.tolist(), [3.0, 5.0])

    def test_non_leaf_hook_modifies_upstream_grad(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.register_hook(lambda g: g * 3)
        (y * y).sum().backward()
        self.assertEqual(x.grad.tolist(), [24.0, 48.0])

    def test_hook_returning_none_observes(self):
        x = torch.tensor([1.0], requires_grad=True)
        y = x * 2
        seen = []
        y.register_hook(lambda g: seen.append(g.item()))
        (y * 5).sum().backward()
        self.assertEqual(seen, [5.0])
        self.assertEqual(x.grad.tolist(), [10.0])

    def test_hooks_run_in_order(self):
        x = torch.tensor([1.0], requires_grad=True)
        x.register_hook(lambda g: g * 2)
        x.register_hook(lambda g: g + 1)
        x.sum().backward()
        self.assertEqual(x.grad.tolist(), [3.0])

    def test_remove(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        handle = x.register_hook(lambda g: g * 10)
        handle.remove()
        (x * 3).sum().backward()
        self.assertEqual(x.grad.tolist(), [3.0, 3.0])
        y = x * 1.0
        h = y.register_hook(lambda g: g * 0)
        h.remove()
        x.grad = None
        y.sum().backward()
        self.assertEqual(x.grad.tolist(), [1.0, 1.0])

    def test_hook_on_tensor_without_grad_raises(self):
        with self.assertRaises(RuntimeError):
            torch.ones(1).register_hook(lambda g: g)

    def test_hooks_with_autograd_grad(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.register_hook(lambda g: g * 10)
        (g,) = torch.autograd.grad((x * x).sum(), x)
        self.assertEqual(g.tolist(), [20.0, 40.0])
        self.assertIsNone(x.grad)
        y = x * 2
        y.register_hook(lambda g: g * 10)
        (gy,) = torch.autograd.grad((y * y).sum(), y)
        self.assertEqual(gy.tolist(), [40.0, 80.0])

    def test_hooks_with_create_graph(self):
        x = torch.tensor([2.0], requires_grad=True)
        x.register_hook(lambda g: g * 3)
        (x ** 3).sum().backward(create_graph=True)
        self.assertEqual(x.grad.tolist(), [36.0])
        self.assertTrue(x.grad.requires_grad)


class TestRetainGrad(unittest.TestCase):
    def test_retain_grad(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x + 1
        y.retain_grad()
        self.assertTrue(y.retains_grad)
        (y * y).sum().backward()
        self.assertEqual(y.grad.tolist(), [4.0, 6.0])
        (y * y).sum().backward()  # y's own node saved nothing; the Mul node is new
        self.assertEqual(y.grad.tolist(), [8.0, 12.0])
        self.assertEqual(x.grad.tolist(), [8.0, 12.0])

    def test_retain_grad_sees_hooked_grad(self):
        x = torch.tensor([1.0], requires_grad=True)
        y = x * 2
        y.retain_grad()
        y.register_hook(lambda g: g * 3)
        (y * 1.0).sum().backward()
        self.assertEqual(y.grad.tolist(), [3.0])
        self.assertEqual(x.grad.tolist(), [6.0])

    def test_retain_grad_on_leaf_and_errors(self):
        x = torch.tensor([1.0], requires_grad=True)
        x.retain_grad()  # a no-op on leaves
        (x * 2).sum().backward()
        self.assertEqual(x.grad.tolist(), [2.0])
        with self.assertRaises(RuntimeError):
            torch.ones(1).retain_grad()


class TestAutogradGrad(unittest.TestCase):
    def test_basic_and_leaves_untouched(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (g,) = torch.autograd.grad((x ** 2).sum(), x)
        self.assertEqual(g.tolist(), [2.0, 4.0])
        self.assertIsNone(x.grad)
        self.assertFalse(g.requires_grad)

    def test_grad_outputs_and_several_outputs(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        (g,) = torch.autograd.grad(y, x, grad_outputs=torch.tensor([1.0, 10.0]))
        self.assertEqual(g.tolist(), [2.0, 20.0])
        y = x * 2
        (g,) = torch.autograd.grad([y, (x * x).sum()], x,
                                   grad_outputs=[torch.tensor([1.0, 10.0]), None])
        self.assertEqual(g.tolist(), [4.0, 24.0])

    def test_several_inputs_and_allow_unused(self):
        x = torch.tensor([1.0], requires_grad=True)
        w = torch.tensor([3.0], requires_grad=True)
        z = torch.tensor([5.0], requires_grad=True)
        y = (x * w).sum()
        with self.assertRaises(RuntimeError):
            torch.autograd.grad(y, [x, z], retain_graph=True)
        gx, gz = torch.autograd.grad(y, [x, z], allow_unused=True, retain_graph=True)
        self.assertEqual(gx.tolist(), [3.0])
        self.assertIsNone(gz)
        gx, gw, gz = torch.autograd.grad(y, (x, w, z), allow_unused=True,
                                         materialize_grads=True)
        self.assertEqual((gx.tolist(), gw.tolist(), gz.tolist()), ([3.0], [1.0], [0.0]))

    def test_create_graph_higher_orders(self):
        x = torch.tensor([2.0], requires_grad=True)
        y = x ** 4
        (g1,) = torch.autograd.grad(y, x, create_graph=True)
        self.assertTrue(g1.requires_grad)
        (g2,) = torch.autograd.grad(g1, x, create_graph=True)
        (g3,) = torch.autograd.grad(g2, x, create_graph=True)
        (g4,) = torch.autograd.grad(g3, x)
        self.assertEqual([g1.item(), g2.item(), g3.item(), g4.item()],
                         [32.0, 48.0, 48.0, 24.0])

    def test_create_graph_mixed_partials(self):
        x = torch.tensor([1.5], requires_grad=True)
        w = torch.tensor([-0.5], requires_grad=True)
        y = (x * w).sin()
        (gx,) = torch.autograd.grad(y, x, create_graph=True)  # w cos(xw)
        (gxw,) = torch.autograd.grad(gx, w)  # cos(xw) - xw sin(xw)
        p = 1.5 * -0.5
        self.assertAlmostEqual(gxw.item(), math.cos(p) - p * math.sin(p), places=12)

    def test_grad_wrt_non_leaf(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 3
        (gy,) = torch.autograd.grad((y * y).sum(), y)
        self.assertEqual(gy.tolist(), [6.0, 12.0])

    def test_backward_create_graph(self):
        x = torch.tensor([3.0], requires_grad=True)
        (x ** 3).backward(create_graph=True)
        self.assertTrue(x.grad.requires_grad)
        g = x.grad
        x.grad = None
        g.backward()
        self.assertEqual(x.grad.tolist(), [18.0])

    def test_autograd_backward(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        torch.autograd.backward([(x * x).sum(), (x * 3).sum()])
        self.assertEqual(x.grad.tolist(), [5.0, 7.0])
        torch.autograd.backward(x * x, torch.ones(2))
        self.assertEqual(x.grad.tolist(), [7.0, 11.0])
        w = torch.tensor([1.0], requires_grad=True)
        torch.autograd.backward((x * w).sum(), inputs=[w])
        self.assertEqual(w.grad.tolist(), [3.0])
        self.assertEqual(x.grad.tolist(), [7.0, 11.0])  # not an input: untouched


class MulAdd(torch.autograd.Function):
    """(a * b * k, a + b) with a Python-number k."""

    @staticmethod
    def forward(ctx, a, b, k):
        ctx.save_for_backward(a, b)
        ctx.k = k
        return a * b * k, a + b

    @staticmethod
    def backward(ctx, g_prod, g_sum):
        a, b = ctx.saved_tensors
        ga = g_prod * b * ctx.k + g_sum if ctx.needs_input_grad[0] else None
        gb = g_prod * a * ctx.k + g_sum if ctx.needs_input_grad[1] else None
        return ga, gb, None


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x ** 2


class TestFunction(unittest.TestCase):
    def test_multiple_outputs_and_needs_input_grad(self):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = torch.tensor([3.0, 4.0])
        prod, total = MulAdd.apply(a, b, 2.0)
        self.assertEqual(prod.tolist(), [6.0, 16.0])
        self.assertIs(prod.grad_fn, total.grad_fn)
        self.assertEqual(repr(prod.grad_fn).split()[0], "<MulAddBackward")
        self.assertEqual(prod.grad_fn.needs_input_grad, (True, False, False))
        prod.sum().backward(retain_graph=True)  # total's grad arrives as zeros
        self.assertEqual(a.grad.tolist(), [6.0, 8.0])
        self.assertIsNone(b.grad)
        total.sum().backward()
        self.assertEqual(a.grad.tolist(), [7.0, 9.0])

    def test_both_inputs(self):
        a = torch.tensor([1.0, 2.0], requires_grad=True)
        b = torch.tensor([3.0, 4.0], requires_grad=True)
        prod, total = MulAdd.apply(a, b, 2.0)
        (prod.sum() + total.sum() * 2).backward()
        self.assertEqual(a.grad.tolist(), [8.0, 10.0])
        self.assertEqual(b.grad.tolist(), [4.0, 6.0])

    def test_no_grad_inputs_give_plain_outputs(self):
        prod, total = MulAdd.apply(torch.ones(2), torch.ones(2), 1.0)
        self.assertFalse(prod.requires_grad)
        self.assertIsNone(prod.grad_fn)
        with torch.no_grad():
            out = Cube.apply(torch.ones(1, requires_grad=True))
        self.assertFalse(out.requires_grad)

    def test_second_order_through_a_function(self):
        x = torch.tensor([2.0], requires_grad=True)
        (g,) = torch.autograd.grad(Cube.apply(x), x, create_graph=True)
        (h,) = torch.autograd.grad(g, x)
        self.assertEqual((g.item(), h.item()), (12.0, 12.0))

    def test_wrong_number_of_grads(self):
        class Wrong(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g, g

        with self.assertRaises(RuntimeError):
            Wrong.apply(torch.ones(1, requires_grad=True)).sum().backward()

    def test_returning_an_input_and_non_differentiable_outputs(self):
        class Ident(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x

            @staticmethod
            def backward(ctx, g):
                return g * 3

        x = torch.ones(2, requires_grad=True)
        y = Ident.apply(x)
        self.assertIsNot(y, x)
        self.assertIsNotNone(y.grad_fn)
        y.sum().backward()
        self.assertEqual(x.grad.tolist(), [3.0, 3.0])

        class ArgMax(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                i = x.argmax()
                ctx.mark_non_differentiable(i)
                ctx.save_for_backward(i)
                ctx.n = x.shape
                return x.max(), i

            @staticmethod
            def backward(ctx, g, g_index):
                (i,) = ctx.saved_tensors
                out = torch.zeros(ctx.n)
                out[i] = g
                return out

        x = torch.tensor([1.0, 5.0, 2.0], requires_grad=True)
        v, i = ArgMax.apply(x)
        self.assertFalse(i.requires_grad)
        v.backward()
        self.assertEqual(x.grad.tolist(), [0.0, 1.0, 0.0])

    def test_saved_tensors_freed_after_backward(self):
        x = torch.ones(1, requires_grad=True)
        y = Cube.apply(x)
        y.backward()
        with self.assertRaises(RuntimeError):
            y.grad_fn.saved_tensors
        with self.assertRaises(RuntimeError):
            y.backward()
        z = Cube.apply(x)
        z.backward(retain_graph=True)
        z.backward()
        self.assertEqual(x.grad.tolist(), [9.0])

    def test_materialize_grads_off(self):
        seen = []

        class Two(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.set_materialize_grads(False)
                return x * 2, x * 3

            @staticmethod
            def backward(ctx, g1, g2):
                seen.append(g2)
                return g1 * 2

        x = torch.ones(1, requires_grad=True)
        a, _ = Two.apply(x)
        a.sum().backward()
        self.assertEqual(seen, [None])
        self.assertEqual(x.grad.tolist(), [2.0])

    def test_function_in_a_larger_graph(self):
        x = torch.tensor([0.5, -1.0], requires_grad=True)
        y = Cube.apply(x.sin()) * x
        y.sum().backward()
        expected = [3 * math.sin(v) ** 2 * math.cos(v) * v + math.sin(v) ** 3
                    for v in (0.5, -1.0)]
        for a, e in zip(x.grad.tolist(), expected):
            self.assertAlmostEqual(a, e, places=12)


class TestAnomaly(unittest.TestCase):
    def test_detect_anomaly_names_the_op(self):
        x = torch.tensor([-1.0], requires_grad=True)
        with torch.autograd.detect_anomaly():
            y = torch.sqrt(x * 0.0)  # 0 * (1 / 0) in backward -> nan
            with self.assertRaises(RuntimeError) as cm:
                (y * 0.0).sum().backward()
        self.assertIn("nan", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
