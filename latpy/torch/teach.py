"""The chain rule made visible: step through backward, explain it, draw the graph.

``loss.backward_steps()`` is the engine's own walk (:func:`engine.walk`) with
tracing on: it yields one :class:`engine.Step` per node, in the order the engine
processes them, and exhausting it leaves exactly the gradients ``backward()``
leaves. :func:`explain` prints that walk the way a teacher writes it on a board;
:func:`graph_tree` draws the graph as an ASCII tree for terminals.
"""

from __future__ import annotations

import inspect
import sys

from . import engine
from .tensor import Tensor


def backward_steps(self, gradient=None, retain_graph=None):
    """Run backward one node at a time, yielding what the engine does at each.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([3.0], requires_grad=True, label="x")
    >>> y = (x * x + x).sum()
    >>> [step.op for step in y.backward_steps()]
    ['SumBackward0', 'AddBackward0', 'MulBackward0']
    >>> x.grad.tolist()
    [7.0]
    """
    if not self.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a "
                           "grad_fn")
    grads = engine._root_grads((self,), None if gradient is None else (gradient,), False)
    return engine.walk((self,), grads, bool(retain_graph), False, trace=True)


def _names(root) -> dict:
    """A readable name for every tensor in the graph: its label, else x1.. / t1.."""
    names, leaves, inner = {}, [], []
    seen = {id(root)}
    stack = [root]
    order = []
    while stack:  # iterative DFS, then number in discovery order
        t = stack.pop()
        order.append(t)
        node = t.grad_fn
        if node is None:
            continue
        for inp in node.inputs:
            if inp is not None and id(inp) not in seen:
                seen.add(id(inp))
                stack.append(inp)
    for t in reversed(order):
        (leaves if t.grad_fn is None else inner).append(t)
    for i, t in enumerate(leaves, 1):
        names[id(t)] = t.label or f"x{i}"
    for i, t in enumerate(inner, 1):
        names[id(t)] = t.label or f"t{i}"
    return names


def _fmt(value) -> str:
    data = value.data if isinstance(value, Tensor) else value
    try:
        flat = data.reshape(-1).tolist()
    except AttributeError:
        return repr(data)
    if len(flat) <= 6:
        text = ", ".join(f"{v:.4g}" for v in flat)
        return f"[{text}]" if tuple(data.shape) else text.strip("[]")
    return f"<{tuple(data.shape)} values, first {flat[0]:.4g}>"


def explain(loss, file=None) -> None:
    """Print the backward pass of `loss` step by step (and compute the gradients).

    >>> import latpy.torch as torch
    >>> a = torch.tensor(2.0, requires_grad=True, label="a")
    >>> b = torch.tensor(3.0, requires_grad=True, label="b")
    >>> explain((a * b + a).sum())
    Backward pass of t3 (value 8), gradient 1 to start.
    Step 1: SumBackward0 -- y = sum(x, dims);  dx = broadcast(dy)
      incoming gradient 1
      -> t2 gets 1
    Step 2: AddBackward0 -- z = a + b;  da = dz,  db = dz
      incoming gradient 1
      -> t1 gets 1
      -> a gets 1
    Step 3: MulBackward0 -- z = a * b;  da = dz * b,  db = dz * a
      incoming gradient 1
      -> a gets 3   (a is used twice: 1 + 3 = 4)
      -> b gets 2
    Done: a.grad = 4, b.grad = 2
    """
    out = file if file is not None else sys.stdout
    names = _names(loss)
    root = names[id(loss)]
    print(f"Backward pass of {root} (value {_fmt(loss)}), gradient 1 to start.", file=out)
    leaves = {}
    for i, step in enumerate(backward_steps(loss), 1):
        print(f"Step {i}: {step.op} -- {step.rule}", file=out)
        print(f"  incoming gradient {_fmt(step.grad_output)}", file=out)
        twice = {id(inp): (prev, g) for inp, prev, g in step.accumulated}
        for inp, g in zip(step.inputs, step.grads):
            name = names.get(id(inp), "?")
            line = f"  -> {name} gets {_fmt(g)}"
            if id(inp) in twice:
                prev, new = twice[id(inp)]
                line += f"   ({name} is used twice: {_fmt(prev)} + {_fmt(new)} = " \
                        f"{_fmt(prev + new)})"
            print(line, file=out)
            if inp.grad_fn is None:
                leaves[id(inp)] = inp
    done = ", ".join(f"{names[k]}.grad = {_fmt(t.grad)}" for k, t in leaves.items()
                     if t.grad is not None)
    print(f"Done: {done}", file=out)


def graph_tree(t) -> str:
    """The graph below `t` as an ASCII tree (shared tensors shown once, then marked).

    >>> import latpy.torch as torch
    >>> x = torch.tensor([1.0, 2.0], requires_grad=True, label="x")
    >>> print(graph_tree((x * 2).sum()))
    t2 = Sum(...)  shape (), value 6
    └── t1 = Mul(...)  shape (2,), value [2, 4]
        └── x  leaf  shape (2,), value [1, 2]
    """
    names = _names(t)
    lines, seen = [], set()
    stack = [(t, "", "", True)]
    while stack:  # iterative pre-order walk
        node_t, prefix, branch, _last = stack.pop()
        name = names.get(id(node_t), "?")
        shape = tuple(node_t.data.shape)
        if node_t.grad_fn is None:
            desc = f"{name}  leaf  shape {shape}, value {_fmt(node_t)}"
        else:
            op = node_t.grad_fn.name().replace("Backward0", "").replace("Backward", "")
            desc = f"{name} = {op}(...)  shape {shape}, value {_fmt(node_t)}"
        if id(node_t) in seen and node_t.grad_fn is not None:
            lines.append(prefix + branch + f"{name}  (shown above)")
            continue
        seen.add(id(node_t))
        lines.append(prefix + branch + desc)
        if node_t.grad_fn is None:
            continue
        children = [c for c in node_t.grad_fn.inputs if c is not None]
        child_prefix = prefix + ("" if not branch else ("    " if branch == "└── " else "│   "))
        for i in range(len(children) - 1, -1, -1):
            last = i == len(children) - 1
            stack.append((children[i], child_prefix, "└── " if last else "├── ", last))
    return "\n".join(lines)


def source(op) -> str:
    """Print (and return) the source of an op: a primitive's forward and backward,
    or a composed function's body. `op` may be a name ("mul"), a function or an Op.

    >>> import latpy.torch as torch
    >>> text = source("sqrt")  # doctest: +ELLIPSIS
    class Sqrt(Op):
    ...
    >>> "def backward" in text
    True
    """
    from . import ops, shape_ops
    from .functions import elementwise, linalg, reduce, shape
    target = op
    if isinstance(op, str):
        name = op.lower()
        target = getattr(ops, name, None) or getattr(shape_ops, name, None)
        for module in (elementwise, reduce, shape, linalg):
            for cls_name, cls in vars(module).items():
                if cls_name.lower() == name and inspect.isclass(cls):
                    target = cls
        if target is None:
            raise ValueError(f"source: no op named {op!r}")
    if inspect.isfunction(target):
        # a thin wrapper around one primitive: show the primitive instead
        primitive = _primitive_of(target)
        target = primitive or target
    text = inspect.getsource(target)
    print(text)
    return text


def _primitive_of(fn):
    """The Op class a thin wrapper function applies (``E.Mul.apply(...)``), if exactly one."""
    import re
    from .function import Op
    try:
        body = inspect.getsource(fn)
    except (OSError, TypeError):
        return None
    found = []
    for dotted in set(re.findall(r"([A-Za-z_][\w.]*)\.apply\(", body)):
        obj = None
        parts = dotted.split(".")
        obj = fn.__globals__.get(parts[0])
        for part in parts[1:]:
            obj = getattr(obj, part, None)
        if inspect.isclass(obj) and issubclass(obj, Op):
            found.append(obj)
    return found[0] if len(found) == 1 else None


Tensor.backward_steps = backward_steps
