"""The decoder half of the Transformer: TransformerDecoderLayer, TransformerDecoder,
and the whole encoder-decoder ``Transformer``.

Built from the existing MultiheadAttention, TransformerEncoderLayer/Encoder,
LayerNorm, Dropout and Linear. Arguments, defaults, submodule and parameter names
(so ``state_dict()`` keys), initialisation, masks, ``norm_first``, ``batch_first``
and errors follow PyTorch 2.x's ``torch.nn.modules.transformer``.
"""

from __future__ import annotations

import math

from ..creation import full
from ..device import check_device
from ..more_ops import triu
from . import functional as F
from . import init
from .containers import ModuleList
from .layers_norm import Dropout, LayerNorm
from .layers_transformer import (MultiheadAttention, TransformerEncoder,
                                 TransformerEncoderLayer, _activation_fn, _clone,
                                 _detect_is_causal_mask)
from .linear import Linear
from .module import Module

__all__ = ["TransformerDecoderLayer", "TransformerDecoder", "Transformer"]


def _get_seq_len(x, batch_first):
    """The sequence length of ``(S, E)``, ``(S, N, E)`` or (batch_first) ``(N, S, E)``."""
    if x.ndim == 2:
        return x.shape[0]
    return x.shape[1 if batch_first else 0]


def _square_subsequent_mask(sz, device=None, dtype=None):
    """PyTorch's ``triu(full((sz, sz), -inf, dtype=dtype), diagonal=1)``."""
    if device is not None:
        check_device(device)
    sz = int(sz)
    if sz < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {sz}: "
                           f"[{sz}, {sz}]")
    if dtype is not None and str(dtype).endswith("int64"):
        raise RuntimeError("value cannot be converted to type int64_t without overflow")
    if dtype is not None and not str(dtype).endswith("bool"):
        dtype = None  # every float dtype is float64 in latpy
    return triu(full((sz, sz), -math.inf, dtype=dtype), diagonal=1)


class TransformerDecoderLayer(Module):
    """Self-attention, attention over `memory` (the encoder output), then a
    feed-forward block; each with a residual connection and a LayerNorm.

    Post-norm by default (``x = norm1(x + sa(x)); x = norm2(x + mha(x, memory));
    x = norm3(x + ff(x))``); pre-norm with ``norm_first=True``. `activation` is
    "relu", "gelu" or a unary callable (default ``F.relu``, as PyTorch).
    ``forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False)``.

    >>> import latpy.torch as torch
    >>> layer = torch.nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, dropout=0.0)
    >>> tgt, memory = torch.randn(4, 3, 8), torch.randn(6, 3, 8)   # (T, N, E), (S, N, E)
    >>> layer(tgt, memory).shape
    torch.Size([4, 3, 8])
    >>> list(layer.state_dict())[:4]
    ['self_attn.in_proj_weight', 'self_attn.in_proj_bias', 'self_attn.out_proj.weight', \
'self_attn.out_proj.bias']
    """

    def __init__(self, d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=F.relu,
                 layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True,
                 device=None, dtype=None):
        super().__init__()
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout,
                                            batch_first=batch_first, bias=bias)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout,
                                                 batch_first=batch_first, bias=bias)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        self.activation = _activation_fn(activation) if isinstance(activation, str) \
            else activation

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False):
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask,
                                   tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask,
                                    memory_key_padding_mask, memory_is_causal)
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask,
                                              tgt_is_causal))
            x = self.norm2(x + self._mha_block(x, memory, memory_mask,
                                               memory_key_padding_mask, memory_is_causal))
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal=False):
        x = self.self_attn(x, x, x, attn_mask=attn_mask, key_padding_mask=key_padding_mask,
                           is_causal=is_causal, need_weights=False)[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask, is_causal=False):
        x = self.multihead_attn(x, mem, mem, attn_mask=attn_mask,
                                key_padding_mask=key_padding_mask, is_causal=is_causal,
                                need_weights=False)[0]
        return self.dropout2(x)

    def _ff_block(self, x):
        x = self.linear2(self.dropout(self.activation(self.linear1(x))))
        return self.dropout3(x)


class TransformerDecoder(Module):
    """`num_layers` deep copies of `decoder_layer`, applied in turn to `tgt` (each
    attending to the same `memory`), then `norm` if given. ``tgt_is_causal=None``
    (the default) detects whether `tgt_mask` is the causal mask, as PyTorch.

    >>> import latpy.torch as torch
    >>> layer = torch.nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, batch_first=True)
    >>> dec = torch.nn.TransformerDecoder(layer, num_layers=2, norm=torch.nn.LayerNorm(8))
    >>> mask = torch.nn.Transformer.generate_square_subsequent_mask(5)
    >>> dec(torch.randn(3, 5, 8), torch.randn(3, 7, 8), tgt_mask=mask).shape, len(dec.layers)
    (torch.Size([3, 5, 8]), 2)
    """

    def __init__(self, decoder_layer, num_layers, norm=None):
        super().__init__()
        self.layers = ModuleList([_clone(decoder_layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def forward(self, tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, tgt_is_causal=None, memory_is_causal=False):
        output = tgt
        seq_len = _get_seq_len(tgt, self.layers[0].self_attn.batch_first)
        tgt_is_causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, seq_len)
        for mod in self.layers:
            output = mod(output, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                         tgt_key_padding_mask=tgt_key_padding_mask,
                         memory_key_padding_mask=memory_key_padding_mask,
                         tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """The encoder-decoder Transformer of "Attention Is All You Need": a
    TransformerEncoder over `src` (with a final LayerNorm), whose output is the
    `memory` of a TransformerDecoder over `tgt` (with a final LayerNorm).

    Every parameter with more than one dimension is re-initialised with
    ``xavier_uniform_``, as PyTorch's. Returns the decoder output, shaped like `tgt`.
    ``Transformer.generate_square_subsequent_mask(sz)`` gives the float causal
    mask (0 on and below the diagonal, -inf above).

    >>> import latpy.torch as torch
    >>> model = torch.nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1,
    ...                              num_decoder_layers=1, dim_feedforward=16, dropout=0.0)
    >>> src, tgt = torch.randn(6, 2, 8), torch.randn(4, 2, 8)          # (S, N, E), (T, N, E)
    >>> tgt_mask = torch.nn.Transformer.generate_square_subsequent_mask(4)
    >>> model(src, tgt, tgt_mask=tgt_mask).shape
    torch.Size([4, 2, 8])
    >>> torch.nn.Transformer.generate_square_subsequent_mask(3)
    tensor([[0., -inf, -inf],
            [0., 0., -inf],
            [0., 0., 0.]])
    """

    def __init__(self, d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
                 dim_feedforward=2048, dropout=0.1, activation=F.relu, custom_encoder=None,
                 custom_decoder=None, layer_norm_eps=1e-5, batch_first=False,
                 norm_first=False, bias=True, device=None, dtype=None):
        super().__init__()
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            encoder_layer = TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout,
                                                    activation, layer_norm_eps, batch_first,
                                                    norm_first, bias)
            encoder_norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
            self.encoder = TransformerEncoder(encoder_layer, num_encoder_layers, encoder_norm)
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            decoder_layer = TransformerDecoderLayer(d_model, nhead, dim_feedforward, dropout,
                                                    activation, layer_norm_eps, batch_first,
                                                    norm_first, bias)
            decoder_norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias)
            self.decoder = TransformerDecoder(decoder_layer, num_decoder_layers, decoder_norm)
        self._reset_parameters()
        self.d_model = d_model
        self.nhead = nhead
        self.batch_first = batch_first

    def forward(self, src, tgt, src_mask=None, tgt_mask=None, memory_mask=None,
                src_key_padding_mask=None, tgt_key_padding_mask=None,
                memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
                memory_is_causal=False):
        is_batched = src.ndim == 3
        if is_batched and not self.batch_first and src.shape[1] != tgt.shape[1]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if is_batched and self.batch_first and src.shape[0] != tgt.shape[0]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(src, mask=src_mask, src_key_padding_mask=src_key_padding_mask,
                              is_causal=src_is_causal)
        return self.decoder(tgt, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                            tgt_key_padding_mask=tgt_key_padding_mask,
                            memory_key_padding_mask=memory_key_padding_mask,
                            tgt_is_causal=tgt_is_causal, memory_is_causal=memory_is_causal)

    @staticmethod
    def generate_square_subsequent_mask(sz, device=None, dtype=None):
        """The square causal mask: -inf above the diagonal, 0 on and below it
        (with ``dtype=torch.bool``: True above the diagonal).

        >>> import latpy.torch as torch
        >>> torch.nn.Transformer.generate_square_subsequent_mask(2).tolist()
        [[0.0, -inf], [0.0, 0.0]]
        """
        return _square_subsequent_mask(sz, device=device, dtype=dtype)

    def _reset_parameters(self):
        """xavier_uniform_ on every parameter with more than one dimension."""
        for p in self.parameters():
            if p.ndim > 1:
                init.xavier_uniform_(p)
