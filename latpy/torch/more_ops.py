"""The indexing family, triangles and diagonals, and ``pad``: composed Tensor ops.

Each function turns its arguments into an index key (pure maths in
``functions/indexing.py``) and applies a movement primitive: ``x[key]``
(``GetItem``), zeros with values added at a key (``IndexAdd``), or ``x`` with
``x[key] = v`` (``SetItem``). Their backwards already move gradients back to
where values came from, so nothing here needs a derivative of its own.

The math ops (``addmm``, ``einsum``, ``cumprod``, ...) live in ``math_ops.py``
and the sorting ops in ``sort_ops.py``; both are re-exported here.
"""

from __future__ import annotations

from ..core.creation import arange, asarray, full, zeros
from .functions import elementwise as E, indexing as I, shape as S
from .ops import _t, sum as _sum
from .tensor import Tensor, _dim

_wrap = Tensor._wrap


def _scalar_like(value, x: Tensor):
    """A Python number converted to `x`'s dtype (2.7 -> 2 for an int64 tensor, as PyTorch)."""
    kind = str(x.data.dtype)
    return float(value) if kind == "float64" else int(value) if kind == "int64" else \
        bool(value)


def _dims1(x: Tensor, dim: int):
    """`x` as at least 1-D (PyTorch treats a 0-d tensor as one element here) and `dim`."""
    return (x.reshape(1) if x.ndim == 0 else x), _dim(dim, x.ndim)


def _shaped(t: Tensor, shape) -> Tensor:
    return t if tuple(t.shape) == tuple(shape) else t.reshape(shape)


def gather(input, dim, index, *, sparse_grad=False):
    """``out[i][j] = input[i][index[i][j]]`` for ``dim=1`` (and likewise for any dim).

    >>> import latpy.torch as torch
    >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> torch.gather(x, 1, torch.tensor([[1, 1], [0, 1]])).tolist()
    [[2.0, 2.0], [3.0, 4.0]]
    """
    x, d = _dims1(_t(input), dim)
    idx = I.index_array(index, "gather")
    out_shape = tuple(idx.shape)
    idx = idx.reshape(1) if idx.ndim == 0 else idx
    I.check_gather_shapes("gather", tuple(idx.shape), tuple(x.shape), d)
    I.check_bounds(idx, x.shape[d], d)
    return _shaped(x[I.along_dim_key(idx, d)], out_shape)


def _scatter_args(op, input, dim, index, src):
    x, d = _dims1(_t(input), dim)
    idx = I.index_array(index, op)
    idx = idx.reshape(1) if idx.ndim == 0 else idx
    if isinstance(src, Tensor):
        src = src.reshape(1) if src.ndim == 0 else src
        if src.dtype != x.dtype:
            raise RuntimeError(f"{op}(): Expected self.dtype to be equal to src.dtype "
                               f"(got {x.dtype} and {src.dtype})")
        I.check_gather_shapes(op, tuple(idx.shape), tuple(x.shape), d, tuple(src.shape))
        src = src[I.prefix_key(idx.shape)] if tuple(src.shape) != tuple(idx.shape) else src
    else:
        I.check_gather_shapes(op, tuple(idx.shape), tuple(x.shape), d)
        src = _wrap(full(tuple(idx.shape), _scalar_like(src, x), dtype=x.data.dtype))
    I.check_bounds(idx, x.shape[d], d)
    return x, d, idx, src, tuple(_t(input).shape)


def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    """A copy of `input` with ``out[index[i][j]][j] = src[i][j]`` (``dim=0``); `src` may
    be a number (``value``). Differentiable w.r.t. `input` and `src`.

    >>> import latpy.torch as torch
    >>> torch.scatter(torch.zeros(2, 3), 0, torch.tensor([[1, 0, 1]]), 5.0).tolist()
    [[0.0, 5.0, 0.0], [5.0, 0.0, 5.0]]
    """
    src = value if src is None else src
    if src is None:
        raise TypeError("scatter() missing required argument 'src' or 'value'")
    if reduce not in (None, "add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    x, d, idx, src, shape = _scatter_args("scatter", input, dim, index, src)
    key = I.along_dim_key(idx, d)
    if reduce == "add":
        return _shaped(x + S.IndexAdd.apply(src, tuple(x.shape), key), shape)
    if reduce == "multiply":
        return I.NoDerivative.apply(x, _scatter_multiply(x.data, key, idx.shape, src.data)
                                    .reshape(shape), "aten::scatter")
    return _shaped(S.SetItem.apply(x, src, key), shape)


def _scatter_multiply(data, key, shape, src):
    """``data`` with ``data[key] *= src`` element by element (repeats multiply)."""
    from ..core.manipulation import broadcast_to
    out = data.copy()
    parts = [broadcast_to(k, tuple(shape)).reshape(-1).tolist() for k in key]
    for pos, v in zip(zip(*parts), src.reshape(-1).tolist()):
        out[pos] = out[pos] * v
    return out


def scatter_add(input, dim, index, src):
    """A copy of `input` with `src` added at `index` along `dim` (repeats accumulate).

    >>> import latpy.torch as torch
    >>> torch.scatter_add(torch.zeros(3), 0, torch.tensor([0, 0, 2]), torch.ones(3)).tolist()
    [2.0, 0.0, 1.0]
    """
    if not isinstance(src, Tensor):
        raise TypeError(f"scatter_add(): argument 'src' (position 4) must be Tensor, not "
                        f"{type(src).__name__}")
    return scatter(input, dim, index, src, reduce="add")


def index_select(input, dim, index):
    """The entries of `input` at the positions `index` (1-D) along `dim`.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([[1, 2, 3], [4, 5, 6]])
    >>> torch.index_select(x, 1, torch.tensor([2, 0])).tolist()
    [[3, 1], [6, 4]]
    """
    x = _t(input)
    idx = I.index_array(index, "index_select")
    if idx.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    idx = idx.reshape(1) if idx.ndim == 0 else idx
    if x.ndim == 0:
        if idx.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got "
                               f"{idx.size} value(s)")
        I.check_bounds(idx, 1, 0)
        return x * 1 if x.requires_grad else _wrap(x.data.copy())
    d = _dim(dim, x.ndim)
    I.check_bounds(idx, x.shape[d], d)
    return x[(slice(None),) * d + (idx,)]


def masked_fill(input, mask, value):
    """`input` with `value` where `mask` is True (mask and input broadcast).

    >>> import latpy.torch as torch
    >>> torch.masked_fill(torch.zeros(3), torch.tensor([True, False, True]), 1.0).tolist()
    [1.0, 0.0, 1.0]
    """
    x, m = _t(input), _t(mask)
    if str(m.data.dtype) != "bool":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with "
                           f"dtype {m.dtype}")
    if isinstance(value, Tensor):
        if value.ndim:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value.ndim} dimension(s).")
        value = value.type(x.dtype)
    else:
        value = _scalar_like(value, x)
    return E.where(m.data, value, x)


def masked_select(input, mask):
    """The elements of `input` where `mask` is True, as a 1-D tensor (both broadcast).

    >>> import latpy.torch as torch
    >>> x = torch.tensor([[1, 2], [3, 4]])
    >>> torch.masked_select(x, torch.tensor([True, False])).tolist()
    [1, 3]
    """
    x, m = _t(input), _t(mask)
    if str(m.data.dtype) != "bool":
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    from ..core.manipulation import broadcast_to
    from ..core.shape import broadcast_shapes
    try:
        shape = broadcast_shapes(tuple(x.shape), tuple(m.shape))
    except ValueError:
        raise RuntimeError(f"masked_select: the shapes of input {list(x.shape)} and mask "
                           f"{list(m.shape)} are not broadcastable") from None
    x = x.expand(*shape) if tuple(x.shape) != shape else x
    return x[broadcast_to(m.data, shape)]


def take(input, index):
    """`input` as if flattened, read at `index` (any shape; negative counts from the end).

    >>> import latpy.torch as torch
    >>> torch.take(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[0, 3], [-1, 1]])).tolist()
    [[1, 4], [4, 2]]
    """
    x = _t(input)
    idx = I.index_array(index, "take")
    n = x.numel()
    if idx.size:
        lo, hi = idx.min().item(), idx.max().item()
        if lo < -n or hi >= n:
            raise IndexError(f"out of range: tried to access index {lo if lo < -n else hi} "
                             f"on a tensor of {n} elements.")
    return x.reshape(-1)[idx]


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of `input` with ``alpha * source`` added at positions `index` along `dim`.

    >>> import latpy.torch as torch
    >>> torch.index_add(torch.zeros(3), 0, torch.tensor([0, 0]), torch.ones(2)).tolist()
    [2.0, 0.0, 0.0]
    """
    x, src = _t(input), _t(source)
    idx = I.index_array(index, "index_add")
    idx = idx.reshape(1) if idx.ndim == 0 else idx
    d = _dim(dim, x.ndim)
    xs, ss = tuple(x.shape) or (1,), tuple(src.shape) or (1,)
    if src.dtype != x.dtype:
        raise RuntimeError(f"index_add_(): self ({x.dtype}) and source ({src.dtype}) must have "
                           "the same scalar type")
    if idx.ndim != 1 or ss[d] != idx.size:
        raise RuntimeError(f"index_add_(): Number of indices ({idx.size}) should be equal to "
                           f"source.size(dim): ({ss[d]}), for dim: {d}")
    if len(xs) != len(ss) or any(a != b for i, (a, b) in enumerate(zip(xs, ss)) if i != d):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(x.shape)} "
                           f"source.shape = {list(src.shape)}")
    I.check_bounds(idx, xs[d], d)
    src = src * alpha if alpha != 1 else src
    key = (slice(None),) * d + (idx,)
    return x + _shaped(S.IndexAdd.apply(_shaped(src, ss), xs, key), tuple(x.shape))


def _triangle(input, diagonal, lower, name):
    x = _t(input)
    if x.ndim < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    mask = I.triangle_mask(x.shape[-2], x.shape[-1], diagonal, lower)
    return E.Mask.apply(x, mask.data if isinstance(mask, Tensor) else mask)


def tril(input, diagonal=0):
    """The lower triangle of the last two dims (on and below `diagonal`); zeros above.

    >>> import latpy.torch as torch
    >>> torch.tril(torch.ones(2, 3)).tolist()
    [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]
    """
    return _triangle(input, diagonal, True, "tril")


def triu(input, diagonal=0):
    """The upper triangle of the last two dims (on and above `diagonal`); zeros below.

    >>> import latpy.torch as torch
    >>> torch.triu(torch.ones(2, 3), 1).tolist()
    [[0.0, 1.0, 1.0], [0.0, 0.0, 1.0]]
    """
    return _triangle(input, diagonal, False, "triu")


def diagonal(input, offset=0, dim1=0, dim2=1):
    """The `offset` diagonal of the (dim1, dim2) planes, as a new last dimension.

    >>> import latpy.torch as torch
    >>> torch.diagonal(torch.arange(6).reshape(2, 3), 1).tolist()
    [1, 5]
    """
    x = _t(input)
    d1, d2 = _dim(dim1, x.ndim), _dim(dim2, x.ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    order = [d for d in range(x.ndim) if d not in (d1, d2)] + [d1, d2]
    moved = x.permute(*order) if order != list(range(x.ndim)) else x
    key = I.diagonal_key(x.ndim, x.shape[d1], x.shape[d2], offset)
    if moved.requires_grad:
        from .functions.shape import Diagonal
        return Diagonal.apply(moved, key)
    return moved[key]


_diagonal = diagonal


def diag(input, diagonal=0):
    """1-D input: a square matrix with it on the `diagonal`; 2-D input: that diagonal.

    >>> import latpy.torch as torch
    >>> torch.diag(torch.tensor([1, 2])).tolist()
    [[1, 0], [0, 2]]
    """
    x = _t(input)
    if x.ndim == 2:
        return _diagonal(x, diagonal)
    if x.ndim != 1:
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {x.ndim}D")
    n = x.shape[0] + abs(diagonal)
    rows = arange(x.shape[0]) + max(0, -diagonal)
    cols = arange(x.shape[0]) + max(0, diagonal)
    if x.dtype.is_floating_point:
        return S.IndexAdd.apply(x, (n, n), (rows, cols))
    out = zeros((n, n), dtype=x.data.dtype)
    out[rows, cols] = x.data
    return _wrap(out)


def trace(input):
    """The sum of the main diagonal of a matrix.

    >>> import latpy.torch as torch
    >>> torch.trace(torch.tensor([[1.0, 2.0], [3.0, 4.0]])).item()
    5.0
    """
    x = _t(input)
    if x.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {x.ndim}")
    return _sum(diagonal(x))


_PAD_MODES = ("constant", "reflect", "replicate", "circular")


def pad(input, pad, mode="constant", value=None):
    """Pad the last ``len(pad) // 2`` dims: ``pad = (left, right, top, bottom, ...)``
    from the last dim backwards; negative amounts crop. Modes as
    ``torch.nn.functional.pad``: constant, reflect, replicate, circular.

    >>> import latpy.torch as torch
    >>> torch.more_ops.pad(torch.tensor([[1.0, 2.0]]), (1, 2), value=9.0).tolist()
    [[9.0, 1.0, 2.0, 9.0, 9.0]]
    >>> torch.more_ops.pad(torch.tensor([[[1.0, 2.0, 3.0]]]), (2, 1), mode="reflect").tolist()
    [[[3.0, 2.0, 1.0, 2.0, 3.0, 2.0]]]
    """
    x = _t(input)
    pad = [int(p) for p in pad]
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > x.ndim:
        raise RuntimeError(f"Padding length should be less than or equal to two times the "
                           f"input dimension but got padding length {len(pad)} and input of "
                           f"dimension {x.ndim}")
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    pairs = {x.ndim - 1 - i: (pad[2 * i], pad[2 * i + 1]) for i in range(len(pad) // 2)}
    if mode == "constant":
        return _pad_constant(x, pairs, 0 if value is None else value)
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    k = len(pad) // 2
    if k not in (1, 2, 3) or x.ndim not in (k + 1, k + 2):
        raise NotImplementedError(f"Padding size {len(pad)} is not supported for {x.ndim}D "
                                  "input tensor.")
    shape = list(x.shape)
    for d, (before, after) in pairs.items():  # check every dim before any work
        n = shape[d]
        if n == 0:
            raise RuntimeError(f"{mode} padding needs non-empty padded dimensions, but got "
                               f"input of size {shape}")
        if mode == "reflect" and (before >= n or after >= n):
            raise RuntimeError(f"Argument #4: Padding size should be less than the "
                               f"corresponding input dimension, but got: padding ({before}, "
                               f"{after}) at dimension {d} of input {shape}")
        if mode == "circular" and (before > n or after > n):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if n + before + after < 0:
            raise RuntimeError(f"{mode} padding ({before}, {after}) of dimension {d} (size "
                               f"{n}) leaves a negative size")
    for d, (before, after) in pairs.items():
        source = I.pad_index(mode, shape[d], before, after)
        x = x[(slice(None),) * d + (asarray(source, dtype=int),)]
    return x


def _pad_constant(x, pairs, value):
    shape = list(x.shape)
    crop, place = [slice(None)] * x.ndim, [slice(None)] * x.ndim
    for d, (before, after) in pairs.items():
        size = shape[d] + before + after
        if size < 0:
            raise RuntimeError(f"narrow(): length must be non-negative (padding ({before}, "
                               f"{after}) of dimension {d} with size {shape[d]})")
        crop[d] = slice(max(0, -before), shape[d] - max(0, -after))
        place[d] = slice(max(0, before), max(0, before) + max(0, shape[d] + min(0, before)
                                                             + min(0, after)))
        shape[d] = size
    base = _wrap(full(tuple(shape), _scalar_like(value, x), dtype=x.data.dtype))
    return S.SetItem.apply(base, x[tuple(crop)], tuple(place))


__all__ = ["gather", "scatter", "scatter_add", "index_select", "masked_fill",
           "masked_select", "take", "index_add", "tril", "triu", "diagonal", "diag", "trace"]
# pad is torch.nn.functional.pad: reachable as more_ops.pad, not exported into latpy.torch

from . import math_ops as _math_ops, sort_ops as _sort_ops  # noqa: E402
from .functions import activation as _activation  # noqa: E402
from .math_ops import *  # noqa: E402,F401,F403
from .sort_ops import *  # noqa: E402,F401,F403
from .functions.activation import *  # noqa: E402,F401,F403

__all__ += _math_ops.__all__ + _sort_ops.__all__ + _activation.__all__
