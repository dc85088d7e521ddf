"""SVG building blocks shared by the graph drawer and the plots.

Everything here is plain text generation: escaping, number formatting, "nice"
1-2-5 axis ticks, colour maps, and a tiny element builder. No dependency.
"""

from __future__ import annotations

import base64
import math
import struct
import zlib

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"
# Ten distinguishable colours (the "tab10" palette) for series and classes.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
_VIRIDIS = ((68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
            (31, 158, 137), (53, 183, 121), (110, 206, 88), (181, 222, 43), (253, 231, 37))


def escape(text) -> str:
    """Escape text for use inside SVG/XML content or a quoted attribute.

    >>> escape('a < b & "c"')
    'a &lt; b &amp; &quot;c&quot;'
    """
    return (str(text).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def text_width(text: str, size: float, mono: bool = False) -> float:
    """Estimated width in pixels of `text` set at font `size` (no font metrics needed).

    >>> text_width("abcd", 10, mono=True)
    24.0
    """
    return len(text) * size * (0.6 if mono else 0.62)


def fmt(value, digits: int = 4) -> str:
    """A number as ``%.{digits}g`` (ints and bools unchanged), as the graph nodes show it.

    >>> fmt(3.14159265), fmt(2), fmt(1e-7), fmt(True)
    ('3.142', '2', '1e-07', 'True')
    """
    if isinstance(value, bool) or isinstance(value, int):
        return str(value)
    return "%.*g" % (digits, value)


def nice_step(span: float, max_ticks: int = 6) -> float:
    """The smallest step of the form 1, 2 or 5 times a power of ten giving at most
    `max_ticks` intervals over `span`.

    >>> nice_step(10.0), nice_step(0.7), nice_step(1234, 5)
    (2.0, 0.2, 500.0)
    """
    if not span > 0 or not math.isfinite(span):
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(span / max_ticks))
    for multiple in (1.0, 2.0, 5.0, 10.0):
        step = multiple * magnitude
        if span / step <= max_ticks + 1e-9:
            return step
    return 10.0 * magnitude


def nice_ticks(lo: float, hi: float, max_ticks: int = 6) -> list:
    """Tick positions inside ``[lo, hi]`` at a 1-2-5 step (the "nice numbers" rule).

    >>> nice_ticks(0.0, 1.0)
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    >>> nice_ticks(-3.0, 7.0, 5)
    [-2.0, 0.0, 2.0, 4.0, 6.0]
    """
    if hi < lo:
        lo, hi = hi, lo
    step = nice_step(hi - lo, max_ticks)
    decimals = max(0, -math.floor(math.log10(step))) + 1
    first = math.ceil(lo / step - 1e-9)
    ticks = []
    k = first
    while k * step <= hi + step * 1e-9 and len(ticks) < 50:
        ticks.append(round(k * step, decimals) + 0.0)
        k += 1
    return ticks


def log_ticks(lo: float, hi: float) -> list:
    """Ticks for a log axis over ``[lo, hi]`` (both > 0): powers of ten, plus 2 and 5
    times them when the range spans fewer than three decades.

    >>> log_ticks(0.05, 2.0)
    [0.05, 0.1, 0.2, 0.5, 1.0, 2.0]
    """
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    multiples = (1, 2, 5) if math.log10(hi / lo) < 2.5 else (1,)
    stride = max(1, (last - first) // 8)
    ticks = []
    for e in range(first, last + 1, stride):
        for m in multiples:
            v = float(f"{m}e{e}")
            if lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9):
                ticks.append(v)
    return ticks


def tick_label(value: float, step: float = 0.0) -> str:
    """A tick value written with just enough decimals for its `step`.

    >>> tick_label(0.30000000000000004, 0.1), tick_label(2.0, 0.5), tick_label(1e6, 2e5)
    ('0.3', '2.0', '1e+06')
    """
    if value == 0:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-4:
        return "%.3g" % value
    if step > 0:
        decimals = max(0, -math.floor(math.log10(step) + 1e-9))
        return "%.*f" % (decimals, value)
    return "%g" % value


def expand_range(lo: float, hi: float, margin: float = 0.05):
    """``(lo, hi)`` widened by `margin` of the span (a unit span around a constant).

    >>> expand_range(0.0, 10.0)
    (-0.5, 10.5)
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return 0.0, 1.0
    if hi <= lo:
        return lo - 0.5, hi + 0.5
    pad = (hi - lo) * margin
    return lo - pad, hi + pad


def colormap(t: float, cmap: str = "viridis") -> tuple:
    """The RGB colour (0-255 ints) of ``t`` in [0, 1] under ``"gray"`` or ``"viridis"``.

    >>> colormap(0.0, "gray"), colormap(1.0, "viridis")
    ((0, 0, 0), (253, 231, 37))
    """
    t = 0.0 if not t > 0 else (1.0 if t > 1 else t)  # NaN maps to 0
    if cmap in ("gray", "grey"):
        v = round(255 * t)
        return (v, v, v)
    if cmap in ("gray_r", "grey_r"):
        v = round(255 * (1 - t))
        return (v, v, v)
    if cmap != "viridis":
        raise ValueError(f"unknown cmap {cmap!r}; use 'gray', 'gray_r' or 'viridis'")
    x = t * (len(_VIRIDIS) - 1)
    i = min(int(x), len(_VIRIDIS) - 2)
    f = x - i
    a, b = _VIRIDIS[i], _VIRIDIS[i + 1]
    return tuple(round(a[k] + (b[k] - a[k]) * f) for k in range(3))


def hex_color(rgb) -> str:
    """``(r, g, b)`` as ``'#rrggbb'``.

    >>> hex_color((255, 0, 16))
    '#ff0010'
    """
    return "#%02x%02x%02x" % tuple(max(0, min(255, int(c))) for c in rgb)


def blend(color: str, alpha: float, background=(255, 255, 255)) -> str:
    """``'#rrggbb'`` seen with opacity `alpha` over `background`, as an opaque colour
    (neighbouring opaque cells leave no seams, translucent ones do).

    >>> blend("#ff0000", 0.5)
    '#ff8080'
    """
    rgb = [int(color[k:k + 2], 16) for k in (1, 3, 5)]
    return hex_color(round(b + (c - b) * alpha) for c, b in zip(rgb, background))


def to_list(x):
    """Lists, tuples, NDArrays, Tensors (anything with ``tolist``) as nested Python lists.

    >>> import latpy as lp
    >>> to_list(lp.arange(3)), to_list((1, 2))
    ([0, 1, 2], [1, 2])
    """
    if hasattr(x, "detach") and hasattr(x, "grad_fn"):  # a Tensor: drop the graph
        x = x.detach()
    if hasattr(x, "tolist"):
        return x.tolist()
    if isinstance(x, (list, tuple)):
        return [to_list(v) if hasattr(v, "tolist") or isinstance(v, (list, tuple)) else v
                for v in x]
    return x


def png_data_uri(rows) -> str:
    """An RGB image given as rows of ``(r, g, b)`` tuples, as a ``data:image/png`` URI
    (used for large images, where one ``<rect>`` per pixel would be too heavy).

    >>> png_data_uri([[(255, 0, 0)]])[:22]
    'data:image/png;base64,'
    """
    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


class Svg:
    """A tiny SVG document builder: add elements, then ``str()`` it.

    >>> doc = Svg(100, 50)
    >>> doc.rect(0, 0, 10, 10, fill="red")
    >>> doc.text(5, 20, "hi & bye")
    >>> print(str(doc).splitlines()[2])
    <rect x="0" y="0" width="10" height="10" fill="red"/>
    """

    def __init__(self, width: float, height: float, font: str = FONT):
        self.width, self.height, self.font = width, height, font
        self.parts = []

    @staticmethod
    def _attrs(attrs: dict) -> str:
        out = []
        for key, value in attrs.items():
            if value is None:
                continue
            if isinstance(value, float):
                value = _num(value)
            out.append(f' {key.rstrip("_").replace("_", "-")}="{escape(value)}"')
        return "".join(out)

    def raw(self, text: str) -> None:
        self.parts.append(text)

    def rect(self, x, y, w, h, **attrs) -> None:
        self.parts.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" '
                          f'height="{_num(h)}"{self._attrs(attrs)}/>')

    def line(self, x1, y1, x2, y2, stroke="#000", **attrs) -> None:
        self.parts.append(f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" '
                          f'y2="{_num(y2)}" stroke="{stroke}"{self._attrs(attrs)}/>')

    def circle(self, cx, cy, r, **attrs) -> None:
        self.parts.append(f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}"'
                          f'{self._attrs(attrs)}/>')

    def polyline(self, points, **attrs) -> None:
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        self.parts.append(f'<polyline points="{pts}" fill="none"{self._attrs(attrs)}/>')

    def polygon(self, points, **attrs) -> None:
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        self.parts.append(f'<polygon points="{pts}"{self._attrs(attrs)}/>')

    def path(self, d: str, **attrs) -> None:
        self.parts.append(f'<path d="{d}"{self._attrs(attrs)}/>')

    def text(self, x, y, text, size=12, anchor="middle", **attrs) -> None:
        self.parts.append(f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" '
                          f'text-anchor="{anchor}"{self._attrs(attrs)}>{escape(text)}</text>')

    def open_group(self, **attrs) -> None:
        self.parts.append(f"<g{self._attrs(attrs)}>")

    def close_group(self) -> None:
        self.parts.append("</g>")

    def __str__(self) -> str:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(self.width)}" '
                f'height="{_num(self.height)}" viewBox="0 0 {_num(self.width)} '
                f'{_num(self.height)}" font-family="{escape(self.font)}">')
        background = f'<rect x="0" y="0" width="{_num(self.width)}" ' \
                     f'height="{_num(self.height)}" fill="#ffffff" class="background"/>'
        return "\n".join([head, background, *self.parts, "</svg>"]) + "\n"


def _num(v) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    if isinstance(v, int):
        return str(v)
    s = "%.2f" % v
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def write(text: str, path) -> str:
    """Write `text` to `path` (UTF-8) if a path is given; return `text` either way.

    >>> write("<svg/>", None)
    '<svg/>'
    """
    if path is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return text
