"""Tensor reductions: sum, mean, prod, var/std, amax/amin, max/min (with indices),
argmax/argmin, logsumexp, softmax/log_softmax, norm, cumsum, all/any.

Each applies one primitive of ``functions/reduce.py`` or is composed from them
(``var = sum(centered**2) / (n - correction)``). Re-exported from
:mod:`latpy.torch.ops` and ``latpy.torch``.
"""

from __future__ import annotations

import collections

from ..core.ndarray import NDArray
from .compare_ops import isinf
from .functions import reduce as R
from .functions.reduce import _axes
from .ops import _t, _wrap, exp, log, maximum, minimum, sqrt, where
from .tensor import Tensor, _dim


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

# The public functions defined above (helpers and imports stay private).
__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and callable(_value)
           and getattr(_value, "__module__", None) == __name__]
