"""TransformerDecoderLayer, TransformerDecoder and Transformer against PyTorch
(CPU, float64).

Random configurations (sizes, heads, activation, batch_first, norm_first, bias,
eps, eval mode with dropout, unbatched input, causal/bool/float target masks,
memory masks, key padding masks of both kinds, is_causal hints) with the same
weights in both libraries; the output and every parameter and input gradient
must agree to rtol 1e-9. Also state_dict keys, reprs and the causal mask.
Skipped when PyTorch is not installed.
"""

import random
import unittest
import warnings

try:
    import torch as real_torch
except ImportError:  # pragma: no cover - the plain test run has no PyTorch
    real_torch = None

import latpy.torch as lt
import latpy.torch.nn.functional as LF

from tests.oracle.test_nn_attention_torch import _bool_pair, _causal_pair
from tests.oracle.test_nn_recurrent_torch import _OracleCase, _pair

N_CONFIGS = 30


def _activation(rng):
    """The same activation for both libraries: a string or a pair of callables."""
    kind = rng.choice(["relu", "gelu", "callable_relu", "callable_gelu"])
    if kind.startswith("callable"):
        name = kind.split("_")[1]
        return getattr(real_torch.nn.functional, name), getattr(LF, name)
    return kind, kind


def _layer_kwargs(rng):
    heads = rng.randint(1, 3)
    d_model = heads * rng.randint(1, 3)
    act_t, act_l = _activation(rng)
    kw = dict(dim_feedforward=rng.randint(1, 6), batch_first=rng.random() < 0.5,
              norm_first=rng.random() < 0.5, bias=rng.random() < 0.8,
              layer_norm_eps=rng.choice([1e-5, 1e-3]))
    eval_mode = rng.random() < 0.3
    kw["dropout"] = 0.3 if eval_mode else 0.0
    return d_model, heads, kw, act_t, act_l, eval_mode


def _masks(rng, call_t, call_l, prefix, L, S, N, heads, batched, self_attn, mask_name,
           causal_name):
    """Random `mask_name` / `<prefix>_key_padding_mask` / `causal_name` arguments."""
    kpm_name = f"{prefix}_key_padding_mask"
    if rng.random() < 0.4:
        shape = (N, S) if batched else (S,)
        if rng.random() < 0.7:
            call_t[kpm_name], call_l[kpm_name] = _bool_pair(rng, shape, 0.4, keep_first=True)
        else:
            call_t[kpm_name], call_l[kpm_name] = _pair(rng, shape, grad=False)
    as_bool = kpm_name not in call_t or call_t[kpm_name].dtype == real_torch.bool
    kind = rng.choice(["none", "causal", "causal", "random"])
    if kind == "causal" and (self_attn or L == S):
        call_t[mask_name], call_l[mask_name] = _causal_pair(L, as_bool or rng.random() < 0.5)
        if causal_name is not None and rng.random() < 0.5:
            call_t[causal_name] = call_l[causal_name] = True
    elif kind in ("causal", "random"):
        shape = rng.choice([(L, S), ((N if batched else 1) * heads, L, S)])
        if as_bool and rng.random() < 0.6:
            call_t[mask_name], call_l[mask_name] = _bool_pair(rng, shape, 0.4, keep_first=True)
        else:
            call_t[mask_name], call_l[mask_name] = _pair(rng, shape, grad=False)


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestTransformerDecoderVsTorch(_OracleCase):
    def build_decoder(self, rng, stack):
        d_model, heads, kw, act_t, act_l, eval_mode = _layer_kwargs(rng)
        theirs = real_torch.nn.TransformerDecoderLayer(d_model, heads, activation=act_t,
                                                       **kw).double()
        ours = lt.nn.TransformerDecoderLayer(d_model, heads, activation=act_l, **kw)
        if stack:
            layers, use_norm = rng.randint(1, 3), rng.random() < 0.5
            theirs = real_torch.nn.TransformerDecoder(
                theirs, layers, norm=real_torch.nn.LayerNorm(d_model).double()
                if use_norm else None)
            ours = lt.nn.TransformerDecoder(ours, layers,
                                            norm=lt.nn.LayerNorm(d_model) if use_norm else None)
        if eval_mode:
            theirs.eval()
            ours.eval()
        self.copy_weights(ours, theirs)
        return d_model, heads, kw, theirs, ours

    def run_decoder(self, seed, stack):
        rng = random.Random(seed)
        d_model, heads, kw, theirs, ours = self.build_decoder(rng, stack)
        batched = rng.random() < 0.8
        N, T, S = rng.randint(1, 3), rng.randint(1, 5), rng.randint(1, 5)
        lead = (lambda n: ((N, n) if kw["batch_first"] else (n, N))) if batched else \
            (lambda n: (n,))
        tgt_t, tgt_l = _pair(rng, lead(T) + (d_model,))
        mem_t, mem_l = _pair(rng, lead(S) + (d_model,))
        call_t, call_l = {}, {}
        causal = "tgt_is_causal"
        _masks(rng, call_t, call_l, "tgt", T, T, N, heads, batched, True, "tgt_mask", causal)
        _masks(rng, call_t, call_l, "memory", T, S, N, heads, batched, False, "memory_mask",
               "memory_is_causal")
        if call_t.get("memory_is_causal") and "memory_mask" not in call_t:
            del call_t["memory_is_causal"], call_l["memory_is_causal"]
        with warnings.catch_warnings():  # mixed bool/float masks are deprecated, not wrong
            warnings.simplefilter("ignore")
            out_t = theirs(tgt_t, mem_t, **call_t)
            out_l = ours(tgt_l, mem_l, **call_l)
        self.check_backward(rng, [out_l], [out_t], ours, theirs,
                            [(tgt_l, tgt_t), (mem_l, mem_t)],
                            f"decoder seed={seed} stack={stack} {kw} batched={batched} "
                            f"{sorted(call_l)}")

    def test_decoder_layer(self):
        for seed in range(N_CONFIGS):
            self.run_decoder(seed, stack=False)

    def test_decoder(self):
        for seed in range(N_CONFIGS):
            self.run_decoder(700 + seed, stack=True)

    def test_is_causal_detection(self):
        """tgt_is_causal=None detects a causal float mask; the answer is the same either way."""
        rng = random.Random(3)
        _, _, _, theirs, ours = self.build_decoder(random.Random(11), stack=True)
        d_model = ours.layers[0].linear1.in_features
        bf = ours.layers[0].self_attn.batch_first
        shape = (2, 4, d_model) if bf else (4, 2, d_model)
        tgt_t, tgt_l = _pair(rng, shape)
        mem_t, mem_l = _pair(rng, shape)
        for as_bool in (False, True):
            m_t, m_l = _causal_pair(4, as_bool)
            for hint in (None, True, False):
                out_t = theirs(tgt_t, mem_t, tgt_mask=m_t, tgt_is_causal=hint)
                out_l = ours(tgt_l, mem_l, tgt_mask=m_l, tgt_is_causal=hint)
                self.assertClose(out_l, out_t, f"causal hint {hint} bool={as_bool}")

    def test_state_dict_keys_and_repr(self):
        for kw in ({}, {"bias": False}, {"norm_first": True, "activation": "gelu"}):
            theirs = real_torch.nn.TransformerDecoder(
                real_torch.nn.TransformerDecoderLayer(8, 2, 16, **kw), 2,
                norm=real_torch.nn.LayerNorm(8))
            ours = lt.nn.TransformerDecoder(lt.nn.TransformerDecoderLayer(8, 2, 16, **kw), 2,
                                            norm=lt.nn.LayerNorm(8))
            self.assertEqual([(k, tuple(v.shape)) for k, v in ours.state_dict().items()],
                             [(k, tuple(v.shape)) for k, v in theirs.state_dict().items()])
            self.assertEqual(repr(ours), repr(theirs))


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestTransformerVsTorch(_OracleCase):
    def run_config(self, seed):
        rng = random.Random(seed)
        d_model, heads, kw, act_t, act_l, eval_mode = _layer_kwargs(rng)
        n_enc, n_dec = rng.randint(1, 2), rng.randint(1, 2)
        with warnings.catch_warnings():  # enable_nested_tensor with norm_first warns
            warnings.simplefilter("ignore")
            theirs = real_torch.nn.Transformer(d_model, heads, n_enc, n_dec,
                                               activation=act_t, **kw).double()
        ours = lt.nn.Transformer(d_model, heads, n_enc, n_dec, activation=act_l, **kw)
        if eval_mode:
            theirs.eval()
            ours.eval()
        self.copy_weights(ours, theirs)
        batched = rng.random() < 0.8
        N, T, S = rng.randint(1, 3), rng.randint(1, 4), rng.randint(1, 4)
        lead = (lambda n: ((N, n) if kw["batch_first"] else (n, N))) if batched else \
            (lambda n: (n,))
        src_t, src_l = _pair(rng, lead(S) + (d_model,))
        tgt_t, tgt_l = _pair(rng, lead(T) + (d_model,))
        call_t, call_l = {}, {}
        _masks(rng, call_t, call_l, "src", S, S, N, heads, batched, True, "src_mask",
               "src_is_causal")
        _masks(rng, call_t, call_l, "tgt", T, T, N, heads, batched, True, "tgt_mask",
               "tgt_is_causal")
        _masks(rng, call_t, call_l, "memory", T, S, N, heads, batched, False, "memory_mask",
               None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out_t = theirs(src_t, tgt_t, **call_t)
            out_l = ours(src_l, tgt_l, **call_l)
        self.check_backward(rng, [out_l], [out_t], ours, theirs,
                            [(src_l, src_t), (tgt_l, tgt_t)],
                            f"transformer seed={seed} {kw} enc={n_enc} dec={n_dec} "
                            f"batched={batched} {sorted(call_l)}")

    def test_transformer(self):
        for seed in range(N_CONFIGS):
            self.run_config(1400 + seed)

    def test_state_dict_keys_and_repr(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for kw in ({}, {"bias": False, "norm_first": True}):
                theirs = real_torch.nn.Transformer(8, 2, 2, 3, 16, **kw)
                ours = lt.nn.Transformer(8, 2, 2, 3, 16, **kw)
                self.assertEqual([(k, tuple(v.shape)) for k, v in ours.state_dict().items()],
                                 [(k, tuple(v.shape)) for k, v in theirs.state_dict().items()])
                self.assertEqual(repr(ours), repr(theirs))

    def test_custom_encoder_decoder(self):
        """custom_encoder/custom_decoder are used as given (and xavier re-initialised)."""
        rng = random.Random(5)
        enc_t = real_torch.nn.Linear(4, 4).double()
        enc_l = lt.nn.Linear(4, 4)

        class DecT(real_torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = real_torch.nn.Linear(4, 4).double()

            def forward(self, tgt, memory, **kwargs):
                return self.proj(tgt) + memory.mean(0)

        class DecL(lt.nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = lt.nn.Linear(4, 4)

            def forward(self, tgt, memory, **kwargs):
                return self.proj(tgt) + memory.mean(0)

        class EncT(real_torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = enc_t

            def forward(self, src, **kwargs):
                return self.fc(src)

        class EncL(lt.nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = enc_l

            def forward(self, src, **kwargs):
                return self.fc(src)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = real_torch.nn.Transformer(4, 2, custom_encoder=EncT(),
                                               custom_decoder=DecT())
        ours = lt.nn.Transformer(4, 2, custom_encoder=EncL(), custom_decoder=DecL())
        self.assertEqual(list(ours.state_dict()), list(theirs.state_dict()))
        self.copy_weights(ours, theirs)
        src_t, src_l = _pair(rng, (3, 2, 4))
        tgt_t, tgt_l = _pair(rng, (5, 2, 4))
        self.check_backward(rng, [ours(src_l, tgt_l)], [theirs(src_t, tgt_t)], ours, theirs,
                            [(src_l, src_t), (tgt_l, tgt_t)], "custom encoder/decoder")

    def test_errors_match(self):
        """The same inputs raise the same exception class in both libraries."""
        cases = [((3, 2, 4), (5, 3, 4), {}), ((3, 2, 4), (5, 2, 6), {}),
                 ((2, 3, 4), (3, 5, 4), {"batch_first": True}), ((3, 4), (5, 6), {})]
        for src_shape, tgt_shape, kw in cases:
            with warnings.catch_warnings():  # enable_nested_tensor without batch_first
                warnings.simplefilter("ignore")
                theirs = real_torch.nn.Transformer(4, 2, 1, 1, 8, **kw).double()
            ours = lt.nn.Transformer(4, 2, 1, 1, 8, **kw)
            with self.assertRaises(RuntimeError) as ctx_t:
                theirs(real_torch.zeros(src_shape, dtype=real_torch.float64),
                       real_torch.zeros(tgt_shape, dtype=real_torch.float64))
            with self.assertRaises(RuntimeError) as ctx_l:
                ours(lt.zeros(src_shape), lt.zeros(tgt_shape))
            self.assertEqual(str(ctx_l.exception), str(ctx_t.exception))
        for act in ("swish", "tanh"):
            with self.assertRaises(RuntimeError):
                real_torch.nn.TransformerDecoderLayer(4, 2, activation=act)
            with self.assertRaises(RuntimeError):
                lt.nn.TransformerDecoderLayer(4, 2, activation=act)

    def test_generate_square_subsequent_mask(self):
        gen_t = real_torch.nn.Transformer.generate_square_subsequent_mask
        gen_l = lt.nn.Transformer.generate_square_subsequent_mask
        for sz in range(0, 6):
            t, m = gen_t(sz, dtype=real_torch.float64), gen_l(sz)
            self.assertEqual(tuple(m.shape), tuple(t.shape))
            self.assertEqual(m.tolist(), t.tolist())
            self.assertEqual(str(m.dtype), "torch.float64")
            self.assertEqual(gen_l(sz, dtype=lt.bool).tolist(),
                             gen_t(sz, dtype=real_torch.bool).tolist())
        self.assertEqual(gen_l(3, device="cpu", dtype=lt.float32).tolist(),
                         gen_t(3, device="cpu").tolist())
        for sz, dtype in ((-1, None), (3, "int64")):
            with self.assertRaises(RuntimeError):
                gen_t(sz, dtype=getattr(real_torch, dtype) if dtype else None)
            with self.assertRaises(RuntimeError):
                gen_l(sz, dtype=getattr(lt, dtype) if dtype else None)


if __name__ == "__main__":
    unittest.main()
