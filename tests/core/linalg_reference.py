"""Helpers for the linalg tests: random arrays in random memory layouts, and a
brute-force einsum (one loop over every label assignment) as the reference
that matmul, dot, inner, tensordot and einsum are all checked against."""

import itertools
import math

from latpy.core.dtypes import BOOL, F64, I64
from latpy.core.ndarray import NDArray, _make, _view
from latpy.core.shape import prod

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def random_values(rng, n, kind="float"):
    if kind == "float":
        return [rng.uniform(-2.0, 2.0) for _ in range(n)]
    if kind == "int":
        return [rng.randint(-5, 5) for _ in range(n)]
    return [rng.random() < 0.5 for _ in range(n)]


def random_shape(rng, ndim, max_dim=4, zero=True):
    """A shape whose dims are mostly 1..max_dim, sometimes 0 (if `zero`)."""
    low = 0 if zero and rng.random() < 0.15 else 1
    return tuple(rng.randint(low, max_dim) for _ in range(ndim))


def strided_array(rng, values, shape, kind="float", layout=None):
    """An NDArray holding C-order `values` for `shape`, stored in a random layout.

    layout 'c' is a fresh contiguous array; 'strided' is a view into a larger
    storage list with the axes in a random memory order, random steps (1 or 2)
    and random directions, the gaps filled with junk that must never be read.
    """
    dt = {"float": F64, "int": I64, "bool": BOOL}[kind]
    layout = layout or rng.choice(["c", "strided", "strided"])
    if layout == "c" or not shape:
        return _make(list(values), tuple(shape), dt)
    nd = len(shape)
    order = list(range(nd))
    rng.shuffle(order)  # order[-1] is the fastest-varying axis in memory
    steps = [rng.choice([1, 2]) for _ in range(nd)]
    signs = [rng.choice([1, -1]) for _ in range(nd)]
    strides = [0] * nd
    acc = 1
    for ax in reversed(order):
        strides[ax] = acc * steps[ax]
        acc *= max(shape[ax], 1) * steps[ax]
    offset = 0
    for ax in range(nd):
        if signs[ax] < 0:
            offset += (shape[ax] - 1) * strides[ax] if shape[ax] else 0
            strides[ax] = -strides[ax]
    junk = {F64: 1e300, I64: 10 ** 30, BOOL: True}[dt]
    storage = [junk] * max(acc, 1)
    for flat, idx in enumerate(itertools.product(*[range(d) for d in shape])):
        storage[offset + sum(i * s for i, s in zip(idx, strides))] = values[flat]
    base = _make(storage, (len(storage),), dt)
    return _view(base, tuple(shape), tuple(strides), offset)


def random_array(rng, shape, kind="float", layout=None):
    """(NDArray, C-order values) for a random array of `shape`."""
    values = random_values(rng, prod(shape), kind)
    return strided_array(rng, values, shape, kind, layout), values


def brute_einsum(spec, operands):
    """Explicit-output einsum by looping over every assignment of the labels.

    `operands` are (C-order values, shape) pairs. A label may repeat within an
    operand (diagonal); a size-1 dimension broadcasts. Returns (values, shape).
    """
    inputs, output = spec.split("->")
    terms = inputs.split(",")
    sizes = {}
    for term, (_, shape) in zip(terms, operands):
        assert len(term) == len(shape), (term, shape)
        for label, d in zip(term, shape):
            if d != 1 or label not in sizes:
                sizes[label] = d
    labels = sorted(sizes)
    out_shape = tuple(sizes[label] for label in output)
    result = [0] * prod(out_shape)
    out_strides = _c_strides(out_shape)
    op_strides = [_c_strides(shape) for _, shape in operands]
    for assignment in itertools.product(*[range(sizes[label]) for label in labels]):
        where = dict(zip(labels, assignment))
        product = 1
        for term, (values, shape), strides in zip(terms, operands, op_strides):
            pos = sum((where[label] if d != 1 else 0) * s
                      for label, d, s in zip(term, shape, strides))
            product = product * values[pos]
        result[sum(where[label] * s for label, s in zip(output, out_strides))] += product
    return result, out_shape


def _c_strides(shape):
    strides, acc = [], 1
    for d in reversed(shape):
        strides.append(acc)
        acc *= d
    return tuple(reversed(strides))


def values_of(x):
    """(C-order values, shape, dtype name) of an NDArray or NumPy-style scalar."""
    if isinstance(x, NDArray):
        flat = x.flatten().tolist()
        return flat, x.shape, str(x.dtype)
    kind = "bool" if isinstance(x, bool) else "int64" if isinstance(x, int) else "float64"
    return [x], (), kind


def assert_matches(test, got, want_values, want_shape, want_dtype, rtol=1e-12, atol=1e-12):
    """`got` has the shape, dtype and (close) values wanted."""
    values, shape, dtype = values_of(got)
    test.assertEqual(tuple(shape), tuple(want_shape))
    test.assertEqual(dtype, want_dtype)
    test.assertEqual(len(values), len(want_values))
    for v, w in zip(values, want_values):
        if want_dtype == "float64":
            test.assertIsInstance(v, float)
            test.assertTrue(math.isclose(v, w, rel_tol=rtol, abs_tol=atol), (v, w))
        elif want_dtype == "bool":
            test.assertIs(v, bool(w))
        else:
            test.assertTrue(isinstance(v, int) and not isinstance(v, bool), v)
            test.assertEqual(v, w)
