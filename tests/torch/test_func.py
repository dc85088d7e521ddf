"""torch.func: grad, grad_and_value, value_and_grad, vjp, jvp, jacrev, jacfwd,
hessian, hvp, vmap, functional_call -- values, composition and errors."""

import doctest
import importlib
import math
import random
import unittest

import latpy.torch as torch
from latpy.torch import func
from latpy.torch.autograd import functional as F


def close(a, b, tol=1e-10):
    return torch.allclose(a, b, atol=tol, rtol=tol)


def rand_tensor(rng, *shape):
    n = math.prod(shape)
    return torch.tensor([rng.uniform(-1.5, 1.5) for _ in range(n)]).reshape(*shape)


def mlp_like(x, y):
    return ((x.sin() * y.sum()).tanh() + x * x / (1.0 + y.mean() ** 2))


class TestGrad(unittest.TestCase):
    def test_hand_values(self):
        x = torch.tensor(0.7)
        self.assertAlmostEqual(func.grad(torch.sin)(x).item(), math.cos(0.7), places=12)
        self.assertEqual(func.grad(lambda x: (x ** 2).sum())(torch.tensor([1.0, -3.0])).tolist(),
                         [2.0, -6.0])
        ga, gb = func.grad(lambda a, b: (a * b).sum(), argnums=(0, 1))(
            torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0]))
        self.assertEqual((ga.tolist(), gb.tolist()), ([3.0, 4.0], [1.0, 2.0]))
        g = func.grad(lambda a, b: (a * b).sum(), argnums=-1)(torch.tensor([1.0]),
                                                              torch.tensor([5.0]))
        self.assertEqual(g.tolist(), [1.0])

    def test_higher_order(self):
        x = torch.tensor(2.0)
        self.assertEqual(func.grad(func.grad(lambda x: x ** 3))(x).item(), 12.0)
        self.assertEqual(func.grad(func.grad(func.grad(lambda x: x ** 3)))(x).item(), 6.0)
        d4 = func.grad(func.grad(func.grad(func.grad(torch.sin))))(torch.tensor(0.3))
        self.assertAlmostEqual(d4.item(), math.sin(0.3), places=12)

    def test_pytree_arguments(self):
        params = {"w": torch.tensor([1.0, 2.0]), "b": (torch.tensor(0.5), [torch.tensor(1.0)])}

        def loss(p):
            return (p["w"] * p["b"][0] + p["b"][1][0]).sum()
        g = func.grad(loss)(params)
        self.assertEqual(sorted(g), ["b", "w"])
        self.assertEqual(g["w"].tolist(), [0.5, 0.5])
        self.assertIsInstance(g["b"], tuple)
        self.assertIsInstance(g["b"][1], list)
        self.assertEqual(g["b"][0].item(), 3.0)
        self.assertEqual(g["b"][1][0].item(), 2.0)

    def test_has_aux_and_value_orders(self):
        x = torch.tensor([1.0, 2.0])

        def f(x):
            return (x ** 2).sum(), {"double": x * 2}
        g, aux = func.grad(f, has_aux=True)(x)
        self.assertEqual((g.tolist(), aux["double"].tolist()), ([2.0, 4.0], [2.0, 4.0]))
        g, (value, aux) = func.grad_and_value(f, has_aux=True)(x)
        self.assertEqual(value.item(), 5.0)
        (value, aux), g = func.value_and_grad(f, has_aux=True)(x)
        self.assertEqual((value.item(), g.tolist()), (5.0, [2.0, 4.0]))
        g, value = func.grad_and_value(lambda x: (x ** 2).sum())(x)
        self.assertEqual((g.tolist(), value.item()), ([2.0, 4.0], 5.0))
        value, g = func.value_and_grad(lambda x: (x ** 2).sum())(x)
        self.assertEqual((value.item(), g.tolist()), (5.0, [2.0, 4.0]))

    def test_plain_in_plain_out(self):
        x = torch.tensor([1.0, 2.0])
        seen = {}

        def f(x):
            seen["leaf"], seen["requires_grad"] = x.is_leaf, x.requires_grad
            seen["same"] = x is original
            return (x * x).sum()
        original = x
        g = func.grad(f)(x)
        self.assertEqual(seen, {"leaf": True, "requires_grad": True, "same": False})
        self.assertFalse(g.requires_grad)
        self.assertIsNone(g.grad_fn)
        self.assertFalse(x.requires_grad)
        self.assertIsNone(x.grad)
        with torch.no_grad():  # a transform ignores the outer no_grad (as torch.func)
            g = func.grad(f)(x)
        self.assertEqual(g.tolist(), [2.0, 4.0])
        self.assertFalse(g.requires_grad)

    def test_composes_with_plain_autograd(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        g = func.grad(lambda x: (x ** 3).sum())(x)  # 3 x^2, still attached to x
        self.assertTrue(g.requires_grad)
        g.sum().backward()
        self.assertEqual(x.grad.tolist(), [6.0, 12.0])

    def test_no_perturbation_confusion(self):
        # f(x) = x * d/dy (x * y) = x * x, so f'(x) = 2x (Siskind & Pearlmutter's example)
        def f(x):
            return x * func.grad(lambda y: x * y)(x)
        self.assertEqual(func.grad(f)(torch.tensor(3.0)).item(), 6.0)
        # closure over the outer variable inside a nested jacobian
        inner = func.grad(lambda x: func.grad(lambda y: (x * y * y).sum())(x).sum())
        # d/dy (x y^2) = 2 x y at y = x is 2 x^2, whose derivative is 4 x
        self.assertEqual(inner(torch.tensor([2.0])).tolist(), [8.0])

    def test_constant_function_and_unused_argument(self):
        g = func.grad(lambda x, y: (y * 2).sum(), argnums=(0, 1))(torch.ones(2), torch.ones(3))
        self.assertEqual(g[0].tolist(), [0.0, 0.0])
        self.assertEqual(func.grad(lambda x: torch.tensor(1.0))(torch.ones(2)).tolist(),
                         [0.0, 0.0])

    def test_errors(self):
        x = torch.tensor([1.0, 2.0])
        with self.assertRaisesRegex(RuntimeError, "scalar Tensor, got tensor with 1 dims"):
            func.grad(lambda x: x * 2)(x)
        with self.assertRaisesRegex(RuntimeError, "to return a Tensor"):
            func.grad(lambda x: 1.0)(x)
        with self.assertRaisesRegex(RuntimeError, r"tuple: \(output, aux\)"):
            func.grad(lambda x: x.sum(), has_aux=True)(x)
        with self.assertRaisesRegex(RuntimeError, "Got argnum=2, but only 1 positional"):
            func.grad(lambda x: x.sum(), argnums=2)(x)
        with self.assertRaisesRegex(RuntimeError, "argnums elements must be unique"):
            func.grad(lambda x, y: x.sum(), argnums=(0, 0))(x, x)
        with self.assertRaisesRegex(RuntimeError, "argnums must be non-empty"):
            func.grad(lambda x: x.sum(), argnums=())(x)
        with self.assertRaisesRegex(RuntimeError, "argnums must be int or Tuple"):
            func.grad(lambda x: x.sum(), argnums=[0])(x)
        with self.assertRaisesRegex(ValueError, "must be Tensor, got <class 'float'>"):
            func.grad(lambda x: x * 2)(3.0)
        with self.assertRaisesRegex(RuntimeError, "floating point"):
            func.grad(lambda x: x.sum())(torch.tensor([1, 2]))


class TestVjpJvp(unittest.TestCase):
    def test_vjp(self):
        x, y = torch.tensor([1.0, 2.0]), torch.tensor([3.0, -1.0])
        out, vjp_fn = func.vjp(lambda x, y: x * y, x, y)
        self.assertEqual(out.tolist(), [3.0, -2.0])
        self.assertFalse(out.requires_grad)
        gx, gy = vjp_fn(torch.tensor([1.0, 10.0]))
        self.assertEqual((gx.tolist(), gy.tolist()), ([3.0, -10.0], [1.0, 20.0]))
        self.assertEqual(vjp_fn(torch.ones(2))[0].tolist(), [3.0, -1.0])  # callable again
        (g,) = func.vjp(torch.sin, x)[1](torch.ones(2))
        self.assertTrue(close(g, x.cos()))
        out, fn = func.vjp(lambda x: (x.sum(), x * 2), x)
        self.assertIsInstance(out, tuple)
        (g,) = fn((torch.tensor(1.0), torch.ones(2)))
        self.assertEqual(g.tolist(), [3.0, 3.0])
        out, fn, aux = func.vjp(lambda x: (x * 2, "aux"), x, has_aux=True)
        self.assertEqual(aux, "aux")

    def test_vjp_errors(self):
        out, fn = func.vjp(lambda x: (x * 2, x), torch.ones(2))
        with self.assertRaisesRegex(RuntimeError, "structure of cotangents"):
            fn(torch.ones(2))
        out, fn = func.vjp(lambda x: x * 2, torch.ones(2))
        with self.assertRaisesRegex(RuntimeError, "shape"):
            fn(torch.ones(3))
        with self.assertRaisesRegex(RuntimeError, "only tensors"):
            func.vjp(lambda x: 3.0, torch.ones(2))

    def test_jvp(self):
        x = torch.tensor([0.5, -1.0])
        out, t = func.jvp(torch.sin, (x,), (torch.tensor([1.0, 2.0]),))
        self.assertTrue(close(out, x.sin()))
        self.assertTrue(close(t, x.cos() * torch.tensor([1.0, 2.0])))
        out, t = func.jvp(lambda x, y: (x * y, x.sum()), (x, x), (torch.ones(2), torch.zeros(2)))
        self.assertEqual(t[0].tolist(), x.tolist())
        self.assertEqual(t[1].item(), 2.0)
        out, t = func.jvp(lambda x: x * 0 + 1, (x,), (torch.ones(2),))  # constant in x
        self.assertEqual(t.tolist(), [0.0, 0.0])
        out, t, aux = func.jvp(lambda x: (x * 3, x), (x,), (torch.ones(2),), has_aux=True)
        self.assertEqual(t.tolist(), [3.0, 3.0])

    def test_jvp_matches_jacobian(self):
        rng = random.Random(2)
        x, y, u, v = (rand_tensor(rng, 3) for _ in range(4))
        J = func.jacrev(mlp_like, argnums=(0, 1))(x, y)
        _, t = func.jvp(mlp_like, (x, y), (u, v))
        self.assertTrue(close(t, J[0] @ u + J[1] @ v))
        _, fn = func.vjp(mlp_like, x, y)
        gx, gy = fn(u)
        self.assertTrue(close(gx, u @ J[0]))
        self.assertTrue(close(gy, u @ J[1]))

    def test_jvp_errors(self):
        x = torch.ones(2)
        with self.assertRaisesRegex(RuntimeError, "Expected primals to be a tuple"):
            func.jvp(torch.sin, x, (x,))
        with self.assertRaisesRegex(RuntimeError, "same python structure"):
            func.jvp(torch.sin, (x,), x)
        with self.assertRaisesRegex(RuntimeError, "shape"):
            func.jvp(torch.sin, (x,), (torch.ones(3),))
        with self.assertRaisesRegex(RuntimeError, "independent of the inputs"):
            func.jvp(lambda x: torch.ones(2), (x,), (x,), strict=True)


class TestJacobians(unittest.TestCase):
    def test_hand_values_and_shapes(self):
        x = torch.tensor([1.0, -2.0, 0.5])
        expected = [[6.0, 0, 0], [0, -12.0, 0], [0, 0, 3.0]]
        f = lambda x: (x ** 3).sum()  # noqa: E731
        for name, H in [("hessian", func.hessian(f)(x)),
                        ("jacfwd(jacrev)", func.jacfwd(func.jacrev(f))(x)),
                        ("jacrev(jacrev)", func.jacrev(func.jacrev(f))(x)),
                        ("jacrev(grad)", func.jacrev(func.grad(f))(x)),
                        ("jacfwd(jacfwd)", func.jacfwd(func.jacfwd(f))(x)),
                        ("functional", F.hessian(f, x))]:
            with self.subTest(name):
                self.assertEqual(H.tolist(), expected)
                self.assertFalse(H.requires_grad)
        m = torch.ones(2, 3)
        self.assertEqual(tuple(func.jacrev(lambda m: m.sum(0))(m).shape), (3, 2, 3))
        self.assertEqual(tuple(func.jacfwd(lambda m: m.sum(0))(m).shape), (3, 2, 3))
        self.assertEqual(tuple(func.hessian(lambda m: (m * m).sum())(m).shape), (2, 3, 2, 3))
        self.assertEqual(tuple(func.jacrev(lambda m: m.sum())(m).shape), (2, 3))

    def test_reverse_equals_forward_on_random_functions(self):
        rng = random.Random(5)
        for trial in range(6):
            x, y = rand_tensor(rng, 3), rand_tensor(rng, 2)
            with self.subTest(trial=trial):
                rev = func.jacrev(mlp_like, argnums=(0, 1))(x, y)
                fwd = func.jacfwd(mlp_like, argnums=(0, 1))(x, y)
                ref = F.jacobian(mlp_like, (x, y))
                for a, b, c in zip(rev, fwd, ref):
                    self.assertTrue(close(a, b) and close(a, c))

                def s(x, y):
                    return mlp_like(x, y).sum()
                H1 = func.hessian(s, argnums=(0, 1))(x, y)
                H2 = func.jacrev(func.jacrev(s, argnums=(0, 1)), argnums=(0, 1))(x, y)
                H3 = F.hessian(s, (x, y))
                for i in range(2):
                    for j in range(2):
                        self.assertTrue(close(H1[i][j], H2[i][j]) and close(H1[i][j], H3[i][j]))

    def test_structures(self):
        x, y = torch.tensor([1.0, 2.0]), torch.tensor([3.0])
        jac = func.jacrev(lambda x, y: (x * y, (x * x).sum()), argnums=(0, 1))(x, y)
        self.assertEqual([[tuple(j.shape) for j in row] for row in jac],
                         [[(2, 2), (2, 1)], [(2,), (1,)]])
        jac, aux = func.jacrev(lambda x: (x * 2, x.sum()), has_aux=True)(x)
        self.assertEqual((jac.tolist(), aux.item()), ([[2.0, 0.0], [0.0, 2.0]], 3.0))
        jac, aux = func.jacfwd(lambda x: (x * 2, x.sum()), has_aux=True)(x)
        self.assertEqual(jac.tolist(), [[2.0, 0.0], [0.0, 2.0]])
        jac = func.jacrev(lambda p: p["a"] * p["b"])({"a": x, "b": x})
        self.assertEqual(sorted(jac), ["a", "b"])
        self.assertEqual(jac["a"].tolist(), [[1.0, 0.0], [0.0, 2.0]])

    def test_third_derivative(self):
        x = torch.tensor([0.4, -0.3])
        T = func.jacrev(func.hessian(lambda x: (x ** 4).sum()))(x)
        self.assertEqual(tuple(T.shape), (2, 2, 2))
        self.assertAlmostEqual(T.tolist()[0][0][0], 24 * 0.4, places=12)
        self.assertEqual(T.tolist()[0][1][1], 0.0)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "chunk_size"):
            func.jacrev(torch.sin, chunk_size=0)
        with self.assertRaisesRegex(RuntimeError, "only tensors"):
            func.jacrev(lambda x: [1.0])(torch.ones(2))
        with self.assertRaisesRegex(RuntimeError, "randomness"):
            func.jacfwd(torch.sin, randomness="maybe")


class TestHvp(unittest.TestCase):
    def test_values(self):
        rng = random.Random(9)
        x, v = rand_tensor(rng, 3), rand_tensor(rng, 3)

        def f(x):
            return (x.sin() * x.sum()).sum()
        value, hv = func.hvp(f, (x,), (v,))
        self.assertTrue(close(value, f(x)))
        self.assertTrue(close(hv, func.hessian(f)(x) @ v))
        self.assertTrue(close(hv, func.jvp(func.grad(f), (x,), (v,))[1]))
        self.assertTrue(close(hv, F.hvp(f, x, v)[1]))

    def test_several_primals(self):
        x, y = torch.tensor([1.0, 2.0]), torch.tensor([3.0])
        value, (hx, hy) = func.hvp(lambda x, y: (x * x * y).sum(), (x, y),
                                   (torch.tensor([1.0, 0.0]), torch.tensor([1.0])))
        # H = [[2y, 0, 2x0], [0, 2y, 2x1], [2x0, 2x1, 0]] @ (1, 0, 1)
        self.assertEqual(hx.tolist(), [8.0, 4.0])
        self.assertEqual(hy.tolist(), [2.0])

    def test_errors(self):
        with self.assertRaisesRegex(RuntimeError, "single-element Tensor"):
            func.hvp(lambda x: x * 2, (torch.ones(2),), (torch.ones(2),))
        with self.assertRaisesRegex(RuntimeError, "Expected primals to be a tuple"):
            func.hvp(lambda x: x.sum(), torch.ones(2), torch.ones(2))


class TestVmap(unittest.TestCase):
    def test_basic(self):
        xs = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
        self.assertEqual(func.vmap(lambda x: (x * x).sum())(xs).tolist(), [5.0, 25.0, 61.0])
        w = torch.tensor([1.0, -1.0])
        self.assertEqual(func.vmap(torch.dot, in_dims=(0, None))(xs, w).tolist(),
                         [-1.0, -1.0, -1.0])
        self.assertEqual(func.vmap(lambda c: c * 2, in_dims=1)(xs).tolist(),
                         [[2.0, 6.0, 10.0], [4.0, 8.0, 12.0]])
        out = func.vmap(lambda x: x * 2, out_dims=1)(xs)
        self.assertEqual(out.tolist(), (xs * 2).T.tolist())
        a, b = func.vmap(lambda x: (x.sum(), x * 0))(xs)
        self.assertEqual((tuple(a.shape), tuple(b.shape)), ((3,), (3, 2)))
        self.assertEqual(func.vmap(lambda x, k: x * k, in_dims=(0, None))(xs, 2.0).shape[0], 3)

    def test_nested_and_with_grad(self):
        m = torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]])
        self.assertEqual(func.vmap(func.vmap(lambda x: x.sum()))(m).tolist(),
                         [[3.0, 7.0], [11.0, 15.0]])
        xs = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        per_sample = func.vmap(func.grad(lambda x: (x ** 3).sum()))(xs)
        self.assertEqual(per_sample.tolist(), [[3.0, 12.0], [27.0, 48.0]])
        jac = func.jacrev(func.vmap(torch.sin))(torch.tensor([0.0, 0.0]))
        self.assertEqual(jac.tolist(), [[1.0, 0.0], [0.0, 1.0]])

    def test_pytree_inputs(self):
        batch = {"a": torch.ones(4, 2), "b": torch.ones(4)}
        out = func.vmap(lambda d: d["a"].sum() + d["b"])(batch)
        self.assertEqual(out.tolist(), [3.0] * 4)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "same size in the mapped dimension"):
            func.vmap(torch.add)(torch.ones(2), torch.ones(3))
        with self.assertRaisesRegex(ValueError, "at least one Tensor to vmap over"):
            func.vmap(torch.sin, in_dims=None)(torch.ones(2))
        with self.assertRaisesRegex(ValueError, "non-Tensor"):
            func.vmap(lambda x, k: x * k)(torch.ones(2), 3.0)
        with self.assertRaisesRegex(ValueError, "dimensionality 1"):
            func.vmap(torch.sin, in_dims=1)(torch.ones(2))
        with self.assertRaisesRegex(ValueError, "not compatible with the structure"):
            func.vmap(torch.add, in_dims=(0,))(torch.ones(2), torch.ones(2))
        with self.assertRaisesRegex(ValueError, "got no inputs"):
            func.vmap(lambda: torch.ones(1))()
        with self.assertRaisesRegex(ValueError, "must only return Tensors"):
            func.vmap(lambda x: 1.0)(torch.ones(2))


class Linear:
    """A plain object standing in for an nn module."""

    def __init__(self, w, b):
        self.w, self.b = w, b

    def __call__(self, x):
        return x @ self.w + self.b


class Net:
    def __init__(self):
        self.layers = [Linear(torch.tensor([[1.0], [2.0]]), torch.tensor([0.5])),
                       Linear(torch.tensor([[3.0]]), torch.tensor([-1.0]))]
        self.head = Linear(torch.tensor([[1.0]]), torch.tensor([0.0]))

    def __call__(self, x, scale=1.0):
        for layer in self.layers:
            x = layer(x)
        return self.head(x) * scale


class TestFunctionalCall(unittest.TestCase):
    def test_swaps_and_restores(self):
        net = Net()
        x = torch.tensor([[1.0, 1.0]])
        self.assertEqual(net(x).tolist(), [[9.5]])  # (1 + 2 + 0.5) * 3 - 1
        out = func.functional_call(net, {"layers.0.b": torch.tensor([1.5]),
                                         "head.w": torch.tensor([[2.0]])}, (x,))
        self.assertEqual(out.tolist(), [[25.0]])
        self.assertEqual(net.layers[0].b.tolist(), [0.5])
        self.assertEqual(net.head.w.tolist(), [[1.0]])
        out = func.functional_call(net, ({"head.b": torch.tensor([1.0])},
                                         {"head.w": torch.tensor([[0.0]])}), x,
                                   {"scale": 2.0})
        self.assertEqual(out.tolist(), [[2.0]])

    def test_restores_after_error_and_removes_new_attributes(self):
        net = Net()

        with self.assertRaises((ValueError, RuntimeError)):  # a matmul shape mismatch
            func.functional_call(net, {"layers.0.w": torch.zeros(3, 3),
                                       "head.extra": torch.zeros(1)}, (torch.ones(1, 2),))
        self.assertEqual(net.layers[0].w.tolist(), [[1.0], [2.0]])
        self.assertNotIn("extra", vars(net.head))
        func.functional_call(net, {"head.extra": torch.zeros(1)}, (torch.ones(1, 2),))
        self.assertNotIn("extra", vars(net.head))

    def test_grad_with_respect_to_parameters(self):
        net = Net()
        x = torch.tensor([[1.0, -1.0]])
        params = {"layers.0.w": net.layers[0].w, "layers.1.w": net.layers[1].w}

        def loss(p):
            return (func.functional_call(net, p, (x,)) ** 2).sum()
        g = func.grad(loss)(params)
        # out = ((x @ w0 + 0.5) * w1 - 1) = (-1 + 0.5) * 3 - 1 = -2.5; d loss/d out = -5
        self.assertEqual(g["layers.1.w"].tolist(), [[-5.0 * -0.5]])
        self.assertEqual(g["layers.0.w"].tolist(), [[-15.0], [15.0]])
        self.assertIsNone(net.layers[0].w.grad)

    def test_errors(self):
        net = Net()
        with self.assertRaisesRegex(ValueError, "appeared in multiple dictionaries"):
            func.functional_call(net, ({"head.w": 1}, {"head.w": 2}), torch.ones(1, 2))
        with self.assertRaisesRegex(ValueError, "Expected parameter_and_buffer_dicts"):
            func.functional_call(net, "head.w", torch.ones(1, 2))
        with self.assertRaisesRegex(AttributeError, "no attribute 'tail'"):
            func.functional_call(net, {"tail.w": torch.ones(1)}, torch.ones(1, 2))


@unittest.skipUnless(hasattr(torch, "nn") and hasattr(torch.nn, "Sequential"),
                     "latpy.torch.nn is not available")
class TestFunctionalCallOnModules(unittest.TestCase):
    def test_sequential(self):
        nn = torch.nn
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
        x = torch.randn(4, 2)
        params = {k: v.detach() for k, v in model.named_parameters()}
        self.assertTrue(close(func.functional_call(model, params, (x,)), model(x)))
        grads = func.grad(lambda p: func.functional_call(model, p, (x,)).pow(2).mean())(params)
        model.zero_grad()
        model(x).pow(2).mean().backward()
        for name, p in model.named_parameters():
            self.assertTrue(close(grads[name], p.grad), name)
        zeros = {k: torch.zeros_like(v) for k, v in params.items()}
        self.assertEqual(func.functional_call(model, zeros, x).tolist(), [[0.0]] * 4)
        self.assertTrue(all(close(v, p) for (k, v), p in zip(params.items(),
                                                              model.parameters())))
        with self.assertRaisesRegex(RuntimeError, "Missing key"):
            func.functional_call(model, {"0.weight": params["0.weight"]}, x, strict=True)


class TestDocstrings(unittest.TestCase):
    def test_examples_run(self):
        for name in ["latpy.torch.func", "latpy.torch.func._grad", "latpy.torch.func._jacobian",
                     "latpy.torch.func._vmap", "latpy.torch.func._functional_call",
                     "latpy.torch.func._pytree"]:
            with self.subTest(module=name):
                result = doctest.testmod(importlib.import_module(name), verbose=False)
                self.assertEqual(result.failed, 0)

    def test_every_public_function_has_an_example(self):
        for name in func.__all__:
            self.assertIn(">>>", getattr(func, name).__doc__ or "", name)

    def test_importable_both_ways(self):
        import latpy.torch.func as by_path
        from latpy.torch import func as by_attribute
        self.assertIs(by_path, by_attribute)
        self.assertIs(torch.func, by_path)


if __name__ == "__main__":
    unittest.main()
