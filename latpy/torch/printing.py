"""PyTorch-style repr of tensors: ``tensor([1.0000, 2.5000], requires_grad=True)``.

Floats print with 4 decimals (``1.``-style when all are integers, scientific
when magnitudes are extreme); float64 is latpy's default dtype, so, like
PyTorch's default dtype, it is not named in the repr.
"""

from __future__ import annotations

import math


def _format_floats(values):
    finite = [v for v in values if v - v == 0]
    if not finite:
        return lambda v: _special(v) or repr(v)
    ints = all(v == int(v) for v in finite)
    big = max(abs(v) for v in finite)
    nonzero = [abs(v) for v in finite if v != 0]
    small = min(nonzero) if nonzero else 0.0
    if ints and big < 1e8:
        return lambda v: _special(v) or f"{v:.0f}."
    if big >= 1e8 or (small and (small < 1e-4 or big / small > 1e3 and big > 1e3)):
        return lambda v: _special(v) or f"{v:.4e}"
    return lambda v: _special(v) or f"{v:.4f}"


def _special(v):
    if v != v:
        return "nan"
    if v == math.inf:
        return "inf"
    if v == -math.inf:
        return "-inf"
    return None


def _summarize(shape, limit=1000):
    n = 1
    for d in shape:
        n *= d
    return n > limit


def format_data(arr, indent):
    """The bracketed, aligned text of an NDArray's values."""
    shape = tuple(arr.shape)
    flat = arr.reshape(-1).tolist() if arr.size else []
    kind = arr.dtype.kind
    summarize = _summarize(shape)
    if kind == "f":
        fmt = _format_floats(_shown(arr, summarize) if summarize else flat)
    elif kind == "b":
        fmt = lambda v: "True" if v else "False"  # noqa: E731
    else:
        fmt = str
    if not shape:
        return fmt(flat[0])
    texts = [fmt(v) for v in (_shown(arr, summarize) if summarize else flat)]
    width = max((len(t) for t in texts), default=0)
    nested = arr.tolist() if not summarize else None
    return _render(arr if summarize else nested, shape, fmt, width, indent, summarize)


def _shown(arr, summarize, edge=3):
    if not arr.shape:
        return [arr.item()]
    if arr.shape[0] > 2 * edge and summarize:
        parts = [arr[i] for i in list(range(edge)) + list(range(arr.shape[0] - edge,
                                                                  arr.shape[0]))]
    else:
        parts = [arr[i] for i in range(arr.shape[0])]
    out = []
    for p in parts:
        if hasattr(p, "shape") and getattr(p, "ndim", 0):
            out.extend(_shown(p, summarize, edge))
        else:
            out.append(p.item() if hasattr(p, "item") else p)
    return out


def _render(data, shape, fmt, width, indent, summarize, edge=3):
    if len(shape) == 1:
        items = data.tolist() if summarize else data
        if summarize and shape[0] > 2 * edge:
            texts = [fmt(v).rjust(width) for v in items[:edge]] + ["..."] + \
                    [fmt(v).rjust(width) for v in items[-edge:]]
        else:
            texts = [fmt(v).rjust(width) for v in items]
        return "[" + _wrap_line(texts, indent + 1) + "]"
    n = shape[0]
    if summarize and n > 2 * edge:
        index = list(range(edge)) + [None] + list(range(n - edge, n))
    else:
        index = list(range(n))
    rows = []
    for i in index:
        if i is None:
            rows.append("...")
            continue
        sub = data[i]
        rows.append(_render(sub, shape[1:], fmt, width, indent + 1, summarize, edge))
    sep = "," + "\n" * (len(shape) - 1) + " " * (indent + 1)
    return "[" + sep.join(rows) + "]"


def _wrap_line(texts, indent, linewidth=80):
    lines, current = [], ""
    for t in texts:
        piece = t if not current else current + ", " + t
        if len(piece) + indent > linewidth and current:
            lines.append(current + ",")
            current = t
        else:
            current = piece
    lines.append(current)
    return ("\n" + " " * indent).join(lines)


def tensor_repr(t) -> str:
    """``tensor([...], ...)`` with requires_grad / grad_fn / dtype notes as PyTorch."""
    arr = t.data
    prefix = "tensor("
    if arr.size == 0 and arr.ndim == 1:
        body = "[]"
    elif arr.size == 0:
        body = "[]"
    else:
        body = format_data(arr, len(prefix))
    notes = []
    if arr.size == 0 and arr.ndim != 1:
        notes.append(f"size={tuple(arr.shape)}")
    if t.grad_fn is not None:
        notes.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t.requires_grad:
        notes.append("requires_grad=True")
    return prefix + body + "".join(", " + n for n in notes) + ")"
