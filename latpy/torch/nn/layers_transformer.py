"""Attention layers: MultiheadAttention, TransformerEncoderLayer, TransformerEncoder.

Parameter names, shapes, default initialisation and submodule names follow
PyTorch's, so ``state_dict()`` keys match (``self_attn.in_proj_weight``,
``linear1.weight``, ``norm1.bias``, ...) and copied weights give the same outputs.
"""

from __future__ import annotations

import copy

from ... import ones as np_ones, tril, where as np_where
from ..creation import empty
from ..tensor import Tensor
from . import init
from .containers import ModuleList
from .functional_attention import _canonical_mask, _none_or_dtype, multi_head_attention_forward
from .layers_norm import Dropout, LayerNorm
from .linear import Linear
from .module import Module, Parameter

__all__ = ["MultiheadAttention", "TransformerEncoderLayer", "TransformerEncoder"]


class NonDynamicallyQuantizableLinear(Linear):
    """The Linear that PyTorch uses as ``MultiheadAttention.out_proj`` (same maths).

    >>> NonDynamicallyQuantizableLinear(4, 4).weight.shape
    torch.Size([4, 4])
    """


class MultiheadAttention(Module):
    """Attention with `num_heads` heads over ``embed_dim // num_heads`` features each.

    ``forward(query, key, value, key_padding_mask=None, need_weights=True,
    attn_mask=None, average_attn_weights=True, is_causal=False)`` returns
    ``(attn_output, attn_weights)``; inputs are ``(L, N, E)`` (``(N, L, E)`` with
    ``batch_first=True``) or unbatched ``(L, E)``. Bool masks are True where
    attention is *not* allowed.

    >>> import latpy.torch as torch
    >>> mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)
    >>> x = torch.randn(3, 5, 8)
    >>> out, w = mha(x, x, x); out.shape, w.shape
    (torch.Size([3, 5, 8]), torch.Size([3, 5, 5]))
    """

    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False,
                 add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None,
                 dtype=None):
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(f"embed_dim and num_heads must be greater than 0, got "
                             f"embed_dim={embed_dim} and num_heads={num_heads} instead")
        super().__init__()
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads, self.dropout, self.batch_first = num_heads, dropout, batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise AssertionError("embed_dim must be divisible by num_heads")
        if not self._qkv_same_embed_dim:
            self.q_proj_weight = Parameter(empty(embed_dim, embed_dim))
            self.k_proj_weight = Parameter(empty(embed_dim, self.kdim))
            self.v_proj_weight = Parameter(empty(embed_dim, self.vdim))
            self.register_parameter("in_proj_weight", None)
        else:
            self.in_proj_weight = Parameter(empty(3 * embed_dim, embed_dim))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        if bias:
            self.in_proj_bias = Parameter(empty(3 * embed_dim))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias=bias)
        if add_bias_kv:
            self.bias_k = Parameter(empty(1, 1, embed_dim))
            self.bias_v = Parameter(empty(1, 1, embed_dim))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True,
                attn_mask=None, average_attn_weights=True, is_causal=False):
        is_batched = query.ndim == 3
        key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                           _none_or_dtype(attn_mask), "attn_mask")
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", check_other=False)
        if self.batch_first and is_batched:  # keep `query is key is value` for the fast path
            if key is value:
                if query is key:
                    query = key = value = query.transpose(1, 0)
                else:
                    query, key = (x.transpose(1, 0) for x in (query, key))
                    value = key
            else:
                query, key, value = (x.transpose(1, 0) for x in (query, key, value))
        separate = not self._qkv_same_embed_dim
        out, weights = multi_head_attention_forward(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight,
            self.in_proj_bias, self.bias_k, self.bias_v, self.add_zero_attn, self.dropout,
            self.out_proj.weight, self.out_proj.bias, training=self.training,
            key_padding_mask=key_padding_mask, need_weights=need_weights, attn_mask=attn_mask,
            use_separate_proj_weight=separate, q_proj_weight=self.q_proj_weight,
            k_proj_weight=self.k_proj_weight, v_proj_weight=self.v_proj_weight,
            average_attn_weights=average_attn_weights, is_causal=is_causal)
        if self.batch_first and is_batched:
            return out.transpose(1, 0), weights
        return out, weights


def _activation_fn(name):
    from . import functional as F
    if name == "relu":
        return F.relu
    if name == "gelu":
        gelu = getattr(F, "gelu", None)
        if gelu is None:
            from ..functions.activation import gelu
        return gelu
    raise RuntimeError(f"activation should be relu/gelu, not {name}")


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with a residual and LayerNorm.

    Post-norm by default (``x = norm1(x + sa(x)); x = norm2(x + ff(x))``); pre-norm
    with ``norm_first=True``. `activation` is "relu", "gelu" or a callable.

    >>> import latpy.torch as torch
    >>> layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
    >>> layer(torch.randn(5, 3, 8)).shape
    torch.Size([5, 3, 8])
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation="relu",
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
                 device=None, dtype=None):
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        if isinstance(activation, str):
            activation = _activation_fn(activation)
        name = getattr(activation, "__name__", type(activation).__name__).lower()
        self.activation_relu_or_gelu = {"relu": 1, "gelu": 2}.get(name, 0)
        self.activation = activation

    def forward(self, src, src_mask=None, src_key_padding_mask=None, is_causal=False):
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask",
                                               _none_or_dtype(src_mask), "src_mask")
        src_mask = _canonical_mask(src_mask, "src_mask", None, "", check_other=False)
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout2(x)


def _clone(module: Module) -> Module:
    """A deep copy of `module`. Every submodule is pre-entered in the memo, so
    copy.deepcopy never falls back to pickling a Module (which latpy refuses)."""
    memo = {}
    pairs = [(m, object.__new__(type(m))) for m in module.modules()]
    for old, new in pairs:
        memo[id(old)] = new
    for old, new in pairs:
        for k, v in old.__dict__.items():
            object.__setattr__(new, k, copy.deepcopy(v, memo))
    return memo[id(module)]


def _generate_square_subsequent_mask(size):
    """The float causal mask: 0 on and below the diagonal, -inf above."""
    return Tensor._wrap(np_where(tril(np_ones((size, size), dtype=bool)), 0.0, float("-inf")))


def _detect_is_causal_mask(mask, is_causal, size):
    """PyTorch's rule: an explicit ``is_causal`` wins; None means "is `mask` causal?"."""
    make_causal = is_causal is True
    if is_causal is None and mask is not None:
        causal = _generate_square_subsequent_mask(size if size is not None else mask.shape[-2])
        if tuple(mask.shape) == tuple(causal.shape):
            make_causal = bool((mask.data == causal.data).all())
    return make_causal


class TransformerEncoder(Module):
    """`num_layers` deep copies of `encoder_layer`, applied in turn, then `norm` if given.

    >>> import latpy.torch as torch
    >>> layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True)
    >>> enc = torch.nn.TransformerEncoder(layer, num_layers=2)
    >>> enc(torch.randn(3, 5, 8)).shape, len(enc.layers)
    (torch.Size([3, 5, 8]), 2)
    """

    def __init__(self, encoder_layer, num_layers, norm=None, enable_nested_tensor=True,
                 mask_check=True):
        super().__init__()
        self.layers = ModuleList([_clone(encoder_layer) for _ in range(num_layers)])
        self.num_layers, self.norm = num_layers, norm
        self.enable_nested_tensor = self.use_nested_tensor = enable_nested_tensor
        self.mask_check = mask_check

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal=None):
        src_key_padding_mask = _canonical_mask(src_key_padding_mask, "src_key_padding_mask",
                                               _none_or_dtype(mask), "mask")
        mask = _canonical_mask(mask, "mask", None, "", check_other=False)
        batch_first = getattr(self.layers[0].self_attn, "batch_first", False) \
            if len(self.layers) else False
        seq_len = None
        if src.ndim == 3:
            seq_len = src.shape[1] if batch_first else src.shape[0]
        elif src.ndim == 2:
            seq_len = src.shape[0]
        is_causal = _detect_is_causal_mask(mask, is_causal, seq_len)
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=mask, is_causal=is_causal,
                           src_key_padding_mask=src_key_padding_mask)
        return self.norm(output) if self.norm is not None else output
