"""Gradient checks: compare autograd's derivatives with finite differences.

A derivative formula is easy to get wrong and hard to see wrong. The cure is old:
nudge each input element by ``±eps`` and watch the output move,

    df/dx_k  ≈  (f(x + eps e_k) - f(x - eps e_k)) / (2 eps)        (central differences)

which is accurate to O(eps²) and needs nothing but the forward pass. ``gradcheck``
builds the whole Jacobian both ways -- numerically, one input element at a time,
and analytically, one output element at a time through ``autograd.grad`` -- and
compares them. ``gradgradcheck`` does the same for the *gradient* function, which
checks second derivatives (the ``create_graph=True`` path of every backward formula).
"""

from __future__ import annotations

import random

from ...core.creation import array as _array
from ..dtypes import float64 as _float64
from ..engine import grad as _grad
from ..grad_mode import no_grad
from ..tensor import Tensor

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck", "numerical_grad"]


class GradcheckError(RuntimeError):
    """Raised by :func:`gradcheck` / :func:`gradgradcheck` when a check fails.

    >>> import latpy.torch as torch
    >>> from latpy.torch.autograd.gradcheck import GradcheckError
    >>> issubclass(GradcheckError, RuntimeError)
    True
    """


# ------------------------------------------------------------------ helpers
def _as_tuple(x):
    if isinstance(x, list):  # PyTorch accepts a list of inputs too
        return tuple(x)
    return x if isinstance(x, tuple) else (x,)


def _flat(t: Tensor) -> list:
    """The elements of `t` as a flat list of Python floats (C order)."""
    return [float(v) for v in t.data.ravel().tolist()]


def _from_flat(values, shape, requires_grad=False) -> Tensor:
    """A new leaf Tensor of `shape` holding `values` (always its own array)."""
    t = Tensor._wrap(_array([float(v) for v in values]).reshape(tuple(shape)))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _matrix(rows, n_rows, n_cols) -> Tensor:
    """A (n_rows, n_cols) Tensor from a list of rows (for error messages)."""
    return _from_flat([v for row in rows for v in row], (n_rows, n_cols))


def _is_diff_input(x) -> bool:
    return isinstance(x, Tensor) and x.requires_grad


def _output_tensors(value):
    """The Tensors among a function's outputs, in order."""
    return tuple(o for o in _as_tuple(value) if isinstance(o, Tensor))


def _numerical_jacobians(func, inputs, eps):
    """``jac[i][k]``: rows (one per element of input k) of d output_i / d input_k.

    Only inputs that require grad are perturbed; each perturbed call gets fresh
    copies of the inputs, so the caller's tensors are never modified.
    """
    diff = [k for k, x in enumerate(inputs) if _is_diff_input(x)]
    jac = None
    for position, k in enumerate(diff):
        x = inputs[k]
        base = _flat(x)
        shape = tuple(x.shape)
        for e in range(len(base)):
            outs = []
            for delta in (-eps, eps):
                values = list(base)
                values[e] += delta
                args = list(inputs)
                args[k] = _from_flat(values, shape, requires_grad=True)
                outs.append([_flat(o) for o in _output_tensors(func(*args))])
            (low, high) = outs
            if jac is None:
                jac = [[[] for _ in diff] for _ in low]
            for i, (a, b) in enumerate(zip(low, high)):
                jac[i][position].append([(hi - lo) / (2 * eps) for lo, hi in zip(a, b)])
    return jac or [], diff


def _analytical_jacobian(output, diff_inputs):
    """Rows (one per input element) of d output / d input, for each diff input,
    built from one ``autograd.grad`` call per output element."""
    n_out = output.numel()
    columns = [[] for _ in diff_inputs]
    for j in range(n_out):
        one_hot = [0.0] * n_out
        one_hot[j] = 1.0
        grads = _grad(output, diff_inputs, _from_flat(one_hot, tuple(output.shape)),
                      retain_graph=True, allow_unused=True)
        for position, (g, x) in enumerate(zip(grads, diff_inputs)):
            if g is not None and tuple(g.shape) != tuple(x.shape):
                raise GradcheckError(f"Gradient has shape mismatch: expected "
                                     f"{tuple(x.shape)}, got {tuple(g.shape)}")
            columns[position].append([0.0] * x.numel() if g is None else _flat(g))
    # transpose: columns[k][j][e] -> rows[k][e][j]
    return [[list(row) for row in zip(*cols)] if cols else [[] for _ in range(x.numel())]
            for cols, x in zip(columns, diff_inputs)]


def _allclose(a_rows, n_rows, rtol, atol) -> bool:
    for a_row, n_row in zip(a_rows, n_rows):
        for a, n in zip(a_row, n_row):
            if not abs(a - n) <= atol + rtol * abs(n):  # also False for nan
                return False
    return True


# ------------------------------------------------------------------ gradcheck
def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
              nondet_tol=0.0, check_undefined_grad=True, check_grad_dtypes=False,
              check_batched_grad=False, check_batched_forward_grad=False,
              check_forward_ad=False, check_backward_ad=True, fast_mode=False,
              masked=None) -> bool:
    """Check the gradients of `func` at `inputs` against central finite differences.

    For every output that requires grad and every input that requires grad, the
    Jacobian from autograd must match the numerical one elementwise within
    ``atol + rtol * |numerical|``. Returns True, or raises
    :class:`GradcheckError` naming the output and input index (or returns False
    when ``raise_exception=False``). Use float64 inputs (latpy's only float).

    >>> import latpy.torch as torch
    >>> x = torch.randn(3, requires_grad=True)
    >>> torch.autograd.gradcheck(lambda x: (x.sin() * x).sum(), (x,))
    True
    """
    del check_undefined_grad, check_grad_dtypes, check_batched_grad  # accepted, as PyTorch
    del check_batched_forward_grad, check_forward_ad, fast_mode, masked
    try:
        return _gradcheck(func, _as_tuple(inputs), eps, atol, rtol, nondet_tol,
                          check_backward_ad)
    except GradcheckError:
        if raise_exception:
            raise
        return False


gradcheck.GradcheckError = GradcheckError  # so torch.autograd.gradcheck.GradcheckError works


def _gradcheck(func, inputs, eps, atol, rtol, nondet_tol, check_backward_ad):
    if not any(_is_diff_input(x) for x in inputs):
        raise ValueError("gradcheck expects at least one input tensor to require gradient, "
                         "but none of the them have requires_grad=True.")
    func_out = _output_tensors(func(*inputs))
    outputs = tuple(o for o in func_out if o.requires_grad)
    numerical, diff = _numerical_jacobians(func, inputs, eps)
    if not outputs:
        for per_output in numerical:
            for rows in per_output:
                if any(v != 0.0 for row in rows for v in row):
                    raise GradcheckError("Numerical gradient for function expected to be zero")
        return True
    if not check_backward_ad:
        return True
    numerical = [n for o, n in zip(func_out, numerical) if o.requires_grad]
    diff_inputs = [inputs[k] for k in diff]
    for i, o in enumerate(outputs):
        analytical = _analytical_jacobian(o, diff_inputs)
        for j, (a_rows, n_rows) in enumerate(zip(analytical, numerical[i])):
            if not _allclose(a_rows, n_rows, rtol, atol):
                n_in, n_out = diff_inputs[j].numel(), o.numel()
                raise GradcheckError(
                    f"Jacobian mismatch for output {i:d} with respect to input {j:d},\n"
                    f"numerical:{_matrix(n_rows, n_in, n_out)}\n"
                    f"analytical:{_matrix(a_rows, n_in, n_out)}\n")
        again = _analytical_jacobian(o, diff_inputs)
        if not all(_allclose(a, b, 0.0, nondet_tol) for a, b in zip(analytical, again)):
            raise GradcheckError(
                "Backward is not reentrant, i.e., running backward with same input and "
                "grad_output multiple times gives different values, although analytical "
                f"gradient matches numerical gradient.The tolerance for nondeterminism was "
                f"{nondet_tol}.")
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  gen_non_contig_grad_outputs=False, raise_exception=True, nondet_tol=0.0,
                  check_undefined_grad=True, check_grad_dtypes=False,
                  check_batched_grad=False, check_fwd_over_rev=False,
                  check_rev_over_rev=True, fast_mode=False, masked=False) -> bool:
    """Check second derivatives: gradcheck of ``v -> autograd.grad(func, inputs, v)``.

    The gradient function is built with ``create_graph=True`` and checked with
    :func:`gradcheck` with respect to the inputs and the output gradients `v`
    (random in [-1, 1], seeded, when `grad_outputs` is None).

    >>> import latpy.torch as torch
    >>> x = torch.randn(3, requires_grad=True)
    >>> torch.autograd.gradgradcheck(lambda x: x.exp() * x, (x,))
    True
    """
    del gen_non_contig_grad_outputs, check_fwd_over_rev
    inputs = _as_tuple(inputs)
    if grad_outputs is None:
        rng = random.Random(0)
        outs = [o for o in _output_tensors(func(*inputs)) if o.requires_grad]
        grad_outputs = tuple(_from_flat([rng.uniform(-1.0, 1.0) for _ in range(o.numel())],
                                        tuple(o.shape), requires_grad=True) for o in outs)
    else:
        grad_outputs = _as_tuple(grad_outputs)
    n_out = len(grad_outputs)
    diff_inputs = {i for i, x in enumerate(inputs) if _is_diff_input(x)}
    diff_grads = {i for i, g in enumerate(grad_outputs) if g.requires_grad}

    def grad_function(*args):
        input_args = args[:len(args) - n_out]
        vs = args[len(args) - n_out:]
        outs = [o for o in _output_tensors(func(*input_args)) if o.requires_grad]
        diff_args = [x for i, x in enumerate(input_args) if i in diff_inputs]
        vs = tuple(v if i in diff_grads else v.detach() for i, v in enumerate(vs))
        grads = _grad(outs, diff_args, vs, create_graph=True, allow_unused=True)
        return tuple(g for g in grads if g is not None)

    return gradcheck(grad_function, inputs + tuple(grad_outputs), eps=eps, atol=atol,
                     rtol=rtol, raise_exception=raise_exception, nondet_tol=nondet_tol,
                     check_undefined_grad=check_undefined_grad,
                     check_grad_dtypes=check_grad_dtypes,
                     check_batched_grad=check_batched_grad, fast_mode=fast_mode,
                     check_backward_ad=check_rev_over_rev, masked=masked)


# ------------------------------------------------------------------ teaching helper
def numerical_grad(f, *inputs, eps=1e-6):
    """Finite-difference gradients of a scalar-valued `f`, one Tensor per input.

    Each element of each input is nudged by ``±eps`` and
    ``(f(x + eps) - f(x - eps)) / (2 eps)`` recorded: no autograd involved, so
    this is the independent witness to compare ``.grad`` against.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([1.0, 2.0])
    >>> (g,) = torch.autograd.numerical_grad(lambda x: (x ** 2).sum(), x)
    >>> [round(v, 6) for v in g.tolist()]
    [2.0, 4.0]
    """
    tensors = tuple((x.detach() if isinstance(x, Tensor) else Tensor(x)).to(_float64)
                    for x in inputs)
    grads = []
    with no_grad():
        value = f(*tensors)
        if not isinstance(value, Tensor) and not isinstance(value, (int, float)):
            raise TypeError(f"numerical_grad: f must return a Tensor or a number, got "
                            f"{type(value).__name__}")
        if isinstance(value, Tensor) and value.numel() != 1:
            raise RuntimeError(f"numerical_grad: f must return a single value, got a tensor "
                               f"of shape {tuple(value.shape)}; use "
                               "torch.autograd.functional.jacobian for vector outputs")
        for k, x in enumerate(tensors):
            base = _flat(x)
            shape = tuple(x.shape)
            slopes = []
            for e in range(len(base)):
                ends = []
                for delta in (-eps, eps):
                    values = list(base)
                    values[e] += delta
                    args = list(tensors)
                    args[k] = _from_flat(values, shape)
                    ends.append(float(f(*args)))
                slopes.append((ends[1] - ends[0]) / (2 * eps))
            grads.append(_from_flat(slopes, shape))
    return tuple(grads)
