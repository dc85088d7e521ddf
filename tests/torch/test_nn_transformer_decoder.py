"""TransformerDecoderLayer, TransformerDecoder and Transformer: shapes, hand-built
forward passes, masks, state_dict names, initialisation, train/eval, gradients
(finite differences along random directions), errors and
``Transformer.generate_square_subsequent_mask``. PyTorch itself is compared in
tests/oracle/test_nn_transformer_decoder_torch.py."""

from __future__ import annotations

import doctest
import itertools
import math
import random
import unittest

import latpy.torch as torch
import latpy.torch.nn.functional as F
from latpy.torch.nn import layers_transformer_decoder

from tests.torch.test_nn_recurrent import directional_check, weighted_sum

nn = torch.nn

# state_dict keys and shapes of PyTorch 2.13's TransformerDecoderLayer(4, 2, 6) and
# TransformerEncoderLayer(4, 2, 6), printed from torch itself.
DECODER_LAYER_KEYS = [
    ("self_attn.in_proj_weight", (12, 4)), ("self_attn.in_proj_bias", (12,)),
    ("self_attn.out_proj.weight", (4, 4)), ("self_attn.out_proj.bias", (4,)),
    ("multihead_attn.in_proj_weight", (12, 4)), ("multihead_attn.in_proj_bias", (12,)),
    ("multihead_attn.out_proj.weight", (4, 4)), ("multihead_attn.out_proj.bias", (4,)),
    ("linear1.weight", (6, 4)), ("linear1.bias", (6,)), ("linear2.weight", (4, 6)),
    ("linear2.bias", (4,)), ("norm1.weight", (4,)), ("norm1.bias", (4,)),
    ("norm2.weight", (4,)), ("norm2.bias", (4,)), ("norm3.weight", (4,)), ("norm3.bias", (4,))]
DECODER_LAYER_KEYS_NO_BIAS = [
    ("self_attn.in_proj_weight", (12, 4)), ("self_attn.out_proj.weight", (4, 4)),
    ("multihead_attn.in_proj_weight", (12, 4)), ("multihead_attn.out_proj.weight", (4, 4)),
    ("linear1.weight", (6, 4)), ("linear2.weight", (4, 6)), ("norm1.weight", (4,)),
    ("norm2.weight", (4,)), ("norm3.weight", (4,))]
ENCODER_LAYER_KEYS = [
    ("self_attn.in_proj_weight", (12, 4)), ("self_attn.in_proj_bias", (12,)),
    ("self_attn.out_proj.weight", (4, 4)), ("self_attn.out_proj.bias", (4,)),
    ("linear1.weight", (6, 4)), ("linear1.bias", (6,)), ("linear2.weight", (4, 6)),
    ("linear2.bias", (4,)), ("norm1.weight", (4,)), ("norm1.bias", (4,)),
    ("norm2.weight", (4,)), ("norm2.bias", (4,))]


def keys_and_shapes(module):
    return [(k, tuple(v.shape)) for k, v in module.state_dict().items()]


def layer_norm(x, eps=1e-5):
    return (x - x.mean(-1, keepdim=True)) / (x.var(-1, unbiased=False, keepdim=True)
                                             + eps).sqrt()


def causal_bool(n):
    return torch.tensor([[j > i for j in range(n)] for i in range(n)])  # True = blocked


class TestDecoderLayer(unittest.TestCase):
    def test_shapes_and_options(self):
        T, S, N, E = 3, 5, 2, 8
        for batch_first, norm_first, activation, bias in itertools.product(
                (False, True), (False, True), ("relu", "gelu", torch.tanh, F.relu),
                (True, False)):
            layer = nn.TransformerDecoderLayer(E, 2, 16, dropout=0.0, activation=activation,
                                               batch_first=batch_first, norm_first=norm_first,
                                               bias=bias)
            lead = (lambda n: (N, n)) if batch_first else (lambda n: (n, N))
            out = layer(torch.randn(*lead(T), E), torch.randn(*lead(S), E))
            self.assertEqual(tuple(out.shape), lead(T) + (E,))
            self.assertEqual(tuple(layer(torch.randn(T, E), torch.randn(S, E)).shape), (T, E))

    def test_defaults(self):
        layer = nn.TransformerDecoderLayer(4, 2)
        self.assertEqual(layer.linear1.out_features, 2048)
        self.assertEqual(layer.dropout.p, 0.1)
        self.assertIs(layer.activation, F.relu)
        self.assertFalse(layer.norm_first)
        self.assertFalse(layer.self_attn.batch_first)
        self.assertEqual(layer.norm3.eps, 1e-5)
        self.assertIs(nn.TransformerDecoderLayer(4, 2, activation="gelu").activation, F.gelu)

    def test_state_dict_keys(self):
        self.assertEqual(keys_and_shapes(nn.TransformerDecoderLayer(4, 2, 6)),
                         DECODER_LAYER_KEYS)
        self.assertEqual(keys_and_shapes(nn.TransformerDecoderLayer(4, 2, 6, bias=False)),
                         DECODER_LAYER_KEYS_NO_BIAS)

    def test_post_norm_by_hand(self):
        layer = nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0)
        tgt, mem = torch.randn(3, 2, 4), torch.randn(5, 2, 4)
        x = layer_norm(tgt + layer.self_attn(tgt, tgt, tgt)[0])
        x = layer_norm(x + layer.multihead_attn(x, mem, mem)[0])
        x = layer_norm(x + layer.linear2(layer.linear1(x).relu()))
        self.assertTrue(torch.allclose(layer(tgt, mem), x, atol=1e-12))

    def test_pre_norm_by_hand(self):
        layer = nn.TransformerDecoderLayer(4, 1, 6, dropout=0.0, norm_first=True,
                                           activation="gelu", layer_norm_eps=1e-3)
        with torch.no_grad():
            for norm in (layer.norm1, layer.norm2, layer.norm3):
                norm.weight.uniform_(0.5, 1.5)
                norm.bias.uniform_(-0.5, 0.5)
        tgt, mem = torch.randn(3, 2, 4), torch.randn(5, 2, 4)
        ln = lambda m, x: layer_norm(x, 1e-3) * m.weight + m.bias
        h = ln(layer.norm1, tgt)
        x = tgt + layer.self_attn(h, h, h)[0]
        x = x + layer.multihead_attn(ln(layer.norm2, x), mem, mem)[0]
        x = x + layer.linear2(F.gelu(layer.linear1(ln(layer.norm3, x))))
        self.assertTrue(torch.allclose(layer(tgt, mem), x, atol=1e-12))

    def test_causal_target_mask_hides_the_future(self):
        layer = nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0, batch_first=True)
        tgt, mem = torch.randn(2, 5, 4), torch.randn(2, 3, 4)
        mask = nn.Transformer.generate_square_subsequent_mask(5)
        out = layer(tgt, mem, tgt_mask=mask)
        changed = tgt.clone()
        changed[:, 3:] = torch.randn(2, 2, 4)
        out2 = layer(changed, mem, tgt_mask=mask)
        self.assertTrue(torch.allclose(out[:, :3], out2[:, :3], atol=1e-12))
        self.assertFalse(torch.allclose(out[:, 3:], out2[:, 3:]))
        for same in (layer(tgt, mem, tgt_mask=causal_bool(5)),
                     layer(tgt, mem, tgt_mask=mask, tgt_is_causal=True)):
            self.assertTrue(torch.allclose(out, same, atol=1e-12))
        with self.assertRaises(RuntimeError):  # an is_causal hint needs the mask
            layer(tgt, mem, tgt_is_causal=True)

    def test_memory_masks(self):
        layer = nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0)
        tgt, mem = torch.randn(3, 2, 4), torch.randn(5, 2, 4)
        pad = torch.tensor([[False, False, False, True, True], [False] * 5])
        out = layer(tgt, mem, memory_key_padding_mask=pad)
        changed = mem.clone()
        changed[3:, 0] = torch.randn(2, 4)
        self.assertTrue(torch.allclose(out, layer(tgt, changed, memory_key_padding_mask=pad),
                                       atol=1e-12))
        self.assertFalse(torch.allclose(out, layer(tgt, changed)))
        blocked = torch.tensor([[j >= 3 for j in range(5)] for _ in range(3)])  # (T, S)
        self.assertTrue(torch.allclose(layer(tgt, mem, memory_mask=blocked),
                                       layer(tgt, mem[:3]), atol=1e-12))
        float_mask = torch.where(blocked, -math.inf, 0.0)
        self.assertTrue(torch.allclose(layer(tgt, mem, memory_mask=float_mask),
                                       layer(tgt, mem[:3]), atol=1e-12))

    def test_target_key_padding(self):
        layer = nn.TransformerDecoderLayer(4, 2, 6, dropout=0.0)
        tgt, mem = torch.randn(4, 1, 4), torch.randn(2, 1, 4)
        pad = torch.tensor([[False, False, True, True]])
        out = layer(tgt, mem, tgt_key_padding_mask=pad)
        changed = tgt.clone()
        changed[2:] = torch.randn(2, 1, 4)
        out2 = layer(changed, mem, tgt_key_padding_mask=pad)  # padded keys are never read
        self.assertTrue(torch.allclose(out[:2], out2[:2], atol=1e-12))

    def test_dropout_train_and_eval(self):
        torch.manual_seed(0)
        layer = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.5)
        tgt, mem = torch.randn(4, 2, 8), torch.randn(3, 2, 8)
        self.assertFalse(torch.allclose(layer(tgt, mem), layer(tgt, mem)))
        layer.eval()
        self.assertTrue(torch.equal(layer(tgt, mem), layer(tgt, mem)))
        no_dropout = nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0)
        no_dropout.load_state_dict(layer.state_dict())
        self.assertTrue(torch.allclose(layer(tgt, mem), no_dropout(tgt, mem), atol=1e-12))

    def test_gradients(self):
        rng = random.Random(4)
        for norm_first in (False, True):
            layer = nn.TransformerDecoderLayer(4, 2, 3, dropout=0.0, activation="gelu",
                                               norm_first=norm_first)
            tgt = torch.randn(3, 2, 4, requires_grad=True)
            mem = torch.randn(2, 2, 4, requires_grad=True)
            mask = nn.Transformer.generate_square_subsequent_mask(3)
            pad = torch.tensor([[False, True], [False, False]])
            directional_check(self, lambda: weighted_sum([layer(
                tgt, mem, tgt_mask=mask, memory_key_padding_mask=pad)]),
                list(layer.parameters()) + [tgt, mem], rng,
                f"decoder layer norm_first={norm_first}")

    def test_bad_activation(self):
        with self.assertRaises(RuntimeError):
            nn.TransformerDecoderLayer(4, 2, activation="swish")
        with self.assertRaises(AssertionError):
            nn.TransformerDecoderLayer(5, 2)


class TestDecoder(unittest.TestCase):
    def test_copies_layers_and_applies_them_in_turn(self):
        layer = nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0)
        norm = nn.LayerNorm(4)
        dec = nn.TransformerDecoder(layer, 3, norm=norm)
        self.assertEqual(dec.num_layers, 3)
        self.assertIs(dec.norm, norm)
        w = [m.linear1.weight for m in dec.layers]
        self.assertEqual(len({id(p) for p in w + [layer.linear1.weight]}), 4)
        self.assertTrue(all(torch.equal(p, layer.linear1.weight) for p in w))
        tgt, mem = torch.randn(5, 2, 4), torch.randn(3, 2, 4)
        expected = norm(layer(layer(layer(tgt, mem), mem), mem))
        self.assertTrue(torch.allclose(dec(tgt, mem), expected, atol=1e-12))
        self.assertEqual(keys_and_shapes(nn.TransformerDecoder(nn.TransformerDecoderLayer(
            4, 2, 6), 2)), [(f"layers.{i}.{k}", s) for i in range(2)
                            for k, s in DECODER_LAYER_KEYS])

    def test_is_causal_detection(self):
        dec = nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0,
                                                               batch_first=True), 2)
        tgt, mem = torch.randn(2, 5, 4), torch.randn(2, 3, 4)
        mask = nn.Transformer.generate_square_subsequent_mask(5)
        out = dec(tgt, mem, tgt_mask=mask)
        for kwargs in ({"tgt_is_causal": True}, {"tgt_is_causal": False}):
            self.assertTrue(torch.allclose(out, dec(tgt, mem, tgt_mask=mask, **kwargs),
                                           atol=1e-12))
        self.assertTrue(torch.allclose(out, dec(tgt, mem, tgt_mask=causal_bool(5)),
                                       atol=1e-12))
        self.assertEqual(tuple(dec(tgt[0], mem[0], tgt_mask=mask).shape), (5, 4))


class TestTransformer(unittest.TestCase):
    def small(self, **kw):
        return nn.Transformer(4, 2, 1, 2, 6, dropout=0.0, **kw)

    def test_shapes(self):
        for batch_first in (False, True):
            model = self.small(batch_first=batch_first)
            src = torch.randn(2, 5, 4) if batch_first else torch.randn(5, 2, 4)
            tgt = torch.randn(2, 3, 4) if batch_first else torch.randn(3, 2, 4)
            self.assertEqual(tuple(model(src, tgt).shape), tuple(tgt.shape))
            self.assertEqual(tuple(model(torch.randn(5, 4), torch.randn(3, 4)).shape), (3, 4))
            self.assertEqual(model.batch_first, batch_first)
        self.assertEqual((model.d_model, model.nhead), (4, 2))

    def test_state_dict_keys(self):
        keys = ([(f"encoder.layers.0.{k}", s) for k, s in ENCODER_LAYER_KEYS]
                + [("encoder.norm.weight", (4,)), ("encoder.norm.bias", (4,))]
                + [(f"decoder.layers.{i}.{k}", s) for i in range(2)
                   for k, s in DECODER_LAYER_KEYS]
                + [("decoder.norm.weight", (4,)), ("decoder.norm.bias", (4,))])
        self.assertEqual(keys_and_shapes(self.small()), keys)
        default = nn.Transformer(8, 2, dim_feedforward=16)
        self.assertEqual((len(default.encoder.layers), len(default.decoder.layers)), (6, 6))

    def test_xavier_initialisation(self):
        model = nn.Transformer(16, 2, 1, 1, 64)
        for name, p in model.named_parameters():
            if p.ndim > 1:
                fan_out, fan_in = p.shape
                bound = math.sqrt(6.0 / (fan_in + fan_out))
                self.assertLessEqual(p.abs().max().item(), bound, name)
            elif name.endswith("in_proj_bias") or name.endswith("out_proj.bias") or \
                    ".norm" in name and name.endswith("bias"):
                self.assertEqual(p.abs().max().item(), 0.0, name)
            elif ".norm" in name:
                self.assertTrue(torch.equal(p, torch.ones_like(p)), name)
        # linear2 (64 -> 16) would stay within Linear's 1/sqrt(64) without the xavier pass
        w = model.decoder.layers[0].linear2.weight
        self.assertGreater(w.abs().max().item(), 1 / math.sqrt(64))

    def test_equals_encoder_then_decoder(self):
        model = self.small(norm_first=True, activation="gelu")
        src, tgt = torch.randn(5, 2, 4), torch.randn(3, 2, 4)
        src_pad = torch.tensor([[False] * 4 + [True], [False] * 5])
        tgt_mask = nn.Transformer.generate_square_subsequent_mask(3)
        memory = model.encoder(src, src_key_padding_mask=src_pad)
        expected = model.decoder(tgt, memory, tgt_mask=tgt_mask,
                                 memory_key_padding_mask=src_pad)
        out = model(src, tgt, tgt_mask=tgt_mask, src_key_padding_mask=src_pad,
                    memory_key_padding_mask=src_pad)
        self.assertTrue(torch.allclose(out, expected, atol=1e-12))

    def test_custom_encoder_and_decoder(self):
        class Enc(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 4)

            def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
                return self.fc(src)

        class Dec(nn.Module):
            def forward(self, tgt, memory, **kwargs):
                return tgt + memory.mean(0)

        model = nn.Transformer(4, 2, custom_encoder=Enc(), custom_decoder=Dec())
        self.assertEqual(list(model.state_dict()), ["encoder.fc.weight", "encoder.fc.bias"])
        src, tgt = torch.randn(3, 2, 4), torch.randn(5, 2, 4)
        self.assertTrue(torch.allclose(model(src, tgt), tgt + model.encoder.fc(src).mean(0)))

    def test_eval_is_deterministic(self):
        torch.manual_seed(1)
        model = nn.Transformer(8, 2, 1, 1, 16, dropout=0.3)
        src, tgt = torch.randn(4, 2, 8), torch.randn(3, 2, 8)
        self.assertFalse(torch.allclose(model(src, tgt), model(src, tgt)))
        model.eval()
        self.assertTrue(torch.equal(model(src, tgt), model(src, tgt)))

    def test_gradients(self):
        rng = random.Random(5)
        model = nn.Transformer(2, 1, 1, 1, 3, dropout=0.0, batch_first=True)
        src = torch.randn(1, 3, 2, requires_grad=True)
        tgt = torch.randn(1, 2, 2, requires_grad=True)
        mask = nn.Transformer.generate_square_subsequent_mask(2)
        directional_check(self, lambda: weighted_sum([model(src, tgt, tgt_mask=mask)]),
                          list(model.parameters()) + [src, tgt], rng, "transformer")

    def test_errors(self):
        model = self.small()
        with self.assertRaisesRegex(RuntimeError, "batch number of src and tgt"):
            model(torch.randn(5, 2, 4), torch.randn(3, 3, 4))
        with self.assertRaisesRegex(RuntimeError, "batch number of src and tgt"):
            self.small(batch_first=True)(torch.randn(2, 5, 4), torch.randn(3, 5, 4))
        with self.assertRaisesRegex(RuntimeError, "feature number of src and tgt"):
            model(torch.randn(5, 2, 4), torch.randn(3, 2, 6))
        with self.assertRaisesRegex(RuntimeError, "feature number of src and tgt"):
            model(torch.randn(5, 3), torch.randn(3, 3))


class TestSquareSubsequentMask(unittest.TestCase):
    def test_values(self):
        gen = nn.Transformer.generate_square_subsequent_mask
        inf = math.inf
        self.assertEqual(gen(3).tolist(), [[0.0, -inf, -inf], [0.0, 0.0, -inf],
                                           [0.0, 0.0, 0.0]])
        self.assertEqual(gen(1).tolist(), [[0.0]])
        self.assertEqual(tuple(gen(0).shape), (0, 0))
        self.assertEqual(gen(4).dtype, torch.float64)
        self.assertEqual(gen(2, device="cpu", dtype=torch.float32).dtype, torch.float64)
        self.assertEqual(gen(3, dtype=torch.bool).tolist(), causal_bool(3).tolist())
        self.assertFalse(gen(3).requires_grad)
        model = nn.Transformer(4, 2, 1, 1, 8)
        self.assertEqual(model.generate_square_subsequent_mask(2).tolist(),
                         [[0.0, -inf], [0.0, 0.0]])

    def test_errors(self):
        gen = nn.Transformer.generate_square_subsequent_mask
        with self.assertRaises(RuntimeError):
            gen(-1)
        with self.assertRaises(RuntimeError):
            gen(3, dtype=torch.int64)
        with self.assertRaises(RuntimeError):
            gen(3, device="cuda")


class TestDocstrings(unittest.TestCase):
    def test_examples_run(self):
        result = doctest.testmod(layers_transformer_decoder, optionflags=doctest.ELLIPSIS)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)


if __name__ == "__main__":
    unittest.main()
