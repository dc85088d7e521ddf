"""Movement primitives: reshape, permute, expand, flip, cat, getitem, cast.

Their backward only moves gradients back where the values came from.
"""

from __future__ import annotations

from ...core import manipulation as M
from ...core.creation import zeros
from ..function import Op
from . import dual as D


class Reshape(Op):
    """y = x.reshape(shape);  dx = dy.reshape(x.shape)"""

    _view_op = True  # its result may share storage with its input

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = x.shape
        return x.reshape(shape)

    @staticmethod
    def backward(ctx, grad_output):
        return D.reshape(grad_output, ctx.in_shape)


class Permute(Op):
    """y = x.permute(dims);  dx = dy.permute(inverse(dims))"""

    _view_op = True  # its result may share storage with its input

    @staticmethod
    def forward(ctx, x, dims):
        ctx.inverse = tuple(dims.index(i) for i in range(len(dims)))
        return x.transpose(dims)

    @staticmethod
    def backward(ctx, grad_output):
        return D.permute(grad_output, ctx.inverse)


class Expand(Op):
    """y = x broadcast to `shape`;  dx = dy summed back (done by the engine)"""

    _view_op = True  # its result may share storage with its input

    @staticmethod
    def forward(ctx, x, shape):
        return M.broadcast_to(x, shape)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


class Flip(Op):
    """y = flip(x, dims);  dx = flip(dy, dims)"""

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return M.flip(x, dims).copy()

    @staticmethod
    def backward(ctx, grad_output):
        if type(grad_output) is not type(D.raw(grad_output)):
            return grad_output.flip(ctx.dims)
        return M.flip(grad_output, ctx.dims).copy()


class Roll(Op):
    """y = roll(x, shifts, dims);  dx = roll(dy, -shifts, dims)"""

    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return M.roll(x, shifts, dims)

    @staticmethod
    def backward(ctx, grad_output):
        neg = tuple(-s for s in ctx.shifts) if isinstance(ctx.shifts, tuple) else -ctx.shifts
        if type(grad_output) is not type(D.raw(grad_output)):
            return grad_output.roll(neg, ctx.dims)
        return M.roll(grad_output, neg, ctx.dims)


class Cat(Op):
    """y = cat(xs, dim);  dx_i = the slice of dy that came from x_i"""

    @staticmethod
    def forward(ctx, dim, *xs):
        ctx.dim = dim
        ctx.sizes = [x.shape[dim] for x in xs]
        return M.concatenate(xs, axis=dim)

    @staticmethod
    def backward(ctx, grad_output):
        grads = [None]
        start = 0
        nd = len(grad_output.shape)
        for n in ctx.sizes:
            key = (slice(None),) * ctx.dim + (slice(start, start + n),) + \
                (slice(None),) * (nd - ctx.dim - 1)
            grads.append(grad_output[key])
            start += n
        return tuple(grads)


class GetItem(Op):
    """y = x[key];  dx = zeros with dy added at key (repeated indices accumulate)"""

    _view_op = True  # its result may share storage with its input

    @staticmethod
    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        index_arrays = _index_arrays(key)
        if index_arrays:  # advanced indexing saves its indices, as PyTorch does
            ctx.save_for_backward(*index_arrays)
        y = x[key]
        return y if hasattr(y, "shape") and not isinstance(y, float) else _asarray(y)

    @staticmethod
    def backward(ctx, grad_output):
        if ctx._saved is not None:
            ctx.saved_tensors  # raises after the indices were freed (no retain_graph)
        if type(grad_output) is not type(D.raw(grad_output)):
            return IndexAdd.apply(grad_output, ctx.in_shape, ctx.key)
        return index_add_array(ctx.in_shape, ctx.key, grad_output)


class Diagonal(GetItem):
    """y = the diagonal of x picked by an index key;  dx = zeros with dy at the key

    PyTorch's diagonal is a view: nothing is saved, so a second backward is allowed.
    """

    _view_op = False

    @staticmethod
    def forward(ctx, x, key):
        ctx.in_shape, ctx.key = x.shape, key
        return x[key]


class IndexAdd(Op):
    """y = zeros(shape) with x added at key;  dx = dy[key]"""

    @staticmethod
    def forward(ctx, x, shape, key):
        ctx.key = key
        index_arrays = _index_arrays(key)
        if index_arrays:  # saves its indices, as PyTorch's index_add
            ctx.save_for_backward(*index_arrays)
        return index_add_array(shape, key, x)

    @staticmethod
    def backward(ctx, grad_output):
        if ctx._saved is not None:
            ctx.saved_tensors  # raises after the indices were freed (no retain_graph)
        if type(grad_output) is not type(D.raw(grad_output)):
            return GetItem.apply(grad_output, ctx.key)
        return grad_output[ctx.key]


def _index_arrays(key):
    """The advanced (array, list, bool) parts of an index key."""
    parts = key if isinstance(key, tuple) else (key,)
    return tuple(k for k in parts
                 if k is not None and k is not Ellipsis and not isinstance(k, (int, slice))
                 or isinstance(k, bool))


class Clone(Op):
    """y = a copy of x;  dx = dy"""

    @staticmethod
    def forward(ctx, x):
        return x.copy()

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


def _asarray(v):
    from ...core.creation import asarray
    return asarray(v)


def index_add_array(shape, key, values):
    """``zeros(shape)`` with `values` added at `key` (``np.add.at`` semantics)."""
    from ...core.indexing import add_at
    out = zeros(shape, dtype=values.dtype if hasattr(values, "dtype") else None)
    add_at(out, key, values)
    return out


class Cast(Op):
    """y = x converted to another dtype;  dx = dy (float -> float only)"""

    @staticmethod
    def forward(ctx, x, core_dtype):
        return x.astype(core_dtype)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


def cast(t, dtype):
    """``t`` converted to `dtype` (a torch dtype, name or Python type)."""
    from ..dtypes import to_core
    core = to_core(dtype)
    if core is t.data.dtype:
        return t
    if core.kind != "f":
        return Cast.apply(t.detach(), core)
    return Cast.apply(t, core)


def scatter_add_array(shape, dim, index, values):
    """``zeros(shape)`` with `values` added along `dim` at `index` (same ndim as shape)."""
    from ...core.creation import arange
    key = []
    for d in range(len(shape)):
        if d == dim:
            key.append(index)
        else:
            view = [1] * len(shape)
            view[d] = index.shape[d]
            key.append(arange(index.shape[d]).reshape(view))
    if type(values) is not type(D.raw(values)):
        return IndexAdd.apply(values, tuple(shape), tuple(key))
    return index_add_array(tuple(shape), tuple(key), values)


class SetItem(Op):
    """y = x with y[key] = v;  dx = dy with zeros at key,  dv = dy[key]"""

    @staticmethod
    def forward(ctx, x, v, key):
        ctx.key = key
        index_arrays = _index_arrays(key)
        if index_arrays:  # saves its indices, as PyTorch's index_put
            ctx.save_for_backward(*index_arrays)
        y = x.copy()
        y[key] = v
        return y

    @staticmethod
    def backward(ctx, grad_output):
        if ctx._saved is not None:
            ctx.saved_tensors  # raises after the indices were freed (no retain_graph)
        key = ctx.key
        if type(grad_output) is not type(D.raw(grad_output)):
            from ...core.creation import ones
            keep = ones(tuple(grad_output.shape), dtype=bool)
            keep[key] = False  # where (not multiply): an inf/nan gradient must not leak
            return D.where(keep, grad_output, 0.0), GetItem.apply(grad_output, key)
        gx = grad_output.copy()
        gx[key] = 0.0
        return gx, _asarray(grad_output[key])  # an int key gives a scalar
