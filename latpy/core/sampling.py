"""The sampling algorithms behind ``lp.random`` (RandomState and Generator).

Everything draws from one ``random.Random`` (the stdlib Mersenne Twister):
``random()`` for floats, ``gauss`` for normals, ``_randbelow`` (what
``randrange`` uses) for integers, ``shuffle``/``sample`` for permutations.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import operator
import random as _random

from .creation import asarray
from .dtypes import BOOL, F64, I64, dtype as _as_dtype
from .ndarray import NDArray, _elements, _make, _scalar, _write
from .shape import broadcast_shapes, normalize_axis, prod

_INT64_MIN, _INT64_END = -2**63, 2**63


# ----------------------------------------------------------------- helpers
def _size_shape(size):
    """`size` (None, int or sequence of ints) as None or a shape tuple."""
    if size is None:
        return None
    if isinstance(size, NDArray):
        size = size.tolist()
    dims = (size,) if not isinstance(size, (tuple, list)) else size
    shape = tuple(operator.index(d) for d in dims)
    if any(d < 0 for d in shape):
        raise ValueError("negative dimensions are not allowed")
    return shape


def _out(values: list, shape, dt):
    """A scalar when `shape` is None (size=None), else a new array."""
    return _scalar(values[0], dt) if shape is None else _make(values, shape, dt)


def _is_scalar(x) -> bool:
    return isinstance(x, (int, float)) or (isinstance(x, NDArray) and not x._shape)


def _broadcast_params(size, params, dt):
    """Params broadcast to the result shape: ``(shape, [flat list per param])``."""
    arrays = [asarray(p, dtype=dt) for p in params]
    try:
        shape = broadcast_shapes(*(a._shape for a in arrays))
        fits = size is None or broadcast_shapes(shape, size) == size
    except ValueError:
        fits = False
    if not fits:
        shown = ", ".join(str(a._shape) for a in arrays)
        raise ValueError(f"shape mismatch: objects cannot be broadcast to a single shape "
                         f"(size {size}, parameter shapes {shown})")
    shape = shape if size is None else size
    zero = _make([dt.type(0) if dt is not F64 else 0.0] * prod(shape), shape, dt)
    return shape, [_elements(a + zero) for a in arrays]


def seeded_random(seed, limit=None) -> _random.Random:
    """A ``random.Random`` from a NumPy-style seed: None, an int >= 0 or ints."""
    if seed is None:
        return _random.Random()
    if hasattr(seed, "tolist") and not isinstance(seed, int):  # arrays, NumPy scalars
        seed = seed.tolist()
    if isinstance(seed, float) or (isinstance(seed, (list, tuple)) and any(
            isinstance(s, float) for s in seed)):
        raise TypeError("Cannot cast scalar from dtype('float64') to dtype('int64') "
                        "according to the rule 'safe' (seeds are integers)")
    ints = [operator.index(s) for s in seed] if isinstance(seed, (list, tuple)) else \
        [operator.index(seed)]
    for s in ints:
        if s < 0 or (limit is not None and s >= limit):
            raise ValueError("Seed must be between 0 and 2**32 - 1" if limit
                             else "expected non-negative integer")
    if isinstance(seed, (list, tuple)):  # a str seeds deterministically (via sha512)
        return _random.Random("latpy-seed:" + ",".join(map(str, ints)))
    return _random.Random(ints[0])


def _int_bound(x) -> int:
    if isinstance(x, NDArray):
        x = x.item()
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"integer bound must be finite, got {x}")
        return int(x)
    return operator.index(x)


# ---------------------------------------------------------- shared sampling
class Sampler:
    """The sampling algorithms; RandomState and Generator name them as NumPy does."""

    def __init__(self, rng: _random.Random):
        self._rng = rng

    def _floats(self, size):
        shape = _size_shape(size)
        rand = self._rng.random
        return _out([rand() for _ in range(1 if shape is None else prod(shape))], shape, F64)

    def _normal(self, loc, scale, size):
        shape = _size_shape(size)
        if _is_scalar(loc) and _is_scalar(scale):
            loc, scale = float(loc), float(scale)
            if scale < 0:
                raise ValueError("scale < 0")
            gauss = self._rng.gauss  # bound once: this comprehension is the hot loop
            n = 1 if shape is None else prod(shape)
            return _out([gauss(loc, scale) for _ in range(n)], shape, F64)
        shape, (locs, scales) = _broadcast_params(shape, (loc, scale), F64)
        if any(s < 0 for s in scales):
            raise ValueError("scale < 0")
        gauss = self._rng.gauss
        return _make([gauss(m, s) for m, s in zip(locs, scales)], shape, F64)

    def _uniform(self, low, high, size):
        shape = _size_shape(size)
        rand = self._rng.random
        if _is_scalar(low) and _is_scalar(high):
            low, span = float(low), float(high) - float(low)
            if not math.isfinite(span):
                raise OverflowError("uniform: range high - low exceeds valid bounds")
            n = 1 if shape is None else prod(shape)
            return _out([low + span * rand() for _ in range(n)], shape, F64)
        shape, (lows, highs) = _broadcast_params(shape, (low, high), F64)
        return _make([lo + (hi - lo) * rand() for lo, hi in zip(lows, highs)], shape, F64)

    def _integers(self, low, high, size, dtype, endpoint):
        dt = _as_dtype(int if dtype is None else dtype)
        if dt is F64:
            raise TypeError(f"Unsupported dtype {dt!r} for randint")
        first, end = (0, 2) if dt is BOOL else (_INT64_MIN, _INT64_END)
        name = dt.name
        no_high = high is None
        if no_high:
            low, high = 0, low
        shape = _size_shape(size)
        below = getattr(self._rng, "_randbelow", None) or self._rng.randrange
        scalar_bounds = _is_scalar(low) and _is_scalar(high)
        if scalar_bounds:
            lows, highs = [_int_bound(low)], [_int_bound(high)]
        else:
            shape, (lows, highs) = _broadcast_params(shape, (low, high), I64)
        if endpoint:
            highs = [h + 1 for h in highs]
        for lo, hi in zip(lows, highs):
            if lo < first:
                raise ValueError(f"low is out of bounds for {name}")
            if hi > end:
                raise ValueError(f"high is out of bounds for {name}")
            if lo >= hi:
                raise ValueError("high <= 0" if no_high else
                                 "low > high" if endpoint else "low >= high")
        if scalar_bounds:
            lo, span = lows[0], highs[0] - lows[0]
            values = [lo + below(span) for _ in range(1 if shape is None else prod(shape))]
        else:
            values = [lo + below(hi - lo) for lo, hi in zip(lows, highs)]
        if dt is BOOL:
            values = [bool(v) for v in values]
        return _out(values, shape, dt)

    def _choice(self, a, size, replace, p, axis, generator):
        shape = _size_shape(size)
        n = 1 if shape is None else prod(shape)
        arr = None
        if isinstance(a, NDArray) and not a._shape and a._dtype is not F64:
            a = a.item()
        if isinstance(a, int) or (not isinstance(a, (NDArray, list, tuple))
                                  and hasattr(a, "__index__")):
            pop = operator.index(a)
            if pop < 0 or (pop == 0 and n):
                raise ValueError(("a must be a positive integer" if generator else
                                  "a must be greater than 0") + " unless no samples are taken")
        else:
            arr = asarray(a)
            if arr.ndim == 0 or (arr.ndim != 1 and not generator):
                raise ValueError("a must be 1-dimensional" if not generator else
                                 "a must be a positive integer or at least 1-dimensional")
            axis = normalize_axis(axis, arr.ndim)
            pop = arr._shape[axis]
            if pop == 0 and n:
                raise ValueError("'a' cannot be empty unless no samples are taken")
        weights = None if p is None else self._check_p(p, pop)
        rng = self._rng
        if replace or not n:
            if weights is None or not n:
                below = getattr(rng, "_randbelow", None) or rng.randrange
                idx = [below(pop) for _ in range(n)] if pop else []
            else:
                cum = list(itertools.accumulate(weights))
                total, rand, last = cum[-1], rng.random, pop - 1
                idx = [bisect.bisect_right(cum, rand() * total, 0, last) for _ in range(n)]
        else:
            if n > pop:
                raise ValueError("Cannot take a larger sample than population when "
                                 "'replace=False'")
            if weights is None:
                idx = rng.sample(range(pop), n)
            else:
                if sum(1 for w in weights if w > 0) < n:
                    raise ValueError("Fewer non-zero entries in p than size")
                # Efraimidis-Spirakis: the n smallest keys E/w (E ~ Exp(1)) are a
                # weighted sample without replacement, in the order drawn.
                expo = rng.expovariate
                keys = [(expo(1.0) / w, i) for i, w in enumerate(weights) if w > 0]
                idx = [i for _, i in heapq.nsmallest(n, keys)]
        if arr is None:
            return _out(idx, shape, I64)
        return _take(arr, idx, shape, axis)

    @staticmethod
    def _check_p(p, pop):
        probs = asarray(p, dtype=F64)
        if probs.ndim != 1:
            raise ValueError("'p' must be 1-dimensional")
        if probs.size != pop:
            raise ValueError("'a' and 'p' must have same size")
        weights = _elements(probs)
        if not all(w >= 0 for w in weights):  # also catches nan
            raise ValueError("probabilities are not non-negative")
        if abs(math.fsum(weights) - 1.0) > 1.4901161193847656e-08:  # sqrt(eps), as NumPy
            raise ValueError("probabilities do not sum to 1")
        return weights

    def _order(self, n: int) -> list:
        order = list(range(n))
        self._rng.shuffle(order)
        return order

    def _permutation(self, x, axis=0):
        if isinstance(x, int) or (not isinstance(x, (NDArray, list, tuple))
                                  and hasattr(x, "__index__")):
            return _make(self._order(operator.index(x)), (operator.index(x),), I64)
        arr = asarray(x)
        if not arr._shape:
            raise IndexError("x must be an integer or at least 1-dimensional")
        axis = normalize_axis(axis, arr.ndim)
        return _take(arr, self._order(arr._shape[axis]), (arr._shape[axis],), axis)

    def _shuffle(self, x, axis=0):
        if isinstance(x, NDArray):
            if not x._shape:
                raise TypeError("len() of unsized object (shuffle needs at least 1-d)")
            axis = normalize_axis(axis, x.ndim)
            moved = x if axis == 0 else x.swapaxes(0, axis)  # a view: writes reach x
            _write(moved, _rows(_elements(moved), moved._shape, self._order(moved._shape[0])))
        elif hasattr(x, "__len__") and hasattr(x, "__setitem__"):
            old = [v.copy() if hasattr(v, "copy") else v for v in x]  # rows may be views
            for i, j in enumerate(self._order(len(old))):
                x[i] = old[j]
        else:
            raise TypeError(f"shuffle needs an array or a mutable sequence, got "
                            f"{type(x).__name__}")


def _rows(elements: list, shape: tuple, idx: list) -> list:
    """The C-order elements of the rows (index along axis 0) listed in `idx`."""
    step = prod(shape[1:])
    if step == 1:
        return [elements[i] for i in idx]
    out = []
    for i in idx:
        out.extend(elements[i * step:(i + 1) * step])
    return out


def _take(arr: NDArray, idx: list, shape, axis: int):
    """``arr`` indexed along `axis` by `idx` laid out as `shape` (None: one index)."""
    ndim = arr.ndim
    front = arr if axis == 0 else arr.transpose([axis] + [d for d in range(ndim) if d != axis])
    rest = front._shape[1:]
    values = _rows(_elements(front), front._shape, idx)
    if shape is None:
        return _make(values, rest, arr._dtype) if rest else _scalar(values[0], arr._dtype)
    out = _make(values, shape + rest, arr._dtype)
    if axis == 0 or not rest:
        return out
    k = len(shape)  # put the sampled dimensions where `axis` was
    perm = [k + d for d in range(axis)] + list(range(k)) + [k + d for d in range(axis, len(rest))]
    return out.transpose(perm).copy()
