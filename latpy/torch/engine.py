"""The backward engine: walks the graph from the outputs to the leaves.

1. Collect every node reachable from the roots and count, for each node, how
   many edges from other reachable nodes lead to it (an explicit stack, no
   recursion: graphs of 100,000 nodes are fine).
2. Start from the roots' nodes; a node runs once all its consumers have sent
   their gradient (Kahn's algorithm), so its gradient is complete when it runs.
3. A node's backward returns one gradient per input. If an input was
   broadcast, the gradient is summed back to the input's shape -- here, in one
   place, not in every op. Leaves accumulate into ``.grad``.

Plain ``backward()`` runs every formula on raw arrays with grad mode off;
``create_graph=True`` runs the same formulas on Tensors with grad mode on, so
the gradients are themselves differentiable.
"""

from __future__ import annotations

from .grad_mode import _state
from .tensor import Tensor

from ..core.creation import ones_like as _ones_like
from ..core.dtypes import F64 as _F64
from ..core.ndarray import NDArray as _NDArray, _make
from .function import _ARRAY_SAVED_FREED

_wrap = Tensor._wrap


def _tensors(value, name):
    if isinstance(value, Tensor):
        return (value,)
    if value is None:
        return ()
    out = tuple(value)
    for t in out:
        if not isinstance(t, Tensor):
            raise TypeError(f"{name} must be Tensors, got {type(t).__name__}")
    return out


def _root_grads(roots, grad_tensors, create_graph):
    """The starting gradient of each root (ones for a scalar, else given)."""
    grads = []
    given = list(grad_tensors) if grad_tensors is not None else [None] * len(roots)
    if len(given) != len(roots):
        raise RuntimeError(f"got {len(given)} gradients for {len(roots)} outputs")
    for t, g in zip(roots, given):
        if g is None:
            if t.data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs "
                                   f"(this output has shape {tuple(t.data.shape)}); pass a "
                                   "gradient argument")
            g = ones_for(t.data)
            g = Tensor._wrap(g) if create_graph else g
        else:
            if not isinstance(g, Tensor):
                g = Tensor(g)
            if tuple(g.data.shape) != tuple(t.data.shape):
                raise RuntimeError(f"Mismatch in shape: grad_output has a shape of "
                                   f"{tuple(g.data.shape)} and output has a shape of "
                                   f"{tuple(t.data.shape)}")
            g = g if create_graph else g.data
        grads.append(g)
    return grads


def ones_for(data):
    """The starting gradient of a scalar output: ones shaped like `data`."""
    if type(data) is _NDArray and data._dtype is _F64:
        return _make([1.0] * data._size, data._shape, _F64)
    return _ones_like(data)


def _reachable(roots):
    """Dependency counts for every node reachable from `roots` (iterative DFS)."""
    deps = {}
    stack = []
    for t in roots:
        node = t.grad_fn
        if node is not None and node not in deps:
            deps[node] = 0
            stack.append(node)
    while stack:
        node = stack.pop()
        for inp in node.inputs:
            if inp is None:
                continue
            child = inp.grad_fn
            if child is None:
                continue
            if child in deps:
                deps[child] += 1
            else:
                deps[child] = 1
                stack.append(child)
    return deps


def _sum_to(grad, shape):
    """Undo broadcasting: sum `grad` down to `shape` (the one place this happens)."""
    gshape = tuple(grad.shape)
    if gshape == shape:
        return grad
    lead = len(gshape) - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, d in enumerate(shape)
                                      if d == 1 and gshape[i + lead] != 1)
    if isinstance(grad, Tensor):
        out = grad.sum(dim=axes, keepdim=True) if axes else grad
        return out.reshape(shape)
    out = grad.sum(axis=axes, keepdims=True) if axes else grad
    if not hasattr(out, "reshape"):
        from ..core.creation import asarray
        out = asarray(out)
    return out.reshape(shape)


def _plain_graph(root):
    """Dependency counts of the graph below `root`, or None when any node or leaf
    needs the general walk (hooks, user Functions, several outputs, graph mode)."""
    node = root.grad_fn
    if not node._plain:
        return None
    deps = {node: 0}
    stack = [node]
    while stack:
        node = stack.pop()
        for inp in node.inputs:
            if inp is None:
                continue
            child = inp.grad_fn
            if child is None:
                if inp._hooks is not None:
                    return None
            elif child in deps:
                deps[child] += 1
            elif child._plain:
                deps[child] = 1
                stack.append(child)
            else:
                return None
    return deps


def run_plain_backward(root, grad, retain_graph) -> bool:
    """The common case -- ``loss.backward()`` through built-in ops, no hooks -- as a
    short loop. Returns False (having done nothing) when the graph needs the
    general walk in :func:`run_backward`."""
    if _anomaly["enabled"]:
        return False
    deps = _plain_graph(root)
    if deps is None:
        return False
    start = root.grad_fn
    pending = {start: grad}
    ready = [start]
    previous_mode = _state.enabled
    _state.enabled = False
    try:
        while ready:
            node = ready.pop()
            input_grads = node.backward(node, pending.pop(node))
            if type(input_grads) is not tuple:
                input_grads = (input_grads,)
            if not retain_graph and node._saved is not None:
                node._release()
            for inp, g in zip(node.inputs, input_grads):
                if inp is None or g is None:
                    continue
                d = inp.data
                if type(g) is _NDArray and type(d) is _NDArray:
                    if g._shape != d._shape:
                        g = _sum_to(g, d._shape)
                elif g.shape != d.shape:
                    g = _sum_to(g, tuple(d.shape))
                child = inp.grad_fn
                if child is None:  # a leaf without hooks: accumulate into .grad
                    old = inp.grad
                    if old is None:  # stored contiguous (as PyTorch's AccumulateGrad)
                        inp.grad = _wrap(g.copy() if type(g) is _NDArray and
                                         g._strides is not None else g)
                    else:
                        old.data = old.data + g  # a new array: grads may share arrays
                    continue
                previous = pending.get(child)
                pending[child] = g if previous is None else previous + g
                remaining = deps[child] - 1
                deps[child] = remaining
                if remaining == 0:
                    ready.append(child)
    finally:
        _state.enabled = previous_mode
    return True


def _nodes_leading_to(roots, targets) -> set:
    """The nodes below `roots` whose inputs lead to some target tensor: the only ones
    ``autograd.grad`` needs to run (so it neither wastes work nor frees others). A
    target's own node is visited to read its gradient but runs only if needed."""
    target_ids = {id(t) for t in targets}
    target_nodes = {t.grad_fn for t in targets if t.grad_fn is not None}
    needed, done = set(), set()
    stack = [(t.grad_fn, False) for t in roots if t.grad_fn is not None]
    while stack:  # iterative post-order: a node is needed if an input leads to a target
        node, expanded = stack.pop()
        if node in done:
            continue
        if not expanded:
            stack.append((node, True))
            for inp in node.inputs:
                if inp is not None and inp.grad_fn is not None and inp.grad_fn not in done:
                    stack.append((inp.grad_fn, False))
            continue
        done.add(node)
        for inp in node.inputs:
            if inp is None:
                continue
            if id(inp) in target_ids or (inp.grad_fn is not None and inp.grad_fn in needed):
                needed.add(node)
                break
    return needed


def run_backward(roots, grads, retain_graph, create_graph, capture=None,
                 accumulate=True, needed=None):
    """The walk itself: exhaust :func:`walk` (which yields nothing unless tracing).

    `capture` (for autograd.grad) maps id(tensor) -> index and ("node", node) ->
    [(id, output_nr)] for the tensors whose gradient is wanted."""
    steps = walk(roots, grads, retain_graph, create_graph, capture, accumulate, needed)
    try:
        while True:
            next(steps)
    except StopIteration as done:
        return done.value


def walk(roots, grads, retain_graph, create_graph, capture=None, accumulate=True,
         needed=None, trace=False):
    """The backward walk as a generator. With ``trace=True`` it yields one
    :class:`Step` per node (what ``Tensor.backward_steps()`` shows); otherwise it
    yields nothing and returns the captured gradients."""
    deps = _reachable(roots)
    pending = {}
    captured = {} if capture is not None else None
    ready = []
    for t, g in zip(roots, grads):
        node = t.grad_fn
        if node is None:
            if capture is not None:
                if id(t) in capture:
                    captured[id(t)] = _add(captured.get(id(t)), g)
            elif accumulate and t.requires_grad:
                _accumulate_leaf(t, g, create_graph)
            continue
        if needed is not None and node not in needed and ("node", node) not in capture:
            continue
        slot = pending.get(node)
        if slot is None:
            slot = pending[node] = [None] * node._n_outputs
            if deps[node] == 0:
                ready.append(node)
        k = t._output_nr
        slot[k] = g if slot[k] is None else slot[k] + g
    fast = capture is None and not create_graph and accumulate and not _anomaly["enabled"]
    hooked = {}  # leaves with hooks: id -> [tensor, total grad]; hooks see the total once
    previous_mode = _state.enabled
    _state.enabled = bool(create_graph)
    try:
        while ready:
            node = ready.pop()
            slot = pending.pop(node)
            hooks_done = False
            if capture is not None:
                wanted = capture.get(("node", node))
                if wanted:
                    # As PyTorch: a captured grad is the one its hooks return, unless the
                    # node must run anyway (a target lies below it): then it is captured
                    # before the hooks, which run when the node does.
                    if node._pre_hooks and not _reaches_target(node, capture):
                        slot = _run_pre_hooks(node, slot, create_graph)
                        hooks_done = True
                    for tid, k in wanted:
                        captured[tid] = _add(captured.get(tid), slot[k])
                if needed is not None and node not in needed:
                    continue  # a target's node: its gradient was all we wanted
            # -- run the node's backward formula
            if fast and node._plain:  # the common case, kept short
                input_grads = node.backward(node, slot[0])
                if type(input_grads) is not tuple:
                    input_grads = (input_grads,)
            else:
                input_grads = _call_backward(node, slot, create_graph, hooks_done)
            step = Step(node, slot, input_grads) if trace else None
            if not retain_graph and node._saved is not None:
                node._release()
            # -- send each input its gradient
            for inp, g in zip(node.inputs, input_grads):
                if inp is None or g is None:
                    continue
                d = inp.data
                if type(g) is _NDArray and type(d) is _NDArray:
                    if g._shape != d._shape:
                        g = _sum_to(g, d._shape)
                elif g.shape != d.shape:
                    g = _sum_to(g, tuple(d.shape))
                child = inp.grad_fn
                if step is not None:
                    step.record(inp, g, child, pending)
                if child is None:  # a leaf
                    if capture is not None:
                        if id(inp) in capture:
                            captured[id(inp)] = _add(captured.get(id(inp)), g)
                    elif fast and inp._hooks is None:
                        old = inp.grad
                        if old is None:
                            inp.grad = _wrap(g)
                        else:
                            old.data = old.data + g  # a new array: grads may share arrays
                    elif accumulate:
                        if inp._hooks:
                            entry = hooked.get(id(inp))
                            if entry is None:
                                hooked[id(inp)] = [inp, g]
                            else:
                                entry[1] = entry[1] + g
                        else:
                            _accumulate_leaf(inp, g, create_graph)
                    continue
                if needed is not None and child not in needed and \
                        ("node", child) not in capture:
                    continue
                slot = pending.get(child)
                if slot is None:
                    slot = pending[child] = [None] * child._n_outputs
                k = inp._output_nr
                slot[k] = g if slot[k] is None else slot[k] + g
                remaining = deps[child] - 1
                deps[child] = remaining
                if remaining == 0:
                    ready.append(child)
            if step is not None:  # hand control (and the caller's grad mode) back
                _state.enabled = previous_mode
                yield step
                _state.enabled = bool(create_graph)
        for inp, g in hooked.values():
            _accumulate_leaf(inp, g, create_graph)
    finally:
        _state.enabled = previous_mode
    return captured


class Step:
    """What the engine did at one node of the backward walk (for teaching).

    ``op`` is the node name, ``rule`` its derivative rule (the first line of the
    op's docstring), ``grad_output`` the gradient that arrived, ``inputs`` the
    input tensors, ``grads`` the gradient sent to each (after undoing any
    broadcast), and ``accumulated`` notes where a value used more than once
    received a second contribution.
    """

    def __init__(self, node, slot, input_grads):
        self.node = node
        self.op = node.name()
        doc = (type(node).__doc__ or "").strip().splitlines()
        self.rule = doc[0] if doc else ""
        self.grad_output = slot[0] if len(slot) == 1 else tuple(slot)
        self.inputs, self.grads, self.accumulated = [], [], []

    def record(self, inp, g, child, pending):
        self.inputs.append(inp)
        self.grads.append(g)
        if child is None:
            if inp.grad is not None:
                self.accumulated.append((inp, inp.grad.data, g))
        else:
            slot = pending.get(child)
            if slot is not None and slot[inp._output_nr] is not None:
                self.accumulated.append((inp, slot[inp._output_nr], g))

    def __repr__(self):
        return f"<Step {self.op}: {self.rule}>"


def _reaches_target(node, capture) -> bool:
    """Whether any tensor wanted by autograd.grad lies below `node` (iterative DFS)."""
    seen = {node}
    stack = [node]
    while stack:
        for inp in stack.pop().inputs:
            if inp is None:
                continue
            if id(inp) in capture:
                return True
            child = inp.grad_fn
            if child is not None and child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def _add(a, b):
    if a is None:
        return b
    return a + b


def _run_pre_hooks(node, slot, create_graph):
    """Tensor hooks (index, [hook, retain]) and node prehooks (None, hook).

    As in PyTorch 2.x, retain_grad's hook runs after all other tensor hooks."""
    hooks = [h for h in node._pre_hooks if h[0] is None or not h[1][1]] + \
        [h for h in node._pre_hooks if h[0] is not None and h[1][1]]
    for index, entry in hooks:
        if index is None:  # node.register_prehook: sees and may replace all grads
            grads = tuple(g if g is None or isinstance(g, Tensor) else Tensor._wrap(g)
                          for g in slot)
            result = entry(grads)
            if result is not None:
                slot = [r if (r is None or create_graph) else
                        (r.data if isinstance(r, Tensor) else r) for r in result]
            continue
        hook, _retain = entry
        g = slot[index]
        if g is None:
            continue
        arg = g if isinstance(g, Tensor) else Tensor._wrap(g)
        result = hook(arg)
        if result is not None:
            slot[index] = result if create_graph else (
                result.data if isinstance(result, Tensor) else result)
    return slot


def _call_backward(node, slot, create_graph, hooks_done=False):
    """Run any node's backward (hooks, user Functions, graph mode, anomaly checks)."""
    if node._pre_hooks and not hooks_done:
        slot = _run_pre_hooks(node, slot, create_graph)
    if node._freed and not node._tensor_api:  # a user Function raises on saved_tensors
        raise RuntimeError(_ARRAY_SAVED_FREED)
    if create_graph or node._graph_mode:
        node._graph_mode = create_graph
        node._plain = False
    if node._tensor_api:
        input_grads = _call_tensor_backward(node, slot, create_graph)
    else:
        input_grads = node.backward(node, slot[0])
        if type(input_grads) is not tuple:
            input_grads = (input_grads,)
    if _anomaly["enabled"]:
        _check_anomaly(node, input_grads)
    return input_grads


def _call_tensor_backward(node, slot, create_graph):
    """Run a user Function's backward (it sees Tensors); one entry per input."""
    grads_out = [None if g is None else (g if isinstance(g, Tensor) else Tensor._wrap(g))
                 for g in slot]
    shapes = node.__dict__.get("_out_shapes")
    if shapes and node._materialize and any(g is None for g in grads_out):
        from ..core.creation import zeros  # as PyTorch: an unused output's grad is zeros
        grads_out = [Tensor._wrap(zeros(shape)) if g is None and shape is not None else g
                     for g, shape in zip(grads_out, shapes)]
    result = type(node).backward(node, *grads_out)
    if not isinstance(result, tuple):
        result = (result,)
    n_in = len(node.inputs)
    if len(result) != n_in:
        raise RuntimeError(f"function {type(node).__name__}Backward returned an incorrect "
                           f"number of gradients (expected {n_in}, got {len(result)})")
    from ..core.shape import broadcast_shapes
    for index, (inp, r) in enumerate(zip(node.inputs, result)):
        if inp is None or r is None or not hasattr(r, "shape"):
            continue
        got, want = tuple(r.shape), tuple(inp.data.shape)
        try:
            compatible = got == want or broadcast_shapes(got, want) == got
        except ValueError:
            compatible = False
        if not compatible:
            raise RuntimeError(f"Function {type(node).__name__}Backward returned an invalid "
                               f"gradient at index {index} - got {list(got)} but expected "
                               f"shape compatible with {list(want)}")
    if create_graph:
        return result
    return tuple(r.data if isinstance(r, Tensor) else r for r in result)


def _accumulate_leaf(t: Tensor, g, create_graph):
    """Add gradient `g` into leaf ``t.grad`` (running the leaf's hooks first)."""
    if t._hooks:
        g = _run_leaf_hooks(t, g, create_graph)
    if create_graph:
        gt = g if isinstance(g, Tensor) else Tensor._wrap(g)
        t.grad = gt if t.grad is None else t.grad + gt
        return
    if isinstance(g, Tensor):
        g = g.data
    if t.grad is None:
        t.grad = Tensor._wrap(g)
    else:
        t.grad.data = t.grad.data + g  # a new array: grads may share arrays


def _run_leaf_hooks(t: Tensor, g, create_graph):
    """Call leaf `t`'s hooks on its total gradient `g`; a returned tensor replaces it."""
    for hook, _retain in list(t._hooks):
        arg = g if isinstance(g, Tensor) else Tensor._wrap(g)
        result = hook(arg)
        if result is not None:
            g = result if create_graph else (
                result.data if isinstance(result, Tensor) else result)
    return g


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             inputs=None):
    """``torch.autograd.backward``: accumulate gradients of `tensors` into leaves.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> torch.autograd.backward([(x * x).sum()]); x.grad.tolist()
    [2.0, 4.0]
    """
    roots = _tensors(tensors, "tensors")
    if isinstance(grad_tensors, Tensor):
        grad_tensors = (grad_tensors,)
    for t in roots:
        if not t.requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have "
                               "a grad_fn")
    if retain_graph is None:
        retain_graph = create_graph
    grads = _root_grads(roots, grad_tensors, create_graph)
    if inputs is not None:
        targets = _tensors(inputs, "inputs")
        found = grad(roots, targets, grad_outputs=[Tensor._wrap(g) if not isinstance(g, Tensor)
                                                   else g for g in grads],
                     retain_graph=retain_graph, create_graph=create_graph, allow_unused=True)
        for t, g in zip(targets, found):
            if g is not None:
                _accumulate_leaf(t, g if create_graph else g.data, create_graph)
        return
    run_backward(roots, grads, retain_graph, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """``torch.autograd.grad``: the gradients of `outputs` w.r.t. `inputs`, returned
    as a tuple (``.grad`` is not touched).

    >>> import latpy.torch as torch
    >>> x = torch.tensor([3.0], requires_grad=True)
    >>> (g,) = torch.autograd.grad(x ** 2, x); g.tolist()
    [6.0]
    """
    roots = _tensors(outputs, "outputs")
    targets = _tensors(inputs, "inputs")
    for t in targets:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    for t in roots:
        if not t.requires_grad:
            raise RuntimeError("element 0 of tensors does not require grad and does not have "
                               "a grad_fn")
    if isinstance(grad_outputs, Tensor):
        grad_outputs = (grad_outputs,)
    if retain_graph is None:
        retain_graph = create_graph
    grads = _root_grads(roots, grad_outputs, create_graph)
    capture = {}
    for i, t in enumerate(targets):
        capture[id(t)] = i
        if t.grad_fn is not None:
            key = ("node", t.grad_fn)
            capture.setdefault(key, []).append((id(t), t._output_nr))
    needed = _nodes_leading_to(roots, targets)
    captured = run_backward(roots, grads, retain_graph, create_graph, capture=capture,
                            needed=needed,
                            accumulate=False)
    result = []
    for t in targets:
        g = captured.get(id(t))
        if g is not None and t.grad_fn is None and t._hooks:
            g = _run_leaf_hooks(t, g, create_graph)
        if g is None:
            if not (allow_unused or materialize_grads):
                raise RuntimeError("One of the differentiated Tensors appears to not have "
                                   "been used in the graph. Set allow_unused=True if this is "
                                   "the desired behavior.")
            if materialize_grads:
                from ..core.creation import zeros_like
                result.append(Tensor._wrap(zeros_like(t.data)))
            else:
                result.append(None)
            continue
        if isinstance(g, Tensor):
            result.append(g)
        else:
            result.append(Tensor._wrap(g))
    return tuple(result)


# ------------------------------------------------------------- anomaly mode
_anomaly = {"enabled": False}


def _state_detect_anomaly() -> bool:
    return _anomaly["enabled"]


def _check_anomaly(node, grads):
    from ..core.ufuncs import isnan
    for g in grads:
        if g is None:
            continue
        data = g.data if isinstance(g, Tensor) else g
        if isnan(data).any():
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its "
                               "output gradient (detected by detect_anomaly)")
