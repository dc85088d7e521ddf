"""jacrev, jacfwd, hessian: whole Jacobians, row by row or column by column.

* ``jacrev`` -- reverse mode: one vjp per *output* element gives a row of J.
  Cheap when there are few outputs (a loss: one row, the gradient).
* ``jacfwd`` -- forward mode: one jvp per *input* element gives a column of J.
  Cheap when there are few inputs. latpy's jvp is the double-vjp trick, so the
  forward pass and the first backward run once and each column costs one more
  backward walk.
* ``hessian = jacfwd(jacrev(f))``, exactly as ``torch.func`` composes it.

The Jacobian of an output of shape O w.r.t. an input of shape I has shape O + I.
"""

from __future__ import annotations

import functools

from ..creation import zeros_like as _zeros_like
from ..grad_mode import enable_grad
from . import _common as C
from ._pytree import tree_flatten, tree_unflatten


def _call(func, args, argnums, has_aux, api, nested):
    """Run `func` on differentiable copies of the `argnums` arguments."""
    args, diff_args = C.prepare_args(args, argnums, nested)
    output = func(*args)
    output, aux = C.split_aux(output, has_aux, api)
    flat_out, out_spec = tree_flatten(output)
    C.check_tensor_outputs(flat_out, api)
    flat_diff, diff_spec = tree_flatten(diff_args)
    return flat_out, out_spec, flat_diff, diff_spec, aux


def _finish(per_output, out_spec, diff_spec, aux, has_aux, nested):
    jac = tree_unflatten([tree_unflatten(row, diff_spec) for row in per_output], out_spec)
    result = (jac, aux) if has_aux else jac
    return result if nested else C.detach_tree(result)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None,
           _preallocate_and_copy=False):
    """The Jacobian of `func` w.r.t. argument(s) `argnums`, by reverse mode.

    For ``f: (n,) -> (m,)`` the result has shape ``(m, n)``. Tuple outputs give a
    tuple of Jacobians; tuple `argnums` give, per output, a tuple per argument.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import jacrev
    >>> jacrev(lambda x: x ** 2)(torch.tensor([1.0, 3.0])).tolist()
    [[2.0, 0.0], [0.0, 6.0]]
    """
    if not (chunk_size is None or chunk_size > 0):
        raise ValueError("jacrev: `chunk_size` should be greater than 0.")

    @functools.wraps(func)
    def wrapper(*args):
        nested = C.is_nested(args)
        with C.level(), enable_grad():
            flat_out, out_spec, flat_diff, diff_spec, aux = _call(
                func, args, argnums, has_aux, "jacrev(f, ...)(*args)", nested)
            per_output = []
            for out in flat_out:
                rows = [[] for _ in flat_diff]
                for j in range(out.numel()):
                    grads = C.grads_or_zeros([out], flat_diff, [C.one_hot(j, out)],
                                             retain_graph=True, create_graph=nested)
                    for k, g in enumerate(grads):
                        rows[k].append(g)
                per_output.append([C.stack_jacobian(r, out.shape, x.shape)
                                   for r, x in zip(rows, flat_diff)])
        return _finish(per_output, out_spec, diff_spec, aux, has_aux, nested)
    return wrapper


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """The Jacobian of `func` w.r.t. argument(s) `argnums`, by forward mode
    (one jvp per input element). Same result and layout as :func:`jacrev`.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import jacfwd
    >>> jacfwd(lambda x: x.sum() * x)(torch.tensor([1.0, 2.0])).tolist()
    [[4.0, 1.0], [2.0, 5.0]]
    """
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")

    @functools.wraps(func)
    def wrapper(*args):
        nested = C.is_nested(args)
        with C.level(), enable_grad():
            flat_out, out_spec, flat_diff, diff_spec, aux = _call(
                func, args, argnums, has_aux, "jacfwd(f, ...)(*args)", nested)
            # One forward and one backward with dummy cotangents w; each column of
            # J is then d(w^T J)/dw along a basis vector of the input.
            dummies = [_zeros_like(o).requires_grad_(True) for o in flat_out]
            vjps = C.grads_or_zeros(flat_out, flat_diff, dummies, create_graph=True)
            per_output = [[None] * len(flat_diff) for _ in flat_out]
            for k, (g, x) in enumerate(zip(vjps, flat_diff)):
                columns = [[] for _ in flat_out]
                for e in range(x.numel()):
                    if g.requires_grad:
                        cols = C.grads_or_zeros([g], dummies, [C.one_hot(e, x)],
                                                retain_graph=True, create_graph=nested)
                    else:
                        cols = [_zeros_like(o) for o in flat_out]
                    for i, c in enumerate(cols):
                        columns[i].append(c)
                for i, out in enumerate(flat_out):
                    per_output[i][k] = C.stack_jacobian(columns[i], out.shape, x.shape, dim=-1)
        return _finish(per_output, out_spec, diff_spec, aux, has_aux, nested)
    return wrapper


def hessian(func, argnums=0):
    """The Hessian of `func` w.r.t. argument(s) `argnums`: ``jacfwd(jacrev(func))``.

    For ``f: (n,) -> ()`` the result has shape ``(n, n)``.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import hessian
    >>> hessian(lambda x: (x ** 3).sum())(torch.tensor([1.0, 2.0])).tolist()
    [[6.0, 0.0], [0.0, 12.0]]
    """
    return jacfwd(jacrev(func, argnums), argnums)
