"""Helpers shared by the shape-manipulation modules (no public names).

Axis arguments as tuples (``_axis_tuple``), int lists (``_ints``), the
``(outer, n, inner)`` split around one axis, one-axis slice views, NumPy's casting
check, and ``_take``: the one gather that every copy which moves elements along an
axis (``repeat``, ``roll``, ``pad``, ``split``'s friends) goes through, with the
per-element work done by slices and ``map``.
"""

from __future__ import annotations

import operator

from .creation import asarray
from .dtypes import BOOL, F64, I64
from .errors import AxisError
from .ndarray import NDArray, _strides_of, _view
from .shape import normalize_axis, prod

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

