"""vmap for the simple cases: call the function once per batch element and stack.

PyTorch's vmap rewrites every op to work on a batch at once; latpy's loops over
the batch dimension instead. The results are the same (including under grad and
nested vmaps); only the speed differs.
"""

from __future__ import annotations

import functools

from ..shape_ops import stack as _stack
from ..tensor import Tensor
from ._pytree import spec_repr, tree_flatten, tree_unflatten


def _name(func):
    return getattr(func, "__name__", repr(func))


def _broadcast_dims(dims, tree):
    """One dim per leaf of `tree`: `dims` is an int/None (for the whole subtree) or a
    tuple/list/dict matching the structure of `tree` level by level. None if it does not."""
    if dims is None or isinstance(dims, int):
        return [dims] * len(tree_flatten(tree)[0])
    if isinstance(dims, (tuple, list)) and isinstance(tree, (tuple, list)) \
            and len(dims) == len(tree):
        parts = [_broadcast_dims(d, t) for d, t in zip(dims, tree)]
    elif isinstance(dims, dict) and isinstance(tree, dict) and set(dims) == set(tree):
        parts = [_broadcast_dims(dims[k], tree[k]) for k in tree]
    else:
        return None
    if any(p is None for p in parts):
        return None
    return [d for p in parts for d in p]


def _leaf_dims(in_dims, args, func):
    """One in_dim per leaf of `args` (an int/None applies to a whole argument)."""
    where = f"vmap({_name(func)}, in_dims={in_dims}, ...)(<inputs>)"
    if not isinstance(in_dims, (int, tuple)) and in_dims is not None:
        raise ValueError(f"{where}: expected `in_dims` to be int or a (potentially nested) "
                         f"tuple matching the structure of inputs, got: {type(in_dims)}.")
    dims = _broadcast_dims(in_dims, args)
    if dims is None:
        raise ValueError(f"{where}: in_dims is not compatible with the structure of `inputs`. "
                         f"in_dims has structure {spec_repr(tree_flatten(in_dims)[1])} but "
                         f"inputs has structure {spec_repr(tree_flatten(args)[1])}.")
    return dims, where


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """Vectorize `func` over a batch dimension: ``vmap(f)(xs)[i] == f(xs[i])``.

    `in_dims` says which dimension of each argument is the batch (an int for
    all, or a tuple with an int or None per argument; None means "not
    batched, pass as is"). `out_dims` says where the batch goes in the outputs.

    >>> import latpy.torch as torch
    >>> from latpy.torch.func import vmap
    >>> xs = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> vmap(lambda x: (x * x).sum())(xs).tolist()
    [5.0, 25.0]
    >>> vmap(torch.dot, in_dims=(0, None))(xs, torch.tensor([1.0, 0.0])).tolist()
    [1.0, 3.0]
    """
    if randomness not in ("error", "different", "same"):
        raise RuntimeError(f"Only allowed values for randomness are 'error', 'different', or "
                           f"'same'. Got {randomness}")

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        if not args:
            raise ValueError(f"vmap({_name(func)})(<inputs>): got no inputs. Maybe you forgot "
                             "to add inputs, or you are trying to vmap over a function with "
                             "no inputs. The latter is unsupported.")
        leaves, spec = tree_flatten(args)
        dims, where = _leaf_dims(in_dims, args, func)
        sizes = []
        for i, (dim, leaf) in enumerate(zip(dims, leaves)):
            if dim is None:
                continue
            if not isinstance(dim, int) or isinstance(dim, bool):
                raise ValueError(f"{where}: Got in_dim={dim} for an input but in_dim must be "
                                 "either an integer dimension or None.")
            if not isinstance(leaf, Tensor):
                raise ValueError(f"{where}: Got in_dim={dim} for an input but the input is of "
                                 f"type {type(leaf)}. We cannot vmap over non-Tensor "
                                 "arguments, please use None as the respective in_dim")
            ndim = leaf.dim()
            if not -ndim <= dim < ndim:
                raise ValueError(f"{where}: Got in_dim={dim} for some input, but that input is "
                                 f"a Tensor of dimensionality {ndim} so expected in_dim to "
                                 f"satisfy -{ndim} <= in_dim < {ndim}.")
            dims[i] = dim % ndim
            sizes.append(leaf.shape[dims[i]])
        if not sizes:
            raise ValueError("vmap: Expected at least one Tensor to vmap over")
        if any(s != sizes[0] for s in sizes):
            raise ValueError("vmap: Expected all tensors to have the same size in the mapped "
                             f"dimension, got sizes {sizes} for the mapped dimension")
        if sizes[0] == 0:
            raise ValueError("vmap: latpy's vmap loops over the batch and needs a batch of at "
                             "least one element (got size 0)")
        results = []
        for b in range(sizes[0]):
            sliced = [leaf if dim is None else leaf[(slice(None),) * dim + (b,)]
                      for dim, leaf in zip(dims, leaves)]
            results.append(func(*tree_unflatten(sliced, spec), **kwargs))
        return _stack_outputs(results, out_dims, func)
    return wrapped


def _stack_outputs(results, out_dims, func):
    name = _name(func)
    flat0, out_spec = tree_flatten(results[0])
    per_result = [tree_flatten(r)[0] for r in results]
    if not (out_dims is None or isinstance(out_dims, (int, tuple, list, dict))):
        raise ValueError(f"vmap({name}, ..., out_dims={out_dims}): `out_dims` must be an int, "
                         "None or a python collection of ints representing where in the "
                         "outputs the vmapped dimension should appear.")
    flat_dims = _broadcast_dims(out_dims, results[0])
    if flat_dims is None:
        raise ValueError(f"vmap({name}, ..., out_dims={out_dims})(<inputs>): out_dims is not "
                         "compatible with the structure of `outputs`. out_dims has structure "
                         f"{spec_repr(tree_flatten(out_dims)[1])} but outputs has structure "
                         f"{spec_repr(out_spec)}.")
    stacked = []
    for i, dim in enumerate(flat_dims):
        column = [leaves[i] for leaves in per_result]
        if dim is None:
            stacked.append(column[0])
            continue
        if not all(isinstance(v, Tensor) for v in column):
            bad = next(type(v) for v in column if not isinstance(v, Tensor))
            raise ValueError(f"vmap({name}, ...): `{name}` must only return Tensors, got type "
                             f"{bad}. Did you mean to set out_dims= to None for output?")
        stacked.append(_stack(column, dim))
    return tree_unflatten(stacked, out_spec)
