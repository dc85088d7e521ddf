"""Draw an autograd graph: as Graphviz DOT text, as SVG laid out by latpy, or as HTML.

The graph has two kinds of nodes, as in micrograd's drawings: *tensors* (boxes:
label, shape, values and grad of small tensors) and *operations* (rounded boxes:
``Mul`` for a ``MulBackward0`` node). An edge ``a -> Mul`` says ``a`` is an input
of the multiplication; ``Mul -> t`` says ``t`` is its output. The walk starts at
the given tensor and follows ``grad_fn.inputs`` with an explicit queue.
"""

from __future__ import annotations

from collections import deque

from .layout import layered_layout
from .svg import MONO, Svg, escape, fmt, text_width, write

MAX_NODES = 500  # beyond this, the graph shows a "… N more nodes" box instead
MAX_VALUES = 6  # tensors with at most this many elements show their values
FONT_SIZE = 11
LINE_HEIGHT = 14
PAD_X, PAD_Y = 8, 5
COLORS = {"leaf": "#dbeafe", "tensor": "#f8fafc", "root": "#fde68a", "op": "#fef3c7",
          "more": "#e5e7eb"}
STROKES = {"leaf": "#2563eb", "tensor": "#64748b", "root": "#d97706", "op": "#b45309",
           "more": "#6b7280"}


class Graph:
    """The nodes and edges drawn for a tensor.

    ``nodes[i]`` is a dict with ``kind`` (``"leaf"``, ``"tensor"``, ``"root"``, ``"op"``
    or ``"more"``), ``lines`` (the text shown) and ``title`` (whether the first line is
    a name, drawn in bold); ``edges`` are ``(src, dst)`` index
    pairs pointing the way the forward computation flows; ``hidden`` counts the nodes
    left out beyond ``max_nodes``.
    """

    def __init__(self, nodes, edges, hidden):
        self.nodes, self.edges, self.hidden = nodes, edges, hidden


def op_name(node) -> str:
    """A graph node's op name without PyTorch's ``Backward0`` suffix.

    >>> import latpy.torch as torch
    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> op_name((x * 2).grad_fn)
    'Mul'
    """
    name = node.name() if hasattr(node, "name") else type(node).__name__
    for suffix in ("Backward0", "Backward"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _values(t) -> str:
    """The values of a small tensor/array, nested as ``tolist`` nests them."""
    data = t.data if hasattr(t, "grad_fn") else t
    flat = [fmt(v) for v in data.flatten().tolist()]
    shape = tuple(data.shape)
    if not shape:
        return flat[0]
    for size in reversed(shape[1:]):  # group the innermost axis first
        flat = ["[" + ", ".join(flat[i:i + size]) + "]" for i in range(0, len(flat), size)]
    return "[" + ", ".join(flat) + "]"


def tensor_lines(t, show_values: bool = True, show_grads: bool = True, name=None) -> list:
    """The text lines of a tensor's box: label (or `name`), shape, data and grad (when small).

    >>> import latpy.torch as torch
    >>> tensor_lines(torch.tensor([1.5, 2.0], requires_grad=True, label="w"))
    ['w', 'shape (2,)', 'data [1.5, 2]']
    """
    name = t.label if t.label is not None else name
    lines = [] if name is None else [str(name)]
    lines.append("shape " + str(tuple(t.data.shape)))
    small = t.data.size <= MAX_VALUES
    if show_values and small:
        lines.append("data " + _values(t))
    if show_grads and t.grad is not None:
        lines.append("grad " + (_values(t.grad) if t.grad.data.size <= MAX_VALUES else "✓"))
    return lines


def build_graph(tensor, show_values: bool = True, show_grads: bool = True,
                max_nodes: int = MAX_NODES, params=None) -> Graph:
    """Walk the autograd graph of `tensor` breadth-first (nearest the result first).
    `params` (``{name: tensor}`` or ``model.named_parameters()``) names unlabelled tensors.

    >>> import latpy.torch as torch
    >>> a = torch.tensor(2.0, requires_grad=True, label="a")
    >>> g = build_graph(a * a)
    >>> [n["lines"][0] for n in g.nodes], g.edges
    (['shape ()', 'Mul', 'a'], [(1, 0), (2, 1), (2, 1)])
    """
    names = {id(t): name for name, t in (params.items() if isinstance(params, dict)
                                         else params or ())}
    index = {}  # ("t"|"o", id) -> node index, or -1 for a node beyond the cap
    nodes, edges = [], []
    hidden = 0
    boundary = []  # shown nodes with inputs that were left out

    def visit(key, make):
        nonlocal hidden
        if key in index:
            return index[key], False
        if len(nodes) >= max_nodes:
            index[key] = -1
            hidden += 1
            return -1, True
        index[key] = len(nodes)
        nodes.append(make())
        return index[key], True

    def tensor_node(t, kind):
        name = t.label if t.label is not None else names.get(id(t))
        return lambda: {"kind": kind, "lines": tensor_lines(t, show_values, show_grads, name),
                        "title": name is not None}

    visit(("t", id(tensor)), tensor_node(tensor, "root"))
    queue = deque([tensor])
    while queue:
        t = queue.popleft()
        t_index = index[("t", id(t))]
        fn = t.grad_fn
        if fn is None:
            continue
        fn_index, new = visit(("o", id(fn)), lambda: {"kind": "op", "lines": [op_name(fn)],
                                                            "title": True})
        if t_index >= 0 and fn_index >= 0:
            edges.append((fn_index, t_index))
        elif t_index >= 0:
            boundary.append(t_index)
        if not new:
            continue
        for inp in getattr(fn, "inputs", None) or ():
            if inp is None or not hasattr(inp, "grad_fn"):
                continue
            kind = "leaf" if inp.grad_fn is None else "tensor"
            in_index, in_new = visit(("t", id(inp)), tensor_node(inp, kind))
            if fn_index >= 0 and in_index >= 0:
                edges.append((in_index, fn_index))
            elif fn_index >= 0:
                boundary.append(fn_index)
            if in_new:
                queue.append(inp)
    if hidden:
        more = len(nodes)
        nodes.append({"kind": "more", "lines": [f"… {hidden} more nodes"], "title": True})
        edges.extend((more, b) for b in dict.fromkeys(boundary))
    return Graph(nodes, edges, hidden)


def to_dot(graph: Graph, rankdir: str = "LR") -> str:
    """Graphviz DOT text for a :class:`Graph` (render with ``dot -Tsvg``).

    >>> import latpy.torch as torch
    >>> x = torch.tensor(1.0, requires_grad=True)
    >>> to_dot(build_graph(x.exp())).splitlines()[-3:]
    ['  n1 -> n0;', '  n2 -> n1;', '}']
    """
    shapes = {"op": 'shape=box, style="rounded,filled"', "more": 'shape=note, style=filled'}
    out = ["digraph latpy {", f"  rankdir={rankdir};",
           '  node [fontname="monospace", fontsize=10];']
    for i, node in enumerate(graph.nodes):
        label = "\\n".join(_dot_escape(line) for line in node["lines"])
        shape = shapes.get(node["kind"], 'shape=box, style=filled')
        out.append(f'  n{i} [{shape}, fillcolor="{COLORS[node["kind"]]}", label="{label}"];')
    for u, v in graph.edges:
        out.append(f"  n{u} -> n{v};")
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def node_size(lines) -> tuple:
    """Width and height of a node box that fits `lines` of monospace text.

    >>> node_size(["Mul"]), node_size(["a", "shape (2,)"])
    ((35.8, 24), (82.0, 38))
    """
    width = max(text_width(line, FONT_SIZE, mono=True) for line in lines)
    return (round(width + 2 * PAD_X, 1), len(lines) * LINE_HEIGHT + 2 * PAD_Y)


def to_svg(graph: Graph, rankdir: str = "LR") -> str:
    """A self-contained SVG of a :class:`Graph`, laid out by :mod:`latpy.viz.layout`.

    >>> import latpy.torch as torch
    >>> x = torch.tensor(1.0, requires_grad=True)
    >>> svg = to_svg(build_graph(x.exp()), rankdir="TB")
    >>> svg.count('class="node'), svg.count('class="edge"')
    (3, 2)
    """
    sizes = [node_size(node["lines"]) for node in graph.nodes]
    lay = layered_layout(sizes, graph.edges, rankdir)
    doc = Svg(lay.width, lay.height, font=MONO)
    vertical = rankdir in ("TB", "BT")
    for (u, v), d, pts in zip(graph.edges, lay.edge_curves, lay.edge_points):
        doc.path(d, fill="none", stroke="#475569", stroke_width=1.2, class_="edge")
        doc.polygon(_arrowhead(pts[-2], pts[-1], vertical), fill="#475569", class_="arrow")
    for i, node in enumerate(graph.nodes):
        x, y, w, h = lay.boxes[i]
        kind = node["kind"]
        doc.open_group(class_=f"node {kind}", id=f"n{i}")
        doc.raw("<title>" + escape(" | ".join(node["lines"])) + "</title>")
        doc.rect(x, y, w, h, rx=8.0 if kind == "op" else 2.0, fill=COLORS[kind],
                 stroke=STROKES[kind], stroke_width=1.2)
        for k, line in enumerate(node["lines"]):
            bold = "bold" if k == 0 and node.get("title") else None
            doc.text(x + w / 2, y + PAD_Y + (k + 0.78) * LINE_HEIGHT, line, size=FONT_SIZE,
                     font_weight=bold, fill="#111827")
        doc.close_group()
    return str(doc)


def _arrowhead(before, tip, vertical: bool, size: float = 7.0) -> list:
    """A triangle pointing along the main axis into `tip`."""
    x, y = tip
    if vertical:
        s = size if tip[1] >= before[1] else -size
        return [(x, y), (x - size / 2, y - s), (x + size / 2, y - s)]
    s = size if tip[0] >= before[0] else -size
    return [(x, y), (x - s, y - size / 2), (x - s, y + size / 2)]


def to_html(svg: str, title: str = "latpy graph") -> str:
    """An HTML page embedding an SVG.

    >>> to_html("<svg/>").startswith("<!DOCTYPE html>")
    True
    """
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n</head>\n<body>\n{svg}</body>\n</html>\n")


def draw_graph(tensor, format: str | None = None, show_values: bool = True,
               show_grads: bool = True, rankdir: str = "LR", path=None,
               max_nodes: int = MAX_NODES, params=None) -> str:
    """The computation graph that produced `tensor`, as ``"svg"`` (default), ``"dot"``
    (Graphviz) or ``"html"`` text; also written to `path` if given (the format then
    defaults to the file's suffix). ``rankdir`` is ``"LR"``, ``"TB"``, ``"RL"`` or
    ``"BT"``; at most `max_nodes` nodes are drawn, plus a "… N more nodes" box.
    ``params=model.named_parameters()`` (or a ``{name: tensor}`` dict) names the
    parameters' boxes, as torchviz's ``make_dot(params=...)`` does.

    >>> import latpy.torch as torch
    >>> from latpy.viz import draw_graph
    >>> a = torch.tensor([1.0, 2.0], requires_grad=True, label="a")
    >>> loss = (a * a).sum()
    >>> print(draw_graph(loss, format="dot"))  # doctest: +ELLIPSIS
    digraph latpy {
      rankdir=LR;
    ...
      n1 [shape=box, style="rounded,filled", fillcolor="#fef3c7", label="Sum"];
    ...
      n1 -> n0;
    ...
    >>> draw_graph(loss).startswith("<svg")
    True
    """
    if format is None:
        suffix = str(path).rsplit(".", 1)[-1].lower() if path is not None else "svg"
        format = {"dot": "dot", "gv": "dot", "html": "html", "htm": "html"}.get(suffix, "svg")
    if format not in ("svg", "dot", "html"):
        raise ValueError(f"draw_graph: format must be 'svg', 'dot' or 'html', got {format!r}")
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"draw_graph: rankdir must be 'LR', 'RL', 'TB' or 'BT', got {rankdir!r}")
    if not hasattr(tensor, "grad_fn"):
        raise TypeError(f"draw_graph: expected a Tensor, got {type(tensor).__name__}")
    graph = build_graph(tensor, show_values, show_grads, max_nodes, params)
    if format == "dot":
        text = to_dot(graph, rankdir)
    else:
        text = to_svg(graph, rankdir)
        if format == "html":
            text = to_html(text)
    return write(text, path)


def tensor_svg(tensor):
    """The SVG drawing of a tensor's graph, for Jupyter's ``_repr_svg_``; None for a
    tensor that no operation produced (Jupyter then shows its text repr).

    >>> import latpy.torch as torch
    >>> x = torch.tensor([1.0], requires_grad=True)
    >>> tensor_svg(x) is None, tensor_svg(x * 2).startswith("<svg")
    (True, True)
    """
    if getattr(tensor, "grad_fn", None) is None:
        return None
    return draw_graph(tensor, format="svg")


def _repr_svg_(self):
    return tensor_svg(self)


def _attach() -> None:
    """Give ``Tensor`` a ``_repr_svg_`` unless tensor.py already defines one."""
    from ..torch.tensor import Tensor
    if "_repr_svg_" not in Tensor.__dict__:
        Tensor._repr_svg_ = _repr_svg_


_attach()
