"""Lazy mode at the op level: the hook ``Op.apply`` calls while lazy mode is on.

``hook(op_class, args, kwargs)`` returns a Tensor whose data is a
:class:`~latpy.torch.lazy.array.LazyArray`, with the same graph node
(``grad_fn``), inputs and saved values eager mode would give it -- so the
engine's backward walk is the same walk, and each backward formula, run on
lazy arrays, records lazy nodes too. It returns ``NotImplemented`` (run
eagerly, reading lazy inputs as needed) for every op it does not know.

Three kinds of op are recorded:

* **composed from array operators** (Add, Mul, Pow, Sum, Mean, ...): their own
  ``forward`` runs on lazy inputs, whose operators record nodes;
* **elementwise through a core ufunc** (Exp, Tanh, Sigmoid, Relu, ...): a node
  with the op's element formula; what ``forward`` saves for backward is learnt
  once by running it on a one-element probe (which also checks the formula);
* **MatMul, Linear, Softmax, LogSoftmax** and **Expand**: a node that runs the op's
  ``forward`` when needed (its output shape from a rule of its own).
"""

from __future__ import annotations

import weakref

from ...core.dtypes import F64
from ...core.ndarray import NDArray, _make
from ...core.shape import broadcast_shapes
from ..function import _NO_CTX, _as_torch_error
from ..grad_mode import _state
from ..tensor import Tensor, _as_array
from .array import LazyArray, is_lazy, matmul_shape
from .graph import lift, record
from .fuse import KERNEL_GLOBALS, TEMPLATES

_new = object.__new__


def hook(cls, args, kwargs):
    """``Op.apply``'s lazy-mode hook: a deferred Tensor, or NotImplemented (run eagerly).

    >>> import latpy.torch as torch
    >>> from latpy.torch.functions.elementwise import Exp
    >>> with torch.lazy():
    ...     y = hook(Exp, (torch.tensor([0.0]),), {})
    >>> type(y.data).__name__, y.tolist()
    ('LazyArray', [1.0])
    """
    if not is_lazy():
        return NotImplemented
    rules = _RULES or _load_rules()
    rule = rules.get(cls)
    if rule is None:
        return NotImplemented
    return rule(cls, args, kwargs)


class _Forward:
    """A node function: the op's own forward on realized arrays (no graph)."""

    __slots__ = ("cls", "kwargs", "__name__")

    def __init__(self, cls, kwargs):
        self.cls, self.kwargs, self.__name__ = cls, kwargs, cls.__name__

    def __call__(self, *values):
        return self.cls.forward(_NO_CTX, *values, **self.kwargs)


def _unpack(args):
    """(raw values, ctx.inputs, whether to record a node) -- as ``Op.apply`` does."""
    raw, inputs, needs = [], [], False
    for a in args:
        if isinstance(a, Tensor):
            raw.append(a.data)
            if a.requires_grad:
                needs = True
                inputs.append(a)
            else:
                inputs.append(None)
        else:
            raw.append(a)
            inputs.append(None)
    return raw, inputs, needs and _state.enabled


def _output(ctx, result) -> Tensor:
    """The op's output Tensor (linked to `ctx` when recording), as ``Op.apply`` makes it."""
    out = _new(Tensor)
    out.data = result
    out.grad = None
    out.requires_grad = ctx is not None
    out.grad_fn = ctx
    if ctx is not None and ctx._saved is not None:
        for v in ctx._saved:
            if v is result:  # only a weak link to our own output (no cycle)
                ctx._out = weakref.ref(out)
                break
    return out


def _node_ctx(cls, inputs):
    ctx = _new(cls)
    ctx.inputs = inputs
    return ctx


# ------------------------------------------------------------- the three kinds
def _composed(cls, args, kwargs):
    """Run the op's forward on lazy inputs (plain arrays enter as snapshots)."""
    raw, inputs, grad = _unpack(args)
    lifted, back, seen = [], {}, {}
    for r in raw:
        if type(r) is NDArray:
            r2 = seen.get(id(r))
            if r2 is None:
                r2 = seen[id(r)] = lift(r)
                back[id(r2)] = r
            lifted.append(r2)
        else:
            lifted.append(r)
    ctx = _node_ctx(cls, inputs) if grad else None
    try:
        result = cls.forward(_NO_CTX if ctx is None else ctx, *lifted, **kwargs)
    except ValueError as exc:
        raise _as_torch_error(exc, raw) from None
    result = back.get(id(result), result)
    if type(result) is not NDArray and type(result) is not LazyArray:
        result = _as_array(result)
    if ctx is not None and ctx._saved is not None and back:
        # saved values are the op's real inputs (as in eager mode), not our snapshots
        ctx._saved = tuple(back.get(id(v), v) for v in ctx._saved)
    return _output(ctx, result)


def _elementwise(ew):
    def rule(cls, args, kwargs):
        raw, inputs, grad = _unpack(args)
        for r in raw:
            if not isinstance(r, NDArray) or r._dtype is not F64:
                return NotImplemented
        if kwargs:
            return NotImplemented
        try:
            shape = raw[0]._shape if len(raw) == 1 else broadcast_shapes(*[r._shape for r in raw])
        except ValueError:
            return NotImplemented  # eager mode raises the error
        spec = _saved_spec(cls, raw, ew)
        if spec is False:
            return NotImplemented
        result = record(_Forward(cls, {}), raw, ew, shape, F64)
        return _link(cls, inputs, grad, spec, raw, result)
    return rule


def _deferred(shape_rule):
    """A rule for an op computed as a whole (MatMul, Linear, Softmax, ...): a node that
    runs its forward when needed; `shape_rule(*raw)` gives the output shape (None: no)."""
    def rule(cls, args, kwargs):
        raw, inputs, grad = _unpack(args)
        arrays = [r for r in raw if isinstance(r, NDArray)]
        if kwargs or not arrays or any(r._dtype is not F64 for r in arrays):
            return NotImplemented
        shape = shape_rule(*raw)
        spec = _saved_spec(cls, raw, None) if shape is not None else False
        if spec is False:
            return NotImplemented  # eager mode computes it (and raises its errors)
        result = record(_Forward(cls, {}), raw, None, shape, F64, (cls,))
        return _link(cls, inputs, grad, spec, raw, result)
    return rule


def _matmul_shape(a, b):
    if not isinstance(b, NDArray):
        return None
    return matmul_shape(a._shape, b._shape)


def _linear_shape(x, w, b=None):
    """``x @ w.T + b``: (..., in) and (out, in) give (..., out)."""
    if not (isinstance(w, NDArray) and w.ndim == 2 and x.ndim >= 1 and
            x._shape[-1] == w._shape[1]):
        return None
    shape = x._shape[:-1] + (w._shape[0],)
    if b is not None:
        if not isinstance(b, NDArray):
            return None
        try:
            if broadcast_shapes(shape, b._shape) != shape:
                return None
        except ValueError:
            return None
    return shape


def _same_shape(x, dim):
    return x._shape if isinstance(dim, int) and -x.ndim <= dim < max(x.ndim, 1) else None


def _expand(cls, args, kwargs):
    raw, inputs, grad = _unpack(args)
    if kwargs or len(raw) != 2 or type(raw[0]) is not LazyArray:
        return NotImplemented  # a view of a realized array costs nothing: run it
    x, shape = raw
    shape = tuple(shape)
    lead = len(shape) - x.ndim
    if lead < 0 or any(d != s and d != 1 for d, s in zip(x._shape, shape[lead:])):
        return NotImplemented
    spec = _saved_spec(cls, raw, None)
    if spec is False:
        return NotImplemented
    result = record(_Forward(cls, {}), (x, shape), None, shape, x._dtype, False, view=True)
    return _link(cls, inputs, grad, spec, raw, result)


def _link(cls, inputs, grad, spec, raw, result) -> Tensor:
    ctx = None
    if grad:
        ctx = _node_ctx(cls, inputs)
        saved, attrs = spec
        if saved is not None:
            ctx._saved = tuple(result if i < 0 else raw[i] for i in saved)
        for name, i in attrs:
            setattr(ctx, name, raw[i])
    return _output(ctx, result)


# ------------------------------------------------------------------- probing
_specs = {}


def _saved_spec(cls, raw, ew):
    """What `cls.forward` keeps on ctx, as ``(saved, attrs)``: `saved` a tuple of input
    indices (-1: the output) or None if it saves nothing; `attrs` pairs
    ``(name, input index)`` for attributes set to one of its (non-array) arguments,
    such as ``ctx.dim = dim``. False if the op cannot be recorded: it keeps something
    else, or its element formula does not reproduce its forward."""
    key = (cls, tuple(r.ndim if isinstance(r, NDArray) else type(r) for r in raw))
    spec = _specs.get(key, _specs)
    if spec is _specs:
        spec = _specs[key] = _probe(cls, raw, ew)
    return spec


def _probe(cls, raw, ew):
    """Run `cls.forward` on one-element stand-ins (twice, with dims of size 1 and 2, so
    that state derived from the shapes cannot pass for a copy of an argument)."""
    spec = _probe_once(cls, raw, ew, 1)
    if spec is not False and spec[1] and spec != _probe_once(cls, raw, None, 2):
        return False
    return spec


def _probe_once(cls, raw, ew, size):
    probes = [_make([0.5] * size ** r.ndim, (size,) * r.ndim, F64) if isinstance(r, NDArray)
              else r for r in raw]
    ctx = _node_ctx(cls, [None] * len(raw))
    try:
        out = cls.forward(ctx, *probes)
    except Exception:
        return False
    if ew is not None:
        names = {f"v{i}": 0.5 for i in range(len(raw))}
        expr = TEMPLATES[ew].format(*names)
        if eval(expr, dict(KERNEL_GLOBALS), names) != out._data[out._offset]:
            return False
    attrs = []
    for name, value in ctx.__dict__.items():
        if name == "_saved":
            continue
        index = next((i for i, p in enumerate(probes)
                      if p is value and not isinstance(p, NDArray)), None)
        if index is None:
            return False  # state computed from the arrays: leave the op to eager mode
        attrs.append((name, index))
    saved = ctx.__dict__.get("_saved")
    if saved is None:
        return None, tuple(attrs)
    spec = []
    for v in saved:
        if v is out:
            spec.append(-1)
            continue
        index = next((i for i, p in enumerate(probes) if p is v and isinstance(p, NDArray)),
                     None)
        if index is None:
            return False
        spec.append(index)
    return tuple(spec), tuple(attrs)


# --------------------------------------------------------------------- table
_RULES = {}


def _load_rules():
    from ..functions import elementwise as E, linalg as L, reduce as R, shape as S
    for cls in (E.Add, E.Sub, E.Mul, E.Div, E.Neg, E.Pow, E.Abs, E.Scale, R.Sum, R.Mean):
        _RULES[cls] = _composed
    for cls, ew in ((E.Exp, "exp"), (E.Log, "log"), (E.Log1p, "log1p"), (E.Expm1, "expm1"),
                    (E.Sqrt, "sqrt"), (E.Sin, "sin"), (E.Cos, "cos"), (E.Tan, "tan"),
                    (E.Tanh, "tanh"), (E.Sigmoid, "sigmoid"), (E.Relu, "relu"),
                    (E.Erf, "erf"), (E.Maximum, "maximum"), (E.Minimum, "minimum")):
        _RULES[cls] = _elementwise(ew)
    _RULES[L.MatMul] = _deferred(_matmul_shape)
    for module, name, shape_rule in ((L, "Linear", _linear_shape), (R, "Softmax", _same_shape),
                                     (R, "LogSoftmax", _same_shape)):
        cls = getattr(module, name, None)  # (primitives that not every version has)
        if cls is not None:
            _RULES[cls] = _deferred(shape_rule)
    _RULES[S.Expand] = _expand
    return _RULES
