"""Lazy mode: record the graph, fuse elementwise chains, run only what is needed.

In eager mode (the default) every op runs at once. In lazy mode ops are
recorded; a tensor's values are computed when something reads them --
``.tolist()``, ``.item()``, printing, ``.realize()``, a kernel reading its
``.data`` -- and then only the work they depend on runs, with each chain of
elementwise ops fused into one generated Python loop. ``.backward()`` walks
the same graph as in eager mode; its formulas record lazy nodes too, fused the
same way when the gradients are read. Results are bit-for-bit those of eager
mode. ``docs/lazy.md`` explains the design.

``latpy.torch.lazy`` is this module, and calling it gives the context manager:

>>> import latpy.torch as torch
>>> x = torch.tensor([0.5, -1.0, 2.0])
>>> with torch.lazy():
...     y = x * 0.5 * (torch.tanh(x * 0.8) + 1.0)   # recorded, not run
...     y.shape                                    # known without running
torch.Size([3])
>>> y.tolist() == (x * 0.5 * (torch.tanh(x * 0.8) + 1.0)).tolist()   # run, fused
True
"""

from __future__ import annotations

import sys
import threading
import types

from .. import function as _function
from ..tensor import Tensor
from .array import LazyArray, _local, is_lazy, new_array
from .graph import Node, stats as _array_stats
from .fuse import kernels, realize as _realize_arrays, stats as _fuse_stats
from .ops import hook as _hook

__all__ = ["mode", "is_lazy", "realize", "deferred", "stats", "reset_stats", "kernels",
           "LazyArray"]

_lock = threading.Lock()
_lazy_threads = [0]  # threads in lazy mode: Op.apply's hook is installed while any is


def _set_lazy(flag: bool) -> None:
    flag = bool(flag)
    if is_lazy() == flag:
        return
    with _lock:
        _local.lazy = flag
        _lazy_threads[0] += 1 if flag else -1
        _function._lazy_hook = _hook if _lazy_threads[0] > 0 else None


class _LazyContext:
    """``with torch.lazy():`` -- lazy mode inside the block (also a decorator)."""

    def __enter__(self):
        self._previous = is_lazy()
        _set_lazy(True)
        return self

    def __exit__(self, *exc):
        _set_lazy(self._previous)
        return False

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with _LazyContext():
                return func(*args, **kwargs)
        return wrapper


def mode(name=None):
    """Set the execution mode of this thread persistently: ``"eager"`` or ``"lazy"``.

    Returns the previous mode (with no argument: the current one). Anything else
    raises ``ValueError``.

    >>> import latpy.torch as torch
    >>> torch.mode("lazy")
    'eager'
    >>> torch.is_lazy(), torch.mode("eager"), torch.mode()
    (True, 'lazy', 'eager')
    >>> torch.mode("fast")
    Traceback (most recent call last):
    ValueError: mode must be 'eager' or 'lazy', got 'fast'
    """
    previous = "lazy" if is_lazy() else "eager"
    if name is None:
        return previous
    if name not in ("eager", "lazy"):
        raise ValueError(f"mode must be 'eager' or 'lazy', got {name!r}")
    _set_lazy(name == "lazy")
    return previous


def realize(*tensors):
    """Compute the pending work of `tensors` together (one schedule); returns them.

    A tensor that is already computed is left alone. Also available as
    ``Tensor.realize()``.

    >>> import latpy.torch as torch
    >>> with torch.lazy():
    ...     a = torch.tensor([1.0, 2.0]) * 3.0
    ...     b = a + 1.0
    >>> torch.lazy.realize(a, b)[1].tolist()
    [4.0, 7.0]
    """
    _realize_arrays([t.data if isinstance(t, Tensor) else t for t in tensors])
    return tensors[0] if len(tensors) == 1 else tensors


def _tensor_realize(self) -> Tensor:
    """Run the pending work this tensor depends on (lazy mode); returns the tensor.

    >>> import latpy.torch as torch
    >>> with torch.lazy():
    ...     y = torch.tensor([2.0]).exp().realize()
    >>> type(y.data).__name__
    'NDArray'
    """
    _realize_arrays((self.data,))
    return self


def deferred(fn, shape, dtype=None, requires_grad=False) -> Tensor:
    """A tensor of `shape` whose values ``fn()`` produces when they are first needed.

    ``fn`` returns anything ``torch.tensor`` accepts, of that shape. Works in both
    modes; never called if nothing reads the tensor. Also ``Tensor.deferred``.

    >>> import latpy.torch as torch
    >>> t = torch.Tensor.deferred(lambda: [[1.0, 2.0]], (1, 2))
    >>> t.shape, (t * 2).tolist()
    (torch.Size([1, 2]), [[2.0, 4.0]])
    """
    from .. import dtypes
    from ...core.creation import asarray
    core = dtypes.to_core(dtype) if dtype is not None else dtypes.to_core(dtypes.float64)
    shape = tuple(int(d) for d in shape)

    def produce():
        value = asarray(fn(), dtype=core)
        if tuple(value.shape) != shape:
            raise ValueError(f"deferred: fn() gave shape {tuple(value.shape)}, "
                             f"expected {shape}")
        return value
    produce.__name__ = getattr(fn, "__name__", "deferred")
    t = Tensor._wrap(new_array(Node(produce, (), None, shape, core)))
    if requires_grad:
        t.requires_grad_(True)
    return t


def stats() -> dict:
    """Counters of the lazy machinery since the last :func:`reset_stats`.

    ``recorded`` nodes, ``cse_hits`` (ops found already recorded), ``realized``
    (nodes computed into a buffer), ``ops_run`` (nodes computed by their eager
    function), ``kernels_run`` / ``fused_ops`` (generated kernels run and the ops
    inside them), ``fallbacks`` (kernels redone op by op for IEEE special
    values), ``compiled`` / ``cache_hits`` (kernel cache), ``lifts`` /
    ``lift_hits`` (snapshots of plain arrays made / reused).

    >>> import latpy.torch as torch
    >>> torch.lazy.reset_stats()
    >>> with torch.lazy():
    ...     y = (torch.tensor([1.0]) + 1.0).exp().realize()
    >>> s = torch.lazy.stats(); s["kernels_run"], s["fused_ops"]
    (1, 2)
    """
    return {**_array_stats, **_fuse_stats}


def reset_stats() -> None:
    """Set every counter of :func:`stats` to 0.

    >>> import latpy.torch as torch
    >>> torch.lazy.reset_stats(); torch.lazy.stats()["recorded"]
    0
    """
    for counters in (_array_stats, _fuse_stats):
        for k in counters:
            counters[k] = 0


Tensor.realize = _tensor_realize
Tensor.deferred = staticmethod(deferred)


class _LazyModule(types.ModuleType):
    """This module, callable: ``latpy.torch.lazy()`` is the lazy-mode context manager."""

    def __call__(self):
        """A context manager (and decorator) running its block in lazy mode.

        >>> import latpy.torch as torch
        >>> with torch.lazy():
        ...     torch.is_lazy()
        True
        >>> torch.is_lazy()
        False
        """
        return _LazyContext()


# One name for both roles -- the package and the context manager -- without a
# function shadowing the package: the module object itself becomes callable.
sys.modules[__name__].__class__ = _LazyModule
