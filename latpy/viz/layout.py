"""A layered ("Sugiyama") layout for directed acyclic graphs, as Graphviz's dot does.

1. **Layering**: longest path from the sources, so every edge points to a higher
   layer; then each source moves up to just below its first consumer (short edges).
2. **Dummy nodes** split edges that skip layers, so every edge joins adjacent layers
   and long edges get their own lane.
3. **Ordering**: barycentric sweeps, down and up, put each node near the mean
   position of its neighbours; the ordering with the fewest crossings is kept.
4. **Coordinates**: layers are stacked along the main axis, nodes packed along the
   other one and pulled towards their neighbours without overlapping.
5. **Edges**: cubic Béziers through the dummy points, tangent to the main axis.

Every step is a loop over explicit lists, never a recursion.
"""

from __future__ import annotations

from bisect import bisect_right, insort

LAYER_GAP = 42.0  # space between layers along the main axis
NODE_GAP = 18.0  # space between neighbouring boxes in a layer
DUMMY_SIZE = 6.0  # the lane a long edge takes in a layer it crosses
MARGIN = 12.0


class Layout:
    """Where everything goes: ``boxes[i] = (x, y, w, h)`` (top-left corner and size),
    ``layer_of[i]``, ``layers`` (real node indices per layer, in drawing order),
    ``edge_points[k]`` (the points edge ``k`` passes through) and ``edge_curves[k]``
    (its SVG path data); ``width`` and ``height`` of the drawing."""

    def __init__(self, boxes, layer_of, layers, edge_points, edge_curves, width, height):
        self.boxes, self.layer_of, self.layers = boxes, layer_of, layers
        self.edge_points, self.edge_curves = edge_points, edge_curves
        self.width, self.height = width, height


def longest_path_layers(n: int, edges) -> list:
    """Layer of each node: 0 for sources, else one more than its highest predecessor;
    then each source sits one layer below its lowest consumer.

    >>> longest_path_layers(4, [(0, 2), (1, 2), (2, 3), (1, 3)])
    [0, 0, 1, 2]
    >>> longest_path_layers(4, [(0, 1), (1, 2), (3, 2)])  # 3 moves up next to 1
    [0, 1, 2, 1]
    """
    preds = [[] for _ in range(n)]
    succs = [[] for _ in range(n)]
    indegree = [0] * n
    for u, v in edges:
        preds[v].append(u)
        succs[u].append(v)
        indegree[v] += 1
    layer = [0] * n
    ready = [i for i in range(n) if indegree[i] == 0]
    seen = 0
    while ready:  # Kahn's topological order
        u = ready.pop()
        seen += 1
        for v in succs[u]:
            if layer[u] + 1 > layer[v]:
                layer[v] = layer[u] + 1
            indegree[v] -= 1
            if indegree[v] == 0:
                ready.append(v)
    if seen != n:
        raise ValueError("layered layout: the graph has a cycle")
    for i in range(n):
        if not preds[i] and succs[i]:
            layer[i] = min(layer[v] for v in succs[i]) - 1
    return layer


def count_crossings(order_top, order_bottom, edges) -> int:
    """Crossings between two adjacent layers; `edges` join items of the two orders.

    >>> count_crossings(["a", "b"], ["c", "d"], [("a", "d"), ("b", "c")])
    1
    """
    top = {v: i for i, v in enumerate(order_top)}
    bottom = {v: i for i, v in enumerate(order_bottom)}
    pairs = sorted((top[u], bottom[v]) for u, v in edges)
    seen, crossings = [], 0
    for _, b in pairs:  # count earlier edges that end further along: an inversion each
        crossings += len(seen) - bisect_right(seen, b)
        insort(seen, b)
    return crossings


def layered_layout(sizes, edges, rankdir: str = "LR", sweeps: int = 8) -> Layout:
    """Lay out a DAG: `sizes[i] = (w, h)` of node ``i``, `edges` as ``(src, dst)``.

    >>> lay = layered_layout([(40, 20), (40, 20), (40, 20)], [(0, 2), (1, 2)])
    >>> lay.layers, lay.layer_of
    ([[0, 1], [2]], [0, 0, 1])
    >>> lay.boxes[2][0] > lay.boxes[0][0] + 40  # left to right
    True
    """
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"rankdir must be 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}")
    n = len(sizes)
    across = rankdir in ("TB", "BT")  # main axis vertical
    # (main, cross) extents of each node
    ext = [((h, w) if across else (w, h)) for w, h in sizes]
    layer = longest_path_layers(n, edges)

    # --- dummy nodes: every edge of the proper graph joins adjacent layers
    chains = []  # per original edge: the node ids it passes through
    adj_edges = []
    for u, v in edges:
        chain = [u]
        for lay_index in range(layer[u] + 1, layer[v]):
            layer.append(lay_index)
            ext.append((0.0, DUMMY_SIZE))
            chain.append(len(layer) - 1)
        chain.append(v)
        chains.append(chain)
        adj_edges.extend(zip(chain, chain[1:]))
    total = len(layer)
    n_layers = max(layer) + 1 if layer else 0
    preds = [[] for _ in range(total)]
    succs = [[] for _ in range(total)]
    for u, v in adj_edges:
        preds[v].append(u)
        succs[u].append(v)

    # --- ordering
    orders = [[] for _ in range(n_layers)]
    for i in range(total):
        orders[layer[i]].append(i)
    pairs = [[] for _ in range(n_layers)]
    for u, v in adj_edges:
        pairs[layer[u]].append((u, v))

    def crossings():
        return sum(count_crossings(orders[k], orders[k + 1], pairs[k])
                   for k in range(n_layers - 1))

    best, best_orders = crossings(), [list(o) for o in orders]
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        layer_indices = range(1, n_layers) if down else range(n_layers - 2, -1, -1)
        neighbours = preds if down else succs
        for k in layer_indices:
            ref = orders[k - 1] if down else orders[k + 1]
            pos = {v: i for i, v in enumerate(ref)}
            keys = {}
            for i, v in enumerate(orders[k]):
                near = neighbours[v]
                keys[v] = sum(pos[u] for u in near) / len(near) if near else None
            _sort_keeping_free(orders[k], keys)
        current = crossings()
        if current < best:
            best, best_orders = current, [list(o) for o in orders]
        if best == 0:
            break
    orders = best_orders

    # --- coordinates: main axis by layer, cross axis packed then pulled to neighbours
    layer_extent = [max((ext[v][0] for v in o), default=0.0) for o in orders]
    main_start, acc = [], MARGIN
    for k in range(n_layers):
        main_start.append(acc)
        acc += layer_extent[k] + LAYER_GAP
    main_size = acc - LAYER_GAP + MARGIN
    cross = [0.0] * total
    for o in orders:
        acc = 0.0
        for v in o:
            cross[v] = acc + ext[v][1] / 2
            acc += ext[v][1] + NODE_GAP
    for sweep in range(4):
        down = sweep % 2 == 0
        neighbours = preds if down else succs
        layer_indices = range(1, n_layers) if down else range(n_layers - 2, -1, -1)
        for k in layer_indices:
            _pull_towards(orders[k], neighbours, cross, ext)
    low = min((cross[v] - ext[v][1] / 2 for v in range(total)), default=0.0)
    high = max((cross[v] + ext[v][1] / 2 for v in range(total)), default=0.0)
    cross = [c - low + MARGIN for c in cross]
    cross_size = high - low + 2 * MARGIN

    def place(main, crs):  # (main, cross) -> (x, y)
        if rankdir in ("RL", "BT"):
            main = main_size - main
        return (crs, main) if across else (main, crs)

    centre_main = [main_start[layer[v]] + layer_extent[layer[v]] / 2 for v in range(total)]
    boxes = []
    for i in range(n):
        w, h = sizes[i]
        x, y = place(centre_main[i], cross[i])
        boxes.append((x - w / 2, y - h / 2, w, h))

    # --- edges: leave the source's far side, enter the target's near side
    edge_points, edge_curves = [], []
    for chain in chains:
        pts = []
        for j, v in enumerate(chain):
            half = ext[v][0] / 2
            if j == 0:
                pts.append((centre_main[v] + half, cross[v]))
            elif j == len(chain) - 1:
                pts.append((centre_main[v] - half, cross[v]))
            else:  # a dummy: pass through the whole layer, straight
                pts.append((centre_main[v] - layer_extent[layer[v]] / 2, cross[v]))
                pts.append((centre_main[v] + layer_extent[layer[v]] / 2, cross[v]))
        segments = []
        for (m0, c0), (m1, c1) in zip(pts, pts[1:]):
            d = (m1 - m0) / 2
            segments.append((place(m0 + d, c0), place(m1 - d, c1), place(m1, c1)))
        start = place(*pts[0])
        edge_points.append([place(m, c) for m, c in pts])
        d = f"M{_n(start[0])},{_n(start[1])}" + "".join(
            f" C{_n(a[0])},{_n(a[1])} {_n(b[0])},{_n(b[1])} {_n(e[0])},{_n(e[1])}"
            for a, b, e in segments)
        edge_curves.append(d)
    width, height = (cross_size, main_size) if across else (main_size, cross_size)
    real_layers = [[v for v in o if v < n] for o in orders]
    return Layout(boxes, layer[:n], real_layers, edge_points, edge_curves, width, height)


def _sort_keeping_free(order, keys) -> None:
    """Sort `order` by barycentre; nodes without neighbours keep their positions."""
    fixed = [v for v in order if keys[v] is not None]
    fixed.sort(key=lambda v: keys[v])
    it = iter(fixed)
    for i, v in enumerate(order):
        if keys[v] is not None:
            order[i] = next(it)


def _pull_towards(order, neighbours, cross, ext) -> None:
    """Move each node of a layer towards the mean cross position of its neighbours,
    keeping the order and the gaps: pack forward from the desired positions, then
    shift the layer by the mean remaining displacement."""
    if not order:
        return
    desired = []
    for v in order:
        near = neighbours[v]
        desired.append(sum(cross[u] for u in near) / len(near) if near else cross[v])
    placed = []
    prev_edge = None
    for v, want in zip(order, desired):
        half = ext[v][1] / 2
        c = want if prev_edge is None else max(want, prev_edge + NODE_GAP + half)
        placed.append(c)
        prev_edge = c + half
    shift = sum(w - p for w, p in zip(desired, placed)) / len(order)
    for v, p in zip(order, placed):
        cross[v] = p + shift


def _n(v: float) -> str:
    s = "%.1f" % v
    return s[:-2] if s.endswith(".0") else s
