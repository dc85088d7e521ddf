"""Recurrent layers: RNN, LSTM, GRU and their single-step cells.

Each time step is composed of Tensor ops, so autograd unrolls it (backprop
through time). The input projection ``x @ W_ih^T + b`` of every time step is one
matmul before the loop; inside the loop only ``h @ W_hh^T`` and the gate
arithmetic remain. Gate order and formulas are PyTorch's:

    RNN   h' = tanh|relu(W_ih x + b_ih + W_hh h + b_hh)
    LSTM  i, f, g, o = chunks of (W_ih x + b_ih + W_hh h + b_hh);  c' = sig(f) c + sig(i) tanh(g)
          h' = sig(o) tanh(c')   (times W_hr^T when proj_size > 0)
    GRU   r, z = sig(W_ir x + b_ir + W_hr h + b_hr), sig(... z ...)
          n = tanh(W_in x + b_in + r * (W_hn h + b_hn));  h' = n + z * (h - n) = (1 - z) n + z h
"""

from __future__ import annotations

import math
import numbers
import warnings

from .. import ops as O, shape_ops as SO
from ..creation import empty, zeros
from ..function import Function
from ..tensor import Tensor
from . import init
from .functional_attention import _dropout
from .module import Module, Parameter

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# ------------------------------------------------------------------ one time step
# `xw` is the step's input projection with its biases already added (for RNN and
# LSTM both b_ih and b_hh; for GRU only b_ih, since b_hn sits inside r * (...)).
def _rnn_step(xw, h, w_hh_t, act):
    return act(xw + h.matmul(w_hh_t))


def _lstm_step(xw, h, c, w_hh_t, w_hr_t, H):
    gates = xw + h.matmul(w_hh_t)
    i, f = O.sigmoid(gates[:, :H]), O.sigmoid(gates[:, H:2 * H])
    g, o = O.tanh(gates[:, 2 * H:3 * H]), O.sigmoid(gates[:, 3 * H:])
    c = f * c + i * g
    h = o * O.tanh(c)
    return (h if w_hr_t is None else h.matmul(w_hr_t)), c


def _gru_step(xw, h, w_hh_t, b_hh, H):
    hw = h.matmul(w_hh_t)
    if b_hh is not None:
        hw = hw + b_hh
    r = O.sigmoid(xw[:, :H] + hw[:, :H])
    z = O.sigmoid(xw[:, H:2 * H] + hw[:, H:2 * H])
    n = O.tanh(xw[:, 2 * H:] + r * hw[:, 2 * H:])
    return n + z * (h - n)


class _Unbind(Function):
    """x[0], ..., x[T-1] as the outputs of one node; backward stacks their gradients.

    Needed for speed, not maths: T separate slices would each send back a zero array
    of x's full size with one step filled in, and summing those is O(T^2) (measured:
    half the backward time of an LSTM over 128 steps). Stacking once is O(T).
    """

    @staticmethod
    def forward(ctx, x):
        ctx.step_shape = tuple(x.shape[1:])
        return tuple(Tensor._wrap(x.data[t]) for t in range(x.shape[0]))

    @staticmethod
    def backward(ctx, *grads):
        return SO.stack([zeros(*ctx.step_shape) if g is None else g for g in grads], 0)


def _input_projection(x, w_ih, b_ih, b_hh, mode):
    """x @ W_ih^T plus the biases that do not depend on h, for all steps in one matmul."""
    lead = tuple(x.shape[:-1])
    out = x.reshape(-1, x.shape[-1]).matmul(w_ih.t())
    if b_ih is not None:
        out = out + (b_ih if mode == "GRU" else b_ih + b_hh)
    return out.reshape(*lead, out.shape[-1])


class RNNBase(Module):
    """Shared machinery of RNN, LSTM and GRU: parameters, checks, the layer loop.

    >>> import latpy.torch as torch
    >>> torch.nn.RNNBase("GRU", 3, 4).weight_ih_l0.shape
    torch.Size([12, 3])
    """

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, proj_size=0,
                 device=None, dtype=None):
        super().__init__()
        if mode not in _GATES:
            raise ValueError(f"Unrecognized RNN mode: {mode}")
        if not isinstance(dropout, numbers.Number) or isinstance(dropout, bool) or \
                not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}", stacklevel=2)
        for name, value, kind in (("bias", bias, bool), ("batch_first", batch_first, bool),
                                  ("input_size", input_size, int),
                                  ("hidden_size", hidden_size, int)):
            if not isinstance(value, kind):
                raise TypeError(f"{name} should be of type {kind.__name__}, got: "
                                f"{type(value).__name__}")
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size),
                            ("num_layers", num_layers)):
            if value <= 0:
                raise ValueError(f"{name} must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional = float(dropout), bidirectional
        self.proj_size = proj_size
        directions = 2 if bidirectional else 1
        real_hidden = proj_size if proj_size > 0 else hidden_size
        gate_size = _GATES[mode] * hidden_size
        self._flat_weights_names, self._all_weights = [], []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
                shapes = [("weight_ih", (gate_size, layer_input)),
                          ("weight_hh", (gate_size, real_hidden))]
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                names = []
                for prefix, shape in shapes:
                    setattr(self, prefix + suffix, Parameter(empty(*shape)))
                    names.append(prefix + suffix)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    def reset_parameters(self):
        """Every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size))."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    @property
    def all_weights(self):
        """The parameters grouped per layer and direction."""
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    @property
    def _flat_weights(self):
        return [getattr(self, name) for name in self._flat_weights_names]

    def flatten_parameters(self):
        """No-op (a cuDNN memory-layout call in PyTorch)."""

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        for name, default in (("proj_size", 0), ("num_layers", 1), ("bias", True),
                              ("batch_first", False), ("dropout", 0), ("bidirectional", False)):
            if getattr(self, name) != default:
                s += f", {name}={getattr(self, name)}"
        return s

    # -------------------------------------------------------------- forward
    def forward(self, input, hx=None):
        lstm = self.mode == "LSTM"
        name = "RNN" if self.mode.startswith("RNN") else self.mode
        if input.ndim not in (2, 3):
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.ndim}D "
                             "instead")
        batched = input.ndim == 3
        want = 3 if batched else 2
        states = (tuple(hx) if lstm else (hx,)) if hx is not None else None
        if states is not None and any(s.ndim != want for s in states):
            kind = "batched 3-D" if batched else "unbatched 2-D"
            dims = ", ".join(f"{s.ndim}-D" for s in states)
            raise RuntimeError(f"For {kind} input, {'hx and cx' if lstm else 'hx'} should "
                               f"also be {want}-D but got ({dims}) tensor(s)")
        if not batched:
            input = input.unsqueeze(0 if self.batch_first else 1)
            states = None if states is None else tuple(s.unsqueeze(1) for s in states)
        x = input.transpose(0, 1) if self.batch_first else input  # (T, N, features)
        if not x.is_floating_point():
            raise ValueError(f"RNN input dtype ({x.dtype}) does not match weight dtype "
                             f"(torch.float64). Convert input: input.to(torch.float64)")
        if x.shape[0] == 0:
            raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
        if x.shape[-1] != self.input_size:
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {x.shape[-1]}")
        n_states = self.num_layers * (2 if self.bidirectional else 1)
        batch = x.shape[1]
        sizes = [(n_states, batch, self.proj_size or self.hidden_size)]
        if lstm:
            sizes.append((n_states, batch, self.hidden_size))
        if states is None:
            per_state = [[zeros(*size[1:])] * n_states for size in sizes]
        else:
            for k, (s, size) in enumerate(zip(states, sizes)):
                if tuple(s.shape) != size:
                    which = f"hidden[{k}]" if lstm else "hidden"
                    raise RuntimeError(f"Expected {which} size {size}, got {list(s.shape)}")
            per_state = [list(s.unbind(0)) for s in states]
        output, finals = self._layers(x, per_state)
        if self.batch_first:
            output = output.transpose(0, 1)
        if not batched:
            output = output.squeeze(0 if self.batch_first else 1)
            finals = [f.squeeze(1) for f in finals]
        return (output, tuple(finals)) if lstm else (output, finals[0])

    def _layers(self, x, per_state):
        """Run every layer and direction; returns the last layer's output and (h_n[, c_n])."""
        directions = 2 if self.bidirectional else 1
        finals = [[] for _ in per_state]
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                k = layer * directions + direction
                out, last = self._direction(x, [s[k] for s in per_state],
                                            self.all_weights[k], direction == 1)
                outs.append(out)
                for collected, value in zip(finals, last):
                    collected.append(value)
            x = outs[0] if directions == 1 else SO.cat(outs, 2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = _dropout(x, self.dropout)
        return x, [SO.stack(f, 0) for f in finals]

    def _direction(self, x, state, weights, reverse):
        """One layer in one direction over all time steps: ((T, N, H_out), final states)."""
        mode, H = self.mode, self.hidden_size
        w_ih, w_hh = weights[0], weights[1]
        b_ih, b_hh = (weights[2], weights[3]) if self.bias else (None, None)
        w_hr_t = weights[-1].t() if self.proj_size > 0 else None
        steps = _Unbind.apply(_input_projection(x, w_ih, b_ih, b_hh, mode))
        order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
        w_hh_t = w_hh.t()
        h, outputs = state[0], [None] * len(steps)
        if mode == "LSTM":
            c = state[1]
            for t in order:
                h, c = _lstm_step(steps[t], h, c, w_hh_t, w_hr_t, H)
                outputs[t] = h
            last = (h, c)
        elif mode == "GRU":
            for t in order:
                h = outputs[t] = _gru_step(steps[t], h, w_hh_t, b_hh, H)
            last = (h,)
        else:
            act = O.tanh if mode == "RNN_TANH" else O.relu
            for t in order:
                h = outputs[t] = _rnn_step(steps[t], h, w_hh_t, act)
            last = (h,)
        # one cat along time instead of a stack (which would reshape every step)
        out = SO.cat(outputs, 0).reshape(len(steps), x.shape[1], h.shape[-1])
        return out, last


class RNN(RNNBase):
    """Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or relu).

    Returns ``(output, h_n)``: output ``(L, N, D*H)`` (``(N, L, D*H)`` with
    ``batch_first``), h_n ``(D*num_layers, N, H)``; 2-D input is unbatched.

    >>> import latpy.torch as torch
    >>> rnn = torch.nn.RNN(3, 5, num_layers=2, bidirectional=True)
    >>> out, h = rnn(torch.randn(7, 4, 3)); out.shape, h.shape
    (torch.Size([7, 4, 10]), torch.Size([4, 4, 5]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, device=None,
                 dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional)


class LSTM(RNNBase):
    """Long short-term memory; returns ``(output, (h_n, c_n))``.

    With ``proj_size > 0`` the hidden state is projected by ``weight_hr_l{k}``.

    >>> import latpy.torch as torch
    >>> lstm = torch.nn.LSTM(3, 5, batch_first=True)
    >>> out, (h, c) = lstm(torch.randn(4, 7, 3)); out.shape, h.shape, c.shape
    (torch.Size([4, 7, 5]), torch.Size([1, 4, 5]), torch.Size([1, 4, 5]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size)


class GRU(RNNBase):
    """Gated recurrent unit; returns ``(output, h_n)``.

    >>> import latpy.torch as torch
    >>> out, h = torch.nn.GRU(3, 5)(torch.randn(7, 3)); out.shape, h.shape
    (torch.Size([7, 5]), torch.Size([1, 5]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional)


# ------------------------------------------------------------------ cells
class RNNCellBase(Module):
    """Parameters and checks shared by the cells (``weight_ih``, ``weight_hh``, biases).

    >>> RNNCellBase(3, 4, True, 2).weight_hh.shape
    torch.Size([8, 4])
    """

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        self.weight_ih = Parameter(empty(num_chunks * hidden_size, input_size))
        self.weight_hh = Parameter(empty(num_chunks * hidden_size, hidden_size))
        if bias:
            self.bias_ih = Parameter(empty(num_chunks * hidden_size))
            self.bias_hh = Parameter(empty(num_chunks * hidden_size))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def _prepare(self, input, states):
        """Checks; returns (2-D input, 2-D states or zeros, batched?)."""
        name = type(self).__name__
        if input.ndim not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.ndim}D "
                             "instead")
        for k, s in enumerate(states):
            if s is not None and s.ndim not in (1, 2):
                what = f"hx[{k}]" if len(states) > 1 else "hidden"
                raise ValueError(f"{name}: Expected {what} to be 1D or 2D, got {s.ndim}D "
                                 "instead")
        batched = input.ndim == 2
        if not batched:
            input = input.unsqueeze(0)
            states = [None if s is None else s.unsqueeze(0) for s in states]
        if input.shape[1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} "
                               f"expected {self.input_size}")
        out = []
        for k, s in enumerate(states):
            if s is None:
                s = zeros(input.shape[0], self.hidden_size)
            elif tuple(s.shape) != (input.shape[0], self.hidden_size):
                raise RuntimeError(f"hidden{'' if len(states) == 1 else f'[{k}]'} has shape "
                                   f"{tuple(s.shape)}, expected "
                                   f"{(input.shape[0], self.hidden_size)}")
            out.append(s)
        return input, out, batched

    def _projection(self, input, mode):
        return _input_projection(input, self.weight_ih, self.bias_ih, self.bias_hh, mode)


class RNNCell(RNNCellBase):
    """One Elman RNN step: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)`` (or relu).

    >>> import latpy.torch as torch
    >>> cell = torch.nn.RNNCell(3, 5); cell(torch.randn(4, 3)).shape
    torch.Size([4, 5])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        super().__init__(input_size, hidden_size, bias, 1)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        input, (h,), batched = self._prepare(input, [hx])
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        act = O.tanh if self.nonlinearity == "tanh" else O.relu
        h = _rnn_step(self._projection(input, "RNN"), h, self.weight_hh.t(), act)
        return h if batched else h.squeeze(0)


class LSTMCell(RNNCellBase):
    """One LSTM step; ``forward(input, (h, c))`` returns ``(h', c')``.

    >>> import latpy.torch as torch
    >>> h, c = torch.nn.LSTMCell(3, 5)(torch.randn(4, 3)); h.shape, c.shape
    (torch.Size([4, 5]), torch.Size([4, 5]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4)

    def forward(self, input, hx=None):
        input, (h, c), batched = self._prepare(input, list(hx) if hx is not None
                                               else [None, None])
        h, c = _lstm_step(self._projection(input, "LSTM"), h, c, self.weight_hh.t(), None,
                          self.hidden_size)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """One GRU step: ``h' = (1 - z) * n + z * h``.

    >>> import latpy.torch as torch
    >>> torch.nn.GRUCell(3, 5)(torch.randn(3)).shape
    torch.Size([5])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3)

    def forward(self, input, hx=None):
        input, (h,), batched = self._prepare(input, [hx])
        h = _gru_step(self._projection(input, "GRU"), h, self.weight_hh.t(), self.bias_hh,
                      self.hidden_size)
        return h if batched else h.squeeze(0)
