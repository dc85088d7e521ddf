"""``lp.linalg``: norm, inv, det, solve (NumPy's ``numpy.linalg`` names).

inv, det and solve are Gaussian elimination with partial pivoting, the method
LAPACK's ``getrf``/``getrs`` use, one matrix at a time for batched (..., n, n)
input. A zero pivot means the matrix is singular: inv and solve raise
:class:`LinAlgError`, det returns 0.0. Matrix 2-norms use the singular values
from a one-sided Jacobi SVD.
"""

from __future__ import annotations

import math
import operator

from .creation import asarray
from .dtypes import F64
from .kernels import starts
from .linalg import _as_type, _block_strides, _lanes, matmul
from .ndarray import _elements, _make, _scalar
from .shape import broadcast_shapes, normalize_axis, prod

__all__ = ["LinAlgError", "norm", "inv", "det", "solve", "matmul"]

_INF = math.inf


class LinAlgError(ValueError):
    """Raised by linalg functions on a singular or badly shaped matrix.

    >>> import latpy as lp
    >>> issubclass(lp.linalg.LinAlgError, ValueError)
    True
    """


# ---------------------------------------------------------------------------
# norm
# ---------------------------------------------------------------------------
def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm, as ``numpy.linalg.norm``.

    Without `axis`: the 2-norm of the flattened array when `ord` is None, else
    a vector norm (1-D) or matrix norm (2-D). An int `axis` gives vector norms
    along it, a pair of axes matrix norms. Vector `ord`: None/2, 1, inf, -inf,
    0 (count of non-zeros) or any p. Matrix `ord`: None/'fro', 'nuc', 1, -1, 2,
    -2, inf, -inf.

    >>> import latpy as lp
    >>> lp.linalg.norm(lp.array([3.0, 4.0]))
    np.float64(5.0)
    >>> lp.linalg.norm(lp.array([[1.0, -2.0], [3.0, 4.0]]), ord=1)
    np.float64(6.0)
    """
    x = _as_type(asarray(x), F64)
    nd = x.ndim
    if axis is None:
        if ord is None or (ord in ("fro", "f") and nd == 2) or (ord == 2 and nd == 1):
            flat = _elements(x)
            value = math.sqrt(sum(map(operator.mul, flat, flat)))
            return _make([value], (1,) * nd, F64) if keepdims else _scalar(value, F64)
        if nd not in (1, 2):
            raise ValueError(f"Improper number of dimensions to norm (shape {x._shape} "
                             f"with ord={ord!r}).")
        axis = tuple(range(nd))
    axes = (axis,) if not isinstance(axis, (tuple, list)) else tuple(axis)
    axes = tuple(normalize_axis(a, nd) for a in axes)
    if len(axes) == 1:
        values = [_vector_norm(lane, ord) for lane in _lanes(x, list(axes))]
    elif len(axes) == 2:
        if axes[0] == axes[1]:
            raise ValueError(f"Duplicate axes given: {axis}")
        r, c = axes
        nr, nc = x._shape[r], x._shape[c]
        values = [_matrix_norm(flat, nr, nc, ord) for flat in _lanes(x, [r, c])]
    else:
        raise ValueError(f"Improper number of dimensions to norm: axis={axis}")
    shape = tuple(1 if i in axes else d for i, d in enumerate(x._shape) if keepdims
                  or i not in axes)
    return _scalar(values[0], F64) if not shape else _make(values, shape, F64)


def _vector_norm(values: list, ord) -> float:
    if ord is None or ord == 2:
        return math.sqrt(sum(map(operator.mul, values, values)))
    if isinstance(ord, str):
        raise ValueError(f"Invalid norm order '{ord}' for vectors")
    absolute = list(map(abs, values))
    if ord == _INF:
        return max(absolute, default=0.0)
    if ord == -_INF:
        return min(absolute, default=_INF)
    if ord == 0:
        return float(sum(1 for v in absolute if v != 0))
    if ord == 1:
        return float(sum(absolute))
    if ord < 0 and 0.0 in absolute:
        return 0.0  # 0 ** negative = inf, and inf ** (1 / negative) = 0
    try:
        return float(sum(v ** ord for v in absolute) ** (1.0 / ord))
    except OverflowError:
        return _INF


def _matrix_norm(flat: list, nr: int, nc: int, ord) -> float:
    """A matrix norm of the C-order (nr, nc) matrix `flat`."""
    if ord is None or ord in ("fro", "f"):
        return math.sqrt(sum(map(operator.mul, flat, flat)))
    if ord in ("nuc", 2, -2):
        if nr == 0 or nc == 0:
            raise ValueError("Arrays cannot be empty for this matrix norm")
        sv = _singular_values(flat, nr, nc)
        return sum(sv) if ord == "nuc" else sv[0] if ord == 2 else sv[-1]
    if ord in (1, -1):  # column sums
        sums = [sum(map(abs, flat[j::nc])) for j in range(nc)]
    elif ord in (_INF, -_INF):  # row sums
        sums = [sum(map(abs, flat[i:i + nc])) for i in range(0, nr * nc, nc)]
    else:
        raise ValueError(f"Invalid norm order {ord!r} for matrices.")
    if not sums:
        raise ValueError("Arrays cannot be empty for this matrix norm")
    return float(max(sums) if ord in (1, _INF) else min(sums))


def _singular_values(flat: list, nr: int, nc: int) -> list:
    """Singular values, largest first, by one-sided Jacobi rotations.

    Rotating pairs of columns until all are orthogonal leaves the singular
    values as the column lengths; this is accurate even for tiny ones.
    """
    if nc <= nr:
        cols = [flat[j::nc] for j in range(nc)]
    else:
        cols = [flat[i:i + nc] for i in range(0, nr * nc, nc)]
    count = len(cols)
    for _ in range(100):
        rotated = False
        for p in range(count - 1):
            for q in range(p + 1, count):
                cp, cq = cols[p], cols[q]
                alpha = sum(v * v for v in cp)
                beta = sum(v * v for v in cq)
                gamma = sum(map(operator.mul, cp, cq))
                if gamma == 0.0 or abs(gamma) <= 1e-15 * math.sqrt(alpha * beta):
                    continue
                rotated = True
                zeta = (beta - alpha) / (2.0 * gamma)
                t = math.copysign(1.0, zeta) / (abs(zeta) + math.hypot(1.0, zeta))
                c = 1.0 / math.hypot(1.0, t)
                s = c * t
                cols[p] = [c * u - s * v for u, v in zip(cp, cq)]
                cols[q] = [s * u + c * v for u, v in zip(cp, cq)]
        if not rotated:
            break
    return sorted((math.sqrt(sum(v * v for v in col)) for col in cols), reverse=True)


# ---------------------------------------------------------------------------
# inv, det, solve
# ---------------------------------------------------------------------------
def _square(a, name):
    """`a` as float64 after checking it is a (stack of) square matrices."""
    a = _as_type(asarray(a), F64)
    if a.ndim < 2:
        raise LinAlgError(f"{name}: {a.ndim}-dimensional array given (shape {a._shape}). "
                          "Array must be at least two-dimensional")
    if a._shape[-1] != a._shape[-2]:
        raise LinAlgError(f"{name}: Last 2 dimensions of the array must be square "
                          f"(got shape {a._shape})")
    return a


def _rows(a) -> list:
    """Fresh row lists of every matrix in the stack `a`, in C order."""
    return [list(row) for row in _lanes(a, [a.ndim - 1])]


def _solve_rows(rows: list, rhs: list, n: int) -> list:
    """Solve ``A X = B`` for the rows of A and of B (both overwritten)."""
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(rows[r][c]))
        pivot = rows[p][c]
        if pivot == 0.0:
            raise LinAlgError("Singular matrix")
        rows[c], rows[p] = rows[p], rows[c]
        rhs[c], rhs[p] = rhs[p], rhs[c]
        top, top_rhs = rows[c], rhs[c]
        for r in range(c + 1, n):
            f = rows[r][c] / pivot
            if f:  # row_r -= f * row_c, on the columns right of the pivot
                rows[r] = [u - f * v for u, v in zip(rows[r], top)]
                rhs[r] = [u - f * v for u, v in zip(rhs[r], top_rhs)]
    solution = [None] * n
    for c in range(n - 1, -1, -1):
        acc, row = rhs[c], rows[c]
        for j in range(c + 1, n):
            f = row[j]
            if f:
                acc = [u - f * v for u, v in zip(acc, solution[j])]
        pivot = row[c]
        solution[c] = [u / pivot for u in acc]
    return solution


def inv(a):
    """Inverse of a square matrix (or of each in a stack).

    >>> import latpy as lp
    >>> lp.linalg.inv(lp.array([[2.0, 0.0], [0.0, 4.0]])).tolist()
    [[0.5, 0.0], [0.0, 0.25]]
    """
    a = _square(a, "inv")
    n = a._shape[-1]
    if n == 0:
        return _make([], a._shape, F64)
    rows = _rows(a)
    data = []
    for i in range(0, len(rows), n):
        identity = [[0.0] * n for _ in range(n)]
        for j in range(n):
            identity[j][j] = 1.0
        for row in _solve_rows(rows[i:i + n], identity, n):
            data += row
    return _make(data, a._shape, F64)


def det(a):
    """Determinant of a square matrix (or of each in a stack).

    >>> import latpy as lp
    >>> lp.linalg.det(lp.array([[1.0, 2.0], [3.0, 4.0]]))
    np.float64(-2.0)
    """
    a = _square(a, "det")
    n = a._shape[-1]
    if n == 0:
        dets = [1.0] * prod(a._shape[:-2])
    else:
        rows = _rows(a)
        dets = [_det_rows(rows[i:i + n], n) for i in range(0, len(rows), n)]
    shape = a._shape[:-2]
    return _make(dets, shape, F64) if shape else _scalar(dets[0], F64)


def _det_rows(rows: list, n: int) -> float:
    value = 1.0
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(rows[r][c]))
        pivot = rows[p][c]
        if pivot == 0.0:
            return 0.0
        if p != c:
            rows[c], rows[p] = rows[p], rows[c]
            value = -value
        value *= pivot
        top = rows[c]
        for r in range(c + 1, n):
            f = rows[r][c] / pivot
            if f:
                rows[r] = [u - f * v for u, v in zip(rows[r], top)]
    return value


def solve(a, b):
    """Solve ``a @ x = b`` for `x`.

    `a` is (..., M, M); `b` is a vector (M,) or a stack of matrices (..., M, K)
    (NumPy 2 rules); batch dimensions broadcast.

    >>> import latpy as lp
    >>> lp.linalg.solve(lp.array([[2.0, 1.0], [1.0, 3.0]]), lp.array([3.0, 5.0])).tolist()
    [0.8, 1.4]
    """
    a = _square(a, "solve")
    b = _as_type(asarray(b), F64)
    n = a._shape[-1]
    vector = b.ndim == 1
    if vector:
        b = b.reshape(b._shape + (1,))
    if b.ndim < 2 or b._shape[-2] != n:
        raise ValueError(f"solve: a has shape {a._shape} and b has shape "
                         f"{b._shape[:-1] if vector else b._shape}; b must be ({n},) or "
                         f"(..., {n}, K)")
    k = b._shape[-1]
    batch_a, batch_b = a._shape[:-2], b._shape[:-2]
    try:
        batch = broadcast_shapes(batch_a, batch_b)
    except ValueError:
        raise ValueError(f"solve: batch dimensions {batch_a} of a and {batch_b} of b "
                         "could not be broadcast together") from None
    rows_a, rows_b = _rows(a), _rows(b)
    data = []
    for i, j in zip(starts(batch, _block_strides(batch_a, batch), 0),
                    starts(batch, _block_strides(batch_b, batch), 0)):
        rows = [list(r) for r in rows_a[i * n:i * n + n]]
        rhs = [list(r) for r in rows_b[j * n:j * n + n]]
        for row in _solve_rows(rows, rhs, n):
            data += row
    return _make(data, batch + ((n,) if vector else (n, k)), F64)
