"""Elementwise functions (NumPy's ufuncs): exp, log, sin, maximum, where, ...

Each unary function is one row in a table: the fast element function, the
safe one used only if the fast pass raises, and how the dtype maps. They all
run through :func:`_unary`, the binary ones through the operator machinery of
``ndarray.py``.
"""

from __future__ import annotations

import math
import operator

from . import scalar as sc
from .creation import asarray
from .dtypes import BOOL, F64, I64, result_type
from .ndarray import (NDArray, _binary, _broadcast_to, _cast, _elements, _make, _python_scalar,
                      _ADD, _SUB, _MUL, _TRUEDIV, _FLOORDIV, _MOD, _POW, _LT, _LE, _GT,
                      _GE, _EQ, _NE, _AND, _OR, _XOR)
from .shape import broadcast_shapes

_ERRORS = (ZeroDivisionError, OverflowError, ValueError)
builtin_round = round  # the module defines NumPy's `round` below
_copysign = math.copysign

__all__ = [
    "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "sin", "cos", "tan",
    "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "abs", "absolute", "fabs", "sign", "floor", "ceil", "trunc", "rint", "round", "around",
    "square", "reciprocal", "negative", "positive", "isnan", "isinf", "isfinite",
    "signbit", "logical_not", "logical_and", "logical_or", "logical_xor",
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "mod",
    "remainder", "fmod", "power", "float_power", "maximum", "minimum", "fmax", "fmin",
    "less", "less_equal", "greater", "greater_equal", "equal", "not_equal",
    "bitwise_and", "bitwise_or", "bitwise_xor", "invert", "bitwise_not",
    "arctan2", "hypot", "copysign", "clip", "where", "nan_to_num", "deg2rad", "rad2deg",
    "degrees", "radians", "exp2", "cbrt", "heaviside",
]


def _arr(x) -> NDArray:
    return x if type(x) is NDArray else asarray(x)


def _unary(x, fast, safe=None, out_dtype=F64, int_fast=None, name="", bool_rule=None):
    """Map an element function over `x`; redo with `safe` only if `fast` raises.

    `out_dtype` is F64 (always float), ``None`` (keep the input dtype) or BOOL.
    `int_fast` replaces `fast` for int64/bool input when given. `bool_rule`
    says what bool input does where NumPy differs from int64 input: ``"keep"``
    (the result is the input), ``I64`` (computed as int64, as NumPy's int8
    loop) or ``"error"`` (NumPy has no bool loop: TypeError).
    """
    a = _arr(x)
    src = a._dtype
    if src is BOOL and bool_rule is not None:
        if bool_rule == "keep":
            result = a.copy()
            return result[()] if not a._shape and _scalar_input(x) else result
        if bool_rule == "error":
            raise TypeError(f"ufunc '{name}' did not contain a loop with signature matching "
                            "types (bool); use an int64 or float64 array")
        a, src = a.astype(I64), I64
    values = _elements(a)
    fn = fast
    if src is not F64:
        if int_fast is not None:
            fn = safe = int_fast
        elif out_dtype is F64:
            values = _cast(values, src, F64)
    try:
        data = list(map(fn, values))
    except _ERRORS:
        if safe is None:
            raise
        data = list(map(safe, values))
    except TypeError:
        raise TypeError(f"ufunc '{name}' not supported for the input types ({src})") from None
    dt = src if out_dtype is None else out_dtype
    result = _make(data, a._shape, dt)
    return result[()] if not a._shape and _scalar_input(x) else result


def _scalar_input(x) -> bool:
    return not isinstance(x, (NDArray, list, tuple))


def _make_unary(name, fast, safe=None, out_dtype=F64, int_fast=None, doc="", bool_rule=None):
    def ufunc(x):
        return _unary(x, fast, safe, out_dtype, int_fast, name, bool_rule)
    ufunc.__name__ = ufunc.__qualname__ = name
    ufunc.__doc__ = doc
    return ufunc


exp = _make_unary("exp", math.exp, sc.safe_exp, doc="""e to the power x, elementwise (overflow gives inf).

    >>> import latpy as lp
    >>> lp.exp(lp.array([0.0, 1.0])).tolist()
    [1.0, 2.718281828459045]
    """)
log = _make_unary("log", math.log, sc.safe_log, doc="""Natural logarithm (log(0) = -inf, log(-1) = nan).

    >>> import latpy as lp
    >>> lp.log(lp.array([1.0, 0.0])).tolist()
    [0.0, -inf]
    """)
log2 = _make_unary("log2", math.log2, sc.safe_log2, doc="""Base-2 logarithm.

    >>> import latpy as lp
    >>> lp.log2(lp.array([8.0])).tolist()
    [3.0]
    """)
log10 = _make_unary("log10", math.log10, sc.safe_log10, doc="""Base-10 logarithm.

    >>> import latpy as lp
    >>> lp.log10(lp.array([100.0])).tolist()
    [2.0]
    """)
log1p = _make_unary("log1p", math.log1p, sc.safe_log1p, doc="""log(1 + x), accurate for small x.

    >>> import latpy as lp
    >>> lp.log1p(lp.array([0.0])).tolist()
    [0.0]
    """)
expm1 = _make_unary("expm1", math.expm1, sc.safe_expm1, doc="""exp(x) - 1, accurate for small x.

    >>> import latpy as lp
    >>> lp.expm1(lp.array([0.0])).tolist()
    [0.0]
    """)
sqrt = _make_unary("sqrt", math.sqrt, sc.safe_sqrt, doc="""Square root (negative -> nan).

    >>> import latpy as lp
    >>> lp.sqrt(lp.array([4.0, -1.0])).tolist()
    [2.0, nan]
    """)
sin = _make_unary("sin", math.sin, sc.safe_sin, doc="""Sine, elementwise.

    >>> import latpy as lp
    >>> lp.sin(lp.array([0.0])).tolist()
    [0.0]
    """)
cos = _make_unary("cos", math.cos, sc.safe_cos, doc="""Cosine, elementwise.

    >>> import latpy as lp
    >>> lp.cos(lp.array([0.0])).tolist()
    [1.0]
    """)
tan = _make_unary("tan", math.tan, sc.safe_tan, doc="""Tangent, elementwise.

    >>> import latpy as lp
    >>> lp.tan(lp.array([0.0])).tolist()
    [0.0]
    """)
arcsin = _make_unary("arcsin", math.asin, sc.safe_asin, doc="""Inverse sine (|x| > 1 -> nan).

    >>> import latpy as lp
    >>> lp.arcsin(lp.array([0.0, 2.0])).tolist()
    [0.0, nan]
    """)
arccos = _make_unary("arccos", math.acos, sc.safe_acos, doc="""Inverse cosine (|x| > 1 -> nan).

    >>> import latpy as lp
    >>> lp.arccos(lp.array([1.0])).tolist()
    [0.0]
    """)
arctan = _make_unary("arctan", math.atan, doc="""Inverse tangent.

    >>> import latpy as lp
    >>> lp.arctan(lp.array([0.0])).tolist()
    [0.0]
    """)
sinh = _make_unary("sinh", math.sinh, sc.safe_sinh, doc="""Hyperbolic sine (overflow gives +-inf).

    >>> import latpy as lp
    >>> lp.sinh(lp.array([0.0])).tolist()
    [0.0]
    """)
cosh = _make_unary("cosh", math.cosh, sc.safe_cosh, doc="""Hyperbolic cosine (overflow gives inf).

    >>> import latpy as lp
    >>> lp.cosh(lp.array([0.0])).tolist()
    [1.0]
    """)
tanh = _make_unary("tanh", math.tanh, doc="""Hyperbolic tangent.

    >>> import latpy as lp
    >>> lp.tanh(lp.array([0.0])).tolist()
    [0.0]
    """)
arcsinh = _make_unary("arcsinh", math.asinh, doc="""Inverse hyperbolic sine.

    >>> import latpy as lp
    >>> lp.arcsinh(lp.array([0.0])).tolist()
    [0.0]
    """)
arccosh = _make_unary("arccosh", math.acosh, sc._nan_on_error(math.acosh), doc="""Inverse hyperbolic cosine (x < 1 -> nan).

    >>> import latpy as lp
    >>> lp.arccosh(lp.array([1.0])).tolist()
    [0.0]
    """)


def _safe_atanh(x):
    try:
        return math.atanh(x)
    except ValueError:
        if x == 1:
            return math.inf
        if x == -1:
            return -math.inf
        return math.nan


arctanh = _make_unary("arctanh", math.atanh, _safe_atanh, doc="""Inverse hyperbolic tangent (+-1 -> +-inf).

    >>> import latpy as lp
    >>> lp.arctanh(lp.array([0.0, 1.0])).tolist()
    [0.0, inf]
    """)
absolute = _make_unary("absolute", abs, out_dtype=None, bool_rule="keep", doc="""Absolute value, keeping the dtype.

    >>> import latpy as lp
    >>> lp.abs(lp.array([-2, 3])).tolist()
    [2, 3]
    """)
abs = absolute  # noqa: A001 - NumPy's name
fabs = _make_unary("fabs", math.fabs, doc="""Absolute value as float64.

    >>> import latpy as lp
    >>> lp.fabs(lp.array([-2])).tolist()
    [2.0]
    """)
sign = _make_unary("sign", sc.sign, out_dtype=None, int_fast=sc.int_sign, bool_rule="error", doc="""-1, 0 or +1 by the sign of x (nan stays nan).

    >>> import latpy as lp
    >>> lp.sign(lp.array([-2.0, 0.0, 5.0])).tolist()
    [-1.0, 0.0, 1.0]
    """)


def _identity(x):
    return x


floor = _make_unary("floor", sc.floor, out_dtype=None, int_fast=_identity, doc="""Largest integer <= x (ints are returned unchanged, as in NumPy 2).

    >>> import latpy as lp
    >>> lp.floor(lp.array([-1.5, 1.5])).tolist()
    [-2.0, 1.0]
    """)
ceil = _make_unary("ceil", sc.ceil, out_dtype=None, int_fast=_identity, doc="""Smallest integer >= x.

    >>> import latpy as lp
    >>> lp.ceil(lp.array([-1.5, 1.5])).tolist()
    [-1.0, 2.0]
    """)
trunc = _make_unary("trunc", sc.trunc, out_dtype=None, int_fast=_identity, doc="""Round toward zero.

    >>> import latpy as lp
    >>> lp.trunc(lp.array([-1.5, 1.5])).tolist()
    [-1.0, 1.0]
    """)


def _round_half_even(x):
    try:
        r = float(builtin_round(x))
    except (OverflowError, ValueError):
        return x
    return r if r else _copysign(0.0, x)  # rint(-0.4) is -0.0


rint = _make_unary("rint", _round_half_even, doc="""Round to the nearest integer, halves to even (float64 result).

    >>> import latpy as lp
    >>> lp.rint(lp.array([0.5, 1.5, 2.5])).tolist()
    [0.0, 2.0, 2.0]
    """)


def round(a, decimals=0):  # noqa: A001 - NumPy's name
    """Round to `decimals` places, halves to even (NumPy's ``round``/``around``).

    >>> import latpy as lp
    >>> lp.round(lp.array([1.234, 2.5]), 1).tolist()
    [1.2, 2.5]
    """
    a = _arr(a)
    if a._dtype is BOOL:  # NumPy rounds bools in a float type
        a = a.astype(F64)
    if a._dtype is not F64:
        if decimals >= 0:
            return a.copy()
        factor = 10 ** (-decimals)
        return _make([int(builtin_round(x / factor)) * factor for x in _elements(a)],
                     a._shape, a._dtype)
    if decimals == 0:
        return rint(a)
    # NumPy scales, rounds half-to-even and scales back (not correctly-rounded).
    rint_ = _round_half_even
    if decimals > 0:
        f = 10.0 ** decimals
        data = [rint_(x * f) / f for x in _elements(a)]
    else:
        f = 10.0 ** (-decimals)
        data = [rint_(x / f) * f for x in _elements(a)]
    return _make(data, a._shape, F64)


around = round

square = _make_unary("square", sc.safe_square, out_dtype=None, bool_rule=I64, doc="""x * x, keeping the dtype.

    >>> import latpy as lp
    >>> lp.square(lp.array([3])).tolist()
    [9]
    """)


def _int_reciprocal(x):
    return 1 if x == 1 else -1 if x == -1 else 0


reciprocal = _make_unary("reciprocal", sc.reciprocal, out_dtype=None, int_fast=_int_reciprocal,
                         bool_rule=I64,
                         doc="""1 / x (float64: 1/0 = inf; int64 truncates as NumPy).

    >>> import latpy as lp
    >>> lp.reciprocal(lp.array([2.0, 0.0])).tolist()
    [0.5, inf]
    """)


def negative(x):
    """-x, elementwise.

    >>> import latpy as lp
    >>> lp.negative(lp.array([1, -2])).tolist()
    [-1, 2]
    """
    return -_arr(x)


def positive(x):
    """+x (a copy).

    >>> import latpy as lp
    >>> lp.positive(lp.array([1.0])).tolist()
    [1.0]
    """
    return +_arr(x)


isnan = _make_unary("isnan", sc.isnan, out_dtype=BOOL, int_fast=lambda x: False, doc="""True where x is NaN.

    >>> import latpy as lp
    >>> lp.isnan(lp.array([1.0, float('nan')])).tolist()
    [False, True]
    """)
isinf = _make_unary("isinf", sc.isinf, out_dtype=BOOL, int_fast=lambda x: False, doc="""True where x is +inf or -inf.

    >>> import latpy as lp
    >>> lp.isinf(lp.array([1.0, float('-inf')])).tolist()
    [False, True]
    """)
isfinite = _make_unary("isfinite", sc.isfinite, out_dtype=BOOL, int_fast=lambda x: True, doc="""True where x is neither inf nor nan.

    >>> import latpy as lp
    >>> lp.isfinite(lp.array([1.0, float('inf')])).tolist()
    [True, False]
    """)
signbit = _make_unary("signbit", lambda x: math.copysign(1.0, x) < 0, out_dtype=BOOL,
                      int_fast=lambda x: x < 0, doc="""True where the sign bit is set (including -0.0).

    >>> import latpy as lp
    >>> lp.signbit(lp.array([-0.0, 1.0])).tolist()
    [True, False]
    """)
logical_not = _make_unary("logical_not", operator.not_, out_dtype=BOOL, int_fast=operator.not_,
                          doc="""not x, elementwise (bool result).

    >>> import latpy as lp
    >>> lp.logical_not(lp.array([0.0, 2.0])).tolist()
    [True, False]
    """)
deg2rad = _make_unary("deg2rad", math.radians, doc="""Degrees to radians.

    >>> import latpy as lp
    >>> lp.deg2rad(lp.array([180.0])).tolist()
    [3.141592653589793]
    """)
radians = deg2rad
rad2deg = _make_unary("rad2deg", math.degrees, doc="""Radians to degrees.

    >>> import latpy as lp
    >>> lp.rad2deg(lp.array([0.0])).tolist()
    [0.0]
    """)
degrees = rad2deg
exp2 = _make_unary("exp2", lambda x: sc.safe_pow(2.0, x), doc="""2 to the power x.

    >>> import latpy as lp
    >>> lp.exp2(lp.array([3.0])).tolist()
    [8.0]
    """)
cbrt = _make_unary("cbrt", lambda x: math.copysign(abs(x) ** (1.0 / 3.0), x) if x - x == 0 else x,
                   doc="""Cube root (real, keeps the sign).

    >>> import latpy as lp
    >>> lp.cbrt(lp.array([-8.0])).tolist()
    [-2.0]
    """)


# ------------------------------------------------------------------ binary
def _binop(a, b, op):
    if isinstance(a, NDArray):
        return _binary(a, b, op, False)
    if isinstance(b, NDArray):
        return _binary(b, a, op, True)
    result = _binary(_arr(a), b, op, False)
    return result[()] if not result._shape else result


def _make_binary(name, op, doc):
    def ufunc(x1, x2):
        return _binop(x1, x2, op)
    ufunc.__name__ = ufunc.__qualname__ = name
    ufunc.__doc__ = doc
    return ufunc


add = _make_binary("add", _ADD, """x1 + x2 with broadcasting.

    >>> import latpy as lp
    >>> lp.add(lp.array([1, 2]), 1).tolist()
    [2, 3]
    """)
subtract = _make_binary("subtract", _SUB, """x1 - x2 with broadcasting.

    >>> import latpy as lp
    >>> lp.subtract([3.0], [1.0]).tolist()
    [2.0]
    """)
multiply = _make_binary("multiply", _MUL, """x1 * x2 with broadcasting.

    >>> import latpy as lp
    >>> lp.multiply([2.0], [4.0]).tolist()
    [8.0]
    """)
true_divide = _make_binary("true_divide", _TRUEDIV, """x1 / x2 (always float64; 1/0 = inf).

    >>> import latpy as lp
    >>> lp.divide([1, 1], [2, 0]).tolist()
    [0.5, inf]
    """)
divide = true_divide
floor_divide = _make_binary("floor_divide", _FLOORDIV, """x1 // x2.

    >>> import latpy as lp
    >>> lp.floor_divide([7, -7], 2).tolist()
    [3, -4]
    """)
remainder = _make_binary("remainder", _MOD, """x1 % x2 with the sign of x2 (Python/NumPy convention).

    >>> import latpy as lp
    >>> lp.mod([5, -5], 3).tolist()
    [2, 1]
    """)
mod = remainder
power = _make_binary("power", _POW, """x1 ** x2 (int64 to a negative int power raises ValueError).

    >>> import latpy as lp
    >>> lp.power([2.0, 3.0], 2).tolist()
    [4.0, 9.0]
    """)
less = _make_binary("less", _LT, """x1 < x2 (bool).

    >>> import latpy as lp
    >>> lp.less([1, 3], 2).tolist()
    [True, False]
    """)
less_equal = _make_binary("less_equal", _LE, """x1 <= x2 (bool).

    >>> import latpy as lp
    >>> lp.less_equal([2], 2).tolist()
    [True]
    """)
greater = _make_binary("greater", _GT, """x1 > x2 (bool).

    >>> import latpy as lp
    >>> lp.greater([3], 2).tolist()
    [True]
    """)
greater_equal = _make_binary("greater_equal", _GE, """x1 >= x2 (bool).

    >>> import latpy as lp
    >>> lp.greater_equal([1], 2).tolist()
    [False]
    """)
equal = _make_binary("equal", _EQ, """x1 == x2 (bool).

    >>> import latpy as lp
    >>> lp.equal([1, 2], 2).tolist()
    [False, True]
    """)
not_equal = _make_binary("not_equal", _NE, """x1 != x2 (bool).

    >>> import latpy as lp
    >>> lp.not_equal([1, 2], 2).tolist()
    [True, False]
    """)
bitwise_and = _make_binary("bitwise_and", _AND, """x1 & x2 for bool/int64.

    >>> import latpy as lp
    >>> lp.bitwise_and([True, True], [True, False]).tolist()
    [True, False]
    """)
bitwise_or = _make_binary("bitwise_or", _OR, """x1 | x2 for bool/int64.

    >>> import latpy as lp
    >>> lp.bitwise_or([True, False], [False, False]).tolist()
    [True, False]
    """)
bitwise_xor = _make_binary("bitwise_xor", _XOR, """x1 ^ x2 for bool/int64.

    >>> import latpy as lp
    >>> lp.bitwise_xor([True, True], [True, False]).tolist()
    [False, True]
    """)


def invert(x):
    """~x: logical not for bool, bitwise not for int64.

    >>> import latpy as lp
    >>> lp.invert(lp.array([True, False])).tolist()
    [False, True]
    """
    return ~_arr(x)


bitwise_not = invert


def _as_bool(x) -> NDArray:
    a = _arr(x)
    return a if a._dtype is BOOL else a.astype(BOOL)


def logical_and(x1, x2):
    """Elementwise ``x1 and x2`` (truth values; bool result).

    >>> import latpy as lp
    >>> lp.logical_and([1.0, 0.0], [2.0, 2.0]).tolist()
    [True, False]
    """
    return _as_bool(x1) & _as_bool(x2)


def logical_or(x1, x2):
    """Elementwise ``x1 or x2`` (bool result).

    >>> import latpy as lp
    >>> lp.logical_or([0.0, 0.0], [1.0, 0.0]).tolist()
    [True, False]
    """
    return _as_bool(x1) | _as_bool(x2)


def logical_xor(x1, x2):
    """Elementwise exclusive or of truth values.

    >>> import latpy as lp
    >>> lp.logical_xor([1, 0], [1, 1]).tolist()
    [False, True]
    """
    return _as_bool(x1) ^ _as_bool(x2)


def _float_map2(name, fn, x1, x2, safe=None):
    """A float64 binary function with broadcasting, built on the operator dispatch."""
    from .ndarray import _Op
    op = _Op(name, fn, safe, kind="div")  # "div" kind: float64 result for any input
    return _binop(_to_float(x1), _to_float(x2), op)


def _to_float(x):
    a = _arr(x)
    return a if a._dtype is F64 else a.astype(F64)


def float_power(x1, x2):
    """x1 ** x2 computed in float64.

    >>> import latpy as lp
    >>> lp.float_power([2], [-1]).tolist()
    [0.5]
    """
    return _float_map2("float_power", math.pow, x1, x2, sc.safe_pow)


def fmod(x1, x2):
    """C-style remainder with the sign of x1 (``math.fmod``).

    >>> import latpy as lp
    >>> lp.fmod([-5.0], [3.0]).tolist()
    [-2.0]
    """
    def safe(x, y):
        try:
            return math.fmod(x, y)
        except ValueError:
            return math.nan
    a, b = _arr(x1), _arr(x2)
    if a._dtype is not F64 and b._dtype is not F64:
        from .ndarray import _Op
        op = _Op("fmod", lambda x, y: int(math.fmod(x, y)) if y else 0)
        return _binop(a, b, op)
    return _float_map2("fmod", math.fmod, a, b, safe)


def arctan2(x1, x2):
    """Angle of the point (x2, x1), elementwise.

    >>> import latpy as lp
    >>> lp.arctan2([1.0], [1.0]).tolist()
    [0.7853981633974483]
    """
    return _float_map2("arctan2", math.atan2, x1, x2)


def hypot(x1, x2):
    """sqrt(x1**2 + x2**2), elementwise, without overflow.

    >>> import latpy as lp
    >>> lp.hypot([3.0], [4.0]).tolist()
    [5.0]
    """
    return _float_map2("hypot", math.hypot, x1, x2)


def copysign(x1, x2):
    """x1 with the sign of x2.

    >>> import latpy as lp
    >>> lp.copysign([1.0], [-0.0]).tolist()
    [-1.0]
    """
    return _float_map2("copysign", math.copysign, x1, x2)


def heaviside(x1, x2):
    """0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0.

    >>> import latpy as lp
    >>> lp.heaviside([-1.0, 0.0, 2.0], 0.5).tolist()
    [0.0, 0.5, 1.0]
    """
    def step(x, h):
        return 0.0 if x < 0 else h if x == 0 else 1.0 if x > 0 else x
    return _float_map2("heaviside", step, x1, x2)


def _nan_max(x, y):
    return x if x >= y or x != x else y


def _nan_min(x, y):
    return x if x <= y or x != x else y


def _common(x1, x2):
    a, b = _arr(x1), _arr(x2)
    dt = result_type(a._dtype, b._dtype)
    return (a if a._dtype is dt else a.astype(dt)), (b if b._dtype is dt else b.astype(dt))


def _select_op(name, fn):
    from .ndarray import _Op
    return _Op(name, fn, bool_fn=fn)  # bool inputs give a bool result


_MAXIMUM = _select_op("maximum", _nan_max)
_MINIMUM = _select_op("minimum", _nan_min)
_FMAX = _select_op("fmax", lambda x, y: y if x < y or x != x else x)
_FMIN = _select_op("fmin", lambda x, y: y if x > y or x != x else x)


def maximum(x1, x2):
    """Elementwise maximum with broadcasting; NaN propagates.

    >>> import latpy as lp
    >>> lp.maximum([1.0, 5.0], [3.0, 2.0]).tolist()
    [3.0, 5.0]
    """
    if type(x1) is NDArray and x1._flat is not None and x1._dtype is F64 and \
            type(x2) is float:  # relu / clamp: the rule of _nan_max, inline (no call per element)
        return _make([v if v >= x2 or v != v else x2 for v in x1._flat], x1._shape, F64)
    return _binop(*_common(x1, x2), _MAXIMUM)


def minimum(x1, x2):
    """Elementwise minimum with broadcasting; NaN propagates.

    >>> import latpy as lp
    >>> lp.minimum([1.0, 5.0], [3.0, 2.0]).tolist()
    [1.0, 2.0]
    """
    if type(x1) is NDArray and x1._flat is not None and x1._dtype is F64 and \
            type(x2) is float:  # clamp's upper bound: the rule of _nan_min, inline
        return _make([v if v <= x2 or v != v else x2 for v in x1._flat], x1._shape, F64)
    return _binop(*_common(x1, x2), _MINIMUM)


def fmax(x1, x2):
    """Elementwise maximum that ignores NaN where the other value is a number.

    >>> import latpy as lp
    >>> lp.fmax([float('nan')], [1.0]).tolist()
    [1.0]
    """
    return _binop(*_common(x1, x2), _FMAX)


def fmin(x1, x2):
    """Elementwise minimum that ignores NaN where the other value is a number.

    >>> import latpy as lp
    >>> lp.fmin([float('nan')], [1.0]).tolist()
    [1.0]
    """
    return _binop(*_common(x1, x2), _FMIN)


def clip(a, a_min=None, a_max=None):
    """Limit values to ``[a_min, a_max]`` (either bound may be None; bounds broadcast).

    >>> import latpy as lp
    >>> lp.clip(lp.array([-1.0, 0.5, 2.0]), 0.0, 1.0).tolist()
    [0.0, 0.5, 1.0]
    """
    if a_min is None and a_max is None:
        raise ValueError("clip: at least one of a_min or a_max must be given")
    out = _arr(a)
    if a_min is not None:
        out = maximum(out, a_min)
    if a_max is not None:
        out = minimum(out, a_max)
    return out if out is not a else out.copy()


def where(condition, x=None, y=None):
    """Elements of `x` where `condition` is true, else of `y` (all broadcast).

    With only `condition`, the same as ``nonzero(condition)``.

    >>> import latpy as lp
    >>> lp.where(lp.array([True, False]), 1.0, 2.0).tolist()
    [1.0, 2.0]
    """
    if x is None and y is None:
        from .manipulation import nonzero
        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    c, xa, ya = _arr(condition), _arr(x), _arr(y)
    dt = result_type(xa._dtype, ya._dtype)
    shape = broadcast_shapes(c._shape, xa._shape, ya._shape)
    broadcast_to = _broadcast_to
    cv = _elements(broadcast_to(c, shape))
    xv = _cast(_elements(broadcast_to(xa, shape)), xa._dtype, dt)
    yv = _cast(_elements(broadcast_to(ya, shape)), ya._dtype, dt)
    return _make([p if t else q for t, p, q in zip(cv, xv, yv)], shape, dt)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """Replace nan with `nan`, inf with the largest float (or `posinf`), -inf likewise.

    >>> import latpy as lp
    >>> lp.nan_to_num(lp.array([float('nan'), 1.0])).tolist()
    [0.0, 1.0]
    """
    a = _arr(x)
    if a._dtype is not F64:
        return a.copy()
    big = 1.7976931348623157e308
    hi = big if posinf is None else float(posinf)
    lo = -big if neginf is None else float(neginf)
    nan_value = float(nan)
    inf = math.inf

    def fix(v):
        if v != v:
            return nan_value
        if v == inf:
            return hi
        if v == -inf:
            return lo
        return v
    return _make(list(map(fix, _elements(a))), a._shape, F64)


# ------------------------------------------------------------------ methods
def _clip_method(self, min=None, max=None):  # noqa: A002 - NumPy's names
    return clip(self, min, max)


def _round_method(self, decimals=0):
    return round(self, decimals)


NDArray.clip = _clip_method
NDArray.round = _round_method
NDArray.conj = NDArray.conjugate = lambda self: self.copy()
