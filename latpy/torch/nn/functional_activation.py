"""Activations of ``torch.nn.functional``: re-exported from ``latpy.torch`` plus the
ones that only ``F`` has (``relu(inplace=)``, ``softmin``, ``glu``, ``prelu``, ``rrelu``,
the in-place ``*_`` forms, ``softmax`` with PyTorch's implicit-``dim`` warning).

All are composed of Tensor ops (``where``, ``sigmoid``, ``exp``, ...), so none has a
derivative of its own.
"""

from __future__ import annotations

import warnings

from .. import ops as O
from ..creation import _generator
from ..functions import activation as _activation, elementwise as E
from ..functions.activation import (  # noqa: F401  (re-exported as F.<name>)
    leaky_relu, elu, selu, celu, gelu, silu, mish, softplus, softsign, hardtanh, relu6,
    hardsigmoid, hardswish, logsigmoid, threshold, hardshrink, softshrink, tanhshrink)
from ..tensor import _dim

__all__ = ["relu", "relu_", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu", "selu_",
           "celu", "celu_", "gelu", "silu", "mish", "softplus", "softsign", "hardtanh",
           "hardtanh_", "relu6", "hardsigmoid", "hardswish", "logsigmoid", "threshold",
           "threshold_", "hardshrink", "softshrink", "tanhshrink", "sigmoid", "tanh",
           "softmax", "log_softmax", "softmin", "glu", "prelu", "rrelu", "rrelu_"]


def relu(input, inplace=False):
    """max(x, 0); ``inplace=True`` writes the result into `input`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.relu(torch.tensor([-1.0, 2.0])).tolist()
    [0.0, 2.0]
    """
    x = O._t(input)
    out = O.relu(x)
    return x._assign_result(out) if inplace else out


def sigmoid(input):
    """1 / (1 + exp(-x)).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.sigmoid(torch.tensor([0.0])).tolist()
    [0.5]
    """
    return O.sigmoid(input)


def tanh(input):
    """Hyperbolic tangent.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.tanh(torch.tensor([0.0])).tolist()
    [0.0]
    """
    return O.tanh(input)


def _implicit_dim(name: str, ndim: int, stacklevel: int) -> int:
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call "
                  "to include dim=X as an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def _float_dtype(x, dtype, name):
    if dtype is not None:
        return x.type(dtype)
    if not x.dtype.is_floating_point:
        kind = {"int64": "Long", "bool": "Bool"}[str(x.data.dtype)]
        raise NotImplementedError(f'"{name}" not implemented for \'{kind}\'')
    return x


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(x) / sum(exp(x)) along `dim` (no `dim`: PyTorch's deprecated implicit choice,
    with its warning).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.softmax(torch.tensor([[0.0, 0.0]]), dim=1).tolist()
    [[0.5, 0.5]]
    """
    x = _float_dtype(O._t(input), dtype, "softmax_lastdim_kernel_impl")
    if dim is None:
        dim = _implicit_dim("softmax", x.ndim, _stacklevel)
    return O.softmax(x, dim)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(x)) along `dim`, computed stably as x - logsumexp(x).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> round(F.log_softmax(torch.tensor([0.0, 0.0]), dim=0)[0].item(), 6)
    -0.693147
    """
    x = _float_dtype(O._t(input), dtype, "log_softmax_lastdim_kernel_impl")
    if dim is None:
        dim = _implicit_dim("log_softmax", x.ndim, _stacklevel)
    return O.log_softmax(x, dim)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-x) along `dim`: small entries get large weights.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> [round(v, 4) for v in F.softmin(torch.tensor([0.0, 1.0]), dim=0).tolist()]
    [0.7311, 0.2689]
    """
    x = _float_dtype(O._t(input), dtype, "softmax_lastdim_kernel_impl")
    if dim is None:
        dim = _implicit_dim("softmin", x.ndim, _stacklevel)
    return O.softmax(-x, dim)


def glu(input, dim=-1):
    """The gated linear unit: split `input` in halves a, b along `dim`; a * sigmoid(b).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.glu(torch.tensor([[3.0, 0.0]])).tolist()
    [[1.5]]
    """
    x = O._t(input)
    if x.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = _dim(dim, x.ndim)
    size = x.shape[d]
    if size % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {size}")
    half = size // 2
    return x.narrow(d, 0, half) * O.sigmoid(x.narrow(d, half, half))


def prelu(input, weight):
    """x where x > 0, else weight * x; a 1-D `weight` has one slope per channel (dim 1).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.prelu(torch.tensor([[-2.0, 3.0]]), torch.tensor([0.25])).tolist()
    [[-0.5, 3.0]]
    """
    x, w = O._t(input), O._t(weight)
    if not x.dtype.is_floating_point:
        kind = {"int64": "Long", "bool": "Bool"}[str(x.data.dtype)]
        raise NotImplementedError(f'"prelu_cpu" not implemented for \'{kind}\'')
    if w.ndim > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {w.ndim}")
    if w.numel() != 1:
        if x.ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = x.shape[1] if x.ndim > 1 else 1
        if channels != w.numel():
            raise RuntimeError(f"Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {w.numel()} and channel size = "
                               f"{channels}.")
    if x.ndim >= 2:
        w = w.reshape((1, w.numel()) + (1,) * (x.ndim - 2))
    elif x.ndim == 0:
        w = w.reshape(())
    return E.where(x.data > 0, x, w * x)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Randomized leaky ReLU: slope ~ U(lower, upper) per element in training, else the
    fixed slope (lower + upper) / 2.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.rrelu(torch.tensor([-3.0, 1.0]), 0.25, 0.75).tolist()
    [-1.5, 1.0]
    """
    x = O._t(input)
    if not training:
        return leaky_relu(x, (lower + upper) / 2, inplace)
    slopes = _generator.uniform(lower, upper, tuple(x.shape))
    return _result(x, E.where(x.data > 0, x, x * slopes), inplace)


def _result(x, out, inplace):
    return x._assign_result(out) if inplace else out


def _inplace_form(fn, name):
    def method(input, *args, **kwargs):
        return fn(input, *args, inplace=True, **kwargs)
    method.__name__ = name
    method.__doc__ = f"""In-place :func:`{fn.__name__}`: the result is written into `input`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> x = torch.tensor([-1.0, 0.5]); F.{name}(x) is x
    True
    """
    return method


relu_ = _inplace_form(relu, "relu_")
leaky_relu_ = _inplace_form(leaky_relu, "leaky_relu_")
elu_ = _inplace_form(elu, "elu_")
selu_ = _inplace_form(selu, "selu_")
celu_ = _inplace_form(celu, "celu_")
hardtanh_ = _inplace_form(hardtanh, "hardtanh_")
rrelu_ = _inplace_form(rrelu, "rrelu_")


def threshold_(input, threshold, value):
    """In-place :func:`threshold`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> x = torch.tensor([0.5, 2.0]); F.threshold_(x, 1.0, 0.0).tolist()
    [0.0, 2.0]
    """
    return _activation.threshold(input, threshold, value, True)
