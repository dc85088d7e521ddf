"""LazyArray: an NDArray whose elements are computed the first time they are read.

In lazy mode every array a Tensor op produces is a ``LazyArray``. It knows its
``shape``, ``dtype`` and ``size`` at once (they live in NDArray's own slots),
and instead of storage its ``_data`` slot holds a :class:`~.graph.Node`: the operation
that will produce it and its inputs. Reading the storage -- ``_data``,
``_flat``, ``_strides`` or ``_offset``, which every kernel, printer and
converter of the core goes through -- runs :func:`latpy.torch.lazy.fuse.realize`,
which computes the node (fusing chains of elementwise nodes into one generated
loop), copies the result's slots into the array and turns it into a plain
``NDArray`` (``__class__`` assignment: the layout is NDArray's own). From then
on it is an ordinary array, with no lazy overhead left.

The operators (``+ - * / ** < @ ...``), ``.sum``, ``.reshape`` and
``.transpose`` of a LazyArray *record* a node instead of computing, so the
backward formulas that the engine runs on arrays build lazy graphs too. A
plain NDArray operand goes into the graph as a private snapshot (see
:func:`~.graph.lift`), so a later in-place update of it (an optimizer step) cannot
change what the pending work computes.

Nothing here decides *how* to compute: each node carries the eager function
that computes it from its realized inputs (exactly the call eager mode makes,
so results are bit-for-bit those of eager mode) and, for elementwise nodes, the
name of its element formula (``"mul"``, ``"tanh"``, ...) used by the fuser.
"""

from __future__ import annotations

import operator
import threading

from ...core.dtypes import BOOL, F64, I64
from ...core.ndarray import (NDArray, _ADD, _EQ, _GE, _GT, _LE, _LT, _MUL, _NE, _POW, _SUB,
                             _TRUEDIV, _as_shape, _resolve_reshape,
                             _result_dtype)
from ...core.shape import broadcast_shapes, normalize_axes, normalize_axis

_new = object.__new__
_RAW = {name: NDArray.__dict__[name] for name in ("_data", "_flat", "_strides", "_offset")}
_RAW_DATA = _RAW["_data"]
node_of = _RAW_DATA.__get__  # the Node of an unrealized LazyArray (its raw _data slot)

_local = threading.local()


def is_lazy() -> bool:
    """True while the current thread is in lazy mode.

    >>> import latpy.torch as torch
    >>> torch.is_lazy()
    False
    >>> with torch.lazy():
    ...     torch.is_lazy()
    True
    """
    return getattr(_local, "lazy", False)


def _storage_slot(name):
    """A property standing in for NDArray's storage slot `name`: realize, then read."""
    raw = _RAW[name]

    def get(self):
        fuse.realize((self,))
        return raw.__get__(self)

    def set(self, value):
        fuse.realize((self,))
        raw.__set__(self, value)
    return property(get, set, doc=f"NDArray's {name}, computed on first access.")


class LazyArray(NDArray):
    """An NDArray computed on first access (see the module docstring).

    >>> import latpy.torch as torch
    >>> with torch.lazy():
    ...     y = torch.tensor([1.0, 2.0]).exp() + 1.0
    ...     type(y.data).__name__, y.shape          # nothing has run yet
    ...     y.tolist() == [2.718281828459045 + 1.0, 7.38905609893065 + 1.0]
    ...     type(y.data).__name__                   # computed: a plain NDArray now
    ('LazyArray', torch.Size([2]))
    True
    'NDArray'
    """

    __slots__ = ()  # no slots of its own: realizing switches __class__ to NDArray
    _data = _storage_slot("_data")
    _flat = _storage_slot("_flat")
    _strides = _storage_slot("_strides")
    _offset = _storage_slot("_offset")

    # ------------------------------------------------------------ recording ops
    def sum(self, axis=None, dtype=None, out=None, keepdims=False, **kwargs):
        if dtype is None and out is None and not kwargs and self._dtype is F64 and is_lazy():
            try:
                axes = tuple(range(self.ndim)) if axis is None else normalize_axes(axis, self.ndim)
            except (ValueError, IndexError, TypeError):
                axes = None  # a bad axis: the eager call below raises NumPy's error
            if axes is not None:
                shape = tuple(1 if i in axes else d for i, d in enumerate(self._shape)) \
                    if keepdims else tuple(d for i, d in enumerate(self._shape) if i not in axes)
                return graph.record(_Reduce(axis, bool(keepdims)), (self,), None, shape, F64,
                              ("sum", axis, bool(keepdims)))
        return NDArray.sum(realized(self), axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                           **kwargs)

    def reshape(self, *shape, order="C"):
        if is_lazy() and order == "C":
            spec = shape[0] if len(shape) == 1 and not isinstance(shape[0], int) else shape
            try:
                new_shape = _resolve_reshape(_as_shape(spec), self._size, self._shape)
            except (ValueError, TypeError):
                new_shape = None
            if new_shape is not None:
                return graph.record(_View("reshape", (new_shape,)), (self,), None, new_shape,
                              self._dtype, False, view=True)
        return NDArray.reshape(realized(self), *shape, order=order)

    def transpose(self, *axes):
        ndim = len(self._shape)
        if not axes or (len(axes) == 1 and axes[0] is None):
            perm = tuple(range(ndim - 1, -1, -1))
        elif len(axes) == 1 and not isinstance(axes[0], int):
            perm = tuple(axes[0])
        else:
            perm = axes
        if is_lazy():
            try:
                perm = tuple(normalize_axis(a, ndim) for a in perm)
            except (ValueError, IndexError, TypeError):
                perm = None
            if perm is not None and len(perm) == ndim and len(set(perm)) == ndim:
                return graph.record(_View("transpose", (perm,)), (self,), None,
                              tuple(self._shape[i] for i in perm), self._dtype, False,
                              view=True)
        return NDArray.transpose(realized(self), *axes)

    def __neg__(self):
        if self._dtype is F64 and is_lazy():
            return graph.record(operator.neg, (self,), "neg", self._shape, F64)
        return -realized(self)

    def __abs__(self):
        if self._dtype is F64 and is_lazy():
            return graph.record(operator.abs, (self,), "abs", self._shape, F64)
        return abs(realized(self))

    def __matmul__(self, other):
        return _matmul(self, other)

    def __rmatmul__(self, other):
        return _matmul(other, self)


def realized(x):
    """`x` itself, computed first if it is an unrealized LazyArray.

    >>> import latpy.torch as torch
    >>> with torch.lazy():
    ...     a = (torch.tensor([1.0]) * 2.0).data
    >>> type(realized(a)).__name__
    'NDArray'
    """
    if type(x) is LazyArray:
        fuse.realize((x,))
    return x


class _Reduce:
    """``a.sum(axis, keepdims)`` on the realized input (a 0-d array for a full sum)."""

    __slots__ = ("axis", "keepdims")
    __name__ = "sum"

    def __init__(self, axis, keepdims):
        self.axis, self.keepdims = axis, keepdims

    def __call__(self, a):
        return a.sum(axis=self.axis, keepdims=self.keepdims)


class _View:
    """``a.reshape(shape)`` / ``a.transpose(perm)`` on the realized input: a view."""

    __slots__ = ("method", "args", "__name__")

    def __init__(self, method, args):
        self.method, self.args, self.__name__ = method, args, method

    def __call__(self, a):
        return getattr(a, self.method)(*self.args)


# ---------------------------------------------------------------- binary operators
# name -> (core operator row, Python operator, kind). The core row gives the result
# dtype exactly as ``NDArray``'s own dispatch computes it.
_BINARY = {
    "add": (_ADD, operator.add, "arith"), "sub": (_SUB, operator.sub, "arith"),
    "mul": (_MUL, operator.mul, "arith"), "div": (_TRUEDIV, operator.truediv, "arith"),
    "pow": (_POW, operator.pow, "arith"),
    "lt": (_LT, operator.lt, "cmp"), "le": (_LE, operator.le, "cmp"),
    "gt": (_GT, operator.gt, "cmp"), "ge": (_GE, operator.ge, "cmp"),
    "eq": (_EQ, operator.eq, "cmp"), "ne": (_NE, operator.ne, "cmp"),
}
_SCALAR_DTYPE = {float: F64, int: I64, bool: BOOL}


def _operand(x):
    """(value, dtype) for a recordable operand, else None (arrays and Python numbers)."""
    t = type(x)
    if t is LazyArray or t is NDArray:
        return x, x._dtype
    if t is float or t is int or t is bool:
        return x, _SCALAR_DTYPE[t]
    if isinstance(x, bool):
        return bool(x), BOOL
    if isinstance(x, float):
        return float(x), F64  # latpy's float64 scalar: the value NDArray would use
    if isinstance(x, int) and not isinstance(x, NDArray):
        return int(x), I64
    return None


def record_binary(name, a, b):
    """Record ``a <op> b`` as a node, or return None when eager mode must compute it
    (not in lazy mode, an operand of another type, an int/bool result, shapes that
    do not broadcast -- the eager call then raises NumPy's error).

    >>> import latpy as lp, latpy.torch as torch
    >>> with torch.lazy():
    ...     lazy = record_binary("mul", lp.ones(3), 2.0)
    ...     none = record_binary("add", lp.ones(3), lp.ones(2))
    >>> lazy.shape, lazy.tolist(), none
    ((3,), [2.0, 2.0, 2.0], None)
    """
    if not is_lazy():
        return None
    pa, pb = _operand(a), _operand(b)
    if pa is None or pb is None:
        return None
    (a, da), (b, db) = pa, pb
    core_op, pyop, kind = _BINARY[name]
    try:
        dt = _result_dtype(core_op, da, db)
    except TypeError:
        return None
    if (kind == "arith" and dt is not F64) or (kind == "cmp" and dt is not BOOL):
        return None
    sa, sb = getattr(a, "_shape", ()), getattr(b, "_shape", ())
    if sa == sb:
        shape = sa
    else:
        try:
            shape = broadcast_shapes(sa, sb)
        except ValueError:
            return None
    return graph.record(pyop, (a, b), name, shape, dt)


def _binary_method(name, reflected):
    pyop = _BINARY[name][1]

    def method(self, other):
        a, b = (other, self) if reflected else (self, other)
        out = record_binary(name, a, b)
        if out is not None:
            return out
        if _is_tensor(other):  # let Tensor's reflected operator take it (and record)
            return NotImplemented
        return pyop(realized(a), realized(b))
    method.__name__ = f"__{'r' if reflected else ''}{name}__"
    return method


for _name in ("add", "sub", "mul", "pow"):
    setattr(LazyArray, f"__{_name}__", _binary_method(_name, False))
    setattr(LazyArray, f"__r{_name}__", _binary_method(_name, True))
LazyArray.__truediv__ = _binary_method("div", False)
LazyArray.__rtruediv__ = _binary_method("div", True)
for _name in ("lt", "le", "gt", "ge", "eq", "ne"):
    setattr(LazyArray, f"__{_name}__", _binary_method(_name, False))
LazyArray.__hash__ = None


def _is_tensor(x) -> bool:
    from ..tensor import Tensor
    return isinstance(x, Tensor)


def matmul_shape(sa, sb):
    """The shape of ``a @ b`` for shapes `sa`, `sb` (None if they do not fit).

    >>> matmul_shape((2, 3), (3,)), matmul_shape((5, 2, 3), (3, 4)), matmul_shape((2,), (3,))
    ((2,), (5, 2, 4), None)
    """
    if not sa or not sb:
        return None
    a = (1,) + sa if len(sa) == 1 else sa
    b = sb + (1,) if len(sb) == 1 else sb
    if a[-1] != b[-2]:
        return None
    try:
        batch = broadcast_shapes(a[:-2], b[:-2])
    except ValueError:
        return None
    return batch + sa[-2:-1] + (sb[-1:] if len(sb) > 1 else ())


def _matmul(a, b):
    if is_lazy() and isinstance(a, NDArray) and isinstance(b, NDArray) \
            and a._dtype is F64 and b._dtype is F64:
        shape = matmul_shape(a._shape, b._shape)
        if shape is not None:
            return graph.record(_core_matmul, (a, b), None, shape, F64, ("matmul",))
    if _is_tensor(b) and not _is_tensor(a):
        return NotImplemented
    return operator.matmul(realized(a), realized(b))


def _core_matmul(a, b):
    from ...core.linalg import matmul
    return matmul(a, b)


def new_array(node) -> LazyArray:
    """A LazyArray standing for `node`'s value.

    >>> import latpy as lp
    >>> from latpy.torch.lazy.graph import Node
    >>> a = new_array(Node(lambda: lp.ones((2, 2)), (), None, (2, 2), lp.F64))
    >>> a.shape, type(a).__name__, a.sum()
    ((2, 2), 'LazyArray', np.float64(4.0))
    """
    a = _new(LazyArray)
    _RAW_DATA.__set__(a, node)
    a._shape = node.shape
    a._size = node.size
    a._dtype = node.dtype
    return a


from . import fuse, graph  # noqa: E402  (both import this module)
