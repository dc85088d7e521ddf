"""``torch.nn.functional``: the functional form of layers, activations and losses.

``import latpy.torch.nn.functional as F`` works as in PyTorch.
"""

from __future__ import annotations

from ..ops import relu, sigmoid, tanh, softmax, log_softmax  # noqa: F401
from ..tensor import Tensor


def linear(input, weight, bias=None):
    """y = input @ weight.T + bias.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.linear(torch.ones(2, 3), torch.ones(4, 3)).shape
    torch.Size([2, 4])
    """
    from ..functions.linalg import Linear
    x = input if isinstance(input, Tensor) else Tensor(input)
    return Linear.apply(x, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """y[..., k] = input1 @ weight[k] @ input2 (+ bias[k]).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.bilinear(torch.ones(5, 2), torch.ones(5, 3), torch.ones(4, 2, 3)).shape
    torch.Size([5, 4])
    """
    # (..., 1, 1, i) @ (k, i, j) -> (..., k, 1, j); then times input2 summed over j
    left = input1.unsqueeze(-2).unsqueeze(-2) @ weight
    out = (left.squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    return out + bias if bias is not None else out


from .functional_layers import *  # noqa: E402,F401,F403
from .functional_losses import *  # noqa: E402,F401,F403
from .functional_attention import *  # noqa: E402,F401,F403
from .functional_norm import *  # noqa
