"""Sorting: sort, argsort, msort, topk, kthvalue, unique.

The order is found on the raw values (indices carry no gradient); the values
are then *gathered* from the input at those indices, so they are
differentiable through ``GetItem`` with no derivative of their own. Results
with values and indices are named tuples printed as ``torch.return_types.*``.
"""

from __future__ import annotations

import collections

from ..core.creation import zeros
from ..core.manipulation import flip
from ..core.sorting import argsort as _argsort, unique as _unique
from .functions import indexing as I
from .ops import _t
from .tensor import Tensor, _dim

_wrap = Tensor._wrap


def _return_type(name: str):
    """A (values, indices) named tuple printed as PyTorch prints ``torch.return_types``."""
    base = collections.namedtuple(name, ["values", "indices"])

    def __repr__(self):
        return f"torch.return_types.{name}(\nvalues={self.values!r},\nindices={self.indices!r})"
    cls = type(name, (base,), {"__slots__": (), "__repr__": __repr__})
    cls.__module__ = "torch.return_types"
    return cls


SortResult = _return_type("sort")
TopkResult = _return_type("topk")
KthvalueResult = _return_type("kthvalue")


def sort_indices(data, dim: int, descending: bool):
    """The stable sorting permutation of every lane along `dim` (NaN counts as the
    largest value). Descending order keeps ties in their original order: it is
    the ascending argsort of the reversed lane, read backwards.

    >>> import latpy as lp
    >>> sort_indices(lp.array([1.0, 3.0, 1.0]), 0, True).tolist()
    [1, 0, 2]
    """
    if not descending:
        return _argsort(data, axis=dim)
    n = data.shape[dim]
    return (n - 1) - flip(_argsort(flip(data, dim), axis=dim), dim)


def _pick(x: Tensor, index, dim: int) -> Tensor:
    return x[I.along_dim_key(index, dim)]


def _scalar_result(cls, x):
    value = x * 1 if x.requires_grad else _wrap(x.data.copy())
    return cls(value, _wrap(zeros((), dtype=int)))


def sort(input, dim=-1, descending=False, *, stable=False):
    """Sorted values along `dim` and the indices they came from (a stable sort).

    >>> import latpy.torch as torch
    >>> v, i = torch.sort(torch.tensor([3.0, 1.0, 2.0]))
    >>> v.tolist(), i.tolist()
    ([1.0, 2.0, 3.0], [1, 2, 0])
    """
    x = _t(input)
    if x.ndim == 0:
        _dim(dim, 0)
        return _scalar_result(SortResult, x)
    d = _dim(dim, x.ndim)
    index = sort_indices(x.data, d, descending)
    return SortResult(_pick(x, index, d), _wrap(index))


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort `input` along `dim`.

    >>> import latpy.torch as torch
    >>> torch.argsort(torch.tensor([3.0, 1.0, 2.0]), descending=True).tolist()
    [0, 2, 1]
    """
    x = _t(input)
    if x.ndim == 0:
        _dim(dim, 0)
        return _wrap(zeros((), dtype=int))
    return _wrap(sort_indices(x.data, _dim(dim, x.ndim), descending))


def msort(input):
    """Sort along the first dimension (the values only).

    >>> import latpy.torch as torch
    >>> torch.msort(torch.tensor([[2, 1], [1, 3]])).tolist()
    [[1, 1], [2, 3]]
    """
    return sort(input, 0).values


def topk(input, k, dim=-1, largest=True, sorted=True):  # noqa: A002
    """The `k` largest (or smallest) values along `dim`, and their indices.

    >>> import latpy.torch as torch
    >>> torch.topk(torch.tensor([1.0, 5.0, 3.0]), 2).values.tolist()
    [5.0, 3.0]
    """
    x = _t(input)
    if x.ndim == 0:
        if k not in (0, 1):
            raise RuntimeError("selected index k out of range")
        return _scalar_result(TopkResult, x)
    d = _dim(dim, x.ndim)
    if not 0 <= k <= x.shape[d]:
        raise RuntimeError(f"selected index k out of range (k = {k}, size {x.shape[d]} at "
                           f"dimension {d})")
    index = sort_indices(x.data, d, largest)[(slice(None),) * d + (slice(0, k),)]
    return TopkResult(_pick(x, index, d), _wrap(index))


def kthvalue(input, k, dim=-1, keepdim=False):
    """The k-th smallest value along `dim` (k counts from 1), and its index.

    >>> import latpy.torch as torch
    >>> torch.kthvalue(torch.tensor([4, 1, 3]), 2)
    torch.return_types.kthvalue(
    values=tensor(3),
    indices=tensor(2))
    """
    x = _t(input)
    d = _dim(dim, x.ndim)
    n = x.shape[d] if x.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d} "
                           f"(k = {k}, size {n})")
    if x.ndim == 0:
        return _scalar_result(KthvalueResult, x)
    index = sort_indices(x.data, d, False)[(slice(None),) * d + (slice(k - 1, k),)]
    values, indices = _pick(x, index, d), _wrap(index)
    if not keepdim:
        values, indices = values.squeeze(d), indices.squeeze(d)
    return KthvalueResult(values, indices)


def unique(input, sorted=True, return_inverse=False, return_counts=False,  # noqa: A002
           dim=None):
    """The distinct values (sorted), optionally with the inverse map and the counts.

    >>> import latpy.torch as torch
    >>> torch.unique(torch.tensor([3, 1, 3, 2]), return_counts=True)
    (tensor([1, 2, 3]), tensor([1, 1, 2]))
    """
    x = _t(input)
    data = x.data.reshape(1) if x.ndim == 0 and dim is None else x.data
    axis = None if dim is None else _dim(dim, x.ndim)
    found = _unique(data, return_inverse=return_inverse, return_counts=return_counts,
                    axis=axis)
    parts = list(found) if isinstance(found, tuple) else [found]
    if return_inverse:
        parts[1] = parts[1].reshape(tuple(x.shape) if dim is None else (-1,))
    values = _wrap(parts[0])
    if x.requires_grad:  # like PyTorch: the result tracks grad, its backward is an error
        values = I.NoDerivative.apply(x, parts[0], "_unique2")
    out = [values] + [_wrap(p) for p in parts[1:]]
    return out[0] if len(out) == 1 else tuple(out)


__all__ = ["sort", "argsort", "msort", "topk", "kthvalue", "unique"]
