"""Shape manipulation: views, joining and splitting, and copies that move elements.

Views (``broadcast_to``, ``expand_dims``, ``moveaxis``, ``flip``, ``diagonal``,
``split``, ...) only compute a new shape, strides and offset: O(ndim), no element
is touched. Copies that rearrange elements along one axis (``repeat``, ``pad``,
``roll``) all go through one helper, ``_take``, which gathers lanes of an
``(outer, n, inner)`` block by a list of indices with slices and ``map``.

Sorting, searching, counting and comparing live in :mod:`latpy.core.sorting`
and are re-exported from here.
"""

from __future__ import annotations

import operator
from itertools import accumulate, chain, repeat as _repeat_each

from .creation import array as _array, asarray
from .dtypes import BOOL, F64, I64, dtype as _as_dtype, result_type
from .errors import AxisError
from .ndarray import NDArray, _cast, _elements, _make, _strides_of, _view
from .shape import broadcast_shapes, broadcast_strides, normalize_axis, prod

_ZERO = {F64: 0.0, I64: 0, BOOL: False}
_CONVERT = {F64: float, I64: int, BOOL: bool}


# ----------------------------------------------------------------- helpers
def _axis_tuple(axis, ndim: int, argname: str | None = None) -> tuple:
    """`axis` (int or sequence) as a tuple of non-negative ints, as NumPy's
    ``normalize_axis_tuple`` does: out of range -> AxisError, repeats -> ValueError."""
    try:
        axis = (operator.index(axis),)
    except TypeError:
        axis = tuple(axis)
    try:
        axes = tuple(normalize_axis(a, ndim) for a in axis)
    except AxisError as err:
        if argname is None:
            raise
        raise AxisError(err.axis, ndim, argname) from None
    if len(set(axes)) != len(axes):
        raise ValueError(f"repeated axis in `{argname}` argument" if argname
                         else f"repeated axis (got {axis})")
    return axes


def _ints(value) -> list:
    """An int or a flat sequence of ints as a list of ints."""
    if isinstance(value, NDArray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [operator.index(v) for v in value]
    return [operator.index(value)]


def _take(elements: list, outer: int, n: int, inner: int, idx: list, runs=None) -> list:
    """Gather along the middle axis of C-order `elements` viewed as ``(outer, n, inner)``.

    The result, viewed as ``(outer, len(idx), inner)``, holds lane ``idx[j]`` at
    position ``j``. Three ways to copy, all with the per-element work in C; the
    cheapest by a rough cost model (ns: ~150 per Python-level step, ~3 per element
    copied by a slice, ~30 through ``map``) is used:
    - runs: each run of consecutive indices is one slice per outer block;
    - columns: one strided slice assignment per (index, inner offset) pair;
    - map: ``map(row.__getitem__, idx)`` per outer block (``inner == 1`` only).
    Callers that know the runs of `idx` may pass them instead (``idx=None``).

    >>> _take([0, 1, 2, 3, 4, 5], 2, 3, 1, [2, 0])
    [2, 0, 5, 3]
    """
    m = len(idx) if runs is None else sum(length for _, length in runs)
    if not outer or not inner or not m:
        return []
    total = outer * m * inner
    runs = runs or _runs(idx)
    cost_runs = outer * len(runs) * 150 + total * 3
    cost_columns = m * inner * 150 + total * 6
    cost_map = outer * 150 + total * 30 if inner == 1 else cost_runs + 1
    block = n * inner
    if idx is None and min(cost_columns, cost_map) < cost_runs:
        idx = [i for first, length in runs for i in range(first, first + length)]
    if cost_columns < cost_runs and cost_columns < cost_map:
        out = [None] * total
        step = m * inner
        for j, i in enumerate(idx):
            for t in range(inner):
                out[j * inner + t::step] = elements[i * inner + t::block]
        return out
    out = []
    extend = out.extend
    if cost_map < cost_runs:
        for base in range(0, outer * block, block):
            extend(map(elements[base:base + block].__getitem__, idx))
        return out
    spans = [(i * inner, (i + length) * inner) for i, length in runs]
    for base in range(0, outer * block, block):
        for start, stop in spans:
            extend(elements[base + start:base + stop])
    return out


def _runs(idx: list) -> list:
    """`idx` as runs of consecutive indices, ``[(first, length), ...]``.

    >>> _runs([3, 4, 0, 1, 2, 2])
    [(3, 2), (0, 3), (2, 1)]
    """
    runs = []
    start = prev = idx[0]
    for i in idx[1:]:
        if i != prev + 1:
            runs.append((start, prev - start + 1))
            start = i
        prev = i
    runs.append((start, prev - start + 1))
    return runs


def _split_at(shape: tuple, axis: int) -> tuple:
    """``(outer, n, inner)`` sizes around `axis`."""
    return prod(shape[:axis]), shape[axis], prod(shape[axis + 1:])


def _slice_axis(a: NDArray, axis: int, start, stop) -> NDArray:
    """The view ``a[..., start:stop, ...]`` along `axis` (Python slice rules)."""
    s, e, _ = slice(start, stop).indices(a._shape[axis])
    length = max(0, e - s)
    strides = _strides_of(a)
    shape = a._shape[:axis] + (length,) + a._shape[axis + 1:]
    return _view(a, shape, strides, a._offset + (s * strides[axis] if length else 0))


def _sequence(arrays) -> list:
    if not hasattr(arrays, "__getitem__"):
        raise TypeError('arrays to stack must be passed as a "sequence" type such as list '
                        'or tuple.')
    if isinstance(arrays, NDArray):
        return [_slice_axis(arrays, 0, i, i + 1).squeeze(0) for i in range(len(arrays))]
    return [asarray(x) for x in arrays]


_CASTINGS = ("no", "equiv", "safe", "same_kind", "unsafe")
_RANK = {BOOL: 0, I64: 1, F64: 2}


def _check_cast(src, dst, casting: str) -> None:
    if casting not in _CASTINGS:
        raise ValueError("casting must be one of 'no', 'equiv', 'safe', 'same_kind', "
                         f"'unsafe' (got {casting!r})")
    # Among bool < int64 < float64, 'safe' and 'same_kind' both allow only widening.
    ok = (src is dst or casting == "unsafe"
          or (casting in ("safe", "same_kind") and _RANK[src] <= _RANK[dst]))
    if not ok:
        raise TypeError(f"Cannot cast array data from {src!r} to {dst!r} according to the "
                        f"rule '{casting}'")


# ------------------------------------------------------------------- views
def broadcast_to(array, shape, subok=False) -> NDArray:
    """A view of `array` broadcast to `shape` (broadcast axes get stride 0).

    Treat it as read-only: its elements alias each other, as in NumPy.

    >>> import latpy as lp
    >>> lp.broadcast_to(lp.array([1, 2, 3]), (2, 3)).tolist()
    [[1, 2, 3], [1, 2, 3]]
    """
    a = asarray(array)
    shape = tuple(_ints(shape))
    if any(d < 0 for d in shape):
        raise ValueError(f"all elements of broadcast shape must be non-negative (got {shape})")
    lead = len(shape) - len(a._shape)
    if lead < 0:
        raise ValueError("input operand has more dimensions than allowed by the axis "
                         f"remapping (cannot broadcast shape {a._shape} to {shape})")
    for d, t in zip(a._shape, shape[lead:]):
        if d != t and d != 1:
            raise ValueError("operands could not be broadcast together with remapped shapes "
                             f"[original->remapped]: {a._shape} and requested shape {shape}")
    return _view(a, shape, broadcast_strides(a._shape, _strides_of(a), shape), a._offset)


def broadcast_arrays(*args, subok=False) -> tuple:
    """The arguments broadcast against each other, as a tuple of views.

    >>> import latpy as lp
    >>> x, y = lp.broadcast_arrays(lp.zeros((2, 1)), lp.zeros(3))
    >>> x.shape, y.shape
    ((2, 3), (2, 3))
    """
    arrays = [asarray(x) for x in args]
    shape = ()
    for j, a in enumerate(arrays):
        try:
            shape = broadcast_shapes(shape, a._shape)
        except ValueError:
            i = next((i for i in range(j) if not _broadcastable(arrays[i]._shape, a._shape)), 0)
            raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.  "
                             f"Mismatch is between arg {i} with shape {arrays[i]._shape} and "
                             f"arg {j} with shape {a._shape}.") from None
    if all(a._shape == shape for a in arrays):
        return tuple(arrays)
    return tuple(broadcast_to(a, shape) for a in arrays)


def _broadcastable(s1, s2) -> bool:
    return all(x == y or x == 1 or y == 1 for x, y in zip(reversed(s1), reversed(s2)))


def expand_dims(a, axis) -> NDArray:
    """A view with new size-1 axes inserted at the positions `axis` (int or tuple).

    >>> import latpy as lp
    >>> lp.expand_dims(lp.zeros((2, 3)), (0, -1)).shape
    (1, 2, 3, 1)
    """
    a = asarray(a)
    count = len(_ints(axis))
    axes = _axis_tuple(axis, a.ndim + count)
    shape, strides = iter(a._shape), iter(_strides_of(a))
    new_shape, new_strides = [], []
    for i in range(a.ndim + count):
        new_shape.append(1 if i in axes else next(shape))
        new_strides.append(0 if i in axes else next(strides))
    return _view(a, tuple(new_shape), tuple(new_strides), a._offset)


def squeeze(a, axis=None) -> NDArray:
    """A view without size-1 axes (all of them, or those in `axis`).

    >>> import latpy as lp
    >>> lp.squeeze(lp.zeros((1, 3, 1))).shape
    (3,)
    """
    return asarray(a).squeeze(axis)


def moveaxis(a, source, destination) -> NDArray:
    """A view with the axes `source` moved to positions `destination`.

    >>> import latpy as lp
    >>> lp.moveaxis(lp.zeros((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    a = asarray(a)
    source = _axis_tuple(source, a.ndim, "source")
    destination = _axis_tuple(destination, a.ndim, "destination")
    if len(source) != len(destination):
        raise ValueError("`source` and `destination` arguments must have the same number of "
                         f"elements (got {source} and {destination})")
    order = [n for n in range(a.ndim) if n not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return a.transpose(order)


def swapaxes(a, axis1, axis2) -> NDArray:
    """A view with two axes exchanged.

    >>> import latpy as lp
    >>> lp.swapaxes(lp.zeros((2, 3, 4)), 0, 2).shape
    (4, 3, 2)
    """
    return asarray(a).swapaxes(axis1, axis2)


def transpose(a, axes=None) -> NDArray:
    """A view with the axes permuted (reversed when `axes` is None).

    >>> import latpy as lp
    >>> lp.transpose(lp.zeros((2, 3, 4)), (1, 0, 2)).shape
    (3, 2, 4)
    """
    a = asarray(a)
    if axes is None:
        return a.transpose()
    axes = tuple(_ints(axes))
    if len(axes) != a.ndim:
        raise ValueError(f"axes don't match array (axes {axes} for an array of shape "
                         f"{a._shape})")
    return a.transpose(axes)


def reshape(a, shape, order="C", *, copy=None) -> NDArray:
    """`a` with a new shape; a view whenever the elements allow it.

    >>> import latpy as lp
    >>> lp.reshape(lp.arange(6), (2, -1)).tolist()
    [[0, 1, 2], [3, 4, 5]]
    """
    a = asarray(a)
    if order not in ("C", "A", "K"):
        raise NotImplementedError(f"reshape: latpy supports order='C' only (got {order!r})")
    out = a.reshape(shape)
    if copy and out._data is a._data:
        return out.copy()
    if copy is False and out._data is not a._data:
        raise ValueError("Unable to avoid creating a copy while reshaping.")
    return out


def ravel(a, order="C") -> NDArray:
    """The elements as a 1-D array: a view when possible.

    >>> import latpy as lp
    >>> lp.ravel(lp.arange(4).reshape(2, 2).T).tolist()
    [0, 2, 1, 3]
    """
    return asarray(a).ravel()


def flip(m, axis=None) -> NDArray:
    """A view with the order of elements reversed along `axis` (all axes by default).

    >>> import latpy as lp
    >>> lp.flip(lp.arange(4).reshape(2, 2), 1).tolist()
    [[1, 0], [3, 2]]
    """
    m = asarray(m)
    axes = range(m.ndim) if axis is None else _axis_tuple(axis, m.ndim)
    strides = list(_strides_of(m))
    offset = m._offset
    for ax in axes:
        if m._shape[ax] > 0:
            offset += (m._shape[ax] - 1) * strides[ax]
        strides[ax] = -strides[ax]
    return _view(m, m._shape, tuple(strides), offset if m._size else m._offset)


def fliplr(m) -> NDArray:
    """Reverse the columns (axis 1): ``flip(m, 1)``.

    >>> import latpy as lp
    >>> lp.fliplr(lp.eye(2)).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    m = asarray(m)
    if m.ndim < 2:
        raise ValueError(f"Input must be >= 2-d. (got shape {m._shape})")
    return flip(m, 1)


def flipud(m) -> NDArray:
    """Reverse the rows (axis 0): ``flip(m, 0)``.

    >>> import latpy as lp
    >>> lp.flipud(lp.array([1, 2, 3])).tolist()
    [3, 2, 1]
    """
    m = asarray(m)
    if m.ndim < 1:
        raise ValueError("Input must be >= 1-d. (got a 0-d array)")
    return flip(m, 0)


def diagonal(a, offset=0, axis1=0, axis2=1) -> NDArray:
    """A view of the `offset` diagonal of the 2-D slices spanned by `axis1`, `axis2`.

    The diagonal becomes the last axis.

    >>> import latpy as lp
    >>> lp.diagonal(lp.arange(9).reshape(3, 3), 1).tolist()
    [1, 5]
    """
    a = asarray(a)
    nd = a.ndim
    if nd < 2:
        raise ValueError(f"diag requires an array of at least two dimensions (got shape "
                         f"{a._shape})")
    ax1, ax2 = (_axis_tuple(ax, nd, name)[0] for ax, name in ((axis1, "axis1"), (axis2, "axis2")))
    if ax1 == ax2:
        raise ValueError(f"axis1 and axis2 cannot be the same (both are {ax1})")
    offset = operator.index(offset)
    shape, strides = a._shape, _strides_of(a)
    d1, d2, s1, s2 = shape[ax1], shape[ax2], strides[ax1], strides[ax2]
    if offset >= 0:
        n, shift = max(0, min(d1, d2 - offset)), offset * s2
    else:
        n, shift = max(0, min(d1 + offset, d2)), -offset * s1
    keep = [i for i in range(nd) if i != ax1 and i != ax2]
    return _view(a, tuple(shape[i] for i in keep) + (n,),
                 tuple(strides[i] for i in keep) + (s1 + s2,),
                 a._offset + (shift if n and a._size else 0))


def _atleast(a: NDArray, n: int) -> NDArray:
    nd = a.ndim
    if nd >= n:
        return a
    if nd == 0:
        return a.reshape((1,) * n)
    if nd == 1:
        return a.reshape((1,) + a._shape + (1,) * (n - 2))
    return a.reshape(a._shape + (1,))


def atleast_1d(*arys):
    """Each input as an array with at least one dimension (a view where possible).

    >>> import latpy as lp
    >>> lp.atleast_1d(3.0).shape
    (1,)
    """
    res = tuple(_atleast(asarray(a), 1) for a in arys)
    return res[0] if len(res) == 1 else res


def atleast_2d(*arys):
    """Each input with at least two dimensions; a 1-D ``(N,)`` becomes ``(1, N)``.

    >>> import latpy as lp
    >>> lp.atleast_2d(lp.zeros(3)).shape
    (1, 3)
    """
    res = tuple(_atleast(asarray(a), 2) for a in arys)
    return res[0] if len(res) == 1 else res


def atleast_3d(*arys):
    """Each input with at least three dimensions: ``(N,)`` -> ``(1, N, 1)``, ``(M, N)`` ->
    ``(M, N, 1)``.

    >>> import latpy as lp
    >>> lp.atleast_3d(lp.zeros((2, 3))).shape
    (2, 3, 1)
    """
    res = tuple(_atleast(asarray(a), 3) for a in arys)
    return res[0] if len(res) == 1 else res


def copy(a, order="K", subok=False) -> NDArray:
    """A new array with a copy of the elements.

    >>> import latpy as lp
    >>> a = lp.zeros(2); b = lp.copy(a); b += 1; a.tolist()
    [0.0, 0.0]
    """
    return _array(a, copy=True)


def shape(a) -> tuple:
    """The shape of `a` (an array or anything ``lp.asarray`` accepts).

    >>> import latpy as lp
    >>> lp.shape([[1, 2, 3]])
    (1, 3)
    """
    return asarray(a)._shape


def ndim(a) -> int:
    """The number of dimensions of `a`.

    >>> import latpy as lp
    >>> lp.ndim(5.0)
    0
    """
    return len(asarray(a)._shape)


def size(a, axis=None) -> int:
    """The number of elements of `a` (along `axis`, int or tuple, when given).

    >>> import latpy as lp
    >>> lp.size(lp.zeros((2, 3))), lp.size(lp.zeros((2, 3)), 1)
    (6, 3)
    """
    a = asarray(a)
    if axis is None:
        return a._size
    return prod(a._shape[ax] for ax in _axis_tuple(axis, a.ndim))


# ------------------------------------------------------ joining and splitting
def concatenate(arrays, axis=0, out=None, *, dtype=None, casting="same_kind") -> NDArray:
    """Join arrays along an existing axis (``axis=None`` flattens them first).

    The result dtype is the promotion of the inputs' (or `dtype`).

    >>> import latpy as lp
    >>> lp.concatenate([lp.zeros((1, 2)), lp.ones((2, 2), dtype=int)]).tolist()
    [[0.0, 0.0], [1.0, 1.0], [1.0, 1.0]]
    """
    if out is not None:
        raise NotImplementedError("concatenate: latpy does not support out=")
    arrays = _sequence(arrays)
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    if axis is None:
        arrays, axis = [a.ravel() for a in arrays], 0
    first = arrays[0]
    nd = first.ndim
    if nd == 0 or any(a.ndim == 0 for a in arrays):
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    axis = normalize_axis(axis, nd)
    total = 0
    for i, a in enumerate(arrays):
        if a.ndim != nd:
            raise ValueError("all the input arrays must have same number of dimensions, but "
                             f"the array at index 0 has {nd} dimension(s) and the array at "
                             f"index {i} has {a.ndim} dimension(s) (shapes {first._shape} "
                             f"and {a._shape})")
        for d in range(nd):
            if d != axis and a._shape[d] != first._shape[d]:
                raise ValueError("all the input array dimensions except for the "
                                 "concatenation axis must match exactly, but along dimension "
                                 f"{d}, the array at index 0 has size {first._shape[d]} and "
                                 f"the array at index {i} has size {a._shape[d]} (shapes "
                                 f"{first._shape} and {a._shape}, concatenation axis {axis})")
        total += a._shape[axis]
    if dtype is None:
        dt = result_type(*(a._dtype for a in arrays))
    else:
        dt = _as_dtype(dtype)
    for a in arrays:
        _check_cast(a._dtype, dt, casting)
    shape = first._shape[:axis] + (total,) + first._shape[axis + 1:]
    outer = prod(first._shape[:axis])
    parts = [(_cast(_elements(a), a._dtype, dt), prod(a._shape[axis:])) for a in arrays]
    if outer == 1:
        data = []
        for elements, _ in parts:
            data.extend(elements)
        return _make(data, shape, dt)
    # Row o of the result is row o of each input, one after the other. Each input
    # is copied by rows (`outer` slices) or by columns (`k` strided slices).
    row = sum(k for _, k in parts)
    data = [None] * (outer * row)
    offset = 0
    for elements, k in parts:
        if k < outer:
            for t in range(k):
                data[offset + t::row] = elements[t::k]
        else:
            for o in range(outer):
                data[o * row + offset:o * row + offset + k] = elements[o * k:(o + 1) * k]
        offset += k
    return _make(data, shape, dt)


def stack(arrays, axis=0, out=None, *, dtype=None, casting="same_kind") -> NDArray:
    """Join same-shape arrays along a new axis.

    >>> import latpy as lp
    >>> lp.stack([lp.zeros(3), lp.ones(3)], axis=1).shape
    (3, 2)
    """
    if out is not None:
        raise NotImplementedError("stack: latpy does not support out=")
    arrays = _sequence(arrays)
    if not arrays:
        raise ValueError("need at least one array to stack")
    shape0 = arrays[0]._shape
    for a in arrays[1:]:
        if a._shape != shape0:
            raise ValueError(f"all input arrays must have the same shape (got {shape0} and "
                             f"{a._shape})")
    axis = normalize_axis(axis, len(shape0) + 1)
    return concatenate([expand_dims(a, axis) for a in arrays], axis, dtype=dtype,
                       casting=casting)


def vstack(tup, *, dtype=None, casting="same_kind") -> NDArray:
    """Stack arrays vertically (rows); 1-D inputs become rows.

    >>> import latpy as lp
    >>> lp.vstack([lp.array([1, 2]), lp.array([3, 4])]).tolist()
    [[1, 2], [3, 4]]
    """
    return concatenate([_atleast(a, 2) for a in _sequence(tup)], 0, dtype=dtype,
                       casting=casting)


def hstack(tup, *, dtype=None, casting="same_kind") -> NDArray:
    """Stack arrays horizontally: along axis 1, or axis 0 for 1-D inputs.

    >>> import latpy as lp
    >>> lp.hstack([lp.array([1, 2]), lp.array([3])]).tolist()
    [1, 2, 3]
    """
    arrays = [_atleast(a, 1) for a in _sequence(tup)]
    axis = 0 if arrays and arrays[0].ndim == 1 else 1
    return concatenate(arrays, axis, dtype=dtype, casting=casting)


def dstack(tup) -> NDArray:
    """Stack arrays along the third axis (depth), after making them at least 3-D.

    >>> import latpy as lp
    >>> lp.dstack([lp.zeros(3), lp.ones(3)]).shape
    (1, 3, 2)
    """
    return concatenate([_atleast(a, 3) for a in _sequence(tup)], 2)


def column_stack(tup) -> NDArray:
    """Stack 1-D arrays as the columns of a 2-D array (2-D inputs as they are).

    >>> import latpy as lp
    >>> lp.column_stack([lp.array([1, 2]), lp.array([3, 4])]).tolist()
    [[1, 3], [2, 4]]
    """
    arrays = [a if a.ndim >= 2 else _atleast(a, 2).T for a in _sequence(tup)]
    return concatenate(arrays, 1)


def array_split(ary, indices_or_sections, axis=0) -> list:
    """Split into views: `n` nearly equal parts, or at the given indices.

    The first ``len % n`` parts get one extra element.

    >>> import latpy as lp
    >>> [p.tolist() for p in lp.array_split(lp.arange(5), 2)]
    [[0, 1, 2], [3, 4]]
    """
    a = asarray(ary)
    axis = normalize_axis(axis, a.ndim)
    n = a._shape[axis]
    if isinstance(indices_or_sections, NDArray) and indices_or_sections.ndim == 0:
        indices_or_sections = indices_or_sections.item()
    if isinstance(indices_or_sections, (list, tuple, NDArray)):
        points = [0] + _ints(indices_or_sections) + [n]
    else:
        sections = int(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        each, extras = divmod(n, sections)
        points = list(accumulate([0] + [each + 1] * extras + [each] * (sections - extras)))
    return [_slice_axis(a, axis, start, stop) for start, stop in zip(points, points[1:])]


def split(ary, indices_or_sections, axis=0) -> list:
    """Split into equal views (or at the given indices); unequal sections raise.

    >>> import latpy as lp
    >>> [p.tolist() for p in lp.split(lp.arange(6), 3)]
    [[0, 1], [2, 3], [4, 5]]
    """
    if not isinstance(indices_or_sections, (list, tuple)) and not (
            isinstance(indices_or_sections, NDArray) and indices_or_sections.ndim > 0):
        a = asarray(ary)
        n = a._shape[normalize_axis(axis, a.ndim)]
        sections = int(indices_or_sections)
        if n % sections:
            raise ValueError("array split does not result in an equal division (axis of "
                             f"length {n} into {sections} sections)")
    return array_split(ary, indices_or_sections, axis)


# ------------------------------------------------ copies that move elements
def tile(A, reps) -> NDArray:
    """`A` repeated `reps` times along each axis.

    >>> import latpy as lp
    >>> lp.tile(lp.array([1, 2]), (2, 2)).tolist()
    [[1, 2, 1, 2], [1, 2, 1, 2]]
    """
    reps = _ints(reps)
    if any(r < 0 for r in reps):
        raise ValueError(f"negative dimensions are not allowed (reps {tuple(reps)})")
    c = asarray(A)
    if c.ndim < len(reps):
        c = c.reshape((1,) * (len(reps) - c.ndim) + c._shape)
    reps = [1] * (c.ndim - len(reps)) + reps
    out_shape = tuple(d * r for d, r in zip(c._shape, reps))
    data = list(_elements(c))
    if not data or 0 in out_shape:
        return _make([], out_shape, c._dtype)
    shape = list(c._shape)
    for axis in range(c.ndim - 1, -1, -1):  # innermost first: blocks grow outward
        if reps[axis] != 1:
            block, r = prod(shape[axis:]), reps[axis]
            tiled = []
            extend = tiled.extend
            for i in range(0, len(data), block):
                extend(data[i:i + block] * r)
            data = tiled
            shape[axis] *= r
    return _make(data, out_shape, c._dtype)


def _repeat_counts(repeats, n: int) -> list:
    r = asarray(repeats)
    if r.ndim > 1:
        raise ValueError(f"repeats must be an int or a 1-D sequence (got shape {r._shape})")
    counts = list(map(int, _elements(r)))
    if counts and min(counts) < 0:
        raise ValueError("negative dimensions are not allowed (negative repeat count)")
    if len(counts) == 1:
        return counts * n
    if len(counts) != n:
        raise ValueError(f"operands could not be broadcast together with shape ({n},) "
                         f"({len(counts)},)")
    return counts


def repeat(a, repeats, axis=None) -> NDArray:
    """Repeat each element (or each slice along `axis`) `repeats` times.

    `repeats` is an int or one count per element along the axis; ``axis=None``
    works on the flattened array.

    >>> import latpy as lp
    >>> lp.repeat(lp.array([1, 2]), [1, 3]).tolist()
    [1, 2, 2, 2]
    """
    a = asarray(a)
    if axis is None:
        a, axis = a.ravel(), 0
    axis = normalize_axis(axis, a.ndim)
    outer, n, inner = _split_at(a._shape, axis)
    counts = _repeat_counts(repeats, n)
    if n and counts.count(counts[0]) == n:  # the same count r everywhere: a lane of
        # length 1 taken r times from (outer * n, 1, inner)
        data = _take(_elements(a), outer * n, 1, inner, [0] * counts[0])
        length = n * counts[0]
    else:
        idx = list(chain.from_iterable(map(_repeat_each, range(n), counts)))
        data = _take(_elements(a), outer, n, inner, idx)
        length = len(idx)
    return _make(data, a._shape[:axis] + (length,) + a._shape[axis + 1:], a._dtype)


def roll(a, shift, axis=None) -> NDArray:
    """Shift elements cyclically along `axis` (the flattened array by default).

    `shift` and `axis` may be tuples (broadcast against each other).

    >>> import latpy as lp
    >>> lp.roll(lp.arange(5), 2).tolist()
    [3, 4, 0, 1, 2]
    """
    a = asarray(a)
    if axis is None:
        return roll(a.ravel(), shift, 0).reshape(a._shape)
    shifts, axes = _roll_args(shift, int), _roll_args(axis, operator.index)
    if len(shifts) != len(axes) and 1 not in (len(shifts), len(axes)):
        raise ValueError("shape mismatch: objects cannot be broadcast to a single shape.  "
                         f"Mismatch is between arg 0 with shape ({len(shifts)},) and arg 1 "
                         f"with shape ({len(axes)},).")
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    if len(axes) == 1:
        axes = axes * len(shifts)
    totals = [0] * a.ndim
    for s, ax in zip(shifts, axes):
        totals[normalize_axis(ax, a.ndim)] += s
    data = _elements(a)
    for ax, s in enumerate(totals):
        outer, n, inner = _split_at(a._shape, ax)
        k = s % n if n else 0
        if k:
            data = _take(data, outer, n, inner, None, [(n - k, k), (0, n - k)])
    return _make(list(data) if data is _elements(a) else data, a._shape, a._dtype)


def _roll_args(value, convert) -> list:
    if isinstance(value, NDArray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (list, tuple)) for v in value):
            raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
        return [convert(v) for v in value]
    return [convert(value)]


# ----------------------------------------------------------------- pad
_PAD_KEYWORDS = {"constant": {"constant_values"}, "empty": set(), "edge": set(),
                 "wrap": set(), "reflect": {"reflect_type"}, "symmetric": {"reflect_type"}}


def pad(array, pad_width, mode="constant", **kwargs) -> NDArray:
    """Pad an array: `mode` is 'constant', 'edge', 'reflect', 'symmetric' or 'wrap'.

    `pad_width` is an int, a ``(before, after)`` pair, or one pair per axis.

    >>> import latpy as lp
    >>> lp.pad(lp.array([1, 2, 3]), (2, 1), mode='reflect').tolist()
    [3, 2, 1, 2, 3, 2]
    """
    a = asarray(array)
    if callable(mode) or mode in ("linear_ramp", "maximum", "mean", "median", "minimum"):
        raise NotImplementedError(f"pad: mode {mode!r} is not supported by latpy (use "
                                  "constant, edge, reflect, symmetric, wrap or empty)")
    if mode not in _PAD_KEYWORDS:
        raise ValueError(f"mode '{mode}' is not supported")
    unsupported = set(kwargs) - _PAD_KEYWORDS[mode]
    if unsupported:
        raise ValueError(f"unsupported keyword arguments for mode '{mode}': {unsupported}")
    widths = asarray(pad_width)
    if widths._dtype is not I64:
        raise TypeError("`pad_width` must be of integral type.")
    widths = _as_pairs(widths, a.ndim, as_index=True)
    dt = a._dtype
    if mode == "constant":
        values = _as_pairs(asarray(kwargs.get("constant_values", 0)), a.ndim)
        convert = _CONVERT[dt]
        values = [(convert(x), convert(y)) for x, y in values]
    odd = kwargs.get("reflect_type", "even") == "odd"
    data, shape = _elements(a), list(a._shape)
    for axis, (before, after) in enumerate(widths):
        if not before and not after:
            continue
        outer, n, inner = _split_at(shape, axis)
        if mode in ("constant", "empty"):
            fill = values[axis] if mode == "constant" else (_ZERO[dt], _ZERO[dt])
            data = _pad_constant(data, outer, n * inner, before * inner, after * inner, fill)
        elif n == 0:
            raise ValueError(f"can't extend empty axis {axis} using modes other than "
                             "'constant' or 'empty'")
        elif odd:
            data = _pad_odd(data, outer, n, inner, before, after, mode == "symmetric", dt)
        else:
            data = _take(data, outer, n, inner, _pad_index(mode, n, before, after))
        shape[axis] = before + n + after
    return _make(list(data) if data is _elements(a) else data, tuple(shape), dt)


def _as_pairs(x: NDArray, ndim: int, as_index: bool = False) -> list:
    """NumPy's reading of pad_width / constant_values as one (before, after) per axis."""
    values = _elements(x)
    if as_index and values and min(values) < 0:
        raise ValueError(f"index can't contain negative values (pad_width {x.tolist()})")
    if x.ndim < 3 and x._size == 1:
        return [(values[0], values[0])] * ndim
    if x.ndim < 3 and x._size == 2 and x._shape != (2, 1):
        return [(values[0], values[1])] * ndim
    return [tuple(pair) for pair in broadcast_to(x, (ndim, 2)).tolist()]


def _pad_constant(data, outer, block, before, after, fill) -> list:
    left, right = [fill[0]] * before, [fill[1]] * after
    out = []
    extend = out.extend
    for base in range(0, outer * block, block) if block else range(outer):
        extend(left)
        extend(data[base:base + block])
        extend(right)
    return out


def _pad_index(mode: str, n: int, before: int, after: int) -> list:
    """Source index along the axis for each padded position (the periodic extensions)."""
    positions = range(-before, n + after)
    if mode == "edge":
        return [0] * before + list(range(n)) + [n - 1] * after
    if mode == "wrap":
        return [i % n for i in positions]
    if mode == "symmetric":  # ... 1 0 | 0 1 ... n-1 | n-1 n-2 ...: period 2n
        period = 2 * n
        return [j if j < n else period - 1 - j for j in (i % period for i in positions)]
    if n == 1:  # reflect: ... 2 1 | 0 1 ... n-1 | n-2 ...: period 2n - 2
        return [0] * (before + 1 + after)
    period = 2 * n - 2
    return [j if j < n else period - j for j in (i % period for i in positions)]


def _pad_odd(data, outer, n, inner, before, after, symmetric, dt) -> list:
    """reflect_type='odd': values reflected through the edge value (``2*edge - x``).

    Follows NumPy's iteration exactly (each round reflects a chunk as long as the
    part filled so far, rounded to whole periods) so floats round the same way.
    """
    convert = _CONVERT[dt]
    m = before + n + after
    out = [_ZERO[dt]] * (outer * m * inner)
    shift = 1 if symmetric else 0  # symmetric repeats the edge value itself
    for o in range(outer):
        for j in range(inner):
            lane = [_ZERO[dt]] * m
            lane[before:before + n] = data[o * n * inner + j:(o + 1) * n * inner:inner]
            lo, hi, left, right = before, before + n - 1, before, after
            if n == 1:  # nothing to reflect through: the edge value repeats
                lane, left, right = lane[before:before + 1] * m, 0, 0
            while left or right:
                filled = hi - lo + 1
                chunk = filled // n * n if symmetric else (filled - 1) // (n - 1) * (n - 1)
                if left:
                    k, edge = min(chunk, left), lane[lo]
                    lane[lo - k:lo] = [convert(2 * edge - lane[lo - shift + i])
                                       for i in range(k, 0, -1)]
                    lo, left = lo - k, left - k
                if right:
                    k, edge = min(chunk, right), lane[hi]
                    lane[hi + 1:hi + 1 + k] = [convert(2 * edge - lane[hi + shift - i])
                                               for i in range(1, k + 1)]
                    hi, right = hi + k, right - k
            out[o * m * inner + j:(o + 1) * m * inner:inner] = lane
    return out


# ------------------------------------------------- diagonals and triangles
def diag(v, k=0) -> NDArray:
    """The `k`-th diagonal of a 2-D array (a view), or a 2-D array with 1-D `v` on it.

    >>> import latpy as lp
    >>> lp.diag(lp.array([1, 2])).tolist()
    [[1, 0], [0, 2]]
    """
    v = asarray(v)
    k = operator.index(k)
    if v.ndim == 2:
        return diagonal(v, k)
    if v.ndim != 1:
        raise ValueError(f"Input must be 1- or 2-d. (got shape {v._shape})")
    n = v._shape[0]
    size = n + abs(k)
    data = [_ZERO[v._dtype]] * (size * size)
    start = k if k >= 0 else -k * size
    data[start:start + n * (size + 1):size + 1] = _elements(v)
    return _make(data, (size, size), v._dtype)


def _triangle(m, k, lower: bool, name: str) -> NDArray:
    m = asarray(m)
    if m.ndim == 0:
        raise TypeError(f"{name}: input must be at least 1-d (got a 0-d array)")
    if m.ndim == 1:
        m = broadcast_to(m, m._shape * 2)
    k = operator.index(k)
    rows, cols = m._shape[-2:]
    data, zero = _elements(m), _ZERO[m._dtype]
    out = []
    extend = out.extend
    for base in range(0, m._size, cols) if cols else ():
        i = (base // cols) % rows
        row = data[base:base + cols]
        if lower:  # keep columns j <= i + k
            cut = min(max(i + k + 1, 0), cols)
            extend(row[:cut])
            extend([zero] * (cols - cut))
        else:  # keep columns j >= i + k
            cut = min(max(i + k, 0), cols)
            extend([zero] * cut)
            extend(row[cut:])
    return _make(out, m._shape, m._dtype)


def tril(m, k=0) -> NDArray:
    """A copy with the elements above the `k`-th diagonal zeroed (last two axes).

    >>> import latpy as lp
    >>> lp.tril(lp.ones((2, 2), dtype=int)).tolist()
    [[1, 0], [1, 1]]
    """
    return _triangle(m, k, True, "tril")


def triu(m, k=0) -> NDArray:
    """A copy with the elements below the `k`-th diagonal zeroed (last two axes).

    >>> import latpy as lp
    >>> lp.triu(lp.ones((2, 2), dtype=int)).tolist()
    [[1, 1], [0, 1]]
    """
    return _triangle(m, k, False, "triu")


def meshgrid(*xi, copy=True, sparse=False, indexing="xy") -> tuple:
    """Coordinate arrays from 1-D coordinate vectors ('xy': Cartesian, 'ij': matrix).

    >>> import latpy as lp
    >>> X, Y = lp.meshgrid(lp.array([1, 2, 3]), lp.array([4, 5]))
    >>> X.tolist(), Y.tolist()
    ([[1, 2, 3], [1, 2, 3]], [[4, 4, 4], [5, 5, 5]])
    """
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    nd = len(xi)
    ones = (1,) * nd
    outputs = [asarray(x).reshape(ones[:i] + (-1,) + ones[i + 1:]) for i, x in enumerate(xi)]
    if indexing == "xy" and nd > 1:
        outputs[0] = outputs[0].reshape((1, -1) + ones[2:])
        outputs[1] = outputs[1].reshape((-1, 1) + ones[2:])
    if not sparse:
        outputs = broadcast_arrays(*outputs)
    if copy:
        outputs = [o.copy() for o in outputs]
    return tuple(outputs)


# ------------------------------------------------ NumPy's methods that live here
def _repeat_method(self, repeats, axis=None):
    return repeat(self, repeats, axis)


def _diagonal_method(self, offset=0, axis1=0, axis2=1):
    return diagonal(self, offset, axis1, axis2)


_repeat_method.__doc__, _diagonal_method.__doc__ = repeat.__doc__, diagonal.__doc__
NDArray.repeat, NDArray.diagonal = _repeat_method, _diagonal_method

from .sorting import *  # noqa: E402,F401,F403
from .sorting import __all__ as _sorting_all  # noqa: E402

__all__ = [
    "broadcast_to", "broadcast_arrays", "expand_dims", "squeeze", "moveaxis", "swapaxes",
    "transpose", "reshape", "ravel", "flip", "fliplr", "flipud", "diagonal", "atleast_1d",
    "atleast_2d", "atleast_3d", "copy", "shape", "ndim", "size", "concatenate", "stack",
    "vstack", "hstack", "dstack", "column_stack", "array_split", "split", "tile", "repeat",
    "roll", "pad", "diag", "tril", "triu", "meshgrid",
] + _sorting_all
