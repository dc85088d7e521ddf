"""Parameter initialisation (``torch.nn.init``), drawing from latpy.torch's generator.

Each function fills a tensor in place (no graph is recorded) and returns it.
"""

from __future__ import annotations

import math

from ...core.ndarray import _make
from ...core.dtypes import F64
from ..creation import _generator
from ..grad_mode import no_grad
from ..tensor import Tensor

__all__ = ["calculate_gain", "uniform_", "normal_", "constant_", "zeros_", "ones_", "eye_",
           "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
           "kaiming_normal_", "orthogonal_", "trunc_normal_", "sparse_"]


def _fill(tensor: Tensor, values: list) -> Tensor:
    with no_grad():
        tensor.data[...] = _make([float(v) for v in values], tuple(tensor.data.shape), F64)
    return tensor


def _rng(generator):
    return _generator if generator is None else getattr(generator, "_state", generator)


def calculate_gain(nonlinearity, param=None) -> float:
    """The recommended gain for a nonlinearity (as PyTorch's table).

    >>> import latpy.torch as torch
    >>> torch.nn.init.calculate_gain("relu")
    1.4142135623730951
    """
    linear = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
              "conv_transpose3d", "sigmoid")
    if nonlinearity in linear:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if isinstance(slope, bool) or not isinstance(slope, (int, float)):
            raise ValueError(f"negative_slope {slope} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    dims = tensor.dim()
    if dims < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than "
                         "2 dimensions")
    receptive = 1
    for d in tuple(tensor.shape)[2:]:
        receptive *= d
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor, mode):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with U(a, b).

    >>> import latpy.torch as torch
    >>> t = torch.nn.init.uniform_(torch.empty(100), -1, 1); bool((t.abs() <= 1).all())
    True
    """
    r = _rng(generator)._rng
    u = r.random
    return _fill(tensor, [a + (b - a) * u() for _ in range(tensor.numel())])


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with N(mean, std**2).

    >>> import latpy.torch as torch
    >>> torch.nn.init.normal_(torch.empty(3)).shape
    torch.Size([3])
    """
    gauss = _rng(generator)._rng.gauss
    return _fill(tensor, [gauss(mean, std) for _ in range(tensor.numel())])


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill with N(mean, std**2) truncated to [a, b] (by rejection).

    >>> import latpy.torch as torch
    >>> t = torch.nn.init.trunc_normal_(torch.empty(50)); bool((t.abs() <= 2).all())
    True
    """
    gauss = _rng(generator)._rng.gauss
    out = []
    while len(out) < tensor.numel():
        v = gauss(mean, std)
        if a <= v <= b:
            out.append(v)
    return _fill(tensor, out)


def constant_(tensor, val):
    """Fill with `val`.

    >>> import latpy.torch as torch
    >>> torch.nn.init.constant_(torch.empty(2), 3.0).tolist()
    [3.0, 3.0]
    """
    with no_grad():
        tensor.data.fill(val)
    return tensor


def zeros_(tensor):
    """Fill with zeros.

    >>> import latpy.torch as torch
    >>> torch.nn.init.zeros_(torch.ones(2)).tolist()
    [0.0, 0.0]
    """
    return constant_(tensor, 0.0)


def ones_(tensor):
    """Fill with ones.

    >>> import latpy.torch as torch
    >>> torch.nn.init.ones_(torch.zeros(2)).tolist()
    [1.0, 1.0]
    """
    return constant_(tensor, 1.0)


def eye_(tensor):
    """Fill a 2-D tensor with the identity.

    >>> import latpy.torch as torch
    >>> torch.nn.init.eye_(torch.empty(2, 2)).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    n, m = tensor.shape
    return _fill(tensor, [1.0 if i == j else 0.0 for i in range(n) for j in range(m)])


def dirac_(tensor, groups=1):
    """Fill a {3,4,5}-D conv weight so the convolution is the identity.

    >>> import latpy.torch as torch
    >>> torch.nn.init.dirac_(torch.empty(2, 2, 3)).sum().item()
    2.0
    """
    shape = tuple(tensor.shape)
    if len(shape) not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    out_per = shape[0] // groups
    zeros_(tensor)
    centre = tuple(d // 2 for d in shape[2:])
    with no_grad():
        for g in range(groups):
            for d in range(min(out_per, shape[1])):
                tensor.data[(g * out_per + d, d) + centre] = 1.0
    return tensor


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot uniform: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)).

    >>> import latpy.torch as torch
    >>> torch.nn.init.xavier_uniform_(torch.empty(3, 5)).shape
    torch.Size([3, 5])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    a = gain * math.sqrt(6.0 / float(fan_in + fan_out))
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot normal: N(0, std**2), std = gain * sqrt(2 / (fan_in + fan_out)).

    >>> import latpy.torch as torch
    >>> torch.nn.init.xavier_normal_(torch.empty(3, 5)).shape
    torch.Size([3, 5])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He uniform: U(-b, b), b = gain * sqrt(3 / fan).

    >>> import latpy.torch as torch
    >>> torch.nn.init.kaiming_uniform_(torch.empty(4, 3)).shape
    torch.Size([4, 3])
    """
    if 0 in tuple(tensor.shape):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He normal: N(0, std**2), std = gain / sqrt(fan).

    >>> import latpy.torch as torch
    >>> torch.nn.init.kaiming_normal_(torch.empty(4, 3)).shape
    torch.Size([4, 3])
    """
    if 0 in tuple(tensor.shape):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def orthogonal_(tensor, gain=1.0, generator=None):
    """Fill with a (semi-)orthogonal matrix (Gram-Schmidt of a normal sample).

    >>> import latpy.torch as torch
    >>> w = torch.nn.init.orthogonal_(torch.empty(3, 3))
    >>> torch.allclose(w @ w.T, torch.eye(3), atol=1e-12)
    True
    """
    if tensor.dim() < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    gauss = _rng(generator)._rng.gauss
    n, m = (rows, cols) if rows >= cols else (cols, rows)  # orthonormal columns of n x m
    vecs = []
    for _ in range(m):
        v = [gauss(0.0, 1.0) for _ in range(n)]
        for q in vecs:  # modified Gram-Schmidt
            d = sum(a * b for a, b in zip(v, q))
            v = [a - d * b for a, b in zip(v, q)]
        norm = math.sqrt(sum(a * a for a in v))
        vecs.append([a / norm for a in v])
    if rows >= cols:  # rows x cols with orthonormal columns
        values = [vecs[j][i] * gain for i in range(rows) for j in range(cols)]
    else:  # orthonormal rows
        values = [vecs[i][j] * gain for i in range(rows) for j in range(cols)]
    return _fill(tensor, values)


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """Fill a 2-D tensor with N(0, std) and zero a fraction `sparsity` of each column.

    >>> import latpy.torch as torch
    >>> torch.nn.init.sparse_(torch.empty(4, 2), 0.5).shape
    torch.Size([4, 2])
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    normal_(tensor, 0.0, std, generator)
    r = _rng(generator)._rng
    zeros_per_col = int(math.ceil(sparsity * rows))
    with no_grad():
        for j in range(cols):
            for i in r.sample(range(rows), zeros_per_col):
                tensor.data[i, j] = 0.0
    return tensor
