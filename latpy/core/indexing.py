"""Indexing: ``a[key]`` and ``a[key] = value`` with NumPy's rules.

*Basic* indexing (ints, slices, ``None``, ``...``) returns a view: it only
computes a new shape, strides and offset. *Advanced* indexing (integer arrays
or lists, boolean masks) returns a copy: it computes the storage offset of
every selected element, then reads (or writes) them in one pass.
"""

from __future__ import annotations

import operator
from itertools import compress

from .dtypes import BOOL, F64
from .ndarray import (NDArray, _broadcast_to, _cast, _elements, _make, _python_scalar,
                      _scalar, _strides_of, _view, _write)
from .shape import broadcast_shapes

__all__ = ["take", "put", "take_along_axis", "put_along_axis", "ix_"]

_index = operator.index


def _is_advanced(item) -> bool:
    return isinstance(item, (NDArray, list)) or (
        hasattr(item, "shape") and hasattr(item, "tolist") and not isinstance(item, (int, float)))


def _expand(a: NDArray, key) -> list:
    """The key as a list of items, with ``...`` expanded to full slices."""
    if not isinstance(key, tuple):
        key = (key,)
    consumed = 0
    ellipsis = None
    items = []
    for item in key:
        if item is Ellipsis:
            if ellipsis is not None:
                raise IndexError("an index can only have a single ellipsis ('...')")
            ellipsis = len(items)
        elif item is None:
            pass
        elif isinstance(item, bool):  # a new axis of length 1 (True) or 0 (False)
            item = _BOOL_AXES[item]
        elif _is_advanced(item):
            item = _index_array(item)
            if not item._shape:  # a 0-d index array acts as a scalar index
                item = _BOOL_AXES[_elements(item)[0]] if item._dtype is BOOL else \
                    _elements(item)[0]
                consumed += type(item) is not _BoolAxis
            else:
                consumed += item.ndim if item._dtype is BOOL else 1
        else:
            consumed += 1
        items.append(item)
    ndim = len(a._shape)
    if consumed > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, "
                         f"but {consumed} were indexed")
    fill = [slice(None)] * (ndim - consumed)
    if ellipsis is None:
        return items + fill
    # An ellipsis between advanced indices separates them for NumPy's placement
    # rule even when it stands for no dimension: keep a marker there.
    return items[:ellipsis] + (fill or [_GAP]) + items[ellipsis + 1:]


class _Gap:
    """An ellipsis that expanded to no dimensions (consumes and adds nothing)."""


_GAP = _Gap()


class _BoolAxis:
    """A scalar boolean index: a new axis of length 1 (True) or 0 (False)."""

    __slots__ = ("length",)

    def __init__(self, length):
        self.length = length


_BOOL_AXES = {False: _BoolAxis(0), True: _BoolAxis(1)}


def _index_array(item) -> NDArray:
    if isinstance(item, NDArray):
        arr = item
    else:
        from .creation import asarray
        if isinstance(item, list) and not item:
            return _make([], (0,), _INT)
        try:
            arr = asarray(item)
        except (TypeError, ValueError):
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and "
                             "integer or boolean arrays are valid indices") from None
    if arr._dtype is F64:
        raise IndexError("arrays used as indices must be of integer (or boolean) type")
    return arr


from .dtypes import I64 as _INT  # noqa: E402


def _basic(a: NDArray, items: list):
    """Apply ints/slices/None; returns (shape, strides, offset)."""
    shape, strides = a._shape, _strides_of(a)
    offset = a._offset
    new_shape, new_strides = [], []
    dim = 0
    for item in items:
        if item is _GAP:
            continue
        if item is None or type(item) is _BoolAxis:
            new_shape.append(1 if item is None else item.length)
            new_strides.append(0)
            continue
        d, s = shape[dim], strides[dim]
        if isinstance(item, slice):
            start, stop, step = item.indices(d)
            n = len(range(start, stop, step))
            if n:
                offset += start * s
            new_shape.append(n)
            new_strides.append(s * step)
        else:
            try:
                i = _index(item)
            except TypeError:
                raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and "
                                 "integer or boolean arrays are valid indices, got "
                                 f"{type(item).__name__}") from None
            if i < -d or i >= d:
                raise IndexError(f"index {i} is out of bounds for axis {dim} with size {d}")
            offset += (i + d if i < 0 else i) * s
        dim += 1
    return tuple(new_shape), tuple(new_strides), offset


def _take_rows(a: NDArray, index: list):
    """``a[index]`` for a C-contiguous `a` and a list of ints: one slice per row."""
    n = a._shape[0]
    row = a._size // n if n else 0
    data, off = a._data, a._offset
    out = []
    extend = out.extend
    for i in index:
        if i < 0:
            i += n
        if not 0 <= i < n:
            return None  # out of range: the general path raises the error
        start = off + i * row
        extend(data[start:start + row])
    return _make(out, (len(index),) + a._shape[1:], a._dtype)


def getitem(a: NDArray, key):
    """``a[key]``: a view for basic indexing, a copy for advanced indexing."""
    if type(key) is int and a._shape:  # fast path: a[i]
        d = a._shape[0]
        if key < -d or key >= d:
            raise IndexError(f"index {key} is out of bounds for axis 0 with size {d}")
        if key < 0:
            key += d
        if len(a._shape) == 1:
            s = a._strides
            return _scalar(a._data[a._offset + key * (1 if s is None else s[0])], a._dtype)
        strides = _strides_of(a)
        return _view(a, a._shape[1:], strides[1:], a._offset + key * strides[0])
    if type(key) is tuple and len(key) == 1:
        key = key[0]  # a[(k,)] is a[k]
    if type(key) is NDArray and key._dtype is _INT and len(key._shape) == 1 and \
            a._shape and a._strides is None:  # rows by an index vector (embeddings)
        rows = _take_rows(a, _elements(key))
        if rows is not None:
            return rows
    if isinstance(key, NDArray) and key._dtype is BOOL:
        if not key._shape:
            key = bool(_elements(key)[0])
        elif key._shape == a._shape:
            return _make(list(compress(_elements(a), _elements(key))),
                         (sum(_elements(key)),), a._dtype)
    if type(key) is bool:
        expanded = _view(a, (1,) + a._shape, (0,) + _strides_of(a), a._offset)
        return expanded.copy() if key else _make([], (0,) + a._shape, a._dtype)
    items = _expand(a, key)
    if not any(isinstance(x, NDArray) for x in items):
        shape, strides, offset = _basic(a, items)
        if not shape and not _has_ellipsis(key):  # a[()] is a scalar, a[...] a view
            return _scalar(a._data[offset], a._dtype)
        return _view(a, shape, strides, offset)
    offsets, shape = _advanced_offsets(a, items)
    data = a._data
    return _make([data[o] for o in offsets], shape, a._dtype)


def _has_ellipsis(key) -> bool:
    if key is Ellipsis:
        return True
    return type(key) is tuple and any(k is Ellipsis for k in key)


def _advanced_offsets(a: NDArray, items: list):
    """Storage offsets of the selected elements (C order of the result) and its shape."""
    for x in items:
        if type(x) is _BoolAxis:
            raise IndexError("latpy does not support a scalar boolean index combined with "
                             "array indices")
    # Boolean masks become one integer array per masked dimension (their nonzero()).
    expanded = []
    dim = 0
    for item in items:
        if isinstance(item, NDArray) and item._dtype is BOOL:
            covered = a._shape[dim:dim + item.ndim]
            for k, (want, got) in enumerate(zip(covered, item._shape)):
                if want != got:
                    raise IndexError(
                        f"boolean index did not match indexed array along axis {dim + k}; "
                        f"size of axis is {want} but size of corresponding boolean axis "
                        f"is {got}")
            dim += item.ndim
            expanded.extend(_mask_indices(item))
            continue
        if item is not None and item is not _GAP:
            dim += 1
        expanded.append(item)
    items = expanded
    # Separate the advanced items: basic items first build a view in which every
    # advanced position is a full slice.
    basic_items = [slice(None) if isinstance(x, NDArray) or _is_int(x) else x for x in items]
    adv_positions_in_items = [i for i, x in enumerate(items) if isinstance(x, NDArray)
                              or _is_int(x)]
    shape, strides, offset = _basic(a, basic_items)
    # Map item positions to dims of the view (None items add a dim each).
    dim_of_item, dim = [], 0
    for x in basic_items:
        dim_of_item.append(dim)
        dim += x is not _GAP
    adv_dims = [dim_of_item[i] for i in adv_positions_in_items]
    arrays = []
    for i, d in zip(adv_positions_in_items, adv_dims):
        x = items[i]
        if not isinstance(x, NDArray):
            # a scalar index is checked even where broadcasting leaves no elements
            x, size = _index(x), shape[d]
            if x >= size or x < -size:
                raise IndexError(f"index {x} is out of bounds for axis {d} with size {size}")
            x = _make([x], (), _INT)
        arrays.append(x)
    try:
        bshape = broadcast_shapes(*(x._shape for x in arrays))
    except ValueError:
        shapes = " ".join(str(x._shape) for x in arrays)
        raise IndexError("shape mismatch: indexing arrays could not be broadcast together "
                         f"with shapes {shapes}") from None
    broadcast_to = _broadcast_to
    base_offsets = None
    for x, d in zip(arrays, adv_dims):
        size, stride = shape[d], strides[d]
        idx = _elements(broadcast_to(x, bshape))
        if idx and (max(idx) >= size or min(idx) < -size):
            bad = next(i for i in idx if i >= size or i < -size)
            raise IndexError(f"index {bad} is out of bounds for axis {d} with size {size}")
        contrib = [(i + size if i < 0 else i) * stride for i in idx]
        base_offsets = contrib if base_offsets is None else list(
            map(operator.add, base_offsets, contrib))
    if base_offsets is None:  # no elements
        base_offsets = []
    rest = [d for d in range(len(shape)) if d not in adv_dims]
    rest_shape = tuple(shape[d] for d in rest)
    from .kernels import starts
    rest_offsets = starts(rest_shape, tuple(strides[d] for d in rest), 0)
    if any(n == 0 for n in rest_shape):
        rest_offsets = []
    offsets = [offset + b + r for b in base_offsets for r in rest_offsets]
    adjacent = adv_positions_in_items == list(range(adv_positions_in_items[0],
                                                     adv_positions_in_items[-1] + 1))
    if adjacent and adv_dims[0] > 0:
        # Result dims: rest-before, broadcast, rest-after (NumPy's adjacency rule).
        p = adv_dims[0]
        before = rest_shape[:p]
        after = rest_shape[p:]
        nb, nr = len(bshape), len(rest_shape)
        tmp_shape = bshape + rest_shape
        perm = list(range(nb, nb + p)) + list(range(nb)) + list(range(nb + p, nb + nr))
        reordered = _reorder(offsets, tmp_shape, perm)
        return reordered, before + bshape + after
    return offsets, bshape + rest_shape


def _reorder(values: list, shape: tuple, perm: list) -> list:
    """`values` (C order of `shape`) in the C order of the transposed shape."""
    arr = _make(values, shape, _INT)
    return _elements(arr.transpose(perm))


def _is_int(x) -> bool:
    return not isinstance(x, (slice, NDArray)) and x is not None and hasattr(x, "__index__")


def _mask_indices(mask: NDArray) -> list:
    """``mask.nonzero()``: one int64 array per dimension of a boolean mask."""
    shape = mask._shape
    if not shape:
        raise IndexError("a 0-d boolean index is not supported by latpy")
    flat = [i for i, v in enumerate(_elements(mask)) if v]
    out = []
    for d in reversed(shape):
        out.append([i % d for i in flat])
        flat = [i // d for i in flat]
    return [_make(x, (len(x),), _INT) for x in reversed(out)]


def setitem(a: NDArray, key, value) -> None:
    """``a[key] = value``, broadcasting `value`; writes through to shared storage."""
    if type(key) is tuple and len(key) == 1:
        key = key[0]  # a[(k,)] is a[k]
    if isinstance(key, NDArray) and key._dtype is BOOL:
        if not key._shape:
            key = bool(_elements(key)[0])
        elif key._shape == a._shape:
            _set_mask(a, key, value)
            return
    if type(key) is bool:
        if key:
            setitem(a, Ellipsis, value)
        return
    items = _expand(a, key)
    if not any(isinstance(x, NDArray) for x in items):
        shape, strides, offset = _basic(a, items)
        target = _view(a, shape, strides, offset)
        _write(target, _values_for(value, shape, a._dtype))
        return
    offsets, shape = _advanced_offsets(a, items)
    values = _values_for(value, shape, a._dtype)
    data = a._data
    for o, v in zip(offsets, values):
        data[o] = v


def _values_for(value, shape: tuple, dt) -> list:
    """`value` broadcast to `shape` and cast to dtype `dt`, as a C-order list."""
    if isinstance(value, NDArray):
        arr = value
    elif type(value) in (float, int, bool) or isinstance(value, (float, int)):
        v = _cast([_python_scalar(value)], None, dt)[0]
        n = 1
        for d in shape:
            n *= d
        return [v] * n
    else:
        from .creation import asarray
        try:
            arr = asarray(value)
        except TypeError:
            raise TypeError(f"cannot assign a {type(value).__name__} to array elements") \
                from None
    if arr._shape != shape:
        try:
            arr = _broadcast_to(arr, shape)
        except ValueError:
            raise ValueError(f"could not broadcast input array from shape {arr._shape} "
                             f"into shape {shape}") from None
    return _cast(_elements(arr), arr._dtype, dt) if arr._dtype is not dt \
        else list(_elements(arr))


def _set_mask(a: NDArray, mask: NDArray, value) -> None:
    old = _elements(a)
    m = _elements(mask)
    n = sum(m)
    if getattr(value, "ndim", 0) > 1 or isinstance(value, list) and value and \
            isinstance(value[0], (list, tuple)):
        raise TypeError("NumPy boolean array indexing assignment requires a 0 or "
                        "1-dimensional input, input has more dimensions")
    values = _values_for(value, (n,), a._dtype)
    it = iter(values)
    _write(a, [next(it) if keep else x for x, keep in zip(old, m)])


# ------------------------------------------------------------------ functions
def take(a, indices, axis=None):
    """Elements of `a` at `indices` along `axis` (of the flattened array when None).

    >>> import latpy as lp
    >>> lp.take(lp.array([[1, 2], [3, 4]]), [1, 0], axis=1).tolist()
    [[2, 1], [4, 3]]
    """
    from .creation import asarray
    a = asarray(a)
    if axis is None:
        a = a.ravel()
        axis = 0
    from .shape import normalize_axis
    axis = normalize_axis(axis, a.ndim)
    key = (slice(None),) * axis + (asarray(indices),)
    return getitem(a, key)


def put(a, ind, v) -> None:
    """Set the flattened elements of `a` at `ind` to `v` (in place).

    >>> import latpy as lp
    >>> a = lp.zeros(3); lp.put(a, [0, 2], 1.0); a.tolist()
    [1.0, 0.0, 1.0]
    """
    from .creation import asarray
    flat = a.reshape(-1)
    if flat._data is not a._data:
        raise ValueError("put: target array must be contiguous")
    setitem(flat, asarray(ind), v)


def _along_axis_key(arr, indices, axis):
    from .creation import asarray
    from .shape import normalize_axis
    indices = asarray(indices)
    if axis is None:
        return arr.ravel(), (indices,)
    axis = normalize_axis(axis, arr.ndim)
    if indices.ndim != arr.ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    key = []
    for d in range(arr.ndim):
        if d == axis:
            key.append(indices)
        else:
            shape = [1] * arr.ndim
            shape[d] = arr._shape[d]
            from .creation import arange
            key.append(arange(arr._shape[d]).reshape(shape))
    return arr, tuple(key)


def take_along_axis(arr, indices, axis):
    """Pick values from `arr` by matching 1-D index slices along `axis`.

    >>> import latpy as lp
    >>> a = lp.array([[10, 30, 20]]); lp.take_along_axis(a, a.argsort(axis=1), 1).tolist()
    [[10, 20, 30]]
    """
    from .creation import asarray
    arr, key = _along_axis_key(asarray(arr), indices, axis)
    return getitem(arr, key)


def put_along_axis(arr, indices, values, axis) -> None:
    """Write `values` into `arr` at matching 1-D index slices along `axis` (in place).

    >>> import latpy as lp
    >>> a = lp.zeros((1, 3)); lp.put_along_axis(a, lp.array([[2]]), 5.0, 1); a.tolist()
    [[0.0, 0.0, 5.0]]
    """
    target, key = _along_axis_key(arr, indices, axis)
    setitem(target, key, values)


def ix_(*args):
    """Open-mesh index arrays: ``a[ix_(rows, cols)]`` selects a sub-grid.

    >>> import latpy as lp
    >>> a = lp.arange(9).reshape(3, 3); a[lp.ix_([0, 2], [0, 2])].tolist()
    [[0, 2], [6, 8]]
    """
    from .creation import asarray
    out = []
    n = len(args)
    for k, x in enumerate(args):
        x = asarray(x)
        if x._dtype is BOOL:
            x = _mask_indices(x)[0]
        shape = [1] * n
        shape[k] = x._size
        out.append(x.reshape(shape))
    return tuple(out)


NDArray.__getitem__ = getitem
NDArray.__setitem__ = setitem
NDArray.take = lambda self, indices, axis=None: take(self, indices, axis)
NDArray.put = lambda self, ind, v: put(self, ind, v)


def add_at(a: NDArray, indices, b) -> None:
    """Unbuffered ``a[indices] += b``: repeated indices accumulate (``np.add.at``).

    >>> import latpy as lp
    >>> a = lp.zeros(3); lp.add_at(a, [0, 0, 2], 1.0); a.tolist()
    [2.0, 0.0, 1.0]
    """
    if not isinstance(a, NDArray):
        raise TypeError("add_at: the target must be an NDArray")
    items = _expand(a, indices)
    if not any(isinstance(x, NDArray) for x in items):
        shape, strides, offset = _basic(a, items)
        target = _view(a, shape, strides, offset)
        values = _values_for(b, shape, a._dtype)
        _write(target, [x + y for x, y in zip(_elements(target), values)])
        return
    offsets, shape = _advanced_offsets(a, items)
    values = _values_for(b, shape, a._dtype)
    data = a._data
    for o, v in zip(offsets, values):
        data[o] += v


__all__.append("add_at")
