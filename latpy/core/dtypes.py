"""The three dtypes latpy has: float64, int64 and bool.

Elements are stored as Python objects: ``float`` for float64, ``int`` for int64
(so there is no overflow wraparound) and ``bool`` for bool. Every array keeps
that invariant, which is what lets kernels use plain ``map(operator.add, ...)``.
"""

from __future__ import annotations

import builtins


class dtype:
    """A data type. Only three exist: ``float64``, ``int64`` and ``bool``.

    ``dtype(x)`` accepts a dtype, its name, a Python type (``float``, ``int``,
    ``bool``) or NumPy's spelling, and returns one of the three singletons.

    >>> dtype('float64') is F64
    True
    >>> str(dtype(int))
    'int64'
    """

    __slots__ = ("name", "kind", "itemsize", "type", "char")
    _registry: dict = {}

    def __new__(cls, spec=None, *, _define=None):
        if _define is not None:
            self = object.__new__(cls)
            self.name, self.kind, self.itemsize, self.type, self.char = _define
            return self
        found = _lookup(spec)
        if found is None:
            raise TypeError(f"data type {spec!r} not understood (latpy has float64, int64, bool)")
        return found

    def __repr__(self):
        return f"dtype('{self.name}')"

    def __str__(self):
        return self.name

    def __eq__(self, other):
        if other is self:
            return True
        try:
            return _lookup(other) is self
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)

    def __reduce__(self):  # pragma: no cover - never pickled, but keep copy() sane
        return (dtype, (self.name,))


# The singleton dtype objects. Code inside latpy compares them by identity.
F64 = dtype(_define=("float64", "f", 8, builtins.float, "d"))
I64 = dtype(_define=("int64", "i", 8, builtins.int, "q"))
BOOL = dtype(_define=("bool", "b", 1, builtins.bool, "?"))
float64_dtype, int64_dtype, bool_dtype = F64, I64, BOOL

_NAMES = {
    "float64": F64, "f8": F64, "<f8": F64, "float": F64, "d": F64, "double": F64,
    "float32": F64, "f4": F64, "<f4": F64, "float16": F64, "f2": F64, "<f2": F64,
    "int64": I64, "i8": I64, "<i8": I64, "int": I64, "int32": I64, "i4": I64, "<i4": I64,
    "long": I64, "int16": I64, "int8": I64, "uint8": I64, "q": I64, "l": I64,
    "bool": BOOL, "bool_": BOOL, "?": BOOL, "b1": BOOL, "|b1": BOOL,
}
_TYPES = {builtins.float: F64, builtins.int: I64, builtins.bool: BOOL}


def _lookup(spec):
    if spec is None:
        return F64
    if isinstance(spec, dtype):
        return spec
    if isinstance(spec, str):
        return _NAMES.get(spec)
    if isinstance(spec, type):
        found = _TYPES.get(spec) or _SCALAR_TYPES.get(spec)
        if found is not None:
            return found
    # NumPy / torch dtypes and scalar types: go by their name.
    name = getattr(spec, "name", None) or getattr(spec, "__name__", None)
    if isinstance(name, str):
        return _NAMES.get(name.replace("torch.", ""))
    if spec.__class__.__module__.startswith("torch"):
        return _NAMES.get(str(spec).replace("torch.", ""))
    return None


# Promotion among the three, as NumPy does: bool < int64 < float64.
_ORDER = {BOOL: 0, I64: 1, F64: 2}
_BY_ORDER = (BOOL, I64, F64)


def result_type(*dtypes_) -> dtype:
    """The dtype NumPy gives an operation on arrays of these dtypes.

    >>> result_type(I64, F64)
    dtype('float64')
    """
    return _BY_ORDER[max(_ORDER[d] for d in dtypes_)]


def scalar_dtype(value) -> dtype:
    """The dtype of a Python scalar (bool, int or float).

    >>> scalar_dtype(2)
    dtype('int64')
    """
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return I64
    if isinstance(value, float):
        return F64
    raise TypeError(f"unsupported scalar type {type(value).__name__}")


# ---------------------------------------------------------------------------
# Scalar types. As in NumPy, ``float64`` is a subclass of Python ``float`` and is
# what indexing a single element or a full reduction returns. Its arithmetic
# keeps IEEE semantics (``float64(1.0) / 0 -> inf``) instead of raising.
# ---------------------------------------------------------------------------
import math as _math  # noqa: E402
import operator as _op  # noqa: E402

from . import scalar as _sc  # noqa: E402


def _scalar_binop(name, fn, rfn):
    def method(self, other):
        if type(other) in (float64, int64, float, int, bool):
            return float64(fn(float(self), other))
        return NotImplemented

    def rmethod(self, other):
        if type(other) in (float64, int64, float, int, bool):
            return float64(rfn(other, float(self)))
        return NotImplemented
    method.__name__, rmethod.__name__ = f"__{name}__", f"__r{name}__"
    return method, rmethod


def _int_binop(name, int_fn, float_fn):
    """int64 scalar arithmetic: int64 with ints/bools, float64 with floats (as NumPy)."""
    def method(self, other):
        t = type(other)
        if t is int or t is int64 or t is bool:
            return int64(int_fn(int(self), int(other)))
        if float_fn is not None and (t is float or t is float64):
            return float64(float_fn(float(self), float(other)))
        return NotImplemented

    def rmethod(self, other):
        t = type(other)
        if t is int or t is int64 or t is bool:
            return int64(int_fn(int(other), int(self)))
        if float_fn is not None and (t is float or t is float64):
            return float64(float_fn(float(other), float(self)))
        return NotImplemented
    method.__name__, rmethod.__name__ = f"__{name}__", f"__r{name}__"
    return method, rmethod


class float64(float):
    """A float64 scalar: a Python ``float`` that also looks like a 0-d array.

    >>> x = float64(2.5); x.shape, x.dtype, x.item()
    ((), dtype('float64'), 2.5)
    >>> float64(1.0) / 0
    np.float64(inf)
    """

    __slots__ = ()
    dtype = F64
    shape = ()
    ndim = 0
    size = 1
    itemsize = 8
    nbytes = 8

    def item(self):
        return float(self)

    tolist = item

    def __repr__(self):
        return f"np.float64({float.__repr__(self)})"

    def __str__(self):
        return float.__repr__(self)

    def __neg__(self):
        return float64(-float(self))

    def __pos__(self):
        return self

    def __abs__(self):
        return float64(abs(float(self)))

    __add__, __radd__ = _scalar_binop("add", _op.add, _op.add)
    __sub__, __rsub__ = _scalar_binop("sub", _op.sub, _op.sub)
    __mul__, __rmul__ = _scalar_binop("mul", _op.mul, _op.mul)
    __truediv__, __rtruediv__ = _scalar_binop("truediv", _sc.safe_truediv, _sc.safe_truediv)
    __floordiv__, __rfloordiv__ = _scalar_binop("floordiv", _sc.safe_floordiv, _sc.safe_floordiv)
    __mod__, __rmod__ = _scalar_binop("mod", _sc.safe_mod, _sc.safe_mod)
    __pow__, __rpow__ = _scalar_binop("pow", _sc.safe_pow, _sc.safe_pow)


class int64(int):
    """An int64 scalar: a Python ``int`` that also looks like a 0-d array.

    >>> i = int64(3); i + 1, i // 0, i * 0.5, i.dtype
    (np.int64(4), np.int64(0), np.float64(1.5), dtype('int64'))
    """

    __slots__ = ()
    dtype = I64
    shape = ()
    ndim = 0
    size = 1
    itemsize = 8
    nbytes = 8

    def item(self):
        return int(self)

    tolist = item

    def __repr__(self):
        return f"np.int64({int.__repr__(self)})"

    def __str__(self):
        return int.__repr__(self)

    def __truediv__(self, other):
        if type(other) in (float64, int64, float, int, bool):
            return float64(_sc.safe_truediv(int(self), other))
        return NotImplemented

    def __rtruediv__(self, other):
        if type(other) in (float64, int64, float, int, bool):
            return float64(_sc.safe_truediv(other, int(self)))
        return NotImplemented

    def __neg__(self):
        return int64(-int(self))

    def __pos__(self):
        return self

    def __abs__(self):
        return int64(abs(int(self)))

    def __invert__(self):
        return int64(~int(self))

    __add__, __radd__ = _int_binop("add", _op.add, _op.add)
    __sub__, __rsub__ = _int_binop("sub", _op.sub, _op.sub)
    __mul__, __rmul__ = _int_binop("mul", _op.mul, _op.mul)
    __floordiv__, __rfloordiv__ = _int_binop("floordiv", _sc.safe_floordiv, _sc.safe_floordiv)
    __mod__, __rmod__ = _int_binop("mod", _sc.safe_mod, _sc.safe_mod)
    __pow__, __rpow__ = _int_binop("pow", _sc.int_pow, _sc.safe_pow)
    __and__, __rand__ = _int_binop("and", _op.and_, None)
    __or__, __ror__ = _int_binop("or", _op.or_, None)
    __xor__, __rxor__ = _int_binop("xor", _op.xor, None)


bool_ = builtins.bool
F64.type, I64.type = float64, int64
_SCALAR_TYPES = {float64: F64, int64: I64}
del _math
