"""Activation checkpointing: trade compute for memory.

Normally every op keeps what its backward needs (inputs, outputs) until
backward runs, so memory grows with the depth of the model. ``checkpoint(f, x)``
runs `f` *without* recording: only `x` is kept. When backward reaches it, `f` is
run again, this time recording, and backward continues through that fresh graph.

It is one ``torch.autograd.Function``: forward under ``no_grad`` saving only its
inputs; backward = recompute + ``autograd.grad``/``backward`` through the
recomputed graph. Random ops give the same values both times (the RNG state is
saved and restored).
"""

from __future__ import annotations

import functools
import warnings

from ..engine import backward as _backward, grad as _grad
from ..autograd._helpers import Alias, own_array
from ..function import Function
from ..grad_mode import enable_grad, is_grad_enabled
from ..tensor import Tensor

__all__ = ["checkpoint", "checkpoint_sequential", "CheckpointFunction"]

_TENSOR = object()  # marks where a Tensor argument goes in an argument template


# ------------------------------------------------------------------ helpers
def _rng_state():
    from .. import creation
    generator = getattr(creation, "_generator", None)
    return None if generator is None else generator.get_state()


class _restored_rng:
    """Run a block with the RNG state of the forward pass, then put the current one back."""

    def __init__(self, state):
        self.state = state

    def __enter__(self):
        from .. import creation
        self.generator = getattr(creation, "_generator", None)
        if self.state is not None and self.generator is not None:
            self.current = self.generator.get_state()
            self.generator.set_state(self.state)
        return self

    def __exit__(self, *exc):
        if self.state is not None and self.generator is not None:
            self.generator.set_state(self.current)
        return False


def _fresh(t: Tensor, requires_grad: bool) -> Tensor:
    """A detached copy with its own array object (storage shared), as a leaf."""
    copy = Tensor._wrap(own_array(t.data))
    if requires_grad:
        copy.requires_grad_(True)
    return copy


def _as_tuple(x):
    return x if isinstance(x, tuple) else (x,)


class _Cut(Alias):
    """y = x, whose link to x is cut while the recomputed graph is walked and
    restored afterwards: the walk stops at y, but gradients built with
    ``create_graph=True`` on y stay connected to x (double backward works)."""


# ------------------------------------------------------------------ reentrant variant
class CheckpointFunction(Function):
    """PyTorch's reentrant checkpoint (``use_reentrant=True``): gradients reach
    tensors the function uses but does not take as arguments (parameters) by an
    inner ``backward()`` that accumulates into their ``.grad``.

    >>> import latpy.torch as torch
    >>> from latpy.torch.utils.checkpoint import CheckpointFunction
    >>> x = torch.tensor([3.0], requires_grad=True)
    >>> CheckpointFunction.apply(lambda t: t * t, True, x).sum().backward()
    >>> x.grad.tolist()
    [6.0]
    """

    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function = run_function
        ctx.rng_state = _rng_state() if preserve_rng_state else None
        ctx.arg_template = [_TENSOR if isinstance(a, Tensor) else a for a in args]
        ctx.save_for_backward(*[a for a in args if isinstance(a, Tensor)])
        return run_function(*args)  # Function.apply runs forward under no_grad

    @staticmethod
    def backward(ctx, *grad_outputs):
        saved = iter(ctx.saved_tensors)
        args = [_fresh(t, t.requires_grad) if isinstance(t, Tensor) else t
                for t in (next(saved) if v is _TENSOR else v for v in ctx.arg_template)]
        with _restored_rng(ctx.rng_state), enable_grad():
            outputs = _as_tuple(ctx.run_function(*args))
        pairs = [(o, g) for o, g in zip(outputs, grad_outputs)
                 if isinstance(o, Tensor) and o.requires_grad and g is not None]
        if not pairs:
            raise RuntimeError("none of output has requires_grad=True, this checkpoint() is "
                               "not necessary")
        _backward([o for o, _ in pairs], [g for _, g in pairs])
        grads = tuple(a.grad if isinstance(a, Tensor) else None for a in args)
        return (None, None) + grads


# ------------------------------------------------------------------ non-reentrant variant
class _NonReentrantCheckpoint(Function):
    """``use_reentrant=False``: the tensors the function closes over (found once,
    when the forward runs) are inputs of this node too, so their gradients flow
    through the engine like any other -- ``autograd.grad`` and double backward work."""

    @staticmethod
    def forward(ctx, run_function, rng_state, arg_template, holder, *tensors):
        outputs = holder[0]
        ctx.run_function = run_function
        ctx.rng_state = rng_state
        ctx.arg_template = arg_template
        ctx.shapes = [tuple(o.shape) if isinstance(o, Tensor) else None
                      for o in _as_tuple(outputs)]
        ctx.save_for_backward(*tensors)
        return outputs  # computed by the caller (which found the closed-over tensors)

    @staticmethod
    def backward(ctx, *grad_outputs):
        saved = ctx.saved_tensors
        n_args = sum(1 for v in ctx.arg_template if v is _TENSOR)
        arg_tensors, extras = saved[:n_args], saved[n_args:]
        cut_nodes = []
        with enable_grad():
            recomputed = []
            for t in arg_tensors:
                if t.requires_grad:
                    alias = _Cut.apply(t)
                    node = alias.grad_fn
                    cut_nodes.append((node, node.inputs))
                    node.inputs = (None,)
                    recomputed.append(alias)
                else:
                    recomputed.append(_fresh(t, False))
        try:
            it = iter(recomputed)
            args = [next(it) if v is _TENSOR else v for v in ctx.arg_template]
            with _restored_rng(ctx.rng_state), enable_grad():
                outputs = _as_tuple(ctx.run_function(*args))
            for o, shape in zip(outputs, ctx.shapes):
                if shape is not None and (not isinstance(o, Tensor) or tuple(o.shape) != shape):
                    raise RuntimeError("torch.utils.checkpoint: recomputed values have "
                                       "different metadata than during the forward pass "
                                       f"(expected shape {shape}, got "
                                       f"{getattr(o, 'shape', type(o).__name__)})")
            pairs = [(o, g) for o, g in zip(outputs, grad_outputs)
                     if isinstance(o, Tensor) and o.requires_grad and g is not None]
            targets = [a for a in recomputed if a.requires_grad] + list(extras)
            grads = [None] * len(targets)
            if pairs and targets:
                grads = list(_grad([o for o, _ in pairs], targets, [g for _, g in pairs],
                                   retain_graph=True, create_graph=is_grad_enabled(),
                                   allow_unused=True))
        finally:
            for node, inputs in cut_nodes:
                node.inputs = inputs
        it = iter(grads)
        arg_grads = [next(it) if t.requires_grad else None for t in arg_tensors]
        return (None, None, None, None) + tuple(arg_grads) + tuple(it)


def _closure_leaves(outputs, args):
    """Leaf tensors requiring grad that `outputs` depend on, other than `args`
    (the parameters a function closes over). An explicit stack, no recursion."""
    arg_ids = {id(a) for a in args if isinstance(a, Tensor)}
    found, found_ids, seen = [], set(), set()
    stack = []
    for o in outputs:
        if not isinstance(o, Tensor) or id(o) in arg_ids:
            continue
        if o.grad_fn is not None:
            stack.append(o.grad_fn)
        elif o.requires_grad and id(o) not in found_ids:
            found.append(o)
            found_ids.add(id(o))
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for t in node.inputs:
            if t is None or id(t) in arg_ids:
                continue
            if t.grad_fn is not None:
                stack.append(t.grad_fn)
            elif t.requires_grad and id(t) not in found_ids:
                found.append(t)
                found_ids.add(id(t))
    return found


def _checkpoint_without_reentrant(function, preserve_rng_state, args, kwargs):
    if kwargs:
        function = functools.partial(function, **kwargs)
    if not is_grad_enabled():
        return function(*args)
    rng_state = _rng_state() if preserve_rng_state else None
    copies = [_fresh(a, a.requires_grad) if isinstance(a, Tensor) else a for a in args]
    with enable_grad():
        traced = function(*copies)
    extras = _closure_leaves(_as_tuple(traced), copies)
    detached = tuple(_fresh(o, False) if isinstance(o, Tensor) else o for o in _as_tuple(traced))
    outputs = detached if isinstance(traced, tuple) else detached[0]
    del traced, copies  # drop the traced graph: only the inputs stay alive
    template = [_TENSOR if isinstance(a, Tensor) else a for a in args]
    tensors = [a for a in args if isinstance(a, Tensor)] + extras
    return _NonReentrantCheckpoint.apply(function, rng_state, template, [outputs], *tensors)


# ------------------------------------------------------------------ public API
def checkpoint(function, *args, use_reentrant=None, context_fn=None,
               determinism_check="default", debug=False, early_stop=True, **kwargs):
    """Run ``function(*args)`` without storing its intermediate values; recompute
    them during backward. Results and gradients equal those of ``function(*args)``.

    ``use_reentrant`` should be passed explicitly (``None`` warns and means True,
    as in PyTorch 2.x). ``False`` is recommended: it supports keyword arguments,
    ``autograd.grad`` and double backward, and gives gradients to parameters the
    function uses even when no argument requires grad.

    >>> import latpy.torch as torch
    >>> from latpy.torch.utils.checkpoint import checkpoint
    >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> y = checkpoint(lambda x: (x.sin() * x).sum(), x, use_reentrant=False)
    >>> y.backward()
    >>> [round(v, 4) for v in x.grad.tolist()]
    [1.3818, 0.077]
    """
    if use_reentrant is None:
        warnings.warn("torch.utils.checkpoint: the use_reentrant parameter should be passed "
                      "explicitly. use_reentrant=False is recommended, but if you need to "
                      "preserve the current default behavior, you can pass "
                      "use_reentrant=True.", stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if use_reentrant:
        if kwargs:
            raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
        if context_fn is not None or debug:
            raise ValueError("Passing `context_fn` or `debug` is only supported when "
                             "use_reentrant=False.")
        if is_grad_enabled() and not any(isinstance(a, Tensor) and a.requires_grad
                                         for a in args):
            warnings.warn("None of the inputs have requires_grad=True. Gradients will be None",
                          stacklevel=2)
        return CheckpointFunction.apply(function, preserve, *args)
    del determinism_check, early_stop
    return _checkpoint_without_reentrant(function, preserve, args, kwargs)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run a sequence of functions (or an ``nn.Sequential``) in `segments` chunks,
    checkpointing all but the last.

    >>> import latpy.torch as torch
    >>> from latpy.torch.utils.checkpoint import checkpoint_sequential
    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> y = checkpoint_sequential([torch.sin, torch.exp, torch.tanh], 2, x,
    ...                           use_reentrant=False)
    >>> y.sum().backward(); x.grad.shape
    torch.Size([1])
    """
    if use_reentrant is None:
        warnings.warn("torch.utils.checkpoint.checkpoint_sequential: the use_reentrant "
                      "parameter should be passed explicitly.", stacklevel=2)
        use_reentrant = True
    preserve = kwargs.pop("preserve_rng_state", True)
    if kwargs:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    if hasattr(functions, "children") and callable(functions.children):
        functions = list(functions.children())
    functions = list(functions)

    def run_function(start, end):
        def forward(value):
            for j in range(start, end + 1):
                value = functions[j](value)
            return value
        return forward

    segment_size = len(functions) // segments
    end = -1
    for start in range(0, segment_size * (segments - 1), segment_size):
        end = start + segment_size - 1
        input = checkpoint(run_function(start, end), input, use_reentrant=use_reentrant,
                           preserve_rng_state=preserve)
    return run_function(end + 1, len(functions) - 1)(input)
