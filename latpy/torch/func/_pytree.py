"""Pytrees: nested tuples, lists and dicts whose leaves are Tensors (or anything).

Transforms accept structured arguments (a dict of parameters, a tuple of
inputs); they flatten them to a list of leaves, work on the leaves, and rebuild
the same structure for the result. A *spec* records the structure.
"""

from __future__ import annotations

LEAF = "*"


def _is_namedtuple(x) -> bool:
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def tree_flatten(tree):
    """``(leaves, spec)`` for a nested tuple/list/dict.

    >>> from latpy.torch.func._pytree import tree_flatten
    >>> tree_flatten((1, [2, 3], {"a": 4}))[0]
    [1, 2, 3, 4]
    """
    leaves = []

    def spec_of(node):
        if type(node) in (tuple, list) or _is_namedtuple(node):
            return (type(node), len(node), tuple(spec_of(child) for child in node))
        if type(node) is dict:
            keys = tuple(node)
            return (dict, keys, tuple(spec_of(node[k]) for k in keys))
        leaves.append(node)
        return LEAF

    return leaves, spec_of(tree)


def tree_unflatten(leaves, spec):
    """Rebuild the structure `spec` with `leaves` in order.

    >>> from latpy.torch.func._pytree import tree_flatten, tree_unflatten
    >>> leaves, spec = tree_flatten((1, {"a": 2}))
    >>> tree_unflatten([10, 20], spec)
    (10, {'a': 20})
    """
    items = iter(leaves)

    def build(s):
        if s == LEAF:
            return next(items)
        kind, keys, children = s
        values = [build(c) for c in children]
        if kind is dict:
            return dict(zip(keys, values))
        if kind is list:
            return values
        if kind is tuple:
            return tuple(values)
        return kind(*values)  # a namedtuple

    return build(spec)


def tree_map(fn, tree):
    """Apply `fn` to every leaf, keeping the structure.

    >>> from latpy.torch.func._pytree import tree_map
    >>> tree_map(lambda v: v * 2, {"a": (1, 2)})
    {'a': (2, 4)}
    """
    leaves, spec = tree_flatten(tree)
    return tree_unflatten([fn(v) for v in leaves], spec)


def spec_repr(spec) -> str:
    """A readable form of a spec for error messages (``*`` marks a leaf)."""
    if spec == LEAF:
        return LEAF
    kind, keys, children = spec
    inner = [spec_repr(c) for c in children]
    if kind is dict:
        return "{" + ", ".join(f"{k!r}: {v}" for k, v in zip(keys, inner)) + "}"
    if kind is list:
        return "[" + ", ".join(inner) + "]"
    return "(" + ", ".join(inner) + ("," if len(inner) == 1 else "") + ")"
