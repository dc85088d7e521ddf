"""Flatten parameters into one vector and back (``torch.nn.utils.parameters_to_vector``)."""

from __future__ import annotations

from ...shape_ops import cat
from ...tensor import Tensor

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters):
    """All parameters flattened and concatenated into one 1-D tensor (differentiable).

    >>> import latpy.torch as torch
    >>> torch.nn.utils.parameters_to_vector([torch.ones(2, 2), torch.zeros(1)]).tolist()
    [1.0, 1.0, 1.0, 1.0, 0.0]
    """
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Point each parameter's data at its slice of the 1-D tensor `vec` (shared storage,
    as in PyTorch).

    >>> import latpy.torch as torch
    >>> ps = [torch.zeros(2), torch.zeros(1)]
    >>> torch.nn.utils.vector_to_parameters(torch.tensor([1.0, 2.0, 3.0]), ps)
    >>> [p.tolist() for p in ps]
    [[1.0, 2.0], [3.0]]
    """
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    parameters = list(parameters)
    needed = sum(p.numel() for p in parameters)
    if vec.numel() < needed:
        raise RuntimeError(f"vector_to_parameters: the vector has {vec.numel()} elements but "
                           f"the parameters need {needed}")
    pointer = 0
    for param in parameters:
        n = param.numel()
        param.data = vec.data.reshape(-1)[pointer:pointer + n].reshape(tuple(param.shape))
        pointer += n
