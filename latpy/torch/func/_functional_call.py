"""functional_call: run a module with some of its tensors swapped for given ones.

A model's parameters live on the model; transforms want them as arguments.
``functional_call(model, {"weight": w}, x)`` puts `w` where ``model.weight`` is,
calls ``model(x)``, and puts the original back (even if the call raises), so
``grad(lambda p: loss(functional_call(model, p, x)))(params)`` differentiates
with respect to a dict of parameters.
"""

from __future__ import annotations

_MISSING = object()


def _walk(module, path):
    """The object owning the last component of a dotted `path`, and that name."""
    *owners, name = path.split(".")
    obj = module
    for part in owners:
        if isinstance(obj, (list, tuple)) and part.lstrip("-").isdigit():
            obj = obj[int(part)]
            continue
        sub = getattr(obj, "_modules", None)
        if isinstance(sub, dict) and part in sub:
            obj = sub[part]
            continue
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise AttributeError(f"functional_call: {type(obj).__name__} has no attribute "
                                 f"'{part}' (while resolving '{path}')") from None
    return obj, name


def _store(owner):
    """The dicts an nn.Module keeps tensors in (``_parameters``, ``_buffers``), if any."""
    found = []
    for dict_name in ("_parameters", "_buffers"):
        d = getattr(owner, "__dict__", {}).get(dict_name)
        if isinstance(d, dict):
            found.append(d)
    return found


def _swap(owner, name, value):
    """Put `value` at ``owner.name``; return a function that undoes it."""
    for d in _store(owner):
        if name in d:
            old = d[name]
            d[name] = value

            def restore(d=d, old=old):
                d[name] = old
            return restore
    if isinstance(owner, list) and name.lstrip("-").isdigit():
        index = int(name)
        old = owner[index]
        owner[index] = value

        def restore_item():
            owner[index] = old
        return restore_item
    old = getattr(owner, name, _MISSING)
    object_setattr = _plain_setattr(owner)
    object_setattr(owner, name, value)

    def restore_attr():
        if old is _MISSING:
            delattr(owner, name)
        else:
            object_setattr(owner, name, old)
    return restore_attr


def _plain_setattr(owner):
    """setattr, falling back to ``object.__setattr__`` if the class refuses the value
    (an nn.Module may insist that a parameter slot gets a Parameter)."""
    def assign(obj, name, value):
        try:
            setattr(obj, name, value)
        except (TypeError, ValueError):
            object.__setattr__(obj, name, value)
    return assign


def _merge(parameter_and_buffer_dicts):
    if isinstance(parameter_and_buffer_dicts, dict):
        return parameter_and_buffer_dicts
    if isinstance(parameter_and_buffer_dicts, (list, tuple)):
        if not all(isinstance(d, dict) for d in parameter_and_buffer_dicts):
            raise ValueError("Expected all elements of parameter_and_buffer_dicts to be "
                             "dictionaries")
        seen, repeated = set(), []
        for d in parameter_and_buffer_dicts:
            for k in d:
                if k in seen and k not in repeated:
                    repeated.append(k)
                seen.add(k)
        if repeated:
            raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of "
                             "functional call is ambiguous")
        return {k: v for d in parameter_and_buffer_dicts for k, v in d.items()}
    raise ValueError("Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of "
                     f"dicts, but got {type(parameter_and_buffer_dicts)}")


def _named_tensors(module):
    """``{name: tensor}`` of the module's parameters and buffers, when it can list them."""
    names = {}
    for method in ("named_parameters", "named_buffers"):
        fn = getattr(module, method, None)
        if callable(fn):
            try:
                items = fn(remove_duplicate=False)
            except TypeError:
                items = fn()
            names.update(dict(items))
    return names


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Call ``module(*args, **kwargs)`` with the tensors named by the dict keys
    (dotted paths such as ``"layer.weight"``) replaced by the dict's values, then
    restore the originals. `args` that is not a tuple is a single argument.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import functional_call
    >>> class Scale:
    ...     def __init__(self):
    ...         self.w = torch.tensor([2.0])
    ...     def __call__(self, x):
    ...         return self.w * x
    >>> m = Scale()
    >>> functional_call(m, {"w": torch.tensor([10.0])}, torch.tensor([3.0])).tolist()
    [30.0]
    >>> m.w.tolist()
    [2.0]
    """
    replacements = dict(_merge(parameter_and_buffer_dicts))
    known = _named_tensors(module)
    if strict and known:
        unexpected = [k for k in replacements if k not in known]
        missing = [k for k in known if k not in replacements]
        if unexpected or missing:
            lines = [f"Error(s) in reparametrizing for {type(module).__name__}:"]
            if unexpected:
                lines.append("\tUnexpected key(s): " + ", ".join(map(repr, unexpected)) + ".")
            if missing:
                lines.append("\tMissing key(s): " + ", ".join(map(repr, missing)) + ".")
            raise RuntimeError("\n".join(lines))
    if tie_weights and known:
        for name, value in list(replacements.items()):
            original = known.get(name)
            if original is None:
                continue
            for other, tensor in known.items():
                if tensor is original and other not in replacements:
                    replacements[other] = value
    if kwargs is None:
        kwargs = {}
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    restores = []
    try:
        for path, value in replacements.items():
            owner, name = _walk(module, path)
            restores.append(_swap(owner, name, value))
        return module(*args, **kwargs)
    finally:
        for restore in reversed(restores):
            restore()
