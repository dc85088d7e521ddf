"""scaled_dot_product_attention, MultiheadAttention, TransformerEncoderLayer and
TransformerEncoder: shapes, hand-checked values, masks, gradients (finite
differences along random directions), state_dict names and errors. PyTorch itself
is compared in tests/oracle/test_nn_attention_torch.py."""

from __future__ import annotations

import doctest
import itertools
import math
import random
import unittest

import latpy.torch as torch
import latpy.torch.nn.functional as F
from latpy.torch.nn import functional_attention, layers_transformer

from tests.torch.test_nn_recurrent import directional_check, weighted_sum

nn = torch.nn


def softmax_list(values):
    m = max(values)
    e = [math.exp(v - m) for v in values]
    return [x / sum(e) for x in e]


class TestScaledDotProductAttention(unittest.TestCase):
    def test_by_hand(self):
        q = torch.tensor([[1.0, 0.0], [0.0, 2.0]])
        k = torch.tensor([[1.0, 1.0], [2.0, -1.0], [0.0, 1.0]])
        v = torch.tensor([[1.0], [10.0], [100.0]])
        out = F.scaled_dot_product_attention(q, k, v)
        for row, qi in zip(out.tolist(), q.tolist()):
            scores = [sum(a * b for a, b in zip(qi, kj)) / math.sqrt(2) for kj in k.tolist()]
            w = softmax_list(scores)
            self.assertAlmostEqual(row[0], w[0] + 10 * w[1] + 100 * w[2], places=12)
        scaled = F.scaled_dot_product_attention(q, k, v, scale=0.0)
        self.assertTrue(torch.allclose(scaled, torch.full((2, 1), 37.0)))

    def test_causal(self):
        q, k, v = torch.randn(2, 4, 3), torch.randn(2, 4, 3), torch.randn(2, 4, 5)
        out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        self.assertTrue(torch.allclose(out[:, 0], v[:, 0]))  # the first query sees key 0 only
        mask = torch.tensor([[j <= i for j in range(4)] for i in range(4)])
        self.assertTrue(torch.allclose(out, F.scaled_dot_product_attention(q, k, v, mask)))
        with self.assertRaises(RuntimeError):
            F.scaled_dot_product_attention(q, k, v, mask, is_causal=True)

    def test_bool_mask_equals_float_mask(self):
        rng = random.Random(0)
        q, k, v = torch.randn(3, 2, 4), torch.randn(3, 5, 4), torch.randn(3, 5, 2)
        allowed = [[rng.random() < 0.6 or j == 0 for j in range(5)] for _ in range(2)]
        as_float = torch.tensor([[0.0 if a else -math.inf for a in row] for row in allowed])
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=torch.tensor(allowed))
        b = F.scaled_dot_product_attention(q, k, v, attn_mask=as_float)
        self.assertTrue(torch.allclose(a, b))

    def test_fully_masked_row_gives_zeros_and_finite_gradients(self):
        q = torch.randn(2, 3, 4, requires_grad=True)
        k = torch.randn(2, 5, 4, requires_grad=True)
        v = torch.randn(2, 5, 4, requires_grad=True)
        mask = torch.tensor([[True] * 5, [False] * 5, [True, False, True, False, False]])
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        self.assertEqual(out[:, 1].abs().sum().item(), 0.0)
        out.sum().backward()
        for t in (q, k, v):
            self.assertTrue(bool(torch.isfinite(t.grad).all()))
        self.assertEqual(q.grad[:, 1].abs().sum().item(), 0.0)

    def test_gqa_repeats_key_value_heads(self):
        q, k, v = torch.randn(2, 6, 3, 4), torch.randn(2, 2, 5, 4), torch.randn(2, 2, 5, 3)
        out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
        k_rep = torch.cat([k[:, i:i + 1].expand(2, 3, 5, 4) for i in range(2)], 1)
        v_rep = torch.cat([v[:, i:i + 1].expand(2, 3, 5, 3) for i in range(2)], 1)
        self.assertTrue(torch.allclose(out, F.scaled_dot_product_attention(q, k_rep, v_rep)))

    def test_dropout(self):
        q = k = v = torch.randn(2, 3, 4)
        self.assertEqual(F.scaled_dot_product_attention(q, k, v, dropout_p=1.0).abs().sum()
                         .item(), 0.0)

    def test_gradients(self):
        rng = random.Random(2)
        q = torch.randn(2, 3, 4, requires_grad=True)
        k = torch.randn(2, 5, 4, requires_grad=True)
        v = torch.randn(2, 5, 3, requires_grad=True)
        bias = torch.randn(3, 5, requires_grad=True)
        directional_check(self, lambda: weighted_sum([F.scaled_dot_product_attention(
            q, k, v, attn_mask=bias, scale=0.7)]), [q, k, v, bias], rng, "sdpa")

    def test_shape_and_dtype_errors(self):
        q = torch.randn(2, 3, 4)
        with self.assertRaises(RuntimeError):
            F.scaled_dot_product_attention(q, q, q, attn_mask=torch.zeros(3, 3, dtype=torch.int64))
        with self.assertRaises(RuntimeError):
            F.scaled_dot_product_attention(torch.randn(2, 3, 4), torch.randn(2, 5, 3),
                                           torch.randn(2, 5, 3))


class TestMultiheadAttention(unittest.TestCase):
    def test_shapes(self):
        E, H, L, S, N = 6, 3, 4, 5, 2
        for batch_first, batched, need, average, cross in itertools.product(
                (False, True), (False, True), (False, True), (False, True), (False, True)):
            mha = nn.MultiheadAttention(E, H, batch_first=batch_first,
                                        kdim=3 if cross else None, vdim=2 if cross else None)
            lead = (lambda n: ((N, n) if batch_first else (n, N))) if batched else \
                (lambda n: (n,))
            q = torch.randn(*lead(L), E)
            k = torch.randn(*lead(S), 3 if cross else E)
            v = torch.randn(*lead(S), 2 if cross else E)
            out, w = mha(q, k, v, need_weights=need, average_attn_weights=average)
            self.assertEqual(tuple(out.shape), lead(L) + (E,))
            if not need:
                self.assertIsNone(w)
                continue
            expected = ((N,) if batched else ()) + (() if average else (H,)) + (L, S)
            self.assertEqual(tuple(w.shape), expected)
            sums = w.sum(-1).reshape(-1).tolist()
            self.assertTrue(all(abs(s - 1.0) < 1e-12 for s in sums))

    def test_single_head_by_hand(self):
        mha = nn.MultiheadAttention(2, 1)
        x = torch.randn(3, 1, 2)
        out, w = mha(x, x, x)
        wq, wk, wv = mha.in_proj_weight.split(2)
        b = mha.in_proj_bias
        q, k, v = x[:, 0] @ wq.T + b[:2], x[:, 0] @ wk.T + b[2:4], x[:, 0] @ wv.T + b[4:]
        weights = torch.softmax(q @ k.T / math.sqrt(2), -1)
        expected = (weights @ v) @ mha.out_proj.weight.T + mha.out_proj.bias
        self.assertTrue(torch.allclose(out[:, 0], expected, atol=1e-14))
        self.assertTrue(torch.allclose(w[0], weights, atol=1e-14))

    def test_need_weights_does_not_change_output(self):
        mha = nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True)
        x = torch.randn(3, 2, 4)
        a, _ = mha(x, x, x)
        b, _ = mha(x, x, x, need_weights=False)
        self.assertTrue(torch.allclose(a, b))

    def test_masks(self):
        mha = nn.MultiheadAttention(4, 2, batch_first=True)
        x = torch.randn(2, 4, 4)
        pad = torch.tensor([[False, False, True, True], [False, False, False, False]])
        _, w = mha(x, x, x, key_padding_mask=pad, average_attn_weights=False)
        self.assertEqual(w[0, :, :, 2:].abs().sum().item(), 0.0)
        causal = torch.tensor([[j > i for j in range(4)] for i in range(4)])  # True = blocked
        out, w = mha(x, x, x, attn_mask=causal)
        self.assertTrue(all(w[b, i, j].item() == 0.0 for b in range(2) for i in range(4)
                            for j in range(i + 1, 4)))
        out_causal, _ = mha(x, x, x, attn_mask=causal, is_causal=True, need_weights=False)
        self.assertTrue(torch.allclose(out, out_causal))
        float_mask = torch.where(causal, -math.inf, 0.0)
        self.assertTrue(torch.allclose(out, mha(x, x, x, attn_mask=float_mask)[0]))
        with self.assertRaises(RuntimeError):
            mha(x, x, x, is_causal=True)

    def test_fully_padded_key_rows(self):
        mha = nn.MultiheadAttention(2, 1)
        x = torch.randn(2, 1, 2)
        pad = torch.tensor([[True, True]])
        out, w = mha(x, x, x, key_padding_mask=pad)  # softmax of all -inf: nan, as PyTorch
        self.assertTrue(bool(torch.isnan(w).all()))
        out, _ = mha(x, x, x, key_padding_mask=pad, need_weights=False)
        self.assertTrue(torch.allclose(out, mha.out_proj.bias.expand(2, 1, 2)))

    def test_parameters_and_init(self):
        mha = nn.MultiheadAttention(6, 2, add_bias_kv=True)
        self.assertEqual([(k, tuple(v.shape)) for k, v in mha.state_dict().items()],
                         [("in_proj_weight", (18, 6)), ("in_proj_bias", (18,)),
                          ("bias_k", (1, 1, 6)), ("bias_v", (1, 1, 6)),
                          ("out_proj.weight", (6, 6)), ("out_proj.bias", (6,))])
        self.assertEqual(mha.in_proj_bias.abs().sum().item(), 0.0)
        self.assertEqual(mha.out_proj.bias.abs().sum().item(), 0.0)
        bound = math.sqrt(6.0 / (18 + 6))
        self.assertLessEqual(mha.in_proj_weight.abs().max().item(), bound)
        cross = nn.MultiheadAttention(4, 2, kdim=3, vdim=5, bias=False)
        self.assertEqual([(k, tuple(v.shape)) for k, v in cross.state_dict().items()],
                         [("q_proj_weight", (4, 4)), ("k_proj_weight", (4, 3)),
                          ("v_proj_weight", (4, 5)), ("out_proj.weight", (4, 4))])

    def test_gradients(self):
        rng = random.Random(3)
        for kw in ({}, {"add_bias_kv": True, "add_zero_attn": True}, {"kdim": 3, "vdim": 2}):
            mha = nn.MultiheadAttention(4, 2, **kw)
            q = torch.randn(3, 2, 4, requires_grad=True)
            k = torch.randn(2, 2, kw.get("kdim", 4), requires_grad=True)
            v = torch.randn(2, 2, kw.get("vdim", 4), requires_grad=True)
            pad = torch.tensor([[False, True], [False, False]])
            directional_check(self, lambda: weighted_sum(list(mha(q, k, v,
                                                                  key_padding_mask=pad))),
                              list(mha.parameters()) + [q, k, v], rng, f"mha {kw}")

    def test_errors(self):
        with self.assertRaises(AssertionError):
            nn.MultiheadAttention(5, 2)
        with self.assertRaises(ValueError):
            nn.MultiheadAttention(0, 2)
        mha = nn.MultiheadAttention(4, 2)
        x = torch.randn(3, 2, 4)
        with self.assertRaises(AssertionError):
            mha(x, x, x, key_padding_mask=torch.zeros(2, 3, 1, dtype=torch.bool))
        with self.assertRaises(RuntimeError):
            mha(x, x, x, attn_mask=torch.zeros(2, 3, dtype=torch.bool))
        with self.assertRaises(AssertionError):
            mha(x, x, x, attn_mask=torch.zeros(3, 3, dtype=torch.int64))
        with self.assertRaises(AssertionError):
            mha(torch.randn(1, 3, 2, 4), x, x)


class TestTransformerEncoder(unittest.TestCase):
    def test_layer_shapes_and_options(self):
        for batch_first, norm_first, activation, bias in itertools.product(
                (False, True), (False, True), ("relu", "gelu", torch.tanh), (True, False)):
            layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation=activation,
                                               batch_first=batch_first, norm_first=norm_first,
                                               bias=bias)
            x = torch.randn(3, 5, 8)
            self.assertEqual(tuple(layer(x).shape), (3, 5, 8))
            self.assertEqual(tuple(layer(x[0]).shape), (5, 8))

    def test_state_dict_keys(self):
        keys = list(nn.TransformerEncoderLayer(8, 2, 16).state_dict())
        self.assertEqual(keys, ["self_attn.in_proj_weight", "self_attn.in_proj_bias",
                                "self_attn.out_proj.weight", "self_attn.out_proj.bias",
                                "linear1.weight", "linear1.bias", "linear2.weight",
                                "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight",
                                "norm2.bias"])
        enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2)
        self.assertEqual(len(enc.state_dict()), 24)
        self.assertTrue(all(k.startswith(("layers.0.", "layers.1.")) for k in enc.state_dict()))

    def test_post_norm_by_hand(self):
        layer = nn.TransformerEncoderLayer(4, 1, 6, dropout=0.0)
        x = torch.randn(3, 2, 4)
        sa = layer.self_attn(x, x, x, need_weights=False)[0]
        h = x + sa
        h = (h - h.mean(-1, keepdim=True)) / (h.var(-1, unbiased=False, keepdim=True)
                                              + 1e-5).sqrt()
        ff = layer.linear2(layer.linear1(h).relu())
        y = h + ff
        y = (y - y.mean(-1, keepdim=True)) / (y.var(-1, unbiased=False, keepdim=True)
                                              + 1e-5).sqrt()
        self.assertTrue(torch.allclose(layer(x), y, atol=1e-12))

    def test_encoder_copies_layers(self):
        layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0)
        enc = nn.TransformerEncoder(layer, 3)
        w = [m.linear1.weight for m in enc.layers]
        self.assertEqual(len({id(p) for p in w + [layer.linear1.weight]}), 4)
        self.assertTrue(all(torch.equal(p, layer.linear1.weight) for p in w))
        x = torch.randn(5, 2, 4)
        expected = layer(layer(layer(x)))
        self.assertTrue(torch.allclose(enc(x), expected, atol=1e-12))
        mask = layers_transformer._generate_square_subsequent_mask(5)
        self.assertTrue(torch.allclose(enc(x, mask=mask), enc(x, mask=mask, is_causal=True)))

    def test_dropout_train_and_eval(self):
        torch.manual_seed(0)
        layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.5)
        x = torch.randn(4, 2, 8)
        self.assertFalse(torch.allclose(layer(x), layer(x)))
        layer.eval()
        self.assertTrue(torch.equal(layer(x), layer(x)))

    def test_gradients(self):
        rng = random.Random(4)
        for norm_first in (False, True):
            layer = nn.TransformerEncoderLayer(4, 2, 6, dropout=0.0, activation="gelu",
                                               norm_first=norm_first)
            x = torch.randn(3, 2, 4, requires_grad=True)
            pad = torch.tensor([[False, False, True], [False, False, False]])
            directional_check(self, lambda: weighted_sum([layer(
                x, src_key_padding_mask=pad)]), list(layer.parameters()) + [x], rng,
                f"encoder layer norm_first={norm_first}")

    def test_bad_activation(self):
        with self.assertRaises(RuntimeError):
            nn.TransformerEncoderLayer(4, 2, activation="swish")


class TestDocstrings(unittest.TestCase):
    def test_examples_run(self):
        for module in (functional_attention, layers_transformer):
            result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
            self.assertGreater(result.attempted, 0, module.__name__)
            self.assertEqual(result.failed, 0, module.__name__)


if __name__ == "__main__":
    unittest.main()
