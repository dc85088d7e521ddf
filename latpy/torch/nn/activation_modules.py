"""Activation functions as Modules (``torch.nn.ReLU`` ...): each stores its arguments,
calls the functional form in ``forward`` and prints PyTorch's ``extra_repr``.

The elementwise ones are here; those along a dimension (``Softmax``, ``LogSoftmax``,
``Softmin``, ``Softmax2d``, ``GLU``) are in :mod:`latpy.torch.nn.activation_softmax`
and re-exported from here."""

from __future__ import annotations

import warnings

from ..creation import empty
from . import functional_norm as F
from . import init
from .module import Module, Parameter

__all__ = ["ReLU", "LeakyReLU", "ELU", "CELU", "SELU", "GELU", "SiLU", "Mish", "Sigmoid",
           "Tanh", "Softmax", "LogSoftmax", "Softmin", "Softmax2d", "Softplus", "Softsign",
           "Hardtanh", "ReLU6", "Hardsigmoid", "Hardswish", "LogSigmoid", "Threshold", "PReLU",
           "RReLU", "GLU", "Hardshrink", "Softshrink", "Tanhshrink"]


def _inplace_str(module, first=False):
    if not module.inplace:
        return ""
    return "inplace=True" if first else ", inplace=True"


class _Inplace(Module):
    """An activation whose only argument is `inplace`."""

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return self._function(input, inplace=self.inplace)

    def extra_repr(self):
        return _inplace_str(self, first=True)


class _Plain(Module):
    """An activation without arguments."""

    def forward(self, input):
        return self._function(input)


class ReLU(_Inplace):
    """max(x, 0).

    >>> import latpy.torch as torch
    >>> torch.nn.ReLU()(torch.tensor([-1.0, 2.0])).tolist(), torch.nn.ReLU(inplace=True)
    ([0.0, 2.0], ReLU(inplace=True))
    """
    _function = staticmethod(F.relu)


class SELU(_Inplace):
    """scale * elu(x, alpha) with the self-normalising constants.

    >>> import latpy.torch as torch
    >>> round(torch.nn.SELU()(torch.tensor([1.0])).item(), 6)
    1.050701
    """
    _function = staticmethod(F.selu)


class SiLU(_Inplace):
    """x * sigmoid(x).

    >>> import latpy.torch as torch
    >>> torch.nn.SiLU()(torch.tensor([0.0])).tolist()
    [0.0]
    """
    _function = staticmethod(F.silu)


class Mish(_Inplace):
    """x * tanh(softplus(x)).

    >>> import latpy.torch as torch
    >>> round(torch.nn.Mish()(torch.tensor([1.0])).item(), 6)
    0.865098
    """
    _function = staticmethod(F.mish)


class Hardsigmoid(_Inplace):
    """0 below -3, 1 above 3, x / 6 + 1/2 between.

    >>> import latpy.torch as torch
    >>> torch.nn.Hardsigmoid()(torch.tensor([-4.0, 0.0, 4.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    _function = staticmethod(F.hardsigmoid)

    def extra_repr(self):
        return ""


class Hardswish(_Inplace):
    """x * hardsigmoid(x).

    >>> import latpy.torch as torch
    >>> torch.nn.Hardswish()(torch.tensor([-4.0, 4.0])).tolist()
    [0.0, 4.0]
    """
    _function = staticmethod(F.hardswish)

    def extra_repr(self):
        return ""


class Sigmoid(_Plain):
    """1 / (1 + exp(-x)).

    >>> import latpy.torch as torch
    >>> torch.nn.Sigmoid()(torch.tensor([0.0])).tolist()
    [0.5]
    """
    _function = staticmethod(F.sigmoid)


class Tanh(_Plain):
    """tanh(x).

    >>> import latpy.torch as torch
    >>> torch.nn.Tanh()(torch.tensor([0.0])).tolist()
    [0.0]
    """
    _function = staticmethod(F.tanh)


class Softsign(_Plain):
    """x / (1 + |x|).

    >>> import latpy.torch as torch
    >>> torch.nn.Softsign()(torch.tensor([1.0])).tolist()
    [0.5]
    """
    _function = staticmethod(F.softsign)


class LogSigmoid(_Plain):
    """log(sigmoid(x)), stable for large |x|.

    >>> import latpy.torch as torch
    >>> torch.nn.LogSigmoid()(torch.tensor([-1000.0])).tolist()
    [-1000.0]
    """
    _function = staticmethod(F.logsigmoid)


class Tanhshrink(_Plain):
    """x - tanh(x).

    >>> import latpy.torch as torch
    >>> torch.nn.Tanhshrink()(torch.tensor([0.0])).tolist()
    [0.0]
    """
    _function = staticmethod(F.tanhshrink)


class LeakyReLU(Module):
    """x where x > 0, else negative_slope * x.

    >>> import latpy.torch as torch
    >>> torch.nn.LeakyReLU(0.1)(torch.tensor([-2.0, 3.0])).tolist(), torch.nn.LeakyReLU()
    ([-0.2, 3.0], LeakyReLU(negative_slope=0.01))
    """

    def __init__(self, negative_slope=1e-2, inplace=False):
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}{_inplace_str(self)}"


class ELU(Module):
    """x where x > 0, else alpha * (exp(x) - 1).

    >>> import latpy.torch as torch
    >>> torch.nn.ELU()
    ELU(alpha=1.0)
    """

    _function = staticmethod(F.elu)

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):
        return self._function(input, self.alpha, self.inplace)

    def extra_repr(self):
        return f"alpha={self.alpha}{_inplace_str(self)}"


class CELU(ELU):
    """x where x > 0, else alpha * (exp(x / alpha) - 1).

    >>> import latpy.torch as torch
    >>> round(torch.nn.CELU(2.0)(torch.tensor([-1.0])).item(), 6)
    -0.786939
    """

    _function = staticmethod(F.celu)


class GELU(Module):
    """x * Phi(x), or its tanh approximation (``approximate='tanh'``).

    >>> import latpy.torch as torch
    >>> torch.nn.GELU(approximate="tanh")
    GELU(approximate='tanh')
    """

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    """log(1 + exp(beta * x)) / beta; linear where beta * x > threshold.

    >>> import latpy.torch as torch
    >>> torch.nn.Softplus()
    Softplus(beta=1.0, threshold=20.0)
    """

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class Hardtanh(Module):
    """clamp(x, min_val, max_val).

    >>> import latpy.torch as torch
    >>> torch.nn.Hardtanh()(torch.tensor([-2.0, 0.5])).tolist(), torch.nn.Hardtanh()
    ([-1.0, 0.5], Hardtanh(min_val=-1.0, max_val=1.0))
    """

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None,
                 max_value=None):
        super().__init__()
        if min_value is not None:
            warnings.warn("keyword argument `min_value` is deprecated and renamed to "
                          "`min_val`", FutureWarning, stacklevel=2)
            min_val = min_value
        if max_value is not None:
            warnings.warn("keyword argument `max_value` is deprecated and renamed to "
                          "`max_val`", FutureWarning, stacklevel=2)
            max_val = max_value
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace
        if self.max_val <= self.min_val:
            raise AssertionError(f"max_val ({self.max_val}) must be greater than min_val "
                                 f"({self.min_val})")

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        return f"min_val={self.min_val}, max_val={self.max_val}{_inplace_str(self)}"


class ReLU6(Hardtanh):
    """min(max(x, 0), 6).

    >>> import latpy.torch as torch
    >>> torch.nn.ReLU6()(torch.tensor([-1.0, 9.0])).tolist(), torch.nn.ReLU6()
    ([0.0, 6.0], ReLU6())
    """

    def __init__(self, inplace=False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self):
        return _inplace_str(self, first=True)


class Threshold(Module):
    """x where x > threshold, else value.

    >>> import latpy.torch as torch
    >>> torch.nn.Threshold(1.0, -1.0)(torch.tensor([0.5, 2.0])).tolist()
    [-1.0, 2.0]
    """

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        return f"threshold={self.threshold}, value={self.value}{_inplace_str(self)}"


class PReLU(Module):
    """x where x > 0, else weight * x, with a learnable slope per channel (or one shared).

    >>> import latpy.torch as torch
    >>> m = torch.nn.PReLU(); m, m(torch.tensor([-4.0])).tolist()
    (PReLU(num_parameters=1), [-1.0])
    """

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        self.num_parameters = num_parameters
        super().__init__()
        self.init = init
        self.weight = Parameter(empty(num_parameters))
        self.reset_parameters()

    def reset_parameters(self):
        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """Leaky ReLU with a random slope ~ U(lower, upper) in training, the mean slope in eval.

    >>> import latpy.torch as torch
    >>> torch.nn.RReLU(0.25, 0.75).eval()(torch.tensor([-2.0])).tolist()
    [-1.0]
    """

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}{_inplace_str(self)}"


class _Shrink(Module):
    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def forward(self, input):
        return self._function(input, self.lambd)

    def extra_repr(self):
        return f"{self.lambd}"


class Hardshrink(_Shrink):
    """x where |x| > lambd, else 0.

    >>> import latpy.torch as torch
    >>> torch.nn.Hardshrink()(torch.tensor([0.3, -0.7])).tolist(), torch.nn.Hardshrink()
    ([0.0, -0.7], Hardshrink(0.5))
    """
    _function = staticmethod(F.hardshrink)


class Softshrink(_Shrink):
    """x - lambd above lambd, x + lambd below -lambd, else 0.

    >>> import latpy.torch as torch
    >>> torch.nn.Softshrink()(torch.tensor([0.3, -0.75])).tolist()
    [0.0, -0.25]
    """
    _function = staticmethod(F.softshrink)


from .activation_softmax import *  # noqa: E402,F401,F403
