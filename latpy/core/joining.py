"""Joining and splitting arrays, and copies that repeat or shift elements.

``concatenate``/``stack`` (and ``vstack``, ``hstack``, ``dstack``,
``column_stack``) copy their inputs into one new array; ``split`` and
``array_split`` return views. ``tile``, ``repeat`` and ``roll`` gather lanes along
an axis with the shared helper ``_take`` (:mod:`latpy.core.lanes`).

Re-exported from :mod:`latpy.core.manipulation` and ``latpy``.
"""

from __future__ import annotations

import operator
from itertools import accumulate, chain, repeat as _repeat_each

from .creation import asarray
from .dtypes import dtype as _as_dtype, result_type
from .lanes import _check_cast, _ints, _sequence, _slice_axis, _split_at, _take
from .manipulation import _atleast, expand_dims
from .ndarray import NDArray, _cast, _elements, _make
from .shape import normalize_axis, prod

__all__ = ["concatenate", "stack", "vstack", "hstack", "dstack", "column_stack",
           "array_split", "split", "tile", "repeat", "roll"]


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


# ------------------------------------------------ NumPy's method that lives here
def _repeat_method(self, repeats, axis=None):
    return repeat(self, repeats, axis)


_repeat_method.__doc__ = repeat.__doc__
NDArray.repeat = _repeat_method
