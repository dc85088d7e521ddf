"""``latpy.selftest()``: gradient-check every primitive op on seeded random shapes.

Each case builds random float64 inputs, checks first derivatives against finite
differences (``gradcheck``) and, for twice-differentiable ops, second
derivatives (``gradgradcheck``). The graph each case builds is walked to record
which primitive ``Op`` classes were exercised, so the report also names any
primitive that no case covers.
"""

from __future__ import annotations

import inspect
import random
import sys
import time

from . import creation, ops, shape_ops
from .function import Op
from .tensor import Tensor


def _rand(rng, shape, low=-1.0, high=1.0, away_from=None):
    n = 1
    for d in shape:
        n *= d
    values = []
    while len(values) < n:
        v = rng.uniform(low, high)
        if away_from is None or all(abs(v - a) > 0.05 for a in away_from):
            values.append(v)
    return creation.tensor(values, dtype="float64").reshape(shape).requires_grad_()


def _shape(rng, ndim=None):
    ndim = rng.randint(0, 3) if ndim is None else ndim
    return tuple(rng.randint(1, 3) for _ in range(ndim))


def _cases(rng):
    """(name, function, inputs, twice_differentiable)."""
    s = _shape(rng, 2)
    b = (1,) + s[1:]
    m, k, n = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
    pos = dict(low=0.2, high=2.0)
    yield "add (broadcast)", lambda x, y: x + y, [_rand(rng, s), _rand(rng, b)], True
    yield "sub", lambda x, y: x - y, [_rand(rng, s), _rand(rng, s)], True
    yield "mul (broadcast)", lambda x, y: x * y, [_rand(rng, s), _rand(rng, b)], True
    yield "div", lambda x, y: x / y, [_rand(rng, s), _rand(rng, s, **pos)], True
    yield "neg", lambda x: -x, [_rand(rng, s)], True
    yield "pow (tensor exponent)", lambda x, y: x ** y, [_rand(rng, s, **pos), _rand(rng, s)], True
    yield "pow (scalar exponent)", lambda x: x ** 3.0, [_rand(rng, s)], True
    for name in ("exp", "sin", "cos", "tanh", "sigmoid", "erf", "expm1"):
        yield name, getattr(ops, name), [_rand(rng, s)], True
    for name in ("log", "sqrt", "log1p"):
        yield name, getattr(ops, name), [_rand(rng, s, **pos)], True
    yield "tan", ops.tan, [_rand(rng, s, -1.0, 1.0)], True
    yield "abs", ops.abs, [_rand(rng, s, away_from=(0.0,))], True
    yield "relu", ops.relu, [_rand(rng, s, away_from=(0.0,))], True
    yield "maximum", ops.maximum, [_rand(rng, s), _rand(rng, s)], True
    yield "minimum", ops.minimum, [_rand(rng, s), _rand(rng, s)], True
    yield "clamp", lambda x: ops.clamp(x, -0.5, 0.5), \
        [_rand(rng, s, away_from=(-0.5, 0.5))], True
    yield "where", lambda x, y: ops.where(x.detach() > 0, x, y), [_rand(rng, s), _rand(rng, s)], True
    yield "sum (dim)", lambda x: ops.sum(x, dim=-1, keepdim=True), [_rand(rng, s)], True
    yield "mean", lambda x: ops.mean(x, dim=0), [_rand(rng, s)], True
    yield "prod", lambda x: ops.prod(x, dim=1), [_rand(rng, s, 0.5, 1.5)], True
    yield "amax", lambda x: ops.amax(x, dim=1), [_rand(rng, s)], True
    yield "amin", lambda x: ops.amin(x, dim=0), [_rand(rng, s)], True
    yield "max(dim)", lambda x: ops.max(x, dim=1).values, [_rand(rng, s)], True
    yield "var/std", lambda x: ops.std(x, dim=1) + ops.var(x), [_rand(rng, (2, 3))], True
    yield "logsumexp", lambda x: ops.logsumexp(x, dim=1), [_rand(rng, s)], True
    yield "softmax", lambda x: ops.softmax(x, dim=-1), [_rand(rng, s)], True
    yield "log_softmax", lambda x: ops.log_softmax(x, dim=0), [_rand(rng, s)], True
    yield "norm", lambda x: ops.norm(x), [_rand(rng, s, 0.3, 1.0)], True
    yield "cumsum", lambda x: ops.cumsum(x, dim=1), [_rand(rng, s)], True
    yield "matmul (2-D)", ops.matmul, [_rand(rng, (m, k)), _rand(rng, (k, n))], True
    yield "matmul (1-D, batched)", ops.matmul, [_rand(rng, (k,)), _rand(rng, (2, k, n))], True
    yield "reshape/permute", lambda x: x.reshape(-1).reshape(s[::-1]).permute(1, 0), \
        [_rand(rng, s)], True
    yield "expand", lambda x: x.expand(2, *x.shape), [_rand(rng, b)], True
    yield "flip/roll", lambda x: shape_ops.roll(shape_ops.flip(x, 0), 1, 1), [_rand(rng, s)], True
    yield "cat/stack", lambda x, y: shape_ops.stack([shape_ops.cat([x, y], 0), y.repeat(2, 1)]), \
        [_rand(rng, (1, 2)), _rand(rng, (1, 2))], True
    yield "getitem (basic+advanced)", lambda x: x[0] + x[[1, 1, 0]].sum(0), \
        [_rand(rng, (2, 3))], True
    yield "setitem", _setitem_case, [_rand(rng, (2, 3)), _rand(rng, (3,))], True
    yield "piecewise constant (floor, ceil, round, trunc, sign) + scale", \
        lambda x: x.floor() + x.ceil() + x.round() + x.trunc() + x.sign() + x * 2 + 3 * x, \
        [_rand(rng, s, away_from=(-1.0, -0.5, 0.0, 0.5, 1.0))], True
    yield "clone", lambda x: x.clone() * x, [_rand(rng, s)], True
    yield "add/sub with alpha (scale)", lambda x, y: ops.add(x, y, alpha=2.5) - \
        ops.sub(y, x, alpha=0.5), [_rand(rng, s), _rand(rng, s)], True
    for name, fn, inputs, twice in _extra_cases(rng, s):
        yield name, fn, inputs, twice


def _setitem_case(x, v):
    y = x * 1.0
    y[1] = v * 2.0
    return y


def _extra_cases(rng, s):
    """Cases for ops defined in optional modules (activations, indexing, conv, ...)."""
    import latpy.torch as torch
    F = torch.nn.functional
    idx = creation.tensor([[0, 1], [1, 0]])
    if hasattr(torch, "gather"):
        yield "gather", lambda x: torch.gather(x, 1, idx), [_rand(rng, (2, 3))], True
    if hasattr(torch, "cumprod"):
        yield "cumprod", lambda x: torch.cumprod(x, 0), [_rand(rng, (3, 2), 0.5, 1.5)], True
    for name in ("gelu", "silu", "softplus", "elu", "leaky_relu", "mish", "logsigmoid"):
        fn = getattr(F, name, None)
        if fn is not None:
            yield name, fn, [_rand(rng, s, away_from=(0.0,))], True
    if hasattr(F, "conv2d"):
        yield "conv2d", lambda x, w: F.conv2d(x, w, padding=1), \
            [_rand(rng, (1, 2, 3, 3)), _rand(rng, (2, 2, 2, 2))], True
    if hasattr(F, "max_pool2d"):
        yield "max_pool2d", lambda x: F.max_pool2d(x, 2), [_rand_distinct(rng, (1, 1, 4, 4))], True
    yield "diagonal/trace", lambda x: torch.diagonal(x, 1) * 2.0 + torch.trace(x), \
        [_rand(rng, (3, 3))], True
    yield "tril/triu", lambda x: torch.tril(x) * 2.0 + torch.triu(x, 1), [_rand(rng, (3, 3))], True
    yield "linear", F.linear, [_rand(rng, (2, 3)), _rand(rng, (4, 3)), _rand(rng, (4,))], True
    if hasattr(F, "rms_norm"):
        yield "rms_norm", lambda x: F.rms_norm(x, (x.shape[-1],), None, 1e-5), \
            [_rand(rng, (2, 3))], True
    if hasattr(torch, "logcumsumexp"):
        yield "logcumsumexp", lambda x: torch.logcumsumexp(x, 1), [_rand(rng, (2, 3))], True
    if hasattr(F, "fold"):
        yield "fold", lambda x: F.fold(x, (3, 3), 2), [_rand(rng, (1, 4, 4))], True
    if hasattr(torch, "einsum"):
        yield "einsum", lambda x, y: torch.einsum("ij,jk->ik", x, y), \
            [_rand(rng, (2, 3)), _rand(rng, (3, 2))], True
    # functions/more_math.py, on domains where each is smooth (and |x| < 1 stays
    # clear of asin/acos/atanh's poles, x > 1 of acosh's).
    for name in ("sinh", "cosh", "asin", "acos", "atan", "asinh", "atanh"):
        fn = getattr(torch, name, None)
        if fn is not None:
            yield name, fn, [_rand(rng, s, -0.8, 0.8)], True
    if hasattr(torch, "acosh"):
        yield "acosh", torch.acosh, [_rand(rng, s, 1.5, 3.0)], True
    if hasattr(torch, "atan2"):
        yield "atan2", torch.atan2, [_rand(rng, s), _rand(rng, s, 0.5, 1.5)], True
    if hasattr(torch, "hypot"):
        yield "hypot", torch.hypot, [_rand(rng, s, 0.5, 1.5), _rand(rng, s, -1.5, -0.5)], True
    # a / b kept inside (1, 2) resp. (-2, -1): trunc and floor are constant there.
    if hasattr(torch, "fmod"):
        yield "fmod", torch.fmod, [_rand(rng, s, 1.2, 1.8), _rand(rng, s, 0.95, 1.05)], True
    if hasattr(torch, "remainder"):
        yield "remainder", torch.remainder, \
            [_rand(rng, s, -1.8, -1.2), _rand(rng, s, 0.95, 1.05)], True
    if hasattr(torch, "xlogy"):
        yield "xlogy", torch.xlogy, [_rand(rng, s), _rand(rng, s, 0.5, 1.5)], True
    yield "div (rounding_mode='floor')", \
        lambda x, y: ops.div(x, y, rounding_mode="floor") * x, \
        [_rand(rng, s, 1.2, 1.8), _rand(rng, s, 0.95, 1.05)], True


def _rand_distinct(rng, shape):
    n = 1
    for d in shape:
        n *= d
    values = [i * 0.1 for i in range(n)]
    rng.shuffle(values)
    return creation.tensor(values).reshape(shape).requires_grad_()


def _node_types(outputs) -> set:
    seen, found = set(), set()
    stack = [o.grad_fn for o in outputs if isinstance(o, Tensor) and o.grad_fn is not None]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        found.add(type(node))
        stack.extend(i.grad_fn for i in node.inputs if i is not None and i.grad_fn is not None)
    return found


def _first_grads(outputs, inputs):
    """First derivatives with create_graph, seeded by grad_outputs that require grad,
    so the graph of the backward pass itself (its ops) is recorded."""
    from .engine import grad
    outs = [o for o in outputs if isinstance(o, Tensor) and o.requires_grad]
    if not outs:
        return ()
    seeds = [creation.ones_like(o).requires_grad_() for o in outs]
    return tuple(g for g in grad(outs, inputs, grad_outputs=seeds, create_graph=True,
                                 allow_unused=True) if g is not None)


# Primitives that are deliberately not gradient-checked: they carry no derivative.
_NOT_CHECKED = {"Cast", "NoDerivative"}


def _all_primitives() -> set:
    import importlib
    import pkgutil
    from . import functions
    found = set()
    modules = [importlib.import_module(f"{functions.__name__}.{m.name}")
               for m in pkgutil.iter_modules(functions.__path__)]
    for module in modules:
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, Op) and obj is not Op and \
                    obj.__module__ == module.__name__ and not getattr(obj, "_tensor_api", False):
                found.add(obj)
    return found


def selftest(seed=0, rounds=2, second_order=True, verbose=True, file=None):
    """Gradient-check every primitive op (first and second order) and report.

    Returns a dict with ``passed``, ``failed`` (names with messages) and
    ``uncovered`` (primitive Op classes no case exercised).

    >>> import latpy
    >>> report = latpy.selftest(rounds=1, verbose=False)
    >>> report["failed"]
    []
    """
    from .autograd import gradcheck, gradgradcheck
    out = file if file is not None else sys.stdout
    rng = random.Random(seed)
    passed, failed, covered = [], [], set()
    start = time.perf_counter()
    for r in range(rounds):
        for name, fn, inputs, twice in _cases(rng):
            label = f"{name} [round {r + 1}]"
            try:
                result = fn(*inputs)
                outputs = result if isinstance(result, tuple) else (result,)
                covered |= _node_types(outputs)
                if twice:  # the ops backward itself uses, as recorded by create_graph
                    covered |= _node_types(_first_grads(outputs, inputs))
                gradcheck(fn, inputs, eps=1e-6, atol=1e-6, rtol=1e-4)
                if second_order and twice:
                    gradgradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3)
                passed.append(label)
            except Exception as exc:  # report every failure, keep going
                failed.append(f"{label}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    uncovered = sorted(c.__name__ for c in _all_primitives() - covered
                       if c.__name__ not in _NOT_CHECKED)
    seconds = time.perf_counter() - start
    if verbose:
        print(f"latpy selftest: {len(passed)} passed, {len(failed)} failed "
              f"({'1st and 2nd order' if second_order else '1st order'}, seed {seed}, "
              f"{seconds:.1f} s)", file=out)
        for line in failed:
            print("  FAIL " + line, file=out)
        if uncovered:
            print("  primitives without a case: " + ", ".join(uncovered), file=out)
    return {"passed": passed, "failed": failed, "uncovered": uncovered}
