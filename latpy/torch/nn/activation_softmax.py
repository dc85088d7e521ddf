"""Activations along a dimension as Modules: ``Softmax``, ``LogSoftmax``, ``Softmin``,
``Softmax2d`` and ``GLU``. Each stores `dim`, calls the functional form in
``forward`` and prints PyTorch's ``extra_repr``. Re-exported from
:mod:`latpy.torch.nn.activation_modules` and ``latpy.torch.nn``."""

from __future__ import annotations

from . import functional_norm as F
from .module import Module

__all__ = ["Softmax", "LogSoftmax", "Softmin", "Softmax2d", "GLU"]


class _DimModule(Module):
    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return self._function(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmax(_DimModule):
    """exp(x) / sum(exp(x)) along `dim`.

    >>> import latpy.torch as torch
    >>> torch.nn.Softmax(dim=1)(torch.zeros(1, 2)).tolist(), torch.nn.Softmax(dim=1)
    ([[0.5, 0.5]], Softmax(dim=1))
    """
    _function = staticmethod(F.softmax)


class LogSoftmax(_DimModule):
    """log(softmax(x)) along `dim`.

    >>> import latpy.torch as torch
    >>> round(torch.nn.LogSoftmax(dim=0)(torch.zeros(2))[0].item(), 6)
    -0.693147
    """
    _function = staticmethod(F.log_softmax)


class Softmin(_DimModule):
    """softmax(-x) along `dim`.

    >>> import latpy.torch as torch
    >>> torch.nn.Softmin(dim=0)(torch.zeros(2)).tolist()
    [0.5, 0.5]
    """
    _function = staticmethod(F.softmin)


class Softmax2d(Module):
    """Softmax over the channels (dim -3) of (N, C, H, W) or (C, H, W) input.

    >>> import latpy.torch as torch
    >>> torch.nn.Softmax2d()(torch.zeros(1, 2, 1, 1)).reshape(-1).tolist()
    [0.5, 0.5]
    """

    def forward(self, input):
        if input.dim() not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.dim()}D "
                             "instead")
        return F.softmax(input, -3, _stacklevel=5)


class GLU(Module):
    """a * sigmoid(b) for the halves a, b of the input along `dim`.

    >>> import latpy.torch as torch
    >>> torch.nn.GLU()(torch.tensor([[3.0, 0.0]])).tolist()
    [[1.5]]
    """

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"
