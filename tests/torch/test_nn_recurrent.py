"""nn.RNN / LSTM / GRU and their cells: shapes, hand-checked values, gradients
(central finite differences along random directions), dropout, state_dict names
and errors. PyTorch itself is compared in tests/oracle/test_nn_recurrent_torch.py."""

from __future__ import annotations

import doctest
import itertools
import math
import random
import unittest
import warnings

import latpy.torch as torch
from latpy.torch.nn import layers_recurrent

nn = torch.nn
EPS = 1e-6


def sig(v):
    return 1.0 / (1.0 + math.exp(-v))


def directional_check(test, loss_fn, tensors, rng, what=""):
    """d loss / d t along a random direction v, for each t: autograd's <grad, v> against
    (loss(t + eps v) - loss(t - eps v)) / (2 eps)."""
    for t in tensors:
        t.grad = None
    loss_fn().backward()
    for k, t in enumerate(tensors):
        v = [rng.uniform(-1.0, 1.0) for _ in range(t.numel())]
        analytic = sum(g * d for g, d in zip(t.grad.reshape(-1).tolist(), v))
        base = t.data.copy()
        values = []
        for sign in (1.0, -1.0):
            shifted = [b + sign * EPS * d for b, d in zip(base.reshape(-1).tolist(), v)]
            t.data[...] = torch.tensor(shifted).reshape(tuple(t.shape)).data
            with torch.no_grad():
                values.append(loss_fn().item())
        t.data[...] = base
        numeric = (values[0] - values[1]) / (2 * EPS)
        test.assertAlmostEqual(analytic, numeric, delta=1e-6 * (1 + abs(numeric)),
                               msg=f"{what} tensor {k}")


def weighted_sum(outputs, rng_seed=0):
    """A fixed random linear functional of several tensors (a scalar loss)."""
    rng = random.Random(rng_seed)
    total = 0.0
    for o in outputs:
        w = torch.tensor([rng.uniform(-1, 1) for _ in range(o.numel())]).reshape(tuple(o.shape))
        total = total + (o * w).sum()
    return total


class TestShapes(unittest.TestCase):
    def test_all_argument_combinations(self):
        T, N, I, H = 3, 2, 4, 5
        for mode, layers, bidi, batch_first, batched, proj in itertools.product(
                ("RNN", "LSTM", "GRU"), (1, 2), (False, True), (False, True), (False, True),
                (0, 2)):
            if proj and mode != "LSTM":
                continue
            kw = {"proj_size": proj} if proj else {}
            m = getattr(nn, mode)(I, H, num_layers=layers, bidirectional=bidi,
                                  batch_first=batch_first, **kw)
            shape = ((N, T) if batch_first else (T, N)) if batched else (T,)
            out, state = m(torch.randn(*shape, I))
            D, Hout = 2 if bidi else 1, proj or H
            self.assertEqual(tuple(out.shape), shape + (D * Hout,))
            lead = (D * layers, N) if batched else (D * layers,)
            if mode == "LSTM":
                h, c = state
                self.assertEqual(tuple(h.shape), lead + (Hout,))
                self.assertEqual(tuple(c.shape), lead + (H,))
            else:
                self.assertEqual(tuple(state.shape), lead + (H,))

    def test_cells(self):
        for cls in (nn.RNNCell, nn.LSTMCell, nn.GRUCell):
            cell = cls(3, 4)
            for lead in ((), (2,)):
                out = cell(torch.randn(*lead, 3))
                outs = out if cls is nn.LSTMCell else (out,)
                for o in outs:
                    self.assertEqual(tuple(o.shape), lead + (4,))

    def test_parameter_names_and_shapes(self):
        lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2)
        names = [(k, tuple(v.shape)) for k, v in lstm.state_dict().items()]
        expected = []
        for layer, suffix in itertools.product((0, 1), ("", "_reverse")):
            width = 3 if layer == 0 else 4
            expected += [(f"weight_ih_l{layer}{suffix}", (16, width)),
                         (f"weight_hh_l{layer}{suffix}", (16, 2)),
                         (f"bias_ih_l{layer}{suffix}", (16,)),
                         (f"bias_hh_l{layer}{suffix}", (16,)),
                         (f"weight_hr_l{layer}{suffix}", (2, 4))]
        self.assertEqual(names, expected)
        self.assertEqual(list(nn.GRU(2, 3, bias=False).state_dict()),
                         ["weight_ih_l0", "weight_hh_l0"])
        self.assertEqual(list(nn.GRUCell(2, 3).state_dict()),
                         ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
        self.assertEqual(len(lstm.all_weights), 4)

    def test_default_init_range(self):
        for m in (nn.LSTM(3, 16, num_layers=2), nn.GRUCell(3, 16), nn.RNN(3, 16)):
            bound = 1 / math.sqrt(16)
            for p in m.parameters():
                values = p.reshape(-1).tolist()
                self.assertTrue(all(-bound <= v <= bound for v in values))
                self.assertGreater(max(values) - min(values), bound)  # not constant


class TestValues(unittest.TestCase):
    def set_all(self, module, value):
        for p in module.parameters():
            p.data.fill(value)

    def test_rnn_cell_by_hand(self):
        cell = nn.RNNCell(1, 1)
        self.set_all(cell, 0.5)
        h = cell(torch.tensor([[2.0]]), torch.tensor([[1.0]]))
        self.assertAlmostEqual(h.item(), math.tanh(0.5 * 2 + 0.5 + 0.5 * 1 + 0.5), places=14)
        relu = nn.RNNCell(1, 1, nonlinearity="relu")
        self.set_all(relu, -1.0)
        self.assertEqual(relu(torch.tensor([[2.0]])).item(), 0.0)

    def test_lstm_two_steps_by_hand(self):
        lstm = nn.LSTM(1, 1)
        self.set_all(lstm, 0.1)
        out, (h, c) = lstm(torch.tensor([[[1.0]], [[-2.0]]]))
        hh, cc = 0.0, 0.0
        expected = []
        for x in (1.0, -2.0):
            a = 0.1 * x + 0.1 * hh + 0.2
            cc = sig(a) * cc + sig(a) * math.tanh(a)
            hh = sig(a) * math.tanh(cc)
            expected.append(hh)
        self.assertEqual(len(out.reshape(-1).tolist()), 2)
        for got, want in zip(out.reshape(-1).tolist(), expected):
            self.assertAlmostEqual(got, want, places=14)
        self.assertAlmostEqual(h.item(), expected[-1], places=14)
        self.assertAlmostEqual(c.item(), cc, places=14)

    def test_gru_step_by_hand(self):
        gru = nn.GRUCell(1, 1)
        for p, v in zip(gru.parameters(), ([[0.3], [0.2], [0.1]], [[0.4], [0.5], [0.6]],
                                            [0.1, 0.2, 0.3], [0.05, 0.15, 0.25])):
            p.data[...] = torch.tensor(v).data
        x, h = 2.0, -1.0
        r = sig(0.3 * x + 0.1 + 0.4 * h + 0.05)
        z = sig(0.2 * x + 0.2 + 0.5 * h + 0.15)
        n = math.tanh(0.1 * x + 0.3 + r * (0.6 * h + 0.25))
        got = gru(torch.tensor([[x]]), torch.tensor([[h]])).item()
        self.assertAlmostEqual(got, (1 - z) * n + z * h, places=14)

    def test_layer_matches_cell_loop(self):
        for layer_cls, cell_cls in ((nn.RNN, nn.RNNCell), (nn.LSTM, nn.LSTMCell),
                                    (nn.GRU, nn.GRUCell)):
            layer, cell = layer_cls(3, 4), cell_cls(3, 4)
            cell.load_state_dict({k[:-3]: v for k, v in layer.state_dict().items()})
            x = torch.randn(5, 2, 3)
            out, _ = layer(x)
            state = None
            for t in range(5):
                state = cell(x[t], state)
                h = state[0] if cell_cls is nn.LSTMCell else state
                self.assertTrue(torch.allclose(out[t], h, rtol=1e-12, atol=1e-14))

    def test_reverse_direction_is_the_flipped_sequence(self):
        for mode in ("RNN", "LSTM", "GRU"):
            bi, uni = getattr(nn, mode)(2, 3, bidirectional=True), getattr(nn, mode)(2, 3)
            uni.load_state_dict({k[:-len("_reverse")]: v for k, v in bi.state_dict().items()
                                 if k.endswith("_reverse")})
            x = torch.randn(4, 2, 2)
            out, _ = bi(x)
            rev, _ = uni(x.flip(0))
            self.assertTrue(torch.allclose(out[:, :, 3:], rev.flip(0), atol=1e-14))

    def test_batch_first_and_unbatched_agree(self):
        for mode in ("RNN", "LSTM", "GRU"):
            a = getattr(nn, mode)(2, 3, num_layers=2)
            b = getattr(nn, mode)(2, 3, num_layers=2, batch_first=True)
            b.load_state_dict(a.state_dict())
            x = torch.randn(4, 3, 2)
            out_a, _ = a(x)
            out_b, _ = b(x.transpose(0, 1))
            self.assertTrue(torch.allclose(out_a, out_b.transpose(0, 1), atol=1e-14))
            single, h1 = a(x[:, 0])
            self.assertTrue(torch.allclose(single, out_a[:, 0], atol=1e-14))
            self.assertEqual(tuple((h1[0] if mode == "LSTM" else h1).shape), (2, 3))

    def test_initial_state_is_used(self):
        rnn = nn.GRU(2, 3, num_layers=2)
        x = torch.randn(3, 1, 2)
        zero, _ = rnn(x, torch.zeros(2, 1, 3))
        self.assertTrue(torch.allclose(zero, rnn(x)[0]))
        other, _ = rnn(x, torch.ones(2, 1, 3))
        self.assertFalse(torch.allclose(zero, other))


class TestGradients(unittest.TestCase):
    def test_layers_finite_differences(self):
        rng = random.Random(0)
        configs = [("RNN", dict(num_layers=2, nonlinearity="tanh")),
                   ("RNN", dict(bidirectional=True, nonlinearity="relu")),
                   ("LSTM", dict(num_layers=2, bidirectional=True)),
                   ("LSTM", dict(proj_size=1, batch_first=True)),
                   ("GRU", dict(num_layers=2, bidirectional=True, bias=False)),
                   ("GRU", dict())]
        for mode, kw in configs:
            m = getattr(nn, mode)(2, 2, **kw)
            layers = kw.get("num_layers", 1) * (2 if kw.get("bidirectional") else 1)
            x = torch.randn(*((2, 3) if kw.get("batch_first") else (3, 2)), 2,
                            requires_grad=True)  # seq 3, batch 2, features 2
            h0 = torch.randn(layers, 2, kw.get("proj_size", 0) or 2, requires_grad=True)
            states = [h0]
            if mode == "LSTM":
                states.append(torch.randn(layers, 2, 2, requires_grad=True))

            def loss():
                out, hn = m(x, tuple(states) if mode == "LSTM" else states[0])
                return weighted_sum([out] + (list(hn) if mode == "LSTM" else [hn]))
            directional_check(self, loss, list(m.parameters()) + [x] + states, rng,
                              f"{mode} {kw}")

    def test_cells_finite_differences(self):
        rng = random.Random(1)
        for cls in (nn.RNNCell, nn.LSTMCell, nn.GRUCell):
            cell = cls(3, 2)
            x = torch.randn(2, 3, requires_grad=True)
            h = torch.randn(2, 2, requires_grad=True)
            c = torch.randn(2, 2, requires_grad=True)

            def loss():
                out = cell(x, (h, c)) if cls is nn.LSTMCell else cell(x, h)
                return weighted_sum(list(out) if cls is nn.LSTMCell else [out])
            leaves = [x, h] + ([c] if cls is nn.LSTMCell else [])
            directional_check(self, loss, list(cell.parameters()) + leaves, rng, cls.__name__)


class TestDropout(unittest.TestCase):
    def test_between_layers_in_training_only(self):
        torch.manual_seed(0)
        lstm = nn.LSTM(3, 4, num_layers=2, dropout=1.0)
        x1, x2 = torch.randn(5, 2, 3), torch.randn(5, 2, 3)
        # with everything dropped, the second layer sees zeros: its output ignores x
        self.assertTrue(torch.allclose(lstm(x1)[0], lstm(x2)[0]))
        lstm.eval()
        self.assertFalse(torch.allclose(lstm(x1)[0], lstm(x2)[0]))
        a, b = lstm(x1)[0], lstm(x1)[0]
        self.assertTrue(torch.equal(a, b))

    def test_partial_dropout_changes_training_output(self):
        torch.manual_seed(0)
        gru = nn.GRU(3, 8, num_layers=2, dropout=0.5)
        x = torch.randn(4, 2, 3)
        train_out = gru(x)[0]
        gru.eval()
        self.assertFalse(torch.allclose(train_out, gru(x)[0]))

    def test_warning_for_single_layer(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            nn.RNN(2, 3, dropout=0.2)
        self.assertTrue(any("num_layers greater than 1" in str(w.message) for w in caught))


class TestErrors(unittest.TestCase):
    def test_constructor_errors(self):
        with self.assertRaises(ValueError):
            nn.RNN(2, 3, nonlinearity="sigmoid")
        with self.assertRaises(ValueError):
            nn.LSTM(2, 3, dropout=1.5)
        with self.assertRaises(ValueError):
            nn.GRU(2, 0)
        with self.assertRaises(TypeError):
            nn.GRU(2, 3.0)
        with self.assertRaises(ValueError):
            nn.LSTM(2, 3, proj_size=3)
        with self.assertRaises(ValueError):
            nn.RNNBase("GRU", 2, 3, proj_size=1)

    def test_forward_errors(self):
        lstm = nn.LSTM(3, 4)
        with self.assertRaisesRegex(ValueError, "2D or 3D"):
            lstm(torch.randn(1, 2, 3, 3))
        with self.assertRaisesRegex(RuntimeError, "sequence length"):
            lstm(torch.zeros(0, 2, 3))
        with self.assertRaisesRegex(ValueError, "dtype"):
            lstm(torch.zeros(2, 2, 3, dtype=torch.int64))
        with self.assertRaisesRegex(RuntimeError, "input_size. Expected 3, got 2"):
            lstm(torch.randn(5, 2, 2))
        with self.assertRaisesRegex(RuntimeError, r"Expected hidden\[0\] size \(1, 2, 4\)"):
            lstm(torch.randn(5, 2, 3), (torch.zeros(1, 3, 4), torch.zeros(1, 2, 4)))
        with self.assertRaisesRegex(RuntimeError, r"hidden\[1\] size \(1, 2, 4\)"):
            lstm(torch.randn(5, 2, 3), (torch.zeros(1, 2, 4), torch.zeros(1, 2, 5)))
        with self.assertRaisesRegex(RuntimeError, "3-D"):
            nn.GRU(3, 4)(torch.randn(5, 2, 3), torch.zeros(2, 4))
        with self.assertRaisesRegex(RuntimeError, "Expected hidden size"):
            nn.GRU(3, 4)(torch.randn(5, 2, 3), torch.zeros(2, 2, 4))
        with self.assertRaises(ValueError):
            nn.GRUCell(3, 4)(torch.randn(1, 2, 3))
        with self.assertRaises(RuntimeError):
            nn.GRUCell(3, 4)(torch.randn(2, 5))
        with self.assertRaises(RuntimeError):
            nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.zeros(3, 4), torch.zeros(2, 4)))

    def test_repr(self):
        self.assertEqual(repr(nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True)),
                         "LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)")
        self.assertEqual(repr(nn.RNNCell(3, 4, bias=False, nonlinearity="relu")),
                         "RNNCell(3, 4, bias=False, nonlinearity=relu)")


class TestDocstrings(unittest.TestCase):
    def test_examples_run(self):
        result = doctest.testmod(layers_recurrent, optionflags=doctest.ELLIPSIS)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)


if __name__ == "__main__":
    unittest.main()
