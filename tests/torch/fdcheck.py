"""Shared helpers for the more_ops tests: random tensors and finite-difference checks.

``check_grads`` compares first derivatives with central differences and, with
``second=True``, second derivatives (``create_graph=True``) with central
differences of the first. It is local on purpose: the tests do not depend on
``torch.autograd.gradcheck``.
"""

from __future__ import annotations

import math

import latpy as lp
import latpy.torch as torch

EPS = 1e-6


def tensor(values, shape, grad=False):
    t = torch.tensor(lp.array([float(v) for v in values]).reshape(shape))
    return t.requires_grad_() if grad else t


def rand(rng, shape, lo=-2.0, hi=2.0, grad=True, avoid=()):
    n = math.prod(shape)
    values = []
    for _ in range(n):
        v = rng.uniform(lo, hi)
        while any(abs(v - a) < 0.02 for a in avoid):  # keep away from kinks
            v = rng.uniform(lo, hi)
        values.append(v)
    return tensor(values, shape, grad)


def rand_shape(rng, min_ndim=0, max_ndim=3, max_size=3):
    return tuple(rng.randint(1, max_size) for _ in range(rng.randint(min_ndim, max_ndim)))


def index_tensor(rows, shape):
    return torch.tensor(lp.array(rows, dtype=int).reshape(shape))


def numeric_grads(f, inputs):
    """Central differences of the scalar f(*inputs) for every element of every input."""
    grads = []
    for k, t in enumerate(inputs):
        base, shape = t.data.reshape(-1).tolist(), tuple(t.shape)
        g = []
        for j in range(len(base)):
            sides = []
            for step in (EPS, -EPS):
                values = list(base)
                values[j] += step
                args = list(inputs)
                args[k] = tensor(values, shape)
                sides.append(f(*args).item())
            g.append((sides[0] - sides[1]) / (2 * EPS))
        grads.append(g)
    return grads


def _close(tc, got, want, tol, what):
    for a, b in zip(got, want):
        tc.assertLessEqual(abs(a - b), tol * (1 + abs(b)), f"{what}: {got} vs {want}")


def check_grads(tc, fn, inputs, rng, second=False, tol=1e-5):
    """Gradients of ``sum(w * y + y * y / 2)``, y = fn(*inputs), vs finite differences;
    with `second`, also the gradient of ``<grad, v>`` (create_graph) vs differences."""
    w = rand(rng, tuple(fn(*inputs).shape), grad=False)

    def loss(*args):
        y = fn(*args)
        return (y * w + y * y * 0.5).sum()

    analytic = torch.autograd.grad(loss(*inputs), inputs, allow_unused=True)
    for t, g, n in zip(inputs, analytic, numeric_grads(loss, inputs)):
        got = [0.0] * t.numel() if g is None else g.data.reshape(-1).tolist()
        _close(tc, got, n, tol, "first derivative")
    if not second:
        return
    v = [rand(rng, tuple(t.shape), grad=False) for t in inputs]

    def directional(*args):
        args = [a.detach().requires_grad_() for a in args]
        gs = torch.autograd.grad(loss(*args), args, allow_unused=True)
        return sum((g * vv).sum() for g, vv in zip(gs, v) if g is not None)

    gs = torch.autograd.grad(loss(*inputs), inputs, create_graph=True, allow_unused=True)
    total = sum((g * vv).sum() for g, vv in zip(gs, v) if g is not None)
    analytic2 = torch.autograd.grad(total, inputs, allow_unused=True)
    for t, g, n in zip(inputs, analytic2, numeric_grads(directional, inputs)):
        got = [0.0] * t.numel() if g is None else g.data.reshape(-1).tolist()
        _close(tc, got, n, 1e-4, "second derivative")


def flat(t):
    return t.data.reshape(-1).tolist() if hasattr(t, "data") else t.reshape(-1).tolist()


def lanes(t, dim):
    """The 1-D lanes of `t` along `dim`, as lists, in the order of the other dims."""
    moved = lp.moveaxis(t.data, dim, -1)
    n = moved.shape[-1]
    values = moved.reshape(-1).tolist()
    return [values[i:i + n] for i in range(0, len(values), n)]
