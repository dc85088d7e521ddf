"""Realize lazy arrays: schedule the pending nodes, fuse elementwise chains, run.

1. **Collect** the pending nodes the requested arrays depend on (an explicit
   stack, no recursion), children before parents. Nothing else runs: a branch
   no requested array depends on is never computed.
2. **Decide what gets a buffer.** An elementwise node used exactly once, by an
   elementwise node of the same shape, is *inlined* into that consumer. Every
   other node -- requested, used twice or more (computed once, so common
   subexpressions cost once), reductions, matmul, views -- is *materialized*.
3. **Run** the materialized nodes in order. A materialized elementwise node with
   inlined inputs is one *fused group*: its expression tree becomes one Python
   list comprehension, generated, compiled and cached by the tree's structure::

       [((v0 * (0.5)) * (tanh(((v0 + (((v0 * v0) * v0) * (0.044715))) * (0.79788...)))
         + (1.0))) for v0 in I0]

   Each input element is read once and no intermediate list is built. The
   comprehension applies the same float operations, in the same order, as the
   eager ops (``math.exp``, ``x * y``, ``math.pow``, ...), so the results are
   bit-for-bit equal. If it raises (``exp`` overflow, ``1/0``, ``log(-1)``),
   the group is recomputed op by op with the eager functions, which give
   NumPy's ``inf``/``nan`` -- exactly what eager mode returns.
"""

from __future__ import annotations

import math
from itertools import chain, repeat

from ...core.kernels import gather
from ...core.ndarray import NDArray, _elements, _make, _strides_of
from ...core.shape import broadcast_strides
from ...core.ufuncs import _nan_max, _nan_min
from ..functions.elementwise import _sigmoid_value
from .array import LazyArray, _RAW, node_of
from .graph import Node, cse_forget

MAX_DEPTH = 40  # deepest expression inlined into one kernel (Python's compiler nests)

stats = {"realized": 0, "ops_run": 0, "kernels_run": 0, "fused_ops": 0, "fallbacks": 0,
         "compiled": 0, "cache_hits": 0}

# ------------------------------------------------------------ element formulas
# How each fusable op appears inside a generated comprehension ({0}, {1}: operands).
TEMPLATES = {
    "add": "({0} + {1})", "sub": "({0} - {1})", "mul": "({0} * {1})", "div": "({0} / {1})",
    "pow": "pow_({0}, {1})",  # NDArray's float power is math.pow, not **
    "lt": "({0} < {1})", "le": "({0} <= {1})", "gt": "({0} > {1})", "ge": "({0} >= {1})",
    "eq": "({0} == {1})", "ne": "({0} != {1})",
    "neg": "(-{0})", "abs": "abs_({0})",
    "exp": "exp({0})", "log": "log({0})", "log1p": "log1p({0})", "expm1": "expm1({0})",
    "sqrt": "sqrt({0})", "sin": "sin({0})", "cos": "cos({0})", "tan": "tan({0})",
    "tanh": "tanh({0})", "erf": "erf({0})", "sigmoid": "sigmoid({0})",
    "relu": "maximum({0}, 0.0)", "maximum": "maximum({0}, {1})",
    "minimum": "minimum({0}, {1})",
}
# The names the templates use: the very functions the eager kernels map.
KERNEL_GLOBALS = {
    "pow_": math.pow, "abs_": abs, "exp": math.exp, "log": math.log, "log1p": math.log1p,
    "expm1": math.expm1, "sqrt": math.sqrt, "sin": math.sin, "cos": math.cos,
    "tan": math.tan, "tanh": math.tanh, "erf": math.erf, "sigmoid": _sigmoid_value,
    "maximum": _nan_max, "minimum": _nan_min,
}


# ------------------------------------------------------------------- realize
def realize(arrays) -> None:
    """Compute the given LazyArrays (others are ignored) and turn them into NDArrays.

    >>> import latpy.torch as torch
    >>> with torch.lazy():
    ...     y = torch.tensor([0.0, 1.0]) * 2.0
    >>> realize([y.data]); type(y.data).__name__, y.data.tolist()
    ('NDArray', [0.0, 2.0])
    """
    targets = [a for a in arrays if type(a) is LazyArray]
    roots = [node_of(a) for a in targets]
    pending = [n for n in roots if n.value is None]
    if pending:
        run(pending)
    for a in targets:
        if type(a) is LazyArray:  # (the same array may be listed twice)
            _adopt(a)


def _adopt(a) -> None:
    """Give LazyArray `a` the storage of its computed node and make it an NDArray."""
    node = node_of(a)
    v = node.value
    if node.adopted or node.uses or node.view:
        # Someone else may read this buffer (pending consumers, another array sharing
        # a common subexpression, the base of a view): the array gets its own copy, so
        # writing into it in place cannot change any other result.
        v = v.copy()
    node.adopted += 1
    for name, raw in _RAW.items():
        raw.__set__(a, raw.__get__(v))
    a._shape, a._size, a._dtype = v._shape, v._size, v._dtype
    a.__class__ = NDArray


def run(roots) -> None:
    """Compute the pending nodes `roots` (and what they need) into ``node.value``.

    >>> import latpy.torch as torch
    >>> from latpy.torch.lazy.array import node_of
    >>> with torch.lazy():
    ...     node = node_of((torch.tensor([1.0, 2.0]) + 1.0).exp().data)
    >>> run([node]); node.value.tolist() == [math.exp(2.0), math.exp(3.0)]
    True
    """
    order = _collect(roots)
    inline = _plan(order, {id(n) for n in roots})
    for node in order:
        if id(node) in inline:
            continue
        if node.ew is not None and any(
                type(s) is Node and id(s) in inline for s in node.srcs):
            value = _run_group(node, inline)
        else:
            stats["ops_run"] += 1
            value = _as_array(node.fn(*[_value(s) for s in node.srcs]))
        _store(node, value)


def _collect(roots) -> list:
    """The pending nodes below `roots`, children before parents (iterative DFS)."""
    order, seen = [], set()
    stack = [(n, False) for n in roots]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for child in node.srcs:
            if type(child) is Node and child.value is None and id(child) not in seen:
                stack.append((child, False))
    return order


def _plan(order, roots) -> set:
    """ids of the nodes to inline into their (single, elementwise, same-shape) consumer."""
    inline, depth = set(), {}
    for node in order:
        d = 0
        if node.ew is not None:
            for child in node.srcs:
                if type(child) is not Node:
                    continue
                cid = id(child)
                if (child.value is None and child.ew is not None and child.uses == 1
                        and cid not in roots and child.shape == node.shape
                        and depth.get(cid, 0) < MAX_DEPTH):
                    inline.add(cid)
                    d = max(d, depth.get(cid, 0))
        depth[id(node)] = d + 1
    return inline


def _store(node, value) -> None:
    """Keep a computed node's value and drop its inputs (freeing the graph above)."""
    stats["realized"] += 1
    node.value = value
    node.srcs = ()
    node.fn = None
    if node.key is not None:
        cse_forget(node)


def _value(s):
    """The realized value of a node input (an NDArray, or a constant)."""
    if type(s) is Node:
        return s.value
    return s


def _as_array(v) -> NDArray:
    if type(v) is NDArray:
        return v
    from ..tensor import _as_array as as_array
    return as_array(v)


# --------------------------------------------------------------- fused groups
def _run_group(root, inline) -> NDArray:
    """Compute the fused group rooted at `root` with one generated comprehension."""
    shape = root.shape
    n = 1
    for d in shape:
        n *= d
    if n == 0:
        return _make([], shape, root.dtype)
    inputs, consts, positions = [], [], {}

    def leaf(v):
        if v._size == 1:  # a one-element operand broadcasts as a number (as eager does)
            consts.append(v._data[v._offset])
            return ("c", len(consts) - 1)
        k = id(v)
        if k not in positions:
            positions[k] = len(inputs)
            inputs.append(_elements(v) if v._shape == shape else _broadcast(v, shape, n))
        return ("v", positions[k])

    def tree(node):  # depth is bounded by MAX_DEPTH
        parts = [node.ew]
        for s in node.srcs:
            if type(s) is Node:
                parts.append(tree(s) if id(s) in inline else leaf(s.value))
            else:
                consts.append(s)
                parts.append(("c", len(consts) - 1))
        return tuple(parts)

    structure = tree(root)
    literals = _literals(structure, len(inputs), consts)
    kernel = kernel_for((structure, len(inputs), literals))
    try:
        data = kernel(*inputs, *[c for c, lit in zip(consts, literals) if lit is None])
    except Exception:  # IEEE special cases (or anything else): redo it the eager way
        stats["fallbacks"] += 1
        return _eager_group(root, inline)
    stats["kernels_run"] += 1
    stats["fused_ops"] += _count(structure)
    return _make(data, shape, root.dtype)


def _count(structure) -> int:
    return 1 + sum(_count(p) for p in structure[1:] if p[0] not in ("v", "c"))


def _eager_group(root, inline) -> NDArray:
    """The fused group computed op by op with the eager functions (NumPy's IEEE rules)."""
    def value(node):
        args = []
        for s in node.srcs:
            if type(s) is Node and id(s) in inline:
                args.append(value(s))
            else:
                args.append(_value(s))
        stats["ops_run"] += 1
        return _as_array(node.fn(*args))
    return value(root)


def _broadcast(v, shape, n):
    """The elements of `v` broadcast to `shape`, in C order (an iterable of n items)."""
    lead = len(shape) - len(v._shape)
    padded = (1,) * lead + v._shape
    first = next(i for i, d in enumerate(padded) if d != 1)
    if padded[first:] == shape[first:]:  # leading axes broadcast: repeat the whole array
        return chain.from_iterable(repeat(_elements(v), n // v._size))
    strides = broadcast_strides(v._shape, _strides_of(v), shape)
    return gather(v._data, shape, strides, v._offset)


# -------------------------------------------------------------- kernel cache
# Constants are written into the source as literals (LOAD_CONST is a few percent
# faster than a parameter, and the kernel is then self-explanatory), so the cache
# key holds their values. A structure seen with many different constants (a
# decaying learning rate, say) switches to one kernel taking them as parameters.
_kernels = {}
_variants = {}
LITERAL_VARIANTS = 16
MAX_KERNELS = 4096


def _literals(tree, n_inputs, consts) -> tuple:
    """Per constant: its literal source (a finite float or an int), or None (a parameter)."""
    shape_key = (tree, n_inputs, len(consts))
    seen = _variants.get(shape_key, 0)
    if seen >= LITERAL_VARIANTS:
        return (None,) * len(consts)
    literals = tuple(repr(c) if (type(c) is float and c - c == 0) or type(c) is int else None
                     for c in consts)
    if (tree, n_inputs, literals) not in _kernels:
        _variants[shape_key] = seen + 1
    return literals


def kernel_for(key):
    """The compiled kernel for ``(tree, n_inputs, literals)`` (cached by that key).

    `literals` has one entry per constant ``("c", j)`` of the tree: its source text,
    or None for a constant passed as an argument after the inputs.

    >>> k = kernel_for((("mul", ("add", ("v", 0), ("c", 0)), ("c", 1)), 1, ("0.5", None)))
    >>> k([1.0, 2.0], 3.0)
    [4.5, 7.5]
    """
    kernel = _kernels.get(key)
    if kernel is not None:
        stats["cache_hits"] += 1
        return kernel
    tree, n_inputs, literals = key
    source = kernel_source(tree, n_inputs, literals)
    namespace = dict(KERNEL_GLOBALS)
    exec(compile(source, f"<latpy.lazy kernel {len(_kernels)}>", "exec"), namespace)
    kernel = namespace["kernel"]
    kernel.source = source
    if len(_kernels) >= MAX_KERNELS:  # a bounded cache: forget the older half
        for old in list(_kernels)[:MAX_KERNELS // 2]:
            del _kernels[old]
        _variants.clear()
    _kernels[key] = kernel
    stats["compiled"] += 1
    return kernel


def kernel_source(tree, n_inputs, literals) -> str:
    """Python source of the comprehension computing expression `tree`.

    >>> print(kernel_source(("add", ("tanh", ("v", 0)), ("c", 0)), 1, ("1.0",)), end="")
    def kernel(I0):
        return [(tanh(v0) + (1.0)) for v0 in I0]
    """
    expr = _render(tree, literals)
    params = [f"I{i}" for i in range(n_inputs)] + \
        [f"c{j}" for j, lit in enumerate(literals) if lit is None]
    if n_inputs == 0:
        body = f"[{expr}]"
    elif n_inputs == 1:
        body = f"[{expr} for v0 in I0]"
    else:
        names = ", ".join(f"v{i}" for i in range(n_inputs))
        iters = ", ".join(f"I{i}" for i in range(n_inputs))
        body = f"[{expr} for {names} in zip({iters})]"
    return f"def kernel({', '.join(params)}):\n    return {body}\n"


def _render(tree, literals) -> str:
    kind = tree[0]
    if kind == "v":
        return f"v{tree[1]}"
    if kind == "c":
        lit = literals[tree[1]]
        return f"c{tree[1]}" if lit is None else f"({lit})"
    return TEMPLATES[kind].format(*[_render(t, literals) for t in tree[1:]])


def kernels() -> list:
    """The source of every kernel compiled so far.

    >>> isinstance(kernels(), list)
    True
    """
    return [k.source for k in _kernels.values()]

