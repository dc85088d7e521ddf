"""Shape manipulation: views, joining and splitting, and copies that move elements.

Views (``broadcast_to``, ``expand_dims``, ``moveaxis``, ``flip``, ``diagonal``,
``split``, ...) only compute a new shape, strides and offset: O(ndim), no element
is touched; they are defined here. Copies that rearrange elements along one axis
(``repeat``, ``pad``, ``roll``) all go through one helper, ``_take``
(:mod:`latpy.core.lanes`), which gathers lanes of an ``(outer, n, inner)`` block by
a list of indices with slices and ``map``.

The rest lives in sibling modules and is re-exported from here, so
``latpy.core.manipulation`` still offers every name:

- :mod:`latpy.core.joining`: concatenate, stack, split, tile, repeat, roll;
- :mod:`latpy.core.padding`: pad;
- :mod:`latpy.core.twodim`: diag, tril, triu, meshgrid;
- :mod:`latpy.core.sorting`: sorting, searching, counting and comparing.
"""

from __future__ import annotations

import operator

from .creation import array as _array, asarray
from .lanes import (  # noqa: F401  (the shared helpers, also importable from here)
    _CONVERT, _ZERO, _axis_tuple, _check_cast, _ints, _runs, _sequence, _slice_axis,
    _split_at, _take)
from .ndarray import NDArray, _strides_of, _view
from .shape import broadcast_shapes, broadcast_strides, prod


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
    out = a.reshape(shape, order=order)
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
    return asarray(a).ravel(order=order)


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


# ------------------------------------------------ NumPy's method that lives here
def _diagonal_method(self, offset=0, axis1=0, axis2=1):
    return diagonal(self, offset, axis1, axis2)


_diagonal_method.__doc__ = diagonal.__doc__
NDArray.diagonal = _diagonal_method

# The sibling modules import the views above, so they are loaded last.
from .joining import *  # noqa: E402,F401,F403
from .padding import *  # noqa: E402,F401,F403
from .twodim import *  # noqa: E402,F401,F403
from .sorting import *  # noqa: E402,F401,F403
from .sorting import __all__ as _sorting_all  # noqa: E402

__all__ = [
    "broadcast_to", "broadcast_arrays", "expand_dims", "squeeze", "moveaxis", "swapaxes",
    "transpose", "reshape", "ravel", "flip", "fliplr", "flipud", "diagonal", "atleast_1d",
    "atleast_2d", "atleast_3d", "copy", "shape", "ndim", "size", "concatenate", "stack",
    "vstack", "hstack", "dstack", "column_stack", "array_split", "split", "tile", "repeat",
    "roll", "pad", "diag", "tril", "triu", "meshgrid",
] + _sorting_all
