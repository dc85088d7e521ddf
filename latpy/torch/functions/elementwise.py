"""Elementwise primitives: arithmetic, transcendental functions, activations.

Each class is one graph node type: ``forward`` on arrays, and three lines
below it the derivative, written with operators and :mod:`dual` functions so
it runs on arrays (plain backward) and on Tensors (``create_graph=True``).
Broadcasting is undone by the engine, so binary backwards return gradients of
the broadcast shape.
"""

from __future__ import annotations

import math

from ...core import ufuncs as U
from ...core.dtypes import F64 as _F64
from ...core.ndarray import NDArray
from ..function import Op
from . import dual as D


def _is_array(v) -> bool:
    return isinstance(v, NDArray) or hasattr(v, "__array_namespace__")


# ------------------------------------------------------------------ arithmetic
class Add(Op):
    """z = a + b;  da = dz,  db = dz"""

    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output, grad_output


class Sub(Op):
    """z = a - b;  da = dz,  db = -dz"""

    @staticmethod
    def forward(ctx, a, b):
        return a - b

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output, -grad_output


class Mul(Op):
    """z = a * b;  da = dz * b,  db = dz * a"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a * b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        da, db = ctx.inputs  # an input needs a gradient iff it is recorded (not None)
        return (grad_output * b if da is not None else None), \
            (grad_output * a if db is not None else None)


class Div(Op):
    """z = a / b;  da = dz / b,  db = -dz * a / b**2"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a / b

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        da, db = ctx.inputs
        return (grad_output / b if da is not None else None), \
            (-grad_output * a / (b * b) if db is not None else None)


class Neg(Op):
    """z = -a;  da = -dz"""

    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad_output):
        return -grad_output


class Pow(Op):
    """z = a ** b;  da = dz * b * a**(b-1),  db = dz * z * log(a)"""

    @staticmethod
    def forward(ctx, a, b):
        try:
            z = a ** b
        except ValueError as e:  # no broadcast / int to a negative int power
            raise RuntimeError(str(e)) from None
        ctx.save_for_backward(a, b, z)
        return z

    @staticmethod
    def backward(ctx, grad_output):
        a, b, z = ctx.saved_tensors
        da, db = ctx.needs_input_grad
        ga = gb = None
        if da:
            ga = grad_output * b * a ** (b - 1) if not (isinstance(b, (int, float)) and b == 0) \
                else grad_output * 0.0
        if db:
            # d/db a**b = a**b log a; where a == 0 and b >= 0, PyTorch uses 0 (not nan)
            rb = D.raw(b)
            if isinstance(a, (int, float)):
                log_a = math.log(a) if a > 0 else (
                    D.where(rb >= 0, 0.0, -math.inf) if a == 0 else math.nan)
            else:
                skip = D.raw(a) == 0
                skip = (skip if rb >= 0 else skip & False) if isinstance(rb, (int, float)) \
                    else skip & (rb >= 0)
                log_a = D.where(skip, 0.0, D.log(D.where(skip, 1.0, a)))
            gb = grad_output * z * log_a
        return ga, gb


# ------------------------------------------------------------------ unary maths
class Exp(Op):
    """y = exp(x);  dx = dy * y"""

    @staticmethod
    def forward(ctx, x):
        y = U.exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * y


class Log(Op):
    """y = log(x);  dx = dy / x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.log(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / x


class Log1p(Op):
    """y = log(1 + x);  dx = dy / (1 + x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.log1p(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / (x + 1.0)


class Expm1(Op):
    """y = exp(x) - 1;  dx = dy * (y + 1)"""

    @staticmethod
    def forward(ctx, x):
        y = U.expm1(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * (y + 1.0)


class Sqrt(Op):
    """y = sqrt(x);  dx = dy / (2 y)"""

    @staticmethod
    def forward(ctx, x):
        y = U.sqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output / (y * 2.0)


class Sin(Op):
    """y = sin(x);  dx = dy * cos(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.sin(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * D.cos(x)


class Cos(Op):
    """y = cos(x);  dx = -dy * sin(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.cos(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return -grad_output * D.sin(x)


class Tan(Op):
    """y = tan(x);  dx = dy * (1 + y**2)"""

    @staticmethod
    def forward(ctx, x):
        y = U.tan(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * (y * y + 1.0)


class Tanh(Op):
    """y = tanh(x);  dx = dy * (1 - y**2)"""

    @staticmethod
    def forward(ctx, x):
        y = U.tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * (1.0 - y * y)


def _sigmoid_value(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


class Sigmoid(Op):
    """y = 1 / (1 + exp(-x));  dx = dy * y * (1 - y)"""

    @staticmethod
    def forward(ctx, x):
        from ...core.ndarray import _elements, _make
        y = _make([_sigmoid_value(v) for v in _elements(x)], x.shape, _F64) \
            if isinstance(x, NDArray) else 1.0 / (1.0 + D.xp.exp(-x))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output * y * (1.0 - y)


class Abs(Op):
    """y = |x|;  dx = dy * sign(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return abs(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        # sign(x) of the Tensor in graph mode: a zero second derivative, but the first
        # gradient stays connected to x (requires grad), as in PyTorch
        return grad_output * D.sign(x)


class Relu(Op):
    """y = max(x, 0);  dx = dy * (y > 0)"""

    @staticmethod
    def forward(ctx, x):
        y = U.maximum(x, 0.0 if x.dtype.kind == "f" else 0)  # int stays int, as PyTorch
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        if type(y) is not type(D.raw(y)):  # graph mode: sign(y) is the same 0/1 mask,
            return grad_output * D.sign(y)  # connected to y (as PyTorch's threshold)
        return grad_output * (y > 0)


def _erf_array(x):
    from ...core.ndarray import _elements, _make
    return _make(list(map(math.erf, _elements(x))), x.shape, x.dtype)


class Erf(Op):
    """y = erf(x);  dx = dy * 2/sqrt(pi) * exp(-x**2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _erf_array(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * (2.0 / math.sqrt(math.pi)) * D.exp(-(x * x))


class Maximum(Op):
    """z = max(a, b);  da = dz * [a > b] + dz/2 * [a == b],  db likewise (ties split)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return U.maximum(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        ra, rb = D.raw(a), D.raw(b)
        share_a = (ra > rb) * 1.0 + (ra == rb) * 0.5
        return grad_output * share_a, grad_output * (1.0 - share_a)


class Minimum(Op):
    """z = min(a, b);  da = dz * [a < b] + dz/2 * [a == b],  db likewise"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return U.minimum(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        ra, rb = D.raw(a), D.raw(b)
        share_a = (ra < rb) * 1.0 + (ra == rb) * 0.5
        return grad_output * share_a, grad_output * (1.0 - share_a)


class Where(Op):
    """z = cond ? a : b;  da = dz * cond,  db = dz * !cond"""

    @staticmethod
    def forward(ctx, cond, a, b):
        ctx.save_for_backward(cond)  # saved as PyTorch does (a second backward raises)
        return U.where(cond, a, b)

    @staticmethod
    def backward(ctx, grad_output):
        cond = D.raw(ctx.saved_tensors[0])
        zero = D.zeros_like(grad_output)
        return None, D.where(cond, grad_output, zero), D.where(cond, zero, grad_output)


class Clamp(Op):
    """y = clamp(x, lo, hi);  dx = dy * [lo <= x <= hi]"""

    @staticmethod
    def forward(ctx, x, lo=None, hi=None):
        mask = None
        y = x
        if lo is not None:
            y = U.maximum(y, lo)
            mask = x >= lo
        if hi is not None:
            y = U.minimum(y, hi)
            mask = (x <= hi) if mask is None else mask & (x <= hi)
        ctx.save_for_backward(mask)
        return y if y is not x else x.copy()

    @staticmethod
    def backward(ctx, grad_output):
        mask = D.raw(ctx.saved_tensors[0])
        return grad_output * mask if mask is not None else grad_output


class Scale(Op):
    """y = x * c for a Python number c (nothing saved but c);  dx = dy * c"""

    @staticmethod
    def forward(ctx, x, c):
        ctx.c = c
        return x * c

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.c


class ZeroDerivative(Op):
    """y = f(x) for a piecewise-constant f (sign, floor, round, ...);  dx = 0"""

    @staticmethod
    def forward(ctx, x, fn):
        return fn(x)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * 0.0


class Sign(ZeroDerivative):
    """y = sign(x);  dx = 0"""


class Floor(ZeroDerivative):
    """y = floor(x);  dx = 0"""


class Ceil(ZeroDerivative):
    """y = ceil(x);  dx = 0"""


class Round(ZeroDerivative):
    """y = round(x);  dx = 0"""


class Trunc(ZeroDerivative):
    """y = trunc(x);  dx = 0"""


def where(cond, a, b):
    """Differentiable ``where`` for Tensors/arrays/numbers (cond is a constant)."""
    from ..tensor import Tensor
    c = cond.data if isinstance(cond, Tensor) else cond
    if not _is_array(c):
        from ...core.creation import asarray
        c = asarray(c)
    return Where.apply(c, a, b)


class Mask(Op):
    """y = x where mask else 0 (a constant mask: tril, triu);  dx = dy where mask else 0

    Nothing is saved for backward (the mask is a constant, kept on ctx), so, as
    PyTorch's TrilBackward, a second backward through it is allowed.
    """

    @staticmethod
    def forward(ctx, x, mask):
        ctx.mask = mask
        return U.where(mask, x, x.dtype.type(0) if x.dtype is not _F64 else 0.0)

    @staticmethod
    def backward(ctx, grad_output):
        return D.where(ctx.mask, grad_output, 0.0), None
