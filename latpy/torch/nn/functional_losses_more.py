"""Divergence, likelihood, margin and embedding losses of ``torch.nn.functional``.

Composed of Tensor ops with PyTorch's formulas, checks and messages. Hinges
use ``clamp(min=0)`` where PyTorch uses ``clamp_min`` (gradient 1 at the kink)
and a strict ``> 0`` mask where PyTorch's kernel does (``multi_margin_loss``).
Reductions and shared checks come from :mod:`functional_losses`.
"""

from __future__ import annotations

import math
import warnings

from ...core import creation as C
from ..functions import elementwise as E
from ..functions.activation import logsigmoid
from ..grad_mode import no_grad
from ..more_ops import gather
from ..ops import clamp, exp, log, minimum, sqrt
from ..tensor import Tensor
from .functional_embedding import pairwise_distance
from .functional_losses import _broadcast2, _constant, _into, _reduce, _reduction, _t


def _xlogx(t: Tensor) -> Tensor:
    """t log t, 0 at t = 0 (xlogy(t, t)); the log never sees the 0: no nan gradient."""
    return t * log(E.where(t.data == 0, 1.0, t))


def kl_div(input, target, size_average=None, reduce=None, reduction="mean",
           log_target=False) -> Tensor:
    """Pointwise KL divergence ``target (log target - input)`` for log-probabilities
    `input`; ``'batchmean'`` divides the sum by the batch size (the true KL).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> logq = torch.tensor([[0.25, 0.75]]).log()
    >>> F.kl_div(logq, torch.tensor([[0.25, 0.75]]), reduction="batchmean").item()
    0.0
    """
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    else:
        if reduction == "mean":
            warnings.warn("reduction: 'mean' divides the total loss by both the batch size "
                          "and the support size.'batchmean' divides only by the batch size, "
                          "and aligns with the KL div math definition.'mean' will be changed "
                          "to behave the same as 'batchmean' in the next major release.",
                          stacklevel=2)
        reduction = _reduction(None, None, reduction, ("batchmean",))
    x, t = _t(input), _t(target)
    if log_target:
        out = exp(t) * (t - x)
    else:
        out = _xlogx(t) - t * x
    if reduction == "batchmean":
        out = out.sum()
        return out / x.shape[0] if x.ndim else out
    return _reduce(out, reduction)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean") -> Tensor:
    """`input` where target is 1, ``max(0, margin - input)`` where it is -1.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> x, y = torch.tensor([0.3, 0.3]), torch.tensor([1.0, -1.0])
    >>> F.hinge_embedding_loss(x, y, reduction="none").tolist()
    [0.3, 0.7]
    """
    reduction = _reduction(size_average, reduce, reduction)
    x, t = _t(input), _t(target)
    _broadcast2(x.shape, t.shape)
    hinge = E.where(t.data != 1, clamp(margin - x, min=0.0), 0.0)
    return _reduce(hinge + E.where(t.data != -1, x, 0.0), reduction)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean") -> Tensor:
    """Multi-class hinge: ``sum_{i != y} w[y] max(0, margin - x[y] + x[i]) ** p / C``.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
    >>> round(F.multi_margin_loss(x, torch.tensor([3])).item(), 6)
    0.325
    """
    reduction = _reduction(size_average, reduce, reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None:
        weight = _constant(weight, "multi_margin_loss")
        if weight.ndim != 1:
            raise ValueError("weight must be one-dimensional")
    x, t = _t(input), _t(target)
    if not (x.ndim == 0 or (x.ndim <= 2 and x.shape[-1] != 0)):
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch "
                           f"size, but got: {list(x.shape)}")
    frames, dim = (x.shape[0], x.shape[1]) if x.ndim == 2 else (1, x.shape[0] if x.ndim else 1)
    if t.ndim > 1 or t.numel() != frames:
        raise RuntimeError("multi_margin_loss: target tensor should be 1-D with size equal "
                           "to the number of input samples (batch size). Expected target "
                           f"size [{frames}], but got {list(t.shape)}. Input has shape "
                           f"{list(x.shape)}.")
    if weight is not None and weight.numel() != dim:
        raise RuntimeError(f"inconsistent weight size, expected {dim} but got "
                           f"{list(weight.shape)}")
    labels = t.data.reshape(frames, 1)
    if labels.size and ((labels < 0) | (labels >= dim)).any():
        raise RuntimeError("target out of range")
    x2 = x.reshape(frames, dim)
    z = margin - gather(x2, 1, labels) + x2
    counted = (z.data > 0) & (C.arange(dim).reshape(1, dim) != labels)  # i != y, z > 0
    h = E.where(counted, z, 0.0)
    h = h * h if p == 2 else h
    if weight is not None:
        h = h * weight.data[labels]
    out = h.sum(1) / dim
    return _reduce(out if t.ndim else out.reshape(()), reduction)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction="mean") -> Tensor:
    """``max(0, -target (input1 - input2) + margin)``: target 1 wants input1 ranked higher.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.margin_ranking_loss(torch.tensor([1.0, 1.0]), torch.tensor([2.0, 0.0]),
    ...                       torch.tensor([1.0, 1.0]), reduction="none").tolist()
    [1.0, 0.0]
    """
    reduction = _reduction(size_average, reduce, reduction)
    a, b, t = _t(input1), _t(input2), _t(target)
    if a.ndim != b.ndim or a.ndim != t.ndim:
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same "
                           f"dimension but got sizes: input1: {a.shape}, input2: {b.shape}, "
                           f"target: {t.shape} ")
    _broadcast2(_broadcast2(a.shape, b.shape), t.shape)
    return _reduce(clamp(-t * (a - b) + margin, min=0.0), reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None,
                     reduction="mean") -> Tensor:
    """Two-class logistic loss ``log(1 + exp(-target * input))``, computed stably
    (finite where PyTorch's direct formula overflows to inf).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> round(F.soft_margin_loss(torch.tensor([0.0]), torch.tensor([1.0])).item(), 6)
    0.693147
    """
    reduction = _reduction(size_average, reduce, reduction)
    x, t = _t(input), _t(target)
    _into(x.shape, t.shape)
    return _reduce(-logsigmoid(x * t), reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction="mean") -> Tensor:
    """``1 - cos(x1, x2)`` where target is 1, ``max(0, cos(x1, x2) - margin)`` where -1.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> a, b = torch.tensor([[1.0, 0.0], [1.0, 0.0]]), torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> [round(v, 6) for v in F.cosine_embedding_loss(a, b, torch.tensor([1, -1]),
    ...                                               reduction="none").tolist()]
    [0.0, 0.0]
    """
    reduction = _reduction(size_average, reduce, reduction)
    a, b, t = _t(input1), _t(input2), _t(target)
    if t.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    want = 2 if t.ndim == 1 else 1
    if a.ndim != want or b.ndim != want:
        raise RuntimeError(f"{t.ndim}D target tensor expects {want}D input tensors, but "
                           f"found inputs with sizes {list(a.shape)} and {list(b.shape)}.")
    _broadcast2(a.shape, b.shape)
    d = t.ndim  # the feature dim: 1 for a batch, 0 for a single pair
    eps = 1e-12
    cos = (a * b).sum(d) / sqrt(((a * a).sum(d) + eps) * ((b * b).sum(d) + eps))
    _broadcast2(cos.shape, t.shape)
    out = E.where(t.data == 1, 1 - cos, 0.0) + E.where(t.data == -1,
                                                        clamp(cos - margin, min=0.0), 0.0)
    return _reduce(out, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean") -> Tensor:
    """Poisson NLL: ``exp(input) - target * input`` (``log_input``) or
    ``input - target * log(input + eps)``; `full` adds Stirling's term where target > 1.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.poisson_nll_loss(torch.tensor([0.0]), torch.tensor([2.0])).item()
    1.0
    """
    reduction = _reduction(size_average, reduce, reduction)
    x, t = _t(input), _t(target)
    loss = exp(x) - t * x if log_input else x - t * log(x + eps)
    if full:
        small = t.data <= 1
        safe = E.where(small, 2.0, t)  # the masked entries never reach the logs
        stirling = t * log(safe) - t + 0.5 * log(2 * math.pi * safe)
        loss = loss + E.where(small, 0.0, stirling)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean") -> Tensor:
    """Gaussian NLL ``0.5 (log var + (input - target)**2 / var)`` (+ ``0.5 log 2 pi``);
    `var` is clamped at `eps` without stopping its gradient, as PyTorch does.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.gaussian_nll_loss(torch.tensor([1.0]), torch.tensor([3.0]), 1.0).item()
    2.0
    """
    x, y = _t(input), _t(target)
    if isinstance(var, (int, float)):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = _t(C.full(tuple(x.shape), float(var)))
    else:
        var = _t(var)
        if (var.data < 0).any():
            raise ValueError("var has negative entry/entries")
    if tuple(var.shape) != tuple(x.shape):
        if tuple(x.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (x.ndim == var.ndim and
                  sum(v for s, v in zip(x.shape, var.shape) if s != v) == 1):
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (log(var) + (x - y) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean") -> Tensor:
    """``max(0, margin + d(a, p) - d(a, n))`` with ``d = pairwise_distance(., ., p, eps)``;
    `swap` uses ``min(d(a, n), d(p, n))``.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> a, p, n = torch.zeros(1, 2), torch.zeros(1, 2), torch.tensor([[3.0, 4.0]])
    >>> F.triplet_margin_loss(a, p, n, margin=6.0, eps=0.0).item()
    1.0
    """
    reduction = _reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    a, pos, neg = _t(anchor), _t(positive), _t(negative)
    if not a.ndim == pos.ndim == neg.ndim:
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have "
                           f"the same number of dimensions, but got: anchor {a.ndim}D, "
                           f"positive {pos.ndim}D, and negative {neg.ndim}D inputs")
    d_pos = pairwise_distance(a, pos, p, eps)
    d_neg = pairwise_distance(a, neg, p, eps)
    if swap:
        d_neg = minimum(d_neg, pairwise_distance(pos, neg, p, eps))
    return _reduce(clamp(margin + d_pos - d_neg, min=0.0), reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean") -> Tensor:
    """One-vs-all logistic loss averaged over the C classes of the last dim.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> round(F.multilabel_soft_margin_loss(torch.zeros(1, 3), torch.ones(1, 3)).item(), 6)
    0.693147
    """
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    loss = -(y * logsigmoid(x) + (1 - y) * logsigmoid(-x))
    if weight is not None:
        loss = loss * weight
    class_dim = x.ndim - 1
    loss = loss.sum(class_dim) / x.shape[class_dim]
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _reduce(loss, reduction)


__all__ = ["kl_div", "hinge_embedding_loss", "multi_margin_loss", "margin_ranking_loss",
           "soft_margin_loss", "cosine_embedding_loss", "poisson_nll_loss",
           "gaussian_nll_loss", "triplet_margin_loss", "multilabel_soft_margin_loss"]
