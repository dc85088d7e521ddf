"""Binary operators for NDArray: one table row per operator, one dispatch function.

``a + b``, ``a < b``, ``a & b``, ... all end in :func:`_binary`, which works out
the result dtype (NumPy's promotion among bool < int64 < float64, with Python
scalars "weak" as in NumPy 2), picks the element function for that dtype, and
runs it through the kernels: the fast ``map`` first, the IEEE-safe version
(``1/0 -> inf``) only if the fast one raised.
"""

from __future__ import annotations

import math
import operator

from . import kernels
from . import scalar as sc
from .dtypes import BOOL, F64, I64, result_type
from .ndarray import NDArray, _cast, _elements, _first, _make, _parts, _write
from .shape import broadcast_shapes


class _Op:
    """How one binary operator is computed for each result dtype."""

    __slots__ = ("name", "fast", "safe", "kind", "bool_fn", "int_fn")

    def __init__(self, name, fast, safe=None, kind="arith", bool_fn=None, int_fn=None):
        self.name, self.fast, self.safe, self.kind = name, fast, safe, kind
        self.bool_fn, self.int_fn = bool_fn, int_fn


def _bool_sub(x, y):
    raise TypeError("numpy boolean subtract, the `-` operator, is not supported, use the "
                    "bitwise_xor, the `^` operator, or the logical_xor function instead.")


_ADD = _Op("add", operator.add, bool_fn=operator.or_)
_SUB = _Op("subtract", operator.sub, bool_fn=_bool_sub)
_MUL = _Op("multiply", operator.mul, bool_fn=operator.and_)
_TRUEDIV = _Op("true_divide", operator.truediv, sc.safe_truediv, kind="div")
_FLOORDIV = _Op("floor_divide", operator.floordiv, sc.safe_floordiv)
_MOD = _Op("remainder", operator.mod, sc.safe_mod)
_POW = _Op("power", math.pow, sc.safe_pow, int_fn=sc.int_pow)
_LT = _Op("less", operator.lt, kind="cmp")
_LE = _Op("less_equal", operator.le, kind="cmp")
_GT = _Op("greater", operator.gt, kind="cmp")
_GE = _Op("greater_equal", operator.ge, kind="cmp")
_EQ = _Op("equal", operator.eq, kind="cmp")
_NE = _Op("not_equal", operator.ne, kind="cmp")
_AND = _Op("bitwise_and", operator.and_, kind="bit")
_OR = _Op("bitwise_or", operator.or_, kind="bit")
_XOR = _Op("bitwise_xor", operator.xor, kind="bit")
_ERRORS = (ZeroDivisionError, OverflowError, ValueError)


def _python_scalar(value):
    """A Python float/int/bool for a number-like `value` (NumPy scalars included)."""
    t = type(value)
    if t is float or t is int or t is bool:
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    if hasattr(value, "__index__") and not hasattr(value, "shape"):
        return operator.index(value)
    if hasattr(value, "__float__") and not hasattr(value, "shape"):
        return float(value)
    raise TypeError(f"expected a number, got {t.__name__}")


def _operand_array(value):
    """An NDArray for a right-hand operand, or NotImplemented for foreign types."""
    if isinstance(value, NDArray):
        return value
    if isinstance(value, (list, tuple, float, int)) or _is_numpy(value):
        from .creation import asarray
        return asarray(value)
    return NotImplemented


def _is_numpy(value) -> bool:
    return type(value).__module__ == "numpy"


def _result_dtype(op: _Op, da, db):
    kind = op.kind
    if kind == "cmp":
        return BOOL
    if kind == "div":
        return F64
    dt = da if da is db else result_type(da, db)
    if kind == "bit" and dt is F64:
        raise TypeError(f"ufunc '{op.name}' not supported for the input types: float64 "
                        "(`&`, `|`, `^` need bool or int64 arrays)")
    return dt


def _pick(op: _Op, da, db, dt):
    """The element functions (fast, safe) for `op` on these dtypes."""
    if dt is BOOL and op.bool_fn is not None and op.kind == "arith":
        if op.bool_fn is _bool_sub:  # raise even when there are no elements
            _bool_sub(False, False)
        return op.bool_fn, None
    if op.int_fn is not None and dt is not F64:
        return op.int_fn, op.int_fn
    return op.fast, op.safe


def _binary(a: NDArray, b, op: _Op, reflected: bool):
    """``op(a, b)`` (or ``op(b, a)`` when reflected) with NumPy broadcasting."""
    tb = type(b)
    if tb is NDArray:
        pass
    elif tb is float or tb is int or tb is bool or isinstance(b, (float, int)):
        return _binary_scalar(a, _python_scalar(b), op, reflected)
    else:
        b = _operand_array(b)
        if b is NotImplemented:
            return NotImplemented
        if b._size == 1 and not b._shape:
            return _binary_scalar(a, _first(b), op, reflected)
    if reflected:
        a, b = b, a
    da, db = a._dtype, b._dtype
    dt = _result_dtype(op, da, db)
    fast, safe = _pick(op, da, db, dt)
    if dt is BOOL and op.kind == "arith" and op.bool_fn is None and da is BOOL and db is BOOL:
        dt = I64
    shape = a._shape if a._shape == b._shape else _broadcast(a, b, op)
    try:
        data = _apply(fast, a, b, shape)
    except _ERRORS:
        if safe is None:
            raise
        data = _apply(safe, a, b, shape)
    return _make(data, shape, dt)


def _broadcast(a, b, op):
    try:
        return broadcast_shapes(a._shape, b._shape)
    except ValueError:
        raise ValueError(f"operands could not be broadcast together with shapes "
                         f"{a._shape} {b._shape} (in {op.name})") from None


def _apply(fn, a: NDArray, b: NDArray, shape: tuple) -> list:
    fa, fb = a._flat, b._flat
    if fa is not None and fb is not None and a._shape == b._shape:
        return list(map(fn, fa, fb))
    if b._size == 1 and a._shape == shape:
        return kernels.scalar_right(fn, _elements(a), _first(b))
    if a._size == 1 and b._shape == shape:
        return kernels.scalar_left(fn, _first(a), _elements(b))
    return kernels.binary(fn, _parts(a), _parts(b), shape)


def _binary_scalar(a: NDArray, s, op: _Op, reflected: bool):
    da = a._dtype
    ds = F64 if type(s) is float else BOOL if type(s) is bool else I64
    # NumPy 2 (NEP 50): a Python scalar is "weak" -- it only promotes the kind.
    dt = _result_dtype(op, da, ds)
    fast, safe = _pick(op, da, ds, dt)
    if dt is BOOL and op.kind == "arith" and op.bool_fn is None and da is BOOL:
        dt = I64
    elements = _elements(a)
    try:
        if reflected:
            data = kernels.scalar_left(fast, s, elements)
        else:
            data = kernels.scalar_right(fast, elements, s)
    except _ERRORS:
        if safe is None:
            raise
        if reflected:
            data = kernels.scalar_left(safe, s, elements)
        else:
            data = kernels.scalar_right(safe, elements, s)
    if dt is F64 and ds is F64 and da is not F64 and op.kind != "div" and data:
        pass  # int op float already gives Python floats
    return _make(data, a._shape, dt)


_CAN_HOLD = {(F64, F64), (F64, I64), (F64, BOOL), (I64, I64), (I64, BOOL), (BOOL, BOOL)}


def _inplace(a: NDArray, other, op: _Op):
    result = _binary(a, other, op, False)
    if result is NotImplemented:
        # An in-place op must not fall back to a reflected one that rebinds `a` to a
        # foreign type: a wrapper holding an NDArray in `.data` (latpy.torch's Tensor,
        # as in ``p.data -= lr * p.grad``) takes part with its array.
        inner = getattr(other, "data", None)
        if not isinstance(inner, NDArray):
            return NotImplemented
        result = _binary(a, inner, op, False)
    if result._shape != a._shape:
        raise ValueError(f"non-broadcastable output operand with shape {a._shape} doesn't "
                         f"match the broadcast shape {result._shape}")
    if (a._dtype, result._dtype) not in _CAN_HOLD:
        raise TypeError(f"Cannot cast ufunc '{op.name}' output from {result._dtype!r} to "
                        f"{a._dtype!r} with casting rule 'same_kind'")
    _write(a, _cast(result._flat, result._dtype, a._dtype))
    return a
