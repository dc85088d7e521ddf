"""The Tensor API: operators, methods and free functions, built on the primitives.

Primitives (``functions/*.py``) carry derivatives; everything here either
applies one of them or is *composed* from them (``mean = sum / n``,
``softmax = exp(x - max) / sum``), so it needs no backward of its own.
Reductions live in :mod:`latpy.torch.reduce_ops` and comparisons in
:mod:`latpy.torch.compare_ops`; both are re-exported from here, so ``ops.sum``,
``ops.eq`` ... (and ``from latpy.torch.ops import *``) still work.
"""

from __future__ import annotations

import math

from ..core import ufuncs as U
from ..core.ndarray import NDArray
from .functions import elementwise as E, linalg as L
from .tensor import Size, Tensor

_wrap = Tensor._wrap


def _t(x) -> Tensor:
    """`x` as a Tensor (numbers and arrays become constants)."""
    if isinstance(x, Tensor):
        return x
    return Tensor(x)


def _operand(x):
    """A binary op's other operand: Tensors stay, numbers stay numbers, arrays wrap."""
    if isinstance(x, (Tensor, float, int)):
        return x
    if isinstance(x, NDArray):
        return x
    if isinstance(x, (list, tuple)):
        return Tensor(x)
    if hasattr(x, "__float__") or hasattr(x, "shape"):
        return Tensor(x)
    return None


# ---------------------------------------------------------------- arithmetic
def add(input, other, alpha=1):
    """input + alpha * other, with broadcasting.

    >>> import latpy.torch as torch
    >>> torch.add(torch.tensor([1.0, 2.0]), 1.0).tolist()
    [2.0, 3.0]
    """
    if alpha != 1:
        other = _scale(other, alpha)
    return E.Add.apply(input if isinstance(input, Tensor) else _t(input), _operand(other))


def sub(input, other, alpha=1):
    """input - alpha * other.

    >>> import latpy.torch as torch
    >>> torch.sub(torch.tensor([3.0]), 1.0).tolist()
    [2.0]
    """
    if alpha != 1:
        other = _scale(other, alpha)
    return E.Sub.apply(input if isinstance(input, Tensor) else _t(input), _operand(other))


def _scale(x, c):
    """x * c for a Python number c, saving nothing for backward (add/sub's alpha)."""
    if isinstance(x, Tensor):
        return E.Scale.apply(x, c)
    return x * c if isinstance(x, (int, float)) else E.Scale.apply(_t(x), c)


def mul(input, other):
    """input * other, elementwise with broadcasting.

    >>> import latpy.torch as torch
    >>> torch.mul(torch.tensor([2.0]), torch.tensor([4.0])).tolist()
    [8.0]
    """
    return E.Mul.apply(input if isinstance(input, Tensor) else _t(input), _operand(other))


def div(input, other, rounding_mode=None):
    """input / other (true division; 'floor'/'trunc' rounding have zero gradient).

    >>> import latpy.torch as torch
    >>> torch.div(torch.tensor([1.0]), 4).tolist()
    [0.25]
    """
    a = input if isinstance(input, Tensor) else _t(input)
    if rounding_mode is None:
        return E.Div.apply(a, _operand(other))
    b = other.data if isinstance(other, Tensor) else other
    if rounding_mode in ("floor", "trunc") and (a.requires_grad or getattr(other, "requires_grad",
                                                                        False)):
        from .extra_ops import rounded_div  # zero gradients, as PyTorch (not "no gradient")
        return rounded_div(a, other, lambda x, y: div(_wrap(x), _wrap(y) if isinstance(
            y, NDArray) else y, rounding_mode).data)
    if rounding_mode == "floor":
        return _wrap(a.data // b)
    if rounding_mode == "trunc":
        return _wrap(U.trunc(a.data / b)).type(a.dtype) if a.dtype.is_floating_point else \
            _wrap(U.trunc(a.data / b).astype(a.data.dtype))
    raise ValueError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                     f"found '{rounding_mode}'")


true_divide = divide = div
multiply, subtract = mul, sub


def neg(input):
    """-input.

    >>> import latpy.torch as torch
    >>> torch.neg(torch.tensor([1.0])).tolist()
    [-1.0]
    """
    return E.Neg.apply(_t(input))


negative = neg


def pow(input, exponent):  # noqa: A001
    """input ** exponent (either may be a Tensor).

    >>> import latpy.torch as torch
    >>> torch.pow(torch.tensor([3.0]), 2.0).tolist()
    [9.0]
    """
    if not isinstance(input, Tensor):
        return E.Pow.apply(_t(input), _operand(exponent))
    return E.Pow.apply(input, _operand(exponent))


def _unary(op, doc_name):
    def fn(input):
        return op.apply(input if isinstance(input, Tensor) else _t(input))
    fn.__name__ = doc_name
    return fn


exp = _unary(E.Exp, "exp")
log = _unary(E.Log, "log")
log1p = _unary(E.Log1p, "log1p")
expm1 = _unary(E.Expm1, "expm1")
sqrt = _unary(E.Sqrt, "sqrt")
sin = _unary(E.Sin, "sin")
cos = _unary(E.Cos, "cos")
tan = _unary(E.Tan, "tan")
tanh = _unary(E.Tanh, "tanh")
sigmoid = _unary(E.Sigmoid, "sigmoid")
relu = _unary(E.Relu, "relu")
abs = _unary(E.Abs, "abs")  # noqa: A001
erf = _unary(E.Erf, "erf")
_DOCS = {
    "exp": "e ** input, elementwise.", "log": "Natural log, elementwise.",
    "log1p": "log(1 + input), elementwise.", "expm1": "exp(input) - 1, elementwise.",
    "sqrt": "Square root, elementwise.", "sin": "Sine, elementwise.",
    "cos": "Cosine, elementwise.", "tan": "Tangent, elementwise.",
    "tanh": "Hyperbolic tangent, elementwise.", "sigmoid": "1 / (1 + exp(-input)).",
    "relu": "max(input, 0), elementwise.", "abs": "|input|, elementwise.",
    "erf": "The error function, elementwise.",
}
for _f in (exp, log, log1p, expm1, sqrt, sin, cos, tan, tanh, sigmoid, relu, abs, erf):
    _f.__doc__ = f"""{_DOCS[_f.__name__]}

    >>> import latpy.torch as torch
    >>> torch.{_f.__name__}(torch.tensor([0.5])).shape
    torch.Size([1])
    """
del _f


def log2(input):
    """Base-2 logarithm (composed: log(x) / log(2)).

    >>> import latpy.torch as torch
    >>> torch.log2(torch.tensor([8.0])).tolist()
    [3.0]
    """
    return log(input) / math.log(2.0)


def log10(input):
    """Base-10 logarithm (composed).

    >>> import latpy.torch as torch
    >>> torch.log10(torch.tensor([100.0])).tolist()
    [2.0]
    """
    return log(input) / math.log(10.0)


def rsqrt(input):
    """1 / sqrt(input).

    >>> import latpy.torch as torch
    >>> torch.rsqrt(torch.tensor([4.0])).tolist()
    [0.5]
    """
    return 1.0 / sqrt(input)


def square(input):
    """input * input.

    >>> import latpy.torch as torch
    >>> torch.square(torch.tensor([3.0])).tolist()
    [9.0]
    """
    x = _t(input)
    return x * x


def reciprocal(input):
    """1 / input.

    >>> import latpy.torch as torch
    >>> torch.reciprocal(torch.tensor([4.0])).tolist()
    [0.25]
    """
    return 1.0 / _t(input)


def sign(input):
    """-1, 0 or 1 by sign (no gradient flows: its derivative is zero).

    >>> import latpy.torch as torch
    >>> torch.sign(torch.tensor([-2.0, 0.0, 3.0])).tolist()
    [-1.0, 0.0, 1.0]
    """
    return E.Sign.apply(_t(input), _sign)


def _sign(a):
    """sign with PyTorch's sign(nan) == 0 (NumPy gives nan)."""
    s = U.sign(a)
    if a.dtype.kind == "f":
        nan = U.isnan(a)
        if nan.any():
            s = U.where(nan, 0.0, s)
    return s


sgn = sign


def floor(input):
    """Round down (zero gradient).

    >>> import latpy.torch as torch
    >>> torch.floor(torch.tensor([1.5])).tolist()
    [1.0]
    """
    return E.Floor.apply(_t(input), U.floor)


def ceil(input):
    """Round up (zero gradient).

    >>> import latpy.torch as torch
    >>> torch.ceil(torch.tensor([1.5])).tolist()
    [2.0]
    """
    return E.Ceil.apply(_t(input), U.ceil)


def round(input, decimals=0):  # noqa: A001
    """Round half to even (zero gradient).

    >>> import latpy.torch as torch
    >>> torch.round(torch.tensor([2.5, 0.26]), decimals=0).tolist()
    [2.0, 0.0]
    """
    return E.Round.apply(_t(input), lambda a: U.round(a, decimals))


def trunc(input):
    """Round toward zero (zero gradient).

    >>> import latpy.torch as torch
    >>> torch.trunc(torch.tensor([-1.5])).tolist()
    [-1.0]
    """
    return E.Trunc.apply(_t(input), U.trunc)


def clamp(input, min=None, max=None):  # noqa: A002
    """Limit values to [min, max]; gradient flows where input is inside (bounds included).

    >>> import latpy.torch as torch
    >>> torch.clamp(torch.tensor([-1.0, 0.5, 2.0]), 0.0, 1.0).tolist()
    [0.0, 0.5, 1.0]
    """
    x = _t(input)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        out = x
        if min is not None:
            out = maximum(out, _t(min))
        if max is not None:
            out = minimum(out, _t(max))
        return out
    return E.Clamp.apply(x, min, max)


clip = clamp


def maximum(input, other):
    """Elementwise maximum (ties split the gradient evenly, as PyTorch).

    >>> import latpy.torch as torch
    >>> torch.maximum(torch.tensor([1.0, 4.0]), torch.tensor([3.0, 2.0])).tolist()
    [3.0, 4.0]
    """
    return E.Maximum.apply(_t(input), _t(other))


def minimum(input, other):
    """Elementwise minimum (ties split the gradient evenly).

    >>> import latpy.torch as torch
    >>> torch.minimum(torch.tensor([1.0, 4.0]), torch.tensor([3.0, 2.0])).tolist()
    [1.0, 2.0]
    """
    return E.Minimum.apply(_t(input), _t(other))


def where(condition, input=None, other=None):
    """Elements of `input` where `condition` holds, else of `other` (broadcast).

    >>> import latpy.torch as torch
    >>> torch.where(torch.tensor([True, False]), 1.0, 2.0).tolist()
    [1.0, 2.0]
    """
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    a = input if isinstance(input, Tensor) else _t(input)
    b = other if isinstance(other, Tensor) else _t(other)
    return E.where(condition, a, b)


# ---------------------------------------------------------------- matmul
def matmul(input, other):
    """Matrix product with NumPy/PyTorch's 1-D, batched and broadcast rules.

    >>> import latpy.torch as torch
    >>> torch.matmul(torch.ones(2, 3), torch.ones(3)).tolist()
    [3.0, 3.0]
    """
    a, b = _t(input), _t(other)
    if a.ndim == 0 or b.ndim == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{a.ndim}D and {b.ndim}D")
    return L.MatMul.apply(a, b)


def mm(input, mat2):
    """2-D matrix product.

    >>> import latpy.torch as torch
    >>> torch.mm(torch.eye(2), torch.ones(2, 2)).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    if _t(input).ndim != 2 or _t(mat2).ndim != 2:
        raise RuntimeError("mm: both arguments must be 2-D matrices")
    return matmul(input, mat2)


def bmm(input, mat2):
    """Batched (3-D) matrix product.

    >>> import latpy.torch as torch
    >>> torch.bmm(torch.ones(4, 2, 3), torch.ones(4, 3, 5)).shape
    torch.Size([4, 2, 5])
    """
    a, b = _t(input), _t(mat2)
    if a.ndim != 3 or b.ndim != 3 or a.shape[0] != b.shape[0]:
        raise RuntimeError(f"bmm: expected 3-D tensors with equal batch size, got "
                           f"{tuple(a.shape)} and {tuple(b.shape)}")
    return matmul(a, b)


def mv(input, vec):
    """Matrix-vector product.

    >>> import latpy.torch as torch
    >>> torch.mv(torch.eye(2), torch.tensor([1.0, 2.0])).tolist()
    [1.0, 2.0]
    """
    return matmul(input, vec)


def dot(input, other):
    """Inner product of two 1-D tensors.

    >>> import latpy.torch as torch
    >>> torch.dot(torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])).item()
    11.0
    """
    a, b = _t(input), _t(other)
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    return matmul(a, b)


def outer(input, vec2):
    """Outer product of two 1-D tensors.

    >>> import latpy.torch as torch
    >>> torch.outer(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 10.0])).tolist()
    [[1.0, 10.0], [2.0, 20.0]]
    """
    return _t(input).reshape(-1, 1) * _t(vec2).reshape(1, -1)



# The reductions and comparisons, re-exported (they import the helpers above).
from .reduce_ops import *  # noqa: E402,F401,F403
from .reduce_ops import __all__ as _reduce_all, _ValuesIndices, builtin_max  # noqa: E402,F401
from .compare_ops import *  # noqa: E402,F401,F403
from .compare_ops import __all__ as _compare_all  # noqa: E402

Size = Size


# The public Tensor functions defined above (helpers and imports stay private), and
# those re-exported.
__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and callable(_value)
           and getattr(_value, "__module__", None) == __name__] + _reduce_all + _compare_all
