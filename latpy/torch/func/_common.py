"""What every transform shares: nesting levels, differentiable inputs, argnums.

latpy's transforms are built on ``autograd.grad``. To let them compose
(``grad(grad(f))``, ``jacfwd(jacrev(f))``) each call decides whether it is
*nested*: called inside another transform, or on inputs that require grad. A
nested call builds the graph of its own derivatives (``create_graph=True``) and
returns results still attached to it, so the outer transform can differentiate
them. A top-level call works on detached copies and returns detached results:
the function sees plain tensors, the caller gets plain tensors back.
"""

from __future__ import annotations

import threading

from ..autograd._helpers import Alias, own_array
from ..creation import zeros_like as _zeros_like
from ..engine import grad as _engine_grad
from ..grad_mode import is_grad_enabled
from ..tensor import Tensor
from ._pytree import tree_flatten, tree_map

_local = threading.local()


def depth() -> int:
    """How many transforms are running around the current call."""
    return getattr(_local, "depth", 0)


class level:
    """Context manager: one more transform level while the user's function runs."""

    def __enter__(self):
        _local.depth = depth() + 1
        return self

    def __exit__(self, *exc):
        _local.depth -= 1
        return False


def is_nested(*trees) -> bool:
    """True when results must stay differentiable: inside another transform, or
    when an input requires grad (so plain autograd can continue through them)."""
    if not is_grad_enabled():
        return False
    if depth() > 0:
        return True
    for tree in trees:
        for leaf in tree_flatten(tree)[0]:
            if isinstance(leaf, Tensor) and leaf.requires_grad:
                return True
    return False


def make_differentiable(x, nested):
    """The tensor the user's function sees in place of `x`: a differentiable alias
    of `x` when nested and `x` requires grad, else a detached copy requiring grad.
    Either way a new Tensor with its own array object."""
    if not isinstance(x, Tensor):
        raise ValueError(f"Thing passed to transform API must be Tensor, got {type(x)}")
    if nested and x.requires_grad:
        return Alias.apply(x)
    return Tensor._wrap(own_array(x.data)).requires_grad_(True)


def detach_tree(tree):
    """Detach every Tensor leaf of `tree`."""
    return tree_map(lambda v: v.detach() if isinstance(v, Tensor) else v, tree)


def grads_or_zeros(outputs, inputs, grad_outputs=None, retain_graph=None,
                   create_graph=False):
    """``autograd.grad`` that skips outputs not requiring grad and returns zeros
    (not None) for inputs the outputs do not depend on."""
    if grad_outputs is None:
        pairs = [(o, None) for o in outputs if o.requires_grad]
    else:
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs) if o.requires_grad]
    if not pairs:
        return tuple(_zeros_like(x) for x in inputs)
    outs = [o for o, _ in pairs]
    gs = None if grad_outputs is None else [g for _, g in pairs]
    grads = _engine_grad(outs, list(inputs), gs, retain_graph=retain_graph,
                         create_graph=create_graph, allow_unused=True)
    return tuple(_zeros_like(x) if g is None else g for g, x in zip(grads, inputs))


def one_hot(index, ref) -> Tensor:
    """A tensor shaped like `ref`, zero except 1.0 at flat position `index`."""
    from ...core.creation import zeros
    z = zeros(ref.numel())
    z[index] = 1.0
    return Tensor._wrap(z.reshape(tuple(ref.shape)))


def stack_jacobian(rows, out_shape, in_shape, dim=0) -> Tensor:
    """Stack rows (dim=0) or columns (dim=-1) into a Jacobian ``out_shape + in_shape``."""
    if not rows:
        from ..creation import zeros
        return zeros(tuple(out_shape) + tuple(in_shape))
    from ..shape_ops import stack
    return stack(rows, dim).reshape(tuple(out_shape) + tuple(in_shape))


# ------------------------------------------------------------------ argnums
def _wrap_argnum(argnum, num_args) -> int:
    if not isinstance(argnum, int) or isinstance(argnum, bool):
        raise RuntimeError(f"argnum must be int, got: {type(argnum)}")
    if 0 <= argnum < num_args:
        return argnum
    if -num_args <= argnum < 0:
        return argnum + num_args
    raise RuntimeError(f"Got argnum={argnum}, but only {num_args} positional inputs")


def check_argnums(argnums, num_args):
    """Validate `argnums` (an int or a non-empty tuple of distinct ints)."""
    if isinstance(argnums, int) and not isinstance(argnums, bool):
        return _wrap_argnum(argnums, num_args)
    if isinstance(argnums, tuple):
        if len(argnums) == 0:
            raise RuntimeError("argnums must be non-empty")
        wrapped = tuple(_wrap_argnum(a, num_args) for a in argnums)
        if len(set(wrapped)) != len(wrapped):
            raise RuntimeError(f"argnums elements must be unique, got {argnums}")
        return wrapped
    raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(argnums)}")


def prepare_args(args, argnums, nested):
    """Replace the arguments selected by `argnums` with differentiable versions.

    Returns ``(new_args, diff_args)``: ``diff_args`` is the selected argument (int
    argnums) or a tuple of them (tuple argnums), each a pytree of Tensors.
    """
    argnums = check_argnums(argnums, len(args))
    args = list(args)
    picked = (argnums,) if isinstance(argnums, int) else argnums
    for i in picked:
        args[i] = tree_map(lambda x: make_differentiable(x, nested), args[i])
    diff_args = args[argnums] if isinstance(argnums, int) else tuple(args[i] for i in argnums)
    return tuple(args), diff_args


def check_tensor_outputs(flat_outputs, api):
    """Outputs of a transformed function must be (floating-point) Tensors."""
    if len(flat_outputs) == 0 or (len(flat_outputs) == 1 and flat_outputs[0] is None):
        raise RuntimeError(f"{api}: Expected f to be a function that has non-empty output "
                           f"(got output = {flat_outputs})")
    for o in flat_outputs:
        if not isinstance(o, Tensor):
            raise RuntimeError(f"{api}: expected f(*primals) to return only tensors, got "
                               f"unsupported type {type(o)}")
        if not o.is_floating_point():
            raise RuntimeError(f"{api}: All outputs of f must be floating-point Tensors, got "
                               f"Tensor with dtype {o.dtype}")


def split_aux(output, has_aux, api):
    """``(output, aux)`` from a function's result when ``has_aux``."""
    if not has_aux:
        return output, None
    if not (isinstance(output, tuple) and len(output) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) "
                           "if has_aux is True")
    return output
