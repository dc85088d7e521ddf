"""Shape and indexing ops on Tensors: reshape/view, permute, transpose, squeeze,
unsqueeze, flatten, unflatten, expand, repeat, movedim, flip, roll, cat, stack,
split, chunk, unbind, getitem/setitem."""

from __future__ import annotations

from ..core.ndarray import NDArray
from .functions import shape as S
from .tensor import Tensor, _dim

_wrap = Tensor._wrap


def _t(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def _sizes(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        return tuple(args[0])
    if len(args) == 1 and hasattr(args[0], "__iter__") and not isinstance(args[0], Tensor):
        return tuple(args[0])
    return tuple(int(a) for a in args)


def reshape(input, *shape):
    """The same elements in a new shape (one dim may be -1).

    >>> import latpy.torch as torch
    >>> torch.reshape(torch.arange(6), (2, 3)).shape
    torch.Size([2, 3])
    """
    x = _t(input)
    shape = _sizes(shape)
    try:
        from ..core.ndarray import _resolve_reshape
        target = _resolve_reshape(shape, x.data.size, tuple(x.shape))
    except ValueError:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size "
                           f"{x.data.size}") from None
    if target == tuple(x.data.shape):
        return x if not x.requires_grad else S.Reshape.apply(x, target)
    return S.Reshape.apply(x, target)


def view(input, *shape):
    """Like :func:`reshape`, but (as PyTorch) raises if the data would need a copy.

    >>> import latpy.torch as torch
    >>> torch.arange(6).view(3, -1).shape
    torch.Size([3, 2])
    """
    if len(shape) == 1 and not isinstance(shape[0], (int, tuple, list)) and \
            hasattr(shape[0], "core"):
        return input.type(shape[0])
    out = reshape(input, *shape)
    if not input.is_contiguous():  # as PyTorch: a view must not need a copy
        from ..core.manipulation import reshape as array_reshape
        try:
            array_reshape(input.data, tuple(out.shape), copy=False)
        except ValueError:
            raise RuntimeError("view size is not compatible with input tensor's size and "
                               "stride (at least one dimension spans across two contiguous "
                               "subspaces). Use .reshape(...) instead.") from None
    return out


def permute(input, *dims):
    """Reorder the dimensions.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3, 4).permute(2, 0, 1).shape
    torch.Size([4, 2, 3])
    """
    x = _t(input)
    dims = _sizes(dims)
    nd = x.ndim
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {nd} is not equal to len(dims) = {len(dims)}")
    dims = tuple(_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return S.Permute.apply(x, dims)


def transpose(input, dim0, dim1):
    """Swap two dimensions.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3).transpose(0, 1).shape
    torch.Size([3, 2])
    """
    x = _t(input)
    nd = x.ndim
    if nd == 0:
        return x
    d0, d1 = _dim(dim0, nd), _dim(dim1, nd)
    dims = list(range(nd))
    dims[d0], dims[d1] = dims[d1], dims[d0]
    return S.Permute.apply(x, tuple(dims))


swapaxes = swapdims = transpose


def t(input):
    """Transpose a tensor of at most 2 dimensions.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3).t().shape
    torch.Size([3, 2])
    """
    x = _t(input)
    if x.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.ndim}D")
    return transpose(x, 0, 1) if x.ndim == 2 else x


def squeeze(input, dim=None):
    """Remove size-1 dimensions (all, or `dim`; a non-1 dim is left alone as PyTorch).

    >>> import latpy.torch as torch
    >>> torch.zeros(1, 3, 1).squeeze().shape
    torch.Size([3])
    """
    x = _t(input)
    shape = tuple(x.shape)
    if dim is None:
        new = tuple(d for d in shape if d != 1)
    else:
        dims = dim if isinstance(dim, (tuple, list)) else (dim,)
        dims = {_dim(d, len(shape)) for d in dims} if shape else set()
        new = tuple(d for i, d in enumerate(shape) if not (i in dims and d == 1))
    return reshape(x, new) if new != shape else x


def unsqueeze(input, dim):
    """Insert a size-1 dimension at `dim`.

    >>> import latpy.torch as torch
    >>> torch.zeros(3).unsqueeze(0).shape
    torch.Size([1, 3])
    """
    x = _t(input)
    shape = list(x.shape)
    nd = len(shape) + 1
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, "
                         f"{nd - 1}], but got {dim})")
    d = dim + nd if dim < 0 else dim
    shape.insert(d, 1)
    return reshape(x, tuple(shape))


def flatten(input, start_dim=0, end_dim=-1):
    """Merge dims `start_dim`..`end_dim` into one.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3, 4).flatten(1).shape
    torch.Size([2, 12])
    """
    x = _t(input)
    shape = tuple(x.shape)
    if not shape:
        return reshape(x, (1,))
    s, e = _dim(start_dim, len(shape)), _dim(end_dim, len(shape))
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return reshape(x, shape[:s] + (n,) + shape[e + 1:])


def ravel(input):
    """The elements as a 1-D tensor (C order).

    >>> import latpy.torch as torch
    >>> torch.ravel(torch.zeros(2, 3)).shape
    torch.Size([6])
    """
    return reshape(input, -1)


def unflatten(input, dim, sizes):
    """Split dimension `dim` into `sizes`.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 12).unflatten(1, (3, 4)).shape
    torch.Size([2, 3, 4])
    """
    x = _t(input)
    shape = tuple(x.shape)
    d = _dim(dim, len(shape))
    return reshape(x, shape[:d] + tuple(sizes) + shape[d + 1:])


def expand(input, *sizes):
    """Broadcast to a larger shape (-1 keeps a dimension).

    >>> import latpy.torch as torch
    >>> torch.zeros(3, 1).expand(3, 4).shape
    torch.Size([3, 4])
    """
    x = _t(input)
    sizes = _sizes(sizes)
    shape = tuple(x.shape)
    lead = len(sizes) - len(shape)
    if lead < 0:
        raise RuntimeError(f"expand: the number of sizes provided ({len(sizes)}) must be greater "
                           f"or equal to the number of dimensions in the tensor ({len(shape)})")
    target = []
    for i, s in enumerate(sizes):
        if s == -1:
            if i < lead:
                raise RuntimeError("expand: -1 is not allowed in a leading, non-existing "
                                   "dimension")
            s = shape[i - lead]
        elif i >= lead and shape[i - lead] not in (1, s):
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({shape[i - lead]}) at non-singleton dimension {i}.  "
                               f"Target sizes: {list(sizes)}.  Tensor sizes: {list(shape)}")
        target.append(s)
    target = tuple(target)
    if target == shape:
        return x
    return S.Expand.apply(x, target)


def expand_as(input, other):
    """Expand to `other`'s shape.

    >>> import latpy.torch as torch
    >>> torch.zeros(1).expand_as(torch.zeros(3)).shape
    torch.Size([3])
    """
    return expand(input, *other.shape)


def broadcast_to(input, shape):
    """Expand to `shape` (same as :func:`expand`).

    >>> import latpy.torch as torch
    >>> torch.broadcast_to(torch.zeros(3), (2, 3)).shape
    torch.Size([2, 3])
    """
    return expand(input, *shape)


def repeat(input, *sizes):
    """Tile the tensor `sizes` times along each dim (composed of expand + reshape).

    >>> import latpy.torch as torch
    >>> torch.tensor([1, 2]).repeat(2).tolist()
    [1, 2, 1, 2]
    """
    x = _t(input)
    sizes = _sizes(sizes)
    shape = tuple(x.shape)
    if len(sizes) < len(shape):
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    shape = (1,) * (len(sizes) - len(shape)) + shape
    x = reshape(x, shape)
    inter, target, final = [], [], []
    for r, d in zip(sizes, shape):
        inter += [1, d]
        target += [r, d]
        final.append(r * d)
    return reshape(expand(reshape(x, tuple(inter)), *target), tuple(final))


def movedim(input, source, destination):
    """Move dims from `source` positions to `destination` positions.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3, 4).movedim(0, -1).shape
    torch.Size([3, 4, 2])
    """
    x = _t(input)
    nd = x.ndim
    src = source if isinstance(source, (tuple, list)) else (source,)
    dst = destination if isinstance(destination, (tuple, list)) else (destination,)
    src = [_dim(s, nd) for s in src]
    dst = [_dim(d, nd) for d in dst]
    order = [i for i in range(nd) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute(x, *order)


moveaxis = movedim


def flip(input, dims):
    """Reverse the order of elements along `dims`.

    >>> import latpy.torch as torch
    >>> torch.tensor([1, 2, 3]).flip(0).tolist()
    [3, 2, 1]
    """
    x = _t(input)
    dims = tuple(_dim(d, x.ndim) for d in (dims if isinstance(dims, (tuple, list)) else (dims,)))
    return S.Flip.apply(x, dims)


def roll(input, shifts, dims=None):
    """Shift elements circularly along `dims` (the flattened tensor when None).

    >>> import latpy.torch as torch
    >>> torch.tensor([1, 2, 3]).roll(1).tolist()
    [3, 1, 2]
    """
    x = _t(input)
    if isinstance(shifts, list):
        shifts = tuple(shifts)
    if isinstance(dims, list):
        dims = tuple(dims)
    n_shifts = len(shifts) if isinstance(shifts, tuple) else 1
    n_dims = 0 if dims is None else (len(dims) if isinstance(dims, tuple) else 1)
    if (n_dims or 1) != n_shifts:  # NumPy would broadcast them; PyTorch refuses
        raise RuntimeError(f"shifts and dimensions must align. shifts: {n_shifts}, "
                           f"dims:{n_dims}")
    if dims is not None:
        for d in (dims if isinstance(dims, tuple) else (dims,)):
            _dim(d, x.ndim)
    return S.Roll.apply(x, shifts, dims)


def cat(tensors, dim=0, out=None):
    """Concatenate tensors along an existing dimension.

    >>> import latpy.torch as torch
    >>> torch.cat([torch.zeros(2, 3), torch.ones(1, 3)]).shape
    torch.Size([3, 3])
    """
    ts = [_t(x) for x in tensors]
    if not ts:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    # PyTorch skips legacy empty 1-D tensors
    ts = [x for x in ts if not (x.ndim == 1 and x.data.size == 0)] or ts[:1]
    for number, x in enumerate(ts):
        if x.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {number}) cannot be "
                               "concatenated")
    d = _dim(dim, ts[0].ndim)
    for number, x in enumerate(ts[1:], 1):
        if x.ndim != ts[0].ndim:
            raise RuntimeError(f"Tensors must have same number of dimensions: got "
                               f"{ts[0].ndim} and {x.ndim}")
        for i, (p, q) in enumerate(zip(x.shape, ts[0].shape)):
            if i != d and p != q:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {q} but got size {p} for tensor number "
                                   f"{number} in the list.")
    return S.Cat.apply(d, *ts)


concat = concatenate = cat


def stack(tensors, dim=0, out=None):
    """Join tensors of equal shape along a new dimension.

    >>> import latpy.torch as torch
    >>> torch.stack([torch.zeros(3), torch.ones(3)], dim=1).shape
    torch.Size([3, 2])
    """
    ts = [_t(x) for x in tensors]
    if not ts:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tuple(ts[0].shape)
    for i, x in enumerate(ts):
        if tuple(x.shape) != shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(shape)} at entry 0 and {list(x.shape)} at entry {i}")
    nd = len(shape) + 1
    d = dim + nd if dim < 0 else dim
    return cat([unsqueeze(x, d) for x in ts], d)


def hstack(tensors):
    """Concatenate along dim 1 (dim 0 for 1-D tensors).

    >>> import latpy.torch as torch
    >>> torch.hstack([torch.zeros(2), torch.ones(2)]).shape
    torch.Size([4])
    """
    ts = [_t(x) for x in tensors]
    return cat(ts, 0 if ts[0].ndim == 1 else 1)


def vstack(tensors):
    """Concatenate along dim 0 (1-D tensors become rows).

    >>> import latpy.torch as torch
    >>> torch.vstack([torch.zeros(2), torch.ones(2)]).shape
    torch.Size([2, 2])
    """
    ts = [_t(x) for x in tensors]
    return cat([x.unsqueeze(0) if x.ndim == 1 else x for x in ts], 0)


def narrow(input, dim, start, length):
    """The slice ``start:start+length`` along `dim` (a view-like op).

    >>> import latpy.torch as torch
    >>> torch.arange(5).narrow(0, 1, 2).tolist()
    [1, 2]
    """
    x = _t(input)
    d = _dim(dim, x.ndim)
    key = (slice(None),) * d + (slice(start, start + length),)
    return x[key]


def split(tensor, split_size_or_sections, dim=0):
    """Split into chunks of a given size (or a list of sizes) along `dim`.

    >>> import latpy.torch as torch
    >>> [p.tolist() for p in torch.arange(5).split(2)]
    [[0, 1], [2, 3], [4]]
    """
    x = _t(tensor)
    d = _dim(dim, x.ndim)
    n = x.shape[d]
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        if size <= 0 and n:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {n}")
        sizes = [min(size, n - s) for s in range(0, n, size)] if n else [0]
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got "
                               f"split_sizes={sizes}")
    out, start = [], 0
    for s in sizes:
        out.append(narrow(x, d, start, s))
        start += s
    return tuple(out)


def chunk(input, chunks, dim=0):
    """Split into `chunks` nearly equal pieces along `dim`.

    >>> import latpy.torch as torch
    >>> [p.tolist() for p in torch.arange(5).chunk(2)]
    [[0, 1, 2], [3, 4]]
    """
    x = _t(input)
    n = x.shape[_dim(dim, x.ndim)]
    size = -(-n // chunks) if chunks > 0 else 0
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0")
    return split(x, size if size else 1, dim)


def tensor_split(input, indices_or_sections, dim=0):
    """Split like NumPy's array_split (sections) or at given indices.

    >>> import latpy.torch as torch
    >>> [p.tolist() for p in torch.arange(5).tensor_split(2)]
    [[0, 1, 2], [3, 4]]
    """
    x = _t(input)
    d = _dim(dim, x.ndim)
    n = x.shape[d]
    if isinstance(indices_or_sections, int):
        k = indices_or_sections
        base, extra = divmod(n, k)
        sizes = [base + 1] * extra + [base] * (k - extra)
    else:
        idx = [0] + [min(max(i, 0), n) for i in indices_or_sections] + [n]
        sizes = [max(b - a, 0) for a, b in zip(idx, idx[1:])]
    out, start = [], 0
    for s in sizes:
        out.append(narrow(x, d, start, s))
        start += s
    return tuple(out)


def unbind(input, dim=0):
    """The slices along `dim`, as a tuple of tensors without that dim.

    >>> import latpy.torch as torch
    >>> [p.tolist() for p in torch.tensor([[1, 2], [3, 4]]).unbind(1)]
    [[1, 3], [2, 4]]
    """
    x = _t(input)
    d = _dim(dim, x.ndim)
    return tuple(x[(slice(None),) * d + (i,)] for i in range(x.shape[d]))


def _convert_key(key):
    """A Tensor index (or Tensors inside a tuple) as arrays for NDArray indexing."""
    if isinstance(key, Tensor):
        return key.data
    if isinstance(key, tuple):
        return tuple(k.data if isinstance(k, Tensor) else k for k in key)
    if isinstance(key, list) and any(isinstance(k, Tensor) for k in key):
        return [k.item() if isinstance(k, Tensor) else k for k in key]
    return key


def getitem(self, key):
    """``tensor[key]``: basic and advanced indexing, differentiable."""
    k = _convert_key(key)
    if not self.requires_grad:
        out = self.data[k]
        return _wrap(out)
    return S.GetItem.apply(self, k)


def setitem(self, key, value):
    """``tensor[key] = value``: in place on tensors that don't track grad; on a
    non-leaf graph tensor the write is recorded (the tensor's node is replaced)."""
    k = _convert_key(key)
    v = value.data if isinstance(value, Tensor) else value
    from .grad_mode import is_grad_enabled
    tracking = is_grad_enabled() and (self.requires_grad or
                                      (isinstance(value, Tensor) and value.requires_grad))
    if not tracking:
        self.data[k] = v
        return
    if self.requires_grad and self.grad_fn is None:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation.")
    if self._view_of is not None:
        from .function import check_inplace_views
        check_inplace_views(self)
    old = _wrap(self.data)
    old.requires_grad, old.grad_fn, old._output_nr = self.requires_grad, self.grad_fn, \
        self._output_nr
    new = S.SetItem.apply(old, value if isinstance(value, Tensor) else Tensor(value), k)
    self.data, self.grad_fn, self.requires_grad, self._output_nr = new.data, new.grad_fn, \
        True, 0


_unused = NDArray
