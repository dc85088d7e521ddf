"""More maths on Tensors: fused multiply-adds, differences, scans, einsum, cdist.

Composed from existing ops except for three primitives with derivatives of
their own (``functions/scan.py``: cumprod, logcumsumexp; ``functions/einsum.py``).
"""

from __future__ import annotations

from ..core.creation import zeros
from . import ops as O
from .functions import einsum as EIN, elementwise as E, scan as SC
from .ops import _t
from .shape_ops import cat
from .tensor import Tensor, _dim

_wrap = Tensor._wrap


def clamp_min(input, min):  # noqa: A002
    """clamp(input, min=min).

    >>> import latpy.torch as torch
    >>> torch.clamp_min(torch.tensor([-1.0, 2.0]), 0.0).tolist()
    [0.0, 2.0]
    """
    return O.clamp(input, min=min)


def clamp_max(input, max):  # noqa: A002
    """clamp(input, max=max).

    >>> import latpy.torch as torch
    >>> torch.clamp_max(torch.tensor([-1.0, 2.0]), 0.0).tolist()
    [-1.0, 0.0]
    """
    return O.clamp(input, max=max)


def _fused(input, product, beta, alpha):
    """beta * input + alpha * product, `input` broadcast to the product's shape."""
    bias = _t(input).expand(*product.shape)
    product = product * alpha if alpha != 1 else product
    if beta == 0:  # PyTorch ignores input then (nan and inf in it do not propagate)
        return product
    return (bias * beta if beta != 1 else bias) + product


def _check_matrix(name, t, ndim=2, what="a matrix"):
    if t.ndim != ndim:
        raise RuntimeError(f"{name} must be {what}, got {t.ndim}-D tensor")


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2), for matrices.

    >>> import latpy.torch as torch
    >>> torch.addmm(torch.ones(2), torch.eye(2), torch.eye(2), alpha=2).tolist()
    [[3.0, 1.0], [1.0, 3.0]]
    """
    a, b = _t(mat1), _t(mat2)
    _check_matrix("mat1", a)
    _check_matrix("mat2", b)
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a.shape[0]}x"
                           f"{a.shape[1]} and {b.shape[0]}x{b.shape[1]})")
    return _fused(input, O.matmul(a, b), beta, alpha)


def addmv(input, mat, vec, *, beta=1, alpha=1):
    """beta * input + alpha * (mat @ vec).

    >>> import latpy.torch as torch
    >>> torch.addmv(torch.ones(2), torch.eye(2), torch.tensor([1.0, 2.0])).tolist()
    [2.0, 3.0]
    """
    a, v = _t(mat), _t(vec)
    _check_matrix("mat", a)
    _check_matrix("vec", v, 1, "a vector")
    if a.shape[1] != v.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a.shape[0]}), mat ({a.shape[0]}x"
                           f"{a.shape[1]}), vec ({v.shape[0]})")
    return _fused(input, O.matmul(a, v), beta, alpha)


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * (batch1 @ batch2), for batches of matrices.

    >>> import latpy.torch as torch
    >>> torch.baddbmm(torch.zeros(1), torch.ones(2, 1, 3), torch.ones(2, 3, 1)).shape
    torch.Size([2, 1, 1])
    """
    return _fused(input, O.bmm(batch1, batch2), beta, alpha)


def lerp(input, end, weight):
    """input + weight * (end - input), all broadcast together.

    >>> import latpy.torch as torch
    >>> torch.lerp(torch.tensor([0.0, 10.0]), torch.tensor([10.0, 20.0]), 0.25).tolist()
    [2.5, 12.5]
    """
    x = _t(input)
    return x + weight * (end - x)


def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 * tensor2.

    >>> import latpy.torch as torch
    >>> a, b = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])
    >>> torch.addcmul(torch.ones(2), a, b).tolist()
    [4.0, 9.0]
    """
    product = _t(tensor1) * tensor2
    return _t(input) + (product * value if value != 1 else product)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2.

    >>> import latpy.torch as torch
    >>> a, b = torch.tensor([1.0, 2.0]), torch.tensor([2.0, 4.0])
    >>> torch.addcdiv(torch.ones(2), a, b).tolist()
    [1.5, 1.5]
    """
    t1, t2 = _t(tensor1), _t(tensor2)
    if not t1.dtype.is_floating_point and not t2.dtype.is_floating_point:
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a "
                           "future release addcdiv will perform a true division of tensor1 "
                           "and tensor2. Use (input + value * torch.trunc(tensor1 / tensor2))"
                           ".to(input.dtype) for the historic behavior.")
    quotient = t1 / t2
    return _t(input) + (quotient * value if value != 1 else quotient)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The n-th forward difference ``x[i+1] - x[i]`` along `dim` (xor for bools).

    >>> import latpy.torch as torch
    >>> torch.diff(torch.tensor([1, 4, 9, 16]), n=2).tolist()
    [2, 2]
    """
    x = _t(input)
    if x.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = _dim(dim, x.ndim)
    parts = [_t(p) for p in (prepend, x, append) if p is not None]
    if any(p.ndim != x.ndim for p in parts):
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    if len(parts) > 1:
        x = cat(parts, d)
    for _ in range(n):
        size = x.shape[d]
        if size == 0:
            break
        later, earlier = x.narrow(d, 1, size - 1), x.narrow(d, 0, size - 1)
        x = _wrap(later.data != earlier.data) if str(x.data.dtype) == "bool" else \
            later - earlier
    return x


def cumprod(input, dim, *, dtype=None):
    """Running product along `dim` (gradient exact also where inputs are 0).

    >>> import latpy.torch as torch
    >>> torch.cumprod(torch.tensor([1.0, 2.0, 3.0]), 0).tolist()
    [1.0, 2.0, 6.0]
    """
    x = _t(input)
    if dtype is not None:
        x = x.type(dtype)
    d = _dim(dim, x.ndim)
    if x.ndim == 0:
        return x * 1 if x.requires_grad else _wrap(x.data.copy())
    if not x.dtype.is_floating_point:
        from ..core.reductions import cumprod as core_cumprod
        return _wrap(core_cumprod(x.data.astype(int), axis=d))
    return SC.Cumprod.apply(x, d)


def logcumsumexp(input, dim):
    """log(cumsum(exp(input))) along `dim`, computed without overflow.

    >>> import latpy.torch as torch
    >>> torch.logcumsumexp(torch.tensor([-1000.0, 1000.0]), 0).tolist()
    [-1000.0, 1000.0]
    """
    x = _t(input)
    if not x.dtype.is_floating_point:
        raise RuntimeError("logcumsumexp(): expected a floating point input, got "
                           f"{x.dtype}")
    d = _dim(dim, x.ndim)
    if x.ndim == 0:
        return x * 1 if x.requires_grad else _wrap(x.data.copy())
    return SC.LogCumSumExp.apply(x, d)


def einsum(equation, *operands):
    """Einstein summation: ``einsum('ij,jk->ik', a, b)`` is ``a @ b``. Takes implicit
    output, ``...``, repeated labels (diagonals), a list of operands, or the
    sublist form ``einsum(a, [0, 1], b, [1, 2], [0, 2])``.

    >>> import latpy.torch as torch
    >>> torch.einsum('ii', torch.tensor([[1.0, 2.0], [3.0, 4.0]])).item()
    5.0
    """
    if not isinstance(equation, str):
        equation, operands = EIN.from_sublists((equation,) + operands)
    elif len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = operands[0]
    ts = [_t(x) for x in operands]
    spec = EIN.normalize(equation, [tuple(t.shape) for t in ts])
    try:
        return EIN.Einsum.apply(spec, *ts)
    except ValueError as e:
        raise RuntimeError(f"einsum(): {e} (equation {equation!r})") from None


def cdist(x1, x2, p=2.0, compute_mode=None):
    """The p-norm distance between each row of `x1` (..., P, M) and of `x2` (..., R, M).

    >>> import latpy.torch as torch
    >>> torch.cdist(torch.tensor([[0.0, 0.0]]), torch.tensor([[3.0, 4.0], [0.0, 1.0]])).tolist()
    [[5.0, 1.0]]
    """
    a, b = _t(x1), _t(x2)
    for name, t in (("X1", a), ("X2", b)):
        if t.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: "
                               f"{t.ndim}D")
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: "
                           f"{a.shape[-1]} X2: {b.shape[-1]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    from ..core.shape import broadcast_shapes
    try:
        broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    except ValueError:
        raise RuntimeError(f"cdist: the batch dimensions of X1 {list(a.shape)} and X2 "
                           f"{list(b.shape)} do not broadcast") from None
    delta = a.unsqueeze(-2) - b.unsqueeze(-3)
    if p == float("inf"):
        return O.amax(O.abs(delta), -1) if delta.shape[-1] else O.sum(delta * 0.0, -1)
    if p == 0:  # a count: no gradient, but connected to the graph (as PyTorch)
        never = zeros(tuple(delta.shape), dtype=bool)
        zero = E.where(never, delta, 0.0)  # 0 with a zero gradient, even at inf and nan
        return O.sum(_wrap((delta.data != 0) * 1.0) + zero, -1)
    if p == 1:
        return O.sum(O.abs(delta), -1)
    total = O.sum(delta * delta, -1) if p == 2 else O.sum(O.abs(delta) ** float(p), -1)
    positive = total.data > 0  # zero distance: PyTorch's gradient is 0, not 0/0
    root = E.where(positive, total, 1.0) ** (1.0 / p) if p != 2 else \
        O.sqrt(E.where(positive, total, 1.0))
    return E.where(positive, root, 0.0)


__all__ = ["clamp_min", "clamp_max", "addmm", "addmv", "baddbmm", "lerp", "addcmul",
           "addcdiv", "diff", "cumprod", "logcumsumexp", "einsum", "cdist"]
