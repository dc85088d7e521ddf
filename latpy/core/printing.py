"""Printing arrays exactly as NumPy 2.x does: ``repr``, ``str`` and the print options.

Three layers, mirroring NumPy's ``arrayprint``:

1. **Digits.** ``_dragon4`` (:mod:`latpy.core.dragon4`) reproduces NumPy's Dragon4
   float-to-decimal modes with the standard library: the shortest round-trip
   digits come from ``repr(float)``, rounding to a fixed number of digits from the
   exact ``Decimal(x)`` (round half to even, as Dragon4 does), then NumPy's
   trimming and padding rules.
2. **One formatter per array.** ``_float_formatter`` looks at all the values that
   will be shown, picks positional or scientific notation and a common width and
   precision (NumPy's ``FloatingFormat``); ints and bools just right-align.
3. **Layout.** ``_format_array`` nests brackets, wraps lines at ``linewidth`` and
   puts ``...`` where a summarized axis is cut (NumPy's ``_formatArray``).
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import numbers
import operator

from .dragon4 import (  # noqa: F401  (format_float_* are re-exported)
    _nonneg, _positional, _scientific, format_float_positional, format_float_scientific)
from .dtypes import BOOL, I64
from .ndarray import NDArray, _elements
from .shape import contiguous_strides

__all__ = ["array_repr", "array_str", "array2string", "set_printoptions",
           "get_printoptions", "printoptions", "format_float_positional",
           "format_float_scientific"]

_DEFAULTS = {"edgeitems": 3, "threshold": 1000, "floatmode": "maxprec", "precision": 8,
             "suppress": False, "linewidth": 75, "nanstr": "nan", "infstr": "inf",
             "sign": "-", "formatter": None, "legacy": False, "override_repr": None}
_options = contextvars.ContextVar("latpy_printoptions", default=_DEFAULTS)
_FLOATMODES = ("fixed", "unique", "maxprec", "maxprec_equal")


# ------------------------------------------------------------------ print options
def _checked(**given) -> dict:
    """The non-None options in `given`, validated as NumPy validates them."""
    opts = {k: v for k, v in given.items() if v is not None}
    if "suppress" in opts:
        opts["suppress"] = bool(opts["suppress"])
    if opts.get("floatmode", "maxprec") not in _FLOATMODES:
        raise ValueError("floatmode option must be one of " +
                         ", ".join(f'"{m}"' for m in _FLOATMODES))
    if opts.get("sign", "-") not in ("-", "+", " "):
        raise ValueError("sign option must be one of ' ', '+', or '-'")
    if opts.get("legacy", False) is not False:
        raise ValueError(f"legacy={opts['legacy']!r}: latpy prints only as NumPy 2 "
                         "does (legacy=False)")
    if "threshold" in opts:
        if not isinstance(opts["threshold"], numbers.Number):
            raise TypeError("threshold must be numeric")
        if opts["threshold"] != opts["threshold"]:
            raise ValueError("threshold must be non-NAN, try sys.maxsize for "
                             "untruncated representation")
    if "precision" in opts:
        try:
            opts["precision"] = operator.index(opts["precision"])
        except TypeError as e:
            raise TypeError("precision must be an integer") from e
    return opts


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     suppress=None, nanstr=None, infstr=None, formatter=None, sign=None,
                     floatmode=None, *, legacy=None, override_repr=None) -> None:
    """Set how arrays print (in the current context); ``None`` keeps an option.

    As in NumPy, ``formatter`` and ``override_repr`` are reset unless given.

    >>> import latpy as lp
    >>> lp.set_printoptions(precision=3)
    >>> lp.array([1 / 3])
    array([0.333])
    >>> lp.set_printoptions(precision=8)
    """
    new = _checked(precision=precision, threshold=threshold, edgeitems=edgeitems,
                   linewidth=linewidth, suppress=suppress, nanstr=nanstr,
                   infstr=infstr, sign=sign, floatmode=floatmode, legacy=legacy)
    new["formatter"], new["override_repr"] = formatter, override_repr
    _options.set({**_options.get(), **new})


def get_printoptions() -> dict:
    """The current print options, as a new dict.

    >>> import latpy as lp
    >>> lp.get_printoptions()['linewidth']
    75
    """
    return dict(_options.get())


@contextlib.contextmanager
def printoptions(*args, **kwargs):
    """Context manager: `set_printoptions` inside the ``with`` block only.

    >>> import latpy as lp
    >>> with lp.printoptions(precision=2):
    ...     print(lp.array([2.0]) / 3)
    [0.67]
    """
    before = _options.get()
    set_printoptions(*args, **kwargs)
    try:
        yield get_printoptions()
    finally:
        _options.set(before)


# ------------------------------------------------------------ element formatters
def _float_formatter(values: list, opts: dict):
    """One function formatting every shown float alike (NumPy's FloatingFormat)."""
    mode, sign, suppress = opts["floatmode"], opts["sign"], opts["suppress"]
    precision = -1 if mode == "unique" else _nonneg(opts["precision"], "precision")
    unique, plus = mode != "fixed", sign == "+"
    finite = [v for v in values if math.isfinite(v)]
    magnitudes = [abs(v) for v in finite if v != 0]
    scientific = False
    if magnitudes:
        big, small = max(magnitudes), min(magnitudes)
        scientific = big >= 1e8 or (not suppress and (small < 1e-4 or big / small > 1e3))
    trim, min_digits, exp_size = ".", -1, -1
    if not finite:
        pad_left = pad_right = 0
    elif scientific:  # a first pass finds the common precision and widths
        strs = [_scientific(v, precision, unique, "." if unique else "k", plus)
                for v in finite]
        mantissas, powers = zip(*(s.split("e") for s in strs))
        heads, fracs = zip(*(m.split(".") for m in mantissas))
        exp_size = max(map(len, powers)) - 1
        precision = min_digits = max(map(len, fracs))
        trim, pad_left = "k", max(map(len, heads))
        pad_right = exp_size + 2 + precision
    else:
        strs = [_positional(v, precision, unique, True, "." if unique else "k", plus)
                for v in finite]
        heads, fracs = zip(*(s.split(".") for s in strs))
        pad_left, pad_right = max(map(len, heads)), max(map(len, fracs))
        if mode in ("fixed", "maxprec_equal"):
            precision = min_digits = pad_right
            trim = "k"
        else:
            min_digits = 0
    if sign == " " and not any(math.copysign(1.0, v) < 0 for v in finite):
        pad_left += 1
    if len(finite) != len(values):
        neginf = sign != "-" or any(v < 0 for v in values if math.isinf(v))
        pad_left = max(pad_left, len(opts["nanstr"]) - pad_right - 1,
                       len(opts["infstr"]) + neginf - pad_right - 1)
    width = pad_left + pad_right + 1

    def fmt(x):
        if x != x:
            return (("+" if plus else "") + opts["nanstr"]).rjust(width)
        if x in (math.inf, -math.inf):
            return (("-" if x < 0 else "+" if plus else "") + opts["infstr"]).rjust(width)
        if scientific:
            return _scientific(x, precision, unique, trim, plus, pad_left, exp_size,
                               min_digits)
        return _positional(x, precision, unique, True, trim, plus, pad_left, pad_right,
                           min_digits)
    return fmt


def _formatter(values: list, dtype, opts: dict, zero_d: bool):
    """The element formatter for `dtype`, sized for the (non-empty) shown `values`."""
    custom = opts["formatter"] or {}
    kind = "bool" if dtype is BOOL else "int" if dtype is I64 else "float"
    found = None  # NumPy's priority: the exact kind, then "int_kind"..., then "all"
    for key in ("all", kind + "_kind", kind):
        found = custom.get(key) if custom.get(key) is not None else found
    if found is not None:
        return found
    if kind == "bool":  # " True" lines up with "False", except alone in a 0-d array
        true = "True" if zero_d else " True"
        return lambda x: true if x else "False"
    if kind == "int":  # right-aligned to the widest of the extremes
        sign, low, high = opts["sign"], min(values), max(values)
        width = max(len(str(high)) + (high >= 0 and sign in "+ "), len(str(low)))
        return f"{{:{sign}{width}d}}".format
    return _float_formatter(values, opts)


# ------------------------------------------------------------------- layout
def _shown(shape: tuple, edgeitems: int, summarize: bool) -> list:
    """Per axis, the indices whose values set the widths: all, or the first and
    last `edgeitems` (NumPy slices ``[-edgeitems:]``, so 0 means all of them)."""
    return [list(range(edgeitems)) + list(range(n - edgeitems if edgeitems else 0, n))
            if summarize and n > 2 * edgeitems else list(range(n)) for n in shape]


def _format_array(elems, shape, fmt, line_width, next_line_prefix, separator, edgeitems,
                  summarize) -> str:
    """Nested brackets, wrapped lines and '...' (NumPy's _formatArray)."""
    ndim, strides = len(shape), contiguous_strides(shape)

    def recurse(offset, axis, indent, width):
        if axis == ndim:
            return fmt(elems[offset])
        n, step = shape[axis], strides[axis]
        cut = summarize and 2 * edgeitems < n
        lead, trail = (edgeitems, edgeitems) if cut else (0, n)
        # as in NumPy the last item always shows, even when edgeitems is 0
        shown = list(range(lead)) + [n - i for i in range(trail, 1, -1)] + [n - 1]
        parts = [recurse(offset + i * step, axis + 1, indent + " ", width - 1) for i in shown]
        if cut:
            parts.insert(lead, "...")
        if axis == ndim - 1:  # words fill lines; wrap before one that would not fit
            limit = width - max(len(separator.rstrip()), 1)
            s, line = "", indent
            for k, word in enumerate(parts):
                line += separator if k else ""
                if len(line) + len(word) > limit and len(line) > len(indent):
                    s, line = s + line.rstrip() + "\n", indent
                line += word
            s += line
        else:  # one sub-array per line, blank lines between blocks of 3-d and up
            s = (separator.rstrip() + "\n" * (ndim - axis - 1)).join(indent + p for p in parts)
        return "[" + s[len(indent):] + "]"

    return recurse(0, 0, next_line_prefix, line_width)


def _as_array(a) -> NDArray:
    if isinstance(a, NDArray):
        return a
    from .creation import asarray
    return asarray(a)


def array2string(a, max_line_width=None, precision=None, suppress_small=None,
                 separator=" ", prefix="", *, formatter=None, threshold=None,
                 edgeitems=None, sign=None, floatmode=None, suffix="", legacy=None) -> str:
    """The elements of `a` as text, as NumPy's ``array2string`` lays them out.

    >>> import latpy as lp
    >>> array2string(lp.array([1.0, 2.5, -3.0]), separator=', ')
    '[ 1. ,  2.5, -3. ]'
    """
    a = _as_array(a)
    opts = {**_options.get(), **_checked(
        precision=precision, threshold=threshold, edgeitems=edgeitems,
        linewidth=max_line_width, suppress=suppress_small, sign=sign,
        formatter=formatter, floatmode=floatmode, legacy=legacy)}
    opts["linewidth"] -= len(suffix)
    if a.size == 0:
        return "[]"
    elems, shape, edge = _elements(a), a._shape, opts["edgeitems"]
    summarize = a.size > opts["threshold"]
    shown = _shown(shape, edge, summarize)
    offsets = [0]  # flat offsets of the printed elements: they alone set the widths
    for idx, step in zip(shown, contiguous_strides(shape)):
        offsets = [o + i * step for o in offsets for i in idx]
    fmt = _formatter([elems[o] for o in offsets], a._dtype, opts, not shape)
    return _format_array(elems, shape, fmt, opts["linewidth"], " " + " " * len(prefix),
                         separator, edge, summarize)


def array_repr(arr, max_line_width=None, precision=None, suppress_small=None) -> str:
    """``repr`` of an array: ``array(...)`` with shape/dtype when not implied.

    >>> import latpy as lp
    >>> array_repr(lp.array([[1, 2], [30, 4]]))
    'array([[ 1,  2],\\n       [30,  4]])'
    >>> array_repr(lp.zeros((0, 3)))
    'array([], shape=(0, 3), dtype=float64)'
    """
    arr = _as_array(arr)
    opts = _options.get()
    if opts["override_repr"] is not None:
        return opts["override_repr"](arr)
    if max_line_width is None:
        max_line_width = opts["linewidth"]
    prefix = "array(" if type(arr) is NDArray else type(arr).__name__ + "("
    body = array2string(arr, max_line_width, precision, suppress_small, ", ", prefix,
                        suffix=")")
    extras = []
    if (arr.size == 0 and arr._shape != (0,)) or arr.size > opts["threshold"]:
        extras.append(f"shape={arr._shape}")
    if arr.size == 0:
        extras.append(f"dtype={arr._dtype}")
    if not extras:
        return prefix + body + ")"
    text, extra = prefix + body + ",", ", ".join(extras) + ")"
    last_line = len(text) - (text.rfind("\n") + 1)
    spacer = "\n" + " " * len(prefix) if last_line + len(extra) + 1 > max_line_width else " "
    return text + spacer + extra


def array_str(a, max_line_width=None, precision=None, suppress_small=None) -> str:
    """``str`` of an array: the elements only; a 0-d array prints as its scalar.

    >>> import latpy as lp
    >>> array_str(lp.array([[1.0, 0.5], [2.0, 3.0]]))
    '[[1.  0.5]\\n [2.  3. ]]'
    >>> array_str(lp.array(3.0))
    '3.0'
    """
    a = _as_array(a)
    if not a._shape:
        return str(_elements(a)[0])
    return array2string(a, max_line_width, precision, suppress_small, " ", "")


def _ndarray_repr(self) -> str:
    return array_repr(self)


def _ndarray_str(self) -> str:
    return array_str(self)


NDArray.__repr__ = _ndarray_repr
NDArray.__str__ = _ndarray_str
