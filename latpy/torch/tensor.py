"""Tensor: an NDArray (``.data``) plus what autograd needs (``grad``, ``grad_fn``).

The differentiable methods (``exp``, ``sum``, ``reshape``, ...) are attached by
the op modules in ``latpy/torch/functions/``; this file holds the object itself:
construction, attributes, conversion, the autograd entry points and operators.
"""

from __future__ import annotations

from .. import core as _core_pkg  # noqa: F401  (make sure the core is importable)
from ..core.creation import array as _array, asarray as _asarray
from ..core.ndarray import NDArray
from . import dtypes as _dtypes
from .grad_mode import _state

_new = object.__new__


class Tensor:
    """A multi-dimensional array that can record operations for autograd.

    Create tensors with :func:`latpy.torch.tensor` (or ``zeros``, ``randn``, ...).
    ``.data`` is the underlying :class:`latpy.NDArray`; ``.grad`` is a Tensor.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([3.0], requires_grad=True)
    >>> y = x * x + x
    >>> y.backward()
    >>> x.grad
    tensor([7.])
    """

    # The four hot attributes are slots; the rarely-set ones live in __dict__ only
    # when set, falling back to these class-level defaults (cheap tensor creation).
    __slots__ = ("data", "grad", "requires_grad", "grad_fn", "__dict__", "__weakref__")
    _output_nr = 0
    _view_of = None  # the tensor whose storage this one views (set by view ops)
    _hooks = None
    _retains_grad = False
    label = None
    __hash__ = object.__hash__
    __array_priority__ = 2000  # NumPy/NDArray defer to Tensor's reflected operators

    def __init__(self, data=None, requires_grad=False, dtype=None, label=None):
        if data is None:
            data = []
        core_dtype = None if dtype is None else _dtypes.to_core(dtype)
        if isinstance(data, Tensor):
            data = data.data
        arr = _asarray(data, dtype=core_dtype) if isinstance(data, NDArray) else \
            _array(data, dtype=core_dtype)
        self.data = arr
        self.grad = None
        self.grad_fn = None
        if label is not None:
            self.label = label
        self.requires_grad = False
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _wrap(cls, data) -> "Tensor":
        """A new Tensor around an array (or a scalar result) without validation."""
        if type(data) is not NDArray:
            data = _as_array(data)
        t = _new(cls)
        t.data = data
        t.grad = None
        t.requires_grad = False
        t.grad_fn = None
        return t

    # -------------------------------------------------------------- attributes
    @property
    def shape(self):
        """The size of each dimension (a :class:`Size`, a tuple)."""
        return Size(self.data.shape)

    def size(self, dim=None):
        """The shape, or the size of dimension `dim`.

        >>> import latpy.torch as torch
        >>> torch.zeros(2, 3).size(), torch.zeros(2, 3).size(-1)
        (torch.Size([2, 3]), 3)
        """
        shape = self.data.shape
        if dim is None:
            return Size(shape)
        return shape[_dim(dim, len(shape))]

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return len(self.data.shape)

    def dim(self) -> int:
        """Number of dimensions."""
        return len(self.data.shape)

    ndimension = dim

    def numel(self) -> int:
        """Number of elements.

        >>> import latpy.torch as torch
        >>> torch.zeros(2, 3).numel()
        6
        """
        return self.data.size

    nelement = numel

    @property
    def dtype(self):
        """``torch.float64``, ``torch.int64`` or ``torch.bool``."""
        return _dtypes.from_core(self.data.dtype)

    @property
    def device(self):
        """Always ``device('cpu')``."""
        from .device import device
        return device("cpu")

    @property
    def is_leaf(self) -> bool:
        """True for tensors not produced by a recorded operation."""
        return self.grad_fn is None

    @property
    def is_cuda(self) -> bool:
        return False

    @property
    def layout(self):
        return "torch.strided"

    def is_floating_point(self) -> bool:
        """True for float64 tensors."""
        return self.data.dtype.kind == "f"

    def is_contiguous(self, memory_format=None) -> bool:
        """True when the elements are stored in C order."""
        return self.data._strides is None

    def element_size(self) -> int:
        return self.data.itemsize

    def get_device(self) -> int:
        return -1

    # -------------------------------------------------------------- conversion
    def item(self):
        """The value of a one-element tensor as a Python number.

        >>> import latpy.torch as torch
        >>> torch.tensor([[2.5]]).item()
        2.5
        """
        if self.data.size != 1:
            raise RuntimeError(f"a Tensor with {self.data.size} elements cannot be converted "
                               "to Scalar")
        return self.data.item()

    def tolist(self):
        """The elements as (nested) Python lists (a number for 0-d tensors).

        >>> import latpy.torch as torch
        >>> torch.tensor([[1, 2], [3, 4]]).tolist()
        [[1, 2], [3, 4]]
        """
        return self.data.tolist()

    def numpy(self, force=False):
        """The values as a NumPy array (imports NumPy lazily).

        >>> import latpy.torch as torch
        >>> torch.tensor([1.0]).numpy()  # doctest: +SKIP
        array([1.])
        """
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        try:
            import numpy
        except ImportError:
            raise ImportError("Tensor.numpy() needs NumPy, which is not installed "
                              "(pip install numpy); use .tolist() instead") from None
        return numpy.array(self.data.tolist(), dtype=str(self.data.dtype))

    def __array__(self, dtype=None, copy=None):
        import numpy
        return numpy.array(self.data.tolist(), dtype=dtype or str(self.data.dtype))

    def __len__(self):
        if not self.data.shape:
            raise TypeError("len() of a 0-d tensor")
        return self.data.shape[0]

    def __iter__(self):
        if not self.data.shape:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.data.shape[0]))

    def __bool__(self):
        if self.data.size != 1:
            raise RuntimeError(f"Boolean value of Tensor with more than one value is "
                               f"ambiguous (shape {tuple(self.data.shape)})")
        return bool(self.data.item())

    def __float__(self):
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self.data.dtype.kind == "f" or self.data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted "
                            "to an index")
        return int(self.data.item())

    def __format__(self, spec):
        if self.data.size == 1 and not self.data.shape:
            return format(self.item(), spec)
        return format(repr(self), spec)

    def __reduce__(self):
        raise TypeError("latpy never pickles tensors; use latpy.torch.save (.npz)")

    def __repr__(self):
        from .printing import tensor_repr
        return tensor_repr(self)

    __str__ = __repr__

    # -------------------------------------------------------------- autograd
    def requires_grad_(self, requires_grad=True) -> "Tensor":
        """Set ``requires_grad`` in place (only float tensors can require grad).

        >>> import latpy.torch as torch
        >>> torch.zeros(2).requires_grad_().requires_grad
        True
        """
        if requires_grad and self.data.dtype.kind != "f":
            raise RuntimeError("only Tensors of floating point dtype can require gradients "
                               f"(this tensor is {self.dtype})")
        if not requires_grad and self.grad_fn is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. "
                               "If you want to use a computed variable in a subgraph that "
                               "doesn't require differentiation use var_no_grad = var.detach().")
        self.requires_grad = bool(requires_grad)
        return self

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute gradients of this tensor w.r.t. the graph leaves (into their ``.grad``).

        >>> import latpy.torch as torch
        >>> x = torch.tensor([2.0], requires_grad=True)
        >>> (x ** 3).sum().backward(); x.grad.tolist()
        [12.0]
        """
        engine = _engine()
        if gradient is None and inputs is None and not create_graph and self.grad_fn is not None:
            data = self.data
            if data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs "
                                   f"(this output has shape {tuple(data.shape)}); pass a "
                                   "gradient argument")
            ones = engine.ones_for(data)
            if not engine.run_plain_backward(self, ones, bool(retain_graph)):
                engine.run_backward((self,), [ones], bool(retain_graph), False)
            return
        engine.backward((self,), None if gradient is None else (gradient,), retain_graph,
                        create_graph, inputs=inputs)

    def detach(self) -> "Tensor":
        """A new tensor sharing the data, cut off from the graph.

        >>> import latpy.torch as torch
        >>> torch.tensor([1.0], requires_grad=True).detach().requires_grad
        False
        """
        data = self.data
        # A new array object over the same storage: no two graph Tensors share one
        # array object (saved values are matched to Tensors by identity).
        t = Tensor._wrap(data[...] if type(data) is NDArray and data.ndim else
                         data.copy() if type(data) is NDArray else data)
        if self.label is not None:
            t.label = self.label
        return t

    def detach_(self) -> "Tensor":
        """Cut this tensor off from the graph, in place."""
        self.grad_fn = None
        self.requires_grad = False
        return self

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad:
            return
        self._retains_grad = True
        ref = _weakref(self)

        def store(grad):
            t = ref()
            if t is not None:
                g = grad.detach() if isinstance(grad, Tensor) else Tensor._wrap(grad)
                t.grad = g if t.grad is None else Tensor._wrap(t.grad.data + g.data)
            return None
        self._add_hook(store, retain=True)

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned
        tensor replaces the gradient. Returns a handle with ``.remove()``.

        >>> import latpy.torch as torch
        >>> x = torch.tensor([1.0], requires_grad=True)
        >>> h = x.register_hook(lambda g: g * 10)
        >>> (x * 2).sum().backward(); x.grad.tolist()
        [20.0]
        """
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require "
                               "gradient")
        return self._add_hook(hook)

    def _add_hook(self, hook, retain=False):
        if self._hooks is None:
            self._hooks = []
        entry = [hook, retain]
        self._hooks.append(entry)
        if self.grad_fn is not None:
            node = self.grad_fn
            if node._pre_hooks is None:
                node._pre_hooks = []
            node._pre_hooks.append((self._output_nr, entry))
            node._plain = False
        return _HookHandle(self, entry)

    # -------------------------------------------------------------- misc
    def _alias(self) -> "Tensor":
        """A new Tensor object standing for this one's current value and node, so an
        in-place op can be recorded without making the graph point at itself."""
        old = Tensor._wrap(self.data)
        old.requires_grad, old.grad_fn = self.requires_grad, self.grad_fn
        if self._output_nr:
            old._output_nr = self._output_nr
        return old

    def zero_(self) -> "Tensor":
        """Fill with zeros in place.

        >>> import latpy.torch as torch
        >>> torch.ones(2).zero_().tolist()
        [0.0, 0.0]
        """
        return self.fill_(0.0)

    def fill_(self, value) -> "Tensor":
        """Fill with `value` in place (recorded in the graph when grads are tracked).

        >>> import latpy.torch as torch
        >>> torch.zeros(2).fill_(3.0).tolist()
        [3.0, 3.0]
        """
        _check_inplace(self)
        if _tracking(self, value):
            return self._assign_result(self._alias() * 0.0 + value)
        self.data.fill(value.item() if isinstance(value, Tensor) else value)
        return self

    def copy_(self, src, non_blocking=False) -> "Tensor":
        """Copy `src`'s values into this tensor (broadcasting), in place; recorded in
        the graph when grads are tracked (gradients then flow to `src`).

        >>> import latpy.torch as torch
        >>> torch.zeros(2).copy_(torch.tensor([1.0, 2.0])).tolist()
        [1.0, 2.0]
        """
        _check_inplace(self)
        if _tracking(self, src):
            value = src if isinstance(src, Tensor) else Tensor(src)
            result = self._alias() * 0.0 + value.type(self.dtype)
            if tuple(result.shape) != tuple(self.shape):
                raise RuntimeError(f"copy_: source of shape {tuple(value.shape)} does not "
                                   f"broadcast to {tuple(self.shape)}")
            return self._assign_result(result)
        self.data[...] = src.data if isinstance(src, Tensor) else src
        return self

    def to(self, *args, **kwargs) -> "Tensor":
        """Device/dtype conversion: ``"cpu"`` is accepted, other devices raise.

        >>> import latpy.torch as torch
        >>> torch.tensor([1]).to(torch.float64).dtype
        torch.float64
        """
        from .device import device as _device_cls, check_device
        target_dtype = kwargs.pop("dtype", None)
        dev = kwargs.pop("device", None)
        kwargs.pop("non_blocking", None)
        kwargs.pop("copy", None)
        for a in args:
            if isinstance(a, _dtypes.dtype):
                target_dtype = a
            elif isinstance(a, (str, _device_cls)):
                dev = a
            elif isinstance(a, Tensor):
                target_dtype = a.dtype
        if dev is not None:
            check_device(dev)
        if target_dtype is not None and target_dtype.core is not self.data.dtype:
            return self.type(target_dtype)
        return self

    def cpu(self) -> "Tensor":
        return self

    def cuda(self, *args, **kwargs):
        from .device import check_device
        check_device("cuda")

    def type(self, dtype=None):
        """Convert to `dtype` (differentiable for float -> float), or name the type."""
        if dtype is None:
            return {"float64": "torch.DoubleTensor", "int64": "torch.LongTensor",
                    "bool": "torch.BoolTensor"}[str(self.data.dtype)]
        from .functions.shape import cast
        return cast(self, dtype)

    def _repr_svg_(self):
        """The computation graph as SVG, for Jupyter (None for a plain leaf)."""
        from ..viz.graph import tensor_svg
        return tensor_svg(self)

    def __deepcopy__(self, memo):
        if self.grad_fn is not None:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) "
                               "support the deepcopy protocol at the moment")
        t = Tensor._wrap(self.data.copy())
        t.requires_grad = self.requires_grad
        if self.grad is not None:
            t.grad = Tensor._wrap(self.grad.data.copy())
        t.label = self.label
        return t


class Size(tuple):
    """The shape of a tensor: a tuple printed as ``torch.Size([2, 3])``.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3).shape
    torch.Size([2, 3])
    """

    def __repr__(self):
        return f"torch.Size({list(self)})"

    def numel(self) -> int:
        n = 1
        for d in self:
            n *= d
        return n


class _HookHandle:
    """Returned by ``register_hook``; ``remove()`` unregisters the hook."""

    def __init__(self, tensor, entry):
        self._tensor = _weakref(tensor)
        self._entry = entry

    def remove(self):
        t = self._tensor()
        if t is None:
            return
        if t._hooks and self._entry in t._hooks:
            t._hooks.remove(self._entry)
        node = t.grad_fn
        if node is not None and node._pre_hooks:
            node._pre_hooks = [h for h in node._pre_hooks if h[1] is not self._entry]


def _weakref(obj):
    import weakref
    return weakref.ref(obj)


def _tracking(t: Tensor, other=None) -> bool:
    """Would an in-place op on `t` (with `other`) be recorded in the graph?"""
    return _state.enabled and (t.requires_grad or
                               (isinstance(other, Tensor) and other.requires_grad))


def _check_inplace(t: Tensor):
    if t.requires_grad and getattr(_state, "enabled", True):
        if t.grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad is being used in an "
                               "in-place operation.")


def _dim(dim, ndim) -> int:
    d = ndim if ndim else 1
    if not -d <= dim < d:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-d}, {d - 1}], "
                         f"but got {dim})")
    return dim + d if dim < 0 else dim


def _as_array(value) -> NDArray:
    """An NDArray for a scalar result (or another array type) from the backend."""
    if isinstance(value, NDArray):
        return value
    if isinstance(value, float) and not isinstance(value, bool):
        return _make([float(value)], (), _F64)
    return _asarray(value)


from ..core.ndarray import _make  # noqa: E402
from ..core.dtypes import F64 as _F64  # noqa: E402


_ENGINE = []


def _engine():
    """The engine module (imported on first use: it imports this module)."""
    if not _ENGINE:
        from . import engine
        _ENGINE.append(engine)
    return _ENGINE[0]
