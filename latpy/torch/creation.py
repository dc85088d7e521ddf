"""Tensor creation: tensor, zeros, ones, full, empty, rand, randn, randint, arange,
linspace, eye, *_like, manual_seed, randperm."""

from __future__ import annotations

from .. import core as _core  # noqa: F401
from ..core import creation as C
from ..core.ndarray import NDArray
from ..core.random import RandomState
from . import dtypes as _dtypes
from .device import check_device
from .tensor import Tensor

_wrap = Tensor._wrap
_generator = RandomState(0)


def _finish(arr, dtype=None, requires_grad=False, device=None):
    if device is not None:
        check_device(device)
    if dtype is not None:
        core = _dtypes.to_core(dtype)
        if core is not arr.dtype:
            arr = arr.astype(core)
    t = _wrap(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


def _shape(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        return tuple(size[0])
    if len(size) == 1 and hasattr(size[0], "__iter__"):
        return tuple(size[0])
    return tuple(size)


def tensor(data, dtype=None, device=None, requires_grad=False, label=None):
    """A new tensor from data (nested lists, numbers, NDArrays, NumPy arrays, Tensors).

    Floats are float64; ints int64; bools bool.

    >>> import latpy.torch as torch
    >>> torch.tensor([[1, 2], [3, 4]]).dtype, torch.tensor([1.0]).dtype
    (torch.int64, torch.float64)
    """
    if isinstance(data, Tensor):
        arr = data.data.copy()
    elif isinstance(data, NDArray):
        arr = data.copy()
    else:
        if isinstance(data, (list, tuple)) and data and any(isinstance(x, Tensor) for x in data):
            data = [x.data if isinstance(x, Tensor) else x for x in data]
        arr = C.array(data)
    out = _finish(arr, dtype, requires_grad, device)
    if label is not None:
        out.label = label  # a name shown by graph drawings and explain()
    return out


def as_tensor(data, dtype=None, device=None):
    """Like :func:`tensor`, but shares data when given an NDArray or Tensor.

    >>> import latpy.torch as torch, latpy as lp
    >>> a = lp.zeros(2); torch.as_tensor(a).data is a
    True
    """
    if isinstance(data, Tensor) and dtype is None:
        return data
    if isinstance(data, NDArray):
        return _finish(data, dtype, False, device)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(ndarray):
    """A tensor with a NumPy array's values (copied: latpy stores Python lists).

    >>> import latpy.torch as torch
    >>> torch.from_numpy  # doctest: +ELLIPSIS
    <function from_numpy at ...>
    """
    return tensor(ndarray.tolist(), dtype=str(ndarray.dtype) if ndarray.dtype.kind in "fib"
                  else None)


def zeros(*size, dtype=None, device=None, requires_grad=False, out=None):
    """A tensor of zeros.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3).shape
    torch.Size([2, 3])
    """
    return _finish(C.zeros(_shape(size)), dtype, requires_grad, device)


def ones(*size, dtype=None, device=None, requires_grad=False, out=None):
    """A tensor of ones.

    >>> import latpy.torch as torch
    >>> torch.ones(2).tolist()
    [1.0, 1.0]
    """
    return _finish(C.ones(_shape(size)), dtype, requires_grad, device)


def empty(*size, dtype=None, device=None, requires_grad=False, out=None):
    """A tensor (zero-filled in latpy).

    >>> import latpy.torch as torch
    >>> torch.empty(3).shape
    torch.Size([3])
    """
    return zeros(*size, dtype=dtype, device=device, requires_grad=requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    """A tensor filled with `fill_value` (dtype inferred from it).

    >>> import latpy.torch as torch
    >>> torch.full((2,), 7).tolist()
    [7, 7]
    """
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    return _finish(C.full(tuple(size) if not isinstance(size, int) else (size,), fill_value),
                   dtype, requires_grad, device)


def _like(fn, input, dtype, requires_grad, device, *extra):
    shape = tuple(input.shape)
    dt = input.dtype if dtype is None else dtype
    return _finish(fn(shape, *extra), dt, requires_grad, device)


def zeros_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """Zeros with `input`'s shape and dtype.

    >>> import latpy.torch as torch
    >>> torch.zeros_like(torch.ones(2, dtype=torch.int64)).tolist()
    [0, 0]
    """
    return _like(C.zeros, input, dtype, requires_grad, device)


def ones_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """Ones with `input`'s shape and dtype.

    >>> import latpy.torch as torch
    >>> torch.ones_like(torch.zeros(2)).tolist()
    [1.0, 1.0]
    """
    return _like(C.ones, input, dtype, requires_grad, device)


def empty_like(input, dtype=None, device=None, requires_grad=False, memory_format=None):
    """A tensor with `input`'s shape and dtype (zero-filled).

    >>> import latpy.torch as torch
    >>> torch.empty_like(torch.zeros(2, 2)).shape
    torch.Size([2, 2])
    """
    return _like(C.zeros, input, dtype, requires_grad, device)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False):
    """`fill_value` everywhere, with `input`'s shape and dtype.

    >>> import latpy.torch as torch
    >>> torch.full_like(torch.zeros(2), 3.0).tolist()
    [3.0, 3.0]
    """
    return _like(C.full, input, dtype, requires_grad, device, fill_value)


def rand_like(input, dtype=None, device=None, requires_grad=False):
    """Uniform [0, 1) values with `input`'s shape.

    >>> import latpy.torch as torch
    >>> torch.rand_like(torch.zeros(3)).shape
    torch.Size([3])
    """
    return rand(*input.shape, dtype=dtype, requires_grad=requires_grad, device=device)


def randn_like(input, dtype=None, device=None, requires_grad=False):
    """Standard normal values with `input`'s shape.

    >>> import latpy.torch as torch
    >>> torch.randn_like(torch.zeros(3)).shape
    torch.Size([3])
    """
    return randn(*input.shape, dtype=dtype, requires_grad=requires_grad, device=device)


def manual_seed(seed):
    """Seed latpy.torch's random number generator (same seed, same numbers).

    >>> import latpy.torch as torch
    >>> _ = torch.manual_seed(0); a = torch.rand(2)
    >>> _ = torch.manual_seed(0); torch.equal(a, torch.rand(2))
    True
    """
    _generator.seed(int(seed))
    _initial_seed[0] = int(seed)
    return _generator


_initial_seed = [0]


def seed() -> int:
    """Seed the generator from fresh entropy and return that seed (as PyTorch).

    >>> import latpy.torch as torch
    >>> isinstance(torch.seed(), int)
    True
    """
    import random as _random
    value = _random.SystemRandom().randrange(2 ** 32)
    manual_seed(value)
    return value


def initial_seed() -> int:
    """The seed last given to :func:`manual_seed` or chosen by :func:`seed`.

    >>> import latpy.torch as torch
    >>> _ = torch.manual_seed(7); torch.initial_seed()
    7
    """
    return _initial_seed[0]


def get_default_dtype():
    """Always ``torch.float64``: latpy's only float dtype (API.md deviation 1).

    >>> import latpy.torch as torch
    >>> torch.get_default_dtype()
    torch.float64
    """
    return _dtypes.float64


def set_default_dtype(d) -> None:
    """Accepts any float dtype (all are float64 in latpy); other dtypes raise TypeError.

    >>> import latpy.torch as torch
    >>> torch.set_default_dtype(torch.float64)
    """
    if not isinstance(d, _dtypes.dtype) or not d.is_floating_point:
        raise TypeError(f"only floating-point types are supported as the default type, "
                        f"got {d}")


def _gen(generator):
    if generator is None:
        return _generator
    return getattr(generator, "_state", generator)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Uniform random values in [0, 1).

    >>> import latpy.torch as torch
    >>> torch.rand(2, 2).shape
    torch.Size([2, 2])
    """
    shape = _shape(size)
    return _finish(_gen(generator).random_sample(shape), dtype, requires_grad, device)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False):
    """Standard normal random values.

    >>> import latpy.torch as torch
    >>> torch.randn(3).shape
    torch.Size([3])
    """
    shape = _shape(size)
    return _finish(_gen(generator).standard_normal(shape), dtype, requires_grad, device)


def randint(low=0, high=None, size=None, generator=None, dtype=None, device=None,
            requires_grad=False):
    """Random integers in [low, high) (``randint(high, size)`` also works).

    >>> import latpy.torch as torch
    >>> t = torch.randint(0, 10, (5,)); t.dtype, bool(((t >= 0) & (t < 10)).all())
    (torch.int64, True)
    """
    if size is None and isinstance(high, (tuple, list)):
        low, high, size = 0, low, high
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    return _finish(_gen(generator).randint(low, high, size=tuple(size)), dtype, requires_grad,
                   device)


def randperm(n, generator=None, dtype=None, device=None, requires_grad=False):
    """A random permutation of ``0..n-1``.

    >>> import latpy.torch as torch
    >>> sorted(torch.randperm(4).tolist())
    [0, 1, 2, 3]
    """
    return _finish(_gen(generator).permutation(n), dtype, requires_grad, device)


def normal(mean=0.0, std=1.0, size=None, generator=None):
    """Normal random values with the given mean and std.

    >>> import latpy.torch as torch
    >>> torch.normal(0.0, 1.0, size=(2,)).shape
    torch.Size([2])
    """
    m = mean.data if isinstance(mean, Tensor) else mean
    s = std.data if isinstance(std, Tensor) else std
    if size is None:
        size = tuple(getattr(m, "shape", ())) or tuple(getattr(s, "shape", ()))
    return _wrap(_gen(generator).normal(m, s, size=tuple(size)))


def arange(start=0, end=None, step=1, dtype=None, device=None, requires_grad=False):
    """Values from `start` to `end` (exclusive) by `step`.

    >>> import latpy.torch as torch
    >>> torch.arange(4).tolist(), torch.arange(0, 1, 0.5).tolist()
    ([0, 1, 2, 3], [0.0, 0.5])
    """
    if end is None:
        start, end = 0, start
    return _finish(C.arange(start, end, step), dtype, requires_grad, device)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    """`steps` evenly spaced values from `start` to `end` inclusive.

    >>> import latpy.torch as torch
    >>> torch.linspace(0, 1, 3).tolist()
    [0.0, 0.5, 1.0]
    """
    return _finish(C.linspace(start, end, steps), dtype, requires_grad, device)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    """The identity matrix (n x m).

    >>> import latpy.torch as torch
    >>> torch.eye(2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return _finish(C.eye(n, m), dtype, requires_grad, device)


class Generator:
    """A random generator object (``torch.Generator().manual_seed(s)``).

    >>> import latpy.torch as torch
    >>> g = torch.Generator().manual_seed(1); torch.rand(1, generator=g).shape
    torch.Size([1])
    """

    def __init__(self, device="cpu"):
        self._state = RandomState(0)

    def manual_seed(self, seed):
        self._state.seed(int(seed))
        return self

    def seed(self):
        import random
        s = random.randrange(2 ** 32)
        self._state.seed(s)
        return s
