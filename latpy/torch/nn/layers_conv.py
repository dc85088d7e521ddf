"""Convolution and pooling modules: Conv1d, Conv2d, ConvTranspose2d, MaxPool1d/2d,
AvgPool1d/2d, AdaptiveAvgPool1d/2d, Upsample, and latpy's ResidualBlock.

Parameter names, shapes, default initialisation, attributes and reprs are
PyTorch's, so ``state_dict()`` keys match and weights copy across. The work is
done by the functions in ``functional_layers.py`` / ``functional_pool.py``.
"""

from __future__ import annotations

import math

from ..creation import empty
from . import functional_layers as FL
from . import init
from .module import Module, Parameter

__all__ = ["Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool1d", "MaxPool2d", "AvgPool1d",
           "AvgPool2d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "Upsample", "ResidualBlock"]

_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _tuple(value, n):
    return (value,) * n if isinstance(value, int) else tuple(value)


class _ConvNd(Module):
    """What Conv1d, Conv2d and ConvTranspose2d share: checks, parameters, init, repr."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation,
                 transposed, output_padding, groups, bias, padding_mode, dims):
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 "{'valid', 'same'}")
            if padding == "same" and any(s != 1 for s in _tuple(stride, dims)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"padding_mode must be one of {set(_PADDING_MODES)}, but got "
                             f"padding_mode='{padding_mode}'")
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = _tuple(kernel_size, dims)
        self.stride = _tuple(stride, dims)
        self.padding = padding if isinstance(padding, str) else _tuple(padding, dims)
        self.dilation = _tuple(dilation, dims)
        self.transposed = transposed
        self.output_padding = _tuple(output_padding, dims)
        self.groups = groups
        self.padding_mode = padding_mode
        pads = FL.conv_padding(self.padding, self.kernel_size, (1,) * dims, self.dilation)
        self._reversed_padding_repeated_twice = [p for pair in reversed(pads) for p in pair]
        shape = (in_channels, out_channels // groups) if transposed else \
            (out_channels, in_channels // groups)
        self.weight = Parameter(empty(*shape, *self.kernel_size))
        if bias:
            self.bias = Parameter(empty(out_channels))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self):
        """kaiming_uniform_(a=sqrt(5)) weights, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def _pads(self):
        """``(before, after)`` padding pairs per spatial dim, as the forward uses them."""
        dims = len(self.kernel_size)
        return FL.conv_padding(self.padding, self.kernel_size, (1,) * dims, self.dilation)

    def extra_repr(self):
        s = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
             f"stride={self.stride}")
        if self.padding != (0,) * len(self.kernel_size):
            s += f", padding={self.padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class Conv2d(_ConvNd):
    """2-D convolution over (N, C_in, H, W) input; weight (C_out, C_in/groups, kh, kw).

    `padding` is an int, a pair, 'valid' or 'same'; `padding_mode` one of 'zeros',
    'reflect', 'replicate', 'circular'.

    >>> import latpy.torch as torch
    >>> conv = torch.nn.Conv2d(3, 8, 3, padding=1)
    >>> conv(torch.ones(2, 3, 6, 6)).shape, tuple(conv.weight.shape)
    (torch.Size([2, 8, 6, 6]), (8, 3, 3, 3))
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 dilation=1, groups=1, bias=True, padding_mode="zeros", device=None,
                 dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         False, 0, groups, bias, padding_mode, 2)

    def forward(self, input):
        if self.padding_mode == "zeros":
            return FL.conv2d(input, self.weight, self.bias, self.stride, self.padding,
                             self.dilation, self.groups)
        x, batched = FL._batched(FL._t(input), 2, "conv2d")
        FL._check_weight(tuple(x.shape), tuple(self.weight.shape), self.bias, self.groups)
        FL._check_float(x, self.weight, "conv2d")
        out = FL.conv2d_nchw(x, self.weight, self.bias, self.stride, self._pads(),
                             self.dilation, self.groups, self.padding_mode)
        return out if batched else out.squeeze(0)


class Conv1d(_ConvNd):
    """1-D convolution over (N, C_in, L) input; weight (C_out, C_in/groups, k).

    >>> import latpy.torch as torch
    >>> torch.nn.Conv1d(4, 2, 3, padding="same")(torch.ones(5, 4, 10)).shape
    torch.Size([5, 2, 10])
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 dilation=1, groups=1, bias=True, padding_mode="zeros", device=None,
                 dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         False, 0, groups, bias, padding_mode, 1)

    def forward(self, input):
        if self.padding_mode == "zeros":
            return FL.conv1d(input, self.weight, self.bias, self.stride, self.padding,
                             self.dilation, self.groups)
        x, batched = FL._batched(FL._t(input), 1, "conv1d")
        FL._check_weight(tuple(x.shape), tuple(self.weight.shape), self.bias, self.groups)
        FL._check_float(x, self.weight, "conv1d")
        out = FL.conv2d_nchw(x.unsqueeze(2), self.weight.unsqueeze(2), self.bias,
                             (1,) + self.stride, ((0, 0),) + self._pads(),
                             (1,) + self.dilation, self.groups, self.padding_mode, dims=1)
        out = out.squeeze(2)
        return out if batched else out.squeeze(0)


class ConvTranspose2d(_ConvNd):
    """Transposed 2-D convolution; weight (C_in, C_out/groups, kh, kw). ``forward``
    takes an optional `output_size` that picks the output padding, as PyTorch's.

    >>> import latpy.torch as torch
    >>> up = torch.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1)
    >>> up(torch.ones(1, 4, 5, 5)).shape
    torch.Size([1, 2, 10, 10])
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 output_padding=0, groups=1, bias=True, dilation=1, padding_mode="zeros",
                 device=None, dtype=None):
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         True, output_padding, groups, bias, padding_mode, 2)

    def _output_padding(self, input, output_size):
        if output_size is None:
            return self.output_padding
        dims = 2
        non_spatial = 2 if input.dim() == dims + 2 else 1
        output_size = tuple(output_size)
        if len(output_size) == non_spatial + dims:
            output_size = output_size[non_spatial:]
        if len(output_size) != dims:
            raise ValueError(f"ConvTranspose{dims}D: for {input.dim()}D input, output_size "
                             f"must have {dims} or {non_spatial + dims} elements (got "
                             f"{len(output_size)})")
        low = [(input.shape[d + non_spatial] - 1) * self.stride[d] - 2 * self.padding[d]
               + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(dims)]
        high = [lo + s - 1 for lo, s in zip(low, self.stride)]
        for size, lo, hi in zip(output_size, low, high):
            if size < lo or size > hi:
                raise ValueError(f"requested an output size of {output_size}, but valid sizes "
                                 f"range from {low} to {high} (for an input of "
                                 f"{input.shape[non_spatial:]})")
        return tuple(size - lo for size, lo in zip(output_size, low))

    def forward(self, input, output_size=None):
        input = FL._t(input)
        output_padding = self._output_padding(input, output_size)
        return FL.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                   output_padding, self.groups, self.dilation)


class _MaxPoolNd(Module):
    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
                 ceil_mode=False):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.dilation = padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"
                f", dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool2d(_MaxPoolNd):
    """2-D max pooling (`stride` defaults to `kernel_size`).

    >>> import latpy.torch as torch
    >>> torch.nn.MaxPool2d(2)(torch.arange(16.0).reshape(1, 1, 4, 4)).tolist()
    [[[[5.0, 7.0], [13.0, 15.0]]]]
    """

    def forward(self, input):
        return FL.max_pool2d(input, self.kernel_size, self.stride, self.padding,
                             self.dilation, self.ceil_mode, self.return_indices)


class MaxPool1d(_MaxPoolNd):
    """1-D max pooling (`stride` defaults to `kernel_size`).

    >>> import latpy.torch as torch
    >>> torch.nn.MaxPool1d(2)(torch.tensor([[[1.0, 4.0, 2.0, 3.0]]])).tolist()
    [[[4.0, 3.0]]]
    """

    def forward(self, input):
        return FL.max_pool1d(input, self.kernel_size, self.stride, self.padding,
                             self.dilation, self.ceil_mode, self.return_indices)


class AvgPool2d(Module):
    """2-D average pooling (`stride` defaults to `kernel_size`).

    >>> import latpy.torch as torch
    >>> torch.nn.AvgPool2d(2)(torch.arange(16.0).reshape(1, 1, 4, 4)).tolist()
    [[[[2.5, 4.5], [10.5, 12.5]]]]
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True, divisor_override=None):
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding, self.ceil_mode = padding, ceil_mode
        self.count_include_pad, self.divisor_override = count_include_pad, divisor_override

    def forward(self, input):
        return FL.avg_pool2d(input, self.kernel_size, self.stride, self.padding,
                             self.ceil_mode, self.count_include_pad, self.divisor_override)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool1d(Module):
    """1-D average pooling (`stride` defaults to `kernel_size`).

    >>> import latpy.torch as torch
    >>> torch.nn.AvgPool1d(2)(torch.tensor([[[1.0, 3.0, 2.0, 0.0]]])).tolist()
    [[[2.0, 1.0]]]
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False,
                 count_include_pad=True):
        super().__init__()
        self.kernel_size = _tuple(kernel_size, 1)
        self.stride = _tuple(stride if stride is not None else kernel_size, 1)
        self.padding = _tuple(padding, 1)
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, input):
        return FL.avg_pool1d(input, self.kernel_size, self.stride, self.padding,
                             self.ceil_mode, self.count_include_pad)

    def extra_repr(self):
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Average pooling to a fixed output size (an int, or a pair with None = keep).

    >>> import latpy.torch as torch
    >>> torch.nn.AdaptiveAvgPool2d((1, 1))(torch.ones(2, 3, 5, 7)).shape
    torch.Size([2, 3, 1, 1])
    """

    def __init__(self, output_size):
        super().__init__()
        self.output_size = output_size

    def forward(self, input):
        return FL.adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self):
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(AdaptiveAvgPool2d):
    """Average pooling of (N, C, L) input to a fixed output length.

    >>> import latpy.torch as torch
    >>> torch.nn.AdaptiveAvgPool1d(2)(torch.ones(2, 3, 5)).shape
    torch.Size([2, 3, 2])
    """

    def forward(self, input):
        return FL.adaptive_avg_pool1d(input, self.output_size)


class Upsample(Module):
    """Upsampling by `scale_factor` or to `size`; only ``mode='nearest'`` in latpy.

    >>> import latpy.torch as torch
    >>> torch.nn.Upsample(scale_factor=2)(torch.ones(1, 1, 2, 3)).shape
    torch.Size([1, 1, 4, 6])
    """

    def __init__(self, size=None, scale_factor=None, mode="nearest", align_corners=None,
                 recompute_scale_factor=None):
        super().__init__()
        self.size, self.mode = size, mode
        self.scale_factor = float(scale_factor) if isinstance(scale_factor, (int, float)) \
            else (tuple(float(f) for f in scale_factor) if scale_factor else None)
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input):
        return FL.interpolate(input, self.size, self.scale_factor, self.mode,
                              self.align_corners, self.recompute_scale_factor)

    def extra_repr(self):
        if self.scale_factor is not None:
            return f"scale_factor={self.scale_factor!r}, mode={self.mode!r}"
        return f"size={self.size!r}, mode={self.mode!r}"


class ResidualBlock(Module):
    """latpy's residual block (from the project's seed documents, not a PyTorch class):
    two 3x3 convolutions with padding 1 and a skip connection,
    ``relu(x + conv2(relu(conv1(x))))``; the shape is kept.

    >>> import latpy.torch as torch
    >>> block = torch.nn.ResidualBlock(4)
    >>> block(torch.ones(2, 4, 5, 5)).shape, list(block.state_dict())
    (torch.Size([2, 4, 5, 5]), ['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias'])
    """

    def __init__(self, channels):
        super().__init__()
        self.channels = channels
        self.conv1 = Conv2d(channels, channels, 3, padding=1)
        self.conv2 = Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return (x + self.conv2(self.conv1(x).relu())).relu()
