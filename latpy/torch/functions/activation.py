"""Activation functions, composed from the elementwise primitives.

None needs a derivative of its own: each is a formula of existing ops, and its
gradient (of any order) follows. Two patterns keep the gradients right:

* **which branch** -- ``where(cond, a, b)`` with `cond` computed on the raw
  values, with PyTorch's choice at the boundary (``x > 0`` for leaky_relu,
  strict ``lo < x < hi`` for hardtanh, ...);
* **safe branches** -- the branch *not* taken still gets a zero gradient, and
  ``0 * inf = nan``. So an ``exp`` that could overflow in the unused branch is
  fed a clamped input (``expm1(clamp(x, max=0))`` in elu).

The signatures are ``torch.nn.functional``'s; ``inplace=True`` writes the
result into `input` (as PyTorch, an error on a leaf that requires grad).
"""

from __future__ import annotations

import math

from .. import ops as O
from ..tensor import Tensor
from . import elementwise as E

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _float_input(input, name: str) -> Tensor:
    x = O._t(input)
    if not x.dtype.is_floating_point:
        kind = {"int64": "Long", "bool": "Bool"}[str(x.data.dtype)]
        raise NotImplementedError(f'"{name}" not implemented for \'{kind}\'')
    return x


def _result(x: Tensor, out: Tensor, inplace: bool) -> Tensor:
    return x._assign_result(out) if inplace else out


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x where x > 0, else negative_slope * x.

    >>> import latpy.torch as torch
    >>> torch.leaky_relu(torch.tensor([-2.0, 3.0]), 0.1).tolist()
    [-0.2, 3.0]
    """
    x = _float_input(input, "leaky_relu_cpu")
    return _result(x, E.where(x.data > 0, x, x * negative_slope), inplace)


def elu(input, alpha=1.0, inplace=False):
    """x where x > 0, else alpha * (exp(x) - 1).

    >>> import latpy.torch as torch
    >>> round(torch.elu(torch.tensor([-1.0, 2.0]))[0].item(), 6)
    -0.632121
    """
    x = _float_input(input, "elu_cpu")
    negative = alpha * O.expm1(O.clamp(x, max=0.0))  # clamped: no overflow when unused
    return _result(x, E.where(x.data > 0, x, negative), inplace)


def selu(input, inplace=False):
    """scale * elu(x, alpha) with the self-normalising constants of Klambauer et al.

    >>> import latpy.torch as torch
    >>> round(torch.selu(torch.tensor([1.0])).item(), 6)
    1.050701
    """
    x = _float_input(input, "elu_cpu")
    return _result(x, elu(x, _SELU_ALPHA) * _SELU_SCALE, inplace)


def celu(input, alpha=1.0, inplace=False):
    """x where x > 0, else alpha * (exp(x / alpha) - 1).

    >>> import latpy.torch as torch
    >>> round(torch.celu(torch.tensor([-1.0]), alpha=2.0).item(), 6)
    -0.786939
    """
    x = _float_input(input, "elu_cpu")
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    negative = alpha * O.expm1(O.clamp(x, max=0.0) / alpha)
    return _result(x, E.where(x.data > 0, x, negative), inplace)


def gelu(input, approximate="none"):
    """x * Phi(x) (Phi: the standard normal CDF), or its tanh approximation.

    >>> import latpy.torch as torch
    >>> round(torch.gelu(torch.tensor([1.0])).item(), 6)
    0.841345
    """
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    x = _float_input(input, "GeluKernelImpl")
    if approximate == "tanh":
        inner = (x + x * x * x * 0.044715) * math.sqrt(2.0 / math.pi)
        return x * 0.5 * (O.tanh(inner) + 1.0)
    return x * 0.5 * (O.erf(x * (1.0 / math.sqrt(2.0))) + 1.0)


def silu(input, inplace=False):
    """x * sigmoid(x) (also called swish).

    >>> import latpy.torch as torch
    >>> torch.silu(torch.tensor([0.0])).item()
    0.0
    """
    x = _float_input(input, "silu_cpu")
    return _result(x, x * O.sigmoid(x), inplace)


def mish(input, inplace=False):
    """x * tanh(softplus(x)).

    >>> import latpy.torch as torch
    >>> round(torch.mish(torch.tensor([1.0])).item(), 6)
    0.865098
    """
    x = _float_input(input, "mish_cpu")
    return _result(x, x * O.tanh(softplus(x)), inplace)


def softplus(input, beta=1.0, threshold=20.0):
    """log(1 + exp(beta * x)) / beta; x itself where beta * x > threshold (stable).

    >>> import latpy.torch as torch
    >>> torch.softplus(torch.tensor([0.0, 100.0])).tolist()[1]
    100.0
    """
    x = _float_input(input, "softplus_cpu")
    scaled = x * beta if beta != 1 else x
    smooth = O.log1p(O.exp(O.clamp(scaled, max=float(threshold))))
    smooth = smooth / beta if beta != 1 else smooth
    return E.where(scaled.data > threshold, x, smooth)


def softsign(input):
    """x / (1 + |x|).

    >>> import latpy.torch as torch
    >>> torch.softsign(torch.tensor([1.0, -3.0])).tolist()
    [0.5, -0.75]
    """
    x = O._t(input)
    return x / (O.abs(x) + 1.0)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """clamp(x, min_val, max_val), with zero gradient at the bounds (as PyTorch).

    >>> import latpy.torch as torch
    >>> torch.hardtanh(torch.tensor([-2.0, 0.5, 2.0])).tolist()
    [-1.0, 0.5, 1.0]
    """
    if max_val < min_val:
        raise ValueError("min_val cannot be greater than max_val")
    x = O._t(input)
    clamped = O.clamp(x.detach(), min_val, max_val)
    if not x.dtype.is_floating_point:
        out = Tensor._wrap(clamped.data.astype(x.data.dtype))
    else:
        out = E.where((x.data > min_val) & (x.data < max_val), x, clamped.data)
    return _result(x, out, inplace)


def relu6(input, inplace=False):
    """min(max(x, 0), 6): hardtanh(x, 0, 6).

    >>> import latpy.torch as torch
    >>> torch.relu6(torch.tensor([-1.0, 3.0, 9.0])).tolist()
    [0.0, 3.0, 6.0]
    """
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input, inplace=False):
    """0 for x <= -3, 1 for x >= 3, x / 6 + 1/2 between.

    >>> import latpy.torch as torch
    >>> torch.hardsigmoid(torch.tensor([-4.0, 0.0, 4.0])).tolist()
    [0.0, 0.5, 1.0]
    """
    x = _float_input(input, "hardsigmoid_cpu")
    inside = (x.data > -3.0) & (x.data < 3.0)
    return _result(x, E.where(inside, x / 6.0 + 0.5, (x.data >= 3.0) * 1.0), inplace)


def hardswish(input, inplace=False):
    """x * hardsigmoid(x): 0 for x <= -3, x for x >= 3, x (x + 3) / 6 between.

    >>> import latpy.torch as torch
    >>> torch.hardswish(torch.tensor([-4.0, 1.0, 4.0])).tolist()
    [0.0, 0.6666666666666666, 4.0]
    """
    x = _float_input(input, "hardswish_cpu")
    middle = E.where(x.data < 3.0, x * (x + 3.0) / 6.0, x)
    return _result(x, E.where(x.data <= -3.0, 0.0, middle), inplace)


def logsigmoid(input):
    """log(sigmoid(x)) = min(x, 0) - log(1 + exp(-|x|)), stable for large |x|.

    >>> import latpy.torch as torch
    >>> torch.logsigmoid(torch.tensor([-1000.0])).item()
    -1000.0
    """
    x = _float_input(input, "log_sigmoid_forward")
    return O.minimum(x, 0.0) - O.log1p(O.exp(-O.abs(x)))


def threshold(input, threshold, value, inplace=False):
    """x where x > threshold, else value.

    >>> import latpy.torch as torch
    >>> torch.threshold(torch.tensor([0.5, 2.0]), 1.0, -1.0).tolist()
    [-1.0, 2.0]
    """
    x = O._t(input)
    if not x.dtype.is_floating_point:
        value = int(value) if str(x.data.dtype) == "int64" else bool(value)
    return _result(x, E.where(x.data > threshold, x, value), inplace)


def hardshrink(input, lambd=0.5):
    """x where |x| > lambd, else 0.

    >>> import latpy.torch as torch
    >>> torch.hardshrink(torch.tensor([0.3, -0.7])).tolist()
    [0.0, -0.7]
    """
    x = _float_input(input, "hardshrink_cpu")
    return E.where((x.data > lambd) | (x.data < -lambd), x, 0.0)


def softshrink(input, lambd=0.5):
    """x - lambd where x > lambd, x + lambd where x < -lambd, else 0.

    >>> import latpy.torch as torch
    >>> torch.softshrink(torch.tensor([0.3, -0.75])).tolist()
    [0.0, -0.25]
    """
    x = _float_input(input, "softshrink_cpu")
    if lambd < 0:
        raise RuntimeError(f"lambda must be greater or equal to 0, but found to be {lambd}.")
    return E.where(x.data > lambd, x - lambd, E.where(x.data < -lambd, x + lambd, 0.0))


def tanhshrink(input):
    """x - tanh(x).

    >>> import latpy.torch as torch
    >>> torch.tanhshrink(torch.tensor([0.0])).item()
    0.0
    """
    x = O._t(input)
    return x - O.tanh(x)


__all__ = ["leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "softplus",
           "softsign", "hardtanh", "relu6", "hardsigmoid", "hardswish", "logsigmoid",
           "threshold", "hardshrink", "softshrink", "tanhshrink"]
