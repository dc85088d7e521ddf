"""Two-dimensional builders, as in NumPy's ``twodim_base``: ``diag``, ``tril``,
``triu``, and the coordinate grids of ``meshgrid``.

``diag`` of a 2-D array is a view (:func:`latpy.core.manipulation.diagonal`);
everything else here is a new array.

Re-exported from :mod:`latpy.core.manipulation` and ``latpy``.
"""

from __future__ import annotations

import operator

from .creation import asarray
from .lanes import _ZERO
from .manipulation import broadcast_arrays, broadcast_to, diagonal
from .ndarray import NDArray, _elements, _make

__all__ = ["diag", "tril", "triu", "meshgrid"]


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
