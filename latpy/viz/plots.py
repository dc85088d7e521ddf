"""Line plots, scatter plots with decision boundaries, and optimizer paths, as SVG.

Each function returns the SVG text and, given ``path=``, also writes it to a file.
Inputs may be Python lists, NDArrays or Tensors.
"""

from __future__ import annotations

import math
from bisect import bisect_left

from .axes import HEIGHT, WIDTH, Axes, color
from .svg import Svg, blend, colormap, expand_range, hex_color, to_list, write


def _flat(values) -> list:
    """Any nested sequence/array of numbers as a flat list of floats."""
    stack, out = [to_list(values)], []
    while stack:
        v = stack.pop()
        if isinstance(v, (list, tuple)):
            stack.extend(reversed(v))
        else:
            out.append(float(v))
    return out


def _finite_range(values, positive: bool = False):
    good = [v for v in values if math.isfinite(v) and (v > 0 or not positive)]
    return (min(good), max(good)) if good else (None, None)


def line_plot(ys, xs=None, title: str = "", xlabel: str = "", ylabel: str = "",
              logy: bool = False, path=None, width: int = WIDTH, height: int = HEIGHT) -> str:
    """Lines through ``(xs[i], ys[i])``: one series, or a ``{name: ys}`` dict of series
    (with a legend). `xs` defaults to 0, 1, 2, ...; non-finite values (and values ≤ 0
    when ``logy``) leave gaps.

    >>> from latpy.viz import line_plot
    >>> svg = line_plot({"train": [1.0, 0.5, 0.3], "test": [1.1, 0.7, 0.6]},
    ...                 title="Loss", xlabel="epoch", logy=True)
    >>> svg.count("<polyline"), "Loss" in svg
    (2, True)
    """
    series = dict(ys) if isinstance(ys, dict) else {"": ys}
    data = []
    for k, (name, values) in enumerate(series.items()):
        yv = _flat(values)
        x_src = xs.get(name) if isinstance(xs, dict) else xs
        xv = _flat(x_src) if x_src is not None else [float(i) for i in range(len(yv))]
        if len(xv) != len(yv):
            raise ValueError(f"line_plot: series {name!r} has {len(yv)} y values "
                             f"but {len(xv)} x values")
        data.append((str(name), xv, yv, color(k)))
    all_x = [x for _, xv, _, _ in data for x in xv]
    all_y = [y for _, _, yv, _ in data for y in yv]
    x0, x1 = _finite_range(all_x)
    y0, y1 = _finite_range(all_y, positive=logy)
    x0, x1 = (0.0, 1.0) if x0 is None else ((x0, x1) if x1 > x0 else expand_range(x0, x1))
    if logy:
        y0, y1 = (1.0, 10.0) if y0 is None else (y0, y1)
        y0, y1 = (y0 / 1.5, y1 * 1.5) if y1 > y0 else (y0 / 2, y1 * 2)
    else:
        y0, y1 = (0.0, 1.0) if y0 is None else expand_range(y0, y1)
    doc = Svg(width, height)
    ax = Axes(doc, (x0, x1), (y0, y1), title, xlabel, ylabel, logy=logy)
    ax.draw_frame()
    ax.begin_clip()
    for name, xv, yv, col in data:
        segments, current = [], []
        for x, y in zip(xv, yv):
            if math.isfinite(x) and math.isfinite(y) and (y > 0 or not logy):
                current.append((ax.sx(x), ax.sy(y)))
            elif current:
                segments.append(current)
                current = []
        if current:
            segments.append(current)
        for seg in segments:
            if len(seg) == 1:
                doc.circle(seg[0][0], seg[0][1], 2.5, fill=col, class_="series")
            else:
                doc.polyline(seg, stroke=col, stroke_width=2.0, stroke_linejoin="round",
                             class_="series")
    ax.end_clip()
    if len(data) > 1 or data and data[0][0]:
        ax.legend([(name, col) for name, _, _, col in data])
    return write(str(doc), path)


def _rows2(X, what: str) -> list:
    rows = to_list(X)
    if rows and not isinstance(rows[0], (list, tuple)):
        raise ValueError(f"{what}: expected points of shape (N, 2), got a 1-D sequence")
    for r in rows:
        if len(r) != 2:
            raise ValueError(f"{what}: expected points of shape (N, 2), got rows of length "
                             f"{len(r)}")
    return [(float(a), float(b)) for a, b in rows]


def _classify(fn, grid):
    """Call a boundary function on an (M, 2) Tensor; return (class, confidence) pairs."""
    from .. import torch
    with torch.no_grad():
        out = fn(torch.tensor(grid))
    out = to_list(out)
    if out and isinstance(out[0], list) and len(out[0]) == 1:
        out = [row[0] for row in out]
    result = []
    if out and isinstance(out[0], list):  # (M, C): scores or probabilities per class
        probs = all(0.0 <= v <= 1.0 for row in out for v in row)
        for row in out:
            best = max(range(len(row)), key=row.__getitem__)
            if probs:
                conf = row[best]
            else:
                m = max(row)
                conf = 1.0 / sum(math.exp(v - m) for v in row)
            result.append((best, conf))
        return result
    values = [float(v) for v in out]
    if all(v == int(v) for v in values):  # class indices
        return [(int(v), 1.0) for v in values]
    if all(0.0 <= v <= 1.0 for v in values):  # probability of class 1
        return [(int(v > 0.5), max(v, 1 - v)) for v in values]
    return [(int(v > 0), 1.0 / (1.0 + math.exp(-abs(v)))) for v in values]  # a score


def scatter(X, y=None, title: str = "", boundary=None, xlabel: str = "", ylabel: str = "",
            class_names=None, path=None, width: int = WIDTH, height: int = HEIGHT) -> str:
    """Points ``X`` of shape (N, 2) coloured by integer labels ``y``; optionally shade a
    decision boundary: ``boundary=(fn, (xmin, xmax, ymin, ymax), resolution)`` calls
    ``fn`` once on an (M, 2) Tensor of grid points and expects class indices (M,),
    probabilities of class 1 (M,) or (M, 1), or per-class scores (M, C).

    >>> import latpy.torch as torch
    >>> from latpy.viz import scatter
    >>> X = torch.tensor([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> svg = scatter(X, [0, 1, 1], title="toy",
    ...               boundary=(lambda P: P.sum(1) > 0.5, (-1, 2, -1, 2), 10))
    >>> svg.count('class="point"'), svg.count('class="cell"')
    (3, 100)
    """
    pts = _rows2(X, "scatter")
    labels = [0] * len(pts) if y is None else [int(round(float(v))) for v in _flat(y)]
    if len(labels) != len(pts):
        raise ValueError(f"scatter: {len(pts)} points but {len(labels)} labels")
    if boundary is not None:
        fn, bounds = boundary[0], boundary[1]
        resolution = boundary[2] if len(boundary) > 2 else 60
        xmin, xmax, ymin, ymax = (float(b) for b in bounds)
    else:
        xmin, xmax = expand_range(*(_finite_range([p[0] for p in pts]) if pts else (0, 1)))
        ymin, ymax = expand_range(*(_finite_range([p[1] for p in pts]) if pts else (0, 1)))
    doc = Svg(width, height)
    ax = Axes(doc, (xmin, xmax), (ymin, ymax), title, xlabel, ylabel)
    if boundary is not None:
        nx = ny = resolution if isinstance(resolution, int) else None
        if nx is None:
            nx, ny = resolution
        dx, dy = (xmax - xmin) / nx, (ymax - ymin) / ny
        grid = [[xmin + (i + 0.5) * dx, ymin + (j + 0.5) * dy]
                for j in range(ny) for i in range(nx)]
        doc.open_group(class_="boundary", shape_rendering="crispEdges")
        for (gx, gy), (cls, conf) in zip(grid, _classify(fn, grid)):
            px, py = ax.sx(gx - dx / 2), ax.sy(gy + dy / 2)
            doc.rect(px, py, ax.sx(gx + dx / 2) - px + 0.3, ax.sy(gy - dy / 2) - py + 0.3,
                     fill=blend(color(cls), 0.12 + 0.3 * conf), class_="cell", data_class=cls)
        doc.close_group()
    ax.draw_frame(grid=boundary is None)
    ax.begin_clip()
    for (px, py), cls in zip(pts, labels):
        doc.circle(ax.sx(px), ax.sy(py), 4.0, fill=color(cls), stroke="#ffffff",
                   stroke_width=0.8, class_="point")
    ax.end_clip()
    classes = sorted(set(labels))
    if len(classes) > 1:
        ax.legend([(_class_name(class_names, c), color(c)) for c in classes], marker="dot")
    return write(str(doc), path)


def _class_name(names, c) -> str:
    """`names` may be None, a list indexed by class or a dict."""
    if isinstance(names, dict):
        return str(names.get(c, c))
    if names is not None and 0 <= c < len(names):
        return str(names[c])
    return f"class {c}"


def paths(trajectories, contour_fn=None, labels=None, title: str = "", xlabel: str = "x",
          ylabel: str = "y", bounds=None, resolution: int = 100, levels: int = 14, path=None,
          width: int = WIDTH, height: int = HEIGHT) -> str:
    """Optimizer paths: each trajectory a sequence of ``(x, y)`` points (or an (N, 2)
    array), drawn over bands of ``contour_fn(x, y) -> float`` (called with floats on a
    `resolution` grid; the bands are quantiles, so steep functions still show detail;
    each run of equal band along a grid row is one ``<rect class="band">``).

    >>> from latpy.viz import paths
    >>> svg = paths([[(-1.0, 1.0), (0.0, 0.5), (1.0, 1.0)]], lambda x, y: x * x + y * y,
    ...             labels=["SGD"], title="bowl", resolution=20)
    >>> svg.count('class="path"'), svg.count('class="band"') < 400
    (1, True)
    """
    routes = [_rows2(t, "paths") for t in trajectories]
    if bounds is None:
        xs = [p[0] for r in routes for p in r]
        ys = [p[1] for r in routes for p in r]
        if not xs:
            xs, ys = [0.0, 1.0], [0.0, 1.0]
        (xmin, xmax), (ymin, ymax) = (expand_range(*_finite_range(xs), margin=0.15),
                                      expand_range(*_finite_range(ys), margin=0.15))
    else:
        xmin, xmax, ymin, ymax = (float(b) for b in bounds)
    doc = Svg(width, height)
    ax = Axes(doc, (xmin, xmax), (ymin, ymax), title, xlabel, ylabel)
    if contour_fn is not None:
        n = resolution
        dx, dy = (xmax - xmin) / n, (ymax - ymin) / n
        cells = [(xmin + (i + 0.5) * dx, ymin + (j + 0.5) * dy)
                 for j in range(n) for i in range(n)]
        values = [float(contour_fn(cx, cy)) for cx, cy in cells]
        ranked = sorted(v for v in values if math.isfinite(v))
        cuts = [ranked[min(len(ranked) - 1, len(ranked) * k // levels)]
                for k in range(1, levels)] if ranked else []
        bands = [bisect_left(cuts, v) if math.isfinite(v) else levels - 1 for v in values]
        doc.open_group(class_="contour", shape_rendering="crispEdges")
        for j in range(n):  # one rect per run of equal band along a grid row
            row = bands[j * n:(j + 1) * n]
            i = 0
            while i < n:
                end = i
                while end + 1 < n and row[end + 1] == row[i]:
                    end += 1
                px, py = ax.sx(xmin + i * dx), ax.sy(ymin + (j + 1) * dy)
                fill = blend(hex_color(colormap(row[i] / max(1, levels - 1))), 0.6)
                doc.rect(px, py, ax.sx(xmin + (end + 1) * dx) - px + 0.3,
                         ax.sy(ymin + j * dy) - py + 0.3, fill=fill, class_="band")
                i = end + 1
        doc.close_group()
    ax.draw_frame(grid=contour_fn is None)
    ax.begin_clip()
    for k, route in enumerate(routes):
        col = color(k + 1 if contour_fn is not None else k)  # skip blue on viridis
        pts = [(ax.sx(x), ax.sy(y)) for x, y in route if math.isfinite(x) and math.isfinite(y)]
        if pts:
            doc.polyline(pts, stroke=col, stroke_width=2.0, class_="path")
            doc.circle(pts[0][0], pts[0][1], 4.0, fill="#ffffff", stroke=col, stroke_width=2)
            doc.circle(pts[-1][0], pts[-1][1], 4.0, fill=col, stroke="#ffffff")
    ax.end_clip()
    if labels:
        ax.legend([(name, color(k + 1 if contour_fn is not None else k))
                   for k, name in enumerate(labels)])
    return write(str(doc), path)
