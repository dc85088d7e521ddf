"""``torch.nn``: modules, layers, losses, initialisation and utilities."""

from .module import Module, Parameter, Buffer
from .containers import (Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict,
                         Identity, Flatten, Unflatten)
from .linear import Linear, Bilinear
from . import init, functional
from .activation_modules import *  # noqa: F401,F403
from .layers_conv import *  # noqa: F401,F403
from .layers_fold import *  # noqa: F401,F403
from .layers_norm import *  # noqa: F401,F403
from .layers_recurrent import *  # noqa: F401,F403
from .layers_transformer import *  # noqa: F401,F403
from .layers_transformer_decoder import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from . import utils  # noqa: F401
