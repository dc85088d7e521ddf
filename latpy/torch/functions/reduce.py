"""Reductions: sum, prod, amax/amin, max/min along a dim, cumsum.

Everything else (mean, var, std, norm, logsumexp, softmax, ...) is composed
from these in ``tensor_ops.py``. A reduction's backward reshapes the gradient
to the keepdim shape and broadcasts it back over the reduced dims.
"""

from __future__ import annotations

import math as _math

from ...core import reductions as R
from ...core.dtypes import F64
from ...core.ndarray import NDArray, _make
from ...core.shape import normalize_axes, prod as _prod
from ..function import Op
from . import dual as D


def _as_array(value):
    """Reductions of 0-d arrays give scalars (as NumPy's): make them 0-d arrays."""
    if hasattr(value, "reshape"):
        return value
    from ...core.creation import asarray
    return asarray(value)


def _keep_shape(shape, axes):
    return tuple(1 if i in axes else d for i, d in enumerate(shape))


def _axes(dim, ndim):
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        return tuple(range(ndim))
    try:
        axes = normalize_axes(dim, ndim if ndim else 1)  # a 0-d tensor takes dim 0 or -1
        return axes if ndim else ()
    except IndexError:
        d = ndim if ndim else 1
        bad = dim if not isinstance(dim, (tuple, list)) else next(
            x for x in dim if not -d <= x < d)
        raise IndexError(f"Dimension out of range (expected to be in range of [{-d}, {d - 1}], "
                         f"but got {bad})") from None


def _expand_back(grad_output, in_shape, axes, keepdim):
    """The gradient of a reduction over `axes`, broadcast back to `in_shape`."""
    if not keepdim:
        grad_output = D.reshape(grad_output, _keep_shape(in_shape, axes))
    return D.broadcast_to(grad_output, in_shape)


class Sum(Op):
    """y = sum(x, dims);  dx = broadcast(dy)"""

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        if dim is None and not keepdim and type(x) is NDArray and x._flat is not None \
                and x._dtype is F64:  # the common loss.sum(): skip the general machinery
            ctx.in_shape, ctx.axes, ctx.keepdim = x._shape, None, False
            return _make([sum(x._flat, 0.0)], (), F64)
        axes = _axes(dim, x.ndim)
        ctx.in_shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        return x.sum(axis=axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad_output):
        if type(grad_output) is NDArray and grad_output._size == 1:
            shape = ctx.in_shape
            return _make([grad_output._data[grad_output._offset]] * _prod(shape), shape,
                         grad_output._dtype)
        axes = ctx.axes if ctx.axes is not None else tuple(range(len(ctx.in_shape)))
        return _expand_back(grad_output, ctx.in_shape, axes, ctx.keepdim)


class Mean(Op):
    """y = sum(x, dims) / n;  dx = broadcast(dy) / n  (nothing saved, as PyTorch)"""

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        axes = _axes(dim, x.ndim)
        n = 1
        for a in axes:
            n *= x.shape[a]
        ctx.in_shape, ctx.axes, ctx.keepdim, ctx.n = x.shape, axes, keepdim, n
        total = _as_array(x.sum(axis=axes, keepdims=keepdim))
        return total / float(n) if n else total * float("nan")

    @staticmethod
    def backward(ctx, grad_output):
        g = _expand_back(grad_output, ctx.in_shape, ctx.axes, ctx.keepdim)
        return g / float(ctx.n) if ctx.n else g * 0.0


class Norm2(Op):
    """y = sqrt(sum(x * x, dims));  dx = dy * x / y  (0 where y == 0, as PyTorch)"""

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        axes = _axes(dim, x.ndim)
        ctx.in_shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        y = D.sqrt(_as_array((x * x).sum(axis=axes, keepdims=keepdim)))
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        safe = D.where(D.raw(y) == 0, 1.0, y)  # x is 0 there, so the gradient is 0
        return _expand_back(grad_output / safe, ctx.in_shape, ctx.axes, ctx.keepdim) * x


class Prod(Op):
    """y = prod(x, dims);  dx = dy * y / x  (zeros handled by products of the others)"""

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        axes = _axes(dim, x.ndim)
        ctx.in_shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
        ctx.save_for_backward(x)
        return R.prod(x, axis=axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        g = _expand_back(grad_output, ctx.in_shape, ctx.axes, ctx.keepdim)
        # product of all *other* elements of each lane: exclusive prefix * suffix products
        others = _prod_of_others(x, ctx.axes)
        return g * others


def _prod_of_others(x, axes):
    """For each element, the product of the other elements of its reduction lane."""
    from ..tensor import Tensor
    raw = x.data if isinstance(x, Tensor) else x
    from ...core.ndarray import _elements, _make
    nd = raw.ndim
    kept = [i for i in range(nd) if i not in axes]
    perm = kept + list(axes)
    moved = raw.transpose(perm)
    lane = 1
    for a in axes:
        lane *= raw.shape[a]
    data = _elements(moved)
    out = []
    for s in range(0, len(data), lane or 1):
        chunk = data[s:s + lane]
        prefix, acc = [], 1.0
        for v in chunk:
            prefix.append(acc)
            acc *= v
        suffix, acc = [0.0] * len(chunk), 1.0
        for i in range(len(chunk) - 1, -1, -1):
            suffix[i] = acc
            acc *= chunk[i]
        out.extend(p * q for p, q in zip(prefix, suffix))
    inverse = [perm.index(i) for i in range(nd)]
    result = _make([float(v) for v in out], moved.shape, raw.dtype).transpose(inverse).copy()
    if isinstance(x, Tensor):
        if x.requires_grad:  # second order: recompute with differentiable ops
            return _prod_of_others_graph(x, axes)
        return Tensor._wrap(result)
    return result


def _prod_of_others_graph(x, axes):
    """Differentiable (create_graph) product of the other lane elements, exact at
    zeros: exclusive prefix products times exclusive suffix products (cumprod)."""
    from ..shape_ops import cat
    from ..math_ops import cumprod
    from ..creation import ones
    nd = x.ndim
    if not axes:
        return x * 0.0 + 1.0
    kept = [i for i in range(nd) if i not in axes]
    perm = kept + list(axes)
    moved = x.permute(*perm)
    lane = 1
    for a in axes:
        lane *= x.shape[a]
    flat = moved.reshape(-1, lane)
    one = ones(flat.shape[0], 1)
    prefix = cat([one, cumprod(flat, 1)[:, :-1]], 1)
    suffix = cat([one, cumprod(flat.flip(1), 1)[:, :-1]], 1).flip(1)
    inverse = [perm.index(i) for i in range(nd)]
    return (prefix * suffix).reshape(tuple(moved.shape)).permute(*inverse)


def _extreme(ctx, x, dim, keepdim, name, reduce):
    """Forward of amax/amin: the extreme over `dim`, saving each element's share of
    the gradient (ties split it evenly, as PyTorch's amax/amin)."""
    axes = _axes(dim, x.ndim)
    ctx.in_shape, ctx.axes, ctx.keepdim = x.shape, axes, keepdim
    kept = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    if x.size == 0:
        if dim is None:
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the "
                               "'dim' argument.")
        if any(x.shape[a] == 0 for a in axes):
            raise IndexError(f"{name}(): Expected reduction dim {axes[0]} to have "
                             "non-zero size.")
        ctx.save_for_backward(x * 0.0)
        empty = _make([], _keep_shape(x.shape, axes), x.dtype)
        return empty if keepdim else empty.reshape(kept)
    y = _as_array(reduce(x, axis=axes, keepdims=True))
    mask = (x == y) * 1.0
    ctx.save_for_backward(mask / _as_array(mask.sum(axis=axes, keepdims=True)))
    return y if keepdim else y.reshape(kept)


def _extreme_backward(ctx, grad_output):
    (share,) = ctx.saved_tensors
    return _expand_back(grad_output, ctx.in_shape, ctx.axes, ctx.keepdim) * share


class Amax(Op):
    """y = max(x, dims);  dx = dy * [x == y] / count(x == y)  (ties share evenly)"""

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        return _extreme(ctx, x, dim, keepdim, "max", R.max)

    backward = staticmethod(_extreme_backward)


class Amin(Op):
    """y = min(x, dims);  dx = dy * [x == y] / count(x == y)  (ties share evenly)"""

    @staticmethod
    def forward(ctx, x, dim=None, keepdim=False):
        return _extreme(ctx, x, dim, keepdim, "min", R.min)

    backward = staticmethod(_extreme_backward)


class SelectAlong(Op):
    """y = x[..., idx, ...] picked along `dim` by an index array;  dx = scatter(dy)"""

    @staticmethod
    def forward(ctx, x, index, dim, keepdim):
        from ...core.indexing import take_along_axis
        idx = index.reshape(_keep_shape(x.shape, (dim,)))
        y = take_along_axis(x, idx, dim)
        ctx.in_shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        ctx.save_for_backward(idx)  # as PyTorch saves the indices
        return y if keepdim else y.reshape(index.shape)

    @staticmethod
    def backward(ctx, grad_output):
        from .shape import scatter_add_array
        index = D.raw(ctx.saved_tensors[0])
        g = grad_output if ctx.keepdim else D.reshape(grad_output, index.shape)
        return scatter_add_array(ctx.in_shape, ctx.dim, index, g)


class Cumsum(Op):
    """y = cumsum(x, dim);  dx = reverse-cumsum(dy)"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        return R.cumsum(x, axis=dim)

    @staticmethod
    def backward(ctx, grad_output):
        return _flip(_cumsum(_flip(grad_output, ctx.dim), ctx.dim), ctx.dim)


def _flip(x, dim):
    from ..tensor import Tensor
    if isinstance(x, Tensor):
        return x.flip(dim)
    from ...core.manipulation import flip
    return flip(x, dim)


def _cumsum(x, dim):
    from ..tensor import Tensor
    if isinstance(x, Tensor):
        return x.cumsum(dim)
    return R.cumsum(x, axis=dim)


def _shift_exp(x, dim):
    """exp(x - max(x, dim)) on an array, and the row sums (the stable softmax core)."""
    m = _as_array(R.max(x, axis=dim, keepdims=True))
    infinite = D.xp.isinf(m)
    if infinite.any():  # an all -inf row: shift by 0 so (-inf) - (-inf) gives no nan
        m = D.xp.where(infinite, 0.0, m)
    e = D.xp.exp(x - m)
    return m, e, e.sum(axis=dim, keepdims=True)


def _rows_softmax(x, dim, log):
    """Softmax (or log-softmax) of each row of a contiguous float array along its last
    axis, one short comprehension per row; None when the general path is needed
    (another axis, non-contiguous, or inf/nan in the data)."""
    if type(x) is not NDArray or x._flat is None or x._dtype is not F64 or \
            dim != x.ndim - 1 or not x._shape or not x._shape[-1]:
        return None
    flat, n = x._flat, x._shape[-1]
    exp, log_ = _math.exp, _math.log
    out = []
    for i in range(0, len(flat), n):
        row = flat[i:i + n]
        m = max(row)
        if m - m != 0:  # inf or nan somewhere (max hides nan): general path
            return None
        e = [exp(v - m) for v in row]
        total = sum(e)
        if log:
            shift = m + log_(total)
            out.extend([v - shift for v in row])
        else:
            out.extend([v / total for v in e])
    return _make(out, x._shape, F64)


class Softmax(Op):
    """y = exp(x - max) / sum(exp(x - max));  dx = y * (dy - sum(dy * y))"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        y = _rows_softmax(x, dim, False)
        if y is None:
            _, e, s = _shift_exp(x, dim)
            y = e / s
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return y * (grad_output - D.sum(grad_output * y, axis=ctx.dim, keepdims=True))


class LogSoftmax(Op):
    """y = x - log(sum(exp(x)));  dx = dy - exp(y) * sum(dy)"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        y = _rows_softmax(x, dim, True)
        if y is None:
            m, _, s = _shift_exp(x, dim)
            y = x - (m + D.xp.log(s))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        (y,) = ctx.saved_tensors
        return grad_output - D.exp(y) * D.sum(grad_output, axis=ctx.dim, keepdims=True)


def _last_axis_rows(x, dims) -> bool:
    """True for a contiguous float64 array normalised over its last axis only."""
    return type(x) is NDArray and x._flat is not None and x._dtype is F64 and \
        len(dims) == 1 and dims[0] == x.ndim - 1 and x._shape[-1] > 0


class RMSNormCore(Op):
    """y = x * r, r = 1/sqrt(mean(x**2, dims) + eps);  dx = r*dy - x * r**3 * mean(dy*x, dims)"""

    @staticmethod
    def forward(ctx, x, dims, eps):
        n = 1
        for d in dims:
            n *= x.shape[d]
        ctx.dims, ctx.eps, ctx.n = dims, eps, n
        ctx.save_for_backward(x)
        if _last_axis_rows(x, dims):  # one short loop per row, same float operations
            out, flat, sqrt = [], x._flat, _math.sqrt
            for i in range(0, len(flat), n):
                row = flat[i:i + n]
                r = 1.0 / sqrt(sum([v * v for v in row], 0.0) / n + eps)
                out.extend([v * r for v in row])
            return _make(out, x._shape, F64)
        return x * (1.0 / D.xp.sqrt(R.mean(x * x, axis=dims, keepdims=True) + eps))

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        dims, n = ctx.dims, ctx.n
        if _last_axis_rows(x, dims) and type(grad_output) is NDArray and \
                grad_output._flat is not None and grad_output._shape == x._shape:
            out, xf, gf, sqrt, eps = [], x._flat, grad_output._flat, _math.sqrt, ctx.eps
            for i in range(0, len(xf), n):
                row, g = xf[i:i + n], gf[i:i + n]
                r = 1.0 / sqrt(sum([v * v for v in row], 0.0) / n + eps)
                r3 = r * r * r
                mean_gx = sum([a * b for a, b in zip(g, row)], 0.0) / n
                out.extend([r * b - v * r3 * mean_gx for b, v in zip(g, row)])  # as below
            return _make(out, x._shape, F64)
        # r is recomputed from x (not saved) so that the formula differentiates again
        r = 1.0 / D.sqrt(D.sum(x * x, axis=dims, keepdims=True) / n + ctx.eps)
        return r * grad_output - x * (r * r * r) * (
            D.sum(grad_output * x, axis=dims, keepdims=True) / n)
