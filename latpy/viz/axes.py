"""A plot frame: data-to-pixel mapping, ticks, grid, axis labels, title and legend."""

from __future__ import annotations

import math
import uuid

from .svg import PALETTE, Svg, log_ticks, nice_step, nice_ticks, text_width, tick_label

WIDTH, HEIGHT = 640, 420
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 24, 44, 56
TICK_FONT, LABEL_FONT, TITLE_FONT = 11, 13, 16


class Axes:
    """Maps data coordinates into a plot box of an :class:`Svg` and draws the frame.

    >>> from latpy.viz.svg import Svg
    >>> ax = Axes(Svg(640, 420), (0.0, 10.0), (0.0, 1.0), title="demo")
    >>> ax.sx(0.0), ax.sx(10.0), ax.sy(1.0)
    (70.0, 616.0, 44.0)
    """

    def __init__(self, doc: Svg, xrange, yrange, title="", xlabel="", ylabel="",
                 logy: bool = False, box=None):
        self.doc = doc
        self.x0, self.x1 = xrange
        self.y0, self.y1 = yrange
        self.logy = logy
        self.title, self.xlabel, self.ylabel = title, xlabel, ylabel
        if box is None:
            box = (MARGIN_LEFT, MARGIN_TOP, doc.width - MARGIN_LEFT - MARGIN_RIGHT,
                   doc.height - MARGIN_TOP - MARGIN_BOTTOM)
        self.left, self.top, self.width, self.height = box

    def sx(self, x: float) -> float:
        """Pixel column of data x."""
        span = (self.x1 - self.x0) or 1.0
        return self.left + (x - self.x0) / span * self.width

    def sy(self, y: float) -> float:
        """Pixel row of data y (up is larger y)."""
        if self.logy:
            y, lo, hi = math.log10(y), math.log10(self.y0), math.log10(self.y1)
        else:
            lo, hi = self.y0, self.y1
        span = (hi - lo) or 1.0
        return self.top + self.height - (y - lo) / span * self.height

    def draw_frame(self, grid: bool = True) -> None:
        """Title, axis labels, tick marks with labels and light grid lines."""
        doc, bottom, right = self.doc, self.top + self.height, self.left + self.width
        xticks = nice_ticks(self.x0, self.x1)
        xstep = nice_step(self.x1 - self.x0)
        if self.logy:
            yticks, ystep = log_ticks(self.y0, self.y1), 0.0
        else:
            yticks, ystep = nice_ticks(self.y0, self.y1), nice_step(self.y1 - self.y0)
        doc.open_group(class_="axes")
        for x in xticks:
            px = self.sx(x)
            if grid:
                doc.line(px, self.top, px, bottom, stroke="#e5e7eb")
            doc.line(px, bottom, px, bottom + 5, stroke="#374151")
            doc.text(px, bottom + 18, tick_label(x, xstep), size=TICK_FONT, fill="#374151",
                     class_="tick")
        for y in yticks:
            py = self.sy(y)
            if grid:
                doc.line(self.left, py, right, py, stroke="#e5e7eb")
            doc.line(self.left - 5, py, self.left, py, stroke="#374151")
            doc.text(self.left - 8, py + 4, tick_label(y, ystep), size=TICK_FONT, anchor="end",
                     fill="#374151", class_="tick")
        doc.rect(self.left, self.top, self.width, self.height, fill="none", stroke="#374151")
        if self.title:
            doc.text(doc.width / 2, 26, self.title, size=TITLE_FONT, font_weight="bold",
                     class_="title")
        if self.xlabel:
            doc.text(self.left + self.width / 2, bottom + 40, self.xlabel, size=LABEL_FONT,
                     class_="xlabel")
        if self.ylabel:
            cx, cy = 18, self.top + self.height / 2
            doc.text(cx, cy, self.ylabel, size=LABEL_FONT, class_="ylabel",
                     transform=f"rotate(-90 {cx} {cy:.1f})")
        doc.close_group()

    def begin_clip(self) -> None:
        """Clip what follows to the plot box (until :meth:`end_clip`)."""
        cid = "clip-" + uuid.uuid4().hex[:12]  # unique even among SVGs on one page
        self.doc.raw(f'<clipPath id="{cid}"><rect x="{self.left}" y="{self.top}" '
                     f'width="{self.width}" height="{self.height}"/></clipPath>')
        self.doc.open_group(clip_path=f"url(#{cid})")

    def end_clip(self) -> None:
        self.doc.close_group()

    def legend(self, entries, marker: str = "line") -> None:
        """A legend box in the top-right corner: ``entries`` is ``[(name, colour)]``."""
        entries = [(str(name), color) for name, color in entries]
        if not entries:
            return
        doc = self.doc
        width = max(text_width(name, TICK_FONT) for name, _ in entries) + 44
        height = 18 * len(entries) + 8
        x, y = self.left + self.width - width - 8, self.top + 8
        doc.open_group(class_="legend")
        doc.rect(x, y, width, height, fill="#ffffff", fill_opacity=0.85, stroke="#9ca3af")
        for k, (name, color) in enumerate(entries):
            cy = y + 13 + 18 * k
            if marker == "line":
                doc.line(x + 8, cy, x + 26, cy, stroke=color, stroke_width=2.5)
            else:
                doc.circle(x + 17, cy, 4.5, fill=color)
            doc.text(x + 32, cy + 4, name, size=TICK_FONT, anchor="start")
        doc.close_group()


def color(k: int) -> str:
    """The k-th colour of the palette (cycling).

    >>> color(0), color(10)
    ('#1f77b4', '#1f77b4')
    """
    return PALETTE[k % len(PALETTE)]
