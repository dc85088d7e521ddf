"""Tensor dtypes: ``float64``, ``int64`` and ``bool`` (API.md deviation 1).

PyTorch scripts often name ``torch.float32`` or call ``.float()``; latpy keeps
float64 everywhere, so ``float32``, ``float``, ``half`` and ``float16`` are
aliases of ``float64`` (and ``int32``/``int`` of ``int64``), letting such
scripts run unchanged.
"""

from __future__ import annotations

from ..core.dtypes import BOOL, F64, I64


class dtype:
    """A tensor dtype; ``str(torch.float64) == 'torch.float64'``.

    >>> import latpy.torch as torch
    >>> torch.tensor([1, 2]).dtype
    torch.int64
    """

    __slots__ = ("name", "core", "is_floating_point", "itemsize", "is_signed", "is_complex")

    def __init__(self, name, core):
        self.name = name
        self.core = core
        self.is_floating_point = core is F64
        self.itemsize = core.itemsize
        self.is_signed = core is not BOOL
        self.is_complex = False

    def __repr__(self):
        return f"torch.{self.name}"

    __str__ = __repr__

    def to_real(self):
        return self


float64 = dtype("float64", F64)
int64 = dtype("int64", I64)
bool = dtype("bool", BOOL)  # noqa: A001 - PyTorch's name
double = float32 = float = half = float16 = bfloat16 = float64  # noqa: A001
long = int32 = int = int16 = int8 = uint8 = short = int64  # noqa: A001

_FROM_CORE = {F64: float64, I64: int64, BOOL: bool}


def from_core(core_dtype) -> dtype:
    """The tensor dtype for an NDArray dtype."""
    return _FROM_CORE[core_dtype]


def to_core(spec):
    """The NDArray dtype for a tensor dtype, a core dtype, a name or a Python type."""
    if isinstance(spec, dtype):
        return spec.core
    from ..core.dtypes import dtype as core_dtype
    if isinstance(spec, str):
        spec = spec.replace("torch.", "")
    return core_dtype(spec)
