"""Stochastic gradient descent (momentum, dampening, Nesterov, weight decay)."""

from __future__ import annotations

from ..grad_mode import no_grad
from .optimizer import Optimizer


class SGD(Optimizer):
    """SGD with PyTorch's update rule.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([5.0], requires_grad=True); opt = torch.SGD([x], lr=0.1)
    >>> for _ in range(50):
    ...     loss = torch.pow(x, 2.0); loss.backward(); opt.step(); opt.zero_grad()
    >>> abs(x.item()) < 1e-4
    True
    """

    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0,
                 nesterov=False, maximize=False):
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize))

    @no_grad()
    def step(self, closure=None):
        """Update every parameter that has a gradient."""
        loss = None
        if closure is not None:
            from ..grad_mode import enable_grad
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, momentum = group["lr"], group["momentum"]
            dampening, wd = group["dampening"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                d_p = p.grad.data
                if group["maximize"]:
                    d_p = -d_p
                if wd != 0:
                    d_p = d_p + p.data * wd
                if momentum != 0:
                    state = self.state.setdefault(p, {})
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = d_p.copy()
                    else:
                        buf = buf * momentum + d_p * (1 - dampening)
                    state["momentum_buffer"] = buf
                    d_p = d_p + buf * momentum if group["nesterov"] else buf
                p.data -= d_p * lr
        return loss
