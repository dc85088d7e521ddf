"""``torch.autograd``: backward, grad, Function, gradient checks, functional API."""

from ..engine import backward, grad
from ..function import Function
from ..grad_mode import no_grad, enable_grad, set_grad_enabled, is_grad_enabled
from .anomaly import detect_anomaly, set_detect_anomaly
from . import functional
from .gradcheck import gradcheck, gradgradcheck, numerical_grad

__all__ = ["backward", "grad", "Function", "no_grad", "enable_grad", "set_grad_enabled",
           "is_grad_enabled", "detect_anomaly", "set_detect_anomaly", "functional",
           "gradcheck", "gradgradcheck", "numerical_grad"]
