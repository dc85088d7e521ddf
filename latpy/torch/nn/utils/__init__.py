"""``torch.nn.utils``: gradient clipping and parameter/vector conversion.

Submodules such as ``rnn`` load on first access (``torch.nn.utils.rnn``) if present.
"""

from __future__ import annotations

import importlib as _importlib
import os as _os

from .clip_grad import (clip_grad_norm_, clip_grad_norm, clip_grad_value_, get_total_norm,
                        clip_grads_with_norm_)
from .convert_parameters import parameters_to_vector, vector_to_parameters

__all__ = ["clip_grad_norm_", "clip_grad_norm", "clip_grad_value_", "get_total_norm",
           "clip_grads_with_norm_", "parameters_to_vector", "vector_to_parameters"]


def __getattr__(name):
    if _os.path.isfile(_os.path.join(_os.path.dirname(__file__), name + ".py")):
        return _importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
