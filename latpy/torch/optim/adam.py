"""Adam, AdamW and Adamax (PyTorch's single-tensor update rules)."""

from __future__ import annotations

import math

from ...core.dtypes import F64 as _F64
from ...core.ndarray import NDArray as _NDArray

from ... import maximum, sqrt
from .optimizer import Optimizer, _check_flags, _check_lr, _closure_loss, _lerp_, _to_float


def _check_betas(betas) -> None:
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")


def _check_common(lr, eps, weight_decay) -> None:
    _check_lr(lr)
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


class Adam(Optimizer):
    """Adam (``torch.optim.Adam``), optionally AMSGrad and decoupled weight decay.

    With g = grad (negated if `maximize`) and t = the step count (from 1)::

        p = p * (1 - lr * wd)          if decoupled_weight_decay
        g = g + wd * p                 otherwise (when weight_decay != 0)
        m = m + (1 - beta1) * (g - m)           (exp_avg, a lerp)
        v = beta2 * v + (1 - beta2) * g * g     (exp_avg_sq)
        vmax = max(vmax, v); use vmax for v     (amsgrad)
        p = p - lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)

    State: ``step`` (0-d Tensor), ``exp_avg``, ``exp_avg_sq``, ``max_exp_avg_sq``.

    >>> import latpy.torch as torch
    >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = torch.optim.Adam([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step()
    >>> [round(v, 6) for v in w.tolist()]  # the first step moves each weight by ~lr
    [0.9, -1.9]
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        _check_common(lr, eps, weight_decay)
        _check_betas(betas)
        if not all(isinstance(b, float) for b in betas[:2]):
            raise ValueError("betas must be either both floats or both Tensors")
        _check_flags(foreach, fused, differentiable, capturable)
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            beta1, beta2 = (_to_float(b) for b in group["betas"])
            weight_decay, eps, amsgrad = group["weight_decay"], group["eps"], group["amsgrad"]
            buffers = ("exp_avg", "exp_avg_sq") + (("max_exp_avg_sq",) if amsgrad else ())
            for p, grad, state in self._params_with_grads(group, buffers):
                exp_avg, exp_avg_sq = state["exp_avg"].data, state["exp_avg_sq"].data
                state["step"].data += 1.0
                if not amsgrad and weight_decay == 0 and _fused_adam(
                        p.data, grad, exp_avg, exp_avg_sq, beta1, beta2, lr, eps,
                        state["step"].item()):
                    continue
                if weight_decay != 0:
                    if group["decoupled_weight_decay"]:
                        p.data *= 1 - lr * weight_decay
                    else:
                        grad = grad + p.data * weight_decay
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                exp_avg_sq += grad * (1 - beta2) * grad
                step = state["step"].item()
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                step_size = lr / bias_correction1
                bias_correction2_sqrt = bias_correction2 ** 0.5
                if amsgrad:
                    max_sq = state["max_exp_avg_sq"].data
                    max_sq[...] = maximum(max_sq, exp_avg_sq)
                    denom = sqrt(max_sq) / bias_correction2_sqrt + eps
                else:
                    denom = sqrt(exp_avg_sq) / bias_correction2_sqrt + eps
                p.data += exp_avg * -step_size / denom
        return loss


def _fused_adam(param, grad, exp_avg, exp_avg_sq, beta1, beta2, lr, eps, step) -> bool:
    """One Adam update as three list comprehensions over contiguous float64 lists.

    Performs exactly the float operations of the array code in :meth:`Adam.step`,
    in the same order, so results are identical -- only the ~10 temporary arrays
    are gone. Returns False (doing nothing) when the arrays aren't plain lists.
    """
    arrays = (param, grad, exp_avg, exp_avg_sq)
    if any(type(a) is not _NDArray or a._flat is None or a._dtype is not _F64
           for a in arrays) or not abs(1 - beta1) < 0.5:
        return False
    p, g, m, v = (a._flat for a in arrays)
    w1, c2 = 1 - beta1, 1 - beta2
    bc2_sqrt = (1 - beta2 ** step) ** 0.5
    neg_step = -(lr / (1 - beta1 ** step))
    sqrt = math.sqrt
    m[:] = [mi + (gi - mi) * w1 for mi, gi in zip(m, g)]            # lerp toward g
    v[:] = [vi * beta2 + gi * c2 * gi for vi, gi in zip(v, g)]      # EMA of g**2
    p[:] = [pi + mi * neg_step / (sqrt(vi) / bc2_sqrt + eps) for pi, mi, vi in zip(p, m, v)]
    return True


class AdamW(Adam):
    """AdamW (``torch.optim.AdamW``): Adam with decoupled weight decay,
    ``p = p * (1 - lr * weight_decay)`` before the Adam step; default
    ``weight_decay=1e-2``.

    >>> import latpy.torch as torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> opt = torch.optim.AdamW([w], lr=0.1, weight_decay=0.5)
    >>> (w * 0.0).sum().backward(); opt.step()   # zero gradient: only the decay acts
    >>> round(w.item(), 12)
    0.95
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)

    def _upgrade_state(self) -> None:
        super()._upgrade_state()
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True


class Adamax(Optimizer):
    """Adamax (``torch.optim.Adamax``), Adam with the infinity norm.

    With g = grad (+ weight_decay * p) and t the step count::

        m = m + (1 - beta1) * (g - m)              (exp_avg)
        u = max(beta2 * u, |g| + eps)              (exp_inf)
        p = p - lr / (1 - beta1**t) * m / u

    State: ``step``, ``exp_avg``, ``exp_inf``.

    >>> import latpy.torch as torch
    >>> w = torch.tensor([3.0], requires_grad=True)
    >>> opt = torch.optim.Adamax([w], lr=0.5)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w * w).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.1
    True
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False, differentiable=False, capturable=False):
        _check_common(lr, eps, weight_decay)
        _check_betas(betas)
        _check_flags(foreach, None, differentiable, capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize, differentiable=differentiable,
                        capturable=capturable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            beta1, beta2 = group["betas"]
            weight_decay, eps = group["weight_decay"], group["eps"]
            for p, grad, state in self._params_with_grads(group, ("exp_avg", "exp_inf")):
                exp_avg, exp_inf = state["exp_avg"].data, state["exp_inf"].data
                state["step"].data += 1.0
                if weight_decay != 0:
                    grad = grad + p.data * weight_decay
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_inf[...] = maximum(exp_inf * beta2, abs(grad) + eps)
                clr = lr / (1 - beta1 ** state["step"].item())
                p.data += exp_avg * -clr / exp_inf
        return loss
