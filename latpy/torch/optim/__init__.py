"""Optimizers (``torch.optim``) and learning-rate schedulers (``.lr_scheduler``).

Update rules, defaults, argument checks and state names are PyTorch 2.x's
(the single-tensor code path PyTorch runs on CPU); updates write into
``p.data`` in place and never build graph.

>>> import latpy.torch as torch
>>> w = torch.tensor([1.0, -1.0], requires_grad=True)
>>> opt = torch.optim.Adam([w], lr=0.1)
>>> sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
>>> (w * w).sum().backward(); opt.step(); sched.step()
>>> sched.get_last_lr()
[0.05]
"""

from .optimizer import Optimizer
from .sgd import SGD
from .adam import Adam, AdamW, Adamax
from .nadam import NAdam, RAdam
from .rmsprop import RMSprop, Adagrad, Adadelta
from .lbfgs import LBFGS
from . import lr_scheduler

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop",
           "Adagrad", "Adadelta", "LBFGS", "lr_scheduler"]
