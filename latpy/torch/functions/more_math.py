"""More elementwise primitives: hyperbolic and inverse trig functions,
``atan2``, ``hypot``, ``fmod``/``remainder``, ``xlogy``, and the zero derivative
of rounded division.

They are primitives because composing them loses precision (``sinh = (e^x -
e^-x)/2`` near 0). Each derivative sits three lines below its forward, written
with operators and :mod:`dual` functions that work on arrays and on Tensors, so
``create_graph=True`` works. The Tensor-level functions (``torch.sinh``, ...)
are in :mod:`latpy.torch.extra_ops`.
"""

from __future__ import annotations

from ...core import ufuncs as U
from ..function import Op
from ..tensor import Tensor
from . import dual as D


def _call(fn_name, x):
    """`fn_name`(x) on an array (backend ufunc) or on a Tensor (differentiable op)."""
    if type(x) is Tensor:
        from .. import extra_ops  # the Tensor-level functions, built on these primitives
        return getattr(extra_ops, fn_name)(x)
    return getattr(U, fn_name)(x)


class Sinh(Op):
    """y = sinh(x);  dx = dy * cosh(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.sinh(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * _call("cosh", x)


class Cosh(Op):
    """y = cosh(x);  dx = dy * sinh(x)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.cosh(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output * _call("sinh", x)


class Asin(Op):
    """y = asin(x);  dx = dy / sqrt(1 - x**2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.arcsin(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / D.sqrt(1.0 - x * x)


class Acos(Op):
    """y = acos(x);  dx = -dy / sqrt(1 - x**2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.arccos(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return -grad_output / D.sqrt(1.0 - x * x)


class Atan(Op):
    """y = atan(x);  dx = dy / (1 + x**2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.arctan(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / (x * x + 1.0)


class Asinh(Op):
    """y = asinh(x);  dx = dy / sqrt(x**2 + 1)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.arcsinh(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / D.sqrt(x * x + 1.0)


class Acosh(Op):
    """y = acosh(x);  dx = dy / sqrt(x**2 - 1)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.arccosh(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / D.sqrt(x * x - 1.0)


class Atanh(Op):
    """y = atanh(x);  dx = dy / (1 - x**2)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return U.arctanh(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        return grad_output / (1.0 - x * x)


class Atan2(Op):
    """z = atan2(a, b);  da = dz * b / (a**2 + b**2),  db = -dz * a / (a**2 + b**2)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return U.arctan2(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        scale = grad_output / (a * a + b * b)
        return scale * b, -scale * a


class Hypot(Op):
    """z = sqrt(a**2 + b**2);  da = dz * a / z,  db = dz * b / z"""

    @staticmethod
    def forward(ctx, a, b):
        z = U.hypot(a, b)
        ctx.save_for_backward(a, b, z)
        return z

    @staticmethod
    def backward(ctx, grad_output):
        a, b, z = ctx.saved_tensors
        return grad_output * a / z, grad_output * b / z


class Fmod(Op):
    """z = a - trunc(a / b) * b;  da = dz,  db = -dz * trunc(a / b)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return U.fmod(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output, -grad_output * D.like(U.trunc(D.raw(a) / D.raw(b)), grad_output)


class Remainder(Op):
    """z = a - floor(a / b) * b;  da = dz,  db = -dz * floor(a / b)"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return U.remainder(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        return grad_output, -grad_output * D.like(U.floor(D.raw(a) / D.raw(b)), grad_output)


class Xlogy(Op):
    """z = a * log(b) (0 where a == 0);  da = dz * log(b),  db = dz * a / b"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        zero = (a == 0) & ~U.isnan(b * 1.0)
        return U.where(zero, 0.0, a * U.log(U.where(zero, 1.0, b)))

    @staticmethod
    def backward(ctx, grad_output):
        a, b = ctx.saved_tensors
        ra, rb = D.raw(a), D.raw(b)
        skip = (ra == 0) & (rb <= 0)  # PyTorch masks log(b) where a == 0 and b <= 0
        safe_b = D.where(skip, 1.0, b)
        return D.where(skip, 0.0, grad_output * D.log(safe_b)), grad_output * a / b


class ZeroDerivative2(Op):
    """z = f(a, b) for a piecewise-constant f (rounded division);  da = 0,  db = 0"""

    @staticmethod
    def forward(ctx, a, b, fn):
        return fn(a, b)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * 0.0, grad_output * 0.0
