"""latpy.torch's engine and autograd API cross-checked against PyTorch (CPU, float64).

- which second backward through a freed graph raises (the table of
  tests/torch/test_engine.py, run on PyTorch itself);
- random computation graphs (shared subexpressions, diamonds, fan-in/out,
  broadcasting) on several leaves: values, grads, second derivatives;
- hooks, retain_grad, autograd.grad / backward options, user Functions;
- the error classes for the documented misuse;
- SGD trajectories against torch.optim.SGD.

Skipped when PyTorch is not importable.
"""

from __future__ import annotations

import itertools
import math
import os
import random
import unittest
import warnings

try:
    import torch as T
except ImportError:  # pragma: no cover - the oracle needs PyTorch
    T = None

import latpy.torch as L
from tests.torch.test_engine import SECOND_BACKWARD

SEED = int(os.environ.get("LATPY_ORACLE_SEED", "0"))


def _rng(n):
    return random.Random(SEED * 1000 + n)


def _flat(value):
    if isinstance(value, list):
        return [v for item in value for v in _flat(item)]
    return [value]


def _outcome(fn):
    """The value fn returns (lists of floats) or the class of what it raises."""
    try:
        return ("ok", fn())
    except (RuntimeError, ValueError, TypeError, IndexError) as e:
        return ("raises", type(e).__name__)


class OracleCase(unittest.TestCase):
    def setUp(self):
        warnings.simplefilter("ignore")
        self._default = T.get_default_dtype()
        T.set_default_dtype(T.float64)

    def tearDown(self):
        T.set_default_dtype(self._default)

    def assertClose(self, actual, expected, what="", rtol=1e-9, atol=1e-10):
        actual, expected = _flat(actual), _flat(expected)
        self.assertEqual(len(actual), len(expected), what)
        for a, e in zip(actual, expected):
            if isinstance(e, float) and math.isnan(e):
                self.assertTrue(math.isnan(a), f"{what}: {actual} vs {expected}")
            elif isinstance(e, float) and math.isinf(e):
                self.assertEqual(a, e, f"{what}: {actual} vs {expected}")
            else:
                self.assertTrue(abs(a - e) <= atol + rtol * abs(e),
                                f"{what}: {actual} vs {expected}")

    def assertSame(self, scenario):
        """Run scenario(module) on latpy and PyTorch: same results or same error class."""
        la, to = _outcome(lambda: scenario(L)), _outcome(lambda: scenario(T))
        self.assertEqual(la[0], to[0], f"latpy {la} vs torch {to}")
        if la[0] == "raises":
            self.assertEqual(la[1], to[1])
        else:
            self.assertClose(la[1], to[1], f"latpy {la[1]} vs torch {to[1]}")


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestRetainGraphVsTorch(OracleCase):
    @staticmethod
    def _second_backward(m, f):
        x = m.tensor([0.5, 1.5, 2.0], requires_grad=True)
        s = f(m, x).sum()
        s.backward()
        try:
            s.backward()
        except RuntimeError:
            return True
        return False

    def test_second_backward_table_is_pytorchs(self):
        for name, (f, raises) in SECOND_BACKWARD.items():
            with self.subTest(op=name):
                self.assertEqual(self._second_backward(T, f), raises, "table entry vs torch")
                self.assertEqual(self._second_backward(L, f), raises, "latpy vs table")

    def test_retained_then_freed(self):
        def scenario(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            y = (x.exp() * x).sum()
            y.backward(retain_graph=True)
            y.backward()
            out = [x.grad.tolist()]
            try:
                y.backward()
            except RuntimeError:
                out.append("raised")
            return out[0] + [len(out)]
        self.assertSame(scenario)

    def test_freed_subgraph_shared_by_a_new_graph(self):
        def scenario(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            a = x * 3 + 1          # AddBackward saves nothing, MulBackward does
            (a * a).sum().backward()
            (a + 1).sum().backward()
            return x.grad.tolist()
        self.assertSame(scenario)


# ------------------------------------------------------------------ random graphs
_UNARY = [("exp", lambda t: (t * 0.5).exp()), ("tanh", lambda t: t.tanh()),
          ("sin", lambda t: t.sin()), ("square", lambda t: t * t),
          ("sigmoid", lambda t: t.sigmoid()), ("softplus", lambda t: (t.exp() + 1).log()),
          ("scale", lambda t: t * 1.5 - 0.25), ("neg", lambda t: -t),
          ("sum_keep", lambda t: t.sum(-1, keepdim=True) if t.dim() else t),
          ("mean0", lambda t: t.mean(0, keepdim=True) if t.dim() else t),
          ("flip", lambda t: t.flip(-1) if t.dim() else t),
          ("softmax", lambda t: t.softmax(-1) if t.dim() else t),
          ("cumsum", lambda t: t.cumsum(-1) if t.dim() else t)]
_BINARY = [("add", lambda a, b: a + b), ("sub", lambda a, b: a - b),
           ("mul", lambda a, b: a * b), ("div", lambda a, b: a / (b * b + 1.0)),
           ("max", lambda a, b: a + 0.5 * (b - a).relu())]


def _random_program(rng, n_leaves, n_ops):
    """A random DAG as a list of steps over a growing pool of values."""
    steps = []
    pool = n_leaves
    for _ in range(n_ops):
        if rng.random() < 0.5:
            steps.append(("u", rng.randrange(len(_UNARY)), rng.randrange(pool)))
        else:
            steps.append(("b", rng.randrange(len(_BINARY)), rng.randrange(pool),
                          rng.randrange(pool)))
        pool += 1
    outputs = rng.sample(range(pool), min(3, pool))
    return steps, outputs


def _execute(steps, outputs, leaves):
    values = list(leaves)
    for step in steps:
        if step[0] == "u":
            values.append(_UNARY[step[1]][1](values[step[2]]))
        else:
            values.append(_BINARY[step[1]][1](values[step[2]], values[step[3]]))
    total = 0.0
    for i in outputs:
        total = values[i].sum() * (1.0 + i) + total
    return total


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestRandomGraphsVsTorch(OracleCase):
    SHAPES = [(), (3,), (2, 3), (1, 3), (2, 1)]

    def test_random_graphs(self):
        rng = _rng(1)
        for case in range(150):
            shapes = [rng.choice(self.SHAPES) for _ in range(rng.randint(1, 3))]
            data = [[rng.uniform(-1.5, 1.5) for _ in range(math.prod(s))] for s in shapes]
            steps, outputs = _random_program(rng, len(shapes), rng.randint(1, 12))
            with self.subTest(case=case, shapes=shapes, steps=steps):
                tl = [T.tensor(d, dtype=T.float64).reshape(s).requires_grad_()
                      for d, s in zip(data, shapes)]
                ll = [L.tensor(d).reshape(s).detach().requires_grad_()
                      for d, s in zip(data, shapes)]
                try:
                    tout = _execute(steps, outputs, tl)
                except RuntimeError:
                    continue  # shapes that do not broadcast: not a graph test
                lout = _execute(steps, outputs, ll)
                if not isinstance(tout, T.Tensor) or not tout.requires_grad:
                    continue
                self.assertClose(lout.item(), tout.item(), "value")
                create = case % 3 == 0
                tg = T.autograd.grad(tout, tl, create_graph=create, allow_unused=True)
                lg = L.autograd.grad(lout, ll, create_graph=create, allow_unused=True)
                for a, b in zip(lg, tg):
                    if b is None:
                        self.assertIsNone(a)
                        continue
                    self.assertClose(a.tolist(), b.tolist(), "grad", 1e-8, 1e-9)
                if not create:
                    continue
                tsum = sum((g * g).sum() for g in tg if g is not None)
                lsum = sum((g * g).sum() for g in lg if g is not None)
                if not (isinstance(tsum, T.Tensor) and tsum.requires_grad):
                    continue
                th = T.autograd.grad(tsum, tl, allow_unused=True)
                if not (isinstance(lsum, L.Tensor) and lsum.requires_grad):
                    for h in th:  # latpy's gradient is constant: PyTorch's Hessian is 0
                        self.assertTrue(h is None or not h.abs().sum().item())
                    continue
                lh = L.autograd.grad(lsum, ll, allow_unused=True)
                for a, b in zip(lh, th):
                    if b is None or a is None:
                        other = a if b is None else b
                        self.assertTrue(other is None or not any(_flat(other.tolist())))
                        continue
                    self.assertClose(a.tolist(), b.tolist(), "2nd order", 1e-7, 1e-8)

    def test_backward_accumulates_like_torch(self):
        rng = _rng(2)
        for case in range(40):
            steps, outputs = _random_program(rng, 2, rng.randint(1, 8))
            data = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(2)]
            with self.subTest(case=case):
                def scenario(m):
                    xs = [m.tensor(d, requires_grad=True) for d in data]
                    for _ in range(2):
                        out = _execute(steps, outputs, xs)
                        if isinstance(out, float) or not out.requires_grad:
                            return [0.0]
                        out.backward()
                    return [x.grad.tolist() if x.grad is not None else [0.0] * 3
                            for x in xs]
                self.assertSame(scenario)


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestHooksVsTorch(OracleCase):
    def test_scenarios(self):
        def leaf_hooks(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            seen = []
            x.register_hook(lambda g: seen.append(g.tolist()))
            x.register_hook(lambda g: g * 3)
            x.register_hook(lambda g: g + 1)
            (x * x + x.exp()).sum().backward()
            return seen + [x.grad.tolist()]

        def non_leaf_hooks(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            y = x.sin()
            y.register_hook(lambda g: g * 2)
            z = y * y + y
            z.register_hook(lambda g: g - 1)
            (z * 3).sum().backward()
            return x.grad.tolist()

        def retain_grad_and_hooks(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            y = x * 2
            y.retain_grad()
            y.register_hook(lambda g: g * 10)
            z = y.exp()
            z.retain_grad()
            z.sum().backward()
            return [y.grad.tolist(), z.grad.tolist(), x.grad.tolist()]

        def hook_removed(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            h = x.register_hook(lambda g: g * 10)
            (x * 2).sum().backward()
            h.remove()
            (x * 2).sum().backward()
            return x.grad.tolist()

        def hooks_and_autograd_grad(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            x.register_hook(lambda g: g * 10)
            y = x * x
            y.register_hook(lambda g: g + 1)
            gx, gy = m.autograd.grad((y * 3).sum(), [x, y])
            return [gx.tolist(), gy.tolist(), x.grad is None]

        def hook_with_create_graph(m):
            x = m.tensor([1.5], requires_grad=True)
            y = x ** 3
            y.register_hook(lambda g: g * x)
            (g,) = m.autograd.grad(y, x, create_graph=True)
            (h,) = m.autograd.grad(g, x)
            return [g.tolist(), h.tolist()]

        def hook_on_root(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            y = x * 2
            y.register_hook(lambda g: g * 5)
            y.backward(m.tensor([1.0, -1.0]))
            return x.grad.tolist()

        for scenario in (leaf_hooks, non_leaf_hooks, retain_grad_and_hooks, hook_removed,
                         hooks_and_autograd_grad, hook_with_create_graph, hook_on_root):
            with self.subTest(scenario=scenario.__name__):
                self.assertSame(scenario)


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestAutogradApiVsTorch(OracleCase):
    def test_scenarios(self):
        def grad_outputs(m):
            x = m.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
            y = x.exp() @ x
            (g,) = m.autograd.grad(y, x, grad_outputs=m.tensor([[1.0, 0.5], [-1.0, 2.0]]))
            return g.tolist()

        def several_outputs(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            a, b = x * x, x.sin().sum()
            (g,) = m.autograd.grad([a, b], [x], grad_outputs=[m.tensor([1.0, 2.0]), None])
            return g.tolist()

        def allow_unused(m):
            x = m.tensor([1.0], requires_grad=True)
            z = m.tensor([1.0], requires_grad=True)
            gx, gz = m.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)
            return [gx.tolist(), gz is None]

        def unused_raises(m):
            x = m.tensor([1.0], requires_grad=True)
            z = m.tensor([1.0], requires_grad=True)
            return m.autograd.grad((x * 2).sum(), [x, z])

        def materialize(m):
            x = m.tensor([1.0], requires_grad=True)
            z = m.tensor([1.0, 2.0], requires_grad=True)
            return [g.tolist() for g in m.autograd.grad((x * 2).sum(), [x, z],
                                                        materialize_grads=True)]

        def third_derivative(m):
            x = m.tensor([0.7], requires_grad=True)
            y = (x.sin() * x.exp()).sum()
            out = []
            for _ in range(3):
                (y,) = m.autograd.grad(y, x, create_graph=True)
                out.append(y.item())
            return out

        def backward_inputs(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            w = m.tensor([3.0], requires_grad=True)
            m.autograd.backward((x * w).sum(), inputs=[w])
            return [w.grad.tolist(), x.grad is None]

        def backward_several(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            m.autograd.backward([(x * x).sum(), x * 3], [None, m.tensor([1.0, 2.0])])
            return x.grad.tolist()

        def non_scalar(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            (x * 2).backward()

        def shape_mismatch(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            (x * 2).backward(m.ones(3))

        def no_grad_output(m):
            m.ones(2).sum().backward()

        def int_requires_grad(m):
            return m.tensor([1, 2], requires_grad=True)

        def leaf_in_place(m):
            x = m.ones(2, requires_grad=True)
            x.add_(1)

        def grad_of_non_leaf_after_inplace(m):
            x = m.tensor([1.0, 2.0], requires_grad=True)
            y = x * 2
            y.add_(y)
            y.mul_(3)
            (y * y).sum().backward()
            return x.grad.tolist()

        def backward_in_no_grad(m):
            x = m.tensor([2.0], requires_grad=True)
            y = x * x
            with m.no_grad():
                y.backward()
            return x.grad.tolist()

        for scenario in (grad_outputs, several_outputs, allow_unused, unused_raises,
                         materialize, third_derivative, backward_inputs, backward_several,
                         non_scalar, shape_mismatch, no_grad_output, int_requires_grad,
                         leaf_in_place, grad_of_non_leaf_after_inplace,
                         backward_in_no_grad):
            with self.subTest(scenario=scenario.__name__):
                self.assertSame(scenario)


def _function_classes(m):
    class MulAdd(m.autograd.Function):
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

    class Cube(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, grad_output):
            (x,) = ctx.saved_tensors
            return grad_output * 3 * x ** 2

    class NoSave(m.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad_output):
            return grad_output * 2

    return MulAdd, Cube, NoSave


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestFunctionVsTorch(OracleCase):
    def test_scenarios(self):
        def one_output_used(m):
            MulAdd, _, _ = _function_classes(m)
            a = m.tensor([1.0, 2.0], requires_grad=True)
            p, s = MulAdd.apply(a, m.tensor([3.0, 4.0]), 2.0)
            p.sum().backward()
            return [a.grad.tolist(), p.grad_fn.needs_input_grad == (True, False, False)]

        def both_outputs(m):
            MulAdd, _, _ = _function_classes(m)
            a = m.tensor([1.0, 2.0], requires_grad=True)
            b = m.tensor([3.0, 4.0], requires_grad=True)
            p, s = MulAdd.apply(a, b, -1.5)
            (p * s).sum().backward()
            return [a.grad.tolist(), b.grad.tolist()]

        def second_order(m):
            _, Cube, _ = _function_classes(m)
            x = m.tensor([1.5, -0.5], requires_grad=True)
            (g,) = m.autograd.grad(Cube.apply(x.sin()).sum(), x, create_graph=True)
            (h,) = m.autograd.grad(g.sum(), x)
            return [g.tolist(), h.tolist()]

        def second_backward_saved(m):
            _, Cube, _ = _function_classes(m)
            x = m.ones(1, requires_grad=True)
            y = Cube.apply(x)
            y.backward()
            y.backward()

        def second_backward_nothing_saved(m):
            _, _, NoSave = _function_classes(m)
            x = m.ones(1, requires_grad=True)
            y = NoSave.apply(x)
            y.backward()
            y.backward()
            return x.grad.tolist()

        def no_grad_inputs(m):
            _, Cube, _ = _function_classes(m)
            y = Cube.apply(m.ones(2))
            return [y.requires_grad, y.grad_fn is None]

        for scenario in (one_output_used, both_outputs, second_order, second_backward_saved,
                         second_backward_nothing_saved, no_grad_inputs):
            with self.subTest(scenario=scenario.__name__):
                self.assertSame(scenario)


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestGradModeVsTorch(OracleCase):
    def test_scenarios(self):
        def modes(m):
            x = m.ones(1, requires_grad=True)

            @m.no_grad
            def bare():
                return (x * 2).requires_grad

            @m.set_grad_enabled(False)
            def disabled():
                return (x * 2).requires_grad

            @m.inference_mode()
            def inference():
                return (x * 2).requires_grad

            out = [m.is_grad_enabled(), bare(), disabled(), inference()]
            with m.no_grad():
                out.append(m.enable_grad()(lambda: (x * 2).requires_grad)())
                with m.set_grad_enabled(True):
                    out.append((x * 2).requires_grad)
                out.append(m.is_grad_enabled())
            out.append(m.is_grad_enabled())
            return [float(v) for v in out]
        self.assertSame(modes)


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestSGDVsTorch(OracleCase):
    def test_trajectories(self):
        rng = _rng(3)
        for options in itertools.product([0.0, 0.5, 0.9], [0.0, 0.3], [False, True],
                                         [0.0, 0.05], [False, True]):
            momentum, dampening, nesterov, weight_decay, maximize = options
            if nesterov and (momentum == 0 or dampening != 0):
                continue
            init = [[rng.uniform(-1, 1) for _ in range(3)], [[rng.uniform(-1, 1)] * 2]]
            lr_b = rng.choice([0.01, 0.2])

            def scenario(m):
                a = m.tensor(init[0], requires_grad=True)
                b = m.tensor(init[1], requires_grad=True)
                opt = m.optim.SGD([{"params": [a]}, {"params": [b], "lr": lr_b}], lr=0.1,
                                  momentum=momentum, dampening=dampening, nesterov=nesterov,
                                  weight_decay=weight_decay, maximize=maximize)
                for step in range(6):
                    opt.zero_grad(set_to_none=step % 2 == 0)
                    loss = (a * a).sum() + (b.sin() * a[:2]).sum()
                    loss.backward()
                    opt.step()
                return [a.tolist(), b.tolist()]

            with self.subTest(options=options):
                self.assertSame(scenario)


if __name__ == "__main__":
    unittest.main()
