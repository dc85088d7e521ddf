"""The only loops over element storage.

Every array operation in latpy ends in one of these few primitives:
``gather`` (any strided view -> a C-order list), ``binary`` (elementwise with
broadcasting), ``unary`` (elementwise map), ``reduce_axis`` (sum/max/... over one
block of axes), ``matmul2d`` and ``scatter`` (write values through a view).

They work on raw parts -- a storage list, a shape, strides (in elements) and an
offset -- and know nothing about NDArray. The loops are written for CPython:
``list(map(op, a, b))`` runs at C speed, so the Python-level loop only walks the
*outer* dimensions and hands each innermost contiguous run to ``map``.
"""

from __future__ import annotations

import operator
from itertools import repeat

from .shape import collapse, broadcast_strides

_add, _sub, _mul, _truediv = operator.add, operator.sub, operator.mul, operator.truediv


def starts(shape, strides, offset) -> list:
    """Storage offsets of every index of `shape`, in C order.

    >>> starts((2, 3), (3, 1), 0)
    [0, 1, 2, 3, 4, 5]
    """
    out = [offset]
    for d, s in zip(shape, strides):
        steps = [i * s for i in range(d)]
        out = [b + t for b in out for t in steps]
    return out


def run(data, start, n, step):
    """The `n` elements ``data[start], data[start + step], ...`` as a list.

    >>> run([0, 1, 2, 3, 4], 4, 3, -2)
    [4, 2, 0]
    """
    if step == 1:
        return data[start:start + n]
    if step == 0:
        return [data[start]] * n
    stop = start + n * step
    if stop < 0:
        stop = None
    return data[start:stop:step]


def gather(data, shape, strides, offset) -> list:
    """The elements of a strided view, as a new C-order list.

    >>> gather([0, 1, 2, 3, 4, 5], (3, 2), (1, 3), 0)   # a transposed (2, 3)
    [0, 3, 1, 4, 2, 5]
    """
    for d in shape:
        if d == 0:
            return []
    shape, strides = collapse(shape, strides)
    if not shape:
        return [data[offset]]
    n, step = shape[-1], strides[-1]
    if len(shape) == 1:
        return run(data, offset, n, step)
    out = []
    extend = out.extend
    for s in starts(shape[:-1], strides[:-1], offset):
        extend(run(data, s, n, step))
    return out


def binary(op, a, b, out_shape) -> list:
    """``op`` applied elementwise to two broadcast operands.

    `a` and `b` are ``(data, shape, strides, offset)`` tuples; the result is a
    C-order list for `out_shape`. The innermost collapsed dimension is run with
    ``map``; a broadcast (stride-0) operand there is fed with ``repeat``.

    >>> binary(operator.add, ([1, 2], (2, 1), (1, 1), 0), ([10, 20, 30], (3,), (1,), 0), (2, 3))
    [11, 21, 31, 12, 22, 32]
    """
    for d in out_shape:
        if d == 0:
            return []
    ad, ash, ast, aoff = a
    bd, bsh, bst, boff = b
    shape, ast, bst = collapse(out_shape, broadcast_strides(ash, ast, out_shape),
                               broadcast_strides(bsh, bst, out_shape))
    if not shape:
        return [op(ad[aoff], bd[boff])]
    n, sa, sb = shape[-1], ast[-1], bst[-1]
    outer = shape[:-1]
    a_starts = starts(outer, ast[:-1], aoff)
    b_starts = starts(outer, bst[:-1], boff)
    out = []
    extend = out.extend
    if sa == 1 and sb == 1:
        for i, j in zip(a_starts, b_starts):
            extend(map(op, ad[i:i + n], bd[j:j + n]))
    elif sb == 0:
        for i, j in zip(a_starts, b_starts):
            extend(map(op, run(ad, i, n, sa), repeat(bd[j], n)))
    elif sa == 0:
        for i, j in zip(a_starts, b_starts):
            extend(map(op, repeat(ad[i], n), run(bd, j, n, sb)))
    else:
        last_j, b_run = None, None
        for i, j in zip(a_starts, b_starts):
            if j != last_j:  # a row-broadcast operand reuses the same run
                b_run, last_j = run(bd, j, n, sb), j
            extend(map(op, run(ad, i, n, sa), b_run))
    return out


# Array-with-scalar loops. A comprehension with the operator inline is ~15%
# faster than map(op, data, repeat(s)), so the common operators get their own.
_SCALAR_RIGHT = {
    _add: lambda d, s: [x + s for x in d],
    _sub: lambda d, s: [x - s for x in d],
    _mul: lambda d, s: [x * s for x in d],
    _truediv: lambda d, s: [x / s for x in d],
    operator.lt: lambda d, s: [x < s for x in d],
    operator.le: lambda d, s: [x <= s for x in d],
    operator.gt: lambda d, s: [x > s for x in d],
    operator.ge: lambda d, s: [x >= s for x in d],
    operator.eq: lambda d, s: [x == s for x in d],
    operator.ne: lambda d, s: [x != s for x in d],
}
_SCALAR_LEFT = {
    _add: lambda d, s: [s + x for x in d],
    _sub: lambda d, s: [s - x for x in d],
    _mul: lambda d, s: [s * x for x in d],
    _truediv: lambda d, s: [s / x for x in d],
}


def scalar_right(op, data, s) -> list:
    """``[op(x, s) for x in data]``.

    >>> scalar_right(operator.sub, [1.0, 2.0], 1.0)
    [0.0, 1.0]
    """
    fast = _SCALAR_RIGHT.get(op)
    if fast is not None:
        return fast(data, s)
    return list(map(op, data, repeat(s)))


def scalar_left(op, s, data) -> list:
    """``[op(s, x) for x in data]``.

    >>> scalar_left(operator.sub, 1.0, [1.0, 2.0])
    [0.0, -1.0]
    """
    fast = _SCALAR_LEFT.get(op)
    if fast is not None:
        return fast(data, s)
    return list(map(op, repeat(s), data))


def reduce_axis(func, data, outer, size, inner) -> list:
    """Reduce the middle axis of contiguous data viewed as ``(outer, size, inner)``.

    ``func`` takes a list (one lane of `size` elements) and returns one value.
    Rows (``inner == 1``) are slices ``data[i:i+size]``; columns are strided
    slices ``data[j::inner]``, both at C speed.

    >>> reduce_axis(sum, [1, 2, 3, 4, 5, 6], 1, 2, 3)   # column sums of (2, 3)
    [5, 7, 9]
    """
    if inner == 1:
        if outer == 1:
            return [func(data)]
        return [func(data[i:i + size]) for i in range(0, outer * size, size)]
    block = size * inner
    out = []
    for o in range(0, outer * block, block):
        if outer == 1:
            out.extend(func(data[j::inner]) for j in range(inner))
        else:
            out.extend(func(data[o + j:o + block:inner]) for j in range(inner))
    return out


def matmul2d(a, b, n, k, m, zero=0.0, *, split=False) -> list:
    """C-order product of an ``(n, k)`` and a ``(k, m)`` matrix, as a flat list.

    `a` and `b` are contiguous C-order lists. With ``split=True`` they are
    instead the `n` rows of the left matrix and the `m` columns of the right
    one (each a sequence of `k` elements): callers cut transposed, strided or
    batched operands into rows and columns by slicing, without copying them.

    >>> matmul2d([1, 2, 3, 4], [5, 6, 7, 8], 2, 2, 2)
    [19, 22, 43, 50]
    >>> matmul2d([[1, 2]], [[3, 4], [5, 6]], 1, 2, 2, split=True)
    [11, 17]
    """
    if not (n and k and m):
        return [zero] * (n * m)
    if split:
        rows, cols = a, b
    else:
        rows = [a[i:i + k] for i in range(0, n * k, k)]
        cols = [b[j::m] for j in range(m)]
    dots = matmul2d.__dict__.get("dots")  # per-k dot products, built on first use
    if dots is None:
        import math  # Python >= 3.12: math.sumprod is a C loop (compensated for floats)
        dots = matmul2d.dots = {"sumprod": getattr(math, "sumprod", None)}
    sumprod = dots["sumprod"]
    if sumprod is not None and k > 16:  # below that its call costs more than it saves
        return [sumprod(row, col) for row in rows for col in cols]
    if k > 128:  # long contractions: unrolled blocks of 128, partial sums added
        out = None
        for c in range(0, k, 128):
            width = min(128, k - c)
            part = matmul2d([r[c:c + width] for r in rows], [q[c:c + width] for q in cols],
                            n, width, m, zero, split=True)
            out = part if out is None else list(map(_add, out, part))
        return out
    # For k <= 128 the dot product is unrolled into one comprehension,
    #     [x0*y0 + x1*y1 + ... for x0, x1, ..., in rows for y0, y1, ..., in cols]
    # compiled once per k. Unpacking a row costs less than creating a map and
    # calling sum per output element: measured 13 ns per multiply-add at k = 128
    # (16 for sum(map(mul, row, col))) and 14 instead of 33-130 for k <= 8.
    dot = dots.get(k)
    if dot is None:
        xs = ", ".join(f"x{t}" for t in range(k))
        ys = ", ".join(f"y{t}" for t in range(k))
        terms = " + ".join(f"x{t} * y{t}" for t in range(k))
        source = f"lambda rows, cols: [{terms} for {xs}, in rows for {ys}, in cols]"
        dot = dots[k] = eval(source, {})  # a fixed template: only k varies
    return dot(rows, cols)


def scatter(data, shape, strides, offset, values) -> None:
    """Write C-order `values` into storage `data` through a strided view.

    >>> d = [0, 0, 0, 0]; scatter(d, (2,), (2,), 1, [7, 8]); d
    [0, 7, 0, 8]
    """
    for d in shape:
        if d == 0:
            return
    shape, strides = collapse(shape, strides)
    if not shape:
        data[offset] = values[0]
        return
    n, step = shape[-1], strides[-1]
    pos = 0
    for s in starts(shape[:-1], strides[:-1], offset):
        if step > 0:
            data[s:s + n * step:step] = values[pos:pos + n]
        elif step < 0:  # a reversed run: an extended slice with a negative step
            stop = s + n * step
            data[s:(stop if stop >= 0 else None):step] = values[pos:pos + n]
        else:  # a broadcast (stride-0) target: the last value wins
            data[s] = values[pos + n - 1]
        pos += n
