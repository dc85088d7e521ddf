"""What every generator shares: the seeded random source and the output arrays."""

from __future__ import annotations

import operator
import random as _random

from .. import core as _core  # noqa: F401  (makes sure the core is initialised)
from ..core.creation import array as _array
from ..core.dtypes import F64, I64


def make_rng(seed) -> _random.Random:
    """A ``random.Random`` for `seed` (an int >= 0, a string, or None for fresh entropy).

    The standard library's Mersenne Twister gives the same stream for the same
    seed on every platform and Python version, so datasets are reproducible.
    """
    if seed is None or isinstance(seed, str):
        return _random.Random(seed)
    if isinstance(seed, bool) or not isinstance(seed, int):
        try:
            seed = operator.index(seed)
        except TypeError:
            raise TypeError(f"seed must be an int or None, got {type(seed).__name__}") from None
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    return _random.Random(seed)


def check_count(name: str, value, minimum: int = 0) -> int:
    """`value` as an int >= `minimum`, or a clear error naming the argument."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int, got bool")
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, got {type(value).__name__}") from None
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_noise(noise) -> float:
    noise = float(noise)
    if not noise >= 0.0:
        raise ValueError(f"noise must be a non-negative number, got {noise}")
    return noise


def features(flat: list, shape: tuple, as_tensor: bool):
    """A float64 Tensor (or NDArray) of `shape` holding the flat list `flat`."""
    arr = _array([float(v) for v in flat], dtype=F64).reshape(shape)
    return _wrap(arr, as_tensor)


def labels(flat: list, as_tensor: bool):
    """An int64 Tensor (or NDArray) of shape ``(len(flat),)``."""
    arr = _array([int(v) for v in flat], dtype=I64).reshape((len(flat),))
    return _wrap(arr, as_tensor)


def _wrap(arr, as_tensor: bool):
    if not as_tensor:
        return arr
    from ..torch.creation import as_tensor as to_tensor  # the layer above; imported lazily
    return to_tensor(arr)


def shuffled(rng: _random.Random, rows: list, ys: list):
    """`rows` and `ys` permuted together by `rng`."""
    order = list(range(len(ys)))
    rng.shuffle(order)
    return [rows[i] for i in order], [ys[i] for i in order]
