"""RNN, LSTM, GRU and their cells against PyTorch (CPU, float64).

For random configurations (layers, directions, bias, batch_first, proj_size,
unbatched input, given or default initial states) the same weights are loaded
into both libraries; outputs, final states and the gradients of a random linear
loss with respect to every parameter, the input and the initial states must
agree to rtol 1e-9. Skipped when PyTorch is not installed.
"""

import random
import unittest
import warnings

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy.torch as lt

N_CONFIGS = 50
RTOL, ATOL = 1e-9, 1e-12


def _randn(rng, shape):
    return [rng.gauss(0.0, 1.0) for _ in range(_numel(shape))], shape


def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _pair(rng, shape, grad=True):
    """The same random values as a PyTorch and a latpy tensor."""
    flat, _ = _randn(rng, shape)
    t = real_torch.tensor(flat, dtype=real_torch.float64).reshape(shape)
    lt_t = lt.tensor(flat).reshape(shape)
    if grad:
        t.requires_grad_(True)
        lt_t = lt_t.detach().requires_grad_(True)
    return t, lt_t


def _to_lt(t):
    return lt.tensor(t.detach().reshape(-1).tolist()).reshape(tuple(t.shape))


class _OracleCase(unittest.TestCase):
    def assertClose(self, ours, theirs, what):
        a = ours.detach().reshape(-1).tolist()
        b = theirs.detach().reshape(-1).tolist()
        self.assertEqual(tuple(ours.shape), tuple(theirs.shape), what)
        for i, (x, y) in enumerate(zip(a, b)):
            if not abs(x - y) <= ATOL + RTOL * abs(y):
                self.fail(f"{what}: element {i}: latpy {x!r} vs torch {y!r}")

    def copy_weights(self, ours, theirs):
        state = {k: _to_lt(v) for k, v in theirs.state_dict().items()}
        self.assertEqual(list(ours.state_dict()), list(state))
        ours.load_state_dict(state)

    def check_backward(self, rng, ours_outs, theirs_outs, ours, theirs, leaves, what):
        """Backward a random linear loss of all outputs; compare every gradient."""
        loss_t, loss_l = 0.0, 0.0
        for o_l, o_t in zip(ours_outs, theirs_outs):
            self.assertClose(o_l, o_t, f"{what}: forward")
            w_t, w_l = _pair(rng, tuple(o_t.shape), grad=False)
            loss_t = loss_t + (o_t * w_t).sum()
            loss_l = loss_l + (o_l * w_l).sum()
        loss_t.backward()
        loss_l.backward()
        ours_params = dict(ours.named_parameters())
        for name, p in theirs.named_parameters():
            self.assertClose(ours_params[name].grad, p.grad, f"{what}: grad of {name}")
        for k, (leaf_l, leaf_t) in enumerate(leaves):
            self.assertClose(leaf_l.grad, leaf_t.grad, f"{what}: grad of input {k}")


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestRecurrentLayersVsTorch(_OracleCase):
    def run_layer(self, mode, seed):
        rng = random.Random(seed)
        input_size, hidden = rng.randint(1, 4), rng.randint(2, 5)
        num_layers, bidirectional = rng.randint(1, 3), rng.random() < 0.5
        bias, batch_first = rng.random() < 0.8, rng.random() < 0.5
        kwargs = dict(num_layers=num_layers, bias=bias, batch_first=batch_first,
                      bidirectional=bidirectional)
        if mode == "RNN":
            kwargs["nonlinearity"] = rng.choice(["tanh", "relu"])
        if mode == "LSTM" and rng.random() < 0.3:
            kwargs["proj_size"] = rng.randint(1, hidden - 1)
        eval_dropout = num_layers > 1 and rng.random() < 0.3
        if eval_dropout:
            kwargs["dropout"] = 0.5
        theirs = getattr(real_torch.nn, mode)(input_size, hidden, **kwargs).double()
        ours = getattr(lt.nn, mode)(input_size, hidden, **kwargs)
        if eval_dropout:  # dropout between layers must vanish in eval mode
            theirs.eval()
            ours.eval()
        self.copy_weights(ours, theirs)
        seq, batch = rng.randint(1, 5), rng.randint(1, 3)
        batched = rng.random() < 0.8
        shape = ((batch, seq) if batch_first else (seq, batch)) if batched else (seq,)
        x_t, x_l = _pair(rng, shape + (input_size,))
        leaves = [(x_l, x_t)]
        args_t, args_l = (x_t,), (x_l,)
        if rng.random() < 0.5:  # explicit initial states
            d = (2 if bidirectional else 1) * num_layers
            out_h = kwargs.get("proj_size", 0) or hidden
            sizes = [(d,) + ((batch,) if batched else ()) + (out_h,)]
            if mode == "LSTM":
                sizes.append((d,) + ((batch,) if batched else ()) + (hidden,))
            states = [_pair(rng, s) for s in sizes]
            leaves += [(s_l, s_t) for s_t, s_l in states]
            if mode == "LSTM":
                args_t += (tuple(s[0] for s in states),)
                args_l += (tuple(s[1] for s in states),)
            else:
                args_t, args_l = args_t + (states[0][0],), args_l + (states[0][1],)
        out_t, h_t = theirs(*args_t)
        out_l, h_l = ours(*args_l)
        outs_t = [out_t] + (list(h_t) if mode == "LSTM" else [h_t])
        outs_l = [out_l] + (list(h_l) if mode == "LSTM" else [h_l])
        self.check_backward(rng, outs_l, outs_t, ours, theirs, leaves,
                            f"{mode} seed={seed} {kwargs} batched={batched}")

    def test_rnn(self):
        for seed in range(N_CONFIGS):
            self.run_layer("RNN", seed)

    def test_lstm(self):
        for seed in range(N_CONFIGS):
            self.run_layer("LSTM", 1000 + seed)

    def test_gru(self):
        for seed in range(N_CONFIGS):
            self.run_layer("GRU", 2000 + seed)

    def test_double_backward(self):
        """Gradients of a gradient norm (create_graph=True) agree too."""
        rng = random.Random(7)
        for mode in ("RNN", "LSTM", "GRU"):
            theirs = getattr(real_torch.nn, mode)(2, 3, num_layers=2,
                                                  bidirectional=True).double()
            ours = getattr(lt.nn, mode)(2, 3, num_layers=2, bidirectional=True)
            self.copy_weights(ours, theirs)
            x_t, x_l = _pair(rng, (4, 2, 2))
            for lib, module, x in ((real_torch, theirs, x_t), (lt, ours, x_l)):
                (g,) = lib.autograd.grad(module(x)[0].sum(), x, create_graph=True)
                (g * g).sum().backward()
            ours_params = dict(ours.named_parameters())
            for name, p in theirs.named_parameters():
                self.assertClose(ours_params[name].grad, p.grad, f"{mode} 2nd order {name}")
            self.assertClose(x_l.grad, x_t.grad, f"{mode} 2nd order input")

    def test_state_dict_keys_and_shapes(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for mode, kw in [("RNN", {}), ("GRU", {"bias": False}),
                             ("LSTM", {"proj_size": 2}), ("LSTM", {})]:
                theirs = getattr(real_torch.nn, mode)(3, 4, num_layers=2, bidirectional=True,
                                                      **kw)
                ours = getattr(lt.nn, mode)(3, 4, num_layers=2, bidirectional=True, **kw)
                self.assertEqual([(k, tuple(v.shape)) for k, v in ours.state_dict().items()],
                                 [(k, tuple(v.shape)) for k, v in theirs.state_dict().items()])
                self.assertEqual(repr(ours), repr(theirs))


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestRecurrentCellsVsTorch(_OracleCase):
    def run_cell(self, name, seed):
        rng = random.Random(seed)
        input_size, hidden, bias = rng.randint(1, 4), rng.randint(1, 5), rng.random() < 0.8
        kwargs = {"bias": bias}
        if name == "RNNCell":
            kwargs["nonlinearity"] = rng.choice(["tanh", "relu"])
        theirs = getattr(real_torch.nn, name)(input_size, hidden, **kwargs).double()
        ours = getattr(lt.nn, name)(input_size, hidden, **kwargs)
        self.copy_weights(ours, theirs)
        batched = rng.random() < 0.7
        lead = (rng.randint(1, 3),) if batched else ()
        x_t, x_l = _pair(rng, lead + (input_size,))
        leaves, args_t, args_l = [(x_l, x_t)], (x_t,), (x_l,)
        if rng.random() < 0.6:
            states = [_pair(rng, lead + (hidden,)) for _ in range(2 if name == "LSTMCell"
                                                                   else 1)]
            leaves += [(s_l, s_t) for s_t, s_l in states]
            if name == "LSTMCell":
                args_t += (tuple(s[0] for s in states),)
                args_l += (tuple(s[1] for s in states),)
            else:
                args_t, args_l = args_t + (states[0][0],), args_l + (states[0][1],)
        out_t, out_l = theirs(*args_t), ours(*args_l)
        outs_t = list(out_t) if name == "LSTMCell" else [out_t]
        outs_l = list(out_l) if name == "LSTMCell" else [out_l]
        self.check_backward(rng, outs_l, outs_t, ours, theirs, leaves,
                            f"{name} seed={seed} {kwargs} batched={batched}")

    def test_cells(self):
        for name in ("RNNCell", "LSTMCell", "GRUCell"):
            for seed in range(N_CONFIGS):
                self.run_cell(name, seed)
            self.assertEqual(repr(getattr(lt.nn, name)(3, 4, bias=False)),
                             repr(getattr(real_torch.nn, name)(3, 4, bias=False)))


if __name__ == "__main__":
    unittest.main()
