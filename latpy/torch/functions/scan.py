"""Scans along a dim: cumprod and logcumsumexp (cumsum lives in :mod:`reduce`).

Their backwards are reverse scans of the incoming gradient, written with
operators, :mod:`dual` functions and the scans themselves, so they run on
arrays and (with ``create_graph=True``) on Tensors.
"""

from __future__ import annotations

import math

from ...core import manipulation as M, reductions as R
from ...core.creation import asarray
from ..function import Op
from . import dual as D
from .reduce import _cumsum, _flip


def _reverse_cumsum(x, dim):
    """``out[k] = sum(x[k:])`` along `dim`."""
    return _flip(_cumsum(_flip(x, dim), dim), dim)


class Cumprod(Op):
    """y_k = x_0 x_1 ... x_k;  dx_k = sum_{j>=k} dy_j y_j / x_k  (zeros: see cumprod_grad)"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        y = R.cumprod(x, axis=dim)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        return cumprod_grad(x, y, grad_output, ctx.dim)


def _cumprod(x, dim):
    return Cumprod.apply(x, dim) if type(x) is not type(D.raw(x)) else R.cumprod(x, axis=dim)


def cumprod_grad(x, y, grad_output, dim):
    """The gradient of ``y = cumprod(x)`` without dividing by zero.

    Before a lane's first zero, ``y_j / x_k`` is exact. At the first zero z the
    gradient is ``sum_{j>=z} dy_j * cumprod(x with x_z := 1)_j``; after it, 0.
    """
    raw = D.raw(x)
    zero = raw == 0
    if not zero.any():
        return _reverse_cumsum(grad_output * y, dim) / x
    seen = R.cumsum(zero, axis=dim)  # zeros up to and including each position
    before = seen == 0
    first = zero & (seen == 1)
    part_before = _reverse_cumsum(grad_output * y, dim) / D.where(before, x, 1.0)
    y_skip = _cumprod(D.where(first, 1.0, x), dim)
    part_first = _reverse_cumsum(grad_output * y_skip, dim)
    return D.where(before, part_before, D.where(first, part_first, 0.0))


def _logaddexp_scan(lane: list) -> list:
    out, acc = [], -math.inf
    for v in lane:
        if acc == -math.inf or v == acc:
            acc = v if acc == -math.inf else acc + math.log(2.0)
        elif v == -math.inf:
            pass
        else:
            hi, lo = (acc, v) if acc > v else (v, acc)
            acc = hi + math.log1p(math.exp(lo - hi)) if hi != math.inf else hi
        out.append(acc)
    return out


def logcumsumexp_array(x, dim):
    """``log(cumsum(exp(x)))`` along `dim`, one stable running logaddexp per lane."""
    moved = M.moveaxis(x, dim, -1)
    shape = tuple(moved.shape)
    n = shape[-1] if shape else 1
    flat = moved.reshape(-1).tolist()
    out = []
    for start in range(0, len(flat), n or 1):
        out.extend(_logaddexp_scan(flat[start:start + n]))
    return M.moveaxis(asarray(out, dtype=x.dtype).reshape(shape), -1, dim).copy()


class LogCumSumExp(Op):
    """y_k = log sum_{i<=k} exp(x_i);  dx_k = sum_{j>=k} dy_j exp(x_k - y_j)
    (positive and negative parts of dy each summed as a reverse logcumsumexp)"""

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        y = logcumsumexp_array(x, dim)
        ctx.save_for_backward(x, y)
        return y

    @staticmethod
    def backward(ctx, grad_output):
        x, y = ctx.saved_tensors
        dim = ctx.dim
        raw = D.raw(grad_output)
        total = None
        for part, sign in ((raw > 0, 1.0), (raw < 0, -1.0)):
            if not part.any():
                continue
            log_g = D.where(part, D.log(D.where(part, grad_output * sign, 1.0)), -math.inf)
            term = D.exp(x + _flip(_logcumsumexp(_flip(log_g - y, dim), dim), dim)) * sign
            total = term if total is None else total + term
        return total if total is not None else grad_output * 0.0


def _logcumsumexp(x, dim):
    if type(x) is not type(D.raw(x)):
        return LogCumSumExp.apply(x, dim)
    return logcumsumexp_array(x, dim)
