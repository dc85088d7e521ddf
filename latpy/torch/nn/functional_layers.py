"""Convolutions and sliding windows: conv1d, conv2d, conv_transpose2d, unfold, fold
(and, from ``functional_pool.py``, the pooling functions).

A convolution is ``Unfold`` (im2col: every window's elements as one row, a
single gather) feeding **one matmul** with the weight as a matrix, then a
reshape: ``out[(n, l), o] = patches[(n, l), :] @ weight.reshape(O, -1)[o, :]``.
Gradients (and gradients of gradients) come from the matmul, the reshapes and
``Unfold``'s backward ``Fold`` (col2im) -- nothing here has a backward of its
own. ``conv1d`` is ``conv2d`` with a height of 1; ``conv_transpose2d`` is the
adjoint: one matmul, then ``Fold``. See ``latpy/torch/functions/conv.py``.
"""

from __future__ import annotations

from ..functions.conv import Fold, Unfold, window_plan
from ..tensor import Tensor
from .functional_pool import require_float

__all__ = ["conv1d", "conv2d", "conv_transpose2d", "unfold", "fold"]


def _t(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _ntuple(value, n, name, what="the convolution dimensions"):
    """`value` (an int or a sequence of 1 or n ints) as an n-tuple."""
    if isinstance(value, int):
        return (value,) * n
    out = tuple(int(v) for v in value)
    if len(out) == 1:
        return out * n
    if len(out) != n:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {n} "
                           f"values to match {what}, but got {name}={list(out)}")
    return out


def _batched(x, dims, name):
    """`x` with a batch dim (added for unbatched input) and whether it had one."""
    if x.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(f"Expected {dims + 1}D (unbatched) or {dims + 2}D (batched) input to "
                           f"{name}, but got input of size: {list(x.shape)}")
    return (x, True) if x.dim() == dims + 2 else (x.unsqueeze(0), False)


def _check_float(x, weight, name):
    for t in (x, weight):
        if not t.dtype.is_floating_point:
            raise RuntimeError(f"{name}: expected floating point input and weight, but got "
                               f"{x.dtype} and {weight.dtype}")


def _check_weight(x_shape, w_shape, bias, groups, transposed=False):
    """PyTorch's checks of input/weight/bias shapes, with its messages."""
    if len(w_shape) != len(x_shape):
        raise RuntimeError(f"Expected {len(w_shape)}-dimensional input for {len(w_shape)}-"
                           f"dimensional weight {list(w_shape)}, but got {len(x_shape)}-"
                           f"dimensional input of size {list(x_shape)} instead")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if w_shape[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{list(w_shape)}] instead")
    want = w_shape[0] if transposed else w_shape[1] * groups
    if x_shape[1] != want:
        given = "transposed=1" if transposed else f"groups={groups}"
        raise RuntimeError(f"Given {given}, weight of size {list(w_shape)}, expected input"
                           f"{list(x_shape)} to have {want} channels, but got {x_shape[1]} "
                           f"channels instead")
    out_channels = w_shape[1] * groups if transposed else w_shape[0]
    if bias is not None and tuple(bias.shape) != (out_channels,):
        raise RuntimeError(f"Given weight of size {list(w_shape)}, expected bias to be "
                           f"1-dimensional with {out_channels} elements, but got bias of size "
                           f"{list(bias.shape)} instead")


def _check_geometry(stride, padding, dilation):
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")


def conv_padding(padding, kernel, stride, dilation):
    """Padding as ``(before, after)`` pairs per spatial dim, from an int, a tuple,
    ``'valid'`` or ``'same'`` (extra padding goes after, as PyTorch's).

    >>> conv_padding("same", (4,), (1,), (1,))
    ((1, 2),)
    """
    n = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * n
        if padding != "same":
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        if any(s != 1 for s in stride):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        total = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return tuple((t // 2, t - t // 2) for t in total)
    return tuple((p, p) for p in _ntuple(padding, n, "padding"))


def _check_pad_mode(x_shape, pads, mode):
    """PyTorch's limits on 'reflect' (pad < size) and 'circular' (pad <= size) padding."""
    for axis, (before, after) in zip((2, 3), pads):
        size = x_shape[axis]
        if mode == "reflect" and max(before, after) >= size:
            raise RuntimeError(f"Argument #4: Padding size should be less than the "
                               f"corresponding input dimension, but got: padding ({before}, "
                               f"{after}) at dimension {axis} of input {list(x_shape)}")
        if mode == "circular" and max(before, after) > size:
            raise RuntimeError("Padding value causes wrapping around more than once.")


def conv2d_nchw(x, weight, bias, stride, pads, dilation, groups, mode="zeros", dims=2):
    """The convolution itself, on a batched 4-D `x`: Unfold, one matmul, reshape.

    `pads` is ``((top, bottom), (left, right))``; `mode` how padding is filled
    ('zeros', 'reflect', 'replicate', 'circular'). `dims` (1 or 2) only words errors.

    >>> import latpy.torch as torch
    >>> conv2d_nchw(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), None, (1, 1),
    ...             ((0, 0), (0, 0)), (1, 1), 1).tolist()
    [[[[4.0, 4.0], [4.0, 4.0]]]]
    """
    n, channels, height, width = x.shape
    out_channels, group_channels, kh, kw = weight.shape
    (top, bottom), (left, right) = pads
    padded = (height + top + bottom, width + left + right)
    dilated = (dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1)
    if padded[0] < dilated[0] or padded[1] < dilated[1]:
        show = (lambda t: f"({t[1]})") if dims == 1 else (lambda t: f"({t[0]} x {t[1]})")
        raise RuntimeError(f"Calculated padded input size per channel: {show(padded)}. Kernel "
                           f"size: {show(dilated)}. Kernel size can't be greater than actual "
                           "input size")
    if mode != "zeros":
        _check_pad_mode(tuple(x.shape), pads, mode)
    oh = (padded[0] - dilated[0]) // stride[0] + 1
    ow = (padded[1] - dilated[1]) // stride[1] + 1
    plan = window_plan(channels, (height, width), (kh, kw), stride, (top, left), dilation,
                       (oh, ow), mode)
    length, k = oh * ow, group_channels * kh * kw
    rows = Unfold.apply(x, plan).reshape(n * length, channels * kh * kw)
    if groups == 1:
        out = rows.matmul(weight.reshape(out_channels, k).t())
    else:  # one batched matmul over the groups: (g, N*L, k) @ (g, k, O/g)
        a = rows.reshape(n * length, groups, k).transpose(0, 1)
        b = weight.reshape(groups, out_channels // groups, k).transpose(1, 2)
        out = a.matmul(b).transpose(0, 1).reshape(n * length, out_channels)
    if bias is not None:
        out = out + bias
    return out.reshape(n, length, out_channels).transpose(1, 2).reshape(
        n, out_channels, oh, ow)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution (cross-correlation, as PyTorch's) of (N, C, H, W) or (C, H, W) input
    with a (O, C/groups, kh, kw) weight. `padding`: int, pair, 'valid' or 'same'.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.conv2d(torch.ones(1, 2, 5, 5), torch.ones(4, 2, 3, 3), padding=1).shape
    torch.Size([1, 4, 5, 5])
    """
    x, batched = _batched(_t(input), 2, "conv2d")
    weight = _t(weight)
    _check_weight(tuple(x.shape), tuple(weight.shape), bias, groups)
    _check_float(x, weight, "conv2d")
    kernel = tuple(weight.shape[2:])
    stride = _ntuple(stride, 2, "stride")
    dilation = _ntuple(dilation, 2, "dilation")
    pads = conv_padding(padding, kernel, stride, dilation)
    _check_geometry(stride, [p for pair in pads for p in pair], dilation)
    out = conv2d_nchw(x, weight, bias, stride, pads, dilation, groups)
    return out if batched else out.squeeze(0)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-D convolution of (N, C, L) or (C, L) input with a (O, C/groups, k) weight
    (conv2d on a height-1 image).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.conv1d(torch.ones(2, 3, 10), torch.ones(5, 3, 3), stride=2).shape
    torch.Size([2, 5, 4])
    """
    x, batched = _batched(_t(input), 1, "conv1d")
    weight = _t(weight)
    _check_weight(tuple(x.shape), tuple(weight.shape), bias, groups)
    _check_float(x, weight, "conv1d")
    stride = _ntuple(stride, 1, "stride")
    dilation = _ntuple(dilation, 1, "dilation")
    pads = conv_padding(padding, tuple(weight.shape[2:]), stride, dilation)
    _check_geometry(stride, pads[0], dilation)
    out = conv2d_nchw(x.unsqueeze(2), weight.unsqueeze(2), bias, (1,) + stride,
                      ((0, 0),) + pads, (1,) + dilation, groups, dims=1).squeeze(2)
    return out if batched else out.squeeze(0)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0,
                     groups=1, dilation=1):
    """Transposed 2-D convolution (the adjoint of conv2d) with a (C, O/groups, kh, kw)
    weight: one matmul making every input pixel's output window, then Fold (col2im).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.conv_transpose2d(torch.ones(1, 2, 4, 4), torch.ones(2, 3, 3, 3), stride=2).shape
    torch.Size([1, 3, 9, 9])
    """
    x, batched = _batched(_t(input), 2, "conv_transpose2d")
    weight = _t(weight)
    _check_weight(tuple(x.shape), tuple(weight.shape), bias, groups, transposed=True)
    _check_float(x, weight, "conv_transpose2d")
    stride = _ntuple(stride, 2, "stride")
    padding = _ntuple(padding, 2, "padding")
    output_padding = _ntuple(output_padding, 2, "output_padding")
    dilation = _ntuple(dilation, 2, "dilation")
    _check_geometry(stride, padding, dilation)
    if any(p >= s and p >= d for p, s, d in zip(output_padding, stride, dilation)):
        (ph, pw), (sh, sw), (dh, dw) = output_padding, stride, dilation
        raise RuntimeError(f"output padding must be smaller than either stride or dilation, "
                           f"but got output_padding_height: {ph} output_padding_width: {pw} "
                           f"stride_height: {sh} stride_width: {sw} dilation_height: {dh} "
                           f"dilation_width: {dw}")
    n, in_channels, height, width = x.shape
    _, group_out, kh, kw = weight.shape
    out_channels = group_out * groups
    size = [(i - 1) * s - 2 * p + d * (k - 1) + op + 1 for i, s, p, d, k, op in
            zip((height, width), stride, padding, dilation, (kh, kw), output_padding)]
    if size[0] <= 0 or size[1] <= 0:
        raise RuntimeError(f"Given input size per channel: ({height} x {width}). Calculated "
                           f"output size per channel: ({size[0]} x {size[1]}). Output size is "
                           "too small")
    plan = window_plan(out_channels, size, (kh, kw), stride, padding, dilation, (height, width))
    length, k = height * width, group_out * kh * kw
    rows = x.reshape(n, in_channels, length).transpose(1, 2).reshape(n * length, in_channels)
    if groups == 1:
        cols = rows.matmul(weight.reshape(in_channels, k))
    else:  # (g, N*L, C/g) @ (g, C/g, k) -> (N*L, g, k)
        a = rows.reshape(n * length, groups, in_channels // groups).transpose(0, 1)
        cols = a.matmul(weight.reshape(groups, in_channels // groups, k)).transpose(0, 1)
    out = Fold.apply(cols.reshape(n, length, out_channels * kh * kw), plan)
    if bias is not None:
        out = out + bias.reshape(1, out_channels, 1, 1)
    return out if batched else out.squeeze(0)


def _block_geometry(kernel_size, dilation, padding, stride):
    kernel = _ntuple(kernel_size, 2, "kernel_size", "the spatial dimensions")
    dilation = _ntuple(dilation, 2, "dilation", "the spatial dimensions")
    padding = _ntuple(padding, 2, "padding", "the spatial dimensions")
    stride = _ntuple(stride, 2, "stride", "the spatial dimensions")
    for name, values, low in (("kernel", kernel, 1), ("dilation", dilation, 1),
                              ("padding", padding, 0), ("stride", stride, 1)):
        if values[0] < low or values[1] < low:
            word = "non-negative" if low == 0 else "greater than zero"
            raise RuntimeError(f"{name} should be {word}, but got {name}_height: {values[0]} "
                               f"{name}_width: {values[1]}")
    return kernel, dilation, padding, stride


def _blocks(size, kernel, dilation, padding, stride):
    return [(s + 2 * p - d * (k - 1) - 1) // st + 1
            for s, k, d, p, st in zip(size, kernel, dilation, padding, stride)]


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """im2col: the sliding blocks of (N, C, H, W) input as columns, (N, C*kh*kw, L).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.unfold(torch.arange(16.0).reshape(1, 1, 4, 4), 2, stride=2)[0, :, 0].tolist()
    [0.0, 1.0, 4.0, 5.0]
    """
    x = _t(input)
    if x.dim() not in (3, 4):
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with possibly 0 batch size "
                           f"and other non-zero dimensions for input, but got: {list(x.shape)}")
    require_float(x, "im2col_out_cpu")
    x, batched = (x, True) if x.dim() == 4 else (x.unsqueeze(0), False)
    kernel, dilation, padding, stride = _block_geometry(kernel_size, dilation, padding, stride)
    n, channels, height, width = x.shape
    blocks = _blocks((height, width), kernel, dilation, padding, stride)
    if blocks[0] < 1 or blocks[1] < 1:
        raise RuntimeError(f"Given input with spatial size {(height, width)}, kernel_size="
                           f"{kernel}, dilation={dilation}, padding={padding}, calculated shape "
                           f"of the array of sliding blocks as {tuple(blocks)}, but its "
                           "components must be at least one.")
    plan = window_plan(channels, (height, width), kernel, stride, padding, dilation, blocks)
    out = Unfold.apply(x, plan).transpose(1, 2)
    return out if batched else out.squeeze(0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im, the adjoint of :func:`unfold`: (N, C*kh*kw, L) columns summed back into
    (N, C, *output_size) images (overlapping elements add up).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.fold(torch.ones(1, 4, 4), (3, 3), 2).tolist()[0][0]
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    """
    x = _t(input)
    if x.dim() not in (2, 3):
        raise RuntimeError(f"Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                           f"batch size and non-zero dimensions for input, but got: "
                           f"{list(x.shape)}")
    require_float(x, "col2im_out_cpu")
    x, batched = (x, True) if x.dim() == 3 else (x.unsqueeze(0), False)
    size = _ntuple(output_size, 2, "output_size", "the spatial dimensions")
    kernel, dilation, padding, stride = _block_geometry(kernel_size, dilation, padding, stride)
    n, rows, length = x.shape
    if rows % (kernel[0] * kernel[1]):
        raise RuntimeError(f"Expected size of input's dimension 1 to be divisible by the "
                           f"product of kernel_size, but got input.size(1)={rows} and "
                           f"kernel_size={kernel}.")
    blocks = _blocks(size, kernel, dilation, padding, stride)
    if blocks[0] * blocks[1] != length or blocks[0] < 1 or blocks[1] < 1:
        raise RuntimeError(f"Given output_size={size}, kernel_size={kernel}, dilation="
                           f"{dilation}, padding={padding}, stride={stride}, expected size of "
                           f"input's dimension 2 to match the calculated number of sliding "
                           f"blocks {blocks[0]} * {blocks[1]} = {blocks[0] * blocks[1]}, but "
                           f"got input.size(2)={length}.")
    plan = window_plan(rows // (kernel[0] * kernel[1]), size, kernel, stride, padding,
                       dilation, blocks)
    out = Fold.apply(x.transpose(1, 2), plan)
    return out if batched else out.squeeze(0)


from .functional_pool import *  # noqa: E402,F401,F403
from .functional_pool import __all__ as _pool_all  # noqa: E402

__all__ += _pool_all

from ..more_ops import pad  # noqa: E402,F401  (F.pad lives with the other indexing ops)

__all__.append("pad")
