"""Sorting, searching, counting and comparing: sort, argsort, unique, searchsorted,
nonzero, argwhere, count_nonzero, isclose, allclose, array_equal.

Sorting works lane by lane: the sorted axis is moved last (a view), each lane is
one slice of the C-order elements, and Python's ``list.sort`` (stable, C speed)
does the work. NaNs sort to the end, as in NumPy: they are set aside before the
sort, because ``list.sort`` gives an arbitrary order for unordered elements.
"""

from __future__ import annotations

import math
from collections import Counter
from bisect import bisect_left, bisect_right
from functools import partial
from itertools import chain, compress, repeat

from . import kernels
from .creation import asarray
from .dtypes import BOOL, F64, I64, int64
from .ndarray import NDArray, _elements, _make, _parts, _write
from .shape import broadcast_shapes, contiguous_strides, normalize_axes, normalize_axis, prod

__all__ = ["sort", "argsort", "unique", "searchsorted", "nonzero", "argwhere",
           "count_nonzero", "isclose", "allclose", "array_equal"]

_isnan = math.isnan
_sorted = sorted  # `unique` has a parameter named `sorted`


def _has_nan(elements: list, dt) -> bool:
    return dt is F64 and any(map(_isnan, elements))


def _check_sort_args(kind, stable, order) -> None:
    if order is not None:
        raise ValueError("Cannot specify order when the array has no fields.")
    if kind is not None and stable is not None:
        raise ValueError("`kind` and keyword parameters can't be provided at the same time. "
                         "Use only one of them.")
    if kind is not None and not (isinstance(kind, str) and kind[:1].lower() in "qhms"
                                 and kind):
        raise ValueError(f"sort kind must be one of 'quick', 'heap', or 'stable' (got {kind!r})")


def _along_axis(a: NDArray, axis, lane_fn, dt) -> NDArray:
    """A C-contiguous array of `a`'s shape with ``lane_fn`` applied to every 1-D lane
    along `axis` (``lane_fn`` gets a fresh list it may reorder, returns a list)."""
    from .manipulation import moveaxis
    axis = normalize_axis(axis, a.ndim)
    last = axis == a.ndim - 1
    t = a if last else moveaxis(a, axis, -1)
    elements, n = _elements(t), t._shape[-1]
    out = []
    if n and elements:
        extend = out.extend
        for i in range(0, len(elements), n):
            extend(lane_fn(elements[i:i + n]))
    result = _make(out, t._shape, dt)
    if not last:
        result = moveaxis(result, -1, axis)
        result = _make(list(_elements(result)), result._shape, dt)
    return result


def _sort_lane(lane: list) -> list:
    lane.sort()
    return lane


def _sort_lane_nan(lane: list) -> list:
    values = [x for x in lane if x == x]  # x != x only for NaN
    if len(values) == len(lane):
        lane.sort()
        return lane
    values.sort()
    values.extend(x for x in lane if x != x)
    return values


def _argsort_lane(lane: list) -> list:
    return _sorted(range(len(lane)), key=lane.__getitem__)


def _argsort_lane_nan(lane: list) -> list:
    if not any(map(_isnan, lane)):
        return _sorted(range(len(lane)), key=lane.__getitem__)
    index = range(len(lane))
    order = [i for i in index if lane[i] == lane[i]]
    order.sort(key=lane.__getitem__)
    order.extend(i for i in index if lane[i] != lane[i])
    return order


def sort(a, axis=-1, kind=None, order=None, *, stable=None) -> NDArray:
    """A sorted copy of `a` along `axis` (``axis=None`` sorts the flattened array).

    NaNs go to the end, as in NumPy.

    >>> import latpy as lp
    >>> lp.sort(lp.array([3.0, float('nan'), 1.0])).tolist()
    [1.0, 3.0, nan]
    """
    a = asarray(a)
    _check_sort_args(kind, stable, order)
    if axis is None:
        a, axis = a.ravel(), -1
    return _along_axis(a, axis, _sort_lane_nan if a._dtype is F64 else _sort_lane, a._dtype)


def argsort(a, axis=-1, kind=None, order=None, *, stable=None) -> NDArray:
    """The indices that sort `a` along `axis` (a stable sort; NaNs last).

    >>> import latpy as lp
    >>> lp.argsort(lp.array([3, 1, 2, 1])).tolist()
    [1, 3, 2, 0]
    """
    a = asarray(a)
    _check_sort_args(kind, stable, order)
    if axis is None or not a._shape:  # NumPy argsorts a 0-d array as a 1-element 1-D one
        a, axis = a.ravel(), -1 if axis is None else axis
    return _along_axis(a, axis, _argsort_lane_nan if a._dtype is F64 else _argsort_lane, I64)


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None,
           *, equal_nan=True, sorted=True):
    """The sorted unique elements of `ar` (flattened unless `axis` is given).

    Optionally also the index of each value's first occurrence, the indices that
    rebuild `ar` from the result (shaped like `ar`), and the counts. With
    ``equal_nan=True`` all NaNs collapse into one, at the end.

    >>> import latpy as lp
    >>> values, counts = lp.unique(lp.array([3, 1, 3, 2]), return_counts=True)
    >>> values.tolist(), counts.tolist()
    ([1, 2, 3], [1, 1, 2])
    """
    a = asarray(ar)
    if axis is not None:
        return _unique_axis(a, axis, return_index, return_inverse, return_counts)
    elements, dt = _elements(a), a._dtype
    has_nan = _has_nan(elements, dt)
    if not (return_index or return_inverse or return_counts):
        if not has_nan:
            values = _sorted(set(elements))
        else:
            values = _sorted({x for x in elements if x == x})
            nans = [x for x in elements if x != x]
            values.extend(nans[:1] if equal_nan else nans)
        return _make(values, (len(values),), dt)
    # No sort of all elements is needed: sort the distinct values, then find each
    # element's group, first index and count through dicts (C speed). NaNs are
    # never dict keys (NaN != NaN): they are handled on their own, at the end.
    if has_nan:
        nan_at = [i for i, x in enumerate(elements) if x != x]
        number_at = [i for i, x in enumerate(elements) if x == x]
        numbers = [elements[i] for i in number_at]
    else:
        nan_at, number_at, numbers = [], range(len(elements)), elements
    values = _sorted(set(numbers))
    k = len(values)
    nan_groups = nan_at[:1] if equal_nan else nan_at
    result = [_make(values + [elements[i] for i in nan_groups], (k + len(nan_groups),), dt)]
    if return_index:
        # dict() keeps the last value written for a key: walking backwards, the first
        first = dict(zip(reversed(numbers), reversed(number_at)))
        result.append(_make([first[v] for v in values] + nan_groups,
                            (k + len(nan_groups),), I64))
    if return_inverse:
        group = {v: g for g, v in enumerate(values)}
        inverse = [group.get(x, k) for x in elements]  # every NaN -> k
        if not equal_nan:
            for j, i in enumerate(nan_at):
                inverse[i] = k + j
        result.append(_make(inverse, a._shape, I64))
    if return_counts:
        tally = Counter(numbers)
        nan_counts = ([len(nan_at)] if nan_at else []) if equal_nan else [1] * len(nan_at)
        result.append(_make([tally[v] for v in values] + nan_counts,
                            (k + len(nan_counts),), I64))
    return tuple(result)


def _unique_axis(a, axis, return_index, return_inverse, return_counts):
    """unique() of the sub-arrays along `axis`, compared lexicographically."""
    from .manipulation import moveaxis
    axis = normalize_axis(axis, a.ndim)
    t = moveaxis(a, axis, 0)
    n, rest = t._shape[0], t._shape[1:]
    m = prod(rest)
    elements = _elements(t)
    rows = [tuple(elements[i * m:(i + 1) * m]) for i in range(n)]
    perm = _sorted(range(n), key=rows.__getitem__)
    starts = [0] + [i for i in range(1, n) if rows[perm[i]] != rows[perm[i - 1]]] if n else []
    bounds = list(zip(starts, starts[1:] + [n]))
    k = len(starts)
    values = _make(list(chain.from_iterable(rows[perm[s]] for s in starts)), (k,) + rest,
                   a._dtype)
    values = moveaxis(values, 0, axis)
    result = [_make(list(_elements(values)), values._shape, a._dtype)]
    if return_index:
        result.append(_make([perm[s] for s in starts], (k,), I64))
    if return_inverse:
        inverse = [0] * n
        for g, (s, e) in enumerate(bounds):
            for j in range(s, e):
                inverse[perm[j]] = g
        result.append(_make(inverse, (n,), I64))
    if return_counts:
        result.append(_make([e - s for s, e in bounds], (k,), I64))
    return tuple(result) if len(result) > 1 else result[0]


def searchsorted(a, v, side="left", sorter=None):
    """Indices where the elements of `v` would be inserted into sorted 1-D `a`.

    NaNs in `a` are taken to be at the end, as NumPy sorts them.

    >>> import latpy as lp
    >>> lp.searchsorted(lp.array([1, 2, 2, 3]), [2, 5], side='right').tolist()
    [3, 4]
    """
    a = asarray(a)
    if a.ndim != 1:
        depth = "too small depth" if a.ndim == 0 else "too deep"
        raise ValueError(f"object of {depth} for desired array" if a.ndim == 0 else
                         f"object {depth} for desired array (searchsorted needs a 1-D "
                         f"array, got shape {a._shape})")
    if side not in ("left", "right"):
        raise ValueError(f"search side must be one of 'left' or 'right' (got {side!r})")
    keys = list(_elements(a))
    if sorter is not None:
        order = asarray(sorter)
        if order._dtype is F64:
            raise TypeError("sorter must only contain integers")
        if order._size != len(keys):
            raise ValueError("sorter.size must equal a.size")
        index = _elements(order)
        if index and not (0 <= min(index) and max(index) < len(keys)):
            raise ValueError("Sorter index out of range.")
        keys = [keys[i] for i in index]
    total = len(keys)
    if _has_nan(keys, a._dtype):
        keys = keys[:total - sum(map(_isnan, keys))]
    va = asarray(v)
    bisect = partial(bisect_left if side == "left" else bisect_right, keys)
    values = _elements(va)
    if _has_nan(values, va._dtype):
        nan_at = len(keys) if side == "left" else total
        found = [nan_at if x != x else bisect(x) for x in values]
    else:
        found = list(map(bisect, values))
    if not va._shape:
        return int64(found[0])
    return _make(found, va._shape, I64)


def nonzero(a) -> tuple:
    """The indices of the non-zero elements: one int64 array per dimension.

    >>> import latpy as lp
    >>> [i.tolist() for i in lp.nonzero(lp.array([[0, 1], [2, 0]]))]
    [[0, 1], [1, 0]]
    """
    a = asarray(a)
    if not a._shape:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use "
                         "np.atleast_1d(scalar).nonzero() instead.")
    elements, shape, size = _elements(a), a._shape, a._size
    cols = shape[-1]
    if a.ndim == 1 or cols < 8:
        flat = list(compress(range(size), elements))
        if a.ndim == 1:
            return (_make(flat, (len(flat),), I64),)
        return tuple(_make([i // stride % d for i in flat], (len(flat),), I64)
                     for d, stride in zip(shape, contiguous_strides(shape)))
    # Long rows: find the columns of each row with compress (C speed), then expand
    # each row's leading coordinates by its count with repeat (C speed too).
    columns, counts = [], []
    positions = range(cols)
    for base in range(0, size, cols):
        found = list(compress(positions, elements[base:base + cols]))
        columns.extend(found)
        counts.append(len(found))
    rows = size // cols if cols else 0
    leading = []
    for d, stride in zip(shape[:-1], contiguous_strides(shape[:-1])):
        per_row = [r // stride % d for r in range(rows)]
        leading.append(list(chain.from_iterable(map(repeat, per_row, counts))))
    k = len(columns)
    return tuple(_make(c, (k,), I64) for c in leading) + (_make(columns, (k,), I64),)


def argwhere(a) -> NDArray:
    """The indices of the non-zero elements, one row per element: shape ``(N, a.ndim)``.

    >>> import latpy as lp
    >>> lp.argwhere(lp.array([[0, 1], [2, 0]])).tolist()
    [[0, 1], [1, 0]]
    """
    a = asarray(a)
    if not a._shape:
        return _make([], (1 if _elements(a)[0] else 0, 0), I64)
    coords = nonzero(a)
    nd, k = a.ndim, coords[0]._size
    rows = [0] * (k * nd)
    for j, c in enumerate(coords):  # column j of the result: one strided assignment
        rows[j::nd] = _elements(c)
    return _make(rows, (k, nd), I64)


def count_nonzero(a, axis=None, *, keepdims=False):
    """The number of non-zero elements (over `axis`, int or tuple, when given).

    >>> import latpy as lp
    >>> lp.count_nonzero(lp.array([[0, 1, 2], [3, 0, 0]]), axis=1).tolist()
    [2, 1]
    """
    a = asarray(a)
    axes = normalize_axes(axis, a.ndim)
    keep = [i for i in range(a.ndim) if i not in axes]
    t = a.transpose(keep + list(axes))
    elements, m = _elements(t), prod(a._shape[i] for i in axes)
    # x == 0 holds for 0, 0.0, -0.0 and False (never NaN): list.count does it in C.
    if m:
        counts = [m - elements[i:i + m].count(0) for i in range(0, len(elements), m)]
    else:
        counts = [0] * prod(a._shape[i] for i in keep)
    if keepdims:
        shape = tuple(1 if i in axes else d for i, d in enumerate(a._shape))
    else:
        shape = tuple(a._shape[i] for i in keep)
    if not shape:
        return int64(counts[0])
    return _make(counts, shape, I64)


def _isclose_list(a, b, rtol, atol, equal_nan) -> tuple:
    """(elementwise closeness as a list of bools, broadcast shape)."""
    x, y = asarray(a), asarray(b)
    # NumPy compares in float64 (``y`` is cast to float, so is ``x - y``).
    x = x if x._dtype is F64 else x.astype(F64)
    y = y if y._dtype is F64 else y.astype(F64)
    try:
        shape = x._shape if x._shape == y._shape else broadcast_shapes(x._shape, y._shape)
    except ValueError:
        raise ValueError(f"operands could not be broadcast together with shapes {x._shape} "
                         f"{y._shape}") from None
    rtol, atol, inf = float(rtol), float(atol), math.inf

    def close(u, v):
        # Equal (including equal infinities), or within tolerance of a finite v.
        return u == v or (abs(u - v) <= atol + rtol * abs(v) and -inf < v < inf)

    def close_nan(u, v):
        return close(u, v) or (u != u and v != v)

    fn = close_nan if equal_nan else close
    if x._shape == y._shape:
        return list(map(fn, _elements(x), _elements(y))), shape
    return kernels.binary(fn, _parts(x), _parts(y), shape), shape


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise ``|a - b| <= atol + rtol * |b|`` (with broadcasting), as a bool array.

    Infinities are close only to themselves; NaN to nothing unless `equal_nan`.

    >>> import latpy as lp
    >>> lp.isclose(lp.array([1.0, 1.1, float('inf')]), 1.0 + 1e-9).tolist()
    [True, False, False]
    """
    data, shape = _isclose_list(a, b, rtol, atol, equal_nan)
    if not shape:
        return data[0]
    return _make(data, shape, BOOL)


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    """True when every pair of elements is close (see :func:`isclose`).

    >>> import latpy as lp
    >>> lp.allclose(lp.array([1.0, 2.0]), [1.0, 2.0 + 1e-7])
    True
    """
    return all(_isclose_list(a, b, rtol, atol, equal_nan)[0])


def array_equal(a1, a2, equal_nan=False) -> bool:
    """True when both have the same shape and equal elements.

    >>> import latpy as lp
    >>> lp.array_equal(lp.array([1, 2]), [1.0, 2.0])
    True
    """
    try:
        a1, a2 = asarray(a1), asarray(a2)
    except (TypeError, ValueError):
        return False
    if a1._shape != a2._shape:
        return False
    e1, e2 = _elements(a1), _elements(a2)
    nan1, nan2 = _has_nan(e1, a1._dtype), _has_nan(e2, a2._dtype)
    if not (nan1 or nan2):
        # list == list compares elementwise in C (1 == 1.0 == True, as NumPy).
        return e1 == e2
    if not equal_nan:
        return False
    return all(x == y or (x != x and y != y) for x, y in zip(e1, e2))


# ------------------------------------------------ NumPy's methods that live here
def _sort_method(self, axis=-1, kind=None, order=None, *, stable=None):
    """Sort in place along `axis` (returns None), as NumPy's ``ndarray.sort``.

    >>> import latpy as lp
    >>> a = lp.array([3, 1, 2]); a.sort(); a.tolist()
    [1, 2, 3]
    """
    if axis is None:
        raise TypeError("'NoneType' object cannot be interpreted as an integer "
                        "(ndarray.sort sorts in place along one axis; use lp.sort(a, None))")
    _write(self, _elements(sort(self, axis, kind, order, stable=stable)))


def _argsort_method(self, axis=-1, kind=None, order=None, *, stable=None):
    return argsort(self, axis, kind, order, stable=stable)


def _searchsorted_method(self, v, side="left", sorter=None):
    return searchsorted(self, v, side, sorter)


def _nonzero_method(self):
    return nonzero(self)


_argsort_method.__doc__, _searchsorted_method.__doc__ = argsort.__doc__, searchsorted.__doc__
_nonzero_method.__doc__ = nonzero.__doc__
NDArray.sort, NDArray.argsort = _sort_method, _argsort_method
NDArray.searchsorted, NDArray.nonzero = _searchsorted_method, _nonzero_method
