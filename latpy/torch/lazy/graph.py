"""The lazy graph: nodes, recording (with common subexpressions), snapshots of arrays.

A :class:`Node` is one recorded operation. :func:`record` makes one -- or finds
the pending node already recorded for the same operation on the same inputs --
and returns a :class:`~latpy.torch.lazy.array.LazyArray` standing for its value.
Plain NDArrays enter the graph through :func:`lift`, as private snapshots.
"""

from __future__ import annotations

import math
import weakref

from ...core.ndarray import NDArray, _elements, _make
from ...core.shape import prod
from .array import LazyArray, new_array, node_of

_new = object.__new__
_copysign = math.copysign
stats = {"recorded": 0, "cse_hits": 0, "lifts": 0, "lift_hits": 0}


class Node:
    """One recorded operation: ``fn(*values of srcs)`` gives its NDArray.

    ``srcs`` are Nodes or constants (numbers, shapes). ``ew`` names the element
    formula of a fusable elementwise node (None for reductions, matmul, views,
    ...); ``uses`` counts the edges from recorded consumers (a node used more
    than once is computed into its own buffer, not inlined); ``value`` is the
    computed NDArray once realized -- private: an array that takes it over while
    others may still read it gets a copy (``adopted`` counts them; ``view``
    marks a value that is a view of another node's buffer).

    >>> import latpy as lp, operator
    >>> n = Node(operator.neg, (1.5,), "neg", (), lp.F64); n
    <lazy neg () pending>
    """

    __slots__ = ("fn", "srcs", "ew", "shape", "size", "dtype", "uses", "value", "key",
                 "adopted", "view", "__weakref__")

    def __init__(self, fn, srcs, ew, shape, dtype, value=None):
        self.fn, self.srcs, self.ew = fn, srcs, ew
        self.shape, self.size, self.dtype = shape, prod(shape), dtype
        self.uses, self.value, self.key, self.adopted, self.view = 0, value, None, 0, False

    def __repr__(self):
        what = self.ew or getattr(self.fn, "__name__", "op")
        state = "realized" if self.value is not None else "pending"
        return f"<lazy {what} {self.shape} {state}>"


# ------------------------------------------------------------------- recording
# Common subexpressions: a node with the same operation on the same inputs as a
# pending node *is* that node (hash-consing). Keys hold ids; a pending node keeps
# its inputs alive, and leaves the table when it is computed. Values are weak
# references (a dead branch's nodes are freed); dead entries are swept out as the
# table grows.
_cse = {}
_cse_limit = [1024]


def cse_lookup(key):
    """The pending node recorded under `key`, or None.

    >>> import latpy.torch as torch
    >>> from latpy.torch.lazy.array import node_of
    >>> with torch.lazy():
    ...     node = node_of((torch.ones(2) * 3.0).data)
    >>> cse_lookup(node.key) is node
    True
    """
    ref = _cse.get(key)
    if ref is None:
        return None
    node = ref()
    if node is None or node.value is not None:
        del _cse[key]
        return None
    return node


def cse_forget(node) -> None:
    """Remove a node from the table (it has been computed).

    >>> import latpy.torch as torch
    >>> from latpy.torch.lazy.array import node_of
    >>> with torch.lazy():
    ...     node = node_of((torch.ones(2) * 5.0).data)
    >>> key = node.key; cse_forget(node); cse_lookup(key) is None
    True
    """
    ref = _cse.get(node.key)
    if ref is not None and ref() is node:
        del _cse[node.key]
    node.key = None


def _cse_insert(key, node) -> None:
    _cse[key] = weakref.ref(node)
    if len(_cse) > _cse_limit[0]:
        for k in [k for k, ref in _cse.items() if ref() is None]:
            del _cse[k]
        _cse_limit[0] = max(1024, 2 * len(_cse))


def _src_key(s):
    t = type(s)
    if t is Node:
        return id(s)
    if t is float:
        return (float, s, _copysign(1.0, s))  # 0.0 and -0.0 differ; a NaN never matches
    if t is int or t is bool:
        return (t, s)
    try:
        hash(s)
    except TypeError:
        return None
    return ("o", t, s)


def record(fn, srcs, ew, shape, dtype, tag=None, view=False):
    """A new LazyArray for ``fn(*srcs)``.

    Inputs are kept as their Nodes (a plain NDArray as the Node of a snapshot, see
    :func:`lift`), never as array objects the user could write into. `ew` names
    the element formula of a fusable elementwise op; `tag` (with the inputs)
    identifies the operation for common-subexpression elimination (`ew` is used
    when it is None; ``tag=False`` opts out, as views do).

    >>> import latpy as lp, operator
    >>> a = record(operator.add, (lp.ones(2), 1.0), "add", (2,), lp.F64)
    >>> b = record(operator.add, (lp.ones(2), 1.0), "add", (2,), lp.F64)  # not the same ones
    >>> c = record(operator.mul, (a, a), "mul", (2,), lp.F64)
    >>> (c.tolist(), b.tolist())
    ([4.0, 4.0], [2.0, 2.0])
    """
    srcs = tuple(_as_src(s) for s in srcs)
    key = None
    if tag is not False:
        keys = tuple(_src_key(s) for s in srcs)
        key = (tag if tag is not None else ew, keys) if None not in keys else None
        try:
            hash(key)
        except TypeError:  # an unhashable argument (a list of axes, say): no CSE
            key = None
        if key is not None:
            node = cse_lookup(key)
            if node is not None:
                stats["cse_hits"] += 1
                return new_array(node)
    node = Node(fn, srcs, ew, shape, dtype)
    node.view = view
    for s in srcs:
        if type(s) is Node:
            s.uses += 1
    if key is not None:
        node.key = key
        _cse_insert(key, node)
    stats["recorded"] += 1
    return new_array(node)


def _as_src(s):
    t = type(s)
    if t is LazyArray:
        return node_of(s)
    if t is NDArray:
        return node_of(lift(s))
    return s


# --------------------------------------------------------------------- lifting
# A plain NDArray enters the graph as a private copy of its storage, so in-place
# updates after recording (``p.data -= lr * g``) do not leak into pending work.
# One copy per array is kept and reused while the array's contents are unchanged:
# comparing the lists costs one pointer test per element when nothing changed.
_lifts = {}


def lift(a: NDArray) -> LazyArray:
    """A realized LazyArray holding a snapshot of `a` (same layout, own storage).

    >>> import latpy as lp
    >>> a = lp.array([1.0, 2.0]); s = lift(a); a += 1.0
    >>> s.tolist(), lift(a) is s
    ([1.0, 2.0], False)
    """
    k = id(a)
    entry = _lifts.get(k)
    layout = (a._shape, a._strides, a._offset)
    data = a._data
    if entry is not None:
        ref, lifted, snap, whole, old_layout = entry
        if ref() is a and old_layout == layout and \
                snap == (data if whole else _elements(a)):
            stats["lift_hits"] += 1
            return lifted
    stats["lifts"] += 1
    whole = len(data) <= 2 * a._size + 16  # keep the layout unless the base is much bigger
    if whole:
        snap = list(data)
        value = _new(NDArray)
        value._data = snap
        value._flat = snap if a._flat is not None else None
        value._shape, value._strides, value._offset = layout
        value._size, value._dtype = a._size, a._dtype
    else:
        snap = list(_elements(a))
        value = _make(snap, a._shape, a._dtype)
    lifted = new_array(Node(None, (), None, a._shape, a._dtype, value))

    def forget(ref, k=k):
        if _lifts.get(k, (None,))[0] is ref:
            del _lifts[k]
    _lifts[k] = (weakref.ref(a, forget), lifted, snap, whole, layout)
    return lifted
