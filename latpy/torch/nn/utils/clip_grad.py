"""Gradient clipping (``torch.nn.utils.clip_grad_norm_`` and friends).

All of it runs on the gradients' arrays outside the graph and changes them in
place, as PyTorch's ``@torch.no_grad`` versions do.
"""

from __future__ import annotations

import math
import types
import warnings

from ...creation import tensor as _tensor
from ...grad_mode import no_grad
from ...tensor import Tensor
from ..functional_embedding import _vector_norm

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "get_total_norm",
           "clip_grads_with_norm_"]


def _as_list(tensors):
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The `norm_type` norm of all `tensors` together (the norm of their norms).

    >>> import latpy.torch as torch
    >>> torch.nn.utils.get_total_norm([torch.tensor([3.0]), torch.tensor([4.0])]).item()
    5.0
    """
    tensors = _as_list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        return _tensor(0.0)
    with no_grad():
        norms = [_vector_norm(Tensor._wrap(t.data), norm_type).reshape(1) for t in tensors]
        total = _vector_norm(Tensor._wrap(_concat(norms)), norm_type)
    value = total.item()
    if error_if_nonfinite and (math.isnan(value) or math.isinf(value)):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                           "`parameters` is non-finite, so it cannot be clipped. To disable "
                           "this error and scale the gradients by the non-finite norm anyway, "
                           "set `error_if_nonfinite=False`")
    return total


def _concat(parts):
    from ....core.manipulation import concatenate
    return concatenate([p.data for p in parts])


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale the gradients by ``min(1, max_norm / (total_norm + 1e-6))``, in place.

    >>> import latpy.torch as torch
    >>> p = torch.zeros(2, requires_grad=True); p.grad = torch.tensor([3.0, 4.0])
    >>> torch.nn.utils.clip_grads_with_norm_([p], 1.0, torch.tensor(5.0)); p.grad.tolist()
    [0.599999880000024, 0.799999840000032]
    """
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    if not grads:
        return
    total = total_norm.item() if isinstance(total_norm, Tensor) else float(total_norm)
    coef = min(float(max_norm) / (total + 1e-6), 1.0)  # as clamp(max=1): nan stays nan
    for g in grads:
        g.data[...] = g.data * coef


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False,
                    foreach=None):
    """Rescale the gradients so that their total `norm_type` norm is at most `max_norm`;
    returns the total norm before clipping (a 0-d tensor).

    >>> import latpy.torch as torch
    >>> p = torch.zeros(2, requires_grad=True); p.grad = torch.tensor([3.0, 4.0])
    >>> torch.nn.utils.clip_grad_norm_([p], max_norm=1.0).item()
    5.0
    >>> [round(v, 6) for v in p.grad.tolist()]
    [0.6, 0.8]
    """
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will "
                          "occur.", stacklevel=3)
    grads = [p.grad for p in parameters if p.grad is not None]
    total = get_total_norm(grads, norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(parameters, max_norm, total, foreach)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False,
                   foreach=None):
    """Deprecated alias of :func:`clip_grad_norm_` (warns, as PyTorch).

    >>> import latpy.torch as torch, warnings
    >>> p = torch.zeros(1, requires_grad=True); p.grad = torch.tensor([2.0])
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     torch.nn.utils.clip_grad_norm([p], 1.0).item()
    2.0
    """
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
                  "`torch.nn.utils.clip_grad_norm_`.", FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element to [-clip_value, clip_value], in place.

    >>> import latpy.torch as torch
    >>> p = torch.zeros(2, requires_grad=True); p.grad = torch.tensor([-3.0, 0.5])
    >>> torch.nn.utils.clip_grad_value_([p], 1.0); p.grad.tolist()
    [-1.0, 0.5]
    """
    from ....core.ufuncs import clip
    clip_value = float(clip_value)
    for p in _as_list(parameters):
        if p.grad is not None:
            p.grad.data[...] = clip(p.grad.data, -clip_value, clip_value)
