"""Operations that work on both arrays and Tensors, for backward formulas.

A backward formula receives arrays (plain ``backward()``) or Tensors
(``create_graph=True``). Operators (``+ - * / ** @``) already work on both;
the few functions a formula needs beyond them live here, dispatching on the
argument: a Tensor goes through the differentiable Tensor op (so the backward
pass is itself recorded), an array through the backend namespace ``xp``.
"""

from __future__ import annotations

from ...core import creation as _creation, ufuncs as _ufuncs
from ..tensor import Tensor

xp = None  # the array namespace (latpy's core); set below, switchable by backends


def _namespace():
    import latpy
    return latpy


xp = _namespace()


def exp(x):
    return x.exp() if type(x) is Tensor else xp.exp(x)


def log(x):
    return x.log() if type(x) is Tensor else xp.log(x)


def sin(x):
    return x.sin() if type(x) is Tensor else xp.sin(x)


def cos(x):
    return x.cos() if type(x) is Tensor else xp.cos(x)


def sqrt(x):
    return x.sqrt() if type(x) is Tensor else xp.sqrt(x)


def tanh(x):
    return x.tanh() if type(x) is Tensor else xp.tanh(x)


def sigmoid(x):
    if type(x) is Tensor:
        return x.sigmoid()
    return 1.0 / (1.0 + xp.exp(-x))


def sign(x):
    return x.sign() if type(x) is Tensor else xp.sign(x)


def abs(x):  # noqa: A001
    return x.abs() if type(x) is Tensor else xp.abs(x)


def where(cond, a, b):
    """Select elementwise; `cond` is never differentiated (an array or bool Tensor)."""
    if type(a) is Tensor or type(b) is Tensor:
        from .elementwise import where as t_where
        return t_where(cond, a, b)
    if type(cond) is Tensor:
        cond = cond.data
    return _ufuncs.where(cond, a, b)


def sum(x, axis=None, keepdims=False):  # noqa: A001
    if type(x) is Tensor:
        return x.sum(dim=axis, keepdim=keepdims)
    out = x.sum(axis=axis, keepdims=keepdims)
    return out if hasattr(out, "reshape") and not isinstance(out, float) else \
        _creation.asarray(out)


def reshape(x, shape):
    return x.reshape(shape)


def broadcast_to(x, shape):
    if type(x) is Tensor:
        return x.expand(*shape)
    from ...core.manipulation import broadcast_to as bt
    return bt(x, tuple(shape)).copy()


def permute(x, dims):
    if type(x) is Tensor:
        return x.permute(*dims)
    return x.transpose(dims)


def swap_last(x):
    """Swap the last two axes (matrix transpose of a batch)."""
    if type(x) is Tensor:
        return x.transpose(-1, -2)
    return x.swapaxes(-1, -2)


def zeros_like(x):
    if type(x) is Tensor:
        return Tensor._wrap(_creation.zeros_like(x.data))
    return _creation.zeros_like(x)


def ones_like(x):
    if type(x) is Tensor:
        return Tensor._wrap(_creation.ones_like(x.data))
    return _creation.ones_like(x)


def raw(x):
    """The array behind `x` (for values used only as constants, e.g. masks)."""
    return x.data if type(x) is Tensor else x


def like(value, ref):
    """Wrap a constant array `value` to match `ref`'s kind (Tensor or array)."""
    return Tensor._wrap(value) if type(ref) is Tensor else value
