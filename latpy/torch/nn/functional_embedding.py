"""Embedding, one_hot, vector norms and distances of ``torch.nn.functional``.

Composed of Tensor ops: ``embedding`` is advanced indexing (``weight[input]``),
whose backward already adds the gradients of repeated indices together;
``normalize``, ``cosine_similarity`` and ``pairwise_distance`` build on
:func:`_vector_norm`, whose gradient at a zero vector is 0 as in PyTorch.
"""

from __future__ import annotations

import collections
import math

from ...core.creation import arange, asarray
from ...core.shape import broadcast_shapes
from .. import ops as O
from ..functions import elementwise as E
from ..tensor import Tensor, _dim


def _row_norm(values, p):
    if p == math.inf:
        return max(abs(v) for v in values)
    if p == 2:
        return math.sqrt(sum(v * v for v in values))
    return sum(abs(v) ** p for v in values) ** (1.0 / p)


def _renorm_rows(weight, indices, max_norm, norm_type):
    """Scale rows of `weight` used by `indices` whose norm exceeds `max_norm` (in place)."""
    data = weight.data
    for i in sorted(set(indices.reshape(-1).tolist())):
        norm = _row_norm(data[i].tolist(), float(norm_type))
        if norm > max_norm:
            data[i] = data[i] * (max_norm / (norm + 1e-7))


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """Rows of `weight` picked by the integer tensor `input` (shape ``input.shape + (D,)``).

    Gradients accumulate for repeated indices; the `padding_idx` row gets none;
    `max_norm` renormalises the rows used, in place.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> w = torch.tensor([[0.0, 0.0], [1.0, 2.0]])
    >>> F.embedding(torch.tensor([[1, 0, 1]]), w).tolist()
    [[[1.0, 2.0], [0.0, 0.0], [1.0, 2.0]]]
    """
    idx = O._t(input)
    kind = str(idx.data.dtype)
    if kind != "int64":
        name = "CPUBoolType" if kind == "bool" else "torch.DoubleTensor"
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the "
                           f"following scalar types: Long, Int; but got {name} instead (while "
                           "checking arguments for embedding)")
    if weight.ndim != 2:
        raise RuntimeError("'weight' must be 2-D")
    rows = weight.shape[0]
    if padding_idx is not None:
        if padding_idx >= rows or padding_idx < -rows:
            raise AssertionError("Padding_idx must be within num_embeddings")
        padding_idx = padding_idx + rows if padding_idx < 0 else padding_idx
    data = idx.data
    if data.size and (data.min().item() < 0 or data.max().item() >= rows):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _renorm_rows(weight, data, max_norm, norm_type)
    out = weight[data]
    if not out.requires_grad:
        return out
    column = tuple(data.shape) + (1,)
    if padding_idx is not None:
        pad = (data == padding_idx).reshape(column)
        if pad.any():  # no gradient flows to the padding row
            out = E.where(pad, out.detach(), out)
    if scale_grad_by_freq:  # each row's gradient divided by its count in `input`
        flat = data.reshape(-1).tolist()
        counts = collections.Counter(flat)
        scale = asarray([1.0 / counts[i] for i in flat]).reshape(column)
        constant = out.detach()
        out = constant + (out - constant) * scale  # value unchanged, gradient scaled
    return out


def one_hot(tensor, num_classes=-1):
    """int64 one-hot encoding: ``out[..., k] = (tensor[...] == k)``.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.one_hot(torch.tensor([0, 2])).tolist()
    [[1, 0, 0], [0, 0, 1]]
    """
    t = O._t(tensor)
    if str(t.data.dtype) != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    data = t.data
    if data.size == 0:
        if num_classes == -1:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
    else:
        if data.min().item() < 0:
            raise RuntimeError("Class values must be non-negative.")
        if num_classes == -1:
            num_classes = data.max().item() + 1
        elif data.max().item() >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    hits = data.reshape(tuple(data.shape) + (1,)) == arange(num_classes)
    return Tensor._wrap(hits.astype(int))


# ---------------------------------------------------------------- norms and distances
def _safe_root(total, p):
    """total ** (1/p) with a zero gradient (PyTorch's subgradient) where total == 0."""
    positive = total.data != 0  # only an exact zero is special: nan/inf must propagate
    root = O.sqrt(E.where(positive, total, 1.0)) if p == 2 else \
        E.where(positive, total, 1.0) ** (1.0 / p)
    return E.where(positive, root, 0.0)


def _vector_norm(x, p=2.0, dim=None, keepdim=False):
    """The vector p-norm over `dim` (all elements if None), as ``torch.linalg.vector_norm``."""
    if dim is None and not keepdim:
        x, dim = x.reshape(-1), 0
    p = float(p)
    if p == math.inf:
        return O.amax(O.abs(x), () if dim is None else dim, keepdim)
    if p == -math.inf:
        return O.amin(O.abs(x), () if dim is None else dim, keepdim)
    if p == 0:
        return O.sum(Tensor._wrap((x.data != 0) * 1.0), dim, keepdim)
    if p == 1:
        return O.sum(O.abs(x), dim, keepdim)
    if p == 2:
        return _safe_root(O.sum(x * x, dim, keepdim), 2)
    return _safe_root(O.sum(O.abs(x) ** p, dim, keepdim), p)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """x / max(||x||_p, eps) along `dim`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.normalize(torch.tensor([[3.0, 4.0]])).tolist()
    [[0.6, 0.8]]
    """
    x = O._t(input)
    result = x / O.clamp(_vector_norm(x, p, _dim(dim, x.ndim), keepdim=True), min=eps)
    if out is None:
        return result
    out.data[...] = result.data
    return out


def _broadcast(a, b):
    try:
        shape = broadcast_shapes(tuple(a.shape), tuple(b.shape))
    except ValueError:
        for i in range(1, max(a.ndim, b.ndim) + 1):
            m = a.shape[-i] if i <= a.ndim else 1
            n = b.shape[-i] if i <= b.ndim else 1
            if m != n and 1 not in (m, n):
                raise RuntimeError(f"The size of tensor a ({m}) must match the size of tensor "
                                   f"b ({n}) at non-singleton dimension "
                                   f"{max(a.ndim, b.ndim) - i}") from None
        raise
    return (a if tuple(a.shape) == shape else a.expand(*shape),
            b if tuple(b.shape) == shape else b.expand(*shape))


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """<x1, x2> / (max(||x1||, eps) * max(||x2||, eps)) along `dim` (inputs broadcast).

    As PyTorch computes it: each input is divided by its clamped norm first, and the
    clamp is invisible to autograd.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.cosine_similarity(torch.tensor([[1.0, 0.0]]), torch.tensor([[1.0, 1.0]])).tolist()
    [0.7071067811865475]
    """
    a, b = _broadcast(O._t(x1), O._t(x2))
    d = _dim(dim, a.ndim)

    def unit(v):
        norm = _vector_norm(v, 2, d, keepdim=True)
        frozen = norm.detach()
        clamped = (norm - frozen) + O.clamp(frozen, min=eps)  # value clamped, gradient not
        return v / clamped
    return (unit(a) * unit(b)).sum(d)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p over the last dim (inputs broadcast).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.pairwise_distance(torch.tensor([[3.0, 0.0]]), torch.tensor([[0.0, 4.0]]), eps=0).tolist()
    [5.0]
    """
    a, b = O._t(x1), O._t(x2)
    ndim = max(a.ndim, b.ndim)
    return _vector_norm(a - b + eps, p, ndim - 1 if ndim else None, keepdim)


__all__ = ["embedding", "one_hot", "normalize", "cosine_similarity", "pairwise_distance"]
