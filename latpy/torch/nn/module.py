"""Module and Parameter: the containers that hold a model's state.

A Module keeps its parameters, buffers and submodules in three ordered dicts,
filled by ``__setattr__``; names are joined with dots, so ``state_dict()`` keys
match PyTorch's for the same architecture and weights can be copied across.
"""

from __future__ import annotations

import collections
import itertools

from ..tensor import Tensor

_wrap = Tensor._wrap


class Parameter(Tensor):
    """A Tensor that is a module parameter (``requires_grad=True`` by default).

    >>> import latpy.torch as torch
    >>> p = torch.nn.Parameter(torch.zeros(2)); p.requires_grad, isinstance(p, torch.Tensor)
    (True, True)
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from ...core.creation import zeros
            data = _wrap(zeros((0,)))
        if not isinstance(data, Tensor):
            data = Tensor(data)
        p = object.__new__(cls)
        p.data = data.data
        p.grad = None
        p.grad_fn = None
        p.requires_grad = False
        if requires_grad:
            p.requires_grad_(True)
        return p

    def __init__(self, data=None, requires_grad=True):
        pass  # everything happens in __new__

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        p = Parameter(_wrap(self.data.copy()), self.requires_grad)
        if self.grad is not None:
            p.grad = _wrap(self.grad.data.copy())
        return p


class Buffer(Tensor):
    """A Tensor marked as a buffer when assigned to a Module attribute.

    >>> import latpy.torch as torch
    >>> m = torch.nn.Module(); m.steps = torch.nn.Buffer(torch.zeros(1)); list(m.state_dict())
    ['steps']
    """

    def __new__(cls, data=None, persistent=True):
        t = data if isinstance(data, Tensor) else Tensor(data)
        b = object.__new__(cls)
        b.data, b.grad, b.grad_fn, b.requires_grad = t.data, None, None, False
        b.persistent = persistent
        return b

    def __init__(self, data=None, persistent=True):
        pass


_IncompatibleKeys = collections.namedtuple("IncompatibleKeys",
                                           ["missing_keys", "unexpected_keys"])


class Module:
    """Base class for all neural network modules.

    Subclasses define ``forward`` and assign layers/parameters as attributes.

    >>> import latpy.torch as torch
    >>> class Net(torch.nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.fc = torch.nn.Linear(3, 2)
    ...     def forward(self, x):
    ...         return self.fc(x).relu()
    >>> net = Net(); [name for name, _ in net.named_parameters()]
    ['fc.weight', 'fc.bias']
    """

    training: bool
    _version = 1

    def __init__(self, *args, **kwargs):
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments")
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", collections.OrderedDict())
        object.__setattr__(self, "_buffers", collections.OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        object.__setattr__(self, "_modules", collections.OrderedDict())
        object.__setattr__(self, "_forward_hooks", collections.OrderedDict())
        object.__setattr__(self, "_forward_pre_hooks", collections.OrderedDict())

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                                  '"forward" function')

    def __call__(self, *args, **kwargs):
        for hook in list(self._forward_pre_hooks.values()):
            result = hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        out = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            result = hook(self, args, out)
            if result is not None:
                out = result
        return out

    # -------------------------------------------------------- registration
    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:
            if isinstance(value, (Parameter, Module)):
                raise AttributeError("cannot assign parameters or modules before "
                                     "Module.__init__() call")
            object.__setattr__(self, name, value)
            return
        params, modules, buffers = self._parameters, self._modules, self._buffers
        if isinstance(value, Parameter):
            self._forget(name)
            params[name] = value
        elif isinstance(value, Module):
            self._forget(name)
            modules[name] = value
        elif isinstance(value, Buffer):
            self._forget(name)
            self.register_buffer(name, value, value.persistent)
        elif name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter "
                                f"'{name}' (torch.nn.Parameter or None expected)")
            params[name] = None
        elif name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module "
                                f"'{name}' (torch.nn.Module or None expected)")
            modules[name] = None
        elif name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                                "(torch.Tensor or None expected)")
            buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def _forget(self, name):
        for d in (self.__dict__, self._parameters, self._modules, self._buffers):
            d.pop(name, None)
        self._non_persistent_buffers_set.discard(name)

    def __getattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            table = d.get(store)
            if table is not None and name in table:
                return table[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        return sorted(set(object.__dir__(self)) | set(self._parameters) | set(self._buffers)
                      | set(self._modules))

    def register_parameter(self, name: str, param) -> None:
        """Add a parameter (a :class:`Parameter` or None) under `name`."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name(name, self, "parameter", self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                            f"'{name}' (torch.nn.Parameter or None required)")
        self._forget(name)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor, persistent: bool = True) -> None:
        """Add a buffer: state that is not a parameter (e.g. BatchNorm's running mean)."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name(name, self, "buffer", self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer "
                            f"'{name}' (torch Tensor or None required)")
        self._forget(name)
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module) -> None:
        """Add a child module under `name`."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        _check_name(name, self, "module", self._modules)
        self._forget(name)
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target: str) -> "Module":
        """The submodule at dotted path `target` ('' is self)."""
        mod = self
        if not target:
            return mod
        for part in target.split("."):
            if part not in mod._modules:
                raise AttributeError(f"{type(mod).__name__} has no attribute `{part}`")
            mod = mod._modules[part]
        return mod

    def get_parameter(self, target: str):
        """The parameter at dotted path `target`."""
        module_path, _, name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if name not in mod._parameters:
            raise AttributeError(f"{type(mod).__name__} has no parameter `{name}`")
        return mod._parameters[name]

    def get_buffer(self, target: str):
        """The buffer at dotted path `target`."""
        module_path, _, name = target.rpartition(".")
        mod = self.get_submodule(module_path)
        if name not in mod._buffers:
            raise AttributeError(f"{type(mod).__name__} has no buffer `{name}`")
        return mod._buffers[name]

    # -------------------------------------------------------- traversal
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """Yield ``(dotted_name, module)`` for this module and all below it."""
        if memo is None:
            memo = set()
        stack = [(prefix, self)]
        while stack:  # iterative pre-order walk
            name, mod = stack.pop()
            if remove_duplicate:
                if id(mod) in memo:
                    continue
                memo.add(id(mod))
            yield name, mod
            children = [(name + ("." if name else "") + k, m)
                        for k, m in mod._modules.items() if m is not None]
            stack.extend(reversed(children))

    def modules(self):
        """Yield this module and every module below it."""
        for _, m in self.named_modules():
            yield m

    def named_children(self):
        """Yield ``(name, module)`` for the direct children."""
        seen = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self):
        """Yield the direct child modules."""
        for _, m in self.named_children():
            yield m

    def _named_members(self, table, prefix="", recurse=True, remove_duplicate=True):
        seen = set()
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) \
            if recurse else [(prefix, self)]
        for mod_prefix, mod in mods:
            for k, v in getattr(mod, table).items():
                if v is None or (remove_duplicate and id(v) in seen):
                    continue
                if remove_duplicate:
                    seen.add(id(v))
                yield mod_prefix + ("." if mod_prefix else "") + k, v

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield ``(dotted_name, Parameter)`` pairs."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        """Yield every parameter (each shared parameter once)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        """Yield ``(dotted_name, Tensor)`` pairs for buffers."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        """Yield every buffer."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def num_parameters(self, trainable_only=False) -> int:
        """Total number of parameter elements (latpy extra).

        >>> import latpy.torch as torch
        >>> torch.nn.Linear(3, 2).num_parameters()
        8
        """
        return sum(p.numel() for p in self.parameters()
                   if p.requires_grad or not trainable_only)

    # -------------------------------------------------------- state
    def state_dict(self, destination=None, prefix="", keep_vars=False):
        """An ordered ``{dotted_name: Tensor}`` of parameters and persistent buffers."""
        out = collections.OrderedDict() if destination is None else destination
        for mod_prefix, mod in self.named_modules(prefix=prefix.rstrip("."),
                                                  remove_duplicate=False):
            head = mod_prefix + ("." if mod_prefix else "")
            for k, p in mod._parameters.items():
                if p is not None:
                    out[head + k] = p if keep_vars else p.detach()
            for k, b in mod._buffers.items():
                if b is not None and k not in mod._non_persistent_buffers_set:
                    out[head + k] = b if keep_vars else b.detach()
            extra = getattr(type(mod), "get_extra_state", None)
            if extra is not None and extra is not Module.get_extra_state:
                out[head + "_extra_state"] = mod.get_extra_state()
        return out

    def get_extra_state(self):
        raise RuntimeError("Reached a code path in Module.get_extra_state() that should never "
                           "be called.")

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy values from `state_dict` into this module's parameters and buffers.

        With ``strict=True`` missing or unexpected keys raise ``RuntimeError``;
        a shape mismatch always does. Returns ``(missing_keys, unexpected_keys)``.
        """
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
            raise TypeError(f"Expected state_dict to be dict-like, got "
                            f"{type(state_dict).__name__}.")
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        for k, target in own.items():
            if k not in state_dict:
                continue
            value = state_dict[k]
            if k.endswith("_extra_state"):
                continue
            source = value.data if isinstance(value, Tensor) else _as_nd(value)
            if tuple(source.shape) != tuple(target.data.shape):
                errors.append(f"size mismatch for {k}: copying a param with shape "
                              f"{_size(source.shape)} from checkpoint, the shape in current "
                              f"model is {_size(target.data.shape)}.")
                continue
            if assign and isinstance(value, Tensor):
                target.data = value.data
            else:
                target.data[...] = source.astype(target.data.dtype) \
                    if source.dtype is not target.data.dtype else source
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " +
                              ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " +
                              ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                               + "\n\t".join(errors))
        return _IncompatibleKeys(missing, unexpected)

    # -------------------------------------------------------- modes and utilities
    def train(self, mode: bool = True) -> "Module":
        """Set training mode (affects Dropout, BatchNorm) here and below."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for m in self.modules():
            object.__setattr__(m, "training", mode)
        return self

    def eval(self) -> "Module":
        """Set evaluation mode: ``train(False)``."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        """Set ``requires_grad`` on every parameter."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset parameter gradients (to None by default, as PyTorch 2.x)."""
        for p in self.parameters():
            if p.grad is not None:
                if set_to_none:
                    p.grad = None
                else:
                    p.grad = _wrap(p.grad.data * 0.0)

    def apply(self, fn) -> "Module":
        """Call ``fn(module)`` on every submodule and then on self, in PyTorch's order:
        each child's subtree first (depth-first, children in order), self last."""
        stack = [(self, False)]
        while stack:  # iterative post-order (deep models must not hit the recursion limit)
            mod, expanded = stack.pop()
            if expanded:
                fn(mod)
                continue
            stack.append((mod, True))
            stack.extend((c, False) for c in reversed(list(mod.children())))
        return self

    def to(self, *args, **kwargs) -> "Module":
        """Device/dtype moves: only the CPU and float64 exist, so this checks and returns self."""
        for p in itertools.chain(self.parameters(), self.buffers()):
            p.to(*args, **kwargs)
        return self

    def cpu(self) -> "Module":
        return self

    def cuda(self, device=None) -> "Module":
        from ..device import check_device
        check_device("cuda")

    def double(self) -> "Module":
        return self

    float = half = double

    def type(self, dst_type) -> "Module":
        return self

    def register_forward_hook(self, hook):
        """Call ``hook(module, args, output)`` after forward; a result replaces output."""
        return _add_hook(self._forward_hooks, hook)

    def register_forward_pre_hook(self, hook):
        """Call ``hook(module, args)`` before forward; a result replaces args."""
        return _add_hook(self._forward_pre_hooks, hook)

    # -------------------------------------------------------- repr
    def extra_repr(self) -> str:
        """Extra text inside this module's repr (layers show their sizes)."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self):
        extra = self.extra_repr()
        lines = extra.split("\n") if extra else []
        for name, mod in self._modules.items():
            text = repr(mod).replace("\n", "\n  ")
            lines.append(f"({name}): {text}")
        if not lines:
            return f"{self._get_name()}()"
        if len(lines) == 1 and not self._modules:
            return f"{self._get_name()}({lines[0]})"
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"

    def __getstate__(self):
        raise TypeError("latpy never pickles modules; save model.state_dict() with "
                        "latpy.torch.save")

    def __deepcopy__(self, memo):
        """A deep copy (``copy.deepcopy(model)``): new parameters, same values."""
        import copy
        new = object.__new__(type(self))
        memo[id(self)] = new
        for key, value in self.__dict__.items():
            object.__setattr__(new, key, copy.deepcopy(value, memo))
        return new


class _RemovableHandle:
    _next_id = 0

    def __init__(self, table):
        self.table = table
        self.id = _RemovableHandle._next_id
        _RemovableHandle._next_id += 1

    def remove(self):
        self.table.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _add_hook(table, hook):
    handle = _RemovableHandle(table)
    table[handle.id] = hook
    return handle


def _check_name(name, module, kind, table):
    """PyTorch's checks for a new parameter/buffer/module name (`table` is its dict)."""
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
    if not name:
        raise KeyError(f'{kind} name can\'t be empty string ""')
    if "." in name:
        raise KeyError(f'{kind} name can\'t contain ".", got: {name}')
    if hasattr(module, name) and name not in table:
        raise KeyError(f"attribute '{name}' already exists")


def _size(shape):
    return f"torch.Size({list(shape)})"


def _as_nd(value):
    from ...core.creation import asarray
    if hasattr(value, "tolist") and not hasattr(value, "_shape"):
        return asarray(value.tolist())
    return asarray(value)
