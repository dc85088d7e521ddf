"""Unfold and Fold modules: im2col and its adjoint, as ``torch.nn.Unfold``/``Fold``."""

from __future__ import annotations

from .module import Module

__all__ = ["Unfold", "Fold"]


class Unfold(Module):
    """Extract sliding local blocks: (N, C, H, W) -> (N, C*kh*kw, L).

    >>> import latpy.torch as torch
    >>> torch.nn.Unfold(kernel_size=2)(torch.zeros(1, 3, 4, 4)).shape
    torch.Size([1, 12, 9])
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.kernel_size, self.dilation = kernel_size, dilation
        self.padding, self.stride = padding, stride

    def forward(self, input):
        from .functional import unfold
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self):
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Module):
    """Combine sliding local blocks into an image (sums overlaps): the adjoint of Unfold.

    >>> import latpy.torch as torch
    >>> torch.nn.Fold(output_size=(4, 4), kernel_size=2)(torch.ones(1, 12, 9)).shape
    torch.Size([1, 3, 4, 4])
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input):
        from .functional import fold
        return fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                    self.stride)

    def extra_repr(self):
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
                f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}")
