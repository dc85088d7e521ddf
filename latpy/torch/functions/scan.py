"""Scans along a dim: cumprod and logcumsumexp (cumsum lives in :mod:`reduce`).

Their backwards are reverse scans of the incoming gradient, written with
operators, :mod:`dual` functions and the scans themselves, so they run on
arrays and (with ``create_graph=True``) on Tensors.
"""

from __future__ import annotations

import math

from ...core import manipulation as M, reductions as R
from ...core.creation import asarray, eye, ones
from ...core.manipulation import triu
from ..function import Op
from . import dual as D
from .reduce import _cumsum, _flip


def _reverse_cumsum(x, dim):
    """``out[k] = sum(x[k:])`` along `dim`."""
    return _flip(_cumsum(_flip(x, dim), dim), dim)


class Cumprod(Op):
    """y_k = x_0 x_1 ... x_k;  dx_k = sum_{j>=k} dy_j y_j / x_k  (with zeros: the products
    of the other elements, see cumprod_grad)"""

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
    """The gradient of ``y = cumprod(x)``: ``dx_k = sum_{j>=k} dy_j prod_{i<=j, i!=k} x_i``.

    Without zeros that is ``reverse_cumsum(dy * y) / x``. With a zero in a lane
    the quotient is 0/0, so the products of the *other* elements are built
    directly: an (n, n) matrix per lane whose row k is x with x_k replaced by 1,
    cumulatively multiplied. O(n^2), but exact to every order of derivative.
    """
    if not (D.raw(x) == 0).any():
        return _reverse_cumsum(grad_output * y, dim) / x
    nd = len(x.shape)
    to_last = [d for d in range(nd) if d != dim] + [dim]
    back = [to_last.index(d) for d in range(nd)]
    lane = D.permute(x, to_last)
    shape = tuple(lane.shape)
    n = shape[-1]
    diagonal = eye(n, dtype=bool)
    rows = D.where(diagonal, 1.0, D.reshape(lane, shape[:-1] + (1, n)))  # row k: x_k := 1
    others = _cumprod(rows, nd)  # others[..., k, j] = prod_{i<=j, i!=k} x_i
    g = D.reshape(D.permute(grad_output, to_last), shape[:-1] + (1, n))
    upper = triu(ones((n, n), dtype=bool))  # only j >= k
    grad = D.sum(D.where(upper, g * others, 0.0), axis=nd)
    return D.permute(grad, back)


def _logaddexp_scan(lane: list) -> list:
    """Running ``log(exp(acc) + exp(v))``, shifted by the larger of the two (no overflow)."""
    out, acc = [], -math.inf
    for v in lane:
        if acc == -math.inf:
            acc = v
        elif v == acc:  # equal (inf included: no inf - inf below)
            acc = acc + math.log(2.0)
        elif v != -math.inf:
            hi, lo = (acc, v) if acc > v else (v, acc)
            acc = hi if hi == math.inf else hi + math.log1p(math.exp(lo - hi))
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
        empty = D.raw(y) == -math.inf  # y_j = -inf: every x_i (i <= j) is -inf, term is 0
        total = D.zeros_like(grad_output)  # not grad_output * 0: inf * 0 is nan
        for part, sign in ((raw > 0, 1.0), (raw < 0, -1.0)):
            if not part.any():
                continue
            log_g = D.where(part, D.log(D.where(part, grad_output * sign, 1.0)), -math.inf)
            # -inf, not -inf - (-inf) = nan: a nan here would poison the second derivative
            shifted = D.where(part & ~empty, log_g - y, -math.inf)
            term = D.exp(x + _flip(_logcumsumexp(_flip(shifted, dim), dim), dim))
            total = total + term * sign
        nan = raw != raw
        if nan.any():  # a nan gradient reaches every earlier position, as in PyTorch
            total = total + _reverse_cumsum(D.where(nan, grad_output, 0.0), dim)
        return total


def _logcumsumexp(x, dim):
    if type(x) is not type(D.raw(x)):
        return LogCumSumExp.apply(x, dim)
    return logcumsumexp_array(x, dim)
