"""Random numbers with NumPy's names: ``lp.random.rand``, ``default_rng()``, ...

Built on the standard library's Mersenne Twister (``random.Random``). The same
seed always gives the same numbers in latpy, but they are *not* the numbers
NumPy gives for that seed: the bit streams differ. Names, arguments, result
shapes, dtypes (float64 / int64) and errors follow NumPy. ``size=None`` gives a
scalar (latpy's ``float64`` / ``int64``), otherwise an array of shape `size`.

>>> import latpy as lp
>>> lp.random.seed(0)
>>> a = lp.random.rand(2, 3)
>>> lp.random.seed(0)
>>> lp.random.rand(2, 3).tolist() == a.tolist()
True
"""

from __future__ import annotations

import random as _random

from .dtypes import F64, dtype as _as_dtype
from .sampling import Sampler, seeded_random

__all__ = ["seed", "get_state", "set_state", "rand", "randn", "random", "random_sample",
           "uniform", "normal", "standard_normal", "randint", "choice", "permutation",
           "shuffle", "RandomState", "Generator", "default_rng"]


# ------------------------------------------------------------- RandomState
class RandomState(Sampler):
    """NumPy's legacy generator: ``rand``, ``randn``, ``randint``, ``choice``, ...

    `seed` is None (fresh entropy), an int in ``[0, 2**32)`` or a sequence of them.

    >>> import latpy as lp
    >>> rs = lp.random.RandomState(42)
    >>> x = rs.randn(3, 2)
    >>> x.shape, x.dtype
    ((3, 2), dtype('float64'))
    """

    def __init__(self, seed=None):
        super().__init__(seeded_random(seed, 2**32))

    def seed(self, seed=None) -> None:
        """Reseed this generator (None: fresh entropy).

        >>> import latpy as lp
        >>> rs = lp.random.RandomState(); rs.seed(1); a = rs.rand()
        >>> rs.seed(1); a == rs.rand()
        True
        """
        self._rng = seeded_random(seed, 2**32)

    def get_state(self, legacy=True):
        """The generator state, for :meth:`set_state` (not NumPy's state format).

        >>> import latpy as lp
        >>> rs = lp.random.RandomState(3); st = rs.get_state(); a = rs.rand(2).tolist()
        >>> rs.set_state(st); rs.rand(2).tolist() == a
        True
        """
        return ("latpy-MT19937", self._rng.getstate())

    def set_state(self, state) -> None:
        """Restore a state returned by :meth:`get_state`."""
        if not (isinstance(state, tuple) and len(state) == 2 and state[0] == "latpy-MT19937"):
            raise ValueError("set_state: expected a state returned by latpy's get_state()")
        rng = _random.Random()
        try:
            rng.setstate(state[1])
        except (TypeError, ValueError) as exc:
            raise ValueError(f"set_state: invalid state ({exc})") from None
        self._rng = rng

    def random_sample(self, size=None):
        """Floats uniform in ``[0, 1)``.

        >>> import latpy as lp
        >>> x = lp.random.RandomState(0).random_sample((2, 2)); x.shape
        (2, 2)
        """
        return self._floats(size)

    random = random_sample

    def rand(self, *shape):
        """Floats uniform in ``[0, 1)`` with dimensions given as arguments.

        >>> import latpy as lp
        >>> lp.random.RandomState(0).rand(4).shape
        (4,)
        """
        return self._floats(shape or None)

    def randn(self, *shape):
        """Standard normal floats with dimensions given as arguments.

        >>> import latpy as lp
        >>> lp.random.RandomState(0).randn(2, 5).shape
        (2, 5)
        """
        return self._normal(0.0, 1.0, shape or None)

    def standard_normal(self, size=None):
        """Standard normal floats (mean 0, standard deviation 1).

        >>> import latpy as lp
        >>> lp.random.RandomState(0).standard_normal(3).dtype
        dtype('float64')
        """
        return self._normal(0.0, 1.0, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        """Normal floats; `loc`/`scale` may be arrays (broadcast against `size`).

        >>> import latpy as lp
        >>> x = lp.random.RandomState(0).normal(10.0, 0.0, size=2); x.tolist()
        [10.0, 10.0]
        """
        return self._normal(loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        """Floats uniform in ``[low, high)``; bounds may be arrays.

        >>> import latpy as lp
        >>> x = lp.random.RandomState(0).uniform(-1, 1, 100)
        >>> all(-1 <= v < 1 for v in x.tolist())
        True
        """
        return self._uniform(low, high, size)

    def randint(self, low, high=None, size=None, dtype=int):
        """int64 values in ``[low, high)`` (``[0, low)`` when `high` is None).

        >>> import latpy as lp
        >>> x = lp.random.RandomState(0).randint(5, 8, size=(2, 3))
        >>> x.dtype, all(5 <= v < 8 for v in x.ravel().tolist())
        (dtype('int64'), True)
        """
        return self._integers(low, high, size, dtype, False)

    def choice(self, a, size=None, replace=True, p=None):
        """Samples from ``arange(a)`` (int `a`) or from the 1-D array `a`.

        `p` gives probabilities (they must sum to 1); ``replace=False`` samples
        distinct elements.

        >>> import latpy as lp
        >>> sorted(lp.random.RandomState(0).choice(5, 5, replace=False).tolist())
        [0, 1, 2, 3, 4]
        """
        return self._choice(a, size, replace, p, 0, False)

    def permutation(self, x):
        """A permuted ``arange(x)`` (int `x`) or a permuted copy of `x` along axis 0.

        >>> import latpy as lp
        >>> sorted(lp.random.RandomState(0).permutation(4).tolist())
        [0, 1, 2, 3]
        """
        return self._permutation(x)

    def shuffle(self, x) -> None:
        """Shuffle `x` in place along axis 0 (an array or a list); returns None.

        >>> import latpy as lp
        >>> a = lp.arange(6).reshape(3, 2); lp.random.RandomState(0).shuffle(a)
        >>> sorted(a.tolist())
        [[0, 1], [2, 3], [4, 5]]
        """
        self._shuffle(x)


# --------------------------------------------------------------- Generator
class Generator(Sampler):
    """NumPy's new-style generator, made by :func:`default_rng`.

    >>> import latpy as lp
    >>> rng = lp.random.default_rng(0)
    >>> rng.integers(0, 10, size=3).dtype, rng.random((2, 2)).shape
    (dtype('int64'), (2, 2))
    """

    def random(self, size=None, dtype=None, out=None):
        """Floats uniform in ``[0, 1)``.

        >>> import latpy as lp
        >>> 0.0 <= lp.random.default_rng(1).random() < 1.0
        True
        """
        _float_only(dtype, out)
        return self._floats(size)

    def standard_normal(self, size=None, dtype=None, out=None):
        """Standard normal floats.

        >>> import latpy as lp
        >>> lp.random.default_rng(1).standard_normal((2, 3)).shape
        (2, 3)
        """
        _float_only(dtype, out)
        return self._normal(0.0, 1.0, size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        """Normal floats; `loc`/`scale` may be arrays (broadcast against `size`).

        >>> import latpy as lp
        >>> lp.random.default_rng(1).normal([0.0, 100.0], 1e-9).shape
        (2,)
        """
        return self._normal(loc, scale, size)

    def uniform(self, low=0.0, high=1.0, size=None):
        """Floats uniform in ``[low, high)``.

        >>> import latpy as lp
        >>> 2.0 <= lp.random.default_rng(1).uniform(2, 3) < 3.0
        True
        """
        return self._uniform(low, high, size)

    def integers(self, low, high=None, size=None, dtype=None, endpoint=False):
        """int64 values in ``[low, high)``, or ``[low, high]`` with ``endpoint=True``.

        >>> import latpy as lp
        >>> sorted(set(lp.random.default_rng(1).integers(1, 3, 50, endpoint=True).tolist()))
        [1, 2, 3]
        """
        return self._integers(low, high, size, dtype, endpoint)

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True):
        """Samples from ``arange(a)`` or from `a` along `axis`.

        >>> import latpy as lp
        >>> lp.random.default_rng(1).choice(lp.zeros((4, 3)), 2).shape
        (2, 3)
        """
        return self._choice(a, size, replace, p, axis, True)

    def permutation(self, x, axis=0):
        """A permuted ``arange(x)``, or a permuted copy of `x` along `axis`.

        >>> import latpy as lp
        >>> lp.random.default_rng(1).permutation(lp.zeros((2, 3)), axis=1).shape
        (2, 3)
        """
        return self._permutation(x, axis)

    def shuffle(self, x, axis=0) -> None:
        """Shuffle `x` in place along `axis`; returns None.

        >>> import latpy as lp
        >>> a = lp.arange(5); lp.random.default_rng(1).shuffle(a); sorted(a.tolist())
        [0, 1, 2, 3, 4]
        """
        self._shuffle(x, axis)

    def __repr__(self):
        return "Generator(latpy MT19937 via random.Random)"


def _float_only(dtype, out):
    if dtype is not None and _as_dtype(dtype) is not F64:
        raise TypeError(f"Unsupported dtype {_as_dtype(dtype)!r} (latpy floats are float64)")
    if out is not None:
        raise TypeError("out= is not supported by latpy's Generator")


def default_rng(seed=None) -> Generator:
    """A new :class:`Generator` (`seed`: None, an int >= 0, ints, or a Generator).

    >>> import latpy as lp
    >>> lp.random.default_rng(7).random() == lp.random.default_rng(7).random()
    True
    """
    if isinstance(seed, Generator):
        return seed
    if isinstance(seed, RandomState):
        return Generator(seed._rng)
    return Generator(seeded_random(seed))


# ------------------------------------------------- the module-level functions
# As in NumPy, they all draw from one hidden RandomState; seed() reseeds it.
_GLOBAL = RandomState()
seed = _GLOBAL.seed
get_state = _GLOBAL.get_state
set_state = _GLOBAL.set_state
rand = _GLOBAL.rand
randn = _GLOBAL.randn
random = _GLOBAL.random_sample
random_sample = _GLOBAL.random_sample
uniform = _GLOBAL.uniform
normal = _GLOBAL.normal
standard_normal = _GLOBAL.standard_normal
randint = _GLOBAL.randint
choice = _GLOBAL.choice
permutation = _GLOBAL.permutation
shuffle = _GLOBAL.shuffle
