"""einsum: Einstein summation over any number of operands.

The plan, for ``einsum("ij,jk->ik", a, b)`` and friends:

1. parse the subscripts into one label list per operand and the output labels
   (``...`` becomes integer labels 0, 1, ..., one per broadcast dimension);
2. a label repeated inside one operand takes the diagonal (a strided view);
3. every label gets one size; size-1 dimensions broadcast (stride-0 views);
4. operands are contracted pairwise, left to right. Each pair is one batched
   matrix product: labels shared and still needed later are *batch* axes,
   labels shared and not needed are *summed* (the k of matmul), the others are
   the rows and columns -- so the work runs in ``kernels.matmul2d``.
   Labels needed by nobody are summed out of an operand before its product.
"""

from __future__ import annotations

from .creation import asarray
from .dtypes import BOOL, I64, result_type
from .kernels import matmul2d
from .linalg import _ZERO, _finish, _lanes
from .ndarray import _elements, _make, _parts, _scalar, _view
from .shape import prod

__all__ = ["einsum"]

_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def einsum(subscripts, *operands, optimize=False):
    """Einstein summation: products of `operands` summed over repeated labels.

    Supports explicit (``'ij,jk->ik'``) and implicit (``'ij,jk'``: the labels
    seen once, sorted) output, ``...`` for broadcast dimensions, repeated
    labels in one operand (diagonals, ``'ii->i'``, ``'ii'`` is the trace) and
    any number of operands. `optimize` is accepted and ignored.

    >>> import latpy as lp
    >>> a = lp.array([[1, 2], [3, 4]])
    >>> lp.einsum('ij,jk->ik', a, a).tolist()
    [[7, 10], [15, 22]]
    >>> lp.einsum('ii', a), lp.einsum('ij->ji', a).tolist()
    (np.int64(5), [[1, 3], [2, 4]])
    """
    if not operands:
        raise ValueError("einsum: no operands given")
    ops = [asarray(x) for x in operands]
    label_lists, out = _parse(subscripts, ops)
    dt = result_type(*(x._dtype for x in ops))
    work = I64 if dt is BOOL else dt  # sums of bool products are counted as ints
    zero = _ZERO[work]
    pairs = [_diagonal(x, labels, i) for i, (x, labels) in enumerate(zip(ops, label_lists))]
    sizes = _label_sizes(pairs)
    if len(pairs) == 1 and set(pairs[0][1]) <= set(out):
        x, labels = pairs[0]  # only a transpose/diagonal: a view, as NumPy returns
        view = x.transpose([labels.index(label) for label in out])
        return _scalar(_elements(view)[0], view._dtype) if not out else view
    pairs = [_broadcast(x, labels, sizes) for x, labels in pairs]
    x, lx = pairs[0]
    for i in range(1, len(pairs)):
        y, ly = pairs[i]
        later = set(out).union(*(labels for _, labels in pairs[i + 1:]))
        x, lx = _sum_out(x, lx, set(ly) | later, zero, work)
        y, ly = _sum_out(y, ly, set(lx) | later, zero, work)
        x, lx = _product(x, lx, y, ly, later, zero, work)
    x, lx = _sum_out(x, lx, set(out), zero, work)
    result = x.transpose([lx.index(label) for label in out])
    return _finish(list(_elements(result)), result._shape, dt)


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------
def _parse(subscripts, ops):
    """One label list per operand and the output label list."""
    if not isinstance(subscripts, str):
        raise TypeError("einsum: subscripts must be a string such as 'ij,jk->ik'")
    spec = subscripts.replace(" ", "")
    if spec.count("->") > 1:
        raise ValueError(f"einsum: subscripts {subscripts!r} contain '->' more than once")
    lhs, arrow, rhs = spec.partition("->")
    terms = lhs.split(",")
    if len(terms) != len(ops):
        raise ValueError(f"einsum: subscripts {subscripts!r} name {len(terms)} operand(s) "
                         f"but {len(ops)} were given")
    parsed = [_split_term(term, f"operand {i}") for i, term in enumerate(terms)]
    broadcast_ndims = []
    for i, ((letters, ellipsis), x) in enumerate(zip(parsed, ops)):
        extra = x.ndim - len(letters)
        if extra < 0 or (extra > 0 and ellipsis is None):
            raise ValueError(f"einsum: operand {i} has {x.ndim} dimension(s) (shape "
                             f"{x._shape}) but subscripts {terms[i]!r} name {len(letters)}")
        broadcast_ndims.append(extra)
    nb = max(broadcast_ndims)
    label_lists = []
    for (letters, ellipsis), extra in zip(parsed, broadcast_ndims):
        if ellipsis is None:
            label_lists.append(letters)
        else:
            label_lists.append(letters[:ellipsis] + list(range(nb - extra, nb))
                               + letters[ellipsis:])
    seen = [label for labels in label_lists for label in labels if isinstance(label, str)]
    if not arrow:
        once = sorted(label for label in set(seen) if seen.count(label) == 1)
        return label_lists, list(range(nb)) + once
    letters, ellipsis = _split_term(rhs, "the output")
    for label in letters:
        if letters.count(label) > 1:
            raise ValueError(f"einsum: output subscript {label!r} appears more than once")
        if label not in seen:
            raise ValueError(f"einsum: output subscript {label!r} does not appear in any "
                             "input")
    if ellipsis is None:
        if nb:
            raise ValueError("einsum: the inputs have broadcast ('...') dimensions but "
                             "the output subscripts have no '...'")
        return label_lists, letters
    return label_lists, letters[:ellipsis] + list(range(nb)) + letters[ellipsis:]


def _split_term(term: str, where: str):
    """The letters of one term and the position of its ``...`` (or None)."""
    letters, ellipsis, i = [], None, 0
    while i < len(term):
        c = term[i]
        if c == "." and term[i:i + 3] == "..." and ellipsis is None:
            ellipsis = len(letters)
            i += 3
            continue
        if c not in _LETTERS:
            what = "'.' that is not part of a single '...'" if c == "." else repr(c)
            raise ValueError(f"einsum: invalid subscript {what} in {where}; subscripts "
                             "are letters a-z, A-Z and one optional '...'")
        letters.append(c)
        i += 1
    return letters, ellipsis


def _show(label) -> str:
    return repr(label) if isinstance(label, str) else f"'...' (broadcast dim {label})"


# ---------------------------------------------------------------------------
# Views: diagonals and broadcasting
# ---------------------------------------------------------------------------
def _diagonal(x, labels, position):
    """`x` as a view with each label once (repeated labels take the diagonal)."""
    if len(set(labels)) == len(labels):
        return x, list(labels)
    data, shape, strides, offset = _parts(x)
    unique, new_shape, new_strides = [], [], []
    for label, d, s in zip(labels, shape, strides):
        if label in unique:
            j = unique.index(label)
            if new_shape[j] != d:
                raise ValueError(f"einsum: label {_show(label)} repeats in operand "
                                 f"{position} with different sizes ({new_shape[j]} != {d})")
            new_strides[j] += s
        else:
            unique.append(label)
            new_shape.append(d)
            new_strides.append(s)
    return _view(x, tuple(new_shape), tuple(new_strides), offset), unique


def _label_sizes(pairs) -> dict:
    """The size of every label; sizes must agree across operands or be 1."""
    sizes, where = {}, {}
    for i, (x, labels) in enumerate(pairs):
        for label, d in zip(labels, x._shape):
            old = sizes.get(label, 1)
            if d != 1 and old != 1 and d != old:
                raise ValueError(f"einsum: label {_show(label)} has size {old} in operand "
                                 f"{where[label]} but size {d} in operand {i}")
            if d != 1 or label not in sizes:
                sizes[label], where[label] = d, i
    return sizes


def _broadcast(x, labels, sizes):
    """`x` viewed with every size-1 dimension stretched to its label's size."""
    shape = tuple(sizes[label] for label in labels)
    if shape == x._shape:
        return x, labels
    strides = tuple(0 if d != t else s for d, t, s in zip(x._shape, shape, _parts(x)[2]))
    return _view(x, shape, strides, x._offset), labels


# ---------------------------------------------------------------------------
# Sums and pairwise products
# ---------------------------------------------------------------------------
def _sum_out(x, labels, keep, zero, work):
    """Sum `x` over the labels not in `keep`."""
    drop = [i for i, label in enumerate(labels) if label not in keep]
    if not drop:
        return x, labels
    kept = [i for i in range(len(labels)) if i not in drop]
    sums = [sum(lane, zero) for lane in _lanes(x, drop, kept)]
    return _make(sums, tuple(x._shape[i] for i in kept), work), [labels[i] for i in kept]


def _product(x, lx, y, ly, keep, zero, work):
    """Contract two operands: a batched (n, k) @ (k, m) through the kernel."""
    batch = [label for label in lx if label in ly and label in keep]
    summed = [label for label in lx if label in ly and label not in keep]
    free_x = [label for label in lx if label not in ly]
    free_y = [label for label in ly if label not in lx]
    size = dict(zip(lx, x._shape))
    size.update(zip(ly, y._shape))
    rows = _lanes(x, [lx.index(c) for c in summed], [lx.index(c) for c in batch + free_x])
    cols = _lanes(y, [ly.index(c) for c in summed], [ly.index(c) for c in batch + free_y])
    b, k = prod(size[lb] for lb in batch), prod(size[lb] for lb in summed)
    n, m = prod(size[lb] for lb in free_x), prod(size[lb] for lb in free_y)
    if b == 1:
        data = matmul2d(rows, cols, n, k, m, zero, split=True)
    else:
        data = []
        for i in range(b):
            data += matmul2d(rows[i * n:i * n + n], cols[i * m:i * m + m], n, k, m, zero,
                             split=True)
    labels = batch + free_x + free_y
    return _make(data, tuple(size[lb] for lb in labels), work), labels
