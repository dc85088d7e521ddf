"""Sliding windows: the primitives under convolution and pooling.

Every convolution or pooling layer reads its input through *windows*: for each
output position, the ``kh*kw`` input elements under the kernel (per channel).
A :class:`WindowPlan` records, once per geometry, where each window element
comes from -- a flat list of input positions, with one extra position (one past
the end) standing for padding. Then:

* ``im2col`` (:class:`Unfold`) is one gather, ``operator.itemgetter(*index)``
  applied to each sample's elements: C speed, no Python loop per pixel;
* ``col2im`` (:class:`Fold`, the adjoint: each input element receives the sum
  of its copies) is a few gathers added together. The plan is *inverted* into
  layers: layer ``t`` lists, for every input position, the window slot holding
  its ``t``-th copy (or a slot holding 0.0). A 3x3 stride-1 kernel has 9 layers.

``Unfold.backward`` is ``Fold`` and ``Fold.backward`` is ``Unfold``, so higher
derivatives come for free. Convolution is then ``Unfold`` feeding one matmul
(``nn/functional_layers.py``); max pooling gathers the windows, takes the first
maximum of each (:class:`MaxPool`), and its backward scatters the gradient to
those positions (:class:`Put`, whose own backward is :class:`Take`).

Layouts per sample of shape ``(C, H, W)``, with ``L = oh * ow`` windows of
``K = kh * kw`` elements: ``channels_first=False`` gives *patch rows*
``(L, C*K)`` (one matmul row per output pixel; column ``c*K + ki*kw + kj``), the
transpose of ``F.unfold``'s ``(C*K, L)``; ``channels_first=True`` gives
``(C, L, K)`` (pooling: one window per output element).
"""

from __future__ import annotations

import operator
from collections import deque

from ...core.dtypes import F64
from ...core.ndarray import _elements, _make
from ..function import Op
from ..tensor import Tensor

_add = operator.add
_INF = float("inf")
_PLANS: dict = {}
_PLAN_LIMIT = 256  # geometries kept; the oldest is dropped beyond this


def _getter(index):
    """A function returning ``tuple(seq[i] for i in index)`` at C speed."""
    if len(index) > 1:
        return operator.itemgetter(*index)
    if index:
        only = index[0]
        return lambda seq: (seq[only],)
    return lambda seq: ()


def _axis_table(n_in, n_out, k, stride, offset, dilation, mode):
    """For each output position and kernel tap along one axis: the input coordinate,
    or None for zero padding ('reflect'/'replicate'/'circular' map it back inside).

    >>> _axis_table(3, 2, 2, 1, 1, 1, "zeros")
    [[None, 0], [0, 1]]
    >>> _axis_table(3, 2, 2, 1, 1, 1, "reflect")
    [[1, 0], [0, 1]]
    """
    table = []
    for o in range(n_out):
        row = []
        for t in range(k):
            i = o * stride + t * dilation - offset
            if not 0 <= i < n_in:
                if mode == "zeros":
                    i = None
                elif mode == "reflect":
                    i = -i if i < 0 else 2 * (n_in - 1) - i
                elif mode == "replicate":
                    i = 0 if i < 0 else n_in - 1
                else:  # circular
                    i %= n_in
            row.append(i)
        table.append(row)
    return table


class WindowPlan:
    """Where each window element of one ``(C, H, W)`` sample comes from.

    ``index[j]`` is a flat position in the sample, or ``size`` (padding).

    >>> p = window_plan(1, (2, 2), (2, 2), (1, 1), (0, 0), (1, 1), (1, 1))
    >>> p.index, p.cols_shape(3)
    ([0, 1, 2, 3], (3, 1, 4))
    """

    __slots__ = ("channels", "in_hw", "out_hw", "window", "channels_first", "index", "size",
                 "getter", "_layers")

    def __init__(self, channels, in_hw, kernel, stride, offset, dilation, out_hw, mode,
                 channels_first):
        (height, width), (oh, ow) = in_hw, out_hw
        rows = _axis_table(height, oh, kernel[0], stride[0], offset[0], dilation[0], mode)
        cols = _axis_table(width, ow, kernel[1], stride[1], offset[1], dilation[1], mode)
        plane = height * width
        size = channels * plane
        # window offsets within one channel plane, one list per output pixel (C order)
        windows = [[None if a is None or b is None else a * width + b for a in r for b in c]
                   for r in rows for c in cols]
        if channels_first:
            index = [size if p is None else p + ch * plane
                     for ch in range(channels) for win in windows for p in win]
        else:
            index = [size if p is None else p + ch * plane
                     for win in windows for ch in range(channels) for p in win]
        self.channels, self.in_hw, self.out_hw = channels, tuple(in_hw), tuple(out_hw)
        self.window, self.channels_first = kernel[0] * kernel[1], channels_first
        self.index, self.size, self.getter = index, size, _getter(index)
        self._layers = None

    def cols_shape(self, n):
        """Shape of the unfolded windows of `n` samples."""
        length = self.out_hw[0] * self.out_hw[1]
        if self.channels_first:
            return (n, self.channels, length, self.window)
        return (n, length, self.channels * self.window)

    def image_shape(self, n):
        """Shape of `n` input samples."""
        return (n, self.channels) + self.in_hw

    def layers(self):
        """The inverse of ``index`` as gathers: one getter per copy count (see module doc)."""
        if self._layers is None:
            size, slots = self.size, len(self.index)
            count = [0] * (size + 1)
            layers = []
            for j, p in enumerate(self.index):
                t = count[p]
                count[p] = t + 1
                if p == size:
                    continue
                if t == len(layers):
                    layers.append([slots] * size)
                layers[t][p] = j
            self._layers = [_getter(layer) for layer in layers]
        return self._layers


def window_plan(channels, in_hw, kernel, stride, offset, dilation, out_hw, mode="zeros",
                channels_first=False) -> WindowPlan:
    """The (cached) :class:`WindowPlan` of a geometry; `offset` is the top/left padding.

    >>> window_plan(2, (3, 3), (2, 2), (1, 1), (0, 0), (1, 1), (2, 2)).cols_shape(1)
    (1, 4, 8)
    """
    key = (channels, tuple(in_hw), tuple(kernel), tuple(stride), tuple(offset),
           tuple(dilation), tuple(out_hw), mode, channels_first)
    plan = _PLANS.get(key)
    if plan is None:
        plan = WindowPlan(channels, in_hw, kernel, stride, offset, dilation, out_hw, mode,
                          channels_first)
        if len(_PLANS) >= _PLAN_LIMIT:
            del _PLANS[next(iter(_PLANS))]
        _PLANS[key] = plan
    return plan


# ------------------------------------------------------------------ array kernels
def im2col(data, n, plan, fill=0.0) -> list:
    """The windows of `n` samples (C-order elements `data`) as one flat list.

    >>> im2col([1.0, 2.0, 3.0], 1, window_plan(1, (1, 3), (1, 2), (1, 1), (0, 0), (1, 1), (1, 2)))
    [1.0, 2.0, 2.0, 3.0]
    """
    size, get = plan.size, plan.getter
    out = []
    extend = out.extend
    for start in range(0, n * size, size) if size else [0] * n:
        sample = data[start:start + size]
        sample.append(fill)  # position `size`: the padding value
        extend(get(sample))
    return out


def col2im(cols, n, plan) -> list:
    """The adjoint of :func:`im2col`: each input element gets the sum of its copies.

    >>> plan = window_plan(1, (1, 3), (1, 2), (1, 1), (0, 0), (1, 1), (1, 2))
    >>> col2im([1.0, 2.0, 3.0, 4.0], 1, plan)
    [1.0, 5.0, 4.0]
    """
    layers = plan.layers()
    slots, size = len(plan.index), plan.size
    if not layers:
        return [0.0] * (n * size)
    first, rest = layers[0], layers[1:]
    out = []
    extend = out.extend
    for start in range(0, n * slots, slots) if slots else [0] * n:
        sample = cols[start:start + slots]
        sample.append(0.0)  # slot `slots`: "no copy here"
        total = first(sample)
        for get in rest:  # a lazy chain of C-level adds, one per layer
            total = map(_add, total, get(sample))
        extend(total)
    return out


def max_windows(data, n, plan):
    """Each window's first maximum and its flat position in `data`, as PyTorch's CPU
    kernel picks them (padding is never picked; a NaN wins, the last NaN if several).

    >>> plan = window_plan(1, (1, 4), (1, 2), (1, 2), (0, 0), (1, 1), (1, 2), channels_first=True)
    >>> max_windows([3.0, 3.0, 1.0, 5.0], 1, plan)
    ([3.0, 5.0], [0, 3])
    """
    size, get, index, k = plan.size, plan.getter, plan.index, plan.window
    values, positions = [], []
    for start in range(0, n * size, size) if size else [0] * n:
        sample = data[start:start + size]
        total = sum(sample)
        sample.append(-_INF)
        win = get(sample)
        # column t holds every window's t-th element: max over the columns at C speed
        best = list(map(max, *[win[t::k] for t in range(k)])) if k > 1 else list(win)
        found = map(win.index, best, range(0, len(win), k))  # first occurrence
        pos = list(map(index.__getitem__, found))
        if total != total or size in pos:  # NaN somewhere, or an all -inf window
            best, pos = _max_windows_slow(win, index, k, size)
        values += best
        positions += [p + start for p in pos] if start else pos
    return values, positions


def _max_windows_slow(win, index, k, size):
    """:func:`max_windows` for one sample, element by element (NaN and -inf cases)."""
    best, pos = [], []
    for j in range(0, len(win), k):
        pick = None
        for t in range(j, j + k):
            if index[t] == size:
                continue
            v = win[t]
            if pick is None or v > win[pick] or v != v:
                pick = t
        best.append(win[pick])
        pos.append(index[pick])
    return best, pos


def take(data, positions) -> list:
    """``[data[p] for p in positions]`` at C speed.

    >>> take([5.0, 6.0, 7.0], [2, 0, 2])
    [7.0, 5.0, 7.0]
    """
    return list(_getter(positions)(data))


def put(values, positions, size, unique=False) -> list:
    """``zeros(size)`` with ``values[i]`` added at ``positions[i]`` (repeats accumulate).

    >>> put([1.0, 2.0, 3.0], [2, 0, 2], 3)
    [2.0, 0.0, 4.0]
    """
    out = [0.0] * size
    if unique:  # no repeats: plain stores, run at C speed
        deque(map(out.__setitem__, positions, values), maxlen=0)
    else:
        for p, v in zip(positions, values):
            out[p] += v
    return out


# ------------------------------------------------------------------ primitive Ops
def _unfold_array(x, plan):
    n = x.shape[0]
    return _make(im2col(_elements(x), n, plan), plan.cols_shape(n), F64)


def _fold_array(cols, plan):
    n = cols.shape[0]
    return _make(col2im(_elements(cols), n, plan), plan.image_shape(n), F64)


class Unfold(Op):
    """cols = im2col(x, plan);  dx = col2im(dcols)  (Fold)

    >>> import latpy.torch as torch
    >>> plan = window_plan(1, (1, 3), (1, 2), (1, 1), (0, 0), (1, 1), (1, 2))
    >>> Unfold.apply(torch.tensor([[[[1.0, 2.0, 3.0]]]]), plan).tolist()
    [[[1.0, 2.0], [2.0, 3.0]]]
    """

    @staticmethod
    def forward(ctx, x, plan):
        ctx.plan = plan
        return _unfold_array(x, plan)

    @staticmethod
    def backward(ctx, grad_output):
        if isinstance(grad_output, Tensor):
            return Fold.apply(grad_output, ctx.plan)
        return _fold_array(grad_output, ctx.plan)


class Fold(Op):
    """x = col2im(cols, plan);  dcols = im2col(dx)  (Unfold)

    >>> import latpy.torch as torch
    >>> plan = window_plan(1, (1, 3), (1, 2), (1, 1), (0, 0), (1, 1), (1, 2))
    >>> Fold.apply(torch.ones(1, 2, 2), plan).tolist()
    [[[[1.0, 2.0, 1.0]]]]
    """

    @staticmethod
    def forward(ctx, cols, plan):
        ctx.plan = plan
        return _fold_array(cols, plan)

    @staticmethod
    def backward(ctx, grad_output):
        if isinstance(grad_output, Tensor):
            return Unfold.apply(grad_output, ctx.plan)
        return _unfold_array(grad_output, ctx.plan)


class Take(Op):
    """y = x.flat[positions].reshape(shape);  dx = Put(dy)

    >>> import latpy.torch as torch
    >>> Take.apply(torch.tensor([5.0, 6.0, 7.0]), [2, 2, 0], (3,)).tolist()
    [7.0, 7.0, 5.0]
    """

    @staticmethod
    def forward(ctx, x, positions, shape, unique=False):
        ctx.positions, ctx.in_shape, ctx.unique = positions, x.shape, unique
        return _make(take(_elements(x), positions), tuple(shape), x.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        return _put(grad_output, ctx.positions, ctx.in_shape, ctx.unique)


class Put(Op):
    """y = zeros(shape) with v.flat added at positions;  dv = Take(dy)

    >>> import latpy.torch as torch
    >>> Put.apply(torch.tensor([1.0, 2.0, 3.0]), [2, 2, 0], (3,)).tolist()
    [3.0, 0.0, 3.0]
    """

    @staticmethod
    def forward(ctx, v, positions, shape, unique=False):
        ctx.positions, ctx.out_shape = positions, v.shape
        size = 1
        for d in shape:
            size *= d
        return _make(put(_elements(v), positions, size, unique), tuple(shape), F64)

    @staticmethod
    def backward(ctx, grad_output):
        if isinstance(grad_output, Tensor):
            return Take.apply(grad_output, ctx.positions, ctx.out_shape)
        return _make(take(_elements(grad_output), ctx.positions), ctx.out_shape,
                     grad_output.dtype)


def _put(grad_output, positions, shape, unique):
    if isinstance(grad_output, Tensor):
        return Put.apply(grad_output, positions, shape, unique)
    size = 1
    for d in shape:
        size *= d
    return _make(put(_elements(grad_output), positions, size, unique), tuple(shape), F64)


class MaxPool(Op):
    """y = the window maxima of x, found by :func:`max_windows` at `positions`;
    dx = dy put at those positions (first maximum of each window)

    >>> import latpy.torch as torch
    >>> from latpy.core.ndarray import _make
    >>> x = torch.tensor([1.0, 3.0], requires_grad=True)
    >>> MaxPool.apply(x, _make([3.0], (1,), x.data.dtype), [1]).sum().backward()
    >>> x.grad.tolist()
    [0.0, 1.0]
    """

    @staticmethod
    def forward(ctx, x, values, positions, unique=False):
        ctx.in_shape, ctx.unique = x.shape, unique
        ctx.save_for_backward(positions)  # freed after backward, as PyTorch's indices
        return values

    @staticmethod
    def backward(ctx, grad_output):
        if ctx._freed:  # positions are plain ints: read them raw, but honour freeing
            from ..function import _ARRAY_SAVED_FREED
            raise RuntimeError(_ARRAY_SAVED_FREED)
        return _put(grad_output, ctx._saved[0], ctx.in_shape, ctx.unique)
