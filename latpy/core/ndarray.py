"""NDArray: a flat Python list plus shape, strides and offset.

An array's elements live in ``_data``, a plain ``list``. ``_shape`` is a tuple,
``_strides`` is a tuple of element strides, or ``None`` when the array is
C-contiguous starting at ``_offset`` (the common case, kept cheap). ``_flat``
is ``_data`` itself when the storage holds exactly this array's elements in
order, else ``None``: kernels use it to skip any copying.

Views (slicing, transpose, reshape, broadcast_to, ...) share ``_data``. The
element type of the list follows the dtype: ``float`` for float64, ``int`` for
int64, ``bool`` for bool. Everything here keeps that invariant.
"""

from __future__ import annotations

import operator

from . import kernels
from .dtypes import BOOL, F64, I64, dtype as _as_dtype, float64, int64
from .shape import (broadcast_strides, contiguous_strides, is_contiguous, normalize_axes,
                    normalize_axis, prod)

_new = object.__new__
_PLAIN = (float, int, bool)
_fadd, _fsub, _fmul = operator.add, operator.sub, operator.mul


class NDArray:
    """An N-dimensional array of float64, int64 or bool, with NumPy's semantics.

    Create arrays with :func:`latpy.array`, :func:`latpy.zeros` and friends;
    ``NDArray(shape)`` gives a zero-filled float64 array.

    >>> import latpy as lp
    >>> a = lp.array([[1.0, 2.0], [3.0, 4.0]])
    >>> (a * 2 + 1).tolist()
    [[3.0, 5.0], [7.0, 9.0]]
    """

    __slots__ = ("_data", "_flat", "_shape", "_strides", "_offset", "_size", "_dtype",
                 "__weakref__")
    __hash__ = None
    __array_priority__ = 1000  # NumPy defers to our reflected operators

    def __init__(self, shape=(), dtype=None):
        shape = _as_shape(shape)
        dt = _as_dtype(dtype)
        data = [0.0 if dt is F64 else 0 if dt is I64 else False] * prod(shape)
        self._data = self._flat = data
        self._shape, self._strides, self._offset = shape, None, 0
        self._size, self._dtype = len(data), dt

    # ------------------------------------------------------------------ basics
    @property
    def shape(self) -> tuple:
        """The size of each dimension, a tuple of ints."""
        return self._shape

    @shape.setter
    def shape(self, value):
        new = self.reshape(value)
        if new._data is not self._data:
            raise AttributeError("Incompatible shape for in-place modification. Use "
                                 "`.reshape()` to make a copy with the desired shape.")
        self._shape, self._strides, self._offset = new._shape, new._strides, new._offset

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return len(self._shape)

    @property
    def size(self) -> int:
        """Number of elements."""
        return self._size

    @property
    def dtype(self):
        """The element type: ``dtype('float64')``, ``dtype('int64')`` or ``dtype('bool')``."""
        return self._dtype

    @property
    def itemsize(self) -> int:
        """Bytes per element in NumPy's layout (8, or 1 for bool)."""
        return self._dtype.itemsize

    @property
    def nbytes(self) -> int:
        """``size * itemsize``, the bytes NumPy would use for the elements."""
        return self._size * self._dtype.itemsize

    @property
    def strides(self) -> tuple:
        """Bytes to step in each dimension, as NumPy reports them.

        >>> import latpy as lp
        >>> lp.zeros((2, 3)).strides
        (24, 8)
        """
        item = self._dtype.itemsize
        return tuple(s * item for s in _strides_of(self))

    @property
    def T(self) -> "NDArray":
        """The transposed view (axes reversed)."""
        return self.transpose()

    @property
    def mT(self) -> "NDArray":
        """View with the last two axes swapped."""
        if self.ndim < 2:
            raise ValueError(f"matrix transpose with ndim < 2 is undefined (ndim={self.ndim})")
        return self.swapaxes(-1, -2)

    @property
    def flat(self):
        """An iterator over the elements in C order (as Python scalars)."""
        return iter(_elements(self))

    # ------------------------------------------------------------- conversion
    def tolist(self):
        """The elements as (nested) Python lists of floats, ints or bools.

        >>> import latpy as lp
        >>> lp.arange(4).reshape(2, 2).tolist()
        [[0, 1], [2, 3]]
        """
        return _nest(_elements(self), self._shape)

    def item(self, *args):
        """The single element as a Python scalar (or the element at a flat index).

        >>> import latpy as lp
        >>> lp.array([[2.5]]).item()
        2.5
        """
        if not args:
            if self._size != 1:
                raise ValueError("can only convert an array of size 1 to a Python scalar")
            return _first(self)
        if len(args) == 1 and isinstance(args[0], int):
            i = args[0]
            if not -self._size <= i < self._size:
                raise IndexError(f"index {i} is out of bounds for size {self._size}")
            return _elements(self)[i]
        return self[tuple(args) if len(args) > 1 else args[0]].item()

    def copy(self, order="C") -> "NDArray":
        """A new C-contiguous array with the same elements.

        >>> import latpy as lp
        >>> a = lp.zeros(2); b = a.copy(); b[0] = 1.0; a.tolist()
        [0.0, 0.0]
        """
        return _make(list(_elements(self)), self._shape, self._dtype)

    def astype(self, dtype, copy=True) -> "NDArray":
        """The elements converted to `dtype` (float truncates toward zero for int).

        >>> import latpy as lp
        >>> lp.array([1.7, -1.7]).astype(int).tolist()
        [1, -1]
        """
        dt = _as_dtype(dtype)
        if dt is self._dtype and not copy:
            return self
        return _make(_cast(_elements(self), self._dtype, dt), self._shape, dt)

    def fill(self, value) -> None:
        """Set every element to `value`, in place."""
        v = _cast([_python_scalar(value)], None, self._dtype)[0]
        _write(self, [v] * self._size)

    def __len__(self):
        if not self._shape:
            raise TypeError("len() of unsized object")
        return self._shape[0]

    def __iter__(self):
        if not self._shape:
            raise TypeError("iteration over a 0-d array")
        if len(self._shape) == 1:
            return iter(list(map(self._dtype.type, _elements(self))))
        return (self[i] for i in range(self._shape[0]))

    def __bool__(self):
        if self._size == 1:
            return bool(_first(self))
        if self._size == 0:
            raise ValueError("The truth value of an empty array is ambiguous. "
                             "Use `array.size > 0` to check that an array is not empty.")
        raise ValueError("The truth value of an array with more than one element is "
                         "ambiguous. Use a.any() or a.all()")

    def _only(self, kind):
        if self._size != 1:
            raise TypeError(f"only length-1 arrays can be converted to Python {kind}s "
                            f"(this array has shape {self._shape})")
        return _first(self)

    def __float__(self):
        return float(self._only("scalar"))

    def __int__(self):
        return int(self._only("scalar"))

    def __index__(self):
        if self._dtype is F64 or self._shape:
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        return int(_first(self))

    def __round__(self, ndigits=None):
        if ndigits is None:
            return round(self._only("scalar"))
        from .ufuncs import round as _round
        return _round(self, ndigits)

    def __format__(self, spec):
        if not self._shape:
            return format(_first(self), spec)
        return format(str(self), spec)

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def __reduce__(self):
        raise TypeError("latpy never pickles arrays; use lp.save / lp.savez (.npy/.npz)")

    # ------------------------------------------------------------------ views
    def reshape(self, *shape, order="C") -> "NDArray":
        """The same elements in a new shape; a view unless a copy is unavoidable.

        One dimension may be -1 and is then inferred.

        >>> import latpy as lp
        >>> lp.arange(6).reshape(2, -1).shape
        (2, 3)
        """
        if len(shape) == 1 and not isinstance(shape[0], int):
            shape = shape[0]
        new_shape = _resolve_reshape(_as_shape(shape), self._size, self._shape)
        if _check_order(order) == "F":  # Fortran order: reshape the reversed-axes view
            return self.transpose().reshape(new_shape[::-1]).transpose()
        if self._strides is None:
            return _view(self, new_shape, None, self._offset)
        strides = _nocopy_strides(self._shape, self._strides, new_shape)
        if strides is not None:
            return _view(self, new_shape, strides, self._offset)
        return _make(list(_elements(self)), new_shape, self._dtype)

    def transpose(self, *axes) -> "NDArray":
        """View with the axes permuted (reversed by default).

        >>> import latpy as lp
        >>> lp.zeros((2, 3, 4)).transpose(1, 0, 2).shape
        (3, 2, 4)
        """
        ndim = len(self._shape)
        if not axes or (len(axes) == 1 and axes[0] is None):
            axes = tuple(range(ndim - 1, -1, -1))  # no argument: reverse the axes
        elif len(axes) == 1 and not isinstance(axes[0], int):
            axes = tuple(axes[0])  # one sequence argument (an empty one must match 0-d)
        if len(axes) != ndim:
            raise ValueError(f"axes {tuple(axes)} don't match array of shape {self._shape}")
        axes = [normalize_axis(a, ndim) for a in axes]
        if len(set(axes)) != ndim:
            raise ValueError(f"repeated axis in transpose: {tuple(axes)}")
        strides = _strides_of(self)
        return _view(self, tuple(self._shape[i] for i in axes),
                     tuple(strides[i] for i in axes), self._offset)

    def swapaxes(self, axis1, axis2) -> "NDArray":
        """View with two axes exchanged.

        >>> import latpy as lp
        >>> lp.zeros((2, 3)).swapaxes(0, 1).shape
        (3, 2)
        """
        ndim = len(self._shape)
        perm = list(range(ndim))
        i, j = normalize_axis(axis1, ndim), normalize_axis(axis2, ndim)
        perm[i], perm[j] = perm[j], perm[i]
        return self.transpose(perm)

    def ravel(self, order="C") -> "NDArray":
        """A 1-D view of a C-contiguous array, else a 1-D copy (as NumPy's ravel).

        >>> import latpy as lp
        >>> lp.ones((2, 2)).ravel().shape
        (4,)
        """
        if _check_order(order) == "F":
            return self.transpose().flatten()
        if self._strides is None:
            return _view(self, (self._size,), None, self._offset)
        return self.flatten()

    def flatten(self, order="C") -> "NDArray":
        """A 1-D copy of the elements.

        >>> import latpy as lp
        >>> lp.arange(4).reshape(2, 2).T.flatten().tolist()
        [0, 2, 1, 3]
        """
        if _check_order(order) == "F":
            return self.transpose().flatten()
        return _make(list(_elements(self)), (self._size,), self._dtype)

    def squeeze(self, axis=None) -> "NDArray":
        """View without size-1 dimensions (all of them, or those in `axis`).

        >>> import latpy as lp
        >>> lp.zeros((1, 3, 1)).squeeze().shape
        (3,)
        """
        ndim = len(self._shape)
        if axis is None:
            axes = [i for i, d in enumerate(self._shape) if d == 1]
        else:
            axes = normalize_axes(axis, ndim)
            for a in axes:
                if self._shape[a] != 1:
                    raise ValueError("cannot select an axis to squeeze out which has size "
                                     f"not equal to one (axis {a} of shape {self._shape})")
        strides = _strides_of(self)
        keep = [i for i in range(ndim) if i not in axes]
        return _view(self, tuple(self._shape[i] for i in keep),
                     tuple(strides[i] for i in keep), self._offset)

    # ----------------------------------------------------------- arithmetic
    # add/sub/mul of two same-shape float arrays (or a float scalar) cannot raise,
    # so they skip the general dispatch: this is most of the traffic of small graphs.
    def __add__(self, other):
        if type(other) is NDArray:
            if other._shape == self._shape and self._dtype is F64 and other._dtype is F64:
                fa, fb = self._flat, other._flat
                if fa is not None and fb is not None:
                    return _make(list(map(_fadd, fa, fb)), self._shape, F64)
        elif type(other) is float and self._dtype is F64 and self._flat is not None:
            return _make([x + other for x in self._flat], self._shape, F64)
        return _binary(self, other, _ADD, False)

    def __radd__(self, other):
        if type(other) is float and self._dtype is F64 and self._flat is not None:
            return _make([other + x for x in self._flat], self._shape, F64)
        return _binary(self, other, _ADD, True)

    def __sub__(self, other):
        if type(other) is NDArray:
            if other._shape == self._shape and self._dtype is F64 and other._dtype is F64:
                fa, fb = self._flat, other._flat
                if fa is not None and fb is not None:
                    return _make(list(map(_fsub, fa, fb)), self._shape, F64)
        elif type(other) is float and self._dtype is F64 and self._flat is not None:
            return _make([x - other for x in self._flat], self._shape, F64)
        return _binary(self, other, _SUB, False)

    def __rsub__(self, other):
        if type(other) is float and self._dtype is F64 and self._flat is not None:
            return _make([other - x for x in self._flat], self._shape, F64)
        return _binary(self, other, _SUB, True)

    def __mul__(self, other):
        if type(other) is NDArray:
            if other._shape == self._shape and self._dtype is F64 and other._dtype is F64:
                fa, fb = self._flat, other._flat
                if fa is not None and fb is not None:
                    return _make(list(map(_fmul, fa, fb)), self._shape, F64)
        elif type(other) is float and self._dtype is F64 and self._flat is not None:
            return _make([x * other for x in self._flat], self._shape, F64)
        return _binary(self, other, _MUL, False)

    def __rmul__(self, other):
        if type(other) is float and self._dtype is F64 and self._flat is not None:
            return _make([other * x for x in self._flat], self._shape, F64)
        return _binary(self, other, _MUL, True)

    def __truediv__(self, other):
        return _binary(self, other, _TRUEDIV, False)

    def __rtruediv__(self, other):
        return _binary(self, other, _TRUEDIV, True)

    def __floordiv__(self, other):
        return _binary(self, other, _FLOORDIV, False)

    def __rfloordiv__(self, other):
        return _binary(self, other, _FLOORDIV, True)

    def __mod__(self, other):
        return _binary(self, other, _MOD, False)

    def __rmod__(self, other):
        return _binary(self, other, _MOD, True)

    def __pow__(self, other):
        return _binary(self, other, _POW, False)

    def __rpow__(self, other):
        return _binary(self, other, _POW, True)

    def __lt__(self, other):
        return _binary(self, other, _LT, False)

    def __le__(self, other):
        return _binary(self, other, _LE, False)

    def __gt__(self, other):
        return _binary(self, other, _GT, False)

    def __ge__(self, other):
        return _binary(self, other, _GE, False)

    def __eq__(self, other):
        result = _binary(self, other, _EQ, False)
        return result

    def __ne__(self, other):
        return _binary(self, other, _NE, False)

    def __and__(self, other):
        return _binary(self, other, _AND, False)

    def __rand__(self, other):
        return _binary(self, other, _AND, True)

    def __or__(self, other):
        return _binary(self, other, _OR, False)

    def __ror__(self, other):
        return _binary(self, other, _OR, True)

    def __xor__(self, other):
        return _binary(self, other, _XOR, False)

    def __rxor__(self, other):
        return _binary(self, other, _XOR, True)

    def __iadd__(self, other):
        return _inplace(self, other, _ADD)

    def __isub__(self, other):
        return _inplace(self, other, _SUB)

    def __imul__(self, other):
        return _inplace(self, other, _MUL)

    def __itruediv__(self, other):
        return _inplace(self, other, _TRUEDIV)

    def __ifloordiv__(self, other):
        return _inplace(self, other, _FLOORDIV)

    def __imod__(self, other):
        return _inplace(self, other, _MOD)

    def __ipow__(self, other):
        return _inplace(self, other, _POW)

    def __iand__(self, other):
        return _inplace(self, other, _AND)

    def __ior__(self, other):
        return _inplace(self, other, _OR)

    def __ixor__(self, other):
        return _inplace(self, other, _XOR)

    def __neg__(self):
        if self._dtype is BOOL:
            raise TypeError("The numpy boolean negative, the `-` operator, is not supported, "
                            "use the `~` operator or the logical_not function instead.")
        return _make([-x for x in (self._flat if self._flat is not None
                                   else _elements(self))], self._shape, self._dtype)

    def __pos__(self):
        if self._dtype is BOOL:
            raise TypeError("unary `+` is not supported for bool arrays")
        return self.copy()

    def __abs__(self):
        if self._dtype is BOOL:  # abs keeps bools as bools
            return self.copy()
        return _make(list(map(abs, _elements(self))), self._shape, self._dtype)

    def __invert__(self):
        if self._dtype is BOOL:
            return _make([not x for x in _elements(self)], self._shape, BOOL)
        if self._dtype is I64:
            return _make([~x for x in _elements(self)], self._shape, I64)
        raise TypeError("ufunc 'invert' not supported for the input types (float64); "
                        "`~` needs a bool or int64 array")

    def __matmul__(self, other):
        from .linalg import matmul
        other = _operand_array(other)
        if other is NotImplemented:
            return NotImplemented
        return matmul(self, other)

    def __rmatmul__(self, other):
        from .linalg import matmul
        other = _operand_array(other)
        if other is NotImplemented:
            return NotImplemented
        return matmul(other, self)

    def __imatmul__(self, other):
        from .linalg import matmul
        result = matmul(self, _operand_array(other))
        if not isinstance(result, NDArray) or result._shape != self._shape:
            shape = getattr(result, "shape", ())
            raise ValueError(f"matmul: in-place result shape {shape} differs from "
                             f"{self._shape}")
        if result._shape != self._shape:
            raise ValueError(f"matmul: in-place result shape {result._shape} differs from "
                             f"{self._shape}")
        _write(self, _cast(result._flat, result._dtype, self._dtype))
        return self


# ---------------------------------------------------------------------------
# Internal constructors and accessors (no validation: latpy calls them itself).
# ---------------------------------------------------------------------------
def _make(data: list, shape: tuple, dtype) -> NDArray:
    """A new C-contiguous array that owns `data` (a list of the right element type)."""
    a = _new(NDArray)
    a._data = a._flat = data
    a._shape = shape
    a._strides = None
    a._offset = 0
    a._size = len(data)
    a._dtype = dtype
    return a


def _view(base: NDArray, shape: tuple, strides, offset: int) -> NDArray:
    """A view of `base`'s storage with a new shape, strides (or None) and offset."""
    a = _new(NDArray)
    data = a._data = base._data
    a._shape = shape
    a._offset = offset
    size = a._size = prod(shape)
    a._dtype = base._dtype
    if strides is None or is_contiguous(shape, strides):
        a._strides = None
        a._flat = data if offset == 0 and len(data) == size else None
    else:
        a._strides = tuple(strides)
        a._flat = None
    return a


def _strides_of(a: NDArray) -> tuple:
    """Element strides of `a` (computed for contiguous arrays)."""
    s = a._strides
    return contiguous_strides(a._shape) if s is None else s


def _parts(a: NDArray) -> tuple:
    """``(data, shape, strides, offset)`` as the kernels take them."""
    return a._data, a._shape, _strides_of(a), a._offset


def _elements(a: NDArray) -> list:
    """The elements in C order. May be the storage itself: never mutate the result."""
    if a._flat is not None:
        return a._flat
    if a._strides is None:
        return a._data[a._offset:a._offset + a._size]
    return kernels.gather(a._data, a._shape, a._strides, a._offset)


def _first(a: NDArray):
    """The first element in C order (the array must not be empty)."""
    return a._data[a._offset]


def _write(a: NDArray, values: list) -> None:
    """Overwrite `a`'s elements (through any view) with C-order `values`."""
    if a._strides is None:
        a._data[a._offset:a._offset + a._size] = values
    else:
        kernels.scatter(a._data, a._shape, a._strides, a._offset, values)


def _check_order(order) -> str:
    """'C' or 'F' ('A' and 'K' read as 'C': latpy arrays are C-ordered unless viewed)."""
    if order in ("C", "A", "K", None):
        return "C"
    if order == "F":
        return "F"
    raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")


def _broadcast_to(a: NDArray, shape: tuple) -> NDArray:
    """A view of `a` broadcast to `shape` (stride 0 along broadcast dimensions)."""
    if a._shape == shape:
        return a
    lead = len(shape) - len(a._shape)
    if lead < 0 or any(d != t and d != 1 for d, t in zip(a._shape, shape[lead:])):
        raise ValueError(f"operands could not be broadcast together with remapped shapes "
                         f"[original->remapped]: {a._shape} and requested shape {shape}")
    return _view(a, shape, broadcast_strides(a._shape, _strides_of(a), shape), a._offset)


def _cast(values: list, src, dst) -> list:
    """`values` converted to the element type of dtype `dst` (a copy unless src is dst)."""
    if src is dst:
        return values
    if dst is F64:
        return list(map(float, values))
    if dst is I64:
        try:
            return list(map(int, values))
        except (ValueError, OverflowError):
            raise ValueError("cannot convert float NaN or infinity to int64") from None
    return list(map(bool, values))


def _scalar(value, dt):
    """Wrap one element as NumPy's scalar types do (float64, int64 or bool)."""
    if dt is F64:
        return float64(value)
    if dt is I64:
        return int64(value)
    return value


def _nest(flat: list, shape: tuple):
    """C-order `flat` as nested lists of `shape` (a bare element for shape ())."""
    if not shape:
        return flat[0]
    if 0 in shape:
        return _empty_nest(shape)
    out = flat if flat is not None else []
    out = list(out)
    for d in reversed(shape[1:]):
        out = [out[i:i + d] for i in range(0, len(out), d)]
    return out


def _empty_nest(shape):
    if shape[0] == 0:
        return []
    return [_empty_nest(shape[1:]) for _ in range(shape[0])]


def _as_shape(shape) -> tuple:
    """A shape argument (int or sequence of ints) as a tuple, checked."""
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        shape = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(f"shape must be an int or a sequence of ints, got {shape!r}") from None
    for d in shape:
        if d < -1:
            raise ValueError(f"negative dimensions are not allowed: {shape}")
    return shape


def _resolve_reshape(shape: tuple, size: int, old_shape: tuple) -> tuple:
    unknown = [i for i, d in enumerate(shape) if d == -1]
    if len(unknown) > 1:
        raise ValueError("can only specify one unknown dimension")
    known = prod(d for d in shape if d != -1)
    if unknown:
        if known == 0 or size % known:
            raise ValueError(f"cannot reshape array of size {size} into shape {shape}")
        shape = shape[:unknown[0]] + (size // known,) + shape[unknown[0] + 1:]
    elif known != size:
        raise ValueError(f"cannot reshape array of size {size} into shape {shape} "
                         f"(from shape {old_shape})")
    return shape


def _nocopy_strides(old_shape, old_strides, new_shape):
    """Strides that view (old_shape, old_strides) as new_shape, or None if impossible.

    Groups of old and new dimensions with equal products are matched; within a
    group the old dimensions must be contiguous with respect to each other.
    """
    old = [(d, s) for d, s in zip(old_shape, old_strides) if d != 1]
    new_strides = []
    oi = 0
    ni_dims = [d for d in new_shape]
    i = 0
    while i < len(ni_dims):
        d = ni_dims[i]
        if d == 1:
            new_strides.append(0)
            i += 1
            continue
        if oi >= len(old):
            return None
        # grow a group until the products match
        group_new = [i]
        group_old = [oi]
        np_, op_ = d, old[oi][0]
        while np_ != op_:
            if np_ < op_:
                i += 1
                if i >= len(ni_dims):
                    return None
                group_new.append(i)
                np_ *= ni_dims[i]
            else:
                oi += 1
                if oi >= len(old):
                    return None
                group_old.append(oi)
                op_ *= old[oi][0]
        for a, b in zip(group_old, group_old[1:]):
            if old[a][1] != old[b][1] * old[b][0]:
                return None
        stride = old[group_old[-1]][1]
        group_strides = []
        for k in reversed(group_new):
            group_strides.append(stride if ni_dims[k] != 1 else 0)
            stride *= ni_dims[k]
        new_strides.extend(reversed(group_strides))
        oi += 1
        i += 1
    if oi != len(old):
        return None
    return tuple(new_strides)


# The binary operator machinery (dtype promotion, dispatch, in-place forms) lives in
# binops.py; its names are re-exported here for the modules that import them from us.
from .binops import (_Op, _bool_sub, _ADD, _SUB, _MUL, _TRUEDIV, _FLOORDIV, _MOD, _POW,
                     _LT, _LE, _GT, _GE, _EQ, _NE, _AND, _OR, _XOR, _ERRORS,
                     _python_scalar, _operand_array, _is_numpy, _result_dtype, _pick,
                     _binary, _broadcast, _apply, _binary_scalar, _CAN_HOLD, _inplace)  # noqa: E402,F401

# Methods implemented in other modules are attached there (reductions, indexing,
# printing, ...); importing them here completes the class.
from . import methods as _methods  # noqa: E402,F401
