"""torch.autograd: gradcheck, gradgradcheck, numerical_grad, functional, anomaly
mode, and torch.utils.checkpoint."""

import doctest
import gc
import importlib
import math
import random
import unittest
import warnings
import weakref

import latpy.torch as torch
from latpy.torch.autograd import functional as F
from latpy.torch.autograd.gradcheck import GradcheckError
from latpy.torch.utils.checkpoint import checkpoint, checkpoint_sequential


def rand_tensor(rng, *shape, requires_grad=True):
    n = math.prod(shape)
    t = torch.tensor([rng.uniform(-1.5, 1.5) for _ in range(n)]).reshape(*shape)
    return t.requires_grad_(requires_grad)


# ------------------------------------------------------------------ custom Functions
class WrongSquare(torch.autograd.Function):
    """y = x**2 with a wrong derivative (3x instead of 2x)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * 3 * x


class GoodMul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output * b, grad_output * a


class WrongSecondInput(torch.autograd.Function):
    """a * b whose gradient for b is wrong (only the second input)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output * b, grad_output * (a + 1.0)


class FlatSecondDerivative(torch.autograd.Function):
    """y = x**3 with a correct first derivative computed off the graph, so its own
    derivative (the second derivative of y) comes out as zero: gradgradcheck fails."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (3 * x.detach() ** 2)


class NoisyBackward(torch.autograd.Function):
    """Correct on average, different every call: not reentrant."""
    calls = [0]

    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad_output):
        NoisyBackward.calls[0] += 1
        return grad_output * (2 + 1e-7 * NoisyBackward.calls[0])


class TestGradcheck(unittest.TestCase):
    def setUp(self):
        self.rng = random.Random(7)

    def test_passes_for_correct_functions(self):
        rng = self.rng
        cases = [
            (lambda x: (x.sin() * x).sum(), (rand_tensor(rng, 3),)),
            (lambda x: x.exp() * x.tanh(), (rand_tensor(rng, 2, 3),)),
            (lambda a, b: a @ b, (rand_tensor(rng, 2, 3), rand_tensor(rng, 3, 4))),
            (lambda a, b: (a * b, a + b.sum()), (rand_tensor(rng, 3), rand_tensor(rng, 3))),
            (lambda a, b: a / (1.0 + b * b), (rand_tensor(rng, 2, 1), rand_tensor(rng, 3))),
            (GoodMul.apply, (rand_tensor(rng, 4), rand_tensor(rng, 4))),
            (lambda x: x.mean(), (rand_tensor(rng),)),  # 0-d input
        ]
        for f, inputs in cases:
            with self.subTest(f=f):
                self.assertIs(torch.autograd.gradcheck(f, inputs), True)

    def test_single_tensor_and_non_tensor_inputs(self):
        x = rand_tensor(self.rng, 3)
        self.assertTrue(torch.autograd.gradcheck(lambda x: x ** 2, x))
        self.assertTrue(torch.autograd.gradcheck(lambda x, k, s: (x * s) ** k, (x, 3, 0.5)))
        c = rand_tensor(self.rng, 3, requires_grad=False)
        self.assertTrue(torch.autograd.gradcheck(lambda x, c: x * c, (x, c)))

    def test_catches_wrong_function(self):
        x = rand_tensor(self.rng, 3)
        with self.assertRaises(GradcheckError) as cm:
            torch.autograd.gradcheck(WrongSquare.apply, (x,))
        message = str(cm.exception)
        self.assertIn("Jacobian mismatch for output 0 with respect to input 0", message)
        self.assertIn("numerical:", message)
        self.assertIn("analytical:", message)
        self.assertIsInstance(cm.exception, RuntimeError)
        self.assertIs(torch.autograd.gradcheck(WrongSquare.apply, (x,), raise_exception=False),
                      False)

    def test_names_the_wrong_input_and_output(self):
        a, b = rand_tensor(self.rng, 2), rand_tensor(self.rng, 2)
        with self.assertRaisesRegex(GradcheckError, "output 0 with respect to input 1"):
            torch.autograd.gradcheck(WrongSecondInput.apply, (a, b))
        with self.assertRaisesRegex(GradcheckError, "output 1 with respect to input 0"):
            torch.autograd.gradcheck(lambda x: (x.sin(), WrongSquare.apply(x)), (a,))

    def test_error_class_is_reachable_as_in_pytorch(self):
        from latpy.torch.autograd.gradcheck import GradcheckError as imported
        self.assertIs(imported, GradcheckError)
        self.assertIs(torch.autograd.gradcheck.GradcheckError, GradcheckError)
        self.assertTrue(issubclass(GradcheckError, RuntimeError))

    def test_no_input_requires_grad(self):
        x = rand_tensor(self.rng, 2, requires_grad=False)
        with self.assertRaisesRegex(ValueError, "at least one input tensor to require"):
            torch.autograd.gradcheck(lambda x: x * 2, (x,))

    def test_output_that_ignores_autograd_must_be_constant(self):
        x = rand_tensor(self.rng, 2)
        with self.assertRaisesRegex(GradcheckError, "expected to be zero"):
            torch.autograd.gradcheck(lambda x: x.detach() * 2, (x,))
        self.assertTrue(torch.autograd.gradcheck(lambda x: torch.ones(2), (x,)))

    def test_not_reentrant(self):
        x = rand_tensor(self.rng, 2)
        with self.assertRaisesRegex(GradcheckError, "not reentrant"):
            torch.autograd.gradcheck(NoisyBackward.apply, (x,))
        self.assertTrue(torch.autograd.gradcheck(NoisyBackward.apply, (x,), nondet_tol=1e-5))

    def test_inputs_untouched(self):
        x = rand_tensor(self.rng, 3)
        before = x.tolist()
        torch.autograd.gradcheck(lambda x: (x * x).sum(), (x,))
        self.assertEqual(x.tolist(), before)
        self.assertIsNone(x.grad)

    def test_gradgradcheck(self):
        rng = self.rng
        cases = [
            (lambda x: x.exp() * x, (rand_tensor(rng, 3),)),
            (lambda x: x.sin().tanh(), (rand_tensor(rng, 2, 2),)),
            (lambda a, b: (a @ b).sigmoid(), (rand_tensor(rng, 2, 3), rand_tensor(rng, 3))),
            (lambda x: (x ** 3).sum(), (rand_tensor(rng, 3),)),
            (GoodMul.apply, (rand_tensor(rng, 3), rand_tensor(rng, 3))),
        ]
        for f, inputs in cases:
            with self.subTest(f=f):
                self.assertTrue(torch.autograd.gradgradcheck(f, inputs))

    def test_gradgradcheck_catches_wrong_second_derivative(self):
        x = rand_tensor(self.rng, 3)
        self.assertTrue(torch.autograd.gradcheck(FlatSecondDerivative.apply, (x,)))
        with self.assertRaises(GradcheckError):
            torch.autograd.gradgradcheck(FlatSecondDerivative.apply, (x,))

    def test_gradgradcheck_with_given_grad_outputs(self):
        x = rand_tensor(self.rng, 2)
        v = rand_tensor(self.rng, 2, requires_grad=False)
        self.assertTrue(torch.autograd.gradgradcheck(lambda x: x.cos() * x, (x,), (v,)))
        self.assertTrue(torch.autograd.gradgradcheck(lambda x: x.cos() * x, x, v))


class TestNumericalGrad(unittest.TestCase):
    def test_matches_autograd(self):
        rng = random.Random(3)
        x, y = rand_tensor(rng, 2, 3), rand_tensor(rng, 3)

        def f(x, y):
            return ((x * y).sin() + y.exp()).sum()
        f(x, y).backward()
        nx, ny = torch.autograd.numerical_grad(f, x, y)
        self.assertEqual(tuple(nx.shape), (2, 3))
        self.assertTrue(torch.allclose(nx, x.grad, atol=1e-6))
        self.assertTrue(torch.allclose(ny, y.grad, atol=1e-6))
        self.assertFalse(nx.requires_grad)

    def test_hand_values_and_inputs(self):
        (g,) = torch.autograd.numerical_grad(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]))
        self.assertAlmostEqual(g.tolist()[0], 3.0, places=5)
        self.assertAlmostEqual(g.tolist()[1], 12.0, places=5)
        (g,) = torch.autograd.numerical_grad(lambda x: x * x, [3])  # list, int -> float
        self.assertAlmostEqual(g.tolist()[0], 6.0, places=5)
        (g,) = torch.autograd.numerical_grad(lambda x: (x * x).sum(), torch.tensor(2.0))
        self.assertEqual(tuple(g.shape), ())
        x = torch.tensor([1.0], requires_grad=True)
        torch.autograd.numerical_grad(lambda x: x.sum(), x)
        self.assertIsNone(x.grad)

    def test_non_scalar_output(self):
        with self.assertRaisesRegex(RuntimeError, r"single value.*\(2,\)"):
            torch.autograd.numerical_grad(lambda x: x * 2, torch.tensor([1.0, 2.0]))


class TestFunctional(unittest.TestCase):
    def test_hand_derived(self):
        x = torch.tensor([1.0, -2.0, 0.5])
        H = F.hessian(lambda x: (x ** 3).sum(), x)
        self.assertEqual(H.tolist(), [[6.0, 0, 0], [0, -12.0, 0], [0, 0, 3.0]])
        W = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        self.assertEqual(F.jacobian(lambda x: W @ x, x).tolist(), W.tolist())
        J = F.jacobian(lambda x: x.sin(), x).tolist()
        for i, c in enumerate(x.cos().tolist()):
            self.assertEqual(J[i], [c if j == i else 0.0 for j in range(3)])

    def test_shapes_and_structures(self):
        x, y = torch.ones(2, 3), torch.ones(4)
        self.assertEqual(tuple(F.jacobian(lambda x: x.sum(0), x).shape), (3, 2, 3))
        jac = F.jacobian(lambda x, y: (x.sum() * y, x * 2), (x, y))
        self.assertIsInstance(jac, tuple)
        self.assertEqual([[tuple(j.shape) for j in row] for row in jac],
                         [[(4, 2, 3), (4, 4)], [(2, 3, 2, 3), (2, 3, 4)]])
        H = F.hessian(lambda x, y: (x.sum() * y).sum(), (x, y))
        self.assertEqual([[tuple(h.shape) for h in row] for row in H],
                         [[(2, 3, 2, 3), (2, 3, 4)], [(4, 2, 3), (4, 4)]])
        self.assertEqual(tuple(F.hessian(lambda x: (x * x).sum(), x).shape), (2, 3, 2, 3))
        out, g = F.vjp(lambda x: x.sum(), x)  # v may be omitted for one element
        self.assertEqual(g.tolist(), torch.ones(2, 3).tolist())

    def test_products_agree_with_jacobian(self):
        rng = random.Random(11)
        x, u, v = rand_tensor(rng, 3), rand_tensor(rng, 3), rand_tensor(rng, 3)

        def f(x):
            return (x.sin() * x.sum()).tanh()
        J = F.jacobian(f, x)
        _, vj = F.vjp(f, x, v)
        _, ju = F.jvp(f, x, u)
        self.assertTrue(torch.allclose(vj, v @ J, atol=1e-12))
        self.assertTrue(torch.allclose(ju, J @ u, atol=1e-12))

        def s(x):
            return (f(x) * x).sum()
        H = F.hessian(s, x)
        _, hv = F.hvp(s, x, v)
        _, vh = F.vhp(s, x, v)
        self.assertTrue(torch.allclose(hv, H @ v, atol=1e-12))
        self.assertTrue(torch.allclose(vh, v @ H, atol=1e-12))
        self.assertTrue(torch.allclose(H, H.T, atol=1e-12))
        fwd = F.jacobian(f, x, vectorize=True, strategy="forward-mode")
        self.assertTrue(torch.allclose(fwd, J, atol=1e-12))

    def test_results_detached_unless_create_graph(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        out, g = F.vjp(lambda x: x ** 3, x, torch.ones(2))
        self.assertFalse(out.requires_grad or g.requires_grad)
        self.assertIsNone(x.grad)
        out, g = F.vjp(lambda x: x ** 3, x, torch.ones(2), create_graph=True)
        self.assertTrue(g.requires_grad)
        (gg,) = torch.autograd.grad(g.sum(), x)  # d/dx 3x^2 = 6x
        self.assertEqual(gg.tolist(), [6.0, 12.0])
        H = F.hessian(lambda x: (x ** 3).sum(), x, create_graph=True)
        (third,) = torch.autograd.grad(H.sum(), x)
        self.assertEqual(third.tolist(), [6.0, 6.0])

    def test_unused_inputs_give_zeros(self):
        x, y = torch.tensor([1.0, 2.0]), torch.tensor([3.0])
        jac = F.jacobian(lambda x, y: x * 2, (x, y))
        self.assertEqual(jac[1].tolist(), [[0.0], [0.0]])
        _, (gx, gy) = F.vjp(lambda x, y: (x * x).sum(), (x, y))
        self.assertEqual(gy.tolist(), [0.0])

    def test_errors(self):
        x = torch.tensor([1.0, 2.0])
        with self.assertRaisesRegex(TypeError, "must be either a Tensor or a tuple"):
            F.jacobian(lambda x: x, [1.0, 2.0])
        with self.assertRaisesRegex(RuntimeError, "v can only be None"):
            F.vjp(lambda x: x * 2, x)
        with self.assertRaisesRegex(RuntimeError, "v can only be None"):
            F.jvp(lambda x: x * 2, x)
        with self.assertRaisesRegex(RuntimeError, "v has invalid size"):
            F.vjp(lambda x: x * 2, x, torch.ones(3))
        with self.assertRaisesRegex(RuntimeError, "v is a tuple of invalid length"):
            F.jvp(lambda x, y: x * y, (x, x), (torch.ones(2),))
        with self.assertRaisesRegex(RuntimeError, "should return a single Tensor"):
            F.hessian(lambda x: (x.sum(), x.sum()), x)
        with self.assertRaisesRegex(RuntimeError, "single element"):
            F.hvp(lambda x: x * 2, x, torch.ones(2))
        with self.assertRaisesRegex(RuntimeError, "independent of input 1"):
            F.jacobian(lambda x, y: x * 2, (x, x), strict=True)
        with self.assertRaisesRegex(RuntimeError, "does not require gradients"):
            F.vjp(lambda x: torch.ones(2), x, torch.ones(2), strict=True)
        with self.assertRaises(NotImplementedError):
            F.jacobian(lambda x: x, x, strategy="forward-mode")
        with self.assertRaises(ValueError):
            F.jacobian(lambda x: x, x, strategy="sideways")


class TestAnomaly(unittest.TestCase):
    def tearDown(self):
        torch.autograd.set_detect_anomaly(False)

    def test_detect_anomaly_names_the_op(self):
        x = torch.tensor([-1.0, 4.0], requires_grad=True)
        y = torch.sqrt(x).sum()  # sqrt(-1) = nan, and so is its derivative
        with torch.autograd.detect_anomaly():
            with self.assertRaisesRegex(RuntimeError, "Sqrt.*nan|nan.*Sqrt"):
                y.backward(retain_graph=True)
        y.backward()  # outside anomaly mode: nan flows silently, as in PyTorch
        self.assertTrue(math.isnan(x.grad.tolist()[0]))

    def test_set_detect_anomaly(self):
        from latpy.torch.autograd.anomaly import is_anomaly_enabled
        self.assertFalse(is_anomaly_enabled())
        torch.autograd.set_detect_anomaly(True)
        self.assertTrue(is_anomaly_enabled())
        x = torch.tensor([0.0], requires_grad=True)
        with self.assertRaises(RuntimeError):
            (x / x).sum().backward()
        torch.autograd.set_detect_anomaly(False)
        self.assertFalse(is_anomaly_enabled())
        with torch.autograd.set_detect_anomaly(True):
            self.assertTrue(is_anomaly_enabled())
        self.assertFalse(is_anomaly_enabled())
        with torch.autograd.detect_anomaly():
            self.assertTrue(is_anomaly_enabled())
            x = torch.tensor([2.0], requires_grad=True)
            (x * x).sum().backward()  # finite gradients pass
            self.assertEqual(x.grad.tolist(), [4.0])
        self.assertFalse(is_anomaly_enabled())


class TestCheckpoint(unittest.TestCase):
    def setUp(self):
        self.W = torch.tensor([[0.5, -0.3, 0.1], [0.2, 0.8, -0.6]], requires_grad=True)
        self.calls = 0
        self.refs = []

    def block(self, x):
        self.calls += 1
        h = torch.tanh(x @ self.W)
        g = (h * h).sin()
        self.refs += [weakref.ref(h), weakref.ref(g)]
        return g * 2.0

    def reference(self, x):
        x = x.detach().requires_grad_(True)
        self.W.grad = None
        self.block(x).sum().backward()
        return x.grad.tolist(), self.W.grad.tolist()

    def test_same_values_and_gradients(self):
        x = torch.tensor([[1.0, 2.0], [-0.5, 0.3]], requires_grad=True)
        ref_x, ref_w = self.reference(x)
        for reentrant in (True, False):
            with self.subTest(use_reentrant=reentrant):
                x.grad, self.W.grad = None, None
                y = checkpoint(self.block, x, use_reentrant=reentrant)
                self.assertEqual(y.tolist(), self.block(x).tolist())
                y.sum().backward()
                self.assertEqual(x.grad.tolist(), ref_x)
                self.assertEqual(self.W.grad.tolist(), ref_w)

    def test_intermediates_are_not_kept(self):
        x = torch.tensor([[1.0, 2.0]], requires_grad=True)
        y = self.block(x)
        gc.collect()
        self.assertTrue(all(r() is not None for r in self.refs))  # the graph holds them
        del y
        for reentrant in (True, False):
            with self.subTest(use_reentrant=reentrant):
                self.refs, self.calls = [], 0
                y = checkpoint(self.block, x, use_reentrant=reentrant)
                gc.collect()
                self.assertTrue(self.refs)
                self.assertTrue(all(r() is None for r in self.refs))
                self.assertEqual(self.calls, 1)
                y.sum().backward()
                self.assertEqual(self.calls, 2)  # recomputed once, in backward

    def test_closure_parameters_without_input_grad(self):
        x = torch.tensor([[1.0, 2.0]])
        _, ref_w = self.reference(x)
        self.W.grad = None
        y = checkpoint(self.block, x, use_reentrant=False)
        self.assertTrue(y.requires_grad)
        y.sum().backward()
        self.assertEqual(self.W.grad.tolist(), ref_w)
        with warnings.catch_warnings(record=True) as caught:  # PyTorch's reentrant gotcha
            warnings.simplefilter("always")
            y = checkpoint(self.block, x, use_reentrant=True)
        self.assertFalse(y.requires_grad)
        self.assertTrue(any("None of the inputs" in str(w.message) for w in caught))

    def test_autograd_grad_and_double_backward(self):
        x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
        y = checkpoint(lambda t: (t ** 3).sum(), x, use_reentrant=False)
        (g,) = torch.autograd.grad(y, x, create_graph=True)
        self.assertEqual(g.tolist(), [0.75, 3.0, 12.0])
        (gg,) = torch.autograd.grad(g.sum(), x)
        self.assertEqual(gg.tolist(), [3.0, -6.0, 12.0])

    def test_rng_state_is_replayed(self):
        def noisy(x):
            return x * torch.rand(3)
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        for reentrant in (True, False):
            with self.subTest(use_reentrant=reentrant):
                torch.manual_seed(5)
                r = torch.rand(3).tolist()
                x.grad = None
                torch.manual_seed(5)
                y = checkpoint(noisy, x, use_reentrant=reentrant)
                after_forward = torch.rand(1).tolist()
                torch.manual_seed(99)
                y.sum().backward()  # the recomputation draws the forward's numbers again
                self.assertEqual(x.grad.tolist(), r)
                after_backward = torch.rand(1).tolist()
                torch.manual_seed(99)
                self.assertEqual(torch.rand(1).tolist(), after_backward)  # RNG left as found
                torch.manual_seed(5)
                checkpoint(noisy, x, use_reentrant=reentrant)
                self.assertEqual(torch.rand(1).tolist(), after_forward)

    def test_tuple_outputs_kwargs_and_non_tensor_args(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)

        def f(x, k, scale=1.0):
            return x ** k * scale, x.sum()
        a, b = checkpoint(f, x, 2, use_reentrant=False, scale=3.0)
        (a.sum() + b).backward()
        self.assertEqual(x.grad.tolist(), [7.0, 13.0])
        x.grad = None
        a, b = checkpoint(f, x, 2, use_reentrant=True)
        (a.sum() * b).backward()  # d/dx (sum x^2 * sum x) = 2x*S + sum x^2
        self.assertEqual(x.grad.tolist(), [11.0, 17.0])

    def test_arguments(self):
        x = torch.tensor([1.0], requires_grad=True)
        with self.assertRaisesRegex(ValueError, "Unexpected keyword arguments: scale"):
            checkpoint(lambda x, scale: x * scale, x, use_reentrant=True, scale=2.0)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            checkpoint(lambda x: x * 2, x)
        self.assertTrue(any("use_reentrant" in str(w.message) for w in caught))
        with torch.no_grad():
            self.assertFalse(checkpoint(lambda x: x * 2, x, use_reentrant=False).requires_grad)

    def test_checkpoint_sequential(self):
        x = torch.tensor([0.3, -0.7], requires_grad=True)
        fns = [torch.sin, torch.exp, torch.tanh, lambda t: t * 3.0, torch.cos]
        ref = x.detach().requires_grad_(True)
        out = ref
        for f in fns:
            out = f(out)
        out.sum().backward()
        for reentrant in (True, False):
            x.grad = None
            y = checkpoint_sequential(fns, 2, x, use_reentrant=reentrant)
            self.assertEqual(y.tolist(), out.tolist())
            y.sum().backward()
            self.assertEqual(x.grad.tolist(), ref.grad.tolist())


class TestDocstrings(unittest.TestCase):
    MODULES = ["latpy.torch.autograd.gradcheck", "latpy.torch.autograd.functional",
               "latpy.torch.autograd.anomaly", "latpy.torch.utils",
               "latpy.torch.utils.checkpoint"]

    def test_examples_run(self):
        for name in self.MODULES:
            with self.subTest(module=name):
                result = doctest.testmod(importlib.import_module(name),
                                         optionflags=doctest.ELLIPSIS, verbose=False)
                self.assertEqual(result.failed, 0)

    def test_public_functions_have_examples(self):
        objects = [torch.autograd.gradcheck, torch.autograd.gradgradcheck,
                   torch.autograd.numerical_grad, checkpoint, checkpoint_sequential]
        objects += [getattr(F, n) for n in F.__all__]
        for obj in objects:
            self.assertIn(">>>", obj.__doc__ or "", obj.__name__)


if __name__ == "__main__":
    unittest.main()
