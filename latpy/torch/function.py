"""Function: one differentiable operation, and (instantiated) one graph node.

As in PyTorch, the ``ctx`` that ``forward`` and ``backward`` receive *is* the
graph node. latpy's own primitives subclass :class:`Op`: their ``forward`` gets
raw arrays (NDArrays) and their ``backward`` gets the incoming gradient as an
array -- or, when the engine runs with ``create_graph=True``, as a Tensor, with
``ctx.saved_tensors`` returning Tensors too. Backward formulas are written only
with operations arrays and Tensors share, so one formula serves both orders.

User-defined functions subclass :class:`Function` (``torch.autograd.Function``):
``forward`` and ``backward`` get Tensors, exactly as in PyTorch.
"""

from __future__ import annotations

import weakref

from .grad_mode import _state

_new = object.__new__
# Set by latpy.torch.lazy while lazy mode is on: hook(op_class, args, kwargs) returns a
# deferred Tensor, or NotImplemented to run the op eagerly as usual.
_lazy_hook = None
_FREED = object()  # marks a node whose saved values were released by backward

_ARRAY_SAVED_FREED = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")


class Op:
    """Base class of latpy's primitive differentiable operations (array-level forward).

    A subclass defines ``forward(ctx, *args)`` on arrays and
    ``backward(ctx, grad_output)`` returning one gradient per input (or None).

    >>> import latpy.torch as torch
    >>> from latpy.torch.function import Op
    >>> class Double(Op):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         return x * 2.0
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         return grad_output * 2.0
    >>> x = torch.tensor([3.0], requires_grad=True)
    >>> Double.apply(x).sum().backward(); x.grad.tolist()
    [2.0]
    """

    # Instances are graph nodes. Only `inputs` is set for every node; the other
    # fields default to these class attributes and land in the instance __dict__
    # only when set (node creation is on the hot path of every recorded op).
    # Subclasses get a __dict__ anyway, so forward can stash ctx.anything, as in PyTorch.
    __slots__ = ("inputs", "__dict__", "__weakref__")
    _tensor_api = False  # True for user Functions: forward/backward see Tensors
    _saved = None
    _out = None
    _pre_hooks = None
    _graph_mode = False
    _n_outputs = 1
    _view_op = False  # True for ops whose result can share storage with input 0
    _materialize = True  # user Functions: unused outputs' grads arrive as zeros
    _plain = True  # False once a node needs the engine's general path (hooks, freed, ...)

    @property
    def needs_input_grad(self):
        """One bool per input: does that input need a gradient?"""
        inputs = self.__dict__.get("_needs")
        if inputs is not None:
            return inputs
        return tuple(t is not None for t in self.inputs)

    # ---------------------------------------------------------- ctx API
    def save_for_backward(self, *values):
        """Keep values (arrays or Tensors) for backward."""
        self._saved = values

    def mark_non_differentiable(self, *outputs):
        """Accepted for PyTorch compatibility (integer outputs never get grads)."""

    def set_materialize_grads(self, value):
        """Whether a user Function's backward gets zeros (True, the default) or None
        for outputs that received no gradient."""
        self._materialize = bool(value)

    @property
    def saved_tensors(self):
        """What ``save_for_backward`` kept: Tensors in graph mode, arrays otherwise."""
        saved = self._saved
        if saved is None:
            return ()
        if saved is _FREED:
            raise RuntimeError(_ARRAY_SAVED_FREED)
        if not self._graph_mode or self._tensor_api:
            return saved
        return tuple(self._as_tensor(v) for v in saved)

    saved_values = saved_tensors

    def _as_tensor(self, value):
        """The graph Tensor whose data is `value` (an input or the output), else a constant
        (Python numbers stay numbers, so a formula sees the same types in both modes)."""
        if value is None or isinstance(value, (Tensor, int, float)):
            return value
        for t in self.inputs:
            if t is not None and t.data is value:
                return t
        out = self._out() if self._out is not None else None
        if out is not None and out.data is value:
            return out
        return Tensor._wrap(value)

    def _release(self):
        """Free saved values after backward. As in PyTorch, only nodes that saved
        tensors refuse a second backward; saved numbers are kept."""
        saved = self._saved
        if saved is None or saved is _FREED:
            return
        for v in saved:
            if v is not None and not isinstance(v, (int, float)):
                self._saved = _FREED
                return

    @property
    def _freed(self) -> bool:
        return self._saved is _FREED

    # ---------------------------------------------------------- graph API
    def name(self) -> str:
        """The node's name as PyTorch prints it: ``'MulBackward0'`` for a built-in op,
        ``'MyFnBackward'`` for a user-defined Function ``MyFn``."""
        return type(self).__name__ + ("Backward" if self._tensor_api else "Backward0")

    @property
    def next_functions(self):
        """``((grad_fn_or_None, 0), ...)`` for each input, as in PyTorch."""
        return tuple((None if t is None else t.grad_fn, 0) for t in self.inputs)

    def register_prehook(self, hook):
        """Call ``hook(grad_outputs)`` (a tuple) before this node's backward runs; a
        returned tuple replaces the gradients."""
        if self._pre_hooks is None:
            self._pre_hooks = []
        self._pre_hooks.append((None, hook))
        self._plain = False

    def __repr__(self):
        return f"<{self.name()} object at {id(self):#x}>"

    # ---------------------------------------------------------- apply
    @classmethod
    def apply(cls, *args, **kwargs):
        """Run the op on Tensors/arrays/numbers and record it in the graph if needed."""
        if cls._tensor_api:
            return _apply_tensor_function(cls, args, kwargs)
        if _lazy_hook is not None:  # lazy mode (latpy.torch.lazy) records instead
            result = _lazy_hook(cls, args, kwargs)
            if result is not NotImplemented:
                return result
        record = False
        raw = []
        inputs = []
        for a in args:
            if isinstance(a, Tensor):
                raw.append(a.data)
                if a.requires_grad:
                    record = True
                    inputs.append(a)
                else:
                    inputs.append(None)
            else:
                raw.append(a)
                inputs.append(None)
        try:
            if not record or not _state.enabled:
                out = _wrap(cls.forward(_NO_CTX, *raw, **kwargs))
                if cls._view_op:
                    _mark_view(out, args[0])
                return out
            ctx = _new(cls)
            ctx.inputs = inputs
            result = cls.forward(ctx, *raw, **kwargs)
        except ValueError as exc:  # PyTorch reports shape mismatches as RuntimeError
            raise _as_torch_error(exc, raw) from None
        if type(result) is not _NDArray:
            result = _as_array(result)
        out = _new(Tensor)  # Tensor._wrap, inlined: this runs for every recorded op
        out.data = result
        out.grad = None
        out.requires_grad = True
        out.grad_fn = ctx
        saved = ctx._saved
        if saved is not None:
            for v in saved:
                if v is result:  # keep only a weak link to our own output (no cycle)
                    ctx._out = weakref.ref(out)
                    break
        if cls._view_op:
            _mark_view(out, args[0])
        return out


def _mark_view(out, base):
    """Remember that `out` shares storage with Tensor `base` (for in-place checks)."""
    if not isinstance(base, Tensor):
        return
    data, base_data = out.data, base.data
    if type(data) is _NDArray and type(base_data) is _NDArray and \
            data._data is base_data._data:
        root = base._view_of if base._view_of is not None else base
        out._view_of = root
        views = root.__dict__.get("_views")
        if views is None:
            views = root._views = []
        views.append(weakref.ref(out))


def check_inplace_views(t) -> None:
    """In-place ops that record a graph rebind the tensor to a new array; views would
    silently keep the old values. latpy refuses those cases instead of guessing."""
    if t._view_of is not None:
        raise RuntimeError("latpy does not support in-place operations on a view (a slice, "
                           "reshape or transpose of another tensor) while recording "
                           "gradients; use an out-of-place operation, or index-assign into "
                           "the base tensor (base[key] = value)")
    views = t.__dict__.get("_views")
    if views and any(ref() is not None for ref in views):
        raise RuntimeError("latpy does not support in-place operations on a tensor that "
                           "has live views while recording gradients (the views would not "
                           "see the change); use an out-of-place operation")


def _as_torch_error(exc, raw):
    """A core broadcasting ValueError reworded as PyTorch's RuntimeError."""
    if "broadcast" not in str(exc):
        return exc
    shapes = [tuple(a.shape) for a in raw if hasattr(a, "shape") and not isinstance(a, float)]
    if len(shapes) >= 2:
        a, b = shapes[0], shapes[1]
        for i in range(1, min(len(a), len(b)) + 1):
            if a[-i] != b[-i] and a[-i] != 1 and b[-i] != 1:
                dim = max(len(a), len(b)) - i
                return RuntimeError(f"The size of tensor a ({a[-i]}) must match the size of "
                                    f"tensor b ({b[-i]}) at non-singleton dimension {dim} "
                                    f"(shapes {a} and {b})")
    return RuntimeError(str(exc))


class _NoCtx:
    """The ctx used when no graph is recorded: saving is a no-op."""

    __slots__ = ("__dict__",)
    needs_input_grad = ()

    def save_for_backward(self, *values):
        pass

    def mark_non_differentiable(self, *outputs):
        pass

    def set_materialize_grads(self, value):
        pass


_NO_CTX = _NoCtx()


class FunctionMeta(type):
    """Lets ``Function`` subclasses be used as node classes (``ctx`` is the node)."""


class Function(Op):
    """Base class for user-defined differentiable functions (``torch.autograd.Function``).

    ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)`` are staticmethods
    that receive Tensors; call the function with ``MyFunction.apply(*args)``.

    >>> import latpy.torch as torch
    >>> class Cube(torch.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x ** 3
    ...     @staticmethod
    ...     def backward(ctx, grad_output):
    ...         (x,) = ctx.saved_tensors
    ...         return grad_output * 3 * x ** 2
    >>> x = torch.tensor([2.0], requires_grad=True)
    >>> Cube.apply(x).backward(); x.grad.tolist()
    [12.0]
    """

    _tensor_api = True
    _plain = False

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("subclasses of Function must implement forward")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("subclasses of Function must implement backward")

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("this Function does not implement jvp")


def _class_dict_chain(cls) -> set:
    """Names defined by `cls` and its bases below :class:`Function` (user classes)."""
    names = set()
    for klass in cls.__mro__:
        if klass is Function:
            break
        names.update(vars(klass))
    return names


def _apply_tensor_function(cls, args, kwargs):
    """Apply a user ``Function``: forward on Tensors under no_grad, then link the graph."""
    from .grad_mode import no_grad
    record = _state.enabled and any(isinstance(a, Tensor) and a.requires_grad for a in args)
    ctx = _new(cls)
    ctx.inputs = [a if isinstance(a, Tensor) and a.requires_grad and record else None
                  for a in args]
    ctx._needs = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
    with no_grad():
        if "setup_context" in _class_dict_chain(cls):
            # PyTorch 2 style: forward(*args) without ctx, then setup_context(ctx, inputs, out)
            outputs = cls.forward(*args, **kwargs)
            cls.setup_context(ctx, args, outputs)
        else:
            outputs = cls.forward(ctx, *args, **kwargs)
    single = not isinstance(outputs, tuple)
    outs = (outputs,) if single else outputs
    if not record:
        ctx._release()
        return outputs
    wrapped = []
    for index, o in enumerate(outs):
        if isinstance(o, Tensor):
            if any(o is a for a in args):  # returning an input: make a new node output
                o = Tensor._wrap(o.data)
            if o.dtype.is_floating_point:
                o.requires_grad = True
                o.grad_fn = ctx
                o._output_nr = index
        wrapped.append(o)
    ctx._n_outputs = len(outs)
    ctx._out_shapes = tuple(o.data.shape if isinstance(o, Tensor) else None for o in outs)
    return wrapped[0] if single else tuple(wrapped)


from .tensor import Tensor, _as_array  # noqa: E402  (tensor.py does not import this module)
from ..core.ndarray import NDArray as _NDArray  # noqa: E402

_wrap = Tensor._wrap
