"""latpy.torch: Tensors and autograd with PyTorch's names and semantics.

``import latpy.torch as torch`` and write PyTorch code; the arrays underneath
are latpy's pure-Python NDArrays (float64, CPU).

>>> import latpy.torch as torch
>>> x = torch.tensor([3.0], requires_grad=True)
>>> z = torch.add(torch.mul(x, x), x); z.backward()
>>> x.grad.tolist()
[7.0]
"""

from __future__ import annotations

from .tensor import Tensor, Size
from .dtypes import (dtype, float64, float32, float16, bfloat16, half, double, float, int64,
                     int32, int16, int8, uint8, long, int, short, bool)
from .device import device, cuda, backends
from .grad_mode import (no_grad, enable_grad, set_grad_enabled, is_grad_enabled,
                        inference_mode, is_inference_mode_enabled)
from .autograd.anomaly import is_anomaly_enabled
from .creation import (tensor, as_tensor, from_numpy, zeros, ones, empty, full, zeros_like,
                       ones_like, empty_like, full_like, rand, randn, randint, randperm,
                       rand_like, randn_like, normal, arange, linspace, eye, manual_seed, seed,
                       initial_seed, Generator, get_default_dtype, set_default_dtype)
from .ops import *  # noqa: F401,F403
from .ops import (add, sub, mul, div, neg, pow, sin, cos, exp, log, sum, mean, matmul, max,
                  min, abs, round, all, any)
from .shape_ops import (reshape, permute, transpose, swapaxes, swapdims, t, squeeze, unsqueeze,
                        flatten, ravel, unflatten, expand, broadcast_to, repeat, movedim, moveaxis,
                        flip, roll, cat, concat, concatenate, stack, hstack, vstack, narrow,
                        split, chunk, tensor_split, unbind)
from . import tensor_methods as _tensor_methods  # noqa: F401
from . import autograd
from . import func
from . import utils
from . import optim
from .optim import SGD
from . import nn
from .serialization import save, load
from . import teach as _teach  # noqa: F401  (Tensor.backward_steps)
from .teach import explain, graph_tree
from .engine import grad as _grad  # noqa: F401
from .lazy import mode, is_lazy  # noqa: E402,F401  (also binds latpy.torch.lazy, callable)

__version__ = "2.13.0+latpy"
from . import more_ops  # noqa: E402
from .more_ops import *  # noqa: E402,F401,F403  (indexing, sorting, activations, einsum, ...)
from .extra_ops import *  # noqa: E402,F401,F403  (sinh, atan2, fmod, median, ...)
