"""Normalisation and dropout of ``torch.nn.functional`` (plus, re-exported, the
activations of :mod:`functional_activation` and the embedding, one_hot and
distances of :mod:`functional_embedding`).

Every function is composed of Tensor ops, so autograd differentiates it (to any
order) with no backward of its own. The normalisations share one recipe::

    centered = x - mean(x, dims);  out = centered * rsqrt(mean(centered**2, dims) + eps)

Running statistics (``batch_norm``, ``instance_norm``) are buffers updated in place
with array arithmetic, outside the graph, as PyTorch does. Random masks come
from latpy.torch's generator (``torch.manual_seed``).
"""

from __future__ import annotations

import math
import warnings

from .. import ops as O
from ..creation import _generator
from ..functions import elementwise as E
from ..tensor import _dim
from .functional_activation import *  # noqa: F401,F403
from .functional_activation import __all__ as _activation_names

_SELU_NEG_SATURATION = 1.7580993408473766  # alpha * scale of SELU: its limit at -inf


def _shape_str(shape) -> str:
    return str(list(shape))


# ---------------------------------------------------------------- normalisation
def _normalized_dims(x, normalized_shape, op):
    if isinstance(normalized_shape, int):
        raise TypeError(f"{op}(): argument 'normalized_shape' (position 2) must be tuple of "
                        "ints, not int")
    shape = tuple(int(s) for s in normalized_shape)
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                           "containing at least one element, but got normalized_shape = []")
    k = len(shape)
    if x.ndim < k or tuple(x.shape[x.ndim - k:]) != shape:
        star = "*, " if op == "layer_norm" else "*"
        raise RuntimeError(f"Given normalized_shape={list(shape)}, expected input with shape "
                           f"[{star}{_shape_str(shape)[1:-1]}], but got input of size"
                           f"{_shape_str(x.shape)}")
    return shape, tuple(range(x.ndim - k, x.ndim))


def _check_same_shape(t, shape, name):
    if t is not None and tuple(t.shape) != shape:
        raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got "
                           f"{name} of shape {_shape_str(t.shape)} and normalized_shape = "
                           f"{_shape_str(shape)}")


def _affine(out, weight, bias, view=None):
    if weight is not None:
        out = out * (weight if view is None else weight.reshape(view))
    if bias is not None:
        out = out + (bias if view is None else bias.reshape(view))
    return out


def _standardize(x, dims, eps):
    """(x - mean) / sqrt(biased var + eps) over `dims`, with mean and sum of squares."""
    mean = x.mean(dims, keepdim=True)
    centered = x - mean
    sum_sq = (centered * centered).sum(dims, keepdim=True)
    n = math.prod(x.shape[d] for d in dims)
    return centered * O.rsqrt(sum_sq / float(n) + eps), mean.data, sum_sq.data, n


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalise over the last ``len(normalized_shape)`` dims, then scale and shift.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> [round(v, 4) for v in F.layer_norm(torch.tensor([1.0, 3.0]), (2,)).tolist()]
    [-1.0, 1.0]
    """
    x = O._t(input)
    shape, dims = _normalized_dims(x, normalized_shape, "layer_norm")
    _check_same_shape(weight, shape, "weight")
    _check_same_shape(bias, shape, "bias")
    return _affine(_standardize(x, dims, eps)[0], weight, bias)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """x / sqrt(mean(x**2) + eps) over the last dims, times `weight`; ``eps=None`` is
    the machine epsilon of float64 (``torch.finfo(dtype).eps``).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> [round(v, 6) for v in F.rms_norm(torch.tensor([3.0, 4.0]), (2,)).tolist()]
    [0.848528, 1.131371]
    """
    x = O._t(input)
    shape, dims = _normalized_dims(x, normalized_shape, "rms_norm")
    _check_same_shape(weight, shape, "weight")
    eps = 2.220446049250313e-16 if eps is None else eps
    if x.data.dtype.kind != "f":
        x = x.type("float64")
    from ..functions.reduce import RMSNormCore  # one node instead of six
    out = RMSNormCore.apply(x, tuple(d % x.ndim for d in dims), eps) if x.numel() else \
        x * O.rsqrt((x * x).mean(dims, keepdim=True) + eps)
    return _affine(out, weight, None)


def _verify_batch_size(size):
    count = size[0]
    for s in size[2:]:
        count *= s
    if count == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input "
                         f"size {size}")


def _update_running(buffer, stat, momentum):
    """buffer <- (1 - momentum) * buffer + momentum * stat, in place, outside the graph."""
    buffer.data[...] = buffer.data * (1 - momentum) + stat.reshape(tuple(buffer.shape)) \
        * momentum


def _channel_view(x):
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalise each channel (dim 1) over the batch and spatial dims.

    Training: batch statistics (biased variance); the running stats, if given, move
    towards the batch mean and *unbiased* variance by `momentum`. Otherwise: the
    running statistics.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> rm, rv = torch.zeros(1), torch.ones(1)
    >>> F.batch_norm(torch.tensor([[1.0], [3.0]]), rm, rv, training=True).tolist()[0][0] < 0
    True
    >>> rm.tolist(), [round(v, 6) for v in rv.tolist()]
    ([0.2], [1.1])
    """
    x = O._t(input)
    if training:
        _verify_batch_size(x.shape)
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    if eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    if momentum is None:
        raise TypeError("batch_norm(): argument 'momentum' (position 7) must be float, not "
                        "NoneType")
    channels = x.shape[_dim(1, x.ndim)]
    for name, t in (("weight", weight), ("bias", bias), ("running_mean", running_mean),
                    ("running_var", running_var)):
        if t is not None and t.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {t.numel()}")
    view = _channel_view(x)
    if training:
        dims = (0,) + tuple(range(2, x.ndim))
        out, mean, sum_sq, n = _standardize(x, dims, eps)
        if running_mean is not None:
            _update_running(running_mean, mean, momentum)
        if running_var is not None:
            _update_running(running_var, sum_sq / float(n - 1), momentum)
    else:
        if running_mean is None:
            raise RuntimeError("running_mean must be defined in evaluation mode")
        if running_var is None:
            raise RuntimeError("running_var must be defined in evaluation mode")
        out = (x - running_mean.reshape(view)) * O.rsqrt(running_var.reshape(view) + eps)
    return _affine(out, weight, bias, view)


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Normalise each channel of each sample over its spatial dims.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> [round(v, 4) for v in F.instance_norm(torch.tensor([[[1.0, 3.0]]])).reshape(-1).tolist()]
    [-1.0, 1.0]
    """
    x = O._t(input)
    if use_input_stats:
        size = x.shape
        if math.prod(size[2:]) == 1:
            raise ValueError(f"Expected more than 1 spatial element when training, got input "
                             f"size {size}")
    channels = x.shape[_dim(1, x.ndim)]
    view = _channel_view(x)
    if use_input_stats:
        out, mean, sum_sq, n = _standardize(x, tuple(range(2, x.ndim)), eps)
        per_sample = (x.shape[0], channels)  # PyTorch averages the per-sample stats
        if running_mean is not None:
            _update_running(running_mean, mean.reshape(per_sample).mean(axis=0), momentum)
        if running_var is not None:
            unbiased = (sum_sq / float(n - 1)).reshape(per_sample)
            _update_running(running_var, unbiased.mean(axis=0), momentum)
    else:
        if running_mean is None or running_var is None:
            raise RuntimeError("Expected running_mean and running_var to be defined when "
                               "use_input_stats is false")
        out = (x - running_mean.reshape(view)) * O.rsqrt(running_var.reshape(view) + eps)
    return _affine(out, weight, bias, view)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalise each group of ``C / num_groups`` channels of each sample.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> [round(v, 4) for v in F.group_norm(torch.tensor([[1.0, 3.0]]), 1).reshape(-1).tolist()]
    [-1.0, 1.0]
    """
    x = O._t(input)
    if x.ndim < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{x.ndim}")
    n, channels = x.shape[0], x.shape[1]
    _verify_batch_size([n * channels // num_groups, num_groups] + list(x.shape[2:]))
    if channels % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {_shape_str(x.shape)} and "
                           f"num_groups={num_groups}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.ndim != 1 or t.numel() != channels):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape "
                               f"{_shape_str(t.shape)} and input of shape "
                               f"{_shape_str(x.shape)}")
    grouped = x.reshape(n, num_groups, (channels // num_groups) * math.prod(x.shape[2:]))
    out = _standardize(grouped, (2,), eps)[0].reshape(tuple(x.shape))
    return _affine(out, weight, bias, _channel_view(x))


# ---------------------------------------------------------------- dropout
def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _dropout(x, p, training, inplace, noise_shape, alpha=False):
    """PyTorch's ``_dropout_impl``: a Bernoulli(1 - p) mask of `noise_shape` (broadcast)."""
    if p == 0 or not training or x.numel() == 0:
        return x
    if p == 1:
        out = x * 0.0
    else:
        keep = (_generator.random_sample(noise_shape) < 1 - p) * 1.0
        if alpha:  # keep mean 0 / variance 1 for SELU nets: dropped units go to -alpha
            a = 1.0 / math.sqrt((_SELU_NEG_SATURATION ** 2 * p + 1) * (1 - p))
            shift = (keep - 1.0) * (_SELU_NEG_SATURATION * a) + _SELU_NEG_SATURATION * a * p
            out = x * (keep * a) + shift
        else:
            out = x * (keep / (1 - p))
    return x._assign_result(out) if inplace else out


def dropout(input, p=0.5, training=True, inplace=False):
    """Zero each element with probability `p` and scale the rest by 1 / (1 - p)
    (in training; the identity otherwise).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> x = torch.ones(1000); y = F.dropout(x, 0.5)
    >>> sorted(set(y.tolist())), F.dropout(x, 0.5, training=False) is x
    ([0.0, 2.0], True)
    """
    _check_p(p)
    x = O._t(input)
    return _dropout(x, p, training, inplace, tuple(x.shape))


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Dropout for SELU networks: dropped units take SELU's saturation value, then an
    affine map keeps the mean and variance (the identity unless `training`).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> len(set(F.alpha_dropout(torch.zeros(100), 0.5, training=True).tolist()))
    2
    """
    _check_p(p)
    x = O._t(input)
    return _dropout(x, p, training, inplace, tuple(x.shape), alpha=True)


def _channel_dropout(x, p, training, inplace, batched=True, alpha=False):
    """Dropout of whole channels: one mask value per (sample, channel)."""
    if p == 0 or not training or x.numel() == 0:
        return x
    y = x if batched else x.unsqueeze(0)
    if y.ndim < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    noise = tuple(y.shape[:2]) + (1,) * (y.ndim - 2)
    out = _dropout(y, p, True, False, noise, alpha)
    out = out if batched else out.squeeze(0)
    return x._assign_result(out) if inplace else out


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of a (N, C, L) or (C, L) input with probability `p`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> y = F.dropout1d(torch.ones(2, 3, 4), 0.5); y.shape, bool((y == y[:, :, :1]).all())
    (torch.Size([2, 3, 4]), True)
    """
    _check_p(p)
    x = O._t(input)
    if x.ndim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {x.ndim}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout "
                           "on inputs with 1 spatial dimension, a channel dimension, and an "
                           "optional batch dimension (i.e. 2D or 3D inputs).")
    return _channel_dropout(x, p, training, inplace, batched=x.ndim == 3)


def _nd_warning(name, x, ok):
    if x.ndim not in ok:
        warnings.warn(f"{name}: Received a {x.ndim}-D input to {name}, which is deprecated "
                      "and will result in an error in a future release. To retain the "
                      "behavior and silence this warning, please use dropout instead.",
                      stacklevel=3)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of a (N, C, H, W) input with probability `p` (a 3-D input is
    read as (N, C, L), with PyTorch's warning).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.dropout2d(torch.ones(2, 3, 4, 4), 0.5).shape
    torch.Size([2, 3, 4, 4])
    """
    _check_p(p)
    x = O._t(input)
    _nd_warning("dropout2d", x, (3, 4))
    if x.ndim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that "
                      "channel-wise 1D dropout behavior is desired - input is interpreted as "
                      "shape (N, C, L), where C is the channel dim.", stacklevel=2)
    return _channel_dropout(x, p, training, inplace)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """Zero whole channels of a (N, C, D, H, W) or (C, D, H, W) input with probability `p`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.dropout3d(torch.ones(1, 2, 2, 2, 2), 0.5).shape
    torch.Size([1, 2, 2, 2, 2])
    """
    _check_p(p)
    x = O._t(input)
    _nd_warning("dropout3d", x, (4, 5))
    return _channel_dropout(x, p, training, inplace, batched=x.ndim == 5)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout of whole channels (dim 1); the identity unless `training`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.feature_alpha_dropout(torch.ones(2, 3, 4), 0.5).shape
    torch.Size([2, 3, 4])
    """
    _check_p(p)
    return _channel_dropout(O._t(input), p, training, inplace, alpha=True)


from .functional_embedding import *  # noqa: E402,F401,F403
from .functional_embedding import __all__ as _embedding_names  # noqa: E402

__all__ = _activation_names + _embedding_names + [
    "layer_norm", "rms_norm", "batch_norm", "instance_norm", "group_norm", "dropout",
    "alpha_dropout", "dropout1d", "dropout2d", "dropout3d", "feature_alpha_dropout"]
