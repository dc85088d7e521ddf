"""Images, image grids and heatmaps as SVG (digits, filters, attention, confusion).

Small images are drawn as one ``<rect class="pixel">`` per pixel (crisp at any zoom,
easy to inspect); images with more than ``MAX_RECT_PIXELS`` pixels are embedded as a
PNG, encoded by latpy with ``zlib``.
"""

from __future__ import annotations

import math

from .svg import (Svg, colormap, fmt, hex_color, nice_step, nice_ticks, png_data_uri, text_width,
                  tick_label, to_list, write)

MAX_RECT_PIXELS = 20000
TITLE_SPACE = 36


def _as_images(img):
    """Return ``(rgb, channels)`` where ``rgb`` is a list of ``(C, H, W)`` nested lists."""
    data = to_list(img)
    depth, probe = 0, data
    while isinstance(probe, list):
        depth += 1
        probe = probe[0] if probe else 0.0
    if depth == 2:
        return [[data]]
    if depth == 3:  # (C, H, W) with C in 1, 3, 4; anything else is a stack of (H, W)
        return [data] if len(data) in (1, 3, 4) else [[d] for d in data]
    if depth == 4:
        return data
    raise ValueError(f"image: expected an (H, W), (C, H, W) or (N, C, H, W) image, "
                     f"got {depth} dimension(s)")


def _range(values, vmin, vmax):
    good = [v for v in values if math.isfinite(v)]
    lo = min(good, default=0.0) if vmin is None else float(vmin)
    hi = max(good, default=1.0) if vmax is None else float(vmax)
    return lo, hi


def _pixels(chw, cmap, lo, hi):
    """Rows of (r, g, b) for one (C, H, W) image, values mapped from [lo, hi]."""
    span = (hi - lo) or 1.0
    if len(chw) >= 3:  # RGB(A): each channel scaled to 0-255
        r, g, b = chw[:3]
        return [[tuple(round(255 * min(1.0, max(0.0, (c - lo) / span))) if math.isfinite(c)
                       else 0 for c in px) for px in zip(rr, gr, br)]
                for rr, gr, br in zip(r, g, b)]
    return [[colormap((v - lo) / span, cmap) for v in row] for row in chw[0]]


def _draw_pixels(doc, rows, x, y, cell):
    h, w = len(rows), len(rows[0]) if rows else 0
    if h * w > MAX_RECT_PIXELS:
        doc.raw(f'<image x="{x:.2f}" y="{y:.2f}" width="{w * cell:.2f}" '
                f'height="{h * cell:.2f}" preserveAspectRatio="none" '
                f'style="image-rendering:pixelated" href="{png_data_uri(rows)}"/>')
        return
    for i, row in enumerate(rows):
        for j, rgb in enumerate(row):  # a hair of overlap hides anti-aliasing seams
            doc.rect(x + j * cell, y + i * cell, cell + 0.3, cell + 0.3, fill=hex_color(rgb),
                     class_="pixel")


def _cell_size(h, w, target=320):
    return max(1.0, min(28.0, float(target // max(h, w, 1))))


def image(img, cmap: str = "gray", title: str = "", vmin=None, vmax=None, scale=None,
          path=None) -> str:
    """One image: (H, W) through `cmap` (``"gray"`` or ``"viridis"``), (C, H, W) with 1
    or 3 channels; values are mapped from ``[vmin, vmax]`` (default: min and max, or
    [0, 1] for RGB already in that range). A stack or (N, C, H, W) goes to
    :func:`image_grid`. `scale` is the pixel size in screen pixels.

    >>> from latpy.viz import image
    >>> svg = image([[0.0, 0.5], [0.5, 1.0]], title="tiny")
    >>> svg.count('class="pixel"'), "tiny" in svg
    (4, True)
    """
    images = _as_images(img)
    if len(images) > 1:
        return image_grid(images, cmap=cmap, title=title, path=path)
    chw = images[0]
    flat = [v for ch in chw for row in ch for v in row]
    lo, hi = _range(flat, vmin, vmax)
    if len(chw) >= 3 and vmin is None and vmax is None and lo >= 0 and hi <= 1:
        lo, hi = 0.0, 1.0
    h, w = len(chw[0]), len(chw[0][0])
    cell = float(scale) if scale else _cell_size(h, w)
    top = TITLE_SPACE if title else 8
    doc = Svg(max(w * cell + 16, text_width(title, 15) + 16), top + h * cell + 8)
    if title:
        doc.text(doc.width / 2, 24, title, size=15, font_weight="bold", class_="title")
    _draw_pixels(doc, _pixels(chw, cmap, lo, hi), (doc.width - w * cell) / 2, top, cell)
    return write(str(doc), path)


def image_grid(images, nrow: int = 8, cmap: str = "gray", title: str = "", labels=None,
               scale_each: bool = False, scale=None, path=None) -> str:
    """Many images in a grid with `nrow` images per row (as torchvision's
    ``make_grid``): a list of (H, W)/(C, H, W) images, an (N, H, W) or (N, C, H, W)
    array. One value range for all unless ``scale_each``; optional `labels` under each.

    >>> from latpy.viz import image_grid
    >>> svg = image_grid([[[0, 1], [1, 0]]] * 5, nrow=3, labels=list("abcde"))
    >>> svg.count('class="pixel"'), svg.count('class="label"')
    (20, 5)
    """
    if isinstance(images, (list, tuple)):
        items = [chw for im in images for chw in _as_images(im)]
    else:
        items = _as_images(images)
    if not items:
        raise ValueError("image_grid: no images")
    if nrow < 1:
        raise ValueError(f"image_grid: nrow must be at least 1, got {nrow}")
    h = max(len(chw[0]) for chw in items)
    w = max(len(chw[0][0]) for chw in items)
    cols = min(nrow, len(items))
    rows_n = -(-len(items) // cols)
    cell = float(scale) if scale else max(1.0, min(8.0, _cell_size(h * rows_n, w * cols, 640)))
    gap = 4.0
    label_space = 16 if labels is not None else 0
    top = TITLE_SPACE if title else 8
    doc = Svg(max(cols * (w * cell + gap) + 12, text_width(title, 15) + 16),
              top + rows_n * (h * cell + gap + label_space) + 8)
    if title:
        doc.text(doc.width / 2, 24, title, size=15, font_weight="bold", class_="title")
    everything = [v for chw in items for ch in chw for row in ch for v in row]
    lo, hi = _range(everything, None, None)
    for k, chw in enumerate(items):
        if scale_each:
            lo, hi = _range([v for ch in chw for row in ch for v in row], None, None)
        r, c = divmod(k, cols)
        x = 6 + c * (w * cell + gap)
        y = top + r * (h * cell + gap + label_space)
        doc.open_group(class_="image")
        _draw_pixels(doc, _pixels(chw, cmap, lo, hi), x, y, cell)
        if labels is not None and k < len(labels):
            doc.text(x + w * cell / 2, y + h * cell + 12, str(labels[k]), size=11,
                     class_="label")
        doc.close_group()
    return write(str(doc), path)


def heatmap(matrix, row_labels=None, col_labels=None, title: str = "", annotate: bool = False,
            cmap: str = "viridis", xlabel: str = "", ylabel: str = "", vmin=None, vmax=None,
            path=None) -> str:
    """A matrix as coloured cells with a colour bar: attention maps, confusion matrices.
    ``annotate=True`` writes each value in its cell.

    >>> from latpy.viz import heatmap
    >>> svg = heatmap([[5, 1], [0, 7]], ["cat", "dog"], ["cat", "dog"],
    ...               title="confusion", annotate=True)
    >>> svg.count('class="cell"'), ">7<" in svg
    (4, True)
    """
    rows = to_list(matrix)
    if not rows or not isinstance(rows[0], list):
        raise ValueError("heatmap: expected a 2-D matrix")
    n_rows, n_cols = len(rows), len(rows[0])
    flat = [float(v) for row in rows for v in row]
    lo, hi = _range(flat, vmin, vmax)
    span = (hi - lo) or 1.0
    cell = max(14.0, min(48.0, 420.0 / max(n_rows, n_cols)))
    row_labels = [str(v) for v in row_labels] if row_labels is not None else None
    col_labels = [str(v) for v in col_labels] if col_labels is not None else None
    left = 12 + (max(text_width(v, 11) for v in row_labels) + 8 if row_labels else 0)
    left += 20 if ylabel else 0
    top = (TITLE_SPACE if title else 10) + (
        max(text_width(v, 11) for v in col_labels) * 0.75 + 10 if col_labels else 0)
    width = left + n_cols * cell + 80
    height = top + n_rows * cell + (44 if xlabel else 16)
    doc = Svg(width, height)
    if title:
        doc.text(width / 2, 24, title, size=15, font_weight="bold", class_="title")
    doc.open_group(class_="cells", shape_rendering="crispEdges")
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            t = (float(v) - lo) / span
            rgb = colormap(t, cmap)
            x, y = left + j * cell, top + i * cell
            doc.rect(x, y, cell, cell, fill=hex_color(rgb), stroke="#ffffff",
                     stroke_width=0.5, class_="cell")
            if annotate:
                light = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) < 140
                doc.text(x + cell / 2, y + cell / 2 + 4, fmt(v, 3),
                         size=min(12.0, cell / 2.6), fill="#ffffff" if light else "#111827")
    doc.close_group()
    for i, name in enumerate(row_labels or ()):
        doc.text(left - 6, top + (i + 0.5) * cell + 4, name, size=11, anchor="end",
                 class_="tick")
    for j, name in enumerate(col_labels or ()):
        x, y = left + (j + 0.5) * cell, top - 6
        doc.text(x, y, name, size=11, anchor="start", class_="tick",
                 transform=f"rotate(-45 {x:.1f} {y:.1f})")
    if xlabel:
        doc.text(left + n_cols * cell / 2, top + n_rows * cell + 30, xlabel, size=13)
    if ylabel:
        cy = top + n_rows * cell / 2
        doc.text(16, cy, ylabel, size=13, transform=f"rotate(-90 16 {cy:.1f})")
    _colorbar(doc, left + n_cols * cell + 16, top, n_rows * cell, lo, hi, cmap)
    return write(str(doc), path)


def _colorbar(doc, x, y, height, lo, hi, cmap, steps=32):
    doc.open_group(class_="colorbar")
    for k in range(steps):
        t = 1 - (k + 0.5) / steps
        doc.rect(x, y + k * height / steps, 12, height / steps + 0.3,
                 fill=hex_color(colormap(t, cmap)))
    doc.rect(x, y, 12, height, fill="none", stroke="#6b7280")
    span = (hi - lo) or 1.0
    ticks = nice_ticks(lo, hi, 5) if hi > lo else [lo]
    step = nice_step(hi - lo, 5)
    for t in ticks:
        ty = y + (1 - (t - lo) / span) * height
        doc.line(x + 12, ty, x + 15, ty, stroke="#6b7280")
        doc.text(x + 18, ty + 3.5, tick_label(t, step), size=10, anchor="start", class_="tick")
    doc.close_group()
