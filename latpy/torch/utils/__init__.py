"""``torch.utils``: ``checkpoint`` (recompute instead of store) and ``data`` (datasets,
DataLoader; imported on first use).

>>> import latpy.torch as torch
>>> torch.utils.checkpoint.checkpoint  # doctest: +ELLIPSIS
<function checkpoint at ...>
"""

import importlib as _importlib

from . import checkpoint


def __getattr__(name):
    if name == "data":  # ``torch.utils.data`` without importing it with latpy.torch
        return _importlib.import_module(".data", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
