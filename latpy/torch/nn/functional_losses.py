"""Loss functions of ``torch.nn.functional``: regression and classification.

Every loss is composed of differentiable Tensor ops, so its gradient (of any
order) follows; the formulas, checks and error messages are PyTorch's. The
one exception is ``binary_cross_entropy``: PyTorch defines its gradient as
``(x - y) / max(x (1 - x), 1e-12)`` rather than the derivative of its clamped
forward, so it gets a small primitive of its own (finite at x = 0 and 1).
KL divergence, the likelihood, margin and embedding losses live in
``functional_losses_more.py``.

``reduction`` is ``'mean'`` (default), ``'sum'`` or ``'none'``; anything else
raises ``ValueError``. The legacy ``size_average``/``reduce`` flags override
it with PyTorch's deprecation warning.
"""

from __future__ import annotations

import warnings

from ...core import ufuncs as U
from ..function import Op
from ..functions import dual as D, elementwise as E
from ..functions.activation import logsigmoid
from ..more_ops import gather
from ..ops import abs as _abs, log_softmax
from ..tensor import Tensor

_DTYPE_NAMES = {"int64": "Long", "float64": "Double", "bool": "Bool"}


def _t(x) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def _reduction(size_average, reduce, reduction, extra=()) -> str:
    """The reduction string: legacy flags first (with PyTorch's warning), then checked."""
    if size_average is not None or reduce is not None:
        size_average = True if size_average is None else size_average
        reduce = True if reduce is None else reduce
        reduction = "mean" if size_average and reduce else "sum" if reduce else "none"
        warnings.warn("size_average and reduce args will be deprecated, please use "
                      f"reduction='{reduction}' instead.", stacklevel=3)
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated. Please use "
                      "reduction='mean' instead.", stacklevel=3)
        reduction = "mean"
    if reduction not in ("none", "mean", "sum") + tuple(extra):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    return loss.sum() if reduction == "sum" else loss


def _broadcast2(a, b) -> tuple:
    """The broadcast of shapes `a` and `b`, or PyTorch's RuntimeError naming both sizes."""
    a, b = tuple(a), tuple(b)
    n = max(len(a), len(b))
    a, b = (1,) * (n - len(a)) + a, (1,) * (n - len(b)) + b
    for i, (m, k) in enumerate(zip(a, b)):
        if m != k and 1 not in (m, k):
            raise RuntimeError(f"The size of tensor a ({m}) must match the size of tensor b "
                               f"({k}) at non-singleton dimension {i}")
    return tuple(k if m == 1 else m for m, k in zip(a, b))


def _into(shape, other) -> None:
    """PyTorch applies these factors in place: they may not grow the loss's shape."""
    full = _broadcast2(shape, other)
    if full != tuple(shape):
        raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast "
                           f"shape {list(full)}")


def _constant(w, fn: str, name: str = "weight") -> Tensor:
    w = _t(w)
    if w.requires_grad:
        raise RuntimeError(f"The function '{fn}' is not differentiable with respect to "
                           f"argument '{name}'. This input cannot have requires_grad True.")
    return w


def _dtype_name(t: Tensor) -> str:
    return _DTYPE_NAMES[str(t.data.dtype)]


# ---------------------------------------------------------------- regression
def _pointwise(input, target, reduction, weight, elementwise, weighted_mean_by_sum=True):
    """elementwise(input - target), broadcast (with PyTorch's warning), weighted, reduced."""
    x, y = _t(input), _t(target)
    if tuple(x.shape) != tuple(y.shape):
        warnings.warn(f"Using a target size ({y.shape}) that is different to the input size "
                      f"({x.shape}). This will likely lead to incorrect results due to "
                      "broadcasting. Please ensure they have the same size.", stacklevel=3)
        _broadcast2(x.shape, y.shape)
    loss = elementwise(x - y)
    if weight is None:
        return _reduce(loss, reduction)
    w = _t(weight)
    if tuple(w.shape) != tuple(x.shape):
        raise ValueError("Weights and input must have the same size.")
    loss = loss * w
    if reduction == "mean" and weighted_mean_by_sum:
        return loss.sum() / w.sum()
    return _reduce(loss, reduction)


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean",
             weight=None) -> Tensor:
    """Mean squared error ``(input - target) ** 2``; with `weight` the mean is
    ``sum(w * err) / sum(w)``.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.mse_loss(torch.tensor([1.0, 2.0]), torch.tensor([0.0, 0.0])).item()
    2.5
    """
    reduction = _reduction(size_average, reduce, reduction)
    return _pointwise(input, target, reduction, weight, lambda d: d * d)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean",
            weight=None) -> Tensor:
    """Mean absolute error ``|input - target|`` (weighted mean as ``mse_loss``).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.l1_loss(torch.tensor([1.0, -3.0]), torch.tensor([0.0, 0.0])).item()
    2.0
    """
    reduction = _reduction(size_average, reduce, reduction)
    return _pointwise(input, target, reduction, weight, _abs)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean",
                   beta=1.0) -> Tensor:
    """``0.5 z**2 / beta`` where ``z = |input - target| < beta``, else ``z - beta / 2``.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.smooth_l1_loss(torch.tensor([0.5, 3.0]), torch.zeros(2), reduction="none").tolist()
    [0.125, 2.5]
    """
    reduction = _reduction(size_average, reduce, reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0.0:
        return _pointwise(input, target, reduction, None, _abs)

    def elementwise(d):
        z = _abs(d)
        return E.where(z.data < beta, 0.5 * z * z / beta, z - 0.5 * beta)
    return _pointwise(input, target, reduction, None, elementwise)


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None) -> Tensor:
    """``0.5 z**2`` where ``z = |input - target| < delta``, else ``delta (z - delta / 2)``;
    with `weight`, the weighted losses are averaged over their number.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.huber_loss(torch.tensor([0.5, 3.0]), torch.zeros(2), reduction="none").tolist()
    [0.125, 2.5]
    """
    reduction = _reduction(None, None, reduction)
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")

    def elementwise(d):
        z = _abs(d)
        return E.where(z.data < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
    return _pointwise(input, target, reduction, weight, elementwise, False)


# ---------------------------------------------------------------- classification
def _nll(logp: Tensor, target: Tensor, weight, ignore_index: int, reduction: str,
         fn: str = "nll_loss_forward"):
    """PyTorch's ``nll_loss_nd``: checks, then ``-w[y] logp[y]`` per sample, reduced.

    Returns ``(loss, per-sample weights, ignored mask, C)``; the last three serve
    label smoothing."""
    x, t = logp, target
    if x.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {x.ndim})")
    if x.ndim != 1 and x.shape[0] != (t.shape[0] if t.ndim else 0):
        raise ValueError(f"Expected input batch_size ({x.shape[0]}) to match target "
                         f"batch_size ({t.shape[0] if t.ndim else 0}).")
    n_classes = x.shape[0 if x.ndim == 1 else 1]
    if x.ndim <= 2:
        if t.ndim > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if x.ndim == 1 and t.ndim == 1 and t.shape[0] != 1:
            raise ValueError(f"For 1D input, 1D target must have size 1, but got target "
                             f"size: {t.shape[0]}")
    elif x.ndim == 4:
        if t.ndim != 3:
            raise RuntimeError("only batches of spatial targets supported (3D tensors) but "
                               f"got targets of dimension: {t.ndim}")
        if (x.shape[0], x.shape[2], x.shape[3]) != tuple(t.shape):
            raise RuntimeError(f"size mismatch (got input: {list(x.shape)} , target: "
                               f"{list(t.shape)}")
    elif tuple(t.shape[1:]) != tuple(x.shape[2:]):
        raise RuntimeError(f"Expected target size {[x.shape[0], *x.shape[2:]]}, got "
                           f"{list(t.shape)}")
    if weight is not None:
        weight = _constant(weight, fn)
        if weight.ndim != 1 or weight.numel() != n_classes:
            raise RuntimeError(f"weight tensor should be defined either for all {n_classes} "
                               f"classes or no classes but got weight tensor of shape: "
                               f"{list(weight.shape)}")
    if str(t.data.dtype) != "int64":
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                           f"{_dtype_name(t)}")
    labels = t.data.reshape(()) if x.ndim == 1 else t.data
    ignored = labels == ignore_index
    bad = U.logical_not(ignored) & ((labels < 0) | (labels >= n_classes))
    if bad.any():
        raise IndexError(f"Target {labels[bad].reshape(-1).tolist()[0]} is out of bounds.")
    safe = U.where(ignored, 0, labels)
    class_dim = 0 if x.ndim == 1 else 1
    picked = gather(x, class_dim, safe.reshape(safe.shape[:1] + (1,) + safe.shape[1:])
                    if x.ndim > 1 else safe.reshape(1)).reshape(tuple(labels.shape))
    w = weight.data[safe.reshape(-1)].reshape(tuple(safe.shape)) if weight is not None else \
        U.where(ignored, 0.0, 1.0)
    loss = -picked * w if weight is not None else -picked
    if ignored.any():
        w = U.where(ignored, 0.0, w)
        loss = E.where(ignored, 0.0, loss)  # ignored samples: loss and gradient exactly 0
    if reduction == "mean":
        loss = loss.sum() / float(w.sum())
    elif reduction == "sum":
        loss = loss.sum()
    return loss, w, ignored, n_classes


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean") -> Tensor:
    """Negative log likelihood of log-probabilities `input` (C), (N, C) or (N, C, d1, ...)
    at class indices `target`; 'mean' divides by the summed weights of the counted targets.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> logp = torch.tensor([[-1.0, -2.0], [-3.0, -0.5]])
    >>> F.nll_loss(logp, torch.tensor([0, 1])).item()
    0.75
    """
    reduction = _reduction(size_average, reduce, reduction)
    return _nll(_t(input), _t(target), weight, ignore_index, reduction)[0]


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100,
                  reduce=None, reduction="mean", label_smoothing=0.0) -> Tensor:
    """Cross entropy of logits `input` and class indices (int64) or class probabilities
    (float, same shape as `input`); class dim 1 (0 for a 1-D input).

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> round(F.cross_entropy(torch.tensor([[0.0, 0.0]]), torch.tensor([1])).item(), 6)
    0.693147
    >>> F.cross_entropy(torch.tensor([[0.0, 0.0]]), torch.tensor([[0.5, 0.5]])).item() > 0
    True
    """
    reduction = _reduction(size_average, reduce, reduction)
    x, t = _t(input), _t(target)
    fast = _cross_entropy_plain(x, t, weight, reduction, label_smoothing, ignore_index)
    if fast is not None:
        return fast
    class_dim = 0 if x.ndim == 1 else 1
    if x.ndim == 0:
        raise IndexError("Dimension specified as 1 but tensor has no dimensions")
    if tuple(x.shape) == tuple(t.shape):
        if not t.dtype.is_floating_point:
            raise RuntimeError("Expected floating point type for target with class "
                               f"probabilities, got {_dtype_name(t)}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        return _cross_entropy_probabilities(x, t, weight, reduction, label_smoothing)
    if label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    logp = _log_softmax(x, class_dim)
    nll, w, ignored, n_classes = _nll(logp, t, weight, ignore_index, reduction)
    if label_smoothing <= 0.0:
        return nll
    # the uniform part: -sum_c w_c logp_c per sample, ignored samples left out
    if weight is not None:
        shape = [1] * x.ndim
        shape[class_dim] = n_classes
        logp = logp * _t(weight).reshape(shape)
    smooth = -logp.sum(class_dim)
    if ignored.any():
        smooth = E.where(ignored, 0.0, smooth)
    if reduction == "mean":
        smooth = smooth.sum() / float(w.sum())
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / n_classes)


def _cross_entropy_plain(x, t, weight, reduction, label_smoothing, ignore_index):
    """The everyday case -- (N, C) logits, N valid class indices, no weights or
    smoothing, mean -- as log_softmax, one gather and a mean: the same numbers as
    the general path below, in a third of the graph nodes. None otherwise."""
    if x.ndim != 2 or t.ndim != 1 or weight is not None or label_smoothing > 0.0 or \
            reduction != "mean" or t.dtype.is_floating_point:
        return None
    n, c = tuple(x.shape)
    labels = t.tolist()
    if n == 0 or len(labels) != n or ignore_index in labels or \
            not all(0 <= v < c for v in labels):
        return None  # empty, ignored, mismatched or out-of-range: the general path decides
    picked = log_softmax(x, 1)[list(range(n)), labels]
    return (-picked).sum() / float(n)


def _log_softmax(x: Tensor, class_dim: int) -> Tensor:
    # an empty batch has nothing to normalise (and latpy's amax refuses empty inputs)
    return log_softmax(x, class_dim) if x.numel() else x * 1.0


def _cross_entropy_probabilities(x, t, weight, reduction, label_smoothing):
    class_dim = 0 if x.ndim == 1 else 1
    n_classes = x.shape[class_dim]
    if weight is not None:
        weight = _t(weight)
        if weight.ndim != 1 or weight.numel() != n_classes:
            raise RuntimeError(f"cross_entropy: weight tensor should be defined either for "
                               f"all {n_classes} classes or no classes but got weight tensor "
                               f"of shape: {list(weight.shape)}")
    logp = _log_softmax(x, class_dim)
    if label_smoothing > 0.0:
        if label_smoothing > 1.0:
            raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                               f"{label_smoothing}")
        t = t * (1 - label_smoothing) + label_smoothing / n_classes
    terms = logp * t
    if weight is not None:
        shape = [1] * x.ndim
        shape[class_dim] = n_classes
        terms = terms * (weight.reshape(shape) if x.ndim > 1 else weight)
    if reduction == "none":
        return -terms.sum(class_dim)
    total = -terms.sum()
    if reduction == "sum":
        return total
    return total / float(x.numel() // n_classes) if x.numel() else total * float("nan")


_BCE_EPS = 9.999999960041972e-13  # PyTorch's EPSILON: 1e-12 rounded to float32


class _BinaryCrossEntropy(Op):
    """l = (y - 1) max(log(1 - x), -100) - y max(log x, -100);
    dx = dl (x - y) / max((1 - x) x, eps),  dy = -dl log(x / (1 - x))  (PyTorch's)"""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return (y - 1.0) * U.maximum(U.log1p(-x), -100.0) - y * U.maximum(U.log(x), -100.0)

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        need_x, need_y = ctx.inputs
        dx = dy = None
        if need_x is not None:
            denom = (1.0 - x) * x
            denom = D.where(D.raw(denom) < _BCE_EPS, _BCE_EPS, denom)
            dx = grad_output * (x - y) / denom
        if need_y is not None:
            dy = -grad_output * D.log(x / (1.0 - x))
        return dx, dy


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean") -> Tensor:
    """``-w (y log x + (1 - y) log(1 - x))`` for probabilities `input`, each log clamped
    at -100 as in PyTorch.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> round(F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([1.0])).item(), 6)
    0.693147
    """
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    if tuple(x.shape) != tuple(y.shape):
        raise ValueError(f"Using a target size ({y.shape}) that is different to the input "
                         f"size ({x.shape}) is deprecated. Please ensure they have the same "
                         "size.")
    for name, v in (("input", x), ("target", y)):
        if not ((v.data >= 0) & (v.data <= 1)).all():
            raise RuntimeError(f"all elements of {name} should be between 0 and 1")
    loss = _BinaryCrossEntropy.apply(x, y)
    if weight is not None:
        w = _constant(weight, "binary_cross_entropy")
        _into(x.shape, _broadcast2(y.shape, w.shape))
        loss = loss * w
    return _reduce(loss, reduction)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None,
                                     reduce=None, reduction="mean",
                                     pos_weight=None) -> Tensor:
    """BCE of ``sigmoid(input)``, computed stably from logits as PyTorch does:
    ``(1 - y) x - (1 + (pos_weight - 1) y) logsigmoid(x)``, times `weight`.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> F.binary_cross_entropy_with_logits(torch.tensor([1000.0]), torch.tensor([0.0])).item()
    1000.0
    """
    reduction = _reduction(size_average, reduce, reduction)
    x, y = _t(input), _t(target)
    if tuple(x.shape) != tuple(y.shape):
        raise ValueError(f"Target size ({y.shape}) must be the same as input size "
                         f"({x.shape})")
    log_sigmoid = logsigmoid(x)
    if pos_weight is not None:
        pw = _constant(pos_weight, "binary_cross_entropy_with_logits", "pos_weight")
        _into(x.shape, _broadcast2(pw.shape, y.shape))
        log_sigmoid = log_sigmoid * ((pw - 1) * y + 1)
    loss = (1 - y) * x - log_sigmoid
    if weight is not None:
        w = _constant(weight, "binary_cross_entropy_with_logits")
        _into(x.shape, w.shape)
        loss = loss * w
    return _reduce(loss, reduction)


__all__ = ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "nll_loss",
           "cross_entropy", "binary_cross_entropy", "binary_cross_entropy_with_logits"]

from .functional_losses_more import *  # noqa: E402,F401,F403
from .functional_losses_more import __all__ as _more_names  # noqa: E402

__all__ += _more_names
