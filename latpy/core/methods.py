"""Completes NDArray with the methods implemented in other core modules.

Each module (reductions, indexing, printing, manipulation, linalg, ufuncs)
attaches its own methods to NDArray when imported; importing them all here,
at the end of ``ndarray.py``, finishes the class in one place.
"""

from . import ufuncs, reductions, indexing, printing, manipulation, linalg  # noqa: F401
