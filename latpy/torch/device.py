"""Devices: latpy runs on the CPU only (API.md deviation 2)."""

from __future__ import annotations


class device:
    """A device; only ``"cpu"`` exists.

    >>> import latpy.torch as torch
    >>> torch.device("cpu")
    device(type='cpu')
    """

    __slots__ = ("type", "index")

    def __init__(self, type="cpu", index=None):  # noqa: A002 - PyTorch's name
        if isinstance(type, device):
            type, index = type.type, type.index
        check_device(type)
        self.type = "cpu"
        self.index = index

    def __repr__(self):
        return "device(type='cpu')"

    def __str__(self):
        return "cpu"

    def __eq__(self, other):
        if isinstance(other, str):
            return other.split(":")[0] == "cpu"
        return isinstance(other, device)

    def __hash__(self):
        return hash("cpu")


def check_device(spec) -> None:
    """Raise a clear error for any device other than the CPU."""
    name = spec.type if isinstance(spec, device) else str(spec)
    if name.split(":")[0] != "cpu":
        raise RuntimeError(f"latpy runs on the CPU only; device {name!r} is not available "
                           "(latpy.torch tensors accept device='cpu')")


class _Cuda:
    """``torch.cuda``: never available in latpy."""

    @staticmethod
    def is_available() -> bool:
        return False

    @staticmethod
    def device_count() -> int:
        return 0

    @staticmethod
    def manual_seed(seed) -> None:
        pass

    manual_seed_all = manual_seed


cuda = _Cuda()


class _Backends:
    class mps:  # noqa: N801
        @staticmethod
        def is_available() -> bool:
            return False


backends = _Backends()
