"""Helpers shared by ``autograd.functional``, ``torch.func`` and checkpointing.

Most mirror the private helpers of PyTorch's ``torch/autograd/functional.py``
(same names, same error messages), so the public functions read like PyTorch's.
"""

from __future__ import annotations

from ..creation import zeros_like as _zeros_like
from ..engine import grad as _engine_grad
from ..function import Op
from ..tensor import Tensor


def as_tuple(inp, arg_name, fn_name):
    """(was it a tuple?, the tuple of Tensors)."""
    is_tuple = isinstance(inp, tuple)
    items = inp if is_tuple else (inp,)
    for i, el in enumerate(items):
        if not isinstance(el, Tensor):
            where = f"the value at index {i}" if is_tuple else f"the given {arg_name}"
            raise TypeError(f"The {arg_name} given to {fn_name} must be either a Tensor or a "
                            f"tuple of Tensors but {where} has type {type(el)}.")
    return is_tuple, items


def own_array(a):
    """An array object distinct from `a` with the same values (a view when possible).

    Two Tensors must never share one array object: a backward formula in graph
    mode finds the Tensor for a saved array by identity."""
    view = a.reshape(tuple(a.shape))
    return view if view is not a else a.copy()


def fresh(t: Tensor) -> Tensor:
    """A detached copy with its own array object (shares storage)."""
    return Tensor._wrap(own_array(t.data))


class Alias(Op):
    """y = x as a new graph node (dy/dx = 1), so gradients w.r.t. y are gradients
    along this use of x only; ``create_graph`` results stay linked to x."""

    @staticmethod
    def forward(ctx, x):
        return own_array(x)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


def grad_preprocess(inputs, create_graph, need_graph):
    """Differentiable aliases (create_graph) or detached copies that require grad."""
    res = []
    for inp in inputs:
        if create_graph and inp.requires_grad:
            res.append(Alias.apply(inp))  # a new graph node, still linked to `inp`
        else:
            res.append(fresh(inp).requires_grad_(need_graph))
    return tuple(res)


def grad_postprocess(inputs, create_graph):
    if inputs and isinstance(inputs[0], Tensor):
        return inputs if create_graph else tuple(inp.detach() for inp in inputs)
    return tuple(grad_postprocess(inp, create_graph) for inp in inputs)


def tuple_postprocess(res, to_unpack):
    if isinstance(to_unpack, tuple):
        if not to_unpack[1]:
            res = tuple(el[0] for el in res)
        if not to_unpack[0]:
            res = res[0]
    elif not to_unpack:
        res = res[0]
    return res


def validate_v(v, other, is_other_tuple):
    if len(other) != len(v):
        if is_other_tuple:
            raise RuntimeError(f"v is a tuple of invalid length: should be {len(other)} but "
                               f"got {len(v)}.")
        raise RuntimeError("The given v should contain a single Tensor.")
    for idx, (el_v, el_other) in enumerate(zip(v, other)):
        if tuple(el_v.shape) != tuple(el_other.shape):
            prepend = f"Entry {idx} in " if is_other_tuple else ""
            raise RuntimeError(f"{prepend}v has invalid size: should be {el_other.size()} but "
                               f"got {el_v.size()}.")


def check_requires_grad(inputs, input_type, strict):
    if not strict:
        return
    for i, inp in enumerate(inputs):
        if inp is None:
            raise RuntimeError(f"The output of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode.")
        if not inp.requires_grad:
            if input_type == "hessian":
                raise RuntimeError(f"The hessian of the user-provided function with respect to "
                                   f"input {i} is independent of the input. This is not "
                                   "allowed in strict mode. You should ensure that your "
                                   "function is thrice differentiable and that the hessian "
                                   "depends on the inputs.")
            if input_type == "jacobian":
                raise RuntimeError(f"While computing the hessian, found that the jacobian of "
                                   f"the user-provided function with respect to input {i} is "
                                   "independent of the input. This is not allowed in strict "
                                   "mode. You should ensure that your function is twice "
                                   "differentiable and that the jacobian depends on the "
                                   "inputs (this would be violated by a linear function for "
                                   "example).")
            if input_type == "grad_inputs":
                raise RuntimeError(f"The gradient with respect to input {i} is independent of "
                                   "the inputs of the user-provided function. This is not "
                                   "allowed in strict mode.")
            raise RuntimeError(f"Output {i} of the user-provided function does not require "
                               "gradients. The outputs must be computed in a differentiable "
                               "manner from the input when running in strict mode.")


def autograd_grad(outputs, inputs, grad_outputs=None, create_graph=False,
                   retain_graph=None):
    """autograd.grad over the outputs that require grad; None where unused."""
    if grad_outputs is None:
        grad_outputs = (None,) * len(outputs)
    pairs = [(o, g) for o, g in zip(outputs, grad_outputs)
             if o is not None and o.requires_grad]
    if not pairs:
        return (None,) * len(inputs)
    outs = [o for o, _ in pairs]
    grads = [g for _, g in pairs]  # a None entry means "ones" (single-element output)
    return _engine_grad(outs, inputs, None if all(g is None for g in grads) else grads,
                        retain_graph=retain_graph, create_graph=create_graph,
                        allow_unused=True)


_STRICT_NONE = {
    "back": "The output of the user-provided function is independent of input {i}. This is "
            "not allowed in strict mode.",
    "back_trick": "The gradient with respect to the input is independent of entry {i} in the "
                  "grad_outputs when using the double backward trick to compute forward mode "
                  "gradients. This is not allowed in strict mode.",
    "double_back": "The jacobian of the user-provided function is independent of input {i}. "
                   "This is not allowed in strict mode.",
    "double_back_trick": "The hessian of the user-provided function is independent of entry "
                         "{i} in the grad_jacobian. This is not allowed in strict mode as it "
                         "prevents from using the double backward trick to replace forward "
                         "mode AD.",
}


def fill_in_zeros(grads, refs, strict, create_graph, stage):
    res = []
    for i, g in enumerate(grads):
        if g is None:
            if strict:
                raise RuntimeError(_STRICT_NONE[stage].format(i=i))
            g = _zeros_like(refs[i])
        elif strict and create_graph and not g.requires_grad:
            what = "hessian" if "double" in stage else "jacobian"
            raise RuntimeError(f"The {what} of the user-provided function is independent of "
                               f"input {i}. This is not allowed in strict mode when "
                               "create_graph=True.")
        res.append(g)
    return tuple(res)


def prepare_v(v, refs, is_refs_tuple, create_graph, what):
    if v is not None:
        _, v = as_tuple(v, "v", what)
        v = grad_preprocess(v, create_graph=create_graph, need_graph=False)
        validate_v(v, refs, is_refs_tuple)
        return v
    if len(refs) != 1 or refs[0].numel() != 1:
        raise RuntimeError("The vector v can only be None if the input to the user-provided "
                           "function is a single Tensor with a single element.")
    return None
