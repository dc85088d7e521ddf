"""Array creation: array, asarray, zeros, ones, full, empty, *_like, arange,
linspace, eye, identity."""

from __future__ import annotations

import math
import operator

from .dtypes import BOOL, F64, I64, dtype as _as_dtype, float64
from .ndarray import NDArray, _as_shape, _broadcast_to, _cast, _elements, _make
from .shape import prod


_BOOL_ONLY, _INT_KINDS, _NUMBER_KINDS = {bool}, {int, bool}, {float, int, bool}


def _leaf_dtype(values: list):
    """``(dtype, kinds)``: the dtype NumPy infers for a flat list of Python scalars
    (None if some leaf is not a Python bool/int/float) and the set of leaf types.

    >>> _leaf_dtype([True, 2])[0], _leaf_dtype([1, 2.5])[0], _leaf_dtype([])[0]
    (dtype('int64'), dtype('float64'), dtype('float64'))
    """
    kinds = set(map(type, values))  # one C-speed pass; the rest is O(#kinds)
    if not kinds:
        return F64, kinds
    if kinds <= _BOOL_ONLY:
        return BOOL, kinds
    if kinds <= _INT_KINDS:
        return I64, kinds
    if kinds <= _NUMBER_KINDS:
        return F64, kinds
    return None, kinds


_SEQUENCES = (list, tuple, range)


def _flatten(obj):
    """(flat list of leaves, shape) for nested lists/tuples; raises on ragged input."""
    shape = []
    level = [obj]
    while True:
        first = level[0] if level else None
        if isinstance(first, _SEQUENCES):
            n = len(first)
            for item in level:
                if not isinstance(item, _SEQUENCES) or len(item) != n:
                    raise ValueError(
                        "setting an array element with a sequence. The requested array has "
                        f"an inhomogeneous shape after {len(shape)} dimensions "
                        f"(ragged nested sequence at depth {len(shape)})")
            shape.append(n)
            if n == 0:
                return [], tuple(shape)
            level = [x for item in level for x in item]
        elif isinstance(first, NDArray) or _array_like(first):
            level = [_to_nested(x) for x in level]
        else:
            if set(map(type, level)) <= _NUMBER_KINDS:  # the usual case: one C-speed pass
                return level, tuple(shape)
            for item in level:
                if isinstance(item, _SEQUENCES):
                    raise ValueError(
                        "setting an array element with a sequence. The requested array has "
                        f"an inhomogeneous shape after {len(shape)} dimensions")
            return level, tuple(shape)


def _array_like(obj) -> bool:
    return hasattr(obj, "tolist") and hasattr(obj, "shape") and not isinstance(obj, (str, bytes))


def _to_nested(obj):
    if isinstance(obj, (NDArray,)) or _array_like(obj):
        return obj.tolist()
    return obj


def _normalize_leaves(values: list) -> list:
    """Convert NumPy scalars etc. to Python scalars; reject strings and objects."""
    out = []
    for v in values:
        t = type(v)
        if t is float or t is int or t is bool:
            out.append(v)
        elif isinstance(v, (str, bytes)):
            raise TypeError(f"latpy arrays hold numbers only, got the string {v!r}")
        elif isinstance(v, bool) or type(v).__name__ in ("bool_", "bool"):
            out.append(bool(v))
        elif isinstance(v, float):
            out.append(float(v))
        elif isinstance(v, int):
            out.append(int(v))
        elif isinstance(v, complex) or type(v).__name__.startswith("complex"):
            raise TypeError(f"latpy has no complex dtype, got {v!r}")
        elif hasattr(v, "__index__"):
            out.append(operator.index(v))
        elif hasattr(v, "__float__"):
            out.append(float(v))
        else:
            raise TypeError(f"latpy arrays hold numbers only, got {type(v).__name__}")
    return out


def array(obj, dtype=None, copy=True, ndmin=0) -> NDArray:
    """Create an array from nested lists/tuples, a scalar or another array.

    The dtype is inferred as NumPy does: all bools -> bool, ints -> int64,
    any float -> float64.

    >>> import latpy as lp
    >>> lp.array([[1, 2], [3, 4]]).dtype
    dtype('int64')
    >>> lp.array([1, 2.5]).tolist()
    [1.0, 2.5]
    """
    if type(obj) is list and dtype is None and not ndmin and obj and type(obj[0]) is float:
        for v in obj:  # fast path: a flat list of floats (the common tiny tensor)
            if type(v) is not float:
                break
        else:
            return _make(obj[:], (len(obj),), F64)
    dt = None if dtype is None else _as_dtype(dtype)
    if isinstance(obj, NDArray):
        out = obj
        if dt is not None and dt is not obj._dtype:
            out = _make(_cast(_elements(obj), obj._dtype, dt), obj._shape, dt)
        elif copy:
            out = obj.copy()
    else:
        if isinstance(obj, (str, bytes)):
            raise TypeError(f"latpy arrays hold numbers only, got the string {obj!r}")
        if _array_like(obj) and not isinstance(obj, (list, tuple)):
            if str(getattr(obj, "dtype", "")).startswith("complex"):
                raise TypeError("latpy has no complex dtype")
            obj = obj.tolist()
        leaves, shape = _flatten(obj)
        inferred, kinds = _leaf_dtype(leaves)
        if inferred is None:
            leaves = _normalize_leaves(leaves)
            inferred, kinds = _leaf_dtype(leaves)
        target = dt or inferred
        # `leaves` is always a fresh list, so the array may own it; it must hold
        # only the element type of `target` (no ints in float64, no bools in int64).
        if len(kinds) <= 1 and target is inferred:
            data = leaves
        elif target is F64:
            data = list(map(float, leaves))
        elif target is I64:
            data = _cast(leaves, F64 if float in kinds else BOOL, I64)
        else:
            data = list(map(bool, leaves))
        out = _make(data, shape, target)
    if ndmin > out.ndim:
        out = out.reshape((1,) * (ndmin - out.ndim) + out._shape)
    return out


def asarray(obj, dtype=None) -> NDArray:
    """Like :func:`array`, but an NDArray of the right dtype is returned as is.

    >>> import latpy as lp
    >>> a = lp.zeros(3); lp.asarray(a) is a
    True
    """
    if isinstance(obj, NDArray) and (dtype is None or _as_dtype(dtype) is obj._dtype):
        return obj
    return array(obj, dtype=dtype, copy=False)


def _filled(shape, value, dtype) -> NDArray:
    shape = _new_shape(shape)
    return _make([value] * prod(shape), shape, dtype)


def _new_shape(shape) -> tuple:
    """A shape for a new array: like ``_as_shape`` but -1 is not allowed either."""
    shape = _as_shape(shape)
    for d in shape:
        if d < 0:
            raise ValueError(f"negative dimensions are not allowed: {shape}")
    return shape


def zeros(shape, dtype=None) -> NDArray:
    """A new array of zeros (float64 by default).

    >>> import latpy as lp
    >>> lp.zeros((2, 2)).tolist()
    [[0.0, 0.0], [0.0, 0.0]]
    """
    dt = _as_dtype(dtype)
    return _filled(shape, 0.0 if dt is F64 else 0 if dt is I64 else False, dt)


def ones(shape, dtype=None) -> NDArray:
    """A new array of ones (float64 by default).

    >>> import latpy as lp
    >>> lp.ones(3, dtype=int).tolist()
    [1, 1, 1]
    """
    dt = _as_dtype(dtype)
    return _filled(shape, {F64: 1.0, I64: 1, BOOL: True}[dt], dt)


def empty(shape, dtype=None) -> NDArray:
    """A new array (latpy fills it with zeros; NumPy leaves it uninitialised).

    >>> import latpy as lp
    >>> lp.empty((2,)).shape
    (2,)
    """
    return zeros(shape, dtype)


def full(shape, fill_value, dtype=None) -> NDArray:
    """A new array filled with `fill_value` (dtype inferred from it by default).

    >>> import latpy as lp
    >>> lp.full((2,), 7).tolist()
    [7, 7]
    """
    value = asarray(fill_value, dtype=dtype)
    if value._shape:  # an array fill value is broadcast to `shape`
        shape = _new_shape(shape)
        try:
            return _broadcast_to(value, shape).copy()
        except ValueError:
            raise ValueError(f"full: fill value of shape {value._shape} cannot be broadcast "
                             f"to shape {shape}") from None
    return _filled(shape, value._data[value._offset], value._dtype)


def _like(a, dtype, shape):
    a = asarray(a)
    return (a._shape if shape is None else shape), (a._dtype if dtype is None else dtype)


def zeros_like(a, dtype=None, shape=None) -> NDArray:
    """Zeros with the shape and dtype of `a`.

    >>> import latpy as lp
    >>> lp.zeros_like(lp.ones((2, 3), dtype=int)).dtype
    dtype('int64')
    """
    return zeros(*_like(a, dtype, shape))


def ones_like(a, dtype=None, shape=None) -> NDArray:
    """Ones with the shape and dtype of `a`.

    >>> import latpy as lp
    >>> lp.ones_like(lp.zeros(2)).tolist()
    [1.0, 1.0]
    """
    return ones(*_like(a, dtype, shape))


def empty_like(a, dtype=None, shape=None) -> NDArray:
    """An array with the shape and dtype of `a` (zero-filled).

    >>> import latpy as lp
    >>> lp.empty_like(lp.zeros((3, 1))).shape
    (3, 1)
    """
    return zeros(*_like(a, dtype, shape))


def full_like(a, fill_value, dtype=None, shape=None) -> NDArray:
    """`fill_value` everywhere, with the shape and dtype of `a`.

    >>> import latpy as lp
    >>> lp.full_like(lp.zeros(2), 3).tolist()
    [3.0, 3.0]
    """
    shape, dt = _like(a, dtype, shape)
    return full(shape, fill_value, dt)


def arange(start, stop=None, step=1, dtype=None) -> NDArray:
    """Evenly spaced values in ``[start, stop)`` with spacing `step`.

    int64 when all arguments are ints, else float64 (computed as
    ``start + i * step``, as NumPy does).

    >>> import latpy as lp
    >>> lp.arange(5).tolist()
    [0, 1, 2, 3, 4]
    >>> lp.arange(0, 1, 0.25).tolist()
    [0.0, 0.25, 0.5, 0.75]
    """
    if stop is None:
        start, stop = 0, start
    for name, v in (("start", start), ("stop", stop), ("step", step)):
        if not isinstance(v, (int, float)) and not hasattr(v, "__float__"):
            raise TypeError(f"arange: {name} must be a number, got {type(v).__name__}")
    if step == 0:
        raise ZeroDivisionError("arange: step must not be zero")
    is_int = all(isinstance(v, int) for v in (start, stop, step))
    dt = _as_dtype(dtype) if dtype is not None else (I64 if is_int else F64)
    if is_int:
        data = list(range(start, stop, step))
    else:
        try:
            n = max(0, math.ceil((float(stop) - float(start)) / float(step)))
        except (OverflowError, ValueError):
            raise ValueError(f"arange: cannot make a finite range from start={start}, "
                             f"stop={stop}, step={step}") from None
        start_f, step_f = float(start), float(step)
        data = [start_f + i * step_f for i in range(n)]
    return _make(_cast(data, I64 if is_int else F64, dt), (len(data),), dt)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None):
    """`num` evenly spaced float64 values from `start` to `stop`.

    >>> import latpy as lp
    >>> lp.linspace(0, 1, 5).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    start, stop = float(start), float(stop)
    div = (num - 1) if endpoint else num
    step = (stop - start) / div if div > 0 else math.nan
    if div > 0:
        data = [start + i * step for i in range(num)]
        if endpoint and num > 1:
            data[-1] = stop
    else:
        data = [start] * num
    dt = _as_dtype(dtype) if dtype is not None else F64
    out = _make(_cast(data, F64, dt), (num,), dt)
    return (out, float64(step)) if retstep else out


def eye(N, M=None, k=0, dtype=None) -> NDArray:
    """A 2-D array with ones on the `k`-th diagonal and zeros elsewhere.

    >>> import latpy as lp
    >>> lp.eye(2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    M = N if M is None else M
    N, M, k = operator.index(N), operator.index(M), operator.index(k)
    if N < 0 or M < 0:
        raise ValueError(f"negative dimensions are not allowed: ({N}, {M})")
    dt = _as_dtype(dtype)
    zero, one = {F64: (0.0, 1.0), I64: (0, 1), BOOL: (False, True)}[dt]
    data = [zero] * (N * M)
    for i in range(N):
        j = i + k
        if 0 <= j < M:
            data[i * M + j] = one
    return _make(data, (N, M), dt)


def identity(n, dtype=None) -> NDArray:
    """The ``n x n`` identity matrix.

    >>> import latpy as lp
    >>> lp.identity(3).sum()
    np.float64(3.0)
    """
    return eye(n, dtype=dtype)
