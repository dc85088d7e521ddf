"""Floats to decimal digits exactly as NumPy's Dragon4 does, with the standard library.

The shortest round-trip digits come from ``repr(float)``; rounding to a fixed
number of digits comes from the exact ``Decimal(x)`` (round half to even, as
Dragon4 does); then NumPy's trimming and padding rules. ``_positional`` and
``_scientific`` are the digit modes the array printer (:mod:`latpy.core.printing`)
uses; ``format_float_positional`` and ``format_float_scientific`` are the public
forms, re-exported from there and from ``latpy``.
"""

from __future__ import annotations

import decimal
import math

__all__ = ["format_float_positional", "format_float_scientific"]

_EXACT = decimal.Context(prec=2000, rounding=decimal.ROUND_HALF_EVEN,
                         Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _round_digits(x: float, n: int, fractional: bool, unique: bool):
    """Digits of |x| correctly rounded (half-even) to `n` places, as (str, exponent).

    `fractional`: `n` digits after the point, else `n` significant digits. The
    value is ``int(digits) * 10**exponent``. Trailing zeros are kept only where
    Dragon4 generates them: rounding up increments the last digit that is not a 9
    and drops the 9s after it (1.2999 -> 1.3, 9.99 -> 1e1), and the exact mode
    (not `unique`) stops as soon as the value is exhausted (400.0 -> 4e2).
    """
    exact = decimal.Decimal(abs(x))
    if fractional:
        rounded = exact.quantize(decimal.Decimal(1).scaleb(-n), context=_EXACT)
    else:
        rounded = decimal.Context(prec=n, rounding=decimal.ROUND_HALF_EVEN,
                                  Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN).plus(exact)
    t = rounded.as_tuple()
    digits, exp = "".join(map(str, t.digits)), t.exponent
    if len(digits) < n and not fractional:  # 7.0 to 3 digits is 700e-2, as quantize pads
        digits, exp = digits + "0" * (n - len(digits)), exp - (n - len(digits))
    if rounded > exact or (rounded == exact and not unique):
        stripped = digits.rstrip("0")
        digits, exp = stripped, exp + len(digits) - len(stripped)
    return digits, exp


def _dragon4(x: float, precision: int, min_digits: int, unique: bool, fractional: bool):
    """Digits of finite |x| as NumPy's Dragon4 picks them: ``(digits, exponent)``.

    `precision`/`min_digits` are -1 when absent and count digits after the point
    (`fractional`) or significant digits.
    """
    if x == 0:
        return "0", 0
    if not unique:
        return _round_digits(x, precision, fractional, False)
    # repr gives the shortest digits that round-trip, as Dragon4's unique mode does
    t = decimal.Decimal(repr(abs(x))).as_tuple()
    digits = "".join(map(str, t.digits))
    exp = t.exponent + len(digits)
    digits = digits.rstrip("0")
    exp -= len(digits)
    needed = -exp if fractional else len(digits)
    if 0 <= precision < needed:
        return _round_digits(x, precision, fractional, True)
    if 0 <= min_digits and min_digits > needed:  # more digits of the exact value
        return _round_digits(x, min_digits, fractional, True)
    return digits, exp


def _trim(frac: str, trim: str, pad_to: int) -> str:
    """Apply a trim mode to the fraction digits: 'k' pads zeros up to `pad_to`;
    '.', '0' and '-' drop trailing zeros ('0' keeps one)."""
    if trim == "k":
        return frac + "0" * (pad_to - len(frac))
    frac = frac.rstrip("0")
    return "0" if trim == "0" and not frac else frac


def _special(x: float, sign: bool) -> str:
    if x != x:
        return "nan"
    return "-inf" if x < 0 else "+inf" if sign else "inf"


def _sign_of(x: float, sign: bool) -> str:
    return "-" if math.copysign(1.0, x) < 0 else "+" if sign else ""


def _positional(x, precision=-1, unique=True, fractional=True, trim="k", sign=False,
                pad_left=-1, pad_right=-1, min_digits=-1) -> str:
    if not math.isfinite(x):
        return _special(x, sign)
    digits, exp = _dragon4(x, precision, min_digits, unique, fractional)
    if exp >= 0:
        whole, frac = digits + "0" * exp, ""
    else:
        digits = digits.rjust(1 - exp, "0")
        whole, frac = digits[:exp], digits[exp:]
    pad_to = min_digits if unique else precision
    if not fractional:
        pad_to -= len(whole)
    frac = _trim(frac, trim, pad_to)
    point = trim != "-" or bool(frac)
    whole = _sign_of(x, sign) + whole
    text = whole.rjust(pad_left) + ("." if point else "") + frac
    if pad_right >= len(frac):
        text += " " * (pad_right - len(frac) + (not point))
    return text


def _scientific(x, precision=-1, unique=True, trim="k", sign=False, pad_left=-1,
                exp_digits=-1, min_digits=-1) -> str:
    if not math.isfinite(x):
        return _special(x, sign)
    # scientific counts digits after the point: one fewer than the significant digits
    digits, exp = _dragon4(x, precision + (precision >= 0), min_digits + (min_digits >= 0),
                           unique, False)
    power = exp + len(digits) - 1 if digits != "0" else 0
    frac = _trim(digits[1:], trim, min_digits if unique else precision)
    point = trim != "-" or len(digits) > 1  # '-' keeps a point once digits follow it
    head = (_sign_of(x, sign) + digits[0]).rjust(pad_left)
    width = min(exp_digits, 5) if exp_digits >= 0 else 2
    power_text = (str(abs(power)) if power or width else "").zfill(width)
    return head + ("." if point else "") + frac + "e" + "-+"[power >= 0] + power_text


def _nonneg(value, name):
    if value is None:
        return -1
    if value < 0:
        raise ValueError(f"{name} must be >= 0")
    return value


def _digit_args(precision, min_digits, unique, trim) -> tuple:
    """Validate the arguments shared by the format_float functions (as NumPy)."""
    precision, min_digits = _nonneg(precision, "precision"), _nonneg(min_digits, "min_digits")
    if min_digits > 0 and precision > 0 and min_digits > precision:
        raise ValueError("min_digits must be less than or equal to precision")
    if not unique and precision < 0:
        raise TypeError("in non-unique mode `precision` must be supplied")
    if trim not in ("k", ".", "0", "-"):
        raise TypeError(f"if supplied, trim must be 'k', '.', '0' or '-' found `{trim}`")
    return precision, min_digits


def format_float_positional(x, precision=None, unique=True, fractional=True, trim="k",
                            sign=False, pad_left=None, pad_right=None,
                            min_digits=None) -> str:
    """Format a float in positional notation, as NumPy's Dragon4 does.

    >>> format_float_positional(3.14159265358979, precision=4)
    '3.1416'
    >>> format_float_positional(1.0)
    '1.'
    """
    precision, min_digits = _digit_args(precision, min_digits, unique, trim)
    if not fractional and precision == 0:
        raise ValueError("precision must be greater than 0 if fractional=False")
    return _positional(float(x), precision, unique, fractional, trim, sign,
                       _nonneg(pad_left, "pad_left"), _nonneg(pad_right, "pad_right"),
                       min_digits)


def format_float_scientific(x, precision=None, unique=True, trim="k", sign=False,
                            pad_left=None, exp_digits=None, min_digits=None) -> str:
    """Format a float in scientific notation, as NumPy's Dragon4 does.

    >>> format_float_scientific(123.0)
    '1.23e+02'
    >>> format_float_scientific(1e-300, exp_digits=4)
    '1.e-0300'
    """
    precision, min_digits = _digit_args(precision, min_digits, unique, trim)
    return _scientific(float(x), precision, unique, trim, sign,
                       _nonneg(pad_left, "pad_left"), _nonneg(exp_digits, "exp_digits"),
                       min_digits)
