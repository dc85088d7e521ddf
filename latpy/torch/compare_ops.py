"""Tensor comparisons and tests: eq/ne/lt/le/gt/ge, equal, allclose/isclose,
isnan/isinf/isfinite, logical_not/and/or, nonzero. None of them has a gradient.

Re-exported from :mod:`latpy.torch.ops` and ``latpy.torch``.
"""

from __future__ import annotations

import operator as _op

from ..core import ufuncs as U
from ..core.ndarray import NDArray
from .ops import _t, _wrap
from .tensor import Tensor


# ---------------------------------------------------------------- comparisons
def _compare(name, op):
    def fn(input, other):
        a = _t(input).data
        b = other.data if isinstance(other, Tensor) else other
        try:
            return _wrap(op(a, b))
        except ValueError as e:  # shapes that do not broadcast: PyTorch's class
            raise RuntimeError(str(e)) from None
    fn.__name__ = name
    fn.__doc__ = f"""Elementwise comparison ``{name}`` (a bool tensor, no gradient).

    >>> import latpy.torch as torch
    >>> torch.{name}(torch.tensor([1.0, 2.0]), 2.0).dtype
    torch.bool
    """
    return fn


eq = _compare("eq", _op.eq)
ne = _compare("ne", _op.ne)
lt = _compare("lt", _op.lt)
le = _compare("le", _op.le)
gt = _compare("gt", _op.gt)
ge = _compare("ge", _op.ge)
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def equal(input, other) -> bool:
    """True if both tensors have the same shape and elements.

    >>> import latpy.torch as torch
    >>> torch.equal(torch.tensor([1, 2]), torch.tensor([1, 2]))
    True
    """
    a, b = _t(input), _t(other)
    return tuple(a.shape) == tuple(b.shape) and bool((a.data == b.data).all())


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    """True if all elements are close: ``|a - b| <= atol + rtol * |b|``.

    >>> import latpy.torch as torch
    >>> torch.allclose(torch.tensor([1.0]), torch.tensor([1.0 + 1e-9]))
    True
    """
    from ..core.manipulation import allclose as core_allclose
    return core_allclose(_t(input).data, _t(other).data, rtol, atol, equal_nan)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Elementwise closeness (bool tensor).

    >>> import latpy.torch as torch
    >>> torch.isclose(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 3.0])).tolist()
    [True, False]
    """
    from ..core.manipulation import isclose as core_isclose
    return _wrap(core_isclose(_t(input).data, _t(other).data, rtol, atol, equal_nan))


def isnan(input):
    """True where NaN.

    >>> import latpy.torch as torch
    >>> torch.isnan(torch.tensor([float('nan'), 1.0])).tolist()
    [True, False]
    """
    return _wrap(U.isnan(_t(input).data))


def isinf(input):
    """True where +-inf.

    >>> import latpy.torch as torch
    >>> torch.isinf(torch.tensor([float('inf'), 1.0])).tolist()
    [True, False]
    """
    return _wrap(U.isinf(_t(input).data))


def isfinite(input):
    """True where finite.

    >>> import latpy.torch as torch
    >>> torch.isfinite(torch.tensor([float('inf'), 1.0])).tolist()
    [False, True]
    """
    return _wrap(U.isfinite(_t(input).data))


def logical_not(input):
    """Elementwise not (bool tensor).

    >>> import latpy.torch as torch
    >>> torch.logical_not(torch.tensor([True, False])).tolist()
    [False, True]
    """
    return _wrap(U.logical_not(_t(input).data))


def logical_and(input, other):
    """Elementwise and of truth values.

    >>> import latpy.torch as torch
    >>> torch.logical_and(torch.tensor([True, True]), torch.tensor([True, False])).tolist()
    [True, False]
    """
    return _wrap(U.logical_and(_t(input).data, _t(other).data))


def logical_or(input, other):
    """Elementwise or of truth values.

    >>> import latpy.torch as torch
    >>> torch.logical_or(torch.tensor([False, True]), torch.tensor([False, False])).tolist()
    [False, True]
    """
    return _wrap(U.logical_or(_t(input).data, _t(other).data))


def nonzero(input, as_tuple=False):
    """Indices of nonzero elements: an (n, ndim) int64 tensor, or a tuple per dim.

    >>> import latpy.torch as torch
    >>> torch.nonzero(torch.tensor([0.0, 3.0, 4.0])).tolist()
    [[1], [2]]
    """
    from ..core.manipulation import nonzero as core_nonzero
    x = _t(input)
    parts = core_nonzero(x.data if x.ndim else x.data.reshape(1))
    if as_tuple:
        return tuple(_wrap(p) for p in parts)
    from ..core.manipulation import stack as core_stack
    if not parts:
        return _wrap(NDArray((0, 0), dtype=int))
    return _wrap(core_stack(parts, axis=1))

# The public functions defined above (helpers and imports stay private).
__all__ = [_name for _name, _value in list(globals().items())
           if not _name.startswith("_") and callable(_value)
           and getattr(_value, "__module__", None) == __name__]
