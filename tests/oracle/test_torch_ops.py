"""latpy.torch's differentiable ops cross-checked against PyTorch (CPU, float64).

Every case draws random shapes (0-d, size-1 and broadcast dimensions), random
dims / keepdim / parameters, random memory layouts for the inputs (contiguous,
transposed, strided views) and random values, runs the same expression in
latpy and in PyTorch, and compares the output's shape, dtype, requires_grad
and values, the gradients of ``backward(v)`` for a random ``v``, and -- for the
twice-differentiable ops -- second derivatives through ``create_graph=True``.
A last group compares ``repr`` of random tensors character for character.

Skipped when PyTorch is not importable.
"""

from __future__ import annotations

import math
import os
import random
import unittest
import warnings

try:
    import torch as T
except ImportError:  # pragma: no cover - the oracle needs PyTorch
    T = None

import latpy as lp
import latpy.torch as L

SEED = int(os.environ.get("LATPY_ORACLE_SEED", "0"))
CASES = 12  # random cases per op (x ~110 ops)


def _rng(n):
    return random.Random(SEED * 1000 + n)


def _size(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _nested(flat, shape):
    if not shape:
        return flat[0]
    step = _size(shape[1:])
    return [_nested(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def _latpy_leaf(flat, shape, layout):
    a = lp.array([float(v) for v in flat], dtype=float).reshape(shape) if flat else \
        lp.zeros(shape)
    if layout == "transposed" and len(shape) >= 2:
        a = a.T.copy().T
    elif layout == "strided" and len(shape) >= 1:
        big = lp.zeros(tuple(shape[:-1]) + (2 * shape[-1] + 1,))
        big[..., 1::2] = a
        a = big[..., 1::2]
    return L.as_tensor(a).requires_grad_()


def _torch_leaf(flat, shape, layout):
    t = T.tensor(flat, dtype=T.float64).reshape(shape)
    if layout == "transposed" and len(shape) >= 2:
        axes = tuple(reversed(range(len(shape))))  # as latpy's a.T.copy().T
        t = t.permute(axes).contiguous().permute(axes)
    elif layout == "strided" and len(shape) >= 1:
        big = T.zeros(tuple(shape[:-1]) + (2 * shape[-1] + 1,), dtype=T.float64)
        big[..., 1::2] = t
        t = big[..., 1::2]
    return t.detach().requires_grad_()


def _flat(value):
    if isinstance(value, list):
        return [v for item in value for v in _flat(item)]
    return [value]


class OracleCase(unittest.TestCase):
    def assertValuesClose(self, latpy_t, torch_t, what, rtol=1e-9, atol=1e-10):
        self.assertEqual(tuple(latpy_t.shape), tuple(torch_t.shape), f"{what}: shape")
        if torch_t._is_zerotensor():  # PyTorch's symbolic zeros (e.g. a zero Hessian)
            torch_t = T.zeros(torch_t.shape, dtype=torch_t.dtype)
        actual, expected = _flat(latpy_t.tolist()), _flat(torch_t.detach().tolist())
        for a, e in zip(actual, expected):
            if isinstance(e, float) and math.isnan(e):
                self.assertTrue(math.isnan(a), f"{what}: {actual} vs {expected}")
            elif isinstance(e, float) and math.isinf(e):
                self.assertEqual(a, e, f"{what}: {actual} vs {expected}")
            else:
                self.assertTrue(abs(a - e) <= atol + rtol * abs(e),
                                f"{what}: {actual} vs {expected}")


# ------------------------------------------------------------------ shapes
def _shape(rng, max_ndim=3, max_dim=4, allow_empty=False):
    ndim = rng.randint(0, max_ndim)
    low = 0 if allow_empty and rng.random() < 0.1 else 1
    return tuple(rng.randint(low, max_dim) for _ in range(ndim))


def _broadcast_pair(rng):
    """Two shapes that broadcast together (with size-1 and missing dims)."""
    out = _shape(rng, 3, 3)
    a, b = [], []
    for d in out:
        r = rng.random()
        a.append(1 if r < 0.25 else d)
        b.append(1 if 0.25 <= r < 0.5 else d)
    a = tuple(a[rng.randint(0, len(a)):]) if rng.random() < 0.3 else tuple(a)
    b = tuple(b[rng.randint(0, len(b)):]) if rng.random() < 0.3 else tuple(b)
    return a, b


def _dim_arg(rng, ndim, allow_tuple=True, allow_none=True):
    choices = []
    if allow_none:
        choices.append(None)
    n = max(ndim, 1)
    choices += list(range(-n, n))
    if allow_tuple and ndim >= 2:
        k = rng.randint(1, ndim)
        choices.append(tuple(rng.sample(range(ndim), k)))
    return rng.choice(choices)


ANY, POS, UNIT = (-2.0, 2.0), (0.3, 2.5), (-0.9, 0.9)


# ------------------------------------------------------------------ op table
# Each entry: name -> (make(rng) -> (shapes, domains, params), f(m, xs, params), twice)
def _unary(f, domain=ANY, twice=True):
    def make(rng):
        return [_shape(rng)], [domain], None
    return make, (lambda m, xs, p: f(m, xs[0])), twice


def _binary(f, dom_a=ANY, dom_b=ANY, twice=True):
    def make(rng):
        return list(_broadcast_pair(rng)), [dom_a, dom_b], None
    return make, (lambda m, xs, p: f(m, xs[0], xs[1])), twice


def _reduction(f, twice=True, allow_tuple=True, allow_none=True, need_dim=False):
    def make(rng):
        shape = _shape(rng)
        dim = _dim_arg(rng, len(shape), allow_tuple, allow_none and not need_dim)
        return [shape], [ANY], (dim, rng.random() < 0.5)
    return make, (lambda m, xs, p: f(m, xs[0], p[0], p[1])), twice


def _sum(m, x, d, k):
    return x.sum() if d is None else x.sum(d, keepdim=k)


OPS = {
    "neg": _unary(lambda m, x: -x),
    "abs": _unary(lambda m, x: m.abs(x), twice=False),
    "exp": _unary(lambda m, x: m.exp(x)),
    "log": _unary(lambda m, x: m.log(x), POS),
    "log1p": _unary(lambda m, x: x.log1p(), POS),
    "expm1": _unary(lambda m, x: m.expm1(x)),
    "sqrt": _unary(lambda m, x: m.sqrt(x), POS),
    "rsqrt": _unary(lambda m, x: m.rsqrt(x), POS),
    "sin": _unary(lambda m, x: m.sin(x)),
    "cos": _unary(lambda m, x: x.cos()),
    "tan": _unary(lambda m, x: m.tan(x), UNIT),
    "tanh": _unary(lambda m, x: m.tanh(x)),
    "sigmoid": _unary(lambda m, x: m.sigmoid(x)),
    "relu": _unary(lambda m, x: m.relu(x), twice=False),
    "square": _unary(lambda m, x: m.square(x)),
    "reciprocal": _unary(lambda m, x: x.reciprocal(), POS),
    "log2": _unary(lambda m, x: m.log2(x), POS),
    "log10": _unary(lambda m, x: m.log10(x), POS),
    "erf": _unary(lambda m, x: m.erf(x)),
    "sign": _unary(lambda m, x: m.sign(x), twice=False),
    "floor": _unary(lambda m, x: m.floor(x * 3), twice=False),
    "ceil": _unary(lambda m, x: x.ceil(), twice=False),
    "round": _unary(lambda m, x: m.round(x * 3), twice=False),
    "trunc": _unary(lambda m, x: m.trunc(x * 3), twice=False),
    "pow_scalar": _unary(lambda m, x: x ** 3),
    "pow_frac": _unary(lambda m, x: m.pow(x, 1.5), POS),
    "pow_neg": _unary(lambda m, x: x ** -2, POS),
    "pow_zero": _unary(lambda m, x: x ** 0),
    "rpow": _unary(lambda m, x: 1.7 ** x),
    "radd": _unary(lambda m, x: 2 + x),
    "rsub": _unary(lambda m, x: 2.5 - x),
    "rmul": _unary(lambda m, x: -3 * x),
    "rdiv": _unary(lambda m, x: 2 / x, POS),
    "add_scalar": _unary(lambda m, x: x + 1.5),
    "sub_scalar": _unary(lambda m, x: x - 2),
    "mul_scalar": _unary(lambda m, x: x * 0.5),
    "div_scalar": _unary(lambda m, x: x / -3),
    "clamp": _unary(lambda m, x: m.clamp(x, -0.7, 0.9), twice=False),
    "clamp_min": _unary(lambda m, x: x.clamp(min=0.1), twice=False),
    "clamp_max": _unary(lambda m, x: x.clamp(max=-0.1), twice=False),
    "clip_sq": _unary(lambda m, x: m.clip(x * x, 0.2, 3.0)),
    "where": _unary(lambda m, x: m.where(x > 0, x * x, m.exp(x))),
    "where_scalar": _unary(lambda m, x: m.where(x < 0.5, x.sin(), 0.25)),
    "clone": _unary(lambda m, x: x.clone() * x),
    "add_alpha": _unary(lambda m, x: m.add(x, x * x, alpha=-1.5)),
    "sub_alpha": _unary(lambda m, x: m.sub(x.exp(), x, alpha=3)),
    "detach_mix": _unary(lambda m, x: x * x.detach() + x),
    "add": _binary(lambda m, a, b: a + b),
    "sub": _binary(lambda m, a, b: a - b),
    "mul": _binary(lambda m, a, b: a * b),
    "div": _binary(lambda m, a, b: a / b, ANY, POS),
    "pow": _binary(lambda m, a, b: a ** b, POS, ANY),
    "add_fn": _binary(lambda m, a, b: m.add(a, b)),
    "mul_fn": _binary(lambda m, a, b: m.mul(a, b)),
    "div_fn": _binary(lambda m, a, b: m.div(a, b), ANY, POS),
    "pow_fn": _binary(lambda m, a, b: m.pow(a, b), POS, ANY),
    "maximum": _binary(lambda m, a, b: m.maximum(a, b), twice=False),
    "minimum": _binary(lambda m, a, b: m.minimum(a, b), twice=False),
    "where2": _binary(lambda m, a, b: m.where(a > b, a * b, b.exp())),
    "clamp_t": _binary(lambda m, a, b: m.clamp(a, min=b), twice=False),
    "mixed": _binary(lambda m, a, b: (a * b).sin() / (1.0 + b * b) - a.exp() * b),
    "sum": _reduction(_sum),
    "sum_sq": _reduction(lambda m, x, d, k: _sum(m, x * x, d, k)),
    "mean": _reduction(lambda m, x, d, k: x.mean() if d is None else m.mean(x, d, k)),
    "prod": _reduction(lambda m, x, d, k: x.prod() if d is None else x.prod(d, keepdim=k),
                       allow_tuple=False),
    "amax": _reduction(lambda m, x, d, k: x.amax() if d is None else m.amax(x, d, k),
                       twice=False),
    "amin": _reduction(lambda m, x, d, k: x.amin() if d is None else x.amin(d, keepdim=k),
                       twice=False),
    "max_all": _reduction(lambda m, x, d, k: (x * x).max()),
    "min_all": _reduction(lambda m, x, d, k: m.min(x.exp())),
    "max_dim": _reduction(lambda m, x, d, k: m.max(x.exp(), d, k)[0], allow_tuple=False,
                          need_dim=True),
    "min_dim": _reduction(lambda m, x, d, k: x.min(dim=d, keepdim=k).values,
                          twice=False, allow_tuple=False, need_dim=True),
    "var": _reduction(lambda m, x, d, k: x.var() if d is None else x.var(d, keepdim=k)),
    "var_biased": _reduction(lambda m, x, d, k: m.var(x, d, unbiased=False, keepdim=k)),
    "var_correction": _reduction(lambda m, x, d, k: m.var(x, d, correction=0, keepdim=k)),
    "std": _reduction(lambda m, x, d, k: x.std() if d is None else m.std(x, d, keepdim=k)),
    "norm": _reduction(lambda m, x, d, k: x.norm(dim=d, keepdim=k)),
    "norm_p1": _reduction(lambda m, x, d, k: m.norm(x, 1, d, k), twice=False),
    "norm_p3": _reduction(lambda m, x, d, k: x.norm(3, d, k)),
    "norm_inf": _reduction(lambda m, x, d, k: x.norm(float("inf"), d, k), twice=False),
    "logsumexp": _reduction(lambda m, x, d, k: m.logsumexp(x, d, k), need_dim=True),
    "softmax": _reduction(lambda m, x, d, k: m.softmax(x, d), allow_tuple=False,
                          need_dim=True),
    "log_softmax": _reduction(lambda m, x, d, k: x.log_softmax(d), allow_tuple=False,
                              need_dim=True),
    "cumsum": _reduction(lambda m, x, d, k: m.cumsum(x * x, d), allow_tuple=False,
                         need_dim=True),
}


def _matmul_make(rng):
    kind = rng.choice(["1x1", "2x1", "1x2", "2x2", "batch", "bcast", "1xb", "bx1"])
    n, k, p = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
    b = rng.randint(1, 3)
    shapes = {"1x1": [(k,), (k,)], "2x1": [(n, k), (k,)], "1x2": [(k,), (k, p)],
              "2x2": [(n, k), (k, p)], "batch": [(b, n, k), (b, k, p)],
              "bcast": [(b, 1, n, k), (2, k, p)], "1xb": [(k,), (b, k, p)],
              "bx1": [(b, n, k), (k,)]}[kind]
    return shapes, [ANY, ANY], None


OPS["matmul"] = (_matmul_make, lambda m, xs, p: xs[0] @ xs[1], True)
OPS["matmul_fn"] = (_matmul_make, lambda m, xs, p: m.matmul(xs[0], xs[1]), True)


def _mm_make(rng):
    n, k, p = (rng.randint(1, 3) for _ in range(3))
    return [(n, k), (k, p)], [ANY, ANY], rng.randint(1, 3)


OPS["mm"] = (_mm_make, lambda m, xs, p: m.mm(xs[0], xs[1]), True)
OPS["bmm"] = (_mm_make, lambda m, xs, p: m.bmm(xs[0].unsqueeze(0).expand(p, -1, -1),
                                               xs[1].unsqueeze(0).expand(p, -1, -1)), True)


def _shape_op(f, min_ndim=0, max_ndim=3):
    def make(rng):
        shape = _shape(rng, max_ndim)
        while len(shape) < min_ndim:
            shape = _shape(rng, max_ndim)
        return [shape], [ANY], rng.random()
    return make, (lambda m, xs, p: f(m, xs[0], p)), True


def _pick_dim(x, u):
    n = max(x.dim(), 1)
    return int(u * 2 * n) - n


def _unflatten(m, x, u):
    if x.dim() == 0:
        return x.reshape(1)
    d = _pick_dim(x, u)
    return x.unflatten(d, (1, x.shape[d], 1))


def _permutation(x, u):
    order = list(range(x.dim()))
    random.Random(u).shuffle(order)
    return order


def _repeat_sizes(x, u):
    extra = int(u * 2) + (x.dim() == 0)
    return [1 + (int(u * 10 + i) % 3) for i in range(x.dim() + extra)]


def _getitem_basic(m, x, u):
    if x.dim() == 0:
        return x[None] * x[...]
    n = x.shape[0]
    key = (slice(int(u * n), None, 1 + int(u * 3)),) + (Ellipsis,) + \
        ((int(u * x.shape[-1]) - x.shape[-1],) if x.dim() > 1 else ())
    return x[key]


def _getitem_advanced(m, x, u):
    if x.dim() == 0:
        return x.reshape(1)[[0, 0]]
    rng = random.Random(u)
    idx = [rng.randrange(x.shape[0]) for _ in range(4)]  # repeated indices accumulate
    if x.dim() >= 2 and u < 0.5:
        other = [rng.randrange(x.shape[1]) for _ in range(4)]
        return x[m.tensor(idx), m.tensor(other)]
    if x.dim() >= 2:
        return x[:, [rng.randrange(x.shape[1]) for _ in range(3)]]
    return x[idx]


def _getitem_mask(m, x, u):
    return x[x > u - 0.5]


def _split(m, x, u):
    if x.dim() == 0:
        return x.reshape(1).split(1)[0]
    d = _pick_dim(x, u)
    parts = x.split(1 + int(u * 2), d)
    return parts[-1] * 2 + parts[0].sum()


def _chunk(m, x, u):
    if x.dim() == 0:
        return x.reshape(1).chunk(2)[0]
    parts = m.chunk(x, 1 + int(u * 3), _pick_dim(x, u))
    return parts[0] * parts[-1].sum()


OPS.update({
    "reshape": _shape_op(lambda m, x, u: x.reshape(-1)),
    "reshape_split": _shape_op(lambda m, x, u: m.reshape(x, (1,) + tuple(x.shape) + (1,))),
    "view": _shape_op(lambda m, x, u: x.view(tuple(reversed(x.shape)))),
    "flatten": _shape_op(lambda m, x, u: x.flatten()),
    "flatten_from": _shape_op(lambda m, x, u: m.flatten(x, 1), min_ndim=2),
    "unflatten": _shape_op(_unflatten),
    "squeeze": _shape_op(lambda m, x, u: x.reshape((1,) + tuple(x.shape)).squeeze()),
    "squeeze_dim": _shape_op(lambda m, x, u: x.squeeze(_pick_dim(x, u))),
    "unsqueeze": _shape_op(lambda m, x, u: x.unsqueeze(int(u * (2 * x.dim() + 2))
                                                         - x.dim() - 1)),
    "transpose": _shape_op(lambda m, x, u: m.transpose(x, 0, -1), min_ndim=1),
    "t": _shape_op(lambda m, x, u: x.t(), max_ndim=2),
    "permute": _shape_op(lambda m, x, u: x.permute(_permutation(x, u))),
    "movedim": _shape_op(lambda m, x, u: m.movedim(x, 0, _pick_dim(x, u)), min_ndim=1),
    "expand": _shape_op(lambda m, x, u: x.unsqueeze(-1).expand(
        *([2] + [-1] * x.dim() + [3]))),
    "expand_as": _shape_op(lambda m, x, u: x.unsqueeze(0).expand_as(
        m.zeros((2,) + tuple(x.shape), dtype=m.float64))),
    "repeat": _shape_op(lambda m, x, u: x.repeat(*_repeat_sizes(x, u))),
    "flip": _shape_op(lambda m, x, u: m.flip(x, [_pick_dim(x, u)]), min_ndim=1),
    "roll": _shape_op(lambda m, x, u: x.roll(int(u * 7) - 3)),
    "roll_dim": _shape_op(lambda m, x, u: m.roll(x, int(u * 7) - 3, _pick_dim(x, u)),
                          min_ndim=1),
    "getitem_basic": _shape_op(_getitem_basic),
    "getitem_advanced": _shape_op(_getitem_advanced),
    "getitem_mask": _shape_op(_getitem_mask),
    "split": _shape_op(_split),
    "chunk": _shape_op(_chunk),
    "unbind": _shape_op(lambda m, x, u: m.stack(x.unbind(0)[::-1]), min_ndim=1),
    "narrow": _shape_op(lambda m, x, u: x.narrow(0, int(u * x.shape[0]),
                                                 x.shape[0] - int(u * x.shape[0])),
                        min_ndim=1),
})


def _cat_make(rng):
    shape = list(_shape(rng, 3))
    if not shape:
        shape = [2]
    d = rng.randrange(len(shape))
    other = list(shape)
    other[d] = rng.randint(1, 3)
    return [tuple(shape), tuple(other)], [ANY, ANY], d - len(shape) * rng.randint(0, 1)


def _stack_make(rng):
    shape = _shape(rng, 3)
    return [shape, shape], [ANY, ANY], rng.randint(-len(shape) - 1, len(shape))


OPS["cat"] = (_cat_make, lambda m, xs, d: m.cat([xs[0], xs[1], xs[0]], d), True)
OPS["stack"] = (_stack_make, lambda m, xs, d: m.stack([xs[0], xs[1] * xs[0]], d), True)


def _run(m, op, flats, shapes, layouts, params, leaf):
    xs = [leaf(fl, s, lay) for fl, s, lay in zip(flats, shapes, layouts)]
    return xs, op(m, xs, params)


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestOpsVsTorch(OracleCase):
    def setUp(self):
        warnings.simplefilter("ignore")

    def _case(self, name, make, op, twice, rng):
        shapes, domains, params = make(rng)
        flats = [[rng.uniform(*dom) for _ in range(_size(s))] for s, dom in zip(shapes, domains)]
        layouts = [rng.choice(["contiguous", "transposed", "strided"]) for _ in shapes]
        what = f"{name} shapes={shapes} params={params} layouts={layouts}"
        try:
            txs, tout = _run(T, op, flats, shapes, layouts, params, _torch_leaf)
        except (RuntimeError, IndexError, ValueError) as e:
            with self.assertRaises(type(e), msg=what):
                _run(L, op, flats, shapes, layouts, params, _latpy_leaf)
            return
        lxs, lout = _run(L, op, flats, shapes, layouts, params, _latpy_leaf)
        self.assertValuesClose(lout, tout, what)
        self.assertEqual(str(lout.dtype), str(tout.dtype), what)
        self.assertEqual(lout.requires_grad, tout.requires_grad, what)
        # first order
        v = [rng.uniform(-1, 1) for _ in range(_size(tuple(tout.shape)))]
        tv = T.tensor(v, dtype=T.float64).reshape(tout.shape)
        lv = L.tensor(v).reshape(tuple(tout.shape))
        tout.backward(tv)
        lout.backward(lv)
        for i, (lx, tx) in enumerate(zip(lxs, txs)):
            if tx.grad is None:
                self.assertTrue(lx.grad is None or not any(_flat(lx.grad.tolist())), what)
                continue
            self.assertIsNotNone(lx.grad, f"{what}: grad {i} is None")
            self.assertValuesClose(lx.grad, tx.grad, f"{what}: grad {i}", 1e-8, 1e-9)
        # second order, d/dx sum(grad(sum(f(x) * v), x) * u), for every op (the
        # piecewise-linear ones must give zero Hessians)
        txs, tout = _run(T, op, flats, shapes, layouts, params, _torch_leaf)
        lxs, lout = _run(L, op, flats, shapes, layouts, params, _latpy_leaf)
        tg = T.autograd.grad(tout, txs, tv, create_graph=True, allow_unused=True)
        lg = L.autograd.grad(lout, lxs, lv, create_graph=True, allow_unused=True)
        for i, (a, b) in enumerate(zip(lg, tg)):
            if a is not None and b is not None and b.requires_grad:  # differentiable again
                self.assertTrue(a.requires_grad, f"{what}: create_graph grad {i}")
        us = [[rng.uniform(-1, 1) for _ in range(_size(s))] for s in shapes]
        tm = sum((g * T.tensor(u, dtype=T.float64).reshape(s)).sum()
                 for g, u, s in zip(tg, us, shapes) if g is not None)
        lm = sum((g * L.tensor(u).reshape(s)).sum()
                 for g, u, s in zip(lg, us, shapes) if g is not None)
        if not (isinstance(tm, T.Tensor) and tm.requires_grad):
            return
        if twice:  # a twice-differentiable op must record its backward under create_graph
            self.assertTrue(isinstance(lm, L.Tensor) and lm.requires_grad, what)
        th = T.autograd.grad(tm, txs, allow_unused=True)
        if not (isinstance(lm, L.Tensor) and lm.requires_grad):
            for h in th:  # latpy's first gradient is constant: PyTorch's second is 0
                self.assertTrue(h is None or h._is_zerotensor() or not h.abs().sum().item(),
                                what)
            return
        lh = L.autograd.grad(lm, lxs, allow_unused=True)
        for i, (a, b) in enumerate(zip(lh, th)):
            if b is None or a is None:
                zero = a if b is None else b
                self.assertTrue(zero is None or (zero is b and b._is_zerotensor()) or
                                not any(_flat(zero.tolist())), f"{what}: 2nd {i}")
                continue
            self.assertValuesClose(a, b, f"{what}: 2nd order {i}", 1e-7, 1e-8)

    def test_every_op(self):
        for n, (name, (make, op, twice)) in enumerate(sorted(OPS.items())):
            rng = _rng(n)
            for case in range(CASES):
                with self.subTest(op=name, case=case):
                    self._case(name, make, op, twice, rng)

    def test_op_count(self):
        self.assertGreaterEqual(len(OPS) * CASES, 800)


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestSpecialValuesVsTorch(OracleCase):
    def test_unary_at_special_points(self):
        values = [0.0, -0.0, 1.0, -1.0, math.inf, -math.inf, math.nan, 1e-300, 700.0, -700.0]
        for name in ["exp", "log", "log1p", "expm1", "sqrt", "sin", "tanh", "sigmoid",
                     "relu", "abs", "sign", "rsqrt", "reciprocal", "erf"]:
            with self.subTest(op=name), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = getattr(T, name)(T.tensor(values, dtype=T.float64))
                la = getattr(L, name)(L.tensor(values))
                self.assertValuesClose(la, t, name)

    def test_grads_at_kinks_match(self):
        x = [-1.0, 0.0, 1.0, 2.0, 2.0]
        cases = [lambda m, t: m.relu(t), lambda m, t: m.abs(t), lambda m, t: t.clamp(0, 1),
                 lambda m, t: m.maximum(t, m.zeros(5, dtype=m.float64)),
                 lambda m, t: t.amax(), lambda m, t: t.max(0)[0], lambda m, t: t.norm(),
                 lambda m, t: t.sqrt().sum(), lambda m, t: (t ** 2.0).sum(),
                 lambda m, t: (m.zeros(5, dtype=m.float64) ** t).sum(),
                 lambda m, t: t.prod(), lambda m, t: (t - t.detach()).norm(),
                 lambda m, t: (t * t.detach().sign()).norm(dim=0, keepdim=True)]
        for i, f in enumerate(cases):
            with self.subTest(case=i), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tx = T.tensor(x, dtype=T.float64, requires_grad=True)
                lx = L.tensor(x, requires_grad=True)
                f(T, tx).sum().backward()
                f(L, lx).sum().backward()
                self.assertValuesClose(lx.grad, tx.grad, f"case {i}")


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestDtypesVsTorch(OracleCase):
    def setUp(self):
        self._default = T.get_default_dtype()
        T.set_default_dtype(T.float64)  # latpy's float dtype for int/bool -> float results

    def tearDown(self):
        T.set_default_dtype(self._default)

    def test_result_dtypes(self):
        data = {"f": [1.5, -2.0], "i": [3, -4], "b": [True, False]}
        exprs = [lambda m, a, b: a + b, lambda m, a, b: a * b, lambda m, a, b: a / b,
                 lambda m, a, b: a - 1, lambda m, a, b: a * 2.5, lambda m, a, b: a ** 2,
                 lambda m, a, b: a < b, lambda m, a, b: a.sum(), lambda m, a, b: a.abs(),
                 lambda m, a, b: a.max(), lambda m, a, b: m.maximum(a, b),
                 lambda m, a, b: m.where(a > 0, a, b), lambda m, a, b: a.cumsum(0),
                 lambda m, a, b: a.prod(), lambda m, a, b: -a if a.dtype != m.bool else ~a,
                 lambda m, a, b: a.relu(), lambda m, a, b: a.clamp(0, 1),
                 lambda m, a, b: a.exp(), lambda m, a, b: a.sqrt(),
                 lambda m, a, b: a.reshape(2, 1), lambda m, a, b: a[0]]
        for i, f in enumerate(exprs):
            for ka in "fib":
                for kb in "fib":
                    with self.subTest(expr=i, a=ka, b=kb):
                        try:
                            t = f(T, T.tensor(data[ka]), T.tensor(data[kb]))
                        except RuntimeError:
                            continue
                        la = f(L, L.tensor(data[ka]), L.tensor(data[kb]))
                        tdt = str(t.dtype).replace("float32", "float64")
                        self.assertEqual(str(la.dtype), tdt)
                        self.assertValuesClose(la.double(), t.double(), f"expr {i}")

    def test_tensor_dtype_inference(self):
        for data in ([1, 2], [1.0, 2], [True, False], 3, 2.5, True, [[1, 2], [3, 4]],
                     [], [[]], [True, 2]):
            with self.subTest(data=data):
                t = T.tensor(data)
                la = L.tensor(data)
                self.assertEqual(str(la.dtype), str(t.dtype).replace("float32", "float64"))
                self.assertEqual(tuple(la.shape), tuple(t.shape))


@unittest.skipUnless(T is not None, "PyTorch is not installed")
class TestReprVsTorch(unittest.TestCase):
    def setUp(self):
        self._default = T.get_default_dtype()
        T.set_default_dtype(T.float64)  # latpy's default dtype, not named in reprs

    def tearDown(self):
        T.set_default_dtype(self._default)

    def test_random_tensors_print_like_pytorch(self):
        rng = _rng(999)
        for case in range(600):
            big = rng.random() < 0.04
            ndim = rng.choice([0, 1, 1, 2, 2, 3, 4])
            shape = [rng.randint(0, 4) if not big else rng.randint(1, 40) for _ in range(ndim)]
            if big and ndim == 1:
                shape = [rng.randint(900, 1500)]
            kind = rng.choice(["f", "f", "f", "i", "b", "fint"])
            scale = 10 ** rng.randint(-9, 12)

            def value():
                if kind == "i":
                    return rng.randint(-10 ** rng.randint(0, 12), 10 ** rng.randint(0, 12))
                if kind == "b":
                    return rng.random() < 0.5
                if kind == "fint":
                    return float(rng.randint(-1000, 1000)) * rng.choice([1, 1, 1e6, 1e9])
                if rng.random() < 0.05:
                    return rng.choice([math.nan, math.inf, -math.inf, 0.0, -0.0])
                return rng.uniform(-1, 1) * scale

            flat = [value() for _ in range(_size(shape))]
            dtype = {"f": "float64", "fint": "float64", "i": "int64", "b": "bool"}[kind]
            t = T.tensor(flat, dtype=getattr(T, dtype)).reshape(shape)
            la = L.tensor(flat, dtype=getattr(L, dtype)).reshape(tuple(shape))
            if kind in ("f", "fint") and rng.random() < 0.3:
                t.requires_grad_()
                la.requires_grad_()
            with self.subTest(case=case, shape=shape, kind=kind):
                self.assertEqual(repr(la), repr(t))
                self.assertEqual(str(la), str(t))

    def test_grad_fn_names_of_primitives(self):
        for f in [lambda m, x: x * 2, lambda m, x: x.sum(), lambda m, x: x.mean(),
                  lambda m, x: x.exp(), lambda m, x: x + 1, lambda m, x: x - 1,
                  lambda m, x: x / 2, lambda m, x: x.relu(), lambda m, x: x.sigmoid(),
                  lambda m, x: x.clone(), lambda m, x: -x, lambda m, x: x ** 2,
                  lambda m, x: x.sin(), lambda m, x: x.tanh(), lambda m, x: x.abs(),
                  lambda m, x: x.sign(), lambda m, x: x.permute(0), lambda m, x: x.cumsum(0),
                  lambda m, x: m.cat([x, x]), lambda m, x: x.amax(), lambda m, x: x.prod(),
                  lambda m, x: x.log(), lambda m, x: x.sqrt(), lambda m, x: x.expand(2, 2)]:
            with self.subTest(repr=repr(f(T, T.ones(2, requires_grad=True)))):
                self.assertEqual(repr(f(L, L.ones(2, requires_grad=True))),
                                 repr(f(T, T.ones(2, requires_grad=True))))


if __name__ == "__main__":
    unittest.main()
