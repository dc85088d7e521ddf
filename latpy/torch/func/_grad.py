"""grad, grad_and_value, value_and_grad, vjp, jvp and hvp: function transforms.

Each takes a function and gives back a function (or evaluates one at a point).
All are ``autograd.grad`` underneath; see ``_common.py`` for how they nest.
"""

from __future__ import annotations

import functools

from ..creation import zeros_like as _zeros_like
from ..engine import grad as _engine_grad
from ..grad_mode import enable_grad
from ..tensor import Tensor
from . import _common as C
from ._pytree import spec_repr, tree_flatten, tree_map, tree_unflatten


# ------------------------------------------------------------------ grad
def grad_and_value(func, argnums=0, has_aux=False):
    """Like :func:`grad`, but the new function returns ``(gradient, value)``
    (``(gradient, (value, aux))`` with ``has_aux``), as ``torch.func.grad_and_value``.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import grad_and_value
    >>> g, value = grad_and_value(lambda x: (x ** 2).sum())(torch.tensor([1.0, 2.0]))
    >>> g.tolist(), value.item()
    ([2.0, 4.0], 5.0)
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        nested = C.is_nested(args, kwargs)
        with C.level(), enable_grad():
            args, diff_args = C.prepare_args(args, argnums, nested)
            output = func(*args, **kwargs)
            output, aux = C.split_aux(output, has_aux, "grad_and_value(f)(*args)")
            if not isinstance(output, Tensor):
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"Tensor, got {type(output)}")
            if output.dim() != 0:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   f"scalar Tensor, got tensor with {output.dim()} dims. Maybe "
                                   "you wanted to use the vjp or jacrev APIs instead?")
            flat_diff, spec = tree_flatten(diff_args)
            grads = C.grads_or_zeros([output], flat_diff, create_graph=nested)
        result = (tree_unflatten(list(grads), spec), (output, aux) if has_aux else output)
        return result if nested else C.detach_tree(result)
    return wrapper


def grad(func, argnums=0, has_aux=False):
    """The gradient transform: ``grad(f)(x)`` is d f / d x for a scalar-valued `f`.

    `argnums` picks the argument(s) to differentiate (an int, or a tuple giving a
    tuple of gradients); an argument may be a tuple/list/dict of Tensors, and its
    gradient has the same structure. With ``has_aux``, `f` returns
    ``(value, aux)`` and the new function returns ``(gradient, aux)``.
    Transforms compose: ``grad(grad(f))`` is the second derivative.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import grad
    >>> x = torch.tensor(0.5)
    >>> round(grad(torch.sin)(x).item(), 6) == round(torch.cos(x).item(), 6)
    True
    >>> grad(grad(lambda x: x ** 3))(torch.tensor(2.0)).item()  # 6 x
    12.0
    """
    inner = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        g, value = inner(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


def value_and_grad(func, argnums=0, has_aux=False):
    """Like :func:`grad_and_value` in JAX's order: returns ``(value, gradient)``
    (``((value, aux), gradient)`` with ``has_aux``). A latpy name kept from its
    first documents; PyTorch's is :func:`grad_and_value`.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import value_and_grad
    >>> value, g = value_and_grad(lambda x: (x ** 2).sum())(torch.tensor([3.0]))
    >>> value.item(), g.tolist()
    (9.0, [6.0])
    """
    inner = grad_and_value(func, argnums, has_aux)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        g, value = inner(*args, **kwargs)
        return value, g
    return wrapper


# ------------------------------------------------------------------ vjp
def vjp(func, *primals, has_aux=False):
    """Evaluate `func` at `primals` and return ``(output, vjp_fn)``;
    ``vjp_fn(cotangents)`` gives the vector-Jacobian products, a tuple with one
    entry per primal. `cotangents` has the structure of the output.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import vjp
    >>> out, vjp_fn = vjp(lambda x: x ** 2, torch.tensor([1.0, 2.0]))
    >>> vjp_fn(torch.tensor([1.0, 1.0]))[0].tolist()
    [2.0, 4.0]
    """
    nested = C.is_nested(primals)
    with C.level(), enable_grad():
        diff = tree_map(lambda x: C.make_differentiable(x, nested), primals)
        output = func(*diff)
        output, aux = C.split_aux(output, has_aux, "vjp(f, *primals)")
        flat_out, out_spec = tree_flatten(output)
        C.check_tensor_outputs(flat_out, "vjp(f, *primals)")
        flat_diff, diff_spec = tree_flatten(diff)

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        flat_cot, cot_spec = tree_flatten(cotangents)
        if cot_spec != out_spec:
            raise RuntimeError("Expected pytree structure of cotangents to be the same as "
                               "pytree structure of outputs to the function. cotangents: "
                               f"{spec_repr(cot_spec)}, primal output: {spec_repr(out_spec)}")
        if create_graph is None:
            create_graph = nested or C.is_nested(cotangents)
        with enable_grad():
            grads = C.grads_or_zeros(flat_out, flat_diff, flat_cot, retain_graph=retain_graph,
                                     create_graph=create_graph)
        result = tree_unflatten(list(grads), diff_spec)
        return result if create_graph else C.detach_tree(result)

    results = output if nested else C.detach_tree(output)
    if has_aux:
        return results, vjp_fn, (aux if nested else C.detach_tree(aux))
    return results, vjp_fn


# ------------------------------------------------------------------ jvp
def _check_primals_tangents(primals, tangents, api):
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{api}: Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    flat_p, p_spec = tree_flatten(primals)
    flat_t, t_spec = tree_flatten(tangents)
    if p_spec != t_spec:
        raise RuntimeError(f"{api}: Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, "
                           "tangents also must be. Got primals with structure "
                           f"{spec_repr(p_spec)} and tangents with structure {spec_repr(t_spec)}")
    for name, flat in (("primals", flat_p), ("tangents", flat_t)):
        if not flat:
            raise RuntimeError(f"{api}: Expected {name} to contain at least one Tensor.")
        for x in flat:
            if not isinstance(x, Tensor):
                raise RuntimeError(f"{api}: Expected {name} to only contain Tensors, got "
                                   f"{type(x)}")
    for p, t in zip(flat_p, flat_t):
        if tuple(p.shape) != tuple(t.shape):
            raise RuntimeError(f"{api}: Expected each tangent to have the shape of its primal: "
                               f"primal has shape {tuple(p.shape)}, tangent has shape "
                               f"{tuple(t.shape)}")
    return flat_p, p_spec, flat_t


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """Jacobian-vector product (forward mode): returns ``(func(*primals), J @ tangents)``.

    `primals` is a tuple of arguments and `tangents` a tuple of the same structure.
    Computed with the double-vjp trick: ``w -> w^T J`` is linear in a dummy `w`,
    so its vjp along `tangents` is ``J @ tangents``.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import jvp
    >>> out, t = jvp(torch.sin, (torch.tensor([0.0]),), (torch.tensor([2.0]),))
    >>> t.tolist()
    [2.0]
    """
    api = "jvp(f, primals, tangents)"
    flat_p, p_spec, flat_t = _check_primals_tangents(primals, tangents, api)
    nested = C.is_nested(primals, tangents)
    with C.level(), enable_grad():
        diff = [C.make_differentiable(p, nested) for p in flat_p]
        output = func(*tree_unflatten(diff, p_spec))
        output, aux = C.split_aux(output, has_aux, api)
        flat_out, out_spec = tree_flatten(output)
        C.check_tensor_outputs(flat_out, api)
        tangents_out, independent = _double_vjp(flat_out, diff, flat_t, nested)
        if strict and independent:
            raise RuntimeError(f"{api}: The output of f is independent of the inputs. This is "
                               "not allowed with strict=True.")
    result = (output, tree_unflatten(list(tangents_out), out_spec))
    if has_aux:
        result = result + (aux,)
    return result if nested else C.detach_tree(result)


def _double_vjp(flat_out, diff, flat_t, create_graph):
    """``(J @ t for every output, whether the outputs ignore the inputs)``: the vjp
    w.r.t. dummy cotangents, differentiated along `t`."""
    dummies = [_zeros_like(o).requires_grad_(True) for o in flat_out]
    vjps = C.grads_or_zeros(flat_out, diff, dummies, create_graph=True)
    pairs = [(g, t) for g, t in zip(vjps, flat_t) if g.requires_grad]
    if not pairs:
        return tuple(_zeros_like(o) for o in flat_out), True
    return C.grads_or_zeros([g for g, _ in pairs], dummies, [t for _, t in pairs],
                            create_graph=create_graph), False


# ------------------------------------------------------------------ hvp
def hvp(func, primals, tangents):
    """Hessian-vector product of a scalar function: ``(func(*primals), H @ tangents)``.

    A latpy extra (``torch.func`` has no hvp; its docs build one as
    ``jvp(grad(f), primals, tangents)``, which this equals for one primal). With
    several primals, H is the Hessian w.r.t. all of them and the result a tuple.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import hvp
    >>> value, hv = hvp(lambda x: (x ** 3).sum(), (torch.tensor([1.0, 2.0]),),
    ...                 (torch.tensor([1.0, 1.0]),))
    >>> value.item(), hv.tolist()
    (9.0, [6.0, 12.0])
    """
    api = "hvp(f, primals, tangents)"
    flat_p, p_spec, flat_t = _check_primals_tangents(primals, tangents, api)
    nested = C.is_nested(primals, tangents)
    with C.level(), enable_grad():
        diff = [C.make_differentiable(p, nested) for p in flat_p]
        output = func(*tree_unflatten(diff, p_spec))
        if not isinstance(output, Tensor) or output.numel() != 1:
            raise RuntimeError(f"{api}: Expected f(*primals) to return a single-element "
                               f"Tensor, got {_describe(output)}")
        first = C.grads_or_zeros([output], diff, create_graph=True)
        # H is symmetric, so H @ t equals the vjp of the gradient along t.
        pairs = [(g, t) for g, t in zip(first, flat_t) if g.requires_grad]
        if pairs:
            second = _engine_grad([g for g, _ in pairs], diff, [t for _, t in pairs],
                                  create_graph=nested, allow_unused=True)
            second = tuple(_zeros_like(x) if s is None else s for s, x in zip(second, diff))
        else:
            second = tuple(_zeros_like(x) for x in diff)
    hv = tree_unflatten(list(second), p_spec)
    result = (output, hv[0] if len(primals) == 1 else hv)
    return result if nested else C.detach_tree(result)


def _describe(value):
    if isinstance(value, Tensor):
        return f"a tensor of shape {tuple(value.shape)}"
    return type(value).__name__

