"""``torch.func``: function transforms (grad, vjp, jvp, jacrev, jacfwd, hessian, vmap).

A transform takes a function and returns a new one: ``grad(f)`` computes the
gradient of `f`, ``jacrev(f)`` its Jacobian, ``vmap(f)`` maps it over a batch.
They compose -- ``grad(grad(f))``, ``jacfwd(jacrev(f))``, ``vmap(grad(f))`` --
and are built on ``torch.autograd.grad`` (see ``_common.py`` for how).

>>> import latpy.torch as torch
>>> from latpy.torch import func
>>> func.grad(lambda x: (x ** 2).sum())(torch.tensor([1.0, 2.0])).tolist()
[2.0, 4.0]
"""

from ._functional_call import functional_call
from ._grad import grad, grad_and_value, hvp, jvp, value_and_grad, vjp
from ._jacobian import hessian, jacfwd, jacrev
from ._vmap import vmap

__all__ = ["grad", "grad_and_value", "value_and_grad", "vjp", "jvp", "jacrev", "jacfwd",
           "hessian", "hvp", "vmap", "functional_call"]
