"""Element functions with NumPy's IEEE-754 behaviour.

The kernels first run the plain, fast Python function (``operator.truediv``,
``math.exp``, ...) over a whole list. Only when that raises
(``ZeroDivisionError``, ``OverflowError``, ``ValueError``) do they redo the
work with the ``safe_*`` version from this module, which returns ``inf``,
``-inf`` or ``nan`` where NumPy does. Well-behaved data never pays for it.
"""

from __future__ import annotations

import math

inf = math.inf
nan = math.nan
_copysign = math.copysign
_is_odd_integer = lambda y: float(y).is_integer() and int(y) % 2 == 1  # noqa: E731


def safe_truediv(x, y):
    """``x / y`` with ``1/0 -> inf``, ``0/0 -> nan``.

    >>> safe_truediv(1.0, -0.0)
    -inf
    """
    try:
        return x / y
    except ZeroDivisionError:
        if x != x or x == 0:
            return nan
        return _copysign(inf, x) * _copysign(1.0, y)
    except OverflowError:
        return float(x) / float(y)


def safe_floordiv(x, y):
    """``x // y``; a zero divisor gives ``±inf``/``nan`` for floats and 0 for ints.

    >>> safe_floordiv(1.0, 0.0), safe_floordiv(7, 0)
    (inf, 0)
    """
    try:
        return x // y
    except ZeroDivisionError:
        if isinstance(x, int) and isinstance(y, int):
            return 0
        return safe_truediv(x, y)


def safe_mod(x, y):
    """``x % y``; a zero divisor gives ``nan`` for floats and 0 for ints.

    >>> safe_mod(5.0, 0.0)
    nan
    """
    try:
        return x % y
    except ZeroDivisionError:
        if isinstance(x, int) and isinstance(y, int):
            return 0
        return nan


def safe_pow(x, y):
    """Float ``x ** y`` as NumPy computes it (``(-8) ** 0.5 -> nan``, ``0 ** -1 -> inf``).

    >>> safe_pow(0.0, -1.0), safe_pow(-8.0, 0.5)
    (inf, nan)
    """
    try:
        return math.pow(x, y)
    except OverflowError:
        if x < 0 and _is_odd_integer(y):
            return -inf
        return inf if abs(x) > 1 or y < 0 else 0.0
    except ValueError:
        if x == 0:  # zero to a negative power
            return _copysign(inf, x) if _is_odd_integer(y) else inf
        return nan


def int_pow(x, y):
    """Integer power; a negative exponent raises ``ValueError`` as in NumPy.

    >>> int_pow(2, 10)
    1024
    """
    if y < 0:
        raise ValueError("Integers to negative integer powers are not allowed.")
    return x ** y


def safe_exp(x):
    """``exp`` that overflows to ``inf``.

    >>> safe_exp(1000.0)
    inf
    """
    try:
        return math.exp(x)
    except OverflowError:
        return inf


def safe_expm1(x):
    """``expm1`` that overflows to ``inf``."""
    try:
        return math.expm1(x)
    except OverflowError:
        return inf


def _log_like(fn, edge=0.0):
    def safe(x):
        try:
            return fn(x)
        except (ValueError, OverflowError):
            if x == edge:
                return -inf
            return nan
    safe.__name__ = "safe_" + fn.__name__
    safe.__doc__ = f"``{fn.__name__}`` with ``{edge}`` -> ``-inf`` and out-of-domain -> ``nan``."
    return safe


safe_log = _log_like(math.log)
safe_log2 = _log_like(math.log2)
safe_log10 = _log_like(math.log10)
safe_log1p = _log_like(math.log1p, -1.0)


def _nan_on_error(fn):
    def safe(x):
        try:
            return fn(x)
        except (ValueError, OverflowError):
            return nan
    safe.__name__ = "safe_" + fn.__name__
    safe.__doc__ = f"``{fn.__name__}`` giving ``nan`` outside its domain."
    return safe


safe_sqrt = _nan_on_error(math.sqrt)
safe_sin = _nan_on_error(math.sin)
safe_cos = _nan_on_error(math.cos)
safe_tan = _nan_on_error(math.tan)
safe_asin = _nan_on_error(math.asin)
safe_acos = _nan_on_error(math.acos)


def safe_sinh(x):
    """``sinh`` that overflows to ``±inf``."""
    try:
        return math.sinh(x)
    except OverflowError:
        return _copysign(inf, x)


def safe_cosh(x):
    """``cosh`` that overflows to ``inf``."""
    try:
        return math.cosh(x)
    except OverflowError:
        return inf


def floor(x):
    """Float floor that keeps ``inf``/``nan`` (``math.floor`` would raise) and -0.0.

    >>> floor(-1.5), floor(math.inf), floor(-0.0)
    (-2.0, inf, -0.0)
    """
    try:
        r = float(math.floor(x))
    except (OverflowError, ValueError):
        return x
    return r if r else _copysign(0.0, x)


def ceil(x):
    """Float ceiling that keeps ``inf``/``nan`` and the sign of zero.

    >>> ceil(-0.5), ceil(0.5)
    (-0.0, 1.0)
    """
    try:
        r = float(math.ceil(x))
    except (OverflowError, ValueError):
        return x
    return r if r else _copysign(0.0, x)


def trunc(x):
    """Float truncation toward zero that keeps ``inf``/``nan`` and the sign of zero.

    >>> trunc(-0.5), trunc(2.7)
    (-0.0, 2.0)
    """
    try:
        r = float(math.trunc(x))
    except (OverflowError, ValueError):
        return x
    return r if r else _copysign(0.0, x)


def sign(x):
    """-1.0, 0.0 or 1.0 (``nan`` stays ``nan``; the sign of zero is +0.0 as in NumPy).

    >>> sign(-3.0), sign(-0.0)
    (-1.0, 0.0)
    """
    return 1.0 if x > 0 else -1.0 if x < 0 else 0.0 if x == 0 else x


def int_sign(x):
    """-1, 0 or 1 for ints and bools."""
    return (x > 0) - (x < 0)


def isnan(x):
    """True for NaN.

    >>> isnan(float('nan'))
    True
    """
    return x != x


def isinf(x):
    """True for ``inf`` and ``-inf``."""
    return x == inf or x == -inf


def isfinite(x):
    """True for anything but ``inf``, ``-inf`` and ``nan``."""
    return x - x == 0  # inf - inf and nan - nan are nan


def reciprocal(x):
    """``1 / x`` with IEEE special values."""
    return safe_truediv(1.0, x)


def safe_square(x):
    """``x * x`` (never raises for floats; ints stay exact)."""
    return x * x
