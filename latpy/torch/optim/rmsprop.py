"""RMSprop, Adagrad and Adadelta (PyTorch's single-tensor update rules)."""

from __future__ import annotations

from ... import full, sqrt
from ..tensor import Tensor
from .optimizer import (Optimizer, _check_flags, _check_lr, _closure_loss, _grad, _lerp_,
                        _scalar, _to_float)


def _check(name, value, ok) -> None:
    if not ok:
        raise ValueError(f"Invalid {name} value: {value}")


class RMSprop(Optimizer):
    """RMSprop (``torch.optim.RMSprop``).

    With g = grad (+ weight_decay * p)::

        v = alpha * v + (1 - alpha) * g * g                (square_avg)
        a = g_avg + (1 - alpha) * (g - g_avg)              (grad_avg, if centered)
        avg = sqrt(v - a * a) + eps  if centered  else  sqrt(v) + eps
        b = momentum * b + g / avg;  p = p - lr * b        (momentum > 0)
        p = p - lr * g / avg                               (otherwise)

    State: ``step``, ``square_avg``, ``momentum_buffer`` (momentum > 0),
    ``grad_avg`` (centered).

    >>> import latpy.torch as torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> opt = torch.optim.RMSprop([w], lr=0.01)
    >>> (w * w).sum().backward(); opt.step()   # 1 - 0.01 * 2 / (sqrt(0.01 * 4) + eps)
    >>> round(w.item(), 6)
    0.9
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        _check_lr(lr)
        _check("epsilon", eps, 0.0 <= eps)
        _check("momentum", momentum, 0.0 <= momentum)
        _check("weight_decay", weight_decay, 0.0 <= weight_decay)
        _check("alpha", alpha, 0.0 <= alpha)
        _check_flags(foreach, None, differentiable, capturable)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                        maximize=maximize, differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            alpha, eps, momentum = group["alpha"], group["eps"], group["momentum"]
            weight_decay, centered = group["weight_decay"], group["centered"]
            buffers = ("square_avg",) + (("momentum_buffer",) if momentum > 0 else ()) + \
                (("grad_avg",) if centered else ())
            for p, grad, state in self._params_with_grads(group, buffers):
                square_avg = state["square_avg"].data
                state["step"].data += 1.0
                if weight_decay != 0:
                    grad = grad + p.data * weight_decay
                square_avg *= alpha
                square_avg += grad * (1 - alpha) * grad
                if centered:
                    grad_avg = state["grad_avg"].data
                    _lerp_(grad_avg, grad, 1 - alpha)
                    avg = sqrt(square_avg + grad_avg * -1.0 * grad_avg)
                else:
                    avg = sqrt(square_avg)
                avg += eps
                if momentum > 0:
                    buf = state["momentum_buffer"].data
                    buf *= momentum
                    buf += grad / avg
                    p.data -= buf * lr
                else:
                    p.data += grad * -lr / avg
        return loss


class Adagrad(Optimizer):
    """Adagrad (``torch.optim.Adagrad``).

    With g = grad (+ weight_decay * p) and t the step count::

        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g                        (sum, starts at initial_accumulator_value)
        p = p - clr * g / (sqrt(s) + eps)

    State (created for every parameter up front, as PyTorch does): ``step``, ``sum``.

    >>> import latpy.torch as torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> opt = torch.optim.Adagrad([w], lr=0.5)
    >>> (w * w).sum().backward(); opt.step()   # 1 - 0.5 * 2 / sqrt(4)
    >>> round(w.item(), 9)
    0.5
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        _check_lr(lr)
        _check("lr_decay", lr_decay, 0.0 <= lr_decay)
        _check("weight_decay", weight_decay, 0.0 <= weight_decay)
        _check("initial_accumulator_value", initial_accumulator_value,
               0.0 <= initial_accumulator_value)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        _check_flags(foreach, fused, differentiable)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value,
                        foreach=foreach, maximize=maximize, differentiable=differentiable,
                        fused=fused)
        super().__init__(params, defaults)

    def add_param_group(self, param_group) -> None:
        """Add a group and create its parameters' state (``step``, ``sum``)."""
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        for p in group["params"]:
            state = self.state[p]
            if not state:
                state["step"] = _scalar(0.0)
                state["sum"] = Tensor._wrap(
                    full(p.data.shape, float(group["initial_accumulator_value"])))

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            lr_decay, eps = group["lr_decay"], group["eps"]
            weight_decay = group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = _grad(p, group["maximize"])
                state = self.state[p]
                state["step"].data += 1.0
                step = state["step"].item()
                if weight_decay != 0:
                    grad = grad + p.data * weight_decay
                clr = lr / (1 + (step - 1) * lr_decay)
                state_sum = state["sum"].data
                state_sum += grad * 1.0 * grad
                std = sqrt(state_sum) + eps
                p.data += grad * -clr / std
        return loss


class Adadelta(Optimizer):
    """Adadelta (``torch.optim.Adadelta``), default ``lr=1.0``.

    With g = grad (+ weight_decay * p)::

        v = rho * v + (1 - rho) * g * g                     (square_avg)
        delta = sqrt(u + eps) / sqrt(v + eps) * g
        u = rho * u + (1 - rho) * delta * delta             (acc_delta)
        p = p - lr * delta

    State: ``step``, ``square_avg``, ``acc_delta``.

    >>> import latpy.torch as torch
    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> opt = torch.optim.Adadelta([w])
    >>> (w * w).sum().backward(); opt.step()
    >>> round(1.0 - w.item(), 6)   # sqrt(1e-6) / sqrt(0.4 + 1e-6) * 2
    0.003162
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        _check_lr(lr)
        _check("rho", rho, 0.0 <= rho <= 1.0)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        _check("weight_decay", weight_decay, 0.0 <= weight_decay)
        _check_flags(foreach, None, differentiable, capturable)
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                        maximize=maximize, capturable=capturable, foreach=foreach,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            rho, eps, weight_decay = group["rho"], group["eps"], group["weight_decay"]
            for p, grad, state in self._params_with_grads(group, ("square_avg", "acc_delta")):
                square_avg, acc_delta = state["square_avg"].data, state["acc_delta"].data
                state["step"].data += 1.0
                if weight_decay != 0:
                    grad = grad + p.data * weight_decay
                square_avg *= rho
                square_avg += grad * (1 - rho) * grad
                std = sqrt(square_avg + eps)
                delta = sqrt(acc_delta + eps) / std * grad
                acc_delta *= rho
                acc_delta += delta * (1 - rho) * delta
                p.data += delta * -lr
        return loss
