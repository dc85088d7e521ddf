"""Stochastic gradient descent (momentum, dampening, Nesterov, weight decay)."""

from __future__ import annotations

from ..tensor import Tensor
from .optimizer import (Optimizer, _check_flags, _check_lr, _closure_loss, _grad,
                        _to_float)


class SGD(Optimizer):
    """SGD with PyTorch's update rule (``torch.optim.SGD``).

    With g = grad (negated if `maximize`), for each step::

        g = g + weight_decay * p
        b = g                                  (first step)
        b = momentum * b + (1 - dampening) * g (later steps)
        g = g + momentum * b  if nesterov  else  b      (when momentum != 0)
        p = p - lr * g

    State: ``momentum_buffer`` (only when ``momentum != 0``).

    >>> import latpy.torch as torch
    >>> x = torch.tensor([5.0], requires_grad=True); opt = torch.SGD([x], lr=0.1)
    >>> for _ in range(50):
    ...     loss = torch.pow(x, 2.0); loss.backward(); opt.step(); opt.zero_grad()
    >>> abs(x.item()) < 1e-4
    True
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        _check_lr(lr)
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                        foreach=foreach, differentiable=differentiable, fused=fused)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        _check_flags(foreach, fused, differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns the closure's loss."""
        loss = _closure_loss(closure)
        for group in self.param_groups:
            lr = _to_float(group["lr"])
            momentum, dampening = group["momentum"], group["dampening"]
            weight_decay, nesterov = group["weight_decay"], group["nesterov"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                grad = _grad(p, group["maximize"])
                if weight_decay != 0:
                    grad = grad + p.data * weight_decay
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = Tensor._wrap(grad.copy())
                    else:
                        buf.data *= momentum
                        buf.data += grad * (1 - dampening)
                    grad = grad + buf.data * momentum if nesterov else buf.data
                p.data -= grad * lr
        return loss

