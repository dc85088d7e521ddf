"""latpy: a pure-Python, standard-library-only array and autograd library.

``import latpy as lp`` gives the NDArray core with NumPy's names and semantics;
``import latpy.torch as torch`` gives the autograd layer with PyTorch's.

>>> import latpy as lp
>>> a = lp.array([[1.0, 2.0], [3.0, 4.0]])
>>> (a @ a).tolist()
[[7.0, 10.0], [15.0, 22.0]]
"""

__version__ = "0.1.0"

from .core.errors import AxisError
from .core.dtypes import dtype, float64, int64, bool_, F64 as _F64, I64 as _I64, BOOL as _BOOL
from .core.ndarray import NDArray
from .core.creation import (array, asarray, zeros, ones, empty, full, zeros_like, ones_like,
                            empty_like, full_like, arange, linspace, eye, identity)
from .core.shape import broadcast_shapes
from .core.ufuncs import *  # noqa: F401,F403
from .core.reductions import *  # noqa: F401,F403
from .core.indexing import *  # noqa: F401,F403
from .core.manipulation import *  # noqa: F401,F403
from .core.linalg import *  # noqa: F401,F403
from .core.printing import *  # noqa: F401,F403
from .core.io import *  # noqa: F401,F403
from .core import random  # noqa: F401

ndarray = NDArray
F64 = float64
bool = bool_  # NumPy 2 spells it np.bool
newaxis = None
pi = 3.141592653589793
e = 2.718281828459045
inf = float("inf")
nan = float("nan")


def selftest(seed=0, rounds=2, second_order=True, verbose=True, file=None):
    """Gradient-check every registered autograd op (first and second order).

    >>> import latpy
    >>> latpy.selftest(rounds=1, verbose=False)["failed"]
    []
    """
    from .torch.selftest import selftest as run
    return run(seed=seed, rounds=rounds, second_order=second_order, verbose=verbose, file=file)


def source(op):
    """Print an autograd op's forward and backward source (or a composed op's body).

    >>> import latpy
    >>> "def backward" in latpy.source("tanh")  # doctest: +ELLIPSIS
    class Tanh(Op):
    ...
    True
    """
    from .torch.teach import source as show
    return show(op)
