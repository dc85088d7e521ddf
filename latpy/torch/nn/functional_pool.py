"""Pooling: max_pool1d/2d, avg_pool1d/2d, adaptive_avg_pool1d/2d, and nearest
``interpolate``.

Pooling reads windows through the same plans as convolution
(``latpy/torch/functions/conv.py``), laid out one window per output element:
max pooling picks each window's first maximum (a gather; its backward scatters
to those positions), average pooling is ``Unfold`` then a sum over each window
and a division. 1-D pooling is 2-D pooling of a height-1 image.
"""

from __future__ import annotations

import math

from ...core.dtypes import F64, I64
from ...core.ndarray import _elements, _make
from ..functions.conv import MaxPool, Take, Unfold, max_windows, window_plan
from ..tensor import Tensor

__all__ = ["max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d",
           "adaptive_avg_pool2d", "interpolate"]

_wrap = Tensor._wrap


def _t(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def require_float(x, kernel):
    """PyTorch's error for a kernel without integer support.

    >>> import latpy.torch as torch
    >>> require_float(torch.tensor([1]), "im2col_out_cpu")
    Traceback (most recent call last):
    ...
    NotImplementedError: "im2col_out_cpu" not implemented for 'Long'
    """
    if not x.dtype.is_floating_point:
        name = {"torch.int64": "Long", "torch.bool": "Bool"}.get(str(x.dtype), str(x.dtype))
        raise NotImplementedError(f'"{kernel}" not implemented for \'{name}\'')


def _pair(value, name, op, n=2):
    if isinstance(value, int):
        return (value,) * n
    out = tuple(int(v) for v in value)
    if len(out) == 1:
        return out * n
    if len(out) != n:
        raise RuntimeError(f"{op}: {name} must either be a single int, or a tuple of {n} ints")
    return out


def _pool_out(size, k, s, p, d, ceil_mode):
    """PyTorch's pooling output length (``ceil_mode``: a last partial window, which
    must start inside the input or its left padding).

    >>> _pool_out(5, 2, 2, 0, 1, False), _pool_out(5, 2, 2, 0, 1, True)
    (2, 3)
    """
    out = (size + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _geometry(x, kernel_size, stride, padding, dilation, ceil_mode, op, dims):
    """Check a pooling call as PyTorch does; return the batched 4-D input, whether it
    was batched, and (kernel, stride, padding, dilation, out_hw) as 2-D pairs."""
    if x.dim() not in (dims + 1, dims + 2) or x.numel() == 0 and x.dim() == dims + 1:
        raise RuntimeError(f"{op}: Expected {dims + 1}D or {dims + 2}D (batch mode) tensor "
                           f"with optional 0 dim batch size for input, but got: "
                           f"{list(x.shape)}")
    batched = x.dim() == dims + 2
    x = x if batched else x.unsqueeze(0)
    if dims == 1:
        x = x.unsqueeze(2)
    kernel = _pair(kernel_size, "kernel_size", op, dims)
    stride = kernel if stride is None or stride == [] or stride == () else \
        _pair(stride, "stride", op, dims)
    padding = _pair(padding, "padding", op, dims)
    dilation = _pair(dilation, "dilation", op, dims)
    if dims == 1:
        kernel, stride, padding, dilation = ((1,) + kernel, (1,) + stride, (0,) + padding,
                                             (1,) + dilation)
    if min(kernel) <= 0:
        raise RuntimeError(f"{op}: kernel size should be greater than zero, but got "
                           f"kernel_size={kernel[2 - dims:]}")
    if min(stride) <= 0:
        raise RuntimeError(f"{op}: stride should be greater than zero, but got "
                           f"stride={stride[2 - dims:]}")
    if min(padding) < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {min(padding)}")
    if min(dilation) <= 0:
        raise RuntimeError(f"dilation should be greater than zero, but got dilation="
                           f"{dilation[2 - dims:]}")
    for k, p, d in zip(kernel, padding, dilation):
        if p > ((k - 1) * d + 1) // 2:
            raise RuntimeError(f"pad should be at most half of effective kernel size, but got "
                               f"pad={p}, kernel_size={k} and dilation={d}")
    n, c, h, w = x.shape
    out_hw = tuple(_pool_out(size, k, s, p, d, ceil_mode) for size, k, s, p, d in
                   zip((h, w), kernel, stride, padding, dilation))
    if min(out_hw) < 1:
        raise RuntimeError(f"Given input size: ({c}x{h}x{w}). Calculated output size: "
                           f"({c}x{out_hw[0]}x{out_hw[1]}). Output size is too small")
    return x, batched, (kernel, stride, padding, dilation, out_hw)


def _finish(out, batched, dims):
    if dims == 1:
        out = out.squeeze(2)
    return out if batched else out.squeeze(0)


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, dims):
    op = f"max_pool{dims}d"
    x, batched, (kernel, stride, padding, dilation, out_hw) = _geometry(
        _t(input), kernel_size, stride, padding, dilation, ceil_mode, op, dims)
    n, c, h, w = x.shape
    plan = window_plan(c, (h, w), kernel, stride, padding, dilation, out_hw,
                       channels_first=True)
    values, positions = max_windows(_elements(x.data), n, plan)
    shape = (n, c) + out_hw
    # windows that cannot overlap give distinct positions: the backward can store, not add
    unique = all(s >= d * (k - 1) + 1 for k, s, d in zip(kernel, stride, dilation))
    out = MaxPool.apply(x, _make(values, shape, x.data.dtype), positions, unique)
    out = _finish(out, batched, dims)
    if not return_indices:
        return out
    plane = h * w
    indices = _wrap(_make([p % plane for p in positions], shape, I64))
    return out, _finish(indices, batched, dims)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """2-D max pooling of (N, C, H, W) or (C, H, W) input; padding counts as -inf.
    With `return_indices`, also the flat index (within each H*W plane) of each max.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.max_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2).tolist()
    [[[[5.0, 7.0], [13.0, 15.0]]]]
    """
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices, 2)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """1-D max pooling of (N, C, L) or (C, L) input.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.max_pool1d(torch.tensor([[[1.0, 3.0, 2.0, 0.0, 5.0]]]), 2, ceil_mode=True).tolist()
    [[[3.0, 2.0, 5.0]]]
    """
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode,
                     return_indices, 1)


def _divisors(in_hw, out_hw, kernel, stride, padding, count_include_pad, divisor_override):
    """What each output window's sum is divided by, as PyTorch's CPU kernel computes it."""
    if divisor_override:
        return [float(divisor_override)] * (out_hw[0] * out_hw[1])
    per_axis = []
    for size, n_out, k, s, p in zip(in_hw, out_hw, kernel, stride, padding):
        counts = []
        for o in range(n_out):
            start = o * s - p
            end = min(start + k, size + p)
            span = end - start  # the window clipped to the padded input
            valid = min(end, size) - max(start, 0)
            counts.append(span if count_include_pad else valid)
        per_axis.append(counts)
    return [float(a * b) for a in per_axis[0] for b in per_axis[1]]


def _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
              divisor_override, dims):
    op = f"avg_pool{dims}d"
    x = _t(input)
    require_float(x, op)
    x, batched, (kernel, stride, padding, _, out_hw) = _geometry(
        x, kernel_size, stride, padding, 1, ceil_mode, op, dims)
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    n, c, h, w = x.shape
    plan = window_plan(c, (h, w), kernel, stride, padding, (1, 1), out_hw, channels_first=True)
    sums = Unfold.apply(x, plan).sum(-1)  # (N, C, L)
    divisors = _divisors((h, w), out_hw, kernel, stride, padding, count_include_pad,
                         divisor_override)
    out = (sums / _wrap(_make(divisors, (len(divisors),), F64))).reshape((n, c) + out_hw)
    return _finish(out, batched, dims)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """2-D average pooling; `count_include_pad` counts zero padding in the divisor.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.avg_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2).tolist()
    [[[[2.5, 4.5], [10.5, 12.5]]]]
    """
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override, 2)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """1-D average pooling of (N, C, L) or (C, L) input.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.avg_pool1d(torch.tensor([[[1.0, 3.0, 2.0, 0.0]]]), 2).tolist()
    [[[2.0, 1.0]]]
    """
    return _avg_pool(input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     None, 1)


def _adaptive_matrix(n_in, n_out):
    """(n_out, n_in) averaging matrix of adaptive pooling: row i averages
    ``[floor(i*n_in/n_out), ceil((i+1)*n_in/n_out))``.

    >>> _adaptive_matrix(3, 2).tolist()
    [[0.5, 0.5, 0.0], [0.0, 0.5, 0.5]]
    """
    data = []
    for i in range(n_out):
        start, end = (i * n_in) // n_out, -(-(i + 1) * n_in // n_out)
        share = 1.0 / (end - start)
        data += [share if start <= j < end else 0.0 for j in range(n_in)]
    return _wrap(_make(data, (n_out, n_in), F64))


def _adaptive(input, output_size, dims):
    op = f"adaptive_avg_pool{dims}d"
    x = _t(input)
    if x.dim() not in (dims + 1, dims + 2):
        raise RuntimeError(f"{op}(): Expected {dims + 1}D or {dims + 2}D tensor, but got "
                           f"{list(x.shape)}")
    if isinstance(output_size, int) or output_size is None:
        output_size = (output_size,) * dims
    if len(output_size) != dims:
        raise RuntimeError(f"{op}: output_size must be {dims}")
    require_float(x, op)
    spatial = tuple(x.shape[-dims:])
    size = tuple(s if o is None else int(o) for o, s in zip(output_size, spatial))
    if all(o == 1 for o in size):  # global average pooling
        return x.mean(tuple(range(-dims, 0)), keepdim=True)
    out = x
    for axis, (n_in, n_out) in enumerate(zip(spatial, size)):
        if n_in == n_out:
            continue
        matrix = _adaptive_matrix(n_in, n_out)
        if axis == dims - 1:  # the last axis: x @ M^T
            out = out.matmul(matrix.t())
        else:  # the height of 2-D pooling: M @ x
            out = matrix.matmul(out)
    return out


def adaptive_avg_pool2d(input, output_size):
    """Average pooling to a fixed (oh, ow) output (None keeps that input size).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.adaptive_avg_pool2d(torch.arange(16.0).reshape(1, 1, 4, 4), 2).tolist()
    [[[[2.5, 4.5], [10.5, 12.5]]]]
    """
    return _adaptive(input, output_size, 2)


def adaptive_avg_pool1d(input, output_size):
    """Average pooling of (N, C, L) or (C, L) input to a fixed output length.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.adaptive_avg_pool1d(torch.tensor([[1.0, 2.0, 3.0, 4.0]]), 2).tolist()
    [[1.5, 3.5]]
    """
    return _adaptive(input, output_size, 1)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize (N, C, L) or (N, C, H, W) input; only ``mode='nearest'`` (a gather).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.interpolate(torch.tensor([[[1.0, 2.0]]]), scale_factor=2).tolist()
    [[[1.0, 1.0, 2.0, 2.0]]]
    """
    if mode != "nearest":
        raise NotImplementedError(f"interpolate: mode '{mode}' is not implemented in latpy "
                                  "(only 'nearest')")
    x = _t(input)
    dims = x.dim() - 2
    if dims not in (1, 2):
        raise NotImplementedError(f"interpolate: input of {x.dim()} dims is not supported "
                                  "(expected 3-D or 4-D)")
    require_float(x, f"upsample_nearest{dims}d")
    if (size is None) == (scale_factor is None):
        raise ValueError("only one of size or scale_factor should be defined")
    spatial = tuple(x.shape[2:])
    if size is not None:
        size = (size,) * dims if isinstance(size, int) else tuple(size)
        scales = [n_in / n_out for n_in, n_out in zip(spatial, size)]
    else:
        factors = (scale_factor,) * dims if isinstance(scale_factor, (int, float)) else \
            tuple(scale_factor)
        size = tuple(int(math.floor(n * f)) for n, f in zip(spatial, factors))
        scales = [1.0 / f if not recompute_scale_factor else n_in / n_out
                  for f, n_in, n_out in zip(factors, spatial, size)]
    # source index of each output index along each axis, as PyTorch's 'nearest'
    sources = [[min(int(math.floor(o * s)), n_in - 1) for o in range(n_out)]
               for s, n_in, n_out in zip(scales, spatial, size)]
    if dims == 1:
        sources = [[0]] + sources
        spatial = (1,) + spatial
    plane = spatial[0] * spatial[1]
    within = [r * spatial[1] + c for r in sources[0] for c in sources[1]]
    n_planes = x.shape[0] * x.shape[1]
    positions = [p + base for base in range(0, n_planes * plane, plane) for p in within]
    return Take.apply(x, positions, tuple(x.shape[:2]) + tuple(size))
