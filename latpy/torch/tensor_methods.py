"""Attach the Tensor API (operators and methods) to the Tensor class.

PyTorch exposes most functions both as ``torch.f(x, ...)`` and ``x.f(...)``;
here each method is the free function from ``ops``/``shape_ops`` bound to the
tensor, plus the operators and the in-place forms.
"""

from __future__ import annotations

from . import ops as O, shape_ops as SO
from .tensor import Tensor
from .function import check_inplace_views
from .functions import elementwise as E, linalg as L, shape as S

_wrap = Tensor._wrap


def _operand(x):
    return O._operand(x)


# ------------------------------------------------------------------ operators
def _radd(self, other):
    return E.Add.apply(_operand_t(other), self)


def _operand_t(x):
    return x if isinstance(x, (Tensor, float, int)) else Tensor(x)


def _binary_method(op, reflected=False):
    apply = op.apply
    if reflected:
        def method(self, other):
            o = _operand(other)
            if o is None:
                return NotImplemented
            return op.apply(o if isinstance(o, Tensor) else Tensor(o), self) \
                if not isinstance(o, (float, int)) else op.apply(Tensor._wrap_scalar(o), self)
    else:
        def method(self, other):
            if type(other) is Tensor or type(other) is float:
                return apply(self, other)
            o = _operand(other)
            if o is None:
                return NotImplemented
            return apply(self, o)
    return method


def _wrap_scalar(value):
    from ..core.creation import asarray
    return Tensor._wrap(asarray(float(value) if isinstance(value, float) else value))


Tensor._wrap_scalar = staticmethod(_wrap_scalar)

Tensor.__add__ = _binary_method(E.Add)
Tensor.__sub__ = _binary_method(E.Sub)
Tensor.__mul__ = _binary_method(E.Mul)
Tensor.__truediv__ = _binary_method(E.Div)
Tensor.__pow__ = _binary_method(E.Pow)
Tensor.__radd__ = lambda self, other: E.Add.apply(self, _operand(other)) \
    if _operand(other) is not None else NotImplemented
Tensor.__rmul__ = lambda self, other: E.Mul.apply(self, _operand(other)) \
    if _operand(other) is not None else NotImplemented
Tensor.__rsub__ = _binary_method(E.Sub, reflected=True)
Tensor.__rtruediv__ = _binary_method(E.Div, reflected=True)
Tensor.__rpow__ = _binary_method(E.Pow, reflected=True)


def _matmul(self, other):
    o = _operand(other)
    if o is None:
        return NotImplemented
    return O.matmul(self, o)


def _rmatmul(self, other):
    o = _operand(other)
    if o is None:
        return NotImplemented
    return O.matmul(o, self)


Tensor.__matmul__ = _matmul
Tensor.__rmatmul__ = _rmatmul
Tensor.__neg__ = lambda self: E.Neg.apply(self)
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = lambda self: E.Abs.apply(self)


def _floordiv(self, other):
    return O.div(self, other, rounding_mode="floor")


def _rfloordiv(self, other):
    return O.div(Tensor(other) if not isinstance(other, Tensor) else other, self,
                 rounding_mode="floor")


def _mod(self, other):
    """``self % other`` with Python's sign convention (differentiable, as remainder)."""
    from .extra_ops import remainder
    return remainder(self, other)


def _rmod(self, other):
    from .extra_ops import remainder
    return remainder(other, self)


Tensor.__floordiv__ = _floordiv
Tensor.__rfloordiv__ = _rfloordiv
Tensor.__mod__ = _mod
Tensor.__rmod__ = _rmod

Tensor.__eq__ = lambda self, other: O.eq(self, other)
Tensor.__ne__ = lambda self, other: O.ne(self, other)
Tensor.__lt__ = lambda self, other: O.lt(self, other)
Tensor.__le__ = lambda self, other: O.le(self, other)
Tensor.__gt__ = lambda self, other: O.gt(self, other)
Tensor.__ge__ = lambda self, other: O.ge(self, other)
Tensor.__hash__ = object.__hash__


def _bitwise(op):
    def method(self, other):
        b = other.data if isinstance(other, Tensor) else other
        return _wrap(op(self.data, b))
    return method


import operator as _op  # noqa: E402

Tensor.__and__ = Tensor.__rand__ = _bitwise(_op.and_)
Tensor.__or__ = Tensor.__ror__ = _bitwise(_op.or_)
Tensor.__xor__ = Tensor.__rxor__ = _bitwise(_op.xor)
Tensor.__invert__ = lambda self: _wrap(~self.data)
Tensor.__getitem__ = SO.getitem
Tensor.__setitem__ = SO.setitem


# ------------------------------------------------------------------ in-place
def _inplace(op_name):
    fn = getattr(O, op_name)

    def method(self, other, *args, **kwargs):
        from .grad_mode import is_grad_enabled
        other_t = other if isinstance(other, Tensor) else None
        if is_grad_enabled() and (self.requires_grad or (other_t is not None and
                                                         other_t.requires_grad)):
            if self.grad_fn is None and self.requires_grad:
                raise RuntimeError("a leaf Variable that requires grad is being used in an "
                                   "in-place operation.")
            check_inplace_views(self)
            alias = _detached_alias(self)
            # x.mul_(x): both operands are the value before the write (no cycle)
            result = fn(alias, alias if other is self else other, *args, **kwargs)
            self.data, self.grad_fn, self.requires_grad = result.data, result.grad_fn, True
            self._output_nr = 0
            return self
        b = other.data if isinstance(other, Tensor) else other
        result = fn(_wrap(self.data), b, *args, **kwargs).data
        if result.dtype is not self.data.dtype:
            if self.data.dtype.kind != "f" and result.dtype.kind == "f":
                raise RuntimeError(f"result type Float can't be cast to the desired output "
                                   f"type {str(self.dtype)[6:].title()}")
            result = result.astype(self.data.dtype)
        self.data[...] = result
        return self
    method.__name__ = op_name + "_"
    return method


def _detached_alias(t):
    """A tensor object standing for `t`'s current value and node (before an in-place op)."""
    old = _wrap(t.data)
    old.requires_grad, old.grad_fn, old._output_nr = t.requires_grad, t.grad_fn, t._output_nr
    return old


for _name in ("add", "sub", "mul", "div", "pow"):
    setattr(Tensor, _name + "_", _inplace(_name))
Tensor.__iadd__ = Tensor.add_
Tensor.__isub__ = Tensor.sub_
Tensor.__imul__ = Tensor.mul_
Tensor.__itruediv__ = Tensor.div_
Tensor.__ipow__ = Tensor.pow_
Tensor.subtract_ = Tensor.sub_
Tensor.multiply_ = Tensor.mul_
Tensor.divide_ = Tensor.div_


def _unary_inplace(name):
    fn = getattr(O, name)

    def method(self, *args, **kwargs):
        from .grad_mode import is_grad_enabled
        if is_grad_enabled() and self.requires_grad:
            if self.grad_fn is None:
                raise RuntimeError("a leaf Variable that requires grad is being used in an "
                                   "in-place operation.")
            check_inplace_views(self)
            result = fn(_detached_alias(self), *args, **kwargs)
            self.data, self.grad_fn = result.data, result.grad_fn
            return self
        self.data[...] = fn(_wrap(self.data), *args, **kwargs).data
        return self
    method.__name__ = name + "_"
    return method


for _name in ("exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "neg",
              "clamp", "floor", "ceil", "round", "trunc", "sign", "square", "reciprocal"):
    setattr(Tensor, _name + "_", _unary_inplace(_name))
Tensor.clip_ = Tensor.clamp_
Tensor.negative_ = Tensor.neg_


def _assign_result(self, result):
    from .grad_mode import is_grad_enabled
    if is_grad_enabled() and result.requires_grad:
        if self.grad_fn is None and self.requires_grad:
            raise RuntimeError("a leaf Variable that requires grad is being used in an "
                               "in-place operation.")
        check_inplace_views(self)
        self.data, self.grad_fn, self.requires_grad = result.data, result.grad_fn, True
    else:
        self.data[...] = result.data
    return self


Tensor._assign_result = _assign_result


# ------------------------------------------------------------------ methods
_METHODS = [
    "add", "sub", "mul", "div", "pow", "neg", "exp", "log", "log1p", "expm1", "log2", "log10",
    "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "abs", "erf", "square",
    "reciprocal", "sign", "sgn", "floor", "ceil", "round", "trunc", "clamp", "clip", "maximum",
    "minimum", "matmul", "mm", "bmm", "mv", "dot", "outer", "sum", "mean", "prod", "var", "std",
    "amax", "amin", "max", "min", "argmax", "argmin", "logsumexp", "softmax", "log_softmax",
    "norm", "cumsum", "all", "any", "eq", "ne", "lt", "le", "gt", "ge", "equal", "allclose",
    "isclose", "isnan", "isinf", "isfinite", "logical_not", "logical_and", "logical_or",
    "nonzero", "multiply", "subtract", "divide", "true_divide", "negative", "greater",
    "greater_equal", "less", "less_equal", "not_equal", "where",
]
for _name in _METHODS:
    setattr(Tensor, _name, getattr(O, _name))

_SHAPE_METHODS = [
    "reshape", "view", "permute", "transpose", "swapaxes", "swapdims", "t", "squeeze",
    "unsqueeze", "flatten", "unflatten", "expand", "expand_as", "repeat", "movedim", "moveaxis",
    "flip", "roll", "narrow", "split", "chunk", "tensor_split", "unbind", "ravel",
]
for _name in _SHAPE_METHODS:
    setattr(Tensor, _name, getattr(SO, _name))


def _where_method(self, condition, other):
    return O.where(condition, self, other)


Tensor.where = _where_method
Tensor.view_as = lambda self, other: SO.reshape(self, tuple(other.shape))
Tensor.reshape_as = Tensor.view_as
Tensor.contiguous = lambda self, memory_format=None: self
Tensor.clone = lambda self, memory_format=None: S.Clone.apply(self)
Tensor.float = Tensor.double = lambda self, memory_format=None: self.type("float64")
Tensor.long = Tensor.int = lambda self, memory_format=None: self.type("int64")
Tensor.bool = lambda self, memory_format=None: self.type("bool")
Tensor.T = property(lambda self: SO.permute(self, *reversed(range(self.ndim))))
Tensor.mT = property(lambda self: SO.transpose(self, -1, -2))
Tensor.H = Tensor.T
Tensor.new_zeros = lambda self, *size, **kw: _new_like(self, "zeros", size, kw)
Tensor.new_ones = lambda self, *size, **kw: _new_like(self, "ones", size, kw)
Tensor.new_empty = lambda self, *size, **kw: _new_like(self, "zeros", size, kw)


def _new_like(self, kind, size, kwargs):
    from . import creation
    kwargs.setdefault("dtype", self.dtype)
    return getattr(creation, kind)(*size, **kwargs)


def _new_tensor(self, data, dtype=None, device=None, requires_grad=False):
    from .creation import tensor
    return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)


def _new_full(self, size, fill_value, dtype=None, device=None, requires_grad=False):
    from .creation import full
    return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)


Tensor.new_tensor = _new_tensor
Tensor.new_full = _new_full
_unused = L


# ------------------------------------------------------------------ more_ops methods
# Indexing, triangles, sorting and fused maths (latpy/torch/more_ops.py and friends).
from . import more_ops as _MO  # noqa: E402

for _name in ("gather", "scatter", "scatter_add", "index_select", "masked_fill",
              "masked_select", "take", "index_add", "tril", "triu", "diag", "diagonal",
              "trace", "sort", "argsort", "msort", "topk", "kthvalue", "unique", "clamp_min",
              "clamp_max", "addmm", "addmv", "baddbmm", "lerp", "addcmul", "addcdiv", "diff",
              "cumprod", "logcumsumexp", "hardshrink"):
    setattr(Tensor, _name, getattr(_MO, _name))


def _more_inplace(name):
    fn = getattr(_MO, name)

    def method(self, *args, **kwargs):
        result = fn(_detached_alias(self), *args, **kwargs)
        if tuple(result.shape) != tuple(self.shape):
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the "
                               f"broadcast shape {list(result.shape)}")
        if result.dtype != self.dtype:
            result = result.type(self.dtype)
        return self._assign_result(result)
    method.__name__ = name + "_"
    method.__doc__ = f"In-place :func:`{name}` (on tensors that may be written to)."
    return method


for _name in ("scatter", "scatter_add", "masked_fill", "index_add", "tril", "triu",
              "clamp_min", "clamp_max", "addmm", "addmv", "baddbmm", "lerp", "addcmul",
              "addcdiv", "cumprod"):
    setattr(Tensor, _name + "_", _more_inplace(_name))
del _name


# ------------------------------------------------------------------ PyTorch idioms on .data
# In latpy ``tensor.data`` is an NDArray (API.md deviation 3). PyTorch code often calls
# in-place Tensor methods on it -- ``p.data.normal_(0, 0.02)``, ``p.data.add_(g, alpha=-lr)``
# -- so NDArray gets those few methods when latpy.torch is imported.
def _nd_value(v):
    return v.data if isinstance(v, Tensor) else v


def _nd_fill_(self, value):
    self.fill(_nd_value(value).item() if hasattr(_nd_value(value), "item") else value)
    return self


def _nd_zero_(self):
    self.fill(0)
    return self


def _nd_copy_(self, src, non_blocking=False):
    self[...] = _nd_value(src)
    return self


def _nd_normal_(self, mean=0.0, std=1.0, generator=None):
    from .creation import _gen
    self[...] = _gen(generator).normal(mean, std, size=tuple(self.shape))
    return self


def _nd_uniform_(self, a=0.0, b=1.0, generator=None):
    from .creation import _gen
    self[...] = _gen(generator).uniform(a, b, size=tuple(self.shape))
    return self


def _nd_arith_(op):
    def method(self, other, *, alpha=1):
        other = _nd_value(other)
        if alpha != 1:
            other = other * alpha
        result = op(self, other)
        self[...] = result
        return self
    return method


def _nd_clamp_(self, min=None, max=None):  # noqa: A002 - PyTorch's names
    from ..core.ufuncs import clip
    self[...] = clip(self, min, max)
    return self


from ..core.ndarray import NDArray as _NDArray  # noqa: E402

_NDArray.fill_ = _nd_fill_
_NDArray.zero_ = _nd_zero_
_NDArray.copy_ = _nd_copy_
_NDArray.normal_ = _nd_normal_
_NDArray.uniform_ = _nd_uniform_
_NDArray.add_ = _nd_arith_(_op.add)
_NDArray.sub_ = _nd_arith_(_op.sub)
_NDArray.mul_ = _nd_arith_(_op.mul)
_NDArray.div_ = _nd_arith_(_op.truediv)
_NDArray.clamp_ = _nd_clamp_


def _tensor_random_(kind):
    def method(self, *args, **kwargs):
        from .tensor import _check_inplace
        _check_inplace(self)
        getattr(self.data, kind)(*args, **kwargs)
        return self
    method.__name__ = kind
    method.__doc__ = f"Fill in place from the {kind[:-1]} distribution (as PyTorch)."
    return method


Tensor.normal_ = _tensor_random_("normal_")
Tensor.uniform_ = _tensor_random_("uniform_")


# ------------------------------------------------------------------ extra_ops methods
# Hyperbolic/inverse trig maths, atan2, fmod, median, select, sampling, ... as methods
# (latpy/torch/extra_ops.py), their in-place forms, and the in-place shape methods.
from . import extra_ops as _XO  # noqa: E402

for _name in ("sinh", "cosh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "arcsin",
              "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "atan2", "arctan2", "hypot",
              "fmod", "remainder", "xlogy", "frac", "exp2", "select", "median", "index_fill",
              "multinomial", "type_as"):
    setattr(Tensor, _name, getattr(_XO, _name))


def _inplace_of(fn, name, example_args):
    """The in-place form of `fn` (recorded in the graph when grads are tracked)."""
    def method(self, *args, **kwargs):
        result = fn(_detached_alias(self), *args, **kwargs)
        if tuple(result.shape) != tuple(self.shape):
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the "
                               f"broadcast shape {list(result.shape)}")
        if result.dtype != self.dtype:
            if not self.dtype.is_floating_point and result.dtype.is_floating_point:
                raise RuntimeError(f"result type Float can't be cast to the desired output "
                                   f"type {str(self.dtype)[6:].title()}")
            result = result.type(self.dtype)
        return self._assign_result(result)
    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = f"""In-place :func:`{name}`: ``x.{name}_(...)`` writes ``torch.{name}(x, ...)``
    into `x` and returns `x`.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([0.25, 0.5])
    >>> expected = torch.{name}(x, {example_args})
    >>> x.{name}_({example_args}) is x, torch.equal(x, expected)
    (True, True)
    """
    return method


for _name, _example in (("sinh", ""), ("cosh", ""), ("asin", ""), ("acos", ""), ("atan", ""),
                        ("asinh", ""), ("atanh", ""), ("arcsin", ""), ("arccos", ""),
                        ("arctan", ""), ("arcsinh", ""), ("arctanh", ""), ("frac", ""),
                        ("exp2", ""), ("atan2", "torch.tensor([1.0, -1.0])"),
                        ("arctan2", "torch.tensor([1.0, -1.0])"), ("hypot", "2.0"),
                        ("fmod", "0.3"), ("remainder", "-0.3"), ("xlogy", "3.0"),
                        ("index_fill", "0, torch.tensor([1]), 9.0")):
    setattr(Tensor, _name + "_", _inplace_of(getattr(_XO, _name), _name, _example))
Tensor.acosh_ = _inplace_of(_XO.acosh, "acosh", "")
Tensor.acosh_.__doc__ = Tensor.acosh_.__doc__.replace("[0.25, 0.5]", "[1.25, 1.5]")
Tensor.arccosh_ = Tensor.acosh_


def bernoulli(self, p=None, *, generator=None):
    """0/1 draws with probabilities given by this tensor (see :func:`torch.bernoulli`).

    >>> import latpy.torch as torch
    >>> torch.tensor([1.0, 0.0]).bernoulli().tolist()
    [1.0, 0.0]
    """
    return _XO.bernoulli(self, p, generator=generator)


def bernoulli_(self, p=0.5, *, generator=None):
    """Fill in place with 0/1 draws that are 1 with probability `p` (a number or tensor).

    >>> import latpy.torch as torch
    >>> x = torch.zeros(3).bernoulli_(1.0); x.tolist()
    [1.0, 1.0, 1.0]
    """
    from .tensor import _check_inplace
    from .creation import _gen
    _check_inplace(self)
    probs = p.data if isinstance(p, Tensor) else p
    draws = _gen(generator).uniform(0.0, 1.0, size=tuple(self.shape)) < probs
    self.data[...] = draws if str(self.data.dtype) == "bool" else draws.astype(self.data.dtype)
    return self


def fill_diagonal_(self, fill_value, wrap=False):
    """Write `fill_value` on the main diagonal in place (2-D, or n-D with equal sizes);
    with `wrap`, a tall matrix's diagonal restarts every ``ncols + 1`` rows.

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3).fill_diagonal_(5.0).tolist()
    [[5.0, 0.0, 0.0], [0.0, 5.0, 0.0]]
    """
    from .more_ops import masked_fill
    if self.ndim < 2:
        raise RuntimeError("dimensions must larger than 1")
    shape = tuple(self.shape)
    if self.ndim > 2 and len(set(shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    numel, step = self.numel(), 1 + sum(_contiguous_strides(shape))
    # flat positions 0, step, 2 step, ...; a 2-D matrix stops after min(rows, cols) of them
    # unless `wrap` (n-D tensors have equal sizes, so they stop by themselves)
    end = builtin_min(shape[0], shape[1]) * shape[1] if self.ndim == 2 and not wrap else numel
    from ..core.creation import zeros
    mask = zeros((numel,), dtype=bool)
    for pos in range(0, end, step):
        mask[pos] = True
    result = masked_fill(_detached_alias(self), _wrap(mask.reshape(shape)), fill_value)
    return self._assign_result(result)


def _contiguous_strides(shape):
    """Element strides of a C-ordered array of `shape`, except the last (which is 1)."""
    strides, acc = [], 1
    for n in reversed(shape[1:]):
        acc *= n
        strides.append(acc)
    return strides


import builtins as _builtins  # noqa: E402

builtin_min = _builtins.min
Tensor.bernoulli = bernoulli
Tensor.bernoulli_ = bernoulli_
Tensor.fill_diagonal_ = fill_diagonal_


def _inplace_shape(name, example):
    """``x.name_(...)``: change `x`'s shape in place (a view of the same storage). As
    in-place ops on a graph, refused while `x` requires grad and grads are tracked."""
    fn = getattr(SO, name)

    def method(self, *args, **kwargs):
        from .grad_mode import is_grad_enabled
        if is_grad_enabled() and self.requires_grad:
            if self.grad_fn is None:
                raise RuntimeError("a leaf Variable that requires grad is being used in an "
                                   "in-place operation.")
            raise RuntimeError(f"{name}_(): latpy changes shapes in place only on tensors "
                               f"that do not require grad; use {name}() instead")
        self.data = fn(_wrap(self.data), *args, **kwargs).data
        return self
    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = f"""In-place :func:`{name}`: `x` takes the new shape (same storage).

    >>> import latpy.torch as torch
    >>> x = torch.zeros(2, 3)
    >>> x.{name}_({example}) is x, x.shape == torch.{name}(torch.zeros(2, 3), {example}).shape
    (True, True)
    """
    return method


Tensor.t_ = _inplace_shape("t", "")
Tensor.transpose_ = _inplace_shape("transpose", "0, 1")
Tensor.squeeze_ = _inplace_shape("squeeze", "")
Tensor.unsqueeze_ = _inplace_shape("unsqueeze", "1")
Tensor.t_.__doc__ = Tensor.t_.__doc__.replace("torch.t(torch.zeros(2, 3), )",
                                              "torch.t(torch.zeros(2, 3))")
Tensor.squeeze_.__doc__ = Tensor.squeeze_.__doc__.replace(
    "torch.squeeze(torch.zeros(2, 3), )", "torch.squeeze(torch.zeros(2, 3))")


# ------------------------------------------------------------------ docstrings
# Every public Tensor method has a runnable example (project rule). The attributes above
# that were lambdas become named functions here (same behaviour); the others get a
# docstring when theirs has no example yet.
def view_as(self, other):
    """This tensor with `other`'s shape (see :func:`view`).

    >>> import latpy.torch as torch
    >>> torch.arange(6).view_as(torch.zeros(2, 3)).shape
    torch.Size([2, 3])
    """
    return SO.reshape(self, tuple(other.shape))


def reshape_as(self, other):
    """This tensor reshaped to `other`'s shape.

    >>> import latpy.torch as torch
    >>> torch.arange(6).reshape_as(torch.zeros(3, 2)).shape
    torch.Size([3, 2])
    """
    return SO.reshape(self, tuple(other.shape))


def contiguous(self, memory_format=None):
    """This tensor (latpy's kernels read any stride layout, so no copy is needed).

    >>> import latpy.torch as torch
    >>> x = torch.zeros(2); x.contiguous() is x
    True
    """
    return self


def clone(self, memory_format=None):
    """A copy with its own storage; gradients flow back to this tensor.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([1.0]); y = x.clone(); y[0] = 5.0; x.tolist()
    [1.0]
    """
    return S.Clone.apply(self)


def _cast_method(name, target, example_in, example_out):
    def method(self, memory_format=None):
        return self.type(target)
    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"""``self.to(torch.{target})`` (latpy has float64, int64 and bool only).

    >>> import latpy.torch as torch
    >>> torch.tensor({example_in}).{name}().tolist()
    {example_out}
    """
    return method


Tensor.view_as = view_as
Tensor.reshape_as = reshape_as
Tensor.contiguous = contiguous
Tensor.clone = clone
Tensor.float = _cast_method("float", "float64", "[1, 2]", "[1.0, 2.0]")
Tensor.double = _cast_method("double", "float64", "[1, 2]", "[1.0, 2.0]")
Tensor.long = _cast_method("long", "int64", "[1.5, -2.5]", "[1, -2]")
Tensor.int = _cast_method("int", "int64", "[1.5, -2.5]", "[1, -2]")
Tensor.bool = _cast_method("bool", "bool", "[0.0, 2.0]", "[False, True]")


def _T(self):
    """All dimensions reversed (the transpose of a matrix).

    >>> import latpy.torch as torch
    >>> torch.zeros(2, 3).T.shape
    torch.Size([3, 2])
    """
    return SO.permute(self, *reversed(range(self.ndim)))


def _mT(self):
    """The last two dimensions swapped (a batch of matrices transposed).

    >>> import latpy.torch as torch
    >>> torch.zeros(4, 2, 3).mT.shape
    torch.Size([4, 3, 2])
    """
    return SO.transpose(self, -1, -2)


def _H(self):
    """The conjugate transpose: for latpy's real tensors, the same as ``.T``.

    >>> import latpy.torch as torch
    >>> torch.tensor([[1.0, 2.0]]).H.tolist()
    [[1.0], [2.0]]
    """
    return SO.permute(self, *reversed(range(self.ndim)))


Tensor.T = property(_T, doc=_T.__doc__)
Tensor.mT = property(_mT, doc=_mT.__doc__)
Tensor.H = property(_H, doc=_H.__doc__)


def _new_factory(kind, example):
    def method(self, *size, **kwargs):
        return _new_like(self, "zeros" if kind == "empty" else kind, size, kwargs)
    method.__name__ = method.__qualname__ = "new_" + kind
    method.__doc__ = f"""A new tensor of {"uninitialised (here: zero)" if kind == "empty"
                                          else kind} values with this tensor's dtype.

    >>> import latpy.torch as torch
    >>> torch.tensor([1, 2]).new_{kind}(2, 2).tolist(){example}
    """
    return method


Tensor.new_zeros = _new_factory("zeros", "\n    [[0, 0], [0, 0]]")
Tensor.new_ones = _new_factory("ones", "\n    [[1, 1], [1, 1]]")
Tensor.new_empty = _new_factory("empty", "\n    [[0, 0], [0, 0]]")

_EXAMPLES = {
    # name: (summary or None to keep the existing one, example lines after the import)
    "new_tensor": ("A new tensor from `data`, with this tensor's dtype unless `dtype` is "
                   "given.", ">>> torch.tensor([0.5]).new_tensor([1, 2]).tolist()\n[1.0, 2.0]"),
    "new_full": ("A new tensor of `size` filled with `fill_value` (this tensor's dtype).",
                 ">>> torch.tensor([1, 2]).new_full((2,), 7).tolist()\n[7, 7]"),
    "where": ("``torch.where(condition, self, other)``.",
              ">>> x = torch.tensor([1.0, -2.0])\n>>> x.where(x > 0, 0.0).tolist()\n"
              "[1.0, 0.0]"),
    "cpu": ("This tensor (latpy tensors always live on the CPU).",
            ">>> x = torch.zeros(1); x.cpu() is x\nTrue"),
    "cuda": ("Raises: latpy runs on the CPU only.",
             ">>> try:\n...     torch.zeros(1).cuda()\n... except RuntimeError:\n"
             "...     print('no cuda')\nno cuda"),
    "dim": (None, ">>> torch.zeros(2, 3).dim()\n2"),
    "ndim": (None, ">>> torch.zeros(2, 3).ndim\n2"),
    "shape": (None, ">>> torch.zeros(2, 3).shape\ntorch.Size([2, 3])"),
    "dtype": (None, ">>> torch.tensor([1, 2]).dtype\ntorch.int64"),
    "device": (None, ">>> torch.zeros(1).device\ndevice(type='cpu')"),
    "is_leaf": (None, ">>> x = torch.ones(1, requires_grad=True)\n>>> x.is_leaf, (x * 2)"
                      ".is_leaf\n(True, False)"),
    "is_cuda": ("Always False (latpy runs on the CPU).", ">>> torch.zeros(1).is_cuda\nFalse"),
    "layout": ("Always ``torch.strided``.", ">>> torch.zeros(1).layout\n'torch.strided'"),
    "element_size": ("Bytes per element (8 for every latpy dtype but bool).",
                     ">>> torch.zeros(1).element_size()\n8"),
    "get_device": ("-1: the CPU (as PyTorch for CPU tensors).",
                   ">>> torch.zeros(1).get_device()\n-1"),
    "is_contiguous": (None, ">>> x = torch.zeros(2, 3)\n>>> x.is_contiguous(), "
                            "x.t().is_contiguous()\n(True, False)"),
    "is_floating_point": (None, ">>> torch.tensor([1.0]).is_floating_point(), "
                                "torch.tensor([1]).is_floating_point()\n(True, False)"),
    "type": (None, ">>> torch.tensor([1.5]).type()\n'torch.DoubleTensor'\n"
                   ">>> torch.tensor([1.5]).type(torch.int64).tolist()\n[1]"),
    "detach_": (None, ">>> y = torch.ones(1, requires_grad=True) * 2\n"
                      ">>> y.detach_().requires_grad\nFalse"),
    "retain_grad": (None, ">>> x = torch.tensor([1.0], requires_grad=True)\n"
                          ">>> y = x * 3; y.retain_grad(); (y * y).sum().backward()\n"
                          ">>> y.grad.tolist()\n[6.0]"),
    "retains_grad": ("True after :meth:`retain_grad` on a non-leaf tensor.",
                     ">>> y = torch.ones(1, requires_grad=True) * 2; y.retain_grad()\n"
                     ">>> y.retains_grad\nTrue"),
    "normal_": (None, ">>> x = torch.zeros(1000).normal_(5.0, 0.1)\n"
                      ">>> bool(abs(x.mean().item() - 5.0) < 0.05)\nTrue"),
    "uniform_": (None, ">>> x = torch.zeros(100).uniform_(2.0, 3.0)\n"
                       ">>> bool(((x >= 2.0) & (x < 3.0)).all())\nTrue"),
}
_BINARY_EXAMPLES = {"add": "[11.0, 22.0]", "sub": "[-9.0, -18.0]", "mul": "[10.0, 40.0]",
                    "div": "[0.1, 0.1]", "pow": "[1.0, 1048576.0]"}
for _name, _out in _BINARY_EXAMPLES.items():
    for _alias in (_name, {"sub": "subtract", "mul": "multiply", "div": "divide"}.get(_name)):
        if _alias:
            _EXAMPLES[_alias + "_"] = (
                f"In-place :func:`{_name}`: writes ``torch.{_name}(x, other)`` into `x`.",
                f">>> x = torch.tensor([1.0, 2.0])\n>>> x.{_alias}_(torch.tensor([10.0, "
                f"20.0])).tolist()\n{_out}\n>>> x.tolist()\n{_out}")
for _name in ("exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "neg",
              "negative", "floor", "ceil", "round", "trunc", "sign", "square", "reciprocal",
              "clamp", "clip"):
    _args = "0.0, 1.0" if _name in ("clamp", "clip") else ""
    _EXAMPLES[_name + "_"] = (
        f"In-place :func:`{_name}`: writes ``torch.{_name}(x{', ' if _args else ''}{_args})`` "
        "into `x` and returns `x`.",
        f">>> x = torch.tensor([0.5, 2.0])\n>>> expected = torch.{_name}(x"
        f"{', ' if _args else ''}{_args})\n>>> x.{_name}_({_args}) is x, "
        "torch.equal(x, expected)\n(True, True)")
for _name, (_input, _args) in {
        "scatter": ("torch.zeros(3)", "0, torch.tensor([2]), torch.tensor([5.0])"),
        "scatter_add": ("torch.zeros(3)", "0, torch.tensor([2, 2]), torch.ones(2)"),
        "masked_fill": ("torch.zeros(2)", "torch.tensor([True, False]), 1.0"),
        "index_add": ("torch.zeros(3)", "0, torch.tensor([1]), torch.ones(1)"),
        "tril": ("torch.ones(2, 2)", ""), "triu": ("torch.ones(2, 2)", ""),
        "clamp_min": ("torch.tensor([-1.0, 2.0])", "0.0"),
        "clamp_max": ("torch.tensor([-1.0, 2.0])", "0.0"),
        "addmm": ("torch.ones(2, 2)", "torch.eye(2), torch.ones(2, 2)"),
        "addmv": ("torch.ones(2)", "torch.eye(2), torch.ones(2)"),
        "baddbmm": ("torch.ones(1, 2, 2)", "torch.ones(1, 2, 3), torch.ones(1, 3, 2)"),
        "lerp": ("torch.zeros(2)", "torch.ones(2), 0.25"),
        "addcmul": ("torch.zeros(2)", "torch.ones(2), torch.ones(2)"),
        "addcdiv": ("torch.zeros(2)", "torch.ones(2), torch.ones(2)"),
        "cumprod": ("torch.tensor([2.0, 3.0])", "0")}.items():
    _sep = ", " if _args else ""
    _EXAMPLES[_name + "_"] = (
        None, f">>> x = {_input}\n>>> expected = torch.{_name}(x{_sep}{_args})\n"
              f">>> x.{_name}_({_args}) is x, torch.equal(x, expected)\n(True, True)")


def _with_example(doc, summary, example):
    head = summary or (doc or "").strip() or "See the free function of the same name."
    body = "\n".join("    " + line for line in (">>> import latpy.torch as torch\n" +
                                                example).splitlines())
    return f"{head}\n\n{body}\n    "


def _document(name, summary, example):
    import inspect
    attr = inspect.getattr_static(Tensor, name)
    if isinstance(attr, property):
        if attr.__doc__ and ">>>" in attr.__doc__:
            return
        attr.__doc__ = _with_example(attr.__doc__, summary, example)
        return
    fn = getattr(attr, "__func__", attr)
    if fn.__doc__ and ">>>" in fn.__doc__:
        return
    fn.__doc__ = _with_example(fn.__doc__, summary, example)


for _name, (_summary, _example) in _EXAMPLES.items():
    _document(_name, _summary, _example)
del _name, _alias, _out, _args, _input, _sep, _summary, _example

# Not a Tensor attribute, but a public ``latpy.torch`` function still without an example
# (its home is latpy/torch/autograd/anomaly.py; kept here until it gets one there).
from .autograd import anomaly as _anomaly  # noqa: E402

if ">>>" not in (_anomaly.is_anomaly_enabled.__doc__ or ""):
    _anomaly.is_anomaly_enabled.__doc__ = """True inside ``torch.autograd.detect_anomaly()``.

    >>> import latpy.torch as torch
    >>> torch.is_anomaly_enabled()
    False
    """
