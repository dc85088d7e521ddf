"""More elementwise maths and a few conveniences: hyperbolic and inverse trig
functions, ``atan2``, ``hypot``, ``fmod``/``remainder``, ``xlogy``, ``median``,
``select``, ``index_fill``, ``bernoulli``/``multinomial``.

The transcendental functions are primitives (a composed ``sinh = (e^x - e^-x)/2``
loses all precision near 0): their ``Op`` classes, each derivative three lines
below its forward, live in :mod:`latpy.torch.functions.more_math` and are
re-exported here; this module holds the Tensor-level functions. The rest is
composed.
"""

from __future__ import annotations

import math as _math

from ..core import ufuncs as U
from ..core.creation import zeros as _zeros
from .functions import elementwise as E, reduce as R
from .functions.more_math import (  # noqa: F401  (the primitives, also importable from here)
    Acos, Acosh, Asin, Asinh, Atan, Atan2, Atanh, Cosh, Fmod, Hypot, Remainder, Sinh, Xlogy,
    ZeroDerivative2)
from .ops import _ValuesIndices, _operand, _t, trunc, where
from .tensor import Tensor, _dim

_wrap = Tensor._wrap


def rounded_div(a, other, fn):
    """``fn(a, other)`` (floor/trunc division) linked to the graph with zero derivatives."""
    return ZeroDerivative2.apply(a, _operand(other), fn)


# ------------------------------------------------------------------ free functions
def _unary(op, name, summary, value):
    def fn(input):
        x = _t(input)
        return op.apply(x if x.dtype.is_floating_point else x.type("float64"))
    math_name = {"asin": "asin", "acos": "acos", "atan": "atan"}.get(name, name)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"""{summary}

    >>> import latpy.torch as torch
    >>> print(f"{{torch.{name}(torch.tensor([{value}])).item():.6f}}")
    {getattr(_math, math_name)(value):.6f}
    """
    return fn


sinh = _unary(Sinh, "sinh", "Hyperbolic sine, elementwise (d/dx = cosh).", 0.5)
cosh = _unary(Cosh, "cosh", "Hyperbolic cosine, elementwise (d/dx = sinh).", 0.5)
asin = _unary(Asin, "asin", "Inverse sine, elementwise (nan outside [-1, 1]).", 0.5)
acos = _unary(Acos, "acos", "Inverse cosine, elementwise (nan outside [-1, 1]).", 0.5)
atan = _unary(Atan, "atan", "Inverse tangent, elementwise.", 0.5)
asinh = _unary(Asinh, "asinh", "Inverse hyperbolic sine, elementwise.", 0.5)
acosh = _unary(Acosh, "acosh", "Inverse hyperbolic cosine, elementwise (x >= 1).", 1.5)
atanh = _unary(Atanh, "atanh", "Inverse hyperbolic tangent, elementwise (|x| < 1).", 0.5)
arcsin, arccos, arctan, arcsinh, arccosh, arctanh = asin, acos, atan, asinh, acosh, atanh


def _binary_float(op, input, other):
    a = _t(input) if not isinstance(input, (int, float)) or isinstance(other, (int, float)) \
        else input
    b = _operand(other)
    if isinstance(a, Tensor) and not a.dtype.is_floating_point:
        a = a.type("float64")
    if isinstance(b, Tensor) and not b.dtype.is_floating_point:
        b = b.type("float64")
    if not isinstance(a, Tensor):
        a = _t(float(a))
    return op.apply(a, float(b) if isinstance(b, int) and not isinstance(b, bool) else b)


def atan2(input, other):
    """The angle of the point (other, input): ``atan(input / other)`` in the right quadrant.

    >>> import latpy.torch as torch
    >>> torch.atan2(torch.tensor([1.0, 1.0]), torch.tensor([1.0, -1.0])).tolist()
    [0.7853981633974483, 2.356194490192345]
    """
    return _binary_float(Atan2, input, other)


arctan2 = atan2


def hypot(input, other):
    """sqrt(input**2 + other**2), without overflow.

    >>> import latpy.torch as torch
    >>> torch.hypot(torch.tensor([3.0]), torch.tensor([4.0])).tolist()
    [5.0]
    """
    return _binary_float(Hypot, input, other)


def _mod_like(op, name, input, other, array_fn):
    a, b = _t(input), _operand(other)
    if a.dtype.is_floating_point or (isinstance(b, Tensor) and b.dtype.is_floating_point) \
            or isinstance(b, float):
        return _binary_float(op, a, b)
    bd = b.data if isinstance(b, Tensor) else b
    if (bd == 0).any() if isinstance(b, Tensor) else bd == 0:
        raise RuntimeError(f"ZeroDivisionError in {name} of integer tensors")
    return _wrap(array_fn(a.data, bd))


def fmod(input, other):
    """The remainder of division with the sign of `input` (C's fmod).

    >>> import latpy.torch as torch
    >>> torch.fmod(torch.tensor([-3.0, 3.0]), 2).tolist()
    [-1.0, 1.0]
    """
    return _mod_like(Fmod, "fmod", input, other, U.fmod)


def remainder(input, other):
    """The remainder of division with the sign of `other` (Python's ``%``).

    >>> import latpy.torch as torch
    >>> torch.remainder(torch.tensor([-3.0, 3.0]), 2).tolist()
    [1.0, 1.0]
    """
    return _mod_like(Remainder, "remainder", input, other, U.remainder)


def xlogy(input, other):
    """input * log(other), and 0 where input is 0 (unless other is nan).

    >>> import latpy.torch as torch
    >>> torch.xlogy(torch.tensor([0.0, 2.0]), torch.tensor([0.0, 1.0])).tolist()
    [0.0, 0.0]
    """
    a = _t(input) if not isinstance(input, (int, float)) else _t(float(input))
    return _binary_float(Xlogy, a, other)


def frac(input):
    """The fractional part, ``input - trunc(input)`` (gradient 1).

    >>> import latpy.torch as torch
    >>> torch.frac(torch.tensor([1.5, -2.25])).tolist()
    [0.5, -0.25]
    """
    x = _t(input)
    if not x.dtype.is_floating_point:
        raise RuntimeError(f"\"frac_cpu\" not implemented for '{str(x.dtype)[6:].title()}'")
    return x - trunc(x)


def exp2(input):
    """2 ** input, elementwise.

    >>> import latpy.torch as torch
    >>> torch.exp2(torch.tensor([3.0, -1.0])).tolist()
    [8.0, 0.5]
    """
    x = _t(input)
    return E.Pow.apply(_t(2.0), x if x.dtype.is_floating_point else x.type("float64"))


def select(input, dim, index):
    """The slice at `index` along `dim` (that dimension removed); a view.

    >>> import latpy.torch as torch
    >>> torch.select(torch.tensor([[1, 2], [3, 4]]), 1, 0).tolist()
    [1, 3]
    """
    x = _t(input)
    if x.ndim == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _dim(dim, x.ndim)
    n = x.shape[d]
    if not -n <= index < n:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(x.shape)} at dimension {d}")
    return x[(slice(None),) * d + (int(index),)]


def _lower_median_index(lane):
    """Index of the lower median of a list of floats (the first nan if there is one)."""
    for i, v in enumerate(lane):
        if v != v:
            return i
    order = sorted(range(len(lane)), key=lane.__getitem__)
    return order[(len(lane) - 1) // 2]


def median(input, dim=None, keepdim=False):
    """The lower median: of all elements (gradient shared by ties), or
    ``(values, indices)`` along `dim`. NaN propagates.

    >>> import latpy.torch as torch
    >>> torch.median(torch.tensor([4.0, 1.0, 3.0, 2.0])).item()
    2.0
    >>> v, i = torch.median(torch.tensor([[1.0, 5.0, 3.0], [9.0, 7.0, 8.0]]), dim=1)
    >>> v.tolist(), i.tolist()
    ([3.0, 8.0], [2, 2])
    """
    x = _t(input)
    if dim is None:
        flat = x.reshape(-1)
        if flat.numel() == 0:
            return _wrap(_zeros((), dtype=x.data.dtype) + float("nan"))
        lane = flat.data.tolist()
        value = lane[_lower_median_index(lane)]
        if value != value:
            return flat[_lower_median_index(lane)]
        if not x.dtype.is_floating_point:
            return _wrap(flat.data[_lower_median_index(lane)])
        picked = x.data == value
        return R.Amax.apply(where(_wrap(picked), x, float("-inf")), None, False)
    from ..core.manipulation import moveaxis
    xs = x if x.ndim else x.reshape(1)
    d = _dim(dim, x.ndim)
    if xs.shape[d] == 0:
        raise IndexError(f"median(): Expected reduction dim {d} to have non-zero size.")
    moved = moveaxis(xs.data, d, -1)
    n = moved.shape[-1]
    values = moved.reshape(-1).tolist()
    index = [_lower_median_index(values[i:i + n]) for i in range(0, len(values), n)]
    from ..core.creation import asarray
    index = asarray(index, dtype=int).reshape(tuple(moved.shape[:-1]))
    if x.dtype.is_floating_point:
        out = R.SelectAlong.apply(xs, index, d, keepdim)
    else:
        from ..core.indexing import take_along_axis
        keep = tuple(1 if i == d else s for i, s in enumerate(xs.shape))
        out = _wrap(take_along_axis(xs.data, index.reshape(keep), d))
        out = out if keepdim else out.reshape(tuple(index.shape))
    idx = _wrap(index)
    if keepdim:
        idx = idx.unsqueeze(d)
    if not x.ndim:
        out, idx = out.reshape(()), idx.reshape(())
    return _ValuesIndices(out, idx)


def index_fill(input, dim, index, value):
    """A copy of `input` with `value` at the positions `index` along `dim`.

    >>> import latpy.torch as torch
    >>> torch.index_fill(torch.zeros(2, 3), 1, torch.tensor([0, 2]), 1.0).tolist()
    [[1.0, 0.0, 1.0], [1.0, 0.0, 1.0]]
    """
    from .functions import indexing as I
    from .more_ops import masked_fill
    x = _t(input)
    idx = I.index_array(index, "index_fill")
    if idx.ndim > 1:
        raise IndexError("index_fill_(): Index is supposed to be a vector")
    idx = idx.reshape(-1)
    d = _dim(dim, x.ndim)
    n = x.shape[d] if x.ndim else 1
    try:
        I.check_bounds(idx, n, d)
    except RuntimeError as e:  # PyTorch raises IndexError here
        raise IndexError(str(e)) from None
    mask = _zeros((n,), dtype=bool)
    mask[idx] = True
    if x.ndim:
        mask = mask.reshape(tuple(n if i == d else 1 for i in range(x.ndim)))
    else:
        mask = mask.reshape(())
    return masked_fill(x, _wrap(mask), value)


def bernoulli(input, p=None, *, generator=None):
    """0/1 draws: 1 with probability `input` (or `p`) elementwise; zero gradient.

    >>> import latpy.torch as torch
    >>> torch.bernoulli(torch.tensor([0.0, 1.0])).tolist()
    [0.0, 1.0]
    """
    from .creation import _gen
    x = _t(input)
    probs = x.data if p is None else (p.data if isinstance(p, Tensor) else p)

    def draw(shape_like):
        u = _gen(generator).uniform(0.0, 1.0, size=tuple(x.shape))
        out = (u < probs) * 1.0
        return out if x.dtype.is_floating_point else out.astype(x.data.dtype)
    if x.dtype.is_floating_point:
        return E.ZeroDerivative.apply(x, draw)
    return _wrap(draw(None))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Indices drawn from the categories weighted by each row of `input` (1-D or 2-D).

    >>> import latpy.torch as torch
    >>> torch.multinomial(torch.tensor([0.0, 0.0, 5.0]), 2, replacement=True).tolist()
    [2, 2]
    """
    from .creation import _gen
    x = _t(input)
    if x.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    rows = [x.data.tolist()] if x.ndim == 1 else x.data.tolist()
    n = x.shape[-1]
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > n:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    rng = _gen(generator)
    out = []
    for row in rows:
        if any(not (w >= 0) or w == float("inf") for w in row):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element "
                               "< 0")
        weights = [float(w) for w in row]
        if sum(weights) <= 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        picks = []
        for _ in range(num_samples):
            if sum(weights) <= 0:  # without replacement, zero weights come last (as PyTorch)
                left = [j for j in range(n) if j not in picks]
                picks.append(left[int(rng.uniform(0.0, 1.0, size=()).item() * len(left))])
                continue
            u = rng.uniform(0.0, 1.0, size=()).item() * sum(weights)
            total, k = 0.0, -1
            for j, w in enumerate(weights):
                total += w
                if w > 0:
                    k = j
                if u < total and w > 0:
                    break
            picks.append(k)
            if not replacement:
                weights[k] = 0.0
        out.append(picks)
    from ..core.creation import asarray
    result = asarray(out, dtype=int)
    return _wrap(result.reshape(num_samples) if x.ndim == 1 else result)


def type_as(input, other):
    """`input` converted to `other`'s dtype.

    >>> import latpy.torch as torch
    >>> torch.tensor([1, 2]).type_as(torch.tensor([0.5])).dtype
    torch.float64
    """
    return _t(input).type(_t(other).dtype)


def randint_like(input, low=0, high=None, *, dtype=None, generator=None,
                 requires_grad=False, device=None, **kwargs):
    """Random integers in [low, high) with `input`'s shape (and dtype unless given);
    ``randint_like(x, high)`` also works.

    >>> import latpy.torch as torch
    >>> t = torch.randint_like(torch.zeros(2, 3), 5); t.shape, bool((t < 5).all())
    (torch.Size([2, 3]), True)
    """
    from .creation import randint
    if high is None:
        low, high = 0, low
    x = _t(input)
    return randint(low, high, tuple(x.shape), generator=generator, dtype=dtype or x.dtype,
                   requires_grad=requires_grad, device=device)


__all__ = ["sinh", "cosh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "arcsin",
           "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "atan2", "arctan2", "hypot",
           "fmod", "remainder", "xlogy", "frac", "exp2", "select", "median", "index_fill",
           "bernoulli", "multinomial", "randint_like"]
