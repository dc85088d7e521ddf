"""The Tensor API: operators, methods and free functions, built on the primitives.

Primitives (``functions/*.py``) carry derivatives; everything here either
applies one of them or is *composed* from them (``mean = sum / n``,
``softmax = exp(x - max) / sum``), so it needs no backward of its own.
"""

from __future__ import annotations

import collections
import math

from ..core import ufuncs as U
from ..core.ndarray import NDArray
from .functions import elementwise as E, linalg as L, reduce as R, shape as S
from .functions.reduce import _axes
from .tensor import Size, Tensor, _dim

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


# ---------------------------------------------------------------- reductions
def sum(input, dim=None, keepdim=False, dtype=None, axis=None, keepdims=None):  # noqa: A001
    """Sum over `dim` (all dims by default).

    >>> import latpy.torch as torch
    >>> torch.sum(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), dim=0).tolist()
    [4.0, 6.0]
    """
    if dim is None and axis is None and dtype is None and not keepdim and not keepdims \
            and type(input) is Tensor and input.data.dtype.kind == "f":
        return R.Sum.apply(input)  # loss.sum(): the common case, without the checks below
    x = _t(input)
    dim = axis if dim is None else dim
    keepdim = keepdims if keepdims is not None else keepdim
    if dtype is not None:
        x = x.type(dtype)
    if x.data.dtype.kind != "f":
        return _wrap(x.data.astype(int).sum(axis=_axes(dim, x.ndim), keepdims=keepdim))
    return R.Sum.apply(x, dim, keepdim)


def mean(input, dim=None, keepdim=False, dtype=None, axis=None, keepdims=None):
    """Mean over `dim` (floating tensors only, as in PyTorch).

    >>> import latpy.torch as torch
    >>> torch.mean(torch.tensor([1.0, 2.0, 3.0])).item()
    2.0
    """
    x = _t(input)
    dim = axis if dim is None else dim
    keepdim = keepdims if keepdims is not None else keepdim
    if dtype is not None:
        x = x.type(dtype)
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be either "
                           f"a floating point or complex dtype. Got: {str(x.dtype)[6:].title()}")
    return R.Mean.apply(x, dim, keepdim)


def prod(input, dim=None, keepdim=False, dtype=None):
    """Product over `dim` (all elements by default).

    >>> import latpy.torch as torch
    >>> torch.prod(torch.tensor([2.0, 3.0])).item()
    6.0
    """
    x = _t(input)
    if dtype is not None:
        x = x.type(dtype)
    if not x.dtype.is_floating_point:
        from ..core.reductions import prod as core_prod
        return _wrap(core_prod(x.data, axis=_axes(dim, x.ndim), keepdims=keepdim))
    return R.Prod.apply(x, dim, keepdim)


def var(input, dim=None, unbiased=None, keepdim=False, correction=None):
    """Variance over `dim`; Bessel-corrected by default (``correction=1``).

    >>> import latpy.torch as torch
    >>> torch.var(torch.tensor([1.0, 2.0, 3.0, 4.0])).item()
    1.6666666666666667
    """
    x = _t(input)
    if isinstance(dim, bool) and unbiased is None:  # var(x, False): the unbiased flag
        dim, unbiased = None, dim
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    axes = _axes(dim, x.ndim)
    n = 1
    for a in axes:
        n *= x.shape[a]
    centered = x - mean(x, axes, keepdim=True)
    return sum(centered * centered, axes, keepdim=keepdim) / float(builtin_max(n - correction, 0))


def std(input, dim=None, unbiased=None, keepdim=False, correction=None):
    """Standard deviation: ``sqrt(var(...))``.

    >>> import latpy.torch as torch
    >>> torch.std(torch.tensor([1.0, 3.0])).item()
    1.4142135623730951
    """
    return sqrt(var(input, dim, unbiased, keepdim, correction))


def amax(input, dim=(), keepdim=False):
    """Maximum over `dim` (all dims by default); ties share the gradient evenly.

    >>> import latpy.torch as torch
    >>> torch.amax(torch.tensor([[1.0, 5.0], [3.0, 2.0]]), dim=0).tolist()
    [3.0, 5.0]
    """
    return R.Amax.apply(_t(input), None if dim == () else dim, keepdim)


def amin(input, dim=(), keepdim=False):
    """Minimum over `dim` (all dims by default).

    >>> import latpy.torch as torch
    >>> torch.amin(torch.tensor([[1.0, 5.0], [3.0, 2.0]]), dim=1).tolist()
    [1.0, 2.0]
    """
    return R.Amin.apply(_t(input), None if dim == () else dim, keepdim)


_ValuesIndices = collections.namedtuple("return_types", ["values", "indices"])


def _max_min(input, dim, keepdim, other, pick_max):
    x = _t(input)
    if isinstance(dim, Tensor) and other is None:
        other, dim = dim, None
    if other is not None:
        return maximum(x, other) if pick_max else minimum(x, other)
    if dim is None:
        return (R.Amax if pick_max else R.Amin).apply(x, None, False)
    d = _dim(dim, x.ndim)
    from ..core.reductions import argmax as core_argmax, argmin as core_argmin
    if x.data.size == 0:
        raise IndexError(f"max(): Expected reduction dim {d} to have non-zero size.")
    data = x.data if x.ndim else x.data.reshape(1)
    index = (core_argmax if pick_max else core_argmin)(data, axis=d if x.ndim else 0)
    if not isinstance(index, NDArray):  # a 1-D input reduces to a scalar
        from ..core.creation import asarray
        index = asarray(index)
    if not x.dtype.is_floating_point:
        from ..core.indexing import take_along_axis
        idx = index.reshape(tuple(1 if i == d else n for i, n in enumerate(data.shape)))
        values = _wrap(take_along_axis(data, idx, d))
        values = values if keepdim else values.reshape(tuple(index.shape))
    else:
        values = R.SelectAlong.apply(x if x.ndim else x.reshape(1), index, d if x.ndim else 0,
                                     keepdim)
    if not x.ndim:
        values = values.reshape(())
    idx_t = _wrap(index)
    if keepdim and x.ndim:
        idx_t = idx_t.unsqueeze(d)
    return _ValuesIndices(values, idx_t)


def max(input, dim=None, keepdim=False, other=None):  # noqa: A001
    """The maximum: of all elements, or ``(values, indices)`` along `dim`, or of two tensors.

    >>> import latpy.torch as torch
    >>> v, i = torch.max(torch.tensor([[1.0, 5.0], [7.0, 2.0]]), dim=1)
    >>> v.tolist(), i.tolist()
    ([5.0, 7.0], [1, 0])
    """
    return _max_min(input, dim, keepdim, other, True)


def min(input, dim=None, keepdim=False, other=None):  # noqa: A001
    """The minimum: of all elements, or ``(values, indices)`` along `dim`, or of two tensors.

    >>> import latpy.torch as torch
    >>> torch.min(torch.tensor([3.0, -1.0])).item()
    -1.0
    """
    return _max_min(input, dim, keepdim, other, False)


def argmax(input, dim=None, keepdim=False):
    """Index of the maximum (of the flattened tensor when dim is None).

    >>> import latpy.torch as torch
    >>> torch.argmax(torch.tensor([1.0, 9.0, 3.0])).item()
    1
    """
    from ..core.reductions import argmax as core_argmax
    x = _t(input)
    if dim is None:
        return _wrap(core_argmax(x.data.reshape(-1)))
    return _wrap(core_argmax(x.data, axis=_dim(dim, x.ndim), keepdims=keepdim))


def argmin(input, dim=None, keepdim=False):
    """Index of the minimum (of the flattened tensor when dim is None).

    >>> import latpy.torch as torch
    >>> torch.argmin(torch.tensor([1.0, -9.0, 3.0])).item()
    1
    """
    from ..core.reductions import argmin as core_argmin
    x = _t(input)
    if dim is None:
        return _wrap(core_argmin(x.data.reshape(-1)))
    return _wrap(core_argmin(x.data, axis=_dim(dim, x.ndim), keepdims=keepdim))


def logsumexp(input, dim, keepdim=False):
    """log(sum(exp(x))) over `dim`, computed stably (shifted by the max).

    >>> import latpy.torch as torch
    >>> print(f"{torch.logsumexp(torch.tensor([0.0, 0.0]), dim=0).item():.6f}")
    0.693147
    """
    x = _t(input)
    m = amax(x, dim, keepdim=True).detach()
    m = where(isinf(m), 0.0, m)
    out = log(sum(exp(x - m), dim, keepdim=True)) + m
    return out if keepdim else out.squeeze(_axes(dim, x.ndim))


def softmax(input, dim=None, dtype=None):
    """exp(x) / sum(exp(x)) along `dim` (shifted by the max for stability).

    >>> import latpy.torch as torch
    >>> torch.softmax(torch.tensor([0.0, 0.0]), dim=0).tolist()
    [0.5, 0.5]
    """
    x = _t(input)
    if dim is None:
        dim = 0 if x.ndim in (0, 1, 3) else 1
    return _softmax_like(R.Softmax, x, dim)


def log_softmax(input, dim=None, dtype=None):
    """log(softmax(x)) along `dim`, computed as x - logsumexp(x).

    >>> import latpy.torch as torch
    >>> print(f"{torch.log_softmax(torch.tensor([0.0, 0.0]), dim=0)[0].item():.6f}")
    -0.693147
    """
    x = _t(input)
    if dim is None:
        dim = 0 if x.ndim in (0, 1, 3) else 1
    return _softmax_like(R.LogSoftmax, x, dim)


def _softmax_like(op, x, dim):
    """Apply the (log-)softmax primitive along `dim` (a 0-d input acts as one element)."""
    if x.data.dtype.kind != "f":
        x = x.type("float64")
    if x.ndim == 0:
        _dim(dim, 0)
        return op.apply(x.reshape(1), 0).reshape(())
    return op.apply(x, _dim(dim, x.ndim))


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """Vector p-norm over `dim` (all elements by default; 'fro' is the 2-norm).

    >>> import latpy.torch as torch
    >>> torch.norm(torch.tensor([3.0, 4.0])).item()
    5.0
    """
    x = _t(input)
    if p in ("fro", 2, 2.0, None):
        return R.Norm2.apply(x, dim, keepdim)
    if p in (float("inf"), "inf"):
        return amax(abs(x), () if dim is None else dim, keepdim)
    if p in (float("-inf"),):
        return amin(abs(x), () if dim is None else dim, keepdim)
    if p == 1:
        return sum(abs(x), dim, keepdim)
    if p == 0:
        return sum(_wrap((x.data != 0) * 1.0), dim, keepdim)
    return sum(abs(x) ** float(p), dim, keepdim) ** (1.0 / p)


def cumsum(input, dim, dtype=None):
    """Running sum along `dim`.

    >>> import latpy.torch as torch
    >>> torch.cumsum(torch.tensor([1.0, 2.0, 3.0]), dim=0).tolist()
    [1.0, 3.0, 6.0]
    """
    x = _t(input)
    d = _dim(dim, x.ndim)
    if not x.ndim:  # a 0-d tensor stays 0-d
        return cumsum(x.reshape(1), 0).reshape(())
    if not x.dtype.is_floating_point:
        from ..core.reductions import cumsum as core_cumsum
        return _wrap(core_cumsum(x.data, axis=d))
    return R.Cumsum.apply(x, d)


def all(input, dim=None, keepdim=False):  # noqa: A001
    """True where all elements (along `dim`) are nonzero.

    >>> import latpy.torch as torch
    >>> torch.all(torch.tensor([True, False])).item()
    False
    """
    from ..core.reductions import all as core_all
    x = _t(input)
    return _wrap(core_all(x.data, axis=None if dim is None else _axes(dim, x.ndim),
                          keepdims=keepdim))


def any(input, dim=None, keepdim=False):  # noqa: A001
    """True where any element (along `dim`) is nonzero.

    >>> import latpy.torch as torch
    >>> torch.any(torch.tensor([0.0, 2.0])).item()
    True
    """
    from ..core.reductions import any as core_any
    x = _t(input)
    return _wrap(core_any(x.data, axis=None if dim is None else _axes(dim, x.ndim),
                          keepdims=keepdim))


import builtins as _builtins  # noqa: E402

builtin_max = _builtins.max


# ---------------------------------------------------------------- comparisons
def _compare(name, op):
    def fn(input, other):
        a = _t(input).data
        b = other.data if isinstance(other, Tensor) else other
        try:
            return _wrap(op(a, b))
        except ValueError as e:  # shapes that do not broadcast: PyTorch's class
            raise RuntimeError(str(e)) from None
    fn.__name__ = name
    fn.__doc__ = f"""Elementwise comparison ``{name}`` (a bool tensor, no gradient).

    >>> import latpy.torch as torch
    >>> torch.{name}(torch.tensor([1.0, 2.0]), 2.0).dtype
    torch.bool
    """
    return fn


import operator as _op  # noqa: E402

eq = _compare("eq", _op.eq)
ne = _compare("ne", _op.ne)
lt = _compare("lt", _op.lt)
le = _compare("le", _op.le)
gt = _compare("gt", _op.gt)
ge = _compare("ge", _op.ge)
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def equal(input, other) -> bool:
    """True if both tensors have the same shape and elements.

    >>> import latpy.torch as torch
    >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))
    True
    """
    a, b = _t(input), _t(other)
    return tuple(a.shape) == tuple(b.shape) and bool((a.data == b.data).all())


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    """True if all elements are close: ``|a - b| <= atol + rtol * |b|``.

    >>> import latpy.torch as torch
    >>> torch.allclose(torch.tensor([1.0]), torch.tensor([1.0 + 1e-9]))
    True
    """
    from ..core.manipulation import allclose as core_allclose
    return core_allclose(_t(input).data, _t(other).data, rtol, atol, equal_nan)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise closeness (bool tensor).

    >>> import latpy.torch as torch
    >>> torch.isclose(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 3.0])).tolist()
    [True, False]
    """
    from ..core.manipulation import isclose as core_isclose
    return _wrap(core_isclose(_t(input).data, _t(other).data, rtol, atol, equal_nan))


def isnan(input):
    """True where NaN.

    >>> import latpy.torch as torch
    >>> torch.isnan(torch.tensor([float('nan'), 1.0])).tolist()
    [True, False]
    """
    return _wrap(U.isnan(_t(input).data))


def isinf(input):
    """True where +-inf.

    >>> import latpy.torch as torch
    >>> torch.isinf(torch.tensor([float('inf'), 1.0])).tolist()
    [True, False]
    """
    return _wrap(U.isinf(_t(input).data))


def isfinite(input):
    """True where finite.

    >>> import latpy.torch as torch
    >>> torch.isfinite(torch.tensor([float('inf'), 1.0])).tolist()
    [False, True]
    """
    return _wrap(U.isfinite(_t(input).data))


def logical_not(input):
    """Elementwise not (bool tensor).

    >>> import latpy.torch as torch
    >>> torch.logical_not(torch.tensor([True, False])).tolist()
    [False, True]
    """
    return _wrap(U.logical_not(_t(input).data))


def logical_and(input, other):
    """Elementwise and of truth values.

    >>> import latpy.torch as torch
    >>> torch.logical_and(torch.tensor([True, True]), torch.tensor([True, False])).tolist()
    [True, False]
    """
    return _wrap(U.logical_and(_t(input).data, _t(other).data))


def logical_or(input, other):
    """Elementwise or of truth values.

    >>> import latpy.torch as torch
    >>> torch.logical_or(torch.tensor([False, True]), torch.tensor([False, False])).tolist()
    [False, True]
    """
    return _wrap(U.logical_or(_t(input).data, _t(other).data))


def nonzero(input, as_tuple=False):
    """Indices of nonzero elements: an (n, ndim) int64 tensor, or a tuple per dim.

    >>> import latpy.torch as torch
    >>> torch.nonzero(torch.tensor([0.0, 3.0, 4.0])).tolist()
    [[1], [2]]
    """
    from ..core.manipulation import nonzero as core_nonzero
    x = _t(input)
    parts = core_nonzero(x.data if x.ndim else x.data.reshape(1))
    if as_tuple:
        return tuple(_wrap(p) for p in parts)
    from ..core.manipulation import stack as core_stack
    if not parts:
        return _wrap(NDArray((0, 0), dtype=int))
    return _wrap(core_stack(parts, axis=1))


Size = Size


# The public Tensor functions defined above (helpers and imports stay private).
__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and callable(_value)
           and getattr(_value, "__module__", None) == __name__]
