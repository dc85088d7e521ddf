"""Pure tuple maths on shapes, strides and axes.

Nothing here touches element storage: these are the index calculations that the
kernels and views are built on. Strides are counted in *elements*, not bytes.
"""

from __future__ import annotations

from .errors import AxisError


def prod(shape) -> int:
    """Number of elements in an array of this shape.

    >>> prod((2, 3, 4))
    24
    >>> prod(())
    1
    """
    n = 1
    for d in shape:
        n *= d
    return n


def contiguous_strides(shape) -> tuple:
    """C-order (row-major) strides, in elements, for `shape`.

    >>> contiguous_strides((2, 3, 4))
    (12, 4, 1)
    """
    strides = []
    step = 1
    for d in reversed(shape):
        strides.append(step)
        step *= d if d > 0 else 1
    return tuple(reversed(strides))


def broadcast_shapes(*shapes) -> tuple:
    """The shape that NumPy broadcasting gives for `shapes`.

    >>> broadcast_shapes((3, 1), (4,))
    (3, 4)
    """
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        offset = ndim - len(s)
        for i, d in enumerate(s):
            cur = out[offset + i]
            if cur == 1:
                out[offset + i] = d
            elif d != 1 and d != cur:
                shown = " ".join(str(tuple(x)) for x in shapes)
                raise ValueError(
                    f"operands could not be broadcast together with shapes {shown}"
                )
    return tuple(out)


def broadcast_strides(shape, strides, target) -> tuple:
    """Strides that view an array of `shape` as the larger `target` shape.

    Broadcast dimensions get stride 0, so every index along them reads the
    same element.

    >>> broadcast_strides((3, 1), (1, 1), (2, 3, 4))
    (0, 1, 0)
    """
    lead = len(target) - len(shape)
    out = [0] * lead
    for d, s, t in zip(shape, strides, target[lead:]):
        out.append(s if d == t and d != 1 else 0)
    return tuple(out)


def normalize_axis(axis, ndim: int) -> int:
    """Return a single `axis` as a non-negative int, checking its range.

    >>> normalize_axis(-1, 3)
    2
    """
    try:
        ax = _index(axis)
    except TypeError:
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}") from None
    if ax < -ndim or ax >= ndim:
        raise AxisError(ax, ndim)
    return ax + ndim if ax < 0 else ax


def normalize_axes(axis, ndim: int) -> tuple:
    """Return `axis` (None, int or tuple) as a sorted tuple of non-negative ints.

    >>> normalize_axes(-1, 3)
    (2,)
    >>> normalize_axes(None, 2)
    (0, 1)
    """
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        axes = tuple(normalize_axis(a, ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"duplicate value in 'axis': {tuple(axis)}")
        return tuple(sorted(axes))
    return (normalize_axis(axis, ndim),)


def _index(value) -> int:
    """An int from an int-like value (bools rejected as NumPy does for axes)."""
    if isinstance(value, bool):
        raise TypeError("bool is not a valid integer here")
    if isinstance(value, int):
        return value
    index = getattr(type(value), "__index__", None)
    if index is None:
        raise TypeError(f"{type(value).__name__} is not an integer")
    return index(value)


def is_contiguous(shape, strides) -> bool:
    """True when `strides` are the C-order strides of `shape` (size-1 dims ignored).

    >>> is_contiguous((2, 3), (3, 1))
    True
    >>> is_contiguous((2, 3), (1, 2))
    False
    """
    step = 1
    for d, s in zip(reversed(shape), reversed(strides)):
        if d == 0:
            return True
        if d != 1 and s != step:
            return False
        step *= d
    return True


def collapse(shape, *stride_sets) -> tuple:
    """Merge adjacent dimensions that can be walked as one.

    Returns `(shape, strides_a, strides_b, ...)` with the fewest dimensions that
    address the same elements in the same order. Size-1 dimensions are dropped.
    Kernels call this so that, e.g., a contiguous (10, 10, 10) block is one run.

    >>> collapse((2, 3, 4), (12, 4, 1))
    ((24,), (1,))
    >>> collapse((2, 3), (1, 2))
    ((2, 3), (1, 2))
    """
    dims = [i for i, d in enumerate(shape) if d != 1]
    if not dims:
        return ((),) + tuple(() for _ in stride_sets)
    new_shape = [shape[dims[0]]]
    new_strides = [[st[dims[0]]] for st in stride_sets]
    for i in dims[1:]:
        d = shape[i]
        if all(ns[-1] == st[i] * d for ns, st in zip(new_strides, stride_sets)):
            new_shape[-1] *= d
            for ns, st in zip(new_strides, stride_sets):
                ns[-1] = st[i]
        else:
            new_shape.append(d)
            for ns, st in zip(new_strides, stride_sets):
                ns.append(st[i])
    return (tuple(new_shape),) + tuple(tuple(ns) for ns in new_strides)
