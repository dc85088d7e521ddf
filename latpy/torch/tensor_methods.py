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
    b = other.data if isinstance(other, Tensor) else other
    if self.requires_grad:  # x % y = x - floor(x / y) * y, gradient 1 w.r.t. x
        return self - _wrap((self.data // b) * b)
    return _wrap(self.data % b)


def _rmod(self, other):
    a = other.data if isinstance(other, Tensor) else other
    return _wrap(a % self.data)


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
