"""Draw the pictures of the NDArray guide (docs/ndarray.md) as SVG files.

    python docs/pictures/make_pictures.py             # writes docs/pictures/*.svg
    python docs/pictures/make_pictures.py --out DIR   # somewhere else

Standard library only; the output is the same on every run. Each picture shows
one idea: an array is a flat storage list plus (shape, strides, offset), and a
view is a new (shape, strides, offset) over the same list. Strides are drawn in
elements (latpy's inside view); ``.strides`` reports them in bytes (x 8).
"""

from __future__ import annotations

import argparse
import os

HERE = os.path.dirname(os.path.abspath(__file__))

CELL_W, CELL_H = 44, 34
FONT = "font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, monospace\""
# one pastel colour per storage element (up to 12), so a cell and its storage
# slot can be matched by eye in every picture
PALETTE = ["#fde68a", "#bfdbfe", "#bbf7d0", "#fecaca", "#ddd6fe", "#fed7aa",
           "#a5f3fc", "#f5d0fe", "#d9f99d", "#fcd34d", "#fbcfe8", "#c7d2fe"]
GREY = "#f1f5f9"
INK = "#1e293b"
MUTED = "#64748b"
ACCENT = "#dc2626"


class Svg:
    """A tiny SVG writer: cells, text, arrows; coordinates in pixels."""

    def __init__(self, width: int, height: int, title: str):
        self.width, self.height = width, height
        self.parts = [f"<title>{_esc(title)}</title>"]

    def text(self, x, y, s, size=13, anchor="start", color=INK, weight="normal"):
        self.parts.append(
            f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{color}" font-weight="{weight}" {FONT}>{_esc(s)}</text>')

    def cell(self, x, y, label, fill, dashed=False, faded=False, w=CELL_W, h=CELL_H):
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        opacity = ' opacity="0.45"' if faded else ""
        self.parts.append(
            f'<g{opacity}><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
            f'stroke="{INK}" stroke-width="1"{dash}/>'
            f'<text x="{x + w / 2}" y="{y + h / 2 + 5}" font-size="14" text-anchor="middle" '
            f'fill="{INK}" {FONT}>{_esc(str(label))}</text></g>')

    def grid(self, x, y, values, colors, dashed=None, faded=None):
        """A 2-D grid of cells; `values`/`colors` are lists of rows."""
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                self.cell(x + j * CELL_W, y + i * CELL_H, v, colors[i][j],
                          dashed=bool(dashed and dashed[i][j]),
                          faded=bool(faded and faded[i][j]))

    def storage(self, x, y, values, colors, label="storage"):
        """The flat list, with its indices underneath."""
        self.text(x - 10, y + CELL_H / 2 + 5, label, anchor="end", color=MUTED)
        for k, v in enumerate(values):
            self.cell(x + k * CELL_W, y, v, colors[k])
            self.text(x + k * CELL_W + CELL_W / 2, y + CELL_H + 15, str(k), size=11,
                      anchor="middle", color=MUTED)

    def hop(self, x1, x2, y, label, color=ACCENT, up=True):
        """A curved arrow above (or below) a storage row from x1 to x2."""
        h = -26 if up else 26
        mid = (x1 + x2) / 2
        self.parts.append(
            f'<path d="M {x1} {y} C {x1} {y + h}, {x2} {y + h}, {x2} {y}" fill="none" '
            f'stroke="{color}" stroke-width="1.5" marker-end="url(#arrow)"/>')
        self.text(mid, y + h - (4 if up else -14), label, size=11, anchor="middle", color=color)

    def arrow(self, x1, y1, x2, y2, color=MUTED, label=None):
        self.parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" '
            f'stroke-width="1.5" marker-end="url(#arrow)"/>')
        if label:
            self.text((x1 + x2) / 2 + 6, (y1 + y2) / 2, label, size=12, color=color)

    def render(self) -> str:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" '
                f'height="{self.height}" viewBox="0 0 {self.width} {self.height}">\n'
                '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{ACCENT}"/></marker></defs>\n'
                f'<rect width="{self.width}" height="{self.height}" fill="white"/>\n')
        return head + "\n".join(self.parts) + "\n</svg>\n"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rows(flat, ncols):
    return [flat[i:i + ncols] for i in range(0, len(flat), ncols)]


# ------------------------------------------------------------------ pictures
def storage_strides() -> str:
    """a = lp.arange(6).reshape(2, 3): the grid, the list, the strides."""
    s = Svg(700, 320, "A 2x3 array: a flat storage list plus shape, strides and offset")
    x0, y0 = 120, 56
    s.text(20, 24, "a = lp.arange(6).reshape(2, 3)", size=14, weight="bold")
    s.grid(x0, y0, _rows(list(range(6)), 3), _rows(PALETTE[:6], 3))
    for i in range(2):
        s.text(x0 - 8, y0 + i * CELL_H + 22, f"i={i}", size=11, anchor="end", color=MUTED)
    for j in range(3):
        s.text(x0 + j * CELL_W + CELL_W / 2, y0 - 6, f"j={j}", size=11, anchor="middle",
               color=MUTED)
    info_x = x0 + 3 * CELL_W + 40
    s.text(info_x, y0 + 10, "shape   (2, 3)")
    s.text(info_x, y0 + 30, "strides (3, 1) elements = a.strides (24, 8) bytes")
    s.text(info_x, y0 + 50, "offset  0")
    sy = 220
    s.storage(x0, sy, list(range(6)), PALETTE[:6])
    s.hop(x0 + CELL_W / 2, x0 + CELL_W * 1.5, sy, "+1 = next column (j+1)")
    s.hop(x0 + CELL_W / 2, x0 + CELL_W * 3.5, sy + CELL_H + 18, "+3 = next row (i+1)", up=False)
    s.text(20, 160, "a[i, j] lives at offset + i*3 + j*1 in the list:", color=MUTED)
    return s.render()


def transpose_view() -> str:
    """a.T: the same list, the strides swapped."""
    s = Svg(720, 320, "a.T is a view: the same storage list with the strides swapped")
    x0, y0 = 120, 40
    s.text(20, 24, "t = a.T   (a view of a = lp.arange(6).reshape(2, 3))", size=14,
           weight="bold")
    values = [[0, 3], [1, 4], [2, 5]]
    s.grid(x0, y0, values, [[PALETTE[v] for v in row] for row in values])
    info_x = x0 + 2 * CELL_W + 40
    s.text(info_x, y0 + 10, "shape   (3, 2)")
    s.text(info_x, y0 + 30, "strides (1, 3) elements = t.strides (8, 24) bytes")
    s.text(info_x, y0 + 50, "offset  0")
    s.text(info_x, y0 + 80, "nothing is copied: only shape and strides", color=MUTED)
    s.text(info_x, y0 + 98, "changed, in O(ndim) time", color=MUTED)
    sy = 200
    s.storage(x0, sy, list(range(6)), PALETTE[:6], label="same storage")
    s.hop(x0 + CELL_W / 2, x0 + CELL_W * 3.5, sy, "+3 = next column of t")
    s.hop(x0 + CELL_W / 2, x0 + CELL_W * 1.5, sy + CELL_H + 18, "+1 = next row of t", up=False)
    return s.render()


def slice_view() -> str:
    """m[:, 1::2]: offset 1, column stride 2."""
    s = Svg(720, 350, "A slice view: offset and step become offset and strides")
    x0, y0 = 120, 44
    s.text(20, 24, "m = lp.arange(12).reshape(3, 4);   v = m[:, 1::2]", size=14,
           weight="bold")
    chosen = [1, 3, 5, 7, 9, 11]
    colors = [GREY] * 12
    for n, k in enumerate(chosen):
        colors[k] = PALETTE[n]
    s.text(x0 - 10, y0 + 22, "m", anchor="end", color=MUTED)
    s.grid(x0, y0, _rows(list(range(12)), 4), _rows(colors, 4))
    vx = x0 + 4 * CELL_W + 70
    s.text(vx - 10, y0 + 22, "v", anchor="end", color=MUTED)
    vals = [[1, 3], [5, 7], [9, 11]]
    s.grid(vx, y0, vals, [[colors[k] for k in row] for row in vals])
    info_x = vx + 2 * CELL_W + 24
    s.text(info_x, y0 + 10, "shape   (3, 2)")
    s.text(info_x, y0 + 30, "strides (4, 2) elements")
    s.text(info_x, y0 + 50, "  = v.strides (32, 16) bytes")
    s.text(info_x, y0 + 70, "offset  1")
    s.text(20, 182, "v[i, j] lives at 1 + i*4 + j*2 in m's list; writing v writes m",
           color=MUTED)
    sy = 240
    s.storage(x0, sy, list(range(12)), colors, label="same storage")
    s.hop(x0 + CELL_W * 1.5, x0 + CELL_W * 3.5, sy, "+2 = next column of v")
    s.hop(x0 + CELL_W * 3.5, x0 + CELL_W * 7.5, sy + CELL_H + 18, "+4 = next row of v",
          up=False)
    ax = x0 + CELL_W * 1.5
    s.arrow(ax, sy + CELL_H + 56, ax, sy + CELL_H + 20, color=ACCENT)
    s.text(ax - 8, sy + CELL_H + 50, "offset 1: v[0, 0]", size=11, anchor="end",
           color=ACCENT)
    return s.render()


def broadcasting() -> str:
    """(3, 1) + (1, 4) -> (3, 4): stretched operands are stride-0 repeats."""
    s = Svg(760, 250, "Broadcasting (3,1) + (1,4) -> (3,4): size-1 axes are stretched with stride 0")
    s.text(20, 24, "col (3, 1)  +  row (1, 4)  ->  (3, 4)", size=14, weight="bold")
    y0 = 50
    col = [0, 10, 20]
    row = [1, 2, 3, 4]
    cx = 30
    s.grid(cx, y0, [[c] * 4 for c in col], [[PALETTE[i]] * 4 for i in range(3)],
           dashed=[[j > 0 for j in range(4)] for _ in range(3)],
           faded=[[j > 0 for j in range(4)] for _ in range(3)])
    s.text(cx + 2 * CELL_W, y0 + 3 * CELL_H + 20, "stride 0 along axis 1", size=11,
           anchor="middle", color=MUTED)
    s.text(cx + 4 * CELL_W + 18, y0 + 1.5 * CELL_H + 6, "+", size=20, anchor="middle")
    rx = cx + 4 * CELL_W + 36
    s.grid(rx, y0, [row] * 3, [[PALETTE[6 + j] for j in range(4)]] * 3,
           dashed=[[i > 0] * 4 for i in range(3)], faded=[[i > 0] * 4 for i in range(3)])
    s.text(rx + 2 * CELL_W, y0 + 3 * CELL_H + 20, "stride 0 along axis 0", size=11,
           anchor="middle", color=MUTED)
    s.text(rx + 4 * CELL_W + 18, y0 + 1.5 * CELL_H + 6, "=", size=20, anchor="middle")
    ox = rx + 4 * CELL_W + 36
    s.grid(ox, y0, [[c + r for r in row] for c in col], [["#f8fafc"] * 4] * 3)
    s.text(20, 210, "Solid cells are stored; dashed cells are the same element read again "
           "(stride 0): nothing is copied.", size=12, color=MUTED)
    s.text(20, 230, "Rule: line shapes up on the right; sizes must match or be 1; "
           "a 1 is stretched.", size=12, color=MUTED)
    return s.render()


def reshape_view_copy() -> str:
    """reshape of contiguous data is a view; of a transpose it must copy."""
    s = Svg(720, 430, "reshape: a view when the elements are in C order, else a copy")
    x0 = 130
    s.text(20, 24, "1) a.reshape(3, 2): a view (a is C-contiguous)", size=14, weight="bold")
    s.storage(x0, 40, list(range(6)), PALETTE[:6], label="a's storage")
    s.text(x0 - 10, 122, "a (2, 3)", anchor="end", color=MUTED)
    s.grid(x0, 100, _rows(list(range(6)), 3), _rows(PALETTE[:6], 3))
    gx = x0 + 3 * CELL_W + 90
    s.text(gx - 10, 122, "r (3, 2)", anchor="end", color=MUTED)
    s.grid(gx, 100, _rows(list(range(6)), 2), _rows(PALETTE[:6], 2))
    s.text(gx + 2 * CELL_W + 16, 112, "strides (2, 1)")
    s.text(gx + 2 * CELL_W + 16, 132, "same list,")
    s.text(gx + 2 * CELL_W + 16, 152, "new strides")
    s.text(20, 230, "2) a.T.reshape(6): a copy", size=14, weight="bold")
    s.text(x0 - 10, 272, "a.T (3, 2)", anchor="end", color=MUTED)
    vals = [[0, 3], [1, 4], [2, 5]]
    s.grid(x0, 250, vals, [[PALETTE[v] for v in row] for row in vals])
    s.text(x0 + 2 * CELL_W + 20, 268, "read in C order: 0, 3, 1, 4, 2, 5")
    s.text(x0 + 2 * CELL_W + 20, 288, "steps +3, -2, +3, -2, +3 over a's list:")
    s.text(x0 + 2 * CELL_W + 20, 308, "no single stride does that, so reshape gathers")
    s.text(x0 + 2 * CELL_W + 20, 328, "the elements into a new list")
    order = [0, 3, 1, 4, 2, 5]
    s.storage(x0, 370, order, [PALETTE[v] for v in order], label="new storage")
    return s.render()


PICTURES = {
    "storage_strides.svg": storage_strides,
    "transpose_view.svg": transpose_view,
    "slice_view.svg": slice_view,
    "broadcasting.svg": broadcasting,
    "reshape_view_copy.svg": reshape_view_copy,
}


def build() -> dict:
    """{file name: SVG text} for every picture."""
    return {name: draw() for name, draw in PICTURES.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="folder to write (default: this one)")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for name, text in build().items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"wrote {len(PICTURES)} pictures to {os.path.relpath(args.out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
