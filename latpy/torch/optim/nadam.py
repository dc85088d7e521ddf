"""NAdam and RAdam (PyTorch's single-tensor update rules)."""

from __future__ import annotations

from ... import sqrt
from .adam import _check_betas, _check_common
from .optimizer import (Optimizer, _check_flags, _closure_loss, _grad, _lerp_, _scalar,
                        _to_float, _zeros)


class NAdam(Optimizer):
    """NAdam (``torch.optim.NAdam``): Adam with Nesterov momentum and the
    momentum-decay schedule of Dozat (2016).

    With g = grad, t the step count and psi = `momentum_decay`::

        p = p * (1 - lr * wd)  if decoupled_weight_decay  else  g = g + wd * p
        mu_t = beta1 * (1 - 0.5 * 0.96**(t * psi));  mu_next likewise at t + 1
        mu_product = mu_product * mu_t
        m = m + (1 - beta1) * (g - m);  v = beta2 * v + (1 - beta2) * g * g
        denom = sqrt(v / (1 - beta2**t)) + eps
        p = p - lr * (1 - mu_t) / (1 - mu_product) * g / denom
        p = p - lr * mu_next / (1 - mu_product * mu_next) * m / denom

    State: ``step``, ``mu_product`` (0-d Tensors), ``exp_avg``, ``exp_avg_sq``.

    >>> import latpy.torch as torch
    >>> w = torch.tensor([2.0], requires_grad=True)
    >>> opt = torch.optim.NAdam([w], lr=0.2)
    >>> for _ in range(100):
    ...     opt.zero_grad(); (w * w).sum().backward(); opt.step()
    >>> abs(w.item()) < 0.1
    True
    """

    _scalar_state = ("step", "mu_product")

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, *, foreach=None,
                 maximize=False, capturable=False, differentiable=False):
        _check_common(lr, eps, weight_decay)
        _check_betas(betas)
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        _check_flags(foreach, None, differentiable, capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize,
                        foreach=foreach, capturable=capturable,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            beta1, beta2 = group["betas"]
            weight_decay, eps = group["weight_decay"], group["eps"]
            momentum_decay = group["momentum_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = _grad(p, group["maximize"])
                state = self.state[p]
                if not state:
                    state["step"] = _scalar(0.0)
                    state["mu_product"] = _scalar(1.0)
                    state["exp_avg"] = _zeros(p)
                    state["exp_avg_sq"] = _zeros(p)
                exp_avg, exp_avg_sq = state["exp_avg"].data, state["exp_avg_sq"].data
                state["step"].data += 1.0
                step = state["step"].item()
                bias_correction2 = 1 - beta2 ** step
                if weight_decay != 0:
                    if group["decoupled_weight_decay"]:
                        p.data *= 1 - lr * weight_decay
                    else:
                        grad = grad + p.data * weight_decay
                mu = beta1 * (1.0 - 0.5 * (0.96 ** (step * momentum_decay)))
                mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
                state["mu_product"].data *= mu
                mu_product = state["mu_product"].item()
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                exp_avg_sq += grad * (1 - beta2) * grad
                denom = sqrt(exp_avg_sq / bias_correction2) + eps
                mu_product_next = mu_product * mu_next
                p.data += grad * (-lr * (1.0 - mu) / (1.0 - mu_product)) / denom
                p.data += exp_avg * ((-lr * mu_next) / (1.0 - mu_product_next)) / denom
        return loss


class RAdam(Optimizer):
    """RAdam (``torch.optim.RAdam``): Adam with the variance rectification of
    Liu et al. (2019).

    With t the step count, rho_inf = 2 / (1 - beta2) - 1 and
    rho_t = rho_inf - 2 t beta2**t / (1 - beta2**t)::

        m, v updated as in Adam;  m_hat = m / (1 - beta1**t)
        if rho_t > 5:
            r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
            p = p - m_hat * lr * sqrt(1 - beta2**t) / (sqrt(v) + eps) * r
        else:
            p = p - m_hat * lr

    State: ``step``, ``exp_avg``, ``exp_avg_sq``.

    >>> import latpy.torch as torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> opt = torch.optim.RAdam([w], lr=0.1)
    >>> (w * w).sum().backward(); opt.step()   # first steps: plain momentum SGD
    >>> round(w.item(), 12)
    0.8
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False,
                 capturable=False, differentiable=False):
        _check_common(lr, eps, weight_decay)
        _check_betas(betas)
        _check_flags(foreach, None, differentiable, capturable)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        maximize=maximize, foreach=foreach, capturable=capturable,
                        decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            beta1, beta2 = group["betas"]
            weight_decay, eps = group["weight_decay"], group["eps"]
            for p, grad, state in self._params_with_grads(group, ("exp_avg", "exp_avg_sq")):
                exp_avg, exp_avg_sq = state["exp_avg"].data, state["exp_avg_sq"].data
                state["step"].data += 1.0
                step = state["step"].item()
                if weight_decay != 0:
                    if group["decoupled_weight_decay"]:
                        p.data *= 1 - lr * weight_decay
                    else:
                        grad = grad + p.data * weight_decay
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                exp_avg_sq += grad * (1 - beta2) * grad
                bias_correction1 = 1 - beta1 ** step
                bias_correction2 = 1 - beta2 ** step
                bias_corrected_exp_avg = exp_avg / bias_correction1
                rho_inf = 2 / (1 - beta2) - 1
                rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
                if rho_t > 5.0:
                    rect = ((rho_t - 4) * (rho_t - 2) * rho_inf
                            / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                    adaptive_lr = (bias_correction2 ** 0.5) / (sqrt(exp_avg_sq) + eps)
                    p.data -= bias_corrected_exp_avg * lr * adaptive_lr * rect
                else:
                    p.data -= bias_corrected_exp_avg * lr
        return loss
