"""Index maths for the indexing family (gather, scatter, pad, diagonal, ...).

These ops need no derivative of their own: each becomes an *index key* and then
one of the movement primitives in :mod:`shape` -- ``GetItem`` (``x[key]``,
whose backward adds the gradient back at `key`), ``IndexAdd`` (zeros with
values added at `key`) or ``SetItem`` (``x`` with ``x[key] = v``). So this file
is pure functions from shapes and index arrays to keys, plus the checks that
give PyTorch's errors. The one Op here, :class:`NoDerivative`, marks a result
whose derivative PyTorch does not implement either.
"""

from __future__ import annotations

from ...core.creation import arange, asarray
from ..function import Op


class NoDerivative(Op):
    """y = a precomputed value;  dx = error (PyTorch has no derivative for it either)"""

    @staticmethod
    def forward(ctx, x, value, name):
        ctx.op_name = name
        return value

    @staticmethod
    def backward(ctx, grad_output):
        raise RuntimeError(f"derivative for {ctx.op_name} is not implemented")


def index_array(index, op: str):
    """The int64 array behind an index Tensor/array/list; other dtypes are an error.

    >>> index_array([[0, 2]], "gather").tolist()
    [[0, 2]]
    """
    data = getattr(index, "data", index)
    if not hasattr(data, "dtype"):
        data = asarray(data)
    if str(data.dtype) != "int64":
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index (got {data.dtype})")
    return data


def check_bounds(index, size: int, dim: int, allow_negative: bool = False) -> None:
    """Raise PyTorch's IndexError-style RuntimeError if an index is outside [0, size).

    >>> check_bounds(asarray([0, 3]), 3, 1)
    Traceback (most recent call last):
    ...
    RuntimeError: index 3 is out of bounds for dimension 1 with size 3
    """
    if index.size == 0:
        return
    lo, hi = index.min().item(), index.max().item()
    low = -size if allow_negative else 0
    if lo < low or hi >= size:
        bad = lo if lo < low else hi
        raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {size}")


def along_dim_key(index, dim: int) -> tuple:
    """The advanced-indexing key that picks ``x[..., index[i, j, ...], ...]`` along
    `dim` (``gather``): `index` itself at `dim`, an ``arange`` over every other dim.

    >>> [k.shape for k in along_dim_key(asarray([[0, 1, 1]]), 1)]
    [(1, 1), (1, 3)]
    """
    nd = index.ndim
    key = []
    for d in range(nd):
        if d == dim:
            key.append(index)
        else:
            view = [1] * nd
            view[d] = index.shape[d]
            key.append(arange(index.shape[d]).reshape(tuple(view)))
    return tuple(key)


def check_gather_shapes(op: str, index_shape, self_shape, dim: int, src_shape=None) -> None:
    """`index` must be no larger than self (except along `dim`) and than `src`.

    >>> check_gather_shapes("gather", (4, 1), (3, 4), 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    RuntimeError: gather(): Size does not match at dimension 0 expected index [4, 1] to be ...
    """
    if len(index_shape) != len(self_shape) or (src_shape is not None and
                                               len(src_shape) != len(index_shape)):
        raise RuntimeError(f"{op}(): Index tensor must have the same number of dimensions as "
                           f"{'self' if src_shape is None else 'self and src'} tensor "
                           f"(got index {list(index_shape)}, self {list(self_shape)})")
    for d, n in enumerate(index_shape):
        too_big = (d != dim and n > self_shape[d]) or (src_shape is not None and
                                                         n > src_shape[d])
        if too_big:
            src = "" if src_shape is None else \
                f" and to be no larger size than src {list(src_shape)}"
            raise RuntimeError(f"{op}(): Size does not match at dimension {d} expected index "
                               f"{list(index_shape)} to be no larger than self "
                               f"{list(self_shape)} apart from dimension {dim}{src}")


def prefix_key(shape) -> tuple:
    """The slice key of the leading ``shape`` block (``src[:2, :3]`` for scatter).

    >>> prefix_key((2, 3))
    (slice(0, 2, None), slice(0, 3, None))
    """
    return tuple(slice(0, n) for n in shape)


def diagonal_key(ndim: int, rows: int, cols: int, offset: int) -> tuple:
    """Key taking the `offset` diagonal of the last two dims (the diagonal goes last).

    >>> [k.tolist() for k in diagonal_key(2, 2, 3, 1)]
    [[0, 1], [1, 2]]
    """
    n = max(0, min(rows - max(0, -offset), cols - max(0, offset)))
    return (slice(None),) * (ndim - 2) + (arange(n) + max(0, -offset),
                                          arange(n) + max(0, offset))


def triangle_mask(rows: int, cols: int, diagonal: int, lower: bool):
    """Bool (rows, cols) array: True on and below (`lower`) or above the diagonal.

    >>> triangle_mask(2, 3, 0, True).tolist()
    [[True, False, False], [True, True, False]]
    """
    offset = arange(cols).reshape((1, cols)) - arange(rows).reshape((rows, 1))
    return offset <= diagonal if lower else offset >= diagonal


def pad_index(mode: str, n: int, before: int, after: int) -> list:
    """Source position for each output position of one padded dim (non-constant modes).

    A negative amount crops first; circular padding then wraps the cropped part
    (as PyTorch does).

    >>> pad_index("reflect", 4, 2, 1), pad_index("replicate", 3, 1, 2)
    ([2, 1, 0, 1, 2, 3, 2], [0, 0, 1, 2, 2, 2])
    >>> pad_index("circular", 3, 1, 2), pad_index("circular", 4, -1, 2)
    ([2, 0, 1, 2, 0, 1], [1, 2, 3, 1, 2])
    """
    lo, kept = max(0, -before), n - max(0, -before) - max(0, -after)
    out = []
    for j in range(n + before + after):
        i = j - before
        if mode == "reflect":
            i = -i if i < 0 else (2 * (n - 1) - i if i >= n else i)
        elif mode == "replicate":
            i = min(max(i, 0), n - 1)
        else:
            i = lo + (j - max(0, before)) % kept
        out.append(i)
    return out
