"""Attention, functional form: ``scaled_dot_product_attention`` and
``multi_head_attention_forward`` (the body of ``nn.MultiheadAttention``).

Everything is composed of Tensor ops (matmul, softmax, reshape, cat), so the
derivatives come for free. Masks are constants, built on the raw arrays.

Mind the two mask conventions, both PyTorch's: in ``scaled_dot_product_attention``
a bool mask is True where a position *takes part*; in ``MultiheadAttention`` (and
``multi_head_attention_forward``) a bool ``attn_mask``/``key_padding_mask`` is True
where a position is *masked out*. A float mask is added to the scores in both.
"""

from __future__ import annotations

import math
import warnings

from ... import ones, tril, where as np_where, zeros
from .. import ops as O, shape_ops as SO
from ..creation import rand
from ..tensor import Tensor

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]

_NEG_INF = -math.inf
_wrap = Tensor._wrap


def _dropout(x: Tensor, p: float, training: bool = True) -> Tensor:
    """Dropout: nn.functional's shared one when present, else an identical private one."""
    if not training or p == 0.0:
        return x
    from . import functional as F
    shared = getattr(F, "dropout", None)
    if shared is not None:
        return shared(x, p, training=True)
    if p == 1.0:
        return x * 0.0
    keep = rand(*x.shape).data < (1.0 - p)  # a bernoulli(1 - p) draw, as PyTorch's
    return x * _wrap(keep * (1.0 / (1.0 - p)))


def _is_bool(mask) -> bool:
    return str(mask.dtype).endswith("bool")


def _none_or_dtype(mask):
    return None if mask is None else mask.dtype


def _canonical_mask(mask, mask_name, other_type, other_name, target_type=None,
                    check_other=True):
    """A bool mask (True = masked out) as a float mask of 0 / -inf; a float mask as is."""
    if mask is None:
        return None
    mask = mask if isinstance(mask, Tensor) else Tensor(mask)
    if check_other and other_type is not None and \
            str(other_type).endswith("bool") != _is_bool(mask):
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. "
                      "Use same type for both instead.")
    if _is_bool(mask):
        return _wrap(np_where(mask.data, _NEG_INF, 0.0))
    if not mask.is_floating_point():
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    return mask


def _safe_softmax(scores: Tensor) -> Tensor:
    """softmax over the last dim; a row that is all -inf gives zeros (not nan), as the
    softmax inside PyTorch's SDPA. Such rows are fed zeros so no nan reaches a gradient."""
    dead = (scores.data == _NEG_INF).all(axis=-1, keepdims=True)
    if not dead.any():
        return O.softmax(scores, -1)
    safe = O.where(dead, 0.0, scores)
    return O.where(dead, 0.0, O.softmax(safe, -1))


def _repeat_heads(x: Tensor, times: int) -> Tensor:
    """repeat_interleave(x, times, dim=-3): each key/value head serves `times` query heads."""
    shape = tuple(x.shape)
    grown = x.unsqueeze(-3).expand(*shape[:-2], times, *shape[-2:])
    return grown.reshape(*shape[:-3], shape[-3] * times, *shape[-2:])


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False) -> Tensor:
    """softmax(query @ key^T * scale + mask) @ value, over the last two dims.

    `attn_mask` is a bool mask (True = take part) or a float mask added to the scores,
    broadcast to ``(..., L, S)``; ``is_causal`` masks the upper triangle (not together
    with `attn_mask`); `scale` defaults to ``1/sqrt(E)``; ``dropout_p`` is always
    applied (as PyTorch's functional form). A fully masked row gives zeros.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> q = k = v = torch.ones(2, 4, 3, 8)          # (batch, heads, seq, dim)
    >>> F.scaled_dot_product_attention(q, k, v, is_causal=True).shape
    torch.Size([2, 4, 3, 8])
    """
    query, key, value = (x if isinstance(x, Tensor) else Tensor(x)
                         for x in (query, key, value))
    if query.ndim < 2 or key.ndim < 2 or value.ndim < 2:
        raise RuntimeError("scaled_dot_product_attention: query, key and value must be at "
                           f"least 2-D, got {query.ndim}-D, {key.ndim}-D and {value.ndim}-D")
    L, E, S = query.shape[-2], query.shape[-1], key.shape[-2]
    if key.shape[-1] != E or value.shape[-2] != S:
        raise RuntimeError(f"scaled_dot_product_attention: query {tuple(query.shape)}, key "
                           f"{tuple(key.shape)} and value {tuple(value.shape)} do not fit "
                           "(need query (..., L, E), key (..., S, E), value (..., S, Ev))")
    if enable_gqa and query.ndim >= 3 and key.shape[-3] != query.shape[-3]:
        heads, kv_heads = query.shape[-3], key.shape[-3]
        if heads % kv_heads or value.shape[-3] != kv_heads:
            raise RuntimeError(f"scaled_dot_product_attention: number of heads in key/value "
                               f"({kv_heads}, {value.shape[-3]}) must divide the number of "
                               f"heads in query ({heads})")
        key, value = _repeat_heads(key, heads // kv_heads), _repeat_heads(value, heads // kv_heads)
    scale_factor = 1.0 / math.sqrt(E) if scale is None else float(scale)
    scores = query.matmul(key.transpose(-2, -1)) * scale_factor
    bias = None
    if attn_mask is not None:
        mask = attn_mask if isinstance(attn_mask, Tensor) else Tensor(attn_mask)
        if not _is_bool(mask) and not mask.is_floating_point():
            raise RuntimeError("Expected attn_mask dtype to be bool or float or to match "
                               f"query dtype, but got attn_mask.dtype: {mask.dtype}")
        bias = _wrap(np_where(mask.data, 0.0, _NEG_INF)) if _is_bool(mask) else mask
    if is_causal:
        if attn_mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not "
                               "be set when is_causal=True")
        bias = _wrap(np_where(tril(ones((L, S), dtype=bool)), 0.0, _NEG_INF))
    if bias is not None:
        scores = scores + bias
    weights = _dropout(_safe_softmax(scores), dropout_p)
    return weights.matmul(value)


def _check_shapes(query, key, value, key_padding_mask, attn_mask, num_heads) -> bool:
    """PyTorch's _mha_shape_check: True for batched (3-D) input, False for unbatched 2-D."""
    if query.ndim == 3:
        if key.ndim != 3 or value.ndim != 3:
            raise AssertionError("For batched (3-D) `query`, expected `key` and `value` to be "
                                 f"3-D but found {key.ndim}-D and {value.ndim}-D tensors "
                                 "respectively")
        if key_padding_mask is not None and key_padding_mask.ndim != 2:
            raise AssertionError("For batched (3-D) `query`, expected `key_padding_mask` to be "
                                 f"`None` or 2-D but found {key_padding_mask.ndim}-D tensor "
                                 "instead")
        if attn_mask is not None and attn_mask.ndim not in (2, 3):
            raise AssertionError("For batched (3-D) `query`, expected `attn_mask` to be `None`, "
                                 f"2-D or 3-D but found {attn_mask.ndim}-D tensor instead")
        return True
    if query.ndim == 2:
        if key.ndim != 2 or value.ndim != 2:
            raise AssertionError("For unbatched (2-D) `query`, expected `key` and `value` to be "
                                 f"2-D but found {key.ndim}-D and {value.ndim}-D tensors "
                                 "respectively")
        if key_padding_mask is not None and key_padding_mask.ndim != 1:
            raise AssertionError("For unbatched (2-D) `query`, expected `key_padding_mask` to "
                                 f"be `None` or 1-D but found {key_padding_mask.ndim}-D tensor "
                                 "instead")
        if attn_mask is not None:
            if attn_mask.ndim not in (2, 3):
                raise AssertionError("For unbatched (2-D) `query`, expected `attn_mask` to be "
                                     f"`None`, 2-D or 3-D but found {attn_mask.ndim}-D tensor "
                                     "instead")
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.ndim == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                     f"{tuple(attn_mask.shape)}")
        return False
    raise AssertionError("query should be unbatched 2D or batched 3D tensor but received "
                         f"{query.ndim}-D query tensor")


def _linear(x, weight, bias):
    out = x.matmul(weight.t())
    return out if bias is None else out + bias


def _in_projection(query, key, value, w, b, separate):
    """q, k, v projections: one matmul for self-attention, else one per input."""
    E = query.shape[-1] if not separate else separate[0].shape[0]
    if separate:
        w_q, w_k, w_v = separate
    else:
        if query is key and key is value:  # self-attention: project once, split after
            qkv = _linear(query, w, b)
            return SO.split(qkv, E, -1)
        w_q, w_k, w_v = SO.split(w, E, 0)
    b_q, b_k, b_v = (None, None, None) if b is None else SO.split(b, E, 0)
    return _linear(query, w_q, b_q), _linear(key, w_k, b_k), _linear(value, w_v, b_v)


def _pad_last(mask):
    """A zero column appended to a float mask (F.pad(mask, (0, 1)))."""
    return SO.cat([mask, _wrap(zeros(tuple(mask.shape[:-1]) + (1,)))], -1)


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """Multi-head attention on sequence-first input ``(L, N, E)`` (or unbatched ``(L, E)``).

    Returns ``(attn_output, attn_weights)``; the weights are ``(N, L, S)`` averaged over
    heads (``(N, heads, L, S)`` with ``average_attn_weights=False``) or None when
    ``need_weights=False``. Bool masks are True where attention is *not* allowed.

    >>> import latpy.torch as torch, latpy.torch.nn.functional as F
    >>> x = torch.ones(3, 2, 4)
    >>> out, w = F.multi_head_attention_forward(x, x, x, 4, 2, torch.ones(12, 4),
    ...     torch.zeros(12), None, None, False, 0.0, torch.ones(4, 4), torch.zeros(4))
    >>> out.shape, w.shape
    (torch.Size([3, 2, 4]), torch.Size([2, 3, 3]))
    """
    is_batched = _check_shapes(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                       _none_or_dtype(attn_mask), "attn_mask")
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to "
                           "create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # SDPA applies the causal mask itself
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", check_other=False)
        if key_padding_mask is not None:
            is_causal = False
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but "
                             f"got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    separate = (q_proj_weight, k_proj_weight, v_proj_weight) if use_separate_proj_weight \
        else None
    if tuple(key.shape[:2]) != tuple(value.shape[:2]) or \
            (not separate and tuple(key.shape) != tuple(value.shape)):
        raise AssertionError(f"key shape {tuple(key.shape)} does not match value shape "
                             f"{tuple(value.shape)}")
    q, k, v = _in_projection(query, key, value, in_proj_weight, in_proj_bias, separate)

    if attn_mask is not None:
        if attn_mask.ndim == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but "
                                   f"should be {(tgt_len, src_len)}.")
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask.ndim == 3:
            if tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
                raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but "
                                   f"should be {(bsz * num_heads, tgt_len, src_len)}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.ndim} is not supported")
    if bias_k is not None and bias_v is not None:
        k = SO.cat([k, bias_k.repeat(1, bsz, 1)])
        v = SO.cat([v, bias_v.repeat(1, bsz, 1)])
        attn_mask = _pad_last(attn_mask) if attn_mask is not None else None
        key_padding_mask = _pad_last(key_padding_mask) if key_padding_mask is not None \
            else None

    # (L, N, E) -> (N * heads, L, head_dim): each batch-head pair is one attention problem
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = (k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
         if static_k is None else static_k)
    v = (v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
         if static_v is None else static_v)
    if add_zero_attn:
        zero_attn = _wrap(zeros((bsz * num_heads, 1, head_dim)))
        k, v = SO.cat([k, zero_attn], 1), SO.cat([v, zero_attn], 1)
        attn_mask = _pad_last(attn_mask) if attn_mask is not None else None
        key_padding_mask = _pad_last(key_padding_mask) if key_padding_mask is not None \
            else None
    src_len = k.shape[1]
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (bsz, src_len):
            raise AssertionError(f"expecting key_padding_mask shape of {(bsz, src_len)}, but "
                                 f"got {tuple(key_padding_mask.shape)}")
        kpm = key_padding_mask.reshape(bsz, 1, 1, src_len).expand(bsz, num_heads, 1, src_len)
        kpm = kpm.reshape(bsz * num_heads, 1, src_len)
        attn_mask = kpm if attn_mask is None else attn_mask + kpm
    if not training:
        dropout_p = 0.0

    if need_weights:
        scores = (q * math.sqrt(1.0 / float(head_dim))).matmul(k.transpose(-2, -1))
        if attn_mask is not None:
            scores = scores + attn_mask
        weights = _dropout(O.softmax(scores, -1), dropout_p)
        out = weights.matmul(v).transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
        out = _linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, -1)
        weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(1)
        if not is_batched:
            out, weights = out.squeeze(1), weights.squeeze(0)
        return out, weights

    if attn_mask is not None:
        attn_mask = attn_mask.unsqueeze(0) if attn_mask.shape[0] == 1 else \
            attn_mask.reshape(bsz, num_heads, -1, src_len)
    q = q.reshape(bsz, num_heads, tgt_len, head_dim)
    k = k.reshape(bsz, num_heads, src_len, head_dim)
    v = v.reshape(bsz, num_heads, src_len, head_dim)
    out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
    out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, embed_dim)
    out = _linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, -1)
    return (out if is_batched else out.squeeze(1)), None
