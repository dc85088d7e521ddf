"""Attention against PyTorch (CPU, float64): scaled_dot_product_attention,
MultiheadAttention, TransformerEncoderLayer and TransformerEncoder.

Random configurations (shapes, masks of both kinds and conventions, causal
flags, bias options, batch_first, unbatched input, ...) with the same weights in
both libraries; outputs, attention weights and every parameter and input
gradient must agree to rtol 1e-9. Skipped when PyTorch is not installed.
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

from tests.oracle.test_nn_recurrent_torch import _OracleCase, _pair, _to_lt

N_CONFIGS = 50


def _bool_pair(rng, shape, p_true, keep_first=False):
    """The same random bool mask in both libraries (optionally never True at index 0
    of the last dim, so that no row is masked out entirely)."""
    n = 1
    for d in shape:
        n *= d
    flat = [rng.random() < p_true for _ in range(n)]
    if keep_first and shape:
        flat = [False if i % shape[-1] == 0 else v for i, v in enumerate(flat)]
    return (real_torch.tensor(flat, dtype=real_torch.bool).reshape(shape),
            lt.tensor(flat).reshape(shape))


def _causal_pair(size, as_bool):
    t = real_torch.ones(size, size, dtype=real_torch.bool).triu(1)  # True = masked out
    if not as_bool:
        t = real_torch.zeros(size, size, dtype=real_torch.float64).masked_fill(t, float("-inf"))
    return t, (_to_lt(t) if not as_bool else lt.tensor(t.tolist()))


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestSDPAVsTorch(_OracleCase):
    def test_sdpa(self):
        F = real_torch.nn.functional
        for seed in range(N_CONFIGS * 2):
            rng = random.Random(seed)
            batch = tuple(rng.randint(1, 3) for _ in range(rng.randint(0, 2)))
            L, S, E, Ev = (rng.randint(1, 5) for _ in range(4))
            heads = rng.randint(1, 4)
            gqa = len(batch) >= 1 and rng.random() < 0.2
            kv_heads = rng.choice([h for h in range(1, heads + 1) if heads % h == 0]) \
                if gqa else heads
            q_shape = batch + (heads, L, E)
            kv = batch + (kv_heads, S)
            q_t, q_l = _pair(rng, q_shape)
            k_t, k_l = _pair(rng, kv + (E,))
            v_t, v_l = _pair(rng, kv + (Ev,))
            kwargs_t, kwargs_l = {}, {}
            leaves = [(q_l, q_t), (k_l, k_t), (v_l, v_t)]
            kind = rng.choice(["none", "bool", "float", "float_grad"])
            mask_shape = rng.choice([(L, S), (1, L, S), (heads, L, S), (L, 1), (1, S)])
            if kind == "bool":
                kwargs_t["attn_mask"], kwargs_l["attn_mask"] = _bool_pair(rng, mask_shape, 0.7)
            elif kind.startswith("float"):
                m_t, m_l = _pair(rng, mask_shape, grad=kind == "float_grad")
                if kind == "float_grad":
                    leaves.append((m_l, m_t))
                kwargs_t["attn_mask"], kwargs_l["attn_mask"] = m_t, m_l
            if rng.random() < 0.3:
                kwargs_t["is_causal"] = kwargs_l["is_causal"] = True
            if rng.random() < 0.3:
                kwargs_t["scale"] = kwargs_l["scale"] = rng.uniform(-1.0, 2.0)
            if gqa:
                kwargs_t["enable_gqa"] = kwargs_l["enable_gqa"] = True
            if "attn_mask" in kwargs_l and kwargs_l.get("is_causal"):
                # PyTorch documents (and its math backend raises) this error; its CPU flash
                # kernel combines the masks instead. latpy follows the documented contract.
                with self.assertRaises(RuntimeError):
                    LF.scaled_dot_product_attention(q_l, k_l, v_l, **kwargs_l)
                continue
            out_t = F.scaled_dot_product_attention(q_t, k_t, v_t, **kwargs_t)
            out_l = LF.scaled_dot_product_attention(q_l, k_l, v_l, **kwargs_l)
            self.check_backward(rng, [out_l], [out_t], lt.nn.Module(), real_torch.nn.Module(),
                                leaves, f"sdpa seed={seed} {kind} {mask_shape} {kwargs_l}")


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestMultiheadAttentionVsTorch(_OracleCase):
    def run_config(self, seed):
        rng = random.Random(seed)
        heads = rng.randint(1, 3)
        embed = heads * rng.randint(1, 3)
        kw = dict(bias=rng.random() < 0.8, add_bias_kv=rng.random() < 0.2,
                  add_zero_attn=rng.random() < 0.2, batch_first=rng.random() < 0.5)
        self_attn = rng.random() < 0.5
        if not self_attn and rng.random() < 0.5:
            kw["kdim"], kw["vdim"] = rng.randint(1, 4), rng.randint(1, 4)
        theirs = real_torch.nn.MultiheadAttention(embed, heads, **kw).double()
        ours = lt.nn.MultiheadAttention(embed, heads, **kw)
        self.copy_weights(ours, theirs)
        batched = rng.random() < 0.8
        N, L = rng.randint(1, 3), rng.randint(1, 4)
        S = L if self_attn else rng.randint(1, 4)
        lead = lambda n: ((N, n) if kw["batch_first"] else (n, N)) if batched else (n,)
        q_t, q_l = _pair(rng, lead(L) + (embed,))
        leaves = [(q_l, q_t)]
        if self_attn:
            k_t = v_t = q_t
            k_l = v_l = q_l
        else:
            k_t, k_l = _pair(rng, lead(S) + (kw.get("kdim", embed),))
            v_t, v_l = _pair(rng, lead(S) + (kw.get("vdim", embed),))
            leaves += [(k_l, k_t), (v_l, v_t)]
        need_weights = rng.random() < 0.6
        call = dict(need_weights=need_weights, average_attn_weights=rng.random() < 0.6)
        call_t, call_l = dict(call), dict(call)
        if rng.random() < 0.5:  # key padding mask; position 0 never padded
            shape = (N, S) if batched else (S,)
            if rng.random() < 0.5:
                call_t["key_padding_mask"], call_l["key_padding_mask"] = \
                    _bool_pair(rng, shape, 0.4, keep_first=True)
            else:
                call_t["key_padding_mask"], call_l["key_padding_mask"] = \
                    _pair(rng, shape, grad=False)
        mask_kind = rng.choice(["none", "causal", "bool", "float"])
        as_bool = "key_padding_mask" not in call_t or \
            call_t["key_padding_mask"].dtype == real_torch.bool
        if mask_kind == "causal" and self_attn:
            call_t["attn_mask"], call_l["attn_mask"] = _causal_pair(L, as_bool)
            if rng.random() < 0.5:
                call_t["is_causal"] = call_l["is_causal"] = True
        elif mask_kind in ("bool", "float", "causal"):
            shape = rng.choice([(L, S), (N * heads if batched else heads, L, S)])
            if as_bool and mask_kind != "float":
                call_t["attn_mask"], call_l["attn_mask"] = \
                    _bool_pair(rng, shape, 0.4, keep_first=True)
            else:
                call_t["attn_mask"], call_l["attn_mask"] = _pair(rng, shape, grad=False)
        with warnings.catch_warnings():  # mixed bool/float masks are deprecated, not wrong
            warnings.simplefilter("ignore")
            out_t, w_t = theirs(q_t, k_t, v_t, **call_t)
            out_l, w_l = ours(q_l, k_l, v_l, **call_l)
        self.assertEqual(w_l is None, w_t is None)
        outs_l, outs_t = [out_l], [out_t]
        if w_t is not None:
            outs_l.append(w_l)
            outs_t.append(w_t)
        self.check_backward(rng, outs_l, outs_t, ours, theirs, leaves,
                            f"MHA seed={seed} {kw} self={self_attn} batched={batched} "
                            f"{mask_kind} {sorted(call_l)}")

    def test_mha(self):
        for seed in range(N_CONFIGS * 2):
            self.run_config(seed)

    def test_double_backward(self):
        rng = random.Random(7)
        theirs = real_torch.nn.MultiheadAttention(4, 2).double()
        ours = lt.nn.MultiheadAttention(4, 2)
        self.copy_weights(ours, theirs)
        x_t, x_l = _pair(rng, (3, 2, 4))
        for lib, module, x in ((real_torch, theirs, x_t), (lt, ours, x_l)):
            out, w = module(x, x, x)
            (g,) = lib.autograd.grad((out * out).sum() + (w * w).sum(), x, create_graph=True)
            (g * g).sum().backward()
        ours_params = dict(ours.named_parameters())
        for name, p in theirs.named_parameters():
            self.assertClose(ours_params[name].grad, p.grad, f"MHA 2nd order {name}")
        self.assertClose(x_l.grad, x_t.grad, "MHA 2nd order input")

    def test_state_dict_keys(self):
        for kw in ({}, {"bias": False}, {"add_bias_kv": True}, {"kdim": 3, "vdim": 5}):
            theirs = real_torch.nn.MultiheadAttention(4, 2, **kw)
            ours = lt.nn.MultiheadAttention(4, 2, **kw)
            self.assertEqual([(k, tuple(v.shape)) for k, v in ours.state_dict().items()],
                             [(k, tuple(v.shape)) for k, v in theirs.state_dict().items()])
            self.assertEqual(repr(ours), repr(theirs))


@unittest.skipUnless(real_torch is not None, "PyTorch is not installed")
class TestTransformerEncoderVsTorch(_OracleCase):
    def run_config(self, seed, stack):
        rng = random.Random(seed)
        heads = rng.randint(1, 3)
        d_model = heads * rng.randint(1, 3)
        kw = dict(dim_feedforward=rng.randint(1, 6), activation=rng.choice(["relu", "gelu"]),
                  batch_first=rng.random() < 0.5, norm_first=rng.random() < 0.5,
                  bias=rng.random() < 0.8, layer_norm_eps=rng.choice([1e-5, 1e-3]))
        eval_mode = rng.random() < 0.3
        kw["dropout"] = 0.3 if eval_mode else 0.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = real_torch.nn.TransformerEncoderLayer(d_model, heads, **kw).double()
            ours = lt.nn.TransformerEncoderLayer(d_model, heads, **kw)
            if stack:
                layers, use_norm = rng.randint(1, 3), rng.random() < 0.5
                theirs = real_torch.nn.TransformerEncoder(
                    theirs, layers, norm=real_torch.nn.LayerNorm(d_model).double()
                    if use_norm else None, enable_nested_tensor=False)
                ours = lt.nn.TransformerEncoder(
                    ours, layers, norm=lt.nn.LayerNorm(d_model) if use_norm else None)
        if eval_mode:
            theirs.eval()
            ours.eval()
        self.copy_weights(ours, theirs)
        batched = rng.random() < 0.8
        N, L = rng.randint(1, 3), rng.randint(1, 5)
        shape = ((N, L) if kw["batch_first"] else (L, N)) if batched else (L,)
        x_t, x_l = _pair(rng, shape + (d_model,))
        call_t, call_l = {}, {}
        names = ("mask", "src_key_padding_mask") if stack else ("src_mask",
                                                               "src_key_padding_mask")
        if rng.random() < 0.4:
            call_t[names[1]], call_l[names[1]] = _bool_pair(rng, (N, L) if batched else (L,),
                                                            0.4, keep_first=True)
        if rng.random() < 0.5:
            call_t[names[0]], call_l[names[0]] = _causal_pair(L, names[1] in call_t or
                                                              rng.random() < 0.5)
            if rng.random() < 0.5:
                call_t["is_causal"] = call_l["is_causal"] = True
        out_t = theirs(x_t, **call_t)
        out_l = ours(x_l, **call_l)
        self.check_backward(rng, [out_l], [out_t], ours, theirs, [(x_l, x_t)],
                            f"encoder seed={seed} stack={stack} {kw} {sorted(call_l)}")

    def test_encoder_layer(self):
        for seed in range(N_CONFIGS):
            self.run_config(seed, stack=False)

    def test_encoder(self):
        for seed in range(N_CONFIGS // 2):
            self.run_config(500 + seed, stack=True)

    def test_state_dict_keys(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for kw in ({}, {"bias": False}):
                theirs = real_torch.nn.TransformerEncoder(
                    real_torch.nn.TransformerEncoderLayer(8, 2, 16, **kw), 2,
                    norm=real_torch.nn.LayerNorm(8))
                ours = lt.nn.TransformerEncoder(lt.nn.TransformerEncoderLayer(8, 2, 16, **kw),
                                                2, norm=lt.nn.LayerNorm(8))
                self.assertEqual([(k, tuple(v.shape)) for k, v in ours.state_dict().items()],
                                 [(k, tuple(v.shape)) for k, v in theirs.state_dict().items()])
                self.assertEqual(repr(ours.layers[0]), repr(theirs.layers[0]))


if __name__ == "__main__":
    unittest.main()
