"""Padding: ``pad`` with NumPy's 'constant', 'edge', 'reflect', 'symmetric',
'wrap' and 'empty' modes.

Each padded axis is one pass: the new lanes are an index list into the old
ones (``_pad_index``) gathered by ``_take`` (:mod:`latpy.core.lanes`); constant
padding writes blocks directly, and odd reflection computes its lanes.

Re-exported from :mod:`latpy.core.manipulation` and ``latpy``.
"""

from __future__ import annotations

from .creation import asarray
from .dtypes import I64
from .lanes import _CONVERT, _ZERO, _split_at, _take
from .manipulation import broadcast_to
from .ndarray import NDArray, _elements, _make

__all__ = ["pad"]


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
