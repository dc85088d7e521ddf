"""lp.random against numpy.random: same names, result shapes, dtypes and error classes.

The numbers themselves differ (latpy uses Python's Mersenne Twister stream).
Skipped when NumPy is not installed.
"""

import unittest

try:
    import numpy as np
except ImportError:  # pragma: no cover - the plain test run has no NumPy
    np = None

import latpy as lp

CALLS = [
    ("rand", (), {}), ("rand", (2, 3), {}), ("rand", (-1,), {}), ("rand", (2.0,), {}),
    ("randn", (4,), {}), ("random_sample", ((2, 2),), {}), ("random_sample", ((),), {}),
    ("uniform", (-1, 1, 5), {}), ("uniform", ([0.0, 1.0], [1.0, 2.0]), {}),
    ("normal", (0.0, 1.0, (3, 1)), {}), ("normal", (0.0, -1.0), {}),
    ("normal", ([0.0, 1.0], 1.0), {"size": 3}), ("normal", ([0.0, 1.0], 1.0), {"size": (4, 2)}),
    ("standard_normal", (0,), {}), ("randint", (5,), {}), ("randint", (0,), {}),
    ("randint", (5, 5), {}), ("randint", (-3, 3, (2, 2)), {}), ("randint", (5,), {"size": -1}),
    ("randint", (2,), {"size": 3, "dtype": bool}), ("randint", (3,), {"dtype": bool}),
    ("randint", (5,), {"dtype": float}), ("randint", ([1, 2], [3, 4]), {}),
    ("choice", (5,), {}), ("choice", (5, 3), {}), ("choice", (5, 6), {"replace": False}),
    ("choice", ([1.5, 2.5], (2, 2)), {}), ("choice", (3,), {"p": [0.5, 0.5]}),
    ("choice", (2,), {"p": [0.5, 0.6]}), ("choice", (2,), {"p": [-0.5, 1.5]}),
    ("choice", ([],), {}), ("choice", (0,), {}), ("choice", (0, 0), {}),
    ("choice", ([[1, 2]],), {}), ("choice", (3, 2), {"replace": False, "p": [1, 0, 0]}),
    ("permutation", (5,), {}), ("permutation", ([[1, 2], [3, 4]],), {}),
]

GENERATOR_CALLS = [
    ("random", (), {}), ("random", ((2, 3),), {}), ("integers", (5,), {}),
    ("integers", (0,), {}), ("integers", (2, 4, 6), {"endpoint": True}),
    ("integers", (5, 5), {"endpoint": True}), ("integers", (6, 5), {"endpoint": True}),
    ("standard_normal", (3,), {}), ("normal", (1.0, 2.0, (2, 2)), {}),
    ("uniform", (0, 1, 0), {}), ("choice", (4, 2), {}), ("choice", (0,), {}),
    ("permutation", (4,), {}),
]


_ERRORS = (ValueError, TypeError, IndexError, OverflowError)


def outcome(fn, args, kwargs, is_numpy):
    """('ok', shape, kind, is-array) or ('error', the builtin exception class)."""
    if is_numpy:
        args = tuple(np.array(a) if isinstance(a, list) else a for a in args)
    try:
        value = fn(*args, **kwargs)
    except _ERRORS as exc:
        return ("error", next(c for c in type(exc).__mro__ if c in _ERRORS).__name__)
    if isinstance(value, (np.ndarray, lp.NDArray)):
        kind = value.dtype.kind if is_numpy else {"float64": "f", "int64": "i",
                                                   "bool": "b"}[str(value.dtype)]
        return ("ok", value.shape, kind, True)
    kind = "b" if isinstance(value, (bool, np.bool_)) else \
        "i" if isinstance(value, (int, np.integer)) else "f"
    return ("ok", (), kind, False)


@unittest.skipUnless(np is not None, "NumPy is not installed")
class ParityTest(unittest.TestCase):
    def test_random_state(self):
        mine, theirs = lp.random.RandomState(0), np.random.RandomState(0)
        for name, args, kwargs in CALLS:
            with self.subTest(call=(name, args, kwargs)):
                self.assertEqual(outcome(getattr(mine, name), args, kwargs, False),
                                 outcome(getattr(theirs, name), args, kwargs, True))

    def test_generator(self):
        mine, theirs = lp.random.default_rng(0), np.random.default_rng(0)
        for name, args, kwargs in GENERATOR_CALLS:
            with self.subTest(call=(name, args, kwargs)):
                self.assertEqual(outcome(getattr(mine, name), args, kwargs, False),
                                 outcome(getattr(theirs, name), args, kwargs, True))

    def test_module_names_exist_in_numpy(self):
        for name in lp.random.__all__:
            self.assertTrue(hasattr(np.random, name), name)


if __name__ == "__main__":
    unittest.main()
