"""Reductions over axes: sum, prod, mean, max, min, argmax, argmin, var, std,
any, all, and the running cumsum/cumprod.

Every reduction is one *lane function* (a list of numbers -> one number)
handed to :func:`kernels.reduce_axis`. :func:`_lanes` arranges the data so the
reduced axes form the middle of an ``(outer, size, inner)`` block, moving them
there with a transpose only when they are not already adjacent.
"""

from __future__ import annotations

import math
from itertools import accumulate, repeat
from operator import mul, sub

from . import kernels
from .creation import asarray
from .dtypes import BOOL, F64, I64, dtype as _as_dtype
from .ndarray import NDArray, _elements, _make, _scalar
from .scalar import safe_truediv
from .shape import normalize_axes, normalize_axis, prod as _size_of

__all__ = ["sum", "prod", "mean", "max", "min", "amax", "amin", "argmax", "argmin",
           "var", "std", "any", "all", "cumsum", "cumprod", "ptp", "average", "median",
           "nansum", "nanmean", "nanmax", "nanmin"]

_builtin_sum, _builtin_max, _builtin_min = sum, max, min
_builtin_any, _builtin_all = any, all


def _lanes(a: NDArray, axes: tuple):
    """``(data, outer, size, inner)`` with the reduced `axes` as the middle block."""
    shape = a._shape
    lo, hi = axes[0], axes[-1]
    if hi - lo + 1 == len(axes):  # adjacent axes: reduce in place, no transpose
        return (_elements(a), _size_of(shape[:lo]), _size_of(shape[lo:hi + 1]),
                _size_of(shape[hi + 1:]))
    kept = [i for i in range(len(shape)) if i not in axes]
    moved = a.transpose(kept + list(axes))
    return _elements(moved), _size_of(shape[i] for i in kept), _size_of(shape[i] for i in axes), 1


def _reduce(a, axis, keepdims, lane_fn, out_dtype, name, needs_items=False):
    """Apply `lane_fn` over `axis` of `a`; a scalar for a full reduction."""
    a = a if isinstance(a, NDArray) else asarray(a)
    ndim = len(a._shape)
    axes = _axes(axis, ndim)
    if needs_items and _builtin_any(a._shape[i] == 0 for i in axes) and a._size == 0:
        raise ValueError(f"zero-size array to reduction operation {name} which has no "
                         f"identity (shape {a._shape}, axis {axis})")
    if not axes:
        data = [lane_fn([x]) for x in _elements(a)] if a._size else []
        out = _make(data, a._shape, out_dtype)
        return out if a._shape else _scalar(data[0], out_dtype)
    data, outer, size, inner = _lanes(a, axes)
    if outer * inner == 0:
        result = []
    elif size == 0:
        result = [lane_fn([])] * (outer * inner)
    else:
        result = kernels.reduce_axis(lane_fn, data, outer, size, inner)
    if keepdims:
        shape = tuple(1 if i in axes else d for i, d in enumerate(a._shape))
    else:
        shape = tuple(d for i, d in enumerate(a._shape) if i not in axes)
    if not shape:
        return _scalar(result[0], out_dtype)
    return _make(result, shape, out_dtype)


def _axes(axis, ndim) -> tuple:
    """`normalize_axes`, except that a 0-d array accepts axis 0 or -1 (as NumPy does)."""
    if ndim == 0 and type(axis) is int and (axis == 0 or axis == -1):
        return ()
    return normalize_axes(axis, ndim)


def _prepare(a, dtype):
    a = a if isinstance(a, NDArray) else asarray(a)
    if dtype is not None:
        dt = _as_dtype(dtype)
        if dt is not a._dtype:
            a = a.astype(dt)
    return a


def _check_out(out):
    if out is not None:
        raise TypeError("latpy reductions do not support out=; assign the result instead")


def _fsum(lane):
    return _builtin_sum(lane, 0.0)


def sum(a, axis=None, dtype=None, out=None, keepdims=False):  # noqa: A001
    """Sum of elements over `axis` (None: all; int or tuple; negatives allowed).

    Bool and int64 sum to int64.

    >>> import latpy as lp
    >>> a = lp.array([[1.0, 2.0], [3.0, 4.0]])
    >>> a.sum(), a.sum(axis=0).tolist(), a.sum(axis=1, keepdims=True).tolist()
    (np.float64(10.0), [4.0, 6.0], [[3.0], [7.0]])
    """
    _check_out(out)
    a = _prepare(a, dtype)
    if a._dtype is F64:
        return _reduce(a, axis, keepdims, _fsum, F64, "add")
    return _reduce(a, axis, keepdims, _builtin_sum, I64, "add")


def _fprod(lane):
    return math.prod(lane, start=1.0)


def prod(a, axis=None, dtype=None, out=None, keepdims=False):
    """Product of elements over `axis`.

    >>> import latpy as lp
    >>> lp.prod(lp.array([[1, 2], [3, 4]]), axis=1).tolist()
    [2, 12]
    """
    _check_out(out)
    a = _prepare(a, dtype)
    if a._dtype is F64:
        return _reduce(a, axis, keepdims, _fprod, F64, "multiply")
    return _reduce(a, axis, keepdims, math.prod, I64, "multiply")


def _float_max(lane):
    m = _builtin_max(lane)
    s = _builtin_sum(lane)
    if s != s:  # a NaN somewhere (or inf - inf): NaN must win, as in NumPy
        for x in lane:
            if x != x:
                return x
    return m


def _float_min(lane):
    m = _builtin_min(lane)
    s = _builtin_sum(lane)
    if s != s:
        for x in lane:
            if x != x:
                return x
    return m


def _empty_check(a, axis, name):
    a = a if isinstance(a, NDArray) else asarray(a)
    axes = _axes(axis, len(a._shape))
    if a._size == 0 and (axis is None or _builtin_any(a._shape[i] == 0 for i in axes)):
        raise ValueError(f"zero-size array to reduction operation {name} which has no "
                         f"identity (array of shape {a._shape})")
    return a


def max(a, axis=None, out=None, keepdims=False):  # noqa: A001
    """Largest element over `axis`; NaN propagates; empty input raises ValueError.

    >>> import latpy as lp
    >>> lp.max(lp.array([[1, 5], [7, 2]]), axis=0).tolist()
    [7, 5]
    """
    _check_out(out)
    a = _empty_check(a, axis, "maximum")
    fn = _float_max if a._dtype is F64 else _builtin_max
    return _reduce(a, axis, keepdims, fn, a._dtype, "maximum")


def min(a, axis=None, out=None, keepdims=False):  # noqa: A001
    """Smallest element over `axis`; NaN propagates; empty input raises ValueError.

    >>> import latpy as lp
    >>> lp.min(lp.array([3.0, -1.0, 2.0]))
    np.float64(-1.0)
    """
    _check_out(out)
    a = _empty_check(a, axis, "minimum")
    fn = _float_min if a._dtype is F64 else _builtin_min
    return _reduce(a, axis, keepdims, fn, a._dtype, "minimum")


amax, amin = max, min


def _arg_lane(pick):
    def lane_fn(lane):
        best = pick(lane)
        if best != best or _builtin_sum(lane) != _builtin_sum(lane):
            for i, x in enumerate(lane):
                if x != x:
                    return i
        return lane.index(best)
    return lane_fn


_argmax_lane = _arg_lane(_builtin_max)
_argmin_lane = _arg_lane(_builtin_min)


def _arg_reduce(a, axis, keepdims, lane_fn, name):
    a = a if isinstance(a, NDArray) else asarray(a)
    if a._size == 0 and (axis is None or a._shape[normalize_axis(axis, a.ndim)] == 0):
        raise ValueError(f"attempt to get {name} of an empty sequence")
    if not a._shape and axis is not None:
        if type(axis) is not int:
            raise TypeError(f"axis must be an integer, got {type(axis).__name__}")
        _axes(axis, 0)  # 0 and -1 are allowed for a 0-d array, others raise AxisError
    if axis is None or not a._shape:
        flat = _make(list(_elements(a)), (a._size,), a._dtype)
        result = _reduce(flat, 0, False, lane_fn, I64, name)
        if keepdims and a._shape:
            return _make([int(result)], (1,) * len(a._shape), I64)
        return result
    ax = normalize_axis(axis, len(a._shape))
    return _reduce(a, ax, keepdims, lane_fn, I64, name)


def argmax(a, axis=None, out=None, keepdims=False):
    """Index of the (first) largest element, over the flattened array or `axis`.

    >>> import latpy as lp
    >>> lp.argmax(lp.array([[1, 9], [7, 2]]), axis=1).tolist()
    [1, 0]
    """
    _check_out(out)
    return _arg_reduce(a, axis, keepdims, _argmax_lane, "argmax")


def argmin(a, axis=None, out=None, keepdims=False):
    """Index of the (first) smallest element, over the flattened array or `axis`.

    >>> import latpy as lp
    >>> lp.argmin(lp.array([4.0, 1.0, 1.0]))
    np.int64(1)
    """
    _check_out(out)
    return _arg_reduce(a, axis, keepdims, _argmin_lane, "argmin")


def mean(a, axis=None, dtype=None, out=None, keepdims=False):
    """Arithmetic mean over `axis` (float64; an empty reduction gives nan).

    >>> import latpy as lp
    >>> lp.mean(lp.array([[1, 2], [3, 4]]), axis=0).tolist()
    [2.0, 3.0]
    """
    _check_out(out)
    a = _prepare(a, dtype)
    n = _count(a, axis, strict=True)

    def lane_fn(lane):
        return safe_truediv(_builtin_sum(lane, 0.0), n)
    return _reduce(a if a._dtype is F64 else a.astype(F64), axis, keepdims, lane_fn, F64, "mean")


def _count(a, axis, strict=False) -> int:
    """Elements per reduction lane; `strict`: a 0-d array takes only axis=None (as
    NumPy's mean/var/std/median)."""
    if strict and not a._shape and axis is not None:
        normalize_axes(axis, 0)  # raises AxisError
    return _size_of(a._shape[i] for i in _axes(axis, len(a._shape)))


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Variance over `axis`: ``mean((x - x.mean())**2) * n / (n - ddof)``.

    >>> import latpy as lp
    >>> lp.var(lp.array([1.0, 2.0, 3.0, 4.0])), lp.var(lp.array([1.0, 2.0, 3.0, 4.0]), ddof=1)
    (np.float64(1.25), np.float64(1.6666666666666667))
    """
    _check_out(out)
    a = _prepare(a, dtype)
    n = _count(a, axis, strict=True)
    dof = n - ddof

    def lane_fn(lane):
        if not lane:
            return math.nan
        m = _builtin_sum(lane, 0.0) / n
        d = list(map(sub, lane, repeat(m)))
        return safe_truediv(_builtin_sum(map(mul, d, d), 0.0), dof if dof > 0 else 0)
    return _reduce(a if a._dtype is F64 else a.astype(F64), axis, keepdims, lane_fn, F64, "var")


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """Standard deviation over `axis`: ``sqrt(var(a, axis, ddof=ddof))``.

    >>> import latpy as lp
    >>> lp.std(lp.array([1.0, 3.0]))
    np.float64(1.0)
    """
    from .ufuncs import sqrt
    v = var(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims)
    return sqrt(v)


def any(a, axis=None, out=None, keepdims=False):  # noqa: A001
    """True if any element over `axis` is true (nonzero).

    >>> import latpy as lp
    >>> lp.any(lp.array([[0, 0], [0, 3]]), axis=1).tolist()
    [False, True]
    """
    _check_out(out)
    return _reduce(a, axis, keepdims, _builtin_any, BOOL, "logical_or")


def all(a, axis=None, out=None, keepdims=False):  # noqa: A001
    """True if every element over `axis` is true (nonzero).

    >>> import latpy as lp
    >>> lp.all(lp.array([1.0, 2.0]))
    True
    """
    _check_out(out)
    return _reduce(a, axis, keepdims, _builtin_all, BOOL, "logical_and")


def ptp(a, axis=None, keepdims=False):
    """Range (max - min) over `axis`.

    >>> import latpy as lp
    >>> lp.ptp(lp.array([3, 9, 4]))
    np.int64(6)
    """
    a = a if isinstance(a, NDArray) else asarray(a)
    hi, lo = max(a, axis, keepdims=keepdims), min(a, axis, keepdims=keepdims)
    if a._dtype is BOOL:  # NumPy: bool ptp is a TypeError (no boolean subtract)
        raise TypeError("ptp: numpy boolean subtract, the `-` operator, is not supported")
    if isinstance(hi, NDArray):
        return hi - lo
    return _scalar(hi - lo, a._dtype)


def average(a, axis=None, weights=None, returned=False, keepdims=False):
    """Weighted mean over `axis` (plain mean without weights).

    >>> import latpy as lp
    >>> lp.average(lp.array([1.0, 3.0]), weights=[3.0, 1.0])
    np.float64(1.5)
    """
    a = a if isinstance(a, NDArray) else asarray(a)
    if weights is None:
        avg = mean(a, axis, keepdims=keepdims)
        if isinstance(avg, NDArray) and avg._size == 0:
            # NumPy computes a.size / avg.size here: a ZeroDivisionError
            raise ZeroDivisionError("division by zero (average over an empty result)")
        scl = _count(a, axis)
        if returned:
            scl = avg * 0.0 + scl  # NumPy returns it as a float64 array like avg
    else:
        w = weights if isinstance(weights, NDArray) else asarray(weights)
        if w._shape != a._shape:
            if axis is None or w.ndim != 1:
                raise ValueError(f"average: weights of shape {w._shape} differ from "
                                 f"a of shape {a._shape}; give axis for 1-D weights")
            ax = normalize_axis(axis, a.ndim)
            w = w.reshape((w._size,) + (1,) * (a.ndim - ax - 1))
        # NumPy checks the weights' own sums (before broadcasting them against a)
        wsum = sum(w, axis if w._shape == a._shape else None)
        if any(asarray(wsum) == 0):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        scl = sum(w * (a * 0 + 1), axis, keepdims=keepdims)
        avg = sum(a * w, axis, keepdims=keepdims) / scl
    return (avg, scl) if returned else avg


def median(a, axis=None, keepdims=False):
    """Median over `axis` (mean of the two middle values for even counts; NaN propagates).

    >>> import latpy as lp
    >>> lp.median(lp.array([3.0, 1.0, 4.0, 2.0]))
    np.float64(2.5)
    """
    def lane_fn(lane):
        if not lane:
            return math.nan
        for x in lane:
            if x != x:
                return x
        s = sorted(lane)
        n = len(s)
        mid = n // 2
        return float(s[mid]) if n % 2 else (s[mid - 1] + s[mid]) / 2.0
    a = a if isinstance(a, NDArray) else asarray(a)
    _count(a, axis, strict=True)
    return _reduce(a if a._dtype is F64 else a.astype(F64), axis, keepdims, lane_fn, F64, "median")


def _without_nan(lane):
    return [x for x in lane if x == x]


def nansum(a, axis=None, keepdims=False):
    """Sum treating NaN as zero.

    >>> import latpy as lp
    >>> lp.nansum(lp.array([1.0, float('nan')]))
    np.float64(1.0)
    """
    a = a if isinstance(a, NDArray) else asarray(a)
    if a._dtype is not F64:
        return sum(a, axis, keepdims=keepdims)
    return _reduce(a, axis, keepdims, lambda lane: _builtin_sum(_without_nan(lane), 0.0), F64,
                   "add")


def nanmean(a, axis=None, keepdims=False):
    """Mean ignoring NaN.

    >>> import latpy as lp
    >>> lp.nanmean(lp.array([1.0, float('nan'), 3.0]))
    np.float64(2.0)
    """
    def lane_fn(lane):
        kept = _without_nan(lane)
        return safe_truediv(_builtin_sum(kept, 0.0), len(kept))
    a = a if isinstance(a, NDArray) else asarray(a)
    if a._dtype is not F64:  # NumPy hands non-float input to mean
        _count(a, axis, strict=True)
    return _reduce(a if a._dtype is F64 else a.astype(F64), axis, keepdims, lane_fn, F64, "mean")


def nanmax(a, axis=None, keepdims=False):
    """Maximum ignoring NaN (all-NaN lanes give NaN).

    >>> import latpy as lp
    >>> lp.nanmax(lp.array([1.0, float('nan'), 3.0]))
    np.float64(3.0)
    """
    a = _empty_check(a, axis, "fmax")
    return _reduce(a, axis, keepdims,
                   lambda lane: _builtin_max(_without_nan(lane) or [math.nan]), a._dtype, "fmax")


def nanmin(a, axis=None, keepdims=False):
    """Minimum ignoring NaN (all-NaN lanes give NaN).

    >>> import latpy as lp
    >>> lp.nanmin(lp.array([1.0, float('nan'), 3.0]))
    np.float64(1.0)
    """
    a = _empty_check(a, axis, "fmin")
    return _reduce(a, axis, keepdims,
                   lambda lane: _builtin_min(_without_nan(lane) or [math.nan]), a._dtype, "fmin")


def _accumulate(a, axis, func, name, dtype):
    a = _prepare(a, dtype)
    dt = a._dtype if a._dtype is F64 else I64
    if a._dtype is BOOL:
        a = a.astype(I64)
    if axis is None or (not a._shape and _axes(axis, 0) == ()):
        return _make(list(accumulate(_elements(a), func)), (a._size,), dt)
    ndim = len(a._shape)
    ax = normalize_axis(axis, ndim)
    perm = [i for i in range(ndim) if i != ax] + [ax]
    moved = a.transpose(perm)
    n = a._shape[ax]
    data = _elements(moved)
    out = []
    for i in range(0, len(data), n or 1):
        out.extend(accumulate(data[i:i + n], func))
    inverse = [perm.index(i) for i in range(ndim)]
    return _make(out, moved._shape, dt).transpose(inverse).copy()


def cumsum(a, axis=None, dtype=None, out=None):
    """Running sum along `axis` (over the flattened array when None).

    >>> import latpy as lp
    >>> lp.cumsum(lp.array([[1, 2], [3, 4]]), axis=0).tolist()
    [[1, 2], [4, 6]]
    """
    _check_out(out)
    from operator import add
    return _accumulate(a, axis, add, "cumsum", dtype)


def cumprod(a, axis=None, dtype=None, out=None):
    """Running product along `axis` (over the flattened array when None).

    >>> import latpy as lp
    >>> lp.cumprod(lp.array([1.0, 2.0, 3.0])).tolist()
    [1.0, 2.0, 6.0]
    """
    _check_out(out)
    return _accumulate(a, axis, mul, "cumprod", dtype)


# NumPy's array methods for the reductions.
def _method(fn):
    def method(self, *args, **kwargs):
        return fn(self, *args, **kwargs)
    method.__name__ = fn.__name__
    method.__doc__ = fn.__doc__
    return method


for _fn in (sum, prod, mean, max, min, argmax, argmin, var, std, any, all, cumsum, cumprod,
            ptp):
    setattr(NDArray, _fn.__name__, _method(_fn))
del _fn
