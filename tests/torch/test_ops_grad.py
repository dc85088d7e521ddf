"""Every differentiable op of latpy.torch: values, first and second derivatives.

Gradients are checked against central finite differences (float64, eps 1e-6)
of a random projection ``L(x) = sum(f(x) * v)``; second derivatives by
differentiating ``sum(grad L(x) * u)`` (built with ``create_graph=True``) and
comparing with finite differences of the first gradient. Inputs are drawn
from a seeded ``random.Random`` over random shapes (0-d, size-1, broadcast)
and three memory layouts: contiguous, transposed and strided-with-offset
views (non-contiguous leaves).

The helpers (:func:`numerical_grad`, :func:`check_grad`, :func:`make_leaf`)
are used by the other test modules of this package too.
"""

from __future__ import annotations

import math
import random
import unittest

import latpy as lp
import latpy.torch as torch

EPS = 1e-6
RTOL, ATOL = 1e-5, 1e-6


# ---------------------------------------------------------------- helpers
def flat_list(value):
    """A (nested) list or number as a flat list of numbers."""
    if isinstance(value, list):
        return [v for item in value for v in flat_list(item)]
    return [value]


def _size(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def make_array(flat, shape, layout="contiguous"):
    """An NDArray with the values `flat` (C order) in `shape`, stored in `layout`:
    ``contiguous``, ``transposed`` (a .T view of a copy) or ``strided`` (every
    other element of a bigger array, at an offset)."""
    a = lp.array([float(v) for v in flat], dtype=float).reshape(shape) if flat else \
        lp.zeros(shape)
    if layout == "transposed" and len(shape) >= 2:
        a = a.T.copy().T
    elif layout == "strided" and len(shape) >= 1:
        big = lp.zeros(tuple(shape[:-1]) + (2 * shape[-1] + 1,))
        big[..., 1::2] = a
        a = big[..., 1::2]
    return a


def make_leaf(flat, shape, layout="contiguous"):
    """A leaf Tensor (requires_grad) whose data is :func:`make_array`'s array."""
    return torch.as_tensor(make_array(flat, shape, layout)).requires_grad_()


def numerical_grad(f, flats, shapes, layouts=None, eps=EPS):
    """Central finite differences of the scalar function ``f(*leaves)`` with respect
    to every element of every input; one flat list per input (C order)."""
    layouts = layouts or ["contiguous"] * len(flats)
    grads = []
    for i, flat in enumerate(flats):
        g = []
        for k in range(len(flat)):
            values = []
            for delta in (eps, -eps):
                moved = list(flat)
                moved[k] += delta
                args = [make_leaf(moved if j == i else flats[j], shapes[j], layouts[j])
                        for j in range(len(flats))]
                values.append(float(f(*args)))
            g.append((values[0] - values[1]) / (2 * eps))
        grads.append(g)
    return grads


def assert_close(test, actual, expected, msg="", rtol=RTOL, atol=ATOL):
    actual, expected = flat_list(actual), flat_list(expected)
    test.assertEqual(len(actual), len(expected), msg)
    for a, e in zip(actual, expected):
        if math.isnan(e):
            test.assertTrue(math.isnan(a), f"{msg}: {a} != nan")
            continue
        test.assertTrue(abs(a - e) <= atol + rtol * abs(e),
                        f"{msg}: {actual} != {expected}")


def projection(f, out_shape, rng):
    """``L(*xs) = sum(f(*xs) * v)`` for a fixed random `v` of the output's shape."""
    v = lp.array([rng.uniform(-1, 1) for _ in range(_size(out_shape))],
                 dtype=float).reshape(out_shape)
    v = torch.as_tensor(v)
    return lambda *xs: (f(*xs) * v).sum()


def check_grad(test, f, flats, shapes, layouts=None, second_order=True, rng=None,
               name=""):
    """Check f's first (and second) derivatives against finite differences."""
    rng = rng or random.Random(0)
    layouts = layouts or ["contiguous"] * len(flats)
    leaves = [make_leaf(fl, s, lay) for fl, s, lay in zip(flats, shapes, layouts)]
    out = f(*leaves)
    loss_fn = projection(f, tuple(out.shape), rng)
    loss = loss_fn(*leaves)
    loss.backward()
    numeric = numerical_grad(loss_fn, flats, shapes, layouts)
    for i, (x, expected) in enumerate(zip(leaves, numeric)):
        actual = x.grad.tolist() if x.grad is not None else [0.0] * len(expected)
        if x.grad is not None:
            test.assertEqual(tuple(x.grad.shape), tuple(shapes[i]), f"{name}: grad shape")
        assert_close(test, actual, expected, f"{name}: d/dx{i} {shapes}")
    if not second_order:
        return
    # second order: M(x) = sum_i sum(grad_i L(x) * u_i)
    us = [torch.as_tensor(make_array([rng.uniform(-1, 1) for _ in fl], s))
          for fl, s in zip(flats, shapes)]

    def first_grad_dot(*xs, create_graph=False):
        grads = torch.autograd.grad(loss_fn(*xs), xs, create_graph=create_graph,
                                    allow_unused=True)
        total = 0.0
        for g, u in zip(grads, us):
            if g is not None:
                total = (g * u).sum() + total
        return total

    leaves = [make_leaf(fl, s, lay) for fl, s, lay in zip(flats, shapes, layouts)]
    m = first_grad_dot(*leaves, create_graph=True)
    numeric = numerical_grad(lambda *xs: first_grad_dot(*xs), flats, shapes, layouts)
    if not (isinstance(m, torch.Tensor) and m.requires_grad):
        for expected in numeric:  # the first derivative is constant: no second one
            assert_close(test, [0.0] * len(expected), expected, f"{name}: 2nd order")
        return
    second = torch.autograd.grad(m, leaves, allow_unused=True)
    for i, (g, expected) in enumerate(zip(second, numeric)):
        actual = g.tolist() if g is not None else [0.0] * len(expected)
        assert_close(test, actual, expected, f"{name}: d2/dx{i} {shapes}", rtol=1e-4,
                     atol=1e-5)


def random_values(rng, shape, domain):
    lo, hi = domain
    return [rng.uniform(lo, hi) for _ in range(_size(shape))]


# ---------------------------------------------------------------- the op table
ANY, POS, UNIT = (-2.0, 2.0), (0.3, 2.5), (-0.9, 0.9)
UNARY_SHAPES = [(), (1,), (4,), (2, 3), (3, 1, 2)]
BINARY_SHAPES = [((), ()), ((3,), ()), ((), (2, 2)), ((2, 3), (3,)), ((2, 1), (1, 3)),
                 ((3, 1, 2), (4, 1)), ((1,), (2, 3)), ((2, 3), (2, 3))]


UNARY = [
    # name, f, domain, twice differentiable (non-zero second derivative possible)
    ("neg", lambda x: -x, ANY, True),
    ("neg_fn", torch.neg, ANY, True),
    ("abs", torch.abs, ANY, False),
    ("exp", torch.exp, ANY, True),
    ("log", torch.log, POS, True),
    ("log1p", torch.log1p, POS, True),
    ("expm1", torch.expm1, ANY, True),
    ("sqrt", torch.sqrt, POS, True),
    ("rsqrt", torch.rsqrt, POS, True),
    ("sin", torch.sin, ANY, True),
    ("cos", torch.cos, ANY, True),
    ("tan", torch.tan, UNIT, True),
    ("tanh", torch.tanh, ANY, True),
    ("sigmoid", torch.sigmoid, ANY, True),
    ("relu", torch.relu, ANY, False),
    ("square", torch.square, ANY, True),
    ("reciprocal", torch.reciprocal, POS, True),
    ("log2", torch.log2, POS, True),
    ("log10", torch.log10, POS, True),
    ("erf", torch.erf, ANY, True),
    ("sign", torch.sign, ANY, False),
    ("floor", torch.floor, ANY, False),
    ("pow2", lambda x: x ** 2, ANY, True),
    ("pow3", lambda x: torch.pow(x, 3.0), ANY, True),
    ("pow_half", lambda x: x ** 0.5, POS, True),
    ("pow_neg", lambda x: x ** -1.5, POS, True),
    ("pow_int_method", lambda x: x.pow(2), ANY, True),
    ("rpow", lambda x: 2.0 ** x, ANY, True),
    ("radd", lambda x: 3 + x, ANY, True),
    ("rsub", lambda x: 1.5 - x, ANY, True),
    ("rmul", lambda x: 2 * x, ANY, True),
    ("rdiv", lambda x: 2.0 / x, POS, True),
    ("add_scalar", lambda x: x + 2, ANY, True),
    ("sub_scalar", lambda x: x - 0.5, ANY, True),
    ("mul_scalar", lambda x: x * -3.0, ANY, True),
    ("div_scalar", lambda x: x / 4, ANY, True),
    ("self_mul", lambda x: x * x * x, ANY, True),
    ("self_div", lambda x: (x + 3.0) / (x * x + 1.0), ANY, True),
    ("clamp", lambda x: torch.clamp(x, -0.5, 0.7), ANY, False),
    ("clamp_min", lambda x: x.clamp(min=0.2), ANY, False),
    ("clamp_max", lambda x: x.clip(max=0.2), ANY, False),
    ("clamp_smooth", lambda x: torch.clamp(x * x, -10.0, 10.0), ANY, True),
    ("where", lambda x: torch.where(x > 0, x * x, -x), ANY, True),
    ("where_scalar", lambda x: torch.where(x > 0.3, 1.0, x.exp()), ANY, True),
    ("where_method", lambda x: x.sin().where(x < 0, 2.0), ANY, True),
    ("maximum_const", lambda x: torch.maximum(x, torch.tensor(0.1)), ANY, False),
    ("minimum_const", lambda x: torch.minimum(x.exp(), torch.tensor(1.0)), ANY, True),
    ("clone", lambda x: x.clone() * x, ANY, True),
    ("add_alpha", lambda x: torch.add(x, x * x, alpha=2.5), ANY, True),
    ("sub_alpha", lambda x: torch.sub(x.exp(), x, alpha=-2), ANY, True),
]

REDUCE = [
    # name, f(x, dim, keepdim), domain, twice differentiable
    ("sum", lambda x, d, k: x.sum(d, keepdim=k) if d is not None else x.sum(), ANY, True),
    ("sum_sq", lambda x, d, k: (x * x).sum(d, keepdim=k) if d is not None else
     torch.sum(x * x), ANY, True),
    ("mean", lambda x, d, k: x.mean(d, keepdim=k) if d is not None else x.mean(), ANY, True),
    ("mean_sq", lambda x, d, k: torch.mean(x * x, d, k) if d is not None else
     torch.mean(x * x), ANY, True),
    ("prod", lambda x, d, k: x.prod(d, keepdim=k) if d is not None else x.prod(), ANY, True),
    ("amax", lambda x, d, k: x.amax(d, keepdim=k) if d is not None else x.amax(), ANY, False),
    ("amin", lambda x, d, k: torch.amin(x, d, k) if d is not None else x.amin(), ANY, False),
    ("max_all", lambda x, d, k: (x * x).max(), ANY, True),
    ("var", lambda x, d, k: x.var(d, keepdim=k) if d is not None else x.var(), ANY, True),
    ("var_biased", lambda x, d, k: torch.var(x, d, unbiased=False, keepdim=k)
     if d is not None else torch.var(x, unbiased=False), ANY, True),
    ("std", lambda x, d, k: x.std(d, keepdim=k) if d is not None else x.std(), ANY, True),
    ("norm", lambda x, d, k: x.norm(dim=d, keepdim=k), ANY, True),
    ("norm1", lambda x, d, k: x.norm(1, dim=d, keepdim=k), ANY, False),
    ("norm3", lambda x, d, k: torch.norm(x, 3, d, k), ANY, True),
    ("norm_inf", lambda x, d, k: x.norm(float("inf"), dim=d, keepdim=k), ANY, False),
    ("logsumexp", lambda x, d, k: torch.logsumexp(x, d if d is not None else 0, k), ANY,
     True),
]

DIM_REDUCE = [
    # ops that need an int dim
    ("max_dim", lambda x, d, k: x.max(d, keepdim=k)[0], ANY, False),
    ("max_dim_values", lambda x, d, k: torch.max(x.exp(), dim=d, keepdim=k).values, ANY,
     True),
    ("min_dim", lambda x, d, k: torch.min(x, d, k)[0], ANY, False),
    ("softmax", lambda x, d, k: torch.softmax(x, d), ANY, True),
    ("log_softmax", lambda x, d, k: x.log_softmax(d), ANY, True),
    ("cumsum", lambda x, d, k: x.cumsum(d), ANY, True),
    ("cumsum_sq", lambda x, d, k: torch.cumsum(x * x, dim=d), ANY, True),
]

BINARY = [
    ("add", lambda a, b: a + b, ANY, ANY, True),
    ("sub", lambda a, b: a - b, ANY, ANY, True),
    ("mul", lambda a, b: a * b, ANY, ANY, True),
    ("div", lambda a, b: a / b, ANY, POS, True),
    ("pow", lambda a, b: a ** b, POS, ANY, True),
    ("add_fn", torch.add, ANY, ANY, True),
    ("sub_fn", torch.sub, ANY, ANY, True),
    ("mul_fn", torch.mul, ANY, ANY, True),
    ("div_fn", torch.div, ANY, POS, True),
    ("pow_fn", torch.pow, POS, ANY, True),
    ("maximum", torch.maximum, ANY, ANY, False),
    ("minimum", torch.minimum, ANY, ANY, False),
    ("max_other", lambda a, b: torch.max(a, b), ANY, ANY, False),
    ("where2", lambda a, b: torch.where(a > b, a * b, b - a), ANY, ANY, True),
    ("mixed", lambda a, b: (a * b).exp() / (1.0 + b * b) - a.sin() * b, ANY, ANY, True),
]

MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4)),
                 ((2, 2, 3), (3, 2)), ((2, 3), (2, 3, 2)), ((3,), (2, 3, 2)),
                 ((2, 2, 3), (3,)), ((2, 1, 2, 3), (3, 3, 1)), ((1, 2, 3), (2, 3, 2))]


def _dims(ndim):
    dims = [None] + list(range(-ndim, ndim))
    if ndim >= 2:
        dims += [(0, 1), (-1, 0)]
    return dims


class TestFiniteDifferenceHelper(unittest.TestCase):
    def test_numerical_grad_of_known_function(self):
        g = numerical_grad(lambda x: (x * x * x).sum(), [[1.0, -2.0]], [(2,)])
        assert_close(self, g[0], [3.0, 12.0])

    def test_layouts_hold_the_same_values(self):
        flat = [float(i) for i in range(6)]
        for layout in ("contiguous", "transposed", "strided"):
            a = make_array(flat, (2, 3), layout)
            self.assertEqual(flat_list(a.tolist()), flat)
        self.assertFalse(make_leaf(flat, (2, 3), "transposed").is_contiguous())
        self.assertFalse(make_leaf(flat, (2, 3), "strided").is_contiguous())
        self.assertTrue(make_leaf(flat, (2, 3)).is_leaf)


class TestUnaryGrads(unittest.TestCase):
    def test_unary_ops(self):
        rng = random.Random(1)
        for name, f, domain, twice in UNARY:
            for shape in UNARY_SHAPES:
                layout = rng.choice(["contiguous", "transposed", "strided"])
                with self.subTest(op=name, shape=shape, layout=layout):
                    flat = random_values(rng, shape, domain)
                    check_grad(self, f, [flat], [shape], [layout], second_order=twice,
                               rng=rng, name=name)

    def test_piecewise_linear_grads_stay_differentiable(self):
        # as in PyTorch, relu's and abs's first gradient is connected to x under
        # create_graph (its own derivative is zero), so it can be differentiated again
        for f in (torch.relu, torch.abs):
            x = torch.tensor([1.5, -2.0, 0.5], requires_grad=True)
            (g,) = torch.autograd.grad(f(x).sum(), x, create_graph=True)
            self.assertTrue(g.requires_grad)
            (g * g).sum().backward()
            self.assertEqual(x.grad.tolist(), [0.0, 0.0, 0.0])

    def test_pow_zero_exponent_under_create_graph(self):
        x = torch.tensor([0.0, 2.0], requires_grad=True)
        (g,) = torch.autograd.grad((x ** 0).sum(), x, create_graph=True)
        self.assertEqual(g.tolist(), [0.0, 0.0])
        (g,) = torch.autograd.grad((x ** 2.0).sum(), x, create_graph=True)
        (h,) = torch.autograd.grad(g.sum(), x)
        self.assertEqual((g.tolist(), h.tolist()), ([0.0, 4.0], [2.0, 2.0]))

    def test_zero_derivative_ops_give_zero_grads(self):
        x = torch.tensor([-1.5, 0.3, 2.7], requires_grad=True)
        for f in (torch.sign, torch.floor, torch.ceil, torch.round, torch.trunc):
            x.grad = None
            y = f(x)
            self.assertTrue(y.requires_grad)
            y.sum().backward()
            self.assertEqual(x.grad.tolist(), [0.0, 0.0, 0.0])


class TestBinaryGrads(unittest.TestCase):
    def test_binary_ops_with_broadcasting(self):
        rng = random.Random(2)
        for name, f, dom_a, dom_b, twice in BINARY:
            for sa, sb in BINARY_SHAPES:
                layouts = [rng.choice(["contiguous", "transposed", "strided"])
                           for _ in range(2)]
                with self.subTest(op=name, shapes=(sa, sb), layouts=layouts):
                    flats = [random_values(rng, sa, dom_a), random_values(rng, sb, dom_b)]
                    check_grad(self, f, flats, [sa, sb], layouts, second_order=twice,
                               rng=rng, name=name)

    def test_scalar_operands_on_either_side(self):
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = 2 * x + x * 3 - 1 / x + x / 2 - 4 + (1 - x) + 2 ** x + x ** 2
        y.sum().backward()
        expected = [2 + 3 + 1 / v ** 2 + 0.5 - 1 + 2 ** v * math.log(2) + 2 * v
                    for v in (1.0, 2.0)]
        assert_close(self, x.grad.tolist(), expected)

    def test_where_with_tensor_condition_broadcast(self):
        rng = random.Random(3)
        cond = torch.tensor([[True], [False]])
        check_grad(self, lambda a, b: torch.where(cond, a, b),
                   [random_values(rng, (3,), ANY), random_values(rng, (2, 1), ANY)],
                   [(3,), (2, 1)], rng=rng, name="where_broadcast")

    def test_clamp_with_tensor_bounds(self):
        rng = random.Random(4)
        check_grad(self, lambda x, lo, hi: torch.clamp(x, lo, hi),
                   [random_values(rng, (3, 4), ANY), random_values(rng, (4,), (-1, 0)),
                    random_values(rng, (3, 1), (0, 1))], [(3, 4), (4,), (3, 1)],
                   second_order=False, rng=rng, name="clamp_tensor")

    def test_ties_split_gradient_evenly(self):
        a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        b = torch.tensor([1.0, 1.0, 3.0], requires_grad=True)
        torch.maximum(a, b).sum().backward()
        self.assertEqual(a.grad.tolist(), [0.5, 1.0, 0.5])
        self.assertEqual(b.grad.tolist(), [0.5, 0.0, 0.5])


class TestReductionGrads(unittest.TestCase):
    def test_reductions_over_dims(self):
        rng = random.Random(5)
        for name, f, domain, twice in REDUCE:
            for shape in [(), (1,), (4,), (2, 3), (2, 1, 3)]:
                for dim in _dims(len(shape)):
                    if name == "prod" and isinstance(dim, tuple):
                        continue  # torch.prod takes one dim
                    keepdim = rng.random() < 0.5
                    layout = rng.choice(["contiguous", "transposed", "strided"])
                    with self.subTest(op=name, shape=shape, dim=dim, keepdim=keepdim):
                        flat = random_values(rng, shape, domain)
                        check_grad(self, lambda x: f(x, dim, keepdim), [flat], [shape],
                                   [layout], second_order=twice and rng.random() < 0.5,
                                   rng=rng, name=name)

    def test_dim_reductions(self):
        rng = random.Random(6)
        for name, f, domain, twice in DIM_REDUCE:
            for shape in [(), (1,), (4,), (2, 3), (2, 1, 3)]:
                for dim in range(-max(len(shape), 1), max(len(shape), 1)):
                    keepdim = rng.random() < 0.5
                    layout = rng.choice(["contiguous", "transposed", "strided"])
                    with self.subTest(op=name, shape=shape, dim=dim, keepdim=keepdim):
                        flat = random_values(rng, shape, domain)
                        check_grad(self, lambda x: f(x, dim, keepdim), [flat], [shape],
                                   [layout], second_order=twice and rng.random() < 0.5,
                                   rng=rng, name=name)

    def test_norm_at_zero_has_zero_gradient(self):
        x = torch.zeros(3, requires_grad=True)
        x.norm().backward()
        self.assertEqual(x.grad.tolist(), [0.0, 0.0, 0.0])
        y = torch.tensor([[0.0, 0.0], [3.0, 4.0]], requires_grad=True)
        y.norm(dim=1).sum().backward()
        assert_close(self, y.grad.tolist(), [[0.0, 0.0], [0.6, 0.8]], rtol=1e-15, atol=0)

    def test_prod_with_zeros(self):
        for values in ([2.0, 0.0, 3.0], [0.0, 0.0, 5.0], [4.0]):
            x = torch.tensor(values, requires_grad=True)
            x.prod().backward()
            expected = [math.prod(values[:i] + values[i + 1:]) for i in range(len(values))]
            self.assertEqual(x.grad.tolist(), expected)
        rng = random.Random(14)  # second order at zeros (create_graph must not divide)
        for flat, shape, dim in [([2.0, 0.0, 3.0, 0.5], (4,), None),
                                 ([2.0, 0.0, 3.0, 0.5, 0.0, 0.0], (2, 3), 1),
                                 ([0.0, 1.5, -2.0, 0.0], (2, 2), 0)]:
            with self.subTest(shape=shape, dim=dim):
                check_grad(self, lambda x: x.prod() if dim is None else x.prod(dim),
                           [flat], [shape], rng=rng, name="prod_zeros")

    def test_max_min_values_and_indices(self):
        x = torch.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 7.5]], requires_grad=True)
        values, indices = torch.max(x, dim=1)
        self.assertEqual(values.tolist(), [5.0, 7.5])
        self.assertEqual(indices.tolist(), [1, 2])
        self.assertEqual(indices.dtype, torch.int64)
        self.assertFalse(indices.requires_grad)
        values.sum().backward()
        self.assertEqual(x.grad.tolist(), [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
        v, i = x.min(0, keepdim=True)
        self.assertEqual((v.tolist(), i.tolist()), ([[1.0, 0.0, 2.0]], [[0, 1, 0]]))
        self.assertEqual(x.max().item(), 7.5)

    def test_amax_ties_share_gradient(self):
        x = torch.tensor([[3.0, 1.0, 3.0], [2.0, 2.0, 2.0]], requires_grad=True)
        x.amax(dim=1).sum().backward()
        assert_close(self, x.grad.tolist(), [[0.5, 0.0, 0.5], [1 / 3, 1 / 3, 1 / 3]])

    def test_values_match_the_core(self):
        rng = random.Random(7)
        a = lp.array([[rng.uniform(-2, 2) for _ in range(4)] for _ in range(3)])
        x = torch.as_tensor(a)
        pairs = [(x.sum(1), lp.sum(a, axis=1)), (x.mean(0), lp.mean(a, axis=0)),
                 (x.prod(1), lp.prod(a, axis=1)), (x.amax(0), lp.amax(a, axis=0)),
                 (x.var(1), lp.var(a, axis=1, ddof=1)), (x.std(0), lp.std(a, axis=0, ddof=1)),
                 (x.cumsum(1), lp.cumsum(a, axis=1)), (x.sum(), lp.sum(a)),
                 (x.norm(), lp.sqrt(lp.sum(a * a))), (x.min(), lp.amin(a))]
        for t, expected in pairs:
            assert_close(self, t.tolist(), lp.asarray(expected).tolist(), rtol=1e-12,
                         atol=1e-12)

    def test_softmax_rows_sum_to_one_and_are_stable(self):
        x = torch.tensor([[1000.0, 1000.0], [-1000.0, 0.0]])
        s = torch.softmax(x, dim=1)
        assert_close(self, s.tolist(), [[0.5, 0.5], [0.0, 1.0]])
        assert_close(self, torch.log_softmax(x, 1).tolist(),
                     [[-math.log(2), -math.log(2)], [-1000.0, 0.0]])
        assert_close(self, torch.logsumexp(x, 1).tolist(), [1000 + math.log(2), 0.0])


class TestMatmulGrads(unittest.TestCase):
    def test_matmul_shapes(self):
        rng = random.Random(8)
        for sa, sb in MATMUL_SHAPES:
            layouts = [rng.choice(["contiguous", "transposed", "strided"]) for _ in range(2)]
            with self.subTest(shapes=(sa, sb), layouts=layouts):
                flats = [random_values(rng, sa, ANY), random_values(rng, sb, ANY)]
                check_grad(self, lambda a, b: a @ b, flats, [sa, sb], layouts, rng=rng,
                           name="matmul")

    def test_mm_bmm_mv_dot_outer(self):
        rng = random.Random(9)
        cases = [(torch.mm, (2, 3), (3, 2)), (torch.bmm, (2, 2, 3), (2, 3, 1)),
                 (torch.mv, (2, 3), (3,)), (torch.dot, (3,), (3,)),
                 (torch.outer, (2,), (3,)), (torch.matmul, (3,), (3, 2))]
        for f, sa, sb in cases:
            with self.subTest(op=f.__name__):
                flats = [random_values(rng, sa, ANY), random_values(rng, sb, ANY)]
                check_grad(self, f, flats, [sa, sb], rng=rng, name=f.__name__)

    def test_matmul_values_match_the_core(self):
        rng = random.Random(10)
        for sa, sb in MATMUL_SHAPES:
            a = make_array(random_values(rng, sa, ANY), sa)
            b = make_array(random_values(rng, sb, ANY), sb)
            out = torch.as_tensor(a) @ torch.as_tensor(b)
            expected = lp.asarray(lp.matmul(a, b))
            self.assertEqual(tuple(out.shape), tuple(expected.shape))
            assert_close(self, out.tolist(), expected.tolist(), rtol=1e-12, atol=1e-12)

    def test_matmul_errors(self):
        with self.assertRaises(RuntimeError):
            torch.matmul(torch.tensor(1.0), torch.ones(2))
        with self.assertRaises(RuntimeError) as cm:
            torch.ones(2, 3) @ torch.ones(2, 3)
        self.assertIn("(2, 3)", str(cm.exception))
        with self.assertRaises(RuntimeError):
            torch.mm(torch.ones(3), torch.ones(3, 2))
        with self.assertRaises(RuntimeError):
            torch.bmm(torch.ones(2, 2, 3), torch.ones(3, 3, 2))

    def test_empty_matmul(self):
        a = torch.as_tensor(lp.zeros((2, 0))).requires_grad_()
        b = torch.as_tensor(lp.zeros((0, 3))).requires_grad_()
        out = a @ b
        self.assertEqual(out.tolist(), [[0.0] * 3] * 2)
        out.sum().backward()
        self.assertEqual(tuple(a.grad.shape), (2, 0))
        self.assertEqual(tuple(b.grad.shape), (0, 3))


SHAPE_OPS = [
    # name, f, input shape
    ("reshape", lambda x: x.reshape(3, 2), (2, 3)),
    ("reshape_-1", lambda x: x.reshape(-1) * x.reshape(6), (2, 3)),
    ("reshape_0d", lambda x: x.reshape(1, 1), ()),
    ("reshape_to_0d", lambda x: torch.reshape(x, ()), (1,)),
    ("view", lambda x: x.view(6), (3, 2)),
    ("view_as", lambda x: x.view_as(torch.zeros(6, 1)), (3, 2)),
    ("flatten", lambda x: x.flatten(), (2, 2, 2)),
    ("flatten_1", lambda x: torch.flatten(x, 1), (2, 3, 2)),
    ("flatten_0d", lambda x: x.flatten(), ()),
    ("unflatten", lambda x: x.unflatten(1, (2, 3)), (2, 6)),
    ("squeeze", lambda x: x.squeeze(), (1, 3, 1)),
    ("squeeze_dim", lambda x: x.squeeze(1), (2, 1, 3)),
    ("squeeze_not_1", lambda x: x.squeeze(0), (2, 1, 3)),
    ("squeeze_0d", lambda x: x.squeeze(), ()),
    ("unsqueeze", lambda x: x.unsqueeze(1), (2, 3)),
    ("unsqueeze_neg", lambda x: torch.unsqueeze(x, -1), (2, 3)),
    ("unsqueeze_0d", lambda x: x.unsqueeze(0), ()),
    ("transpose", lambda x: x.transpose(0, 2), (2, 3, 2)),
    ("T", lambda x: x.T, (2, 3)),
    ("t", lambda x: x.t(), (2, 3)),
    ("mT", lambda x: x.mT, (2, 2, 3)),
    ("permute", lambda x: x.permute(2, 0, 1), (2, 3, 2)),
    ("permute_tuple", lambda x: torch.permute(x, (1, 0)), (2, 3)),
    ("expand", lambda x: x.expand(2, 3, 4), (3, 1)),
    ("expand_-1", lambda x: x.expand(-1, 4), (3, 1)),
    ("expand_0d", lambda x: x.expand(3), ()),
    ("expand_as", lambda x: x.expand_as(torch.zeros(2, 3)), (1, 3)),
    ("repeat", lambda x: x.repeat(2, 3), (2, 3)),
    ("repeat_more_dims", lambda x: x.repeat(2, 1, 3), (2, 3)),
    ("repeat_0d", lambda x: x.repeat(3), ()),
    ("movedim", lambda x: x.movedim(0, -1), (2, 3, 2)),
    ("movedim_multi", lambda x: torch.movedim(x, (0, 1), (2, 0)), (2, 3, 2)),
    ("flip", lambda x: x.flip(0), (3, 2)),
    ("flip_dims", lambda x: torch.flip(x, (0, 1)), (3, 2)),
    ("roll", lambda x: x.roll(1), (2, 3)),
    ("roll_dim", lambda x: torch.roll(x, -2, 1), (2, 3)),
    ("roll_multi", lambda x: x.roll((1, -2), (0, 1)), (2, 3)),
    ("narrow", lambda x: x.narrow(1, 1, 2), (2, 4)),
    ("getitem_int", lambda x: x[1], (3, 2)),
    ("getitem_neg", lambda x: x[-1, 0], (3, 2)),
    ("getitem_slice", lambda x: x[1:, ::2], (3, 4)),
    ("getitem_ellipsis", lambda x: x[..., 1], (2, 3, 2)),
    ("getitem_none", lambda x: x[None, :, None], (2, 3)),
    ("getitem_list_repeated", lambda x: x[[0, 2, 0, 0]], (3, 2)),
    ("getitem_two_lists", lambda x: x[[0, 2, 0], [1, 1, 1]], (3, 2)),
    ("getitem_tensor_index", lambda x: x[torch.tensor([2, 2, 0])], (3, 2)),
    ("getitem_2d_index", lambda x: x[torch.tensor([[0, 1], [1, 1]])], (3, 2)),
    ("getitem_bool_mask", lambda x: x[torch.tensor([True, False, True])], (3, 2)),
    ("getitem_value_mask", lambda x: x[x > 0], (3, 2)),
    ("getitem_mixed", lambda x: x[:, [1, 0, 1]], (3, 2)),
    ("getitem_mixed_split", lambda x: x[[1, 0], :, [0, 0]], (2, 3, 2)),
    ("getitem_0d", lambda x: x[...] * x[None], ()),
    ("split", lambda x: x.split(2)[1] * x.split(2)[2].sum(), (5, 2)),
    ("split_sizes", lambda x: torch.split(x, [1, 3], 1)[1], (2, 4)),
    ("chunk", lambda x: x.chunk(3)[2], (7,)),
    ("chunk_dim", lambda x: torch.chunk(x, 2, 1)[0] * 2, (2, 5)),
    ("unbind", lambda x: x.unbind(1)[1] * x.unbind(1)[0], (2, 3)),
]


class TestShapeOpGrads(unittest.TestCase):
    def test_shape_ops(self):
        rng = random.Random(11)
        for name, f, shape in SHAPE_OPS:
            layout = rng.choice(["contiguous", "transposed", "strided"])
            with self.subTest(op=name, layout=layout):
                flat = random_values(rng, shape, ANY)
                check_grad(self, f, [flat], [shape], [layout], rng=rng, name=name)

    def test_cat_stack(self):
        rng = random.Random(12)
        cases = [
            ("cat_dim1", lambda a, b: torch.cat([a, b], 1), (2, 3), (2, 1)),
            ("cat_neg", lambda a, b: torch.cat((a, b, a), -1), (2, 3), (2, 1)),
            ("cat_dim0", lambda a, b: torch.cat([a, b]), (2, 3), (1, 3)),
            ("stack", lambda a, b: torch.stack([a, b], 1), (2, 3), (2, 3)),
            ("stack_neg", lambda a, b: torch.stack([a, b, a], -1), (2, 3), (2, 3)),
            ("stack_0d", lambda a, b: torch.stack([a, b]), (), ()),
            ("hstack", lambda a, b: torch.hstack([a, b]), (2, 3), (2, 3)),
            ("vstack", lambda a, b: torch.vstack([a, b]), (3,), (3,)),
        ]
        for name, f, sa, sb in cases:
            layouts = [rng.choice(["contiguous", "transposed", "strided"]) for _ in range(2)]
            with self.subTest(op=name):
                flats = [random_values(rng, sa, ANY), random_values(rng, sb, ANY)]
                check_grad(self, f, flats, [sa, sb], layouts, rng=rng, name=name)

    def test_repeated_indices_accumulate(self):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        x[[0, 0, 2, 0]].sum().backward()
        self.assertEqual(x.grad.tolist(), [3.0, 0.0, 1.0])
        y = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        (y[torch.tensor([1, 1]), torch.tensor([0, 0])] * torch.tensor([2.0, 5.0])).sum() \
            .backward()
        self.assertEqual(y.grad.tolist(), [[0.0, 0.0], [7.0, 0.0]])

    def test_values_match_the_core(self):
        a = lp.arange(24.0).reshape(2, 3, 4)
        x = torch.as_tensor(a)
        pairs = [(x.permute(2, 0, 1), lp.transpose(a, (2, 0, 1))),
                 (x.flip(1), lp.flip(a, 1)), (x.roll(2, 2), lp.roll(a, 2, 2)),
                 (x.roll(5), lp.roll(a, 5)), (x.movedim(0, 2), lp.moveaxis(a, 0, 2)),
                 (x.repeat(1, 2, 1), lp.tile(a, (1, 2, 1))),
                 (torch.cat([x, x], 2), lp.concatenate([a, a], axis=2)),
                 (torch.stack([x, x], 1), lp.stack([a, a], axis=1)),
                 (x[:, [2, 0]], a[:, [2, 0]]), (x[x > 10], a[a > 10]),
                 (x.flatten(1), a.reshape(2, 12))]
        for t, expected in pairs:
            self.assertEqual(tuple(t.shape), tuple(expected.shape))
            self.assertEqual(t.tolist(), expected.tolist())

    def test_shape_errors(self):
        x = torch.ones(2, 3)
        with self.assertRaises(RuntimeError):
            x.reshape(4, 2)
        with self.assertRaises(RuntimeError):
            x.expand(3, 3)
        with self.assertRaises(RuntimeError):
            torch.cat([x, torch.ones(3, 2)], 0)
        with self.assertRaises(RuntimeError):
            torch.stack([x, torch.ones(3, 2)])
        with self.assertRaises(IndexError):
            x.transpose(0, 2)
        with self.assertRaises(IndexError):
            x[5]
        with self.assertRaises(RuntimeError) as cm:
            x + torch.ones(4)
        self.assertIn("(4,)", str(cm.exception))
        with self.assertRaises(RuntimeError):
            x < torch.ones(4)
        with self.assertRaises(RuntimeError):
            torch.cat([torch.tensor(1.0), torch.tensor(2.0)])
        with self.assertRaises(RuntimeError):
            x.roll((1, 1))
        with self.assertRaises(RuntimeError):  # a view must not need a copy
            x.T.view(6)
        self.assertEqual(x.T.reshape(6).tolist(), [1.0] * 6)
        self.assertEqual(x.T.view(3, 2).shape, (3, 2))


class TestComparisons(unittest.TestCase):
    def test_comparisons_are_bool_without_grad(self):
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = torch.tensor([3.0, 2.0, 1.0])
        for result, expected in [(x < y, [True, False, False]), (x <= y, [True, True, False]),
                                 (x > y, [False, False, True]), (x >= 2, [False, True, True]),
                                 (x == y, [False, True, False]), (x != 2.0, [True, False, True]),
                                 (torch.eq(x, y), [False, True, False]),
                                 (torch.gt(x, 1.5), [False, True, True])]:
            self.assertEqual(result.dtype, torch.bool)
            self.assertFalse(result.requires_grad)
            self.assertIsNone(result.grad_fn)
            self.assertEqual(result.tolist(), expected)
        self.assertEqual((2.0 < x).tolist(), [False, False, True])

    def test_comparison_broadcasts(self):
        r = torch.tensor([[1.0], [2.0]]) > torch.tensor([0.0, 1.5, 3.0])
        self.assertEqual(r.tolist(), [[True, False, False], [True, True, False]])


class TestElementwiseValues(unittest.TestCase):
    def test_values_match_the_core(self):
        rng = random.Random(13)
        a = lp.array([rng.uniform(0.1, 2.0) for _ in range(6)]).reshape(2, 3)
        x = torch.as_tensor(a)
        pairs = [(torch.exp, lp.exp), (torch.log, lp.log), (torch.sqrt, lp.sqrt),
                 (torch.sin, lp.sin), (torch.cos, lp.cos), (torch.tan, lp.tan),
                 (torch.tanh, lp.tanh), (torch.log1p, lp.log1p), (torch.expm1, lp.expm1),
                 (torch.abs, lp.abs), (torch.neg, lp.negative), (torch.sign, lp.sign)]
        for tf, lf in pairs:
            assert_close(self, tf(x).tolist(), lf(a).tolist(), rtol=1e-14, atol=1e-14)
            assert_close(self, tf(-x if tf in (torch.abs, torch.sign, torch.neg) else x)
                         .tolist(), lf(-a if tf in (torch.abs, torch.sign, torch.neg) else a)
                         .tolist(), rtol=1e-14, atol=1e-14)
        assert_close(self, torch.sigmoid(x).tolist(), (1.0 / (1.0 + lp.exp(-a))).tolist(),
                     rtol=1e-14, atol=1e-14)
        assert_close(self, torch.relu(x - 1).tolist(), lp.maximum(a - 1, 0.0).tolist())
        assert_close(self, torch.clamp(x, 0.5, 1.5).tolist(), lp.clip(a, 0.5, 1.5).tolist())
        b = lp.array([rng.uniform(-1, 1) for _ in range(3)])
        y = torch.as_tensor(b)
        for tf, lf in [(torch.add, lp.add), (torch.sub, lp.subtract), (torch.mul, lp.multiply),
                       (torch.div, lp.divide), (torch.maximum, lp.maximum),
                       (torch.minimum, lp.minimum), (torch.pow, lp.power)]:
            assert_close(self, tf(x, y).tolist(), lf(a, b).tolist(), rtol=1e-14, atol=1e-14)
        assert_close(self, torch.where(x > 1, x, y).tolist(), lp.where(a > 1, a, b).tolist())

    def test_ieee_special_values(self):
        x = torch.tensor([0.0, -1.0, 1.0])
        self.assertEqual(torch.log(x)[0].item(), -math.inf)
        self.assertTrue(math.isnan(torch.log(x)[1].item()))
        self.assertEqual((1.0 / x).tolist(), [math.inf, -1.0, 1.0])
        self.assertTrue(math.isnan(torch.sqrt(x)[1].item()))
        self.assertEqual(torch.exp(torch.tensor([1000.0])).item(), math.inf)


if __name__ == "__main__":
    unittest.main()
