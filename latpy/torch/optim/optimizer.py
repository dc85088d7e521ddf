"""Optimizer base class: parameter groups, per-parameter state, state_dict.

Every optimizer in this package follows PyTorch 2.x (``torch.optim``): the same
constructor arguments, defaults, validation errors, state names (``step``,
``exp_avg``, ...) and the update formulas of PyTorch's single-tensor
(``foreach=False``) code path, which is the one PyTorch runs on CPU.
Updates write into ``p.data`` (an NDArray) in place and never build graph.
State tensors are Tensors wrapping NDArrays, so ``state_dict()`` has the
structure of PyTorch's: ``{'state': {index: {name: Tensor | number}},
'param_groups': [{..., 'params': [index, ...]}]}``.
"""

from __future__ import annotations

import functools
import warnings
from collections import defaultdict
from collections.abc import Mapping

from ... import NDArray, array, zeros
from ..grad_mode import enable_grad, no_grad
from ..tensor import Tensor


class _RequiredParameter:
    """Marks a hyperparameter that every param group must give."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


class Optimizer:
    """Base class of optimizers (``torch.optim.Optimizer``).

    `params` is an iterable of Tensors, an iterable of ``(name, Tensor)`` pairs
    (``model.named_parameters()``), a list of param-group dicts, or a
    ``{name: Tensor}`` mapping (API.md deviation 7; named like PyTorch's
    ``named_parameters()`` input, so the groups get ``'param_names'``).
    Subclasses implement ``step``; the base class wraps it with ``no_grad``
    and the step hooks.

    >>> import latpy.torch as torch
    >>> w = torch.zeros(2, requires_grad=True)
    >>> opt = torch.optim.SGD([w], lr=0.1); len(opt.param_groups)
    1
    >>> opt.param_groups[0]["lr"]
    0.1
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        step = cls.__dict__.get("step")
        if step is not None and not getattr(step, "_latpy_wrapped", False):
            cls.step = _wrap_step(step)

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        self._step_pre_hooks = {}
        self._step_post_hooks = {}
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            f"Tensors or dicts, but got {_typename(params)}")
        if isinstance(params, Mapping) and all(isinstance(v, Tensor)
                                               for v in params.values()):
            params = list(params.items())
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    # ------------------------------------------------------------ groups
    def add_param_group(self, param_group) -> None:
        """Add a group of parameters with its own options (the dict is kept, as in
        PyTorch; missing options take the optimizer's defaults).

        >>> import latpy.torch as torch
        >>> a, b = torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)
        >>> opt = torch.optim.SGD([a], lr=0.1)
        >>> opt.add_param_group({"params": [b], "lr": 0.01})
        >>> [g["lr"] for g in opt.param_groups]
        [0.1, 0.01]
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {_typename(param_group)}")
        if "params" not in param_group:
            raise ValueError("param_group must have a 'params' entry")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        elif isinstance(params, Mapping):
            params = list(params.items())
        else:
            params = list(params)
        tensors, names = [], []
        for p in params:
            if isinstance(p, tuple):
                if len(p) != 2:
                    raise TypeError("named parameters must be (name, Tensor) pairs, got a "
                                    f"tuple of length {len(p)}")
                names.append(p[0])
                p = p[1]
            tensors.append(p)
        param_group["params"] = tensors
        if names:
            if len(names) != len(tensors):
                raise ValueError("all optimizer params should be with/without names. Some "
                                 "param names are missing")
            param_group["param_names"] = names
        for p in tensors:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params "
                                f"is {_typename(p)}")
            if not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)
        if len({id(p) for p in tensors}) != len(tensors):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; "
                          "in future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {which} to the optimizer")
        if any(id(p) in seen for p in tensors):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # ------------------------------------------------------------ gradients
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset gradients: to ``None`` (default, as PyTorch 2.x) or to zeros.

        >>> import latpy.torch as torch
        >>> w = torch.ones(2, requires_grad=True); (w * 3).sum().backward()
        >>> opt = torch.optim.SGD([w]); opt.zero_grad(); w.grad is None
        True
        """
        for group in self.param_groups:
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    grad.detach_()
                    # Replace the array rather than filling it: the engine lets
                    # gradients share arrays, so an in-place fill could zero another.
                    grad.data = zeros(grad.data.shape, dtype=grad.data.dtype)

    def step(self, closure=None):
        """Perform one optimization step (implemented by each optimizer)."""
        raise NotImplementedError

    def _params_with_grads(self, group, buffers=()):
        """Yield ``(p, grad, state)`` for each parameter of `group` that has a gradient
        (negated for ``maximize``); a new state starts with ``step`` 0 and a zero
        tensor per name in `buffers`, in that order (PyTorch's state layout)."""
        for p in group["params"]:
            if p.grad is None:
                continue
            state = self.state[p]
            if not state:
                state["step"] = _scalar(0.0)
                for name in buffers:
                    state[name] = _zeros(p)
            yield p, _grad(p, group["maximize"]), state

    def register_step_pre_hook(self, hook):
        """Call ``hook(optimizer, args, kwargs)`` before each ``step``; returns a
        handle with ``.remove()``."""
        return _Handle(self._step_pre_hooks, hook)

    def register_step_post_hook(self, hook):
        """Call ``hook(optimizer, args, kwargs)`` after each ``step``."""
        return _Handle(self._step_post_hooks, hook)

    # ------------------------------------------------------------ state dicts
    def state_dict(self) -> dict:
        """The optimizer state in PyTorch's format: parameters become indices in
        the order of the groups; state tensors are returned, not copied.

        >>> import latpy.torch as torch
        >>> w = torch.ones(2, requires_grad=True)
        >>> opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> w.sum().backward(); opt.step()
        >>> sd = opt.state_dict()
        >>> sd["state"][0]["momentum_buffer"].tolist(), sd["param_groups"][0]["params"]
        ([1.0, 1.0], [0])
        """
        index = {}
        packed_groups = []
        start = 0
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start):
                index.setdefault(id(p), i)
            packed["params"] = [index[id(p)] for p in group["params"]]
            start += len(packed["params"])
            packed_groups.append(packed)
        packed_state = {(index[id(k)] if isinstance(k, Tensor) else k): v
                        for k, v in self.state.items()}
        return {"state": packed_state, "param_groups": packed_groups}

    def load_state_dict(self, state_dict) -> None:
        """Load a state from :meth:`state_dict` (latpy's or PyTorch's structure).

        The groups must match in number and size; hyperparameters come from the
        saved groups; state tensors are copied (PyTorch may alias them).

        >>> import latpy.torch as torch
        >>> w = torch.ones(2, requires_grad=True)
        >>> opt = torch.optim.Adam([w], lr=0.1); w.sum().backward(); opt.step()
        >>> opt2 = torch.optim.Adam([w]); opt2.load_state_dict(opt.state_dict())
        >>> opt2.param_groups[0]["lr"], opt2.state[w]["step"].item()
        (0.1, 1.0)
        """
        if not isinstance(state_dict, Mapping) or "param_groups" not in state_dict \
                or "state" not in state_dict:
            raise ValueError("optimizer state_dict must be a dict with 'state' and "
                             "'param_groups' entries")
        groups = self.param_groups
        saved_groups = [_copy_value(dict(g)) for g in state_dict["param_groups"]]
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't "
                             "match the size of optimizer's group")
        id_map = {}
        for g, s in zip(groups, saved_groups):
            for saved_index, p in zip(s["params"], g["params"]):
                id_map[_as_index(saved_index)] = p
        state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            param = id_map.get(_as_index(key))
            if param is not None:
                state[param] = _copy_value(value)
            else:
                state[key] = value
        for g, s in zip(groups, saved_groups):
            s["params"] = g["params"]
            if "param_names" in g and "param_names" not in s:
                s["param_names"] = g["param_names"]
        self.state = state
        self.param_groups = saved_groups
        self._upgrade_state()

    def _upgrade_state(self) -> None:
        """After loading: fill group options a saved dict lacks, and make scalar
        state (``step``) a 0-d Tensor as PyTorch's ``__setstate__`` does."""
        for group in self.param_groups:
            for name, default in self.defaults.items():
                if default is not required:
                    group.setdefault(name, default)
        for per_param in self.state.values():
            if isinstance(per_param, dict):
                for key in self._scalar_state:
                    if key in per_param and not isinstance(per_param[key], Tensor):
                        per_param[key] = _scalar(float(per_param[key]))

    _scalar_state = ("step",)

    def __repr__(self):
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"


# ---------------------------------------------------------------- helpers
def _wrap_step(step):
    """Run `step` without grad, with the step hooks, and record that it ran
    (the LR schedulers warn when they are stepped before the optimizer)."""

    @functools.wraps(step)
    def wrapper(self, *args, **kwargs):
        if self.__dict__.get("_in_step"):  # a subclass's step calling super().step()
            return step(self, *args, **kwargs)
        for hook in list(self._step_pre_hooks.values()):
            result = hook(self, args, kwargs)
            if result is not None:
                args, kwargs = result
        self._in_step = True
        try:
            with no_grad():
                out = step(self, *args, **kwargs)
        finally:
            self._in_step = False
        self._opt_called = True
        for hook in list(self._step_post_hooks.values()):
            hook(self, args, kwargs)
        return out

    wrapper._latpy_wrapped = True
    return wrapper


class _Handle:
    """Returned by ``register_step_*_hook``; ``remove()`` unregisters."""

    _next_id = 0

    def __init__(self, table, hook):
        _Handle._next_id += 1
        self._table, self._id = table, _Handle._next_id
        table[self._id] = hook

    def remove(self):
        self._table.pop(self._id, None)


def _typename(obj) -> str:
    return "torch.Tensor" if isinstance(obj, Tensor) else type(obj).__name__


def _as_index(key):
    """Saved parameter indices may come back as strings (e.g. through JSON)."""
    if isinstance(key, str) and key.isdigit():
        return int(key)
    return key


def _copy_value(value):
    """Deep-copy saved state: Tensors get their own array; NDArrays become Tensors."""
    if isinstance(value, Tensor):
        return Tensor._wrap(value.data.copy())
    if isinstance(value, NDArray):
        return Tensor._wrap(value.copy())
    if isinstance(value, dict):
        return {k: _copy_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copy_value(v) for v in value)
    return value


def _closure_loss(closure):
    """Evaluate a step closure with grad enabled (as PyTorch does)."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


def _to_float(value) -> float:
    """A hyperparameter (float or 1-element Tensor) as a Python float."""
    return float(value.item()) if isinstance(value, Tensor) else value


def _check_lr(lr) -> None:
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")


def _check_flags(foreach=None, fused=None, differentiable=False, capturable=False) -> None:
    """latpy runs one code path; refuse the flags that would change semantics."""
    if fused and foreach:
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    if differentiable:
        raise RuntimeError("latpy optimizers do not support differentiable=True "
                           "(updates run on NDArrays without building graph)")
    if capturable:
        raise RuntimeError("capturable=True needs CUDA graphs; latpy runs on the CPU only")


def _zeros(p: Tensor) -> Tensor:
    """A state tensor of zeros shaped like parameter `p`."""
    return Tensor._wrap(zeros(p.data.shape))


def _scalar(value: float) -> Tensor:
    """A 0-d float64 state tensor (``step``, ``mu_product``)."""
    return Tensor._wrap(array(float(value)))


def _lerp_(start, end, weight: float) -> None:
    """``start += weight * (end - start)`` in place, with ATen's two-sided form
    (for weights >= 0.5 it is anchored at `end`, which keeps rounding equal)."""
    if abs(weight) < 0.5:
        start += (end - start) * weight
    else:
        start[...] = end - (end - start) * (1.0 - weight)


def _grad(p: Tensor, maximize: bool):
    """The gradient array of `p` (negated for ``maximize``); never mutated."""
    grad = p.grad.data
    return -grad if maximize else grad
