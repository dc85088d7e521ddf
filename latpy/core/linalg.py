"""Products of arrays: matmul, dot, vdot, inner, outer, tensordot, trace.

Every product here is one idea: cut the left operand into *rows* and the right
one into *columns* (lists of the elements along the contracted axes, see
:func:`_lanes`), then hand both lists to the one matmul kernel,
``kernels.matmul2d(rows, cols, ..., split=True)``. Rows and columns are slices
of the storage, so transposed and strided operands cost no extra copy.

``einsum`` lives in ``einsum.py`` and ``lp.linalg`` (norm, inv, det, solve) in
``linalg_ns.py``; both are re-exported from here.
"""

from __future__ import annotations

from .creation import asarray
from .dtypes import BOOL, F64, I64, dtype as _as_dtype, result_type
from .kernels import gather, matmul2d, run, starts
from .ndarray import NDArray, _cast, _elements, _make, _parts, _scalar, _view
from .shape import broadcast_shapes, contiguous_strides, normalize_axis, prod

__all__ = ["matmul", "dot", "vdot", "inner", "outer", "tensordot", "einsum", "trace",
           "linalg"]

_ZERO = {F64: 0.0, I64: 0, BOOL: 0}


# ---------------------------------------------------------------------------
# Shared helpers (also used by einsum.py and linalg_ns.py)
# ---------------------------------------------------------------------------
def _lanes(x: NDArray, inner, outer=None) -> list:
    """The elements along axes `inner`, one list per index of axes `outer`.

    `outer` defaults to the remaining axes in order; the lists come in C order
    of the `outer` index, and each holds its elements in C order of `inner`.
    ``_lanes(a, [1])`` are the rows of a matrix, ``_lanes(a, [0])`` its columns.
    """
    data, shape, strides, offset = _parts(x)
    if outer is None:
        outer = [i for i in range(len(shape)) if i not in inner]
    heads = starts([shape[i] for i in outer], [strides[i] for i in outer], offset)
    if len(inner) == 1:
        n, step = shape[inner[0]], strides[inner[0]]
        if n == 0:
            return [[] for _ in heads]
        if step == 1:
            return [data[s:s + n] for s in heads]
        return [run(data, s, n, step) for s in heads]
    if not inner:
        return [[data[s]] for s in heads]
    in_shape = [shape[i] for i in inner]
    in_strides = [strides[i] for i in inner]
    return [gather(data, in_shape, in_strides, s) for s in heads]


def _finish(data: list, shape: tuple, dt, scalar=True):
    """Wrap kernel output: bools from the int sums of a bool product, and NumPy's
    scalar for a 0-d result (unless `scalar` is False)."""
    if dt is BOOL:
        data = list(map(bool, data))
    if not shape and scalar:
        return _scalar(data[0], dt)
    return _make(data, shape, dt)


def _as_type(x: NDArray, dt) -> NDArray:
    """`x` with dtype `dt` (itself when it already has it)."""
    if x._dtype is dt:
        return x
    return _make(_cast(_elements(x), x._dtype, dt), x._shape, dt)


# ---------------------------------------------------------------------------
# matmul
# ---------------------------------------------------------------------------
def matmul(a, b):
    """Matrix product with NumPy's rules (the ``@`` operator).

    1-D operands are promoted to a row (left) or a column (right) matrix and the
    added axis is removed again; leading (batch) axes broadcast.

    >>> import latpy as lp
    >>> lp.matmul(lp.array([[1, 2], [3, 4]]), lp.array([[5], [6]])).tolist()
    [[17], [39]]
    >>> lp.matmul(lp.ones((4, 2, 3)), lp.ones(3)).shape
    (4, 2)
    """
    if type(a) is not NDArray or type(b) is not NDArray:
        a, b = asarray(a), asarray(b)
    sa, sb = a._shape, b._shape
    if (len(sa) == 2 and len(sb) == 2 and sa[1] == sb[0] and a._flat is not None
            and b._flat is not None):  # the common case, kept cheap for small arrays
        dt = a._dtype if a._dtype is b._dtype else result_type(a._dtype, b._dtype)
        data = matmul2d(a._flat, b._flat, sa[0], sa[1], sb[1], _ZERO[dt])
        return _make(data if dt is not BOOL else list(map(bool, data)), (sa[0], sb[1]), dt)
    if len(sa) == 2 and len(sb) == 2 and sa[1] == sb[0] and sa[1]:
        # any two matrices (transposed, sliced): rows and columns are single slices
        dt = a._dtype if a._dtype is b._dtype else result_type(a._dtype, b._dtype)
        data = matmul2d(_matrix_rows(a), _matrix_cols(b), sa[0], sa[1], sb[1], _ZERO[dt],
                        split=True)
        return _make(data if dt is not BOOL else list(map(bool, data)), (sa[0], sb[1]), dt)
    for i, s in enumerate((sa, sb)):
        if not s:
            raise ValueError(f"matmul: Input operand {i} does not have enough dimensions "
                             "(has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) "
                             "requires 1)")
    dt = result_type(a._dtype, b._dtype)
    if len(sa) == 1:
        a = _view(a, (1,) + sa, (0,) + _parts(a)[2], a._offset)
    if len(sb) == 1:
        b = _view(b, sb + (1,), _parts(b)[2] + (0,), b._offset)
    *batch_a, n, k = a._shape
    *batch_b, kb, m = b._shape
    if k != kb:
        raise ValueError(f"matmul: shapes {sa} and {sb} are not aligned: {k} "
                         f"(dim {len(sa) - 1}) != {kb} (dim {max(len(sb) - 2, 0)})")
    try:
        batch = broadcast_shapes(tuple(batch_a), tuple(batch_b))
    except ValueError:
        raise ValueError(f"matmul: shapes {sa} and {sb} could not be broadcast together "
                         f"in their batch dimensions {tuple(batch_a)} and "
                         f"{tuple(batch_b)}") from None
    rows = _lanes(a, [a.ndim - 1])
    cols = _lanes(b, [b.ndim - 2])
    zero = _ZERO[dt]
    if prod(batch_b) == 1:  # one B for every batch: a single (batch*n, k) @ (k, m)
        data = matmul2d(rows, cols, len(rows), k, m, zero, split=True)
    else:
        data = []
        a_index = starts(batch, _block_strides(batch_a, batch), 0)
        b_index = starts(batch, _block_strides(batch_b, batch), 0)
        for i, j in zip(a_index, b_index):
            data += matmul2d(rows[i * n:i * n + n], cols[j * m:j * m + m], n, k, m,
                             zero, split=True)
    # the axes added to 1-D operands are dropped again
    shape = batch + sa[-2:-1] + (sb[-1:] if len(sb) > 1 else ())
    return _finish(data, shape, dt)


def _matrix_rows(a: NDArray) -> list:
    """The rows of a 2-D array, each cut from storage by one (extended) slice."""
    n, k = a._shape
    s0, s1 = _parts(a)[2]
    data, off = a._data, a._offset
    if s1 == 1:
        return [data[off + i * s0:off + i * s0 + k] for i in range(n)]
    return [run(data, off + i * s0, k, s1) for i in range(n)]


def _matrix_cols(b: NDArray) -> list:
    """The columns of a 2-D array, each cut from storage by one (extended) slice
    (a plain slice for a transposed C-order matrix, e.g. ``W.T`` in ``x @ W.T``)."""
    k, m = b._shape
    s0, s1 = _parts(b)[2]
    data, off = b._data, b._offset
    if s0 == 1:
        return [data[off + j * s1:off + j * s1 + k] for j in range(m)]
    return [run(data, off + j * s1, k, s0) for j in range(m)]


def _block_strides(shape, target) -> tuple:
    """Strides (in whole blocks) that map a batch index of `target` to the flat
    block index of an operand with batch `shape` (stride 0 where broadcast)."""
    lead = len(target) - len(shape)
    strides = contiguous_strides(shape)
    return (0,) * lead + tuple(s if d != 1 else 0 for d, s in zip(shape, strides))


# ---------------------------------------------------------------------------
# dot, vdot, inner, outer, tensordot
# ---------------------------------------------------------------------------
def _scalar_product(a: NDArray, b: NDArray):
    """``a * b`` when an operand is 0-d, a NumPy scalar if both are."""
    out = a * b
    if not out._shape:
        return _scalar(_elements(out)[0], out._dtype)
    return out


def dot(a, b):
    """Dot product with NumPy's rules.

    Scalars multiply; otherwise the last axis of `a` is summed against the
    second-to-last axis of `b` (its only axis if 1-D). Unlike :func:`matmul`,
    the other axes of both operands all appear in the result.

    >>> import latpy as lp
    >>> lp.dot([1, 2, 3], [4, 5, 6])
    np.int64(32)
    >>> lp.dot(lp.ones((2, 3)), lp.ones((4, 3, 5))).shape
    (2, 4, 5)
    """
    a, b = asarray(a), asarray(b)
    sa, sb = a._shape, b._shape
    if not sa or not sb:
        return _scalar_product(a, b)
    axis_b = len(sb) - 2 if len(sb) > 1 else 0
    k = sa[-1]
    if k != sb[axis_b]:
        raise ValueError(f"dot: shapes {sa} and {sb} not aligned: {k} (dim {len(sa) - 1}) "
                         f"!= {sb[axis_b]} (dim {axis_b})")
    return _contract(a, b, [len(sa) - 1], [axis_b])


def _contract(a: NDArray, b: NDArray, axes_a, axes_b, scalar=True):
    """Sum of products over the paired axes; the result has the remaining axes of
    `a` then those of `b`, in order."""
    dt = result_type(a._dtype, b._dtype)
    rows = _lanes(a, axes_a)
    cols = _lanes(b, axes_b)
    k = prod(a._shape[i] for i in axes_a)
    data = matmul2d(rows, cols, len(rows), k, len(cols), _ZERO[dt], split=True)
    shape = (tuple(d for i, d in enumerate(a._shape) if i not in axes_a)
             + tuple(d for i, d in enumerate(b._shape) if i not in axes_b))
    return _finish(data, shape, dt, scalar)


def vdot(a, b):
    """Dot product of the two arrays flattened (they must have the same size).

    >>> import latpy as lp
    >>> lp.vdot(lp.array([[1, 2], [3, 4]]), lp.array([[1, 1], [1, 1]]))
    np.int64(10)
    """
    a, b = asarray(a), asarray(b)
    if a._size != b._size:
        raise ValueError(f"vdot: a and b must have the same number of elements, got "
                         f"shapes {a._shape} and {b._shape} ({a._size} != {b._size})")
    dt = result_type(a._dtype, b._dtype)
    n = a._size
    data = matmul2d([_elements(a)], [_elements(b)], 1, n, 1, _ZERO[dt], split=True)
    return _finish(data, (), dt)


def inner(a, b):
    """Inner product: sum of products over the last axes of `a` and `b`.

    >>> import latpy as lp
    >>> lp.inner(lp.array([[1, 2], [3, 4]]), lp.array([1, 10])).tolist()
    [21, 43]
    """
    a, b = asarray(a), asarray(b)
    sa, sb = a._shape, b._shape
    if not sa or not sb:
        return _scalar_product(a, b)
    if sa[-1] != sb[-1]:
        raise ValueError(f"inner: shapes {sa} and {sb} not aligned: {sa[-1]} "
                         f"(dim {len(sa) - 1}) != {sb[-1]} (dim {len(sb) - 1})")
    return _contract(a, b, [len(sa) - 1], [len(sb) - 1])


def outer(a, b):
    """Outer product of the two arrays flattened: ``out[i, j] = a[i] * b[j]``.

    >>> import latpy as lp
    >>> lp.outer([1, 2], [1, 10, 100]).tolist()
    [[1, 10, 100], [2, 20, 200]]
    """
    a, b = asarray(a), asarray(b)
    dt = result_type(a._dtype, b._dtype)
    xs, ys = _elements(_as_type(a, dt)), _elements(_as_type(b, dt))
    if dt is BOOL:
        data = [x and y for x in xs for y in ys]
    else:
        data = [x * y for x in xs for y in ys]
    return _make(data, (len(xs), len(ys)), dt)


def tensordot(a, b, axes=2):
    """Sum of products over the given axes (NumPy's ``tensordot``).

    `axes` is an int N (the last N axes of `a` with the first N of `b`) or a
    pair of axis sequences. The result has the free axes of `a`, then of `b`.

    >>> import latpy as lp
    >>> lp.tensordot(lp.ones((2, 3, 4)), lp.ones((4, 3, 5)), axes=([1, 2], [1, 0])).tolist()
    [[12.0, 12.0, 12.0, 12.0, 12.0], [12.0, 12.0, 12.0, 12.0, 12.0]]
    """
    a, b = asarray(a), asarray(b)
    if isinstance(axes, int) and not isinstance(axes, bool):
        if axes < 0 or axes > a.ndim or axes > b.ndim:
            raise ValueError(f"tensordot: axes={axes} is out of range for shapes "
                             f"{a._shape} and {b._shape}")
        axes_a, axes_b = list(range(a.ndim - axes, a.ndim)), list(range(axes))
    else:
        try:
            axes_a, axes_b = axes
        except (TypeError, ValueError):
            raise TypeError("tensordot: axes must be an int or a pair of axis "
                            f"sequences, got {axes!r}") from None
        axes_a = [axes_a] if isinstance(axes_a, int) else list(axes_a)
        axes_b = [axes_b] if isinstance(axes_b, int) else list(axes_b)
        if len(axes_a) != len(axes_b):
            raise ValueError(f"tensordot: shape-mismatch for sum: {len(axes_a)} axes of a "
                             f"but {len(axes_b)} axes of b")
        axes_a = [normalize_axis(i, a.ndim) for i in axes_a]
        axes_b = [normalize_axis(i, b.ndim) for i in axes_b]
        if len(set(axes_a)) != len(axes_a) or len(set(axes_b)) != len(axes_b):
            raise ValueError(f"tensordot: repeated axis in axes={axes!r}")
    for i, j in zip(axes_a, axes_b):
        if a._shape[i] != b._shape[j]:
            raise ValueError(f"tensordot: shape-mismatch for sum: axis {i} of a (shape "
                             f"{a._shape}) has size {a._shape[i]} but axis {j} of b "
                             f"(shape {b._shape}) has size {b._shape[j]}")
    return _contract(a, b, axes_a, axes_b, scalar=False)


# ---------------------------------------------------------------------------
# trace
# ---------------------------------------------------------------------------
def trace(a, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """Sum along a diagonal of `a` (of the axes `axis1`, `axis2`).

    The result keeps the other axes; bool sums to int64, as in NumPy.

    >>> import latpy as lp
    >>> lp.trace(lp.array([[1, 2], [3, 4]]))
    np.int64(5)
    >>> lp.trace(lp.ones((2, 3, 3)), axis1=1, axis2=2).tolist()
    [3.0, 3.0]
    """
    if out is not None:
        raise TypeError("trace: out= is not supported")
    a = asarray(a)
    nd = a.ndim
    if nd < 2:
        raise ValueError(f"trace: diag requires an array of at least two dimensions "
                         f"(got shape {a._shape})")
    ax1, ax2 = normalize_axis(axis1, nd), normalize_axis(axis2, nd)
    if ax1 == ax2:
        raise ValueError(f"trace: axis1 and axis2 cannot be the same (both {ax1})")
    data, shape, strides, start = _parts(a)
    d1, d2, s1, s2 = shape[ax1], shape[ax2], strides[ax1], strides[ax2]
    if offset >= 0:
        length, start = max(0, min(d1, d2 - offset)), start + offset * s2
    else:
        length, start = max(0, min(d1 + offset, d2)), start - offset * s1
    rest = [i for i in range(nd) if i not in (ax1, ax2)]
    heads = starts([shape[i] for i in rest], [strides[i] for i in rest], start)
    dt = I64 if a._dtype is BOOL else a._dtype
    if dtype is not None:
        dt = _as_dtype(dtype)
        data = _cast(data, a._dtype, dt)  # the whole storage: same layout
    zero = _ZERO[dt]
    if length == 0:
        sums = [zero] * len(heads)
    else:
        sums = [sum(run(data, s, length, s1 + s2), zero) for s in heads]
    return _finish(sums, tuple(shape[i] for i in rest), dt)


# ---------------------------------------------------------------------------
# NDArray methods and the einsum / lp.linalg re-exports
# ---------------------------------------------------------------------------
def _dot_method(self, b, out=None):
    """Dot product with `b` (see :func:`latpy.dot`).

    >>> import latpy as lp
    >>> lp.array([1.0, 2.0]).dot(lp.array([3.0, 4.0]))
    np.float64(11.0)
    """
    if out is not None:
        raise TypeError("dot: out= is not supported")
    return dot(self, b)


def _trace_method(self, offset=0, axis1=0, axis2=1, dtype=None, out=None):
    """Sum along a diagonal (see :func:`latpy.trace`).

    >>> import latpy as lp
    >>> lp.eye(3).trace()
    np.float64(3.0)
    """
    return trace(self, offset, axis1, axis2, dtype, out)


NDArray.dot = _dot_method
NDArray.trace = _trace_method

from .einsum import einsum  # noqa: E402
from . import linalg_ns as linalg  # noqa: E402
