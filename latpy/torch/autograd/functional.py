"""``torch.autograd.functional``: Jacobians, Hessians and their products for a function.

Everything here is ``autograd.grad`` applied with care:

* **vjp** ``v^T J`` -- one reverse pass with ``v`` as the output gradient.
* **jvp** ``J u`` -- the *double-vjp trick*: the vjp ``w -> w^T J`` is linear in
  ``w``, so differentiating it with respect to a dummy ``w`` along ``u`` gives
  ``J u``. Reverse mode twice gives forward mode.
* **jacobian** -- one vjp per output element (a row of J each).
* **hessian** -- the jacobian of the gradient (built with ``create_graph=True``).
* **vhp / hvp** -- ``v^T H`` is a vjp of the gradient; ``H v`` uses the
  double-vjp trick on it (equal for twice-differentiable functions: H is symmetric).

Inputs are detached copies that require grad (or differentiable aliases when
``create_graph=True``); results are detached unless ``create_graph=True``.
Return structures follow PyTorch: a single Tensor in, a single Tensor out;
tuples in, tuples out (Jacobians nest outputs outside, inputs inside).
"""

from __future__ import annotations

from ..creation import zeros_like as _zeros_like
from ..grad_mode import enable_grad, is_grad_enabled, set_grad_enabled
from ..shape_ops import stack as _stack
from ..tensor import Tensor
from ._helpers import (as_tuple as _as_tuple, autograd_grad as _autograd_grad,
                       check_requires_grad as _check_requires_grad,
                       fill_in_zeros as _fill_in_zeros, grad_postprocess as _grad_postprocess,
                       grad_preprocess as _grad_preprocess, prepare_v as _prepare_v,
                       tuple_postprocess as _tuple_postprocess, validate_v as _validate_v)

__all__ = ["vjp", "jvp", "jacobian", "hessian", "vhp", "hvp"]


# ------------------------------------------------------------------ products
def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """Vector-Jacobian product: ``(func(inputs), v^T J)``.

    `v` has the shape of the output (may be omitted for a single-element output).

    >>> import latpy.torch as torch
    >>> from latpy.torch.autograd.functional import vjp
    >>> out, g = vjp(lambda x: x ** 2, torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0]))
    >>> g.tolist()
    [2.0, 4.0]
    """
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "vjp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "vjp")
        _check_requires_grad(outputs, "outputs", strict=strict)
        if v is not None:
            _, v = _as_tuple(v, "v", "vjp")
            v = _grad_preprocess(v, create_graph=create_graph, need_graph=False)
            _validate_v(v, outputs, is_outputs_tuple)
        elif len(outputs) != 1 or outputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the user-provided function "
                               "returns a single Tensor with a single element.")
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(outputs, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "back")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_inputs_tuple))


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """Jacobian-vector product ``(func(inputs), J v)``, by the double-vjp trick.

    `v` has the shape of the inputs (may be omitted for a single-element input).

    >>> import latpy.torch as torch
    >>> from latpy.torch.autograd.functional import jvp
    >>> out, t = jvp(lambda x: x ** 2, torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
    >>> t.tolist()
    [2.0, 0.0]
    """
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jvp")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        v = _prepare_v(v, inputs, is_inputs_tuple, create_graph, "jvp")
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "jvp")
        _check_requires_grad(outputs, "outputs", strict=strict)
        # The vjp is linear in its output gradient, so any value works for the dummy.
        dummies = tuple(_zeros_like(out).requires_grad_(True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, dummies, create_graph=True)
        _check_requires_grad(grad_inputs, "grad_inputs", strict=strict)
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(grad_inputs, dummies, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, outputs, strict, create_graph, "back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_outputs_tuple))


# ------------------------------------------------------------------ jacobian, hessian
def _one_hot(index, ref):
    from ...core.creation import zeros
    z = zeros(ref.numel())
    z[index] = 1.0
    return Tensor._wrap(z.reshape(tuple(ref.shape)))


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian of `func` at `inputs`: ``J[i][j]`` has shape
    ``outputs[i].shape + inputs[j].shape`` (unwrapped where func's inputs/outputs are
    single Tensors, as in PyTorch).

    >>> import latpy.torch as torch
    >>> from latpy.torch.autograd.functional import jacobian
    >>> jacobian(lambda x: x ** 2, torch.tensor([1.0, 2.0])).tolist()
    [[2.0, 0.0], [0.0, 4.0]]
    """
    if strategy not in ("forward-mode", "reverse-mode"):
        raise ValueError('Expected strategy to be either "forward-mode" or "reverse-mode". '
                         'Hint: If your function has more outputs than inputs, "forward-mode" '
                         'tends to be more performant. Otherwise, prefer to use '
                         '"reverse-mode".')
    if strategy == "forward-mode":
        if create_graph:
            raise NotImplementedError('torch.autograd.functional.jacobian: `create_graph=True` '
                                      'and `strategy="forward-mode"` are not supported together '
                                      '(yet). Please either set `create_graph=False` or '
                                      '`strategy="reverse-mode"`.')
        return _jacobian_forward(func, inputs, strict, vectorize)
    with enable_grad():
        is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
        inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "jacobian")
        _check_requires_grad(outputs, "outputs", strict=strict)
        if vectorize and strict:
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                               "`vectorized=True` are not supported together. Please either "
                               "set `strict=False` or `vectorize=False`.")
        jac = []
        for i, out in enumerate(outputs):
            rows = [[] for _ in inputs]
            for j in range(out.numel()):
                vj = _autograd_grad((out,), inputs, (_one_hot(j, out),), retain_graph=True,
                                    create_graph=create_graph)
                for k, (g, inp) in enumerate(zip(vj, inputs)):
                    if g is None:
                        if strict:
                            raise RuntimeError(f"Output {i} of the user-provided function is "
                                               f"independent of input {k}. This is not allowed "
                                               "in strict mode.")
                        g = _zeros_like(inp)
                    elif strict and create_graph and not g.requires_grad:
                        raise RuntimeError(f"The jacobian of the user-provided function is "
                                           f"independent of input {k}. This is not allowed "
                                           "in strict mode when create_graph=True.")
                    rows[k].append(g)
            jac.append(tuple(_stack_rows(r, tuple(out.shape), tuple(inp.shape))
                             for r, inp in zip(rows, inputs)))
        jac = _grad_postprocess(tuple(jac), create_graph)
        return _tuple_postprocess(jac, (is_outputs_tuple, is_inputs_tuple))


def _stack_rows(rows, out_shape, in_shape):
    if not rows:
        from ..creation import zeros
        return zeros(out_shape + in_shape)
    return _stack(rows, 0).reshape(out_shape + in_shape)


def _jacobian_forward(func, inputs, strict, vectorize):
    """Forward-mode Jacobian: one jvp per input element (columns of J)."""
    if strict:
        raise RuntimeError('torch.autograd.functional.jacobian: `strict=True` and '
                           '`strategy="forward-mode"` are not supported together (yet). '
                           'Please either set `strict=False` or `strategy="reverse-mode"`.')
    if not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse "
                                  "Hessian is only implemented for `vectorize=True`.")
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "jacobian")
    with enable_grad():
        inputs = _grad_preprocess(inputs, create_graph=False, need_graph=True)
        outputs = func(*inputs)
        is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                              "jacobian")
        dummies = tuple(_zeros_like(out).requires_grad_(True) for out in outputs)
        grad_inputs = _autograd_grad(outputs, inputs, dummies, create_graph=True)
    jac = [[None] * len(inputs) for _ in outputs]
    for k, (g, inp) in enumerate(zip(grad_inputs, inputs)):
        columns = [[] for _ in outputs]
        for e in range(inp.numel()):
            if g is None:
                cols = (None,) * len(outputs)
            else:
                cols = _autograd_grad((g,), dummies, (_one_hot(e, inp),), retain_graph=True)
            for i, (c, out) in enumerate(zip(cols, outputs)):
                columns[i].append(_zeros_like(out) if c is None else c.detach())
        for i, out in enumerate(outputs):
            out_shape, in_shape = tuple(out.shape), tuple(inp.shape)
            if columns[i]:
                jac[i][k] = _stack(columns[i], -1).reshape(out_shape + in_shape)
            else:
                jac[i][k] = _stack_rows([], out_shape, in_shape)
    # Lists, not tuples, when both sides are tuples: PyTorch's forward-mode quirk.
    return _tuple_postprocess(jac, (is_outputs_tuple, is_inputs_tuple))


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: ``H[i][j]`` has shape
    ``inputs[i].shape + inputs[j].shape`` (a single Tensor for a single input).

    >>> import latpy.torch as torch
    >>> from latpy.torch.autograd.functional import hessian
    >>> hessian(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0])).tolist()
    [[6.0, 0.0], [0.0, 12.0]]
    """
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", "hessian")
    if outer_jacobian_strategy not in ("forward-mode", "reverse-mode"):
        raise ValueError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def ensure_single_output_function(*inp):
        out = func(*inp)
        is_out_tuple, t_out = _as_tuple(out, "outputs of the user-provided function",
                                        "hessian")
        _check_requires_grad(t_out, "outputs", strict=strict)
        if is_out_tuple or not isinstance(out, Tensor):
            raise RuntimeError("The function given to hessian should return a single Tensor")
        if out.numel() != 1:
            raise RuntimeError("The Tensor returned by the function given to hessian should "
                               "contain a single element")
        return out.reshape(())

    def jac_func(*inp):
        if outer_jacobian_strategy == "forward-mode":
            inp = tuple(t.requires_grad_(True) for t in inp)
        jac = jacobian(ensure_single_output_function, inp, create_graph=True)
        _check_requires_grad(jac, "jacobian", strict=strict)
        return jac

    res = jacobian(jac_func, inputs, create_graph=create_graph, strict=strict,
                   vectorize=vectorize, strategy=outer_jacobian_strategy)
    return _tuple_postprocess(res, (is_inputs_tuple, is_inputs_tuple))


def _scalar_output(outputs, is_outputs_tuple, what):
    if is_outputs_tuple or not isinstance(outputs[0], Tensor):
        raise RuntimeError(f"The function given to {what} should return a single Tensor")
    if outputs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {what} should "
                           "contain a single element")


def _first_grad(func, inputs, v, create_graph, strict, name):
    """The shared start of vhp/hvp (inside enable_grad): prepared inputs and `v`, the
    scalar output, and its gradient recorded for differentiating again."""
    is_inputs_tuple, inputs = _as_tuple(inputs, "inputs", name)
    inputs = _grad_preprocess(inputs, create_graph=create_graph, need_graph=True)
    v = _prepare_v(v, inputs, is_inputs_tuple, create_graph, name)
    outputs = func(*inputs)
    is_outputs_tuple, outputs = _as_tuple(outputs, "outputs of the user-provided function",
                                          name)
    _check_requires_grad(outputs, "outputs", strict=strict)
    _scalar_output(outputs, is_outputs_tuple, name)
    jac = _autograd_grad(outputs, inputs, create_graph=True)
    _check_requires_grad(jac, "jacobian", strict=strict)
    return is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """Vector-Hessian product ``(func(inputs), v^T H)`` of a scalar function.

    >>> import latpy.torch as torch
    >>> from latpy.torch.autograd.functional import vhp
    >>> out, r = vhp(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]), torch.tensor([1.0, 1.0]))
    >>> r.tolist()
    [6.0, 12.0]
    """
    with enable_grad():
        is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac = _first_grad(
            func, inputs, v, create_graph, strict, "vhp")
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(jac, inputs, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_inputs_tuple))


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """Hessian-vector product ``(func(inputs), H v)`` of a scalar function
    (PyTorch's: the double-vjp trick applied to the gradient).

    >>> import latpy.torch as torch
    >>> from latpy.torch.autograd.functional import hvp
    >>> out, r = hvp(lambda x: (x ** 3).sum(), torch.tensor([1.0, 2.0]), torch.tensor([1.0, 0.0]))
    >>> r.tolist()
    [6.0, 0.0]
    """
    with enable_grad():
        is_inputs_tuple, inputs, v, is_outputs_tuple, outputs, jac = _first_grad(
            func, inputs, v, create_graph, strict, "hvp")
        grad_jac = tuple(_zeros_like(inp).requires_grad_(True) for inp in inputs)
        double_back = _autograd_grad(jac, inputs, grad_jac, create_graph=True)
        _check_requires_grad(jac, "hessian", strict=strict)
    with set_grad_enabled(True if create_graph else is_grad_enabled()):
        grad_res = _autograd_grad(double_back, grad_jac, v, create_graph=create_graph)
        result = _fill_in_zeros(grad_res, inputs, strict, create_graph, "double_back_trick")
    outputs = _grad_postprocess(outputs, create_graph)
    result = _grad_postprocess(result, create_graph)
    return (_tuple_postprocess(outputs, is_outputs_tuple),
            _tuple_postprocess(result, is_inputs_tuple))
