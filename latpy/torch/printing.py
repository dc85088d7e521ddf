"""PyTorch-style repr of tensors: ``tensor([1.0000, 2.5000], requires_grad=True)``.

The rules are PyTorch's (``torch/_tensor_str.py``, default print options):
floats print with 4 decimals, as ``1.``-style integers when every value is
integral, in scientific notation when the nonzero finite magnitudes span more
than 1000x, exceed 1e8 or go below 1e-4; every element is padded to one width;
lines wrap at 80 columns; more than 1000 elements are summarized with ``...``.
float64 is latpy's default dtype, so (like PyTorch's default dtype) it is not
named in the repr.

>>> import latpy.torch as torch
>>> torch.tensor([0.1, 0.25, 123.456])
tensor([1.0000e-01, 2.5000e-01, 1.2346e+02])
"""

from __future__ import annotations

import math

PRECISION = 4
THRESHOLD = 1000
EDGEITEMS = 3
LINEWIDTH = 80


class _Formatter:
    """Chooses one format (integer, fixed or scientific) and one width for all values."""

    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        if not floating:
            for v in values:
                self.max_width = max(self.max_width, len(_plain(v)))
            return
        finite = [v for v in values if v - v == 0 and v != 0]  # nonzero finite values
        if not finite:
            return
        magnitudes = [abs(v) for v in finite]
        low, high = min(magnitudes), max(magnitudes)
        self.int_mode = all(v == math.ceil(v) for v in finite)
        if self.int_mode:
            if high / low > 1000.0 or high > 1.0e8:
                self.sci_mode = True
                self.max_width = max(len(f"{v:.{PRECISION}e}") for v in finite)
            else:
                self.max_width = max(len(f"{v:.0f}") + 1 for v in finite)
        elif high / low > 1000.0 or high > 1.0e8 or low < 1.0e-4:
            self.sci_mode = True
            self.max_width = max(len(f"{v:.{PRECISION}e}") for v in finite)
        else:
            self.max_width = max(len(f"{v:.{PRECISION}f}") for v in finite)

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        if not self.floating:
            text = _plain(value)
        elif self.sci_mode:
            text = f"{value:{self.max_width}.{PRECISION}e}"
        elif self.int_mode:
            text = f"{value:.0f}"
            if value - value == 0:  # finite: a trailing dot marks a float
                text += "."
        else:
            text = f"{value:.{PRECISION}f}"
        return " " * (self.max_width - len(text)) + text


def _plain(value) -> str:
    return str(value)


def _summarized_values(arr):
    """The values that are shown when a big tensor is summarized (edge rows only)."""
    if not arr.shape:
        return [arr.item()]
    n = arr.shape[0]
    rows = list(range(EDGEITEMS)) + list(range(n - EDGEITEMS, n)) \
        if n > 2 * EDGEITEMS else range(n)
    if arr.ndim == 1:
        values = arr.tolist()
        return [values[i] for i in rows]
    out = []
    for i in rows:
        out.extend(_summarized_values(arr[i]))
    return out


def _vector(values, indent, summarize, fmt):
    element_length = fmt.width() + 2
    per_line = max(1, int(math.floor((LINEWIDTH - indent) / element_length)))
    if summarize and len(values) > 2 * EDGEITEMS:
        data = [fmt.format(v) for v in values[:EDGEITEMS]] + [" ..."] + \
            [fmt.format(v) for v in values[-EDGEITEMS:]]
    else:
        data = [fmt.format(v) for v in values]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _render(arr, indent, summarize, fmt):
    if arr.ndim == 1:
        return _vector(arr.tolist(), indent, summarize, fmt)
    n = arr.shape[0]
    if summarize and n > 2 * EDGEITEMS:
        slices = [_render(arr[i], indent + 1, summarize, fmt) for i in range(EDGEITEMS)] + \
            ["..."] + [_render(arr[i], indent + 1, summarize, fmt)
                       for i in range(n - EDGEITEMS, n)]
    else:
        slices = [_render(arr[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (arr.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def format_data(arr, indent):
    """The bracketed, aligned text of an NDArray's values (PyTorch's layout)."""
    summarize = arr.size > THRESHOLD
    values = _summarized_values(arr) if summarize else (
        arr.reshape(-1).tolist() if arr.ndim else [arr.item()])
    fmt = _Formatter(values, arr.dtype.kind == "f")
    if not arr.ndim:
        return fmt.format(arr.item())
    return _render(arr, indent, summarize, fmt)


def _add_suffixes(text, suffixes, indent):
    parts = [text]
    last_line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > LINEWIDTH:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def tensor_repr(t) -> str:
    """``tensor([...], ...)`` with size/dtype/grad_fn/requires_grad notes as PyTorch."""
    arr = t.data
    prefix = "tensor("
    indent = len(prefix)
    suffixes = []
    if arr.size == 0:
        if arr.ndim != 1:
            suffixes.append(f"size={tuple(arr.shape)}")
        if arr.dtype.kind != "f":  # nothing to infer an integer dtype from
            suffixes.append(f"dtype={t.dtype}")
        body = "[]"
    else:
        body = format_data(arr, indent)
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)
