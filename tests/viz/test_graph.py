"""latpy.viz graph drawing: the nodes and edges found, DOT/SVG/HTML output, the layout."""

from __future__ import annotations

import doctest
import importlib
import os
import random
import re
import tempfile
import unittest
import xml.etree.ElementTree as ET

import latpy.torch as torch
from latpy import viz
from latpy.viz.graph import build_graph, op_name, tensor_svg
from latpy.viz.layout import count_crossings, layered_layout, longest_path_layers

SVG = "{http://www.w3.org/2000/svg}"
VIZ_MODULES = ["latpy.viz", "latpy.viz.svg", "latpy.viz.layout", "latpy.viz.graph",
               "latpy.viz.axes", "latpy.viz.plots", "latpy.viz.images"]


def parse_dot(text):
    """{index: [label lines]} and [(src, dst)] from draw_graph's DOT output."""
    nodes = {int(i): label.split("\\n")
             for i, label in re.findall(r'^\s*n(\d+) \[.*label="(.*)"\];$', text, re.M)}
    edges = [(int(u), int(v)) for u, v in re.findall(r"^\s*n(\d+) -> n(\d+);$", text, re.M)]
    return nodes, edges


def small_graph(backward=True):
    a = torch.tensor([1.0, 2.0], requires_grad=True, label="a")
    b = torch.tensor([3.0, 4.0], requires_grad=True, label="b")
    loss = (a * b + a).sum()
    loss.label = "loss"
    if backward:
        loss.backward()
    return loss


def mlp_loss(seed=0):
    torch.manual_seed(seed)
    nn = torch.nn
    model = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4), nn.ReLU(),
                          nn.Linear(4, 1))
    x = torch.randn(6, 3)
    return ((model(x) - 1.0) ** 2).mean() + model[0].weight.pow(2).sum() * 0.01


class TestGraphWalk(unittest.TestCase):
    def test_dot_nodes_and_edges_of_a_known_graph(self):
        nodes, edges = parse_dot(viz.draw_graph(small_graph(), format="dot"))
        first = {i: lines[0] for i, lines in nodes.items()}
        by_name = {}
        for i, name in first.items():
            by_name.setdefault(name, []).append(i)
        for name in ("a", "b", "loss", "Mul", "Add", "Sum"):
            self.assertEqual(len(by_name.get(name, [])), 1, f"one node {name!r}: {first}")
        self.assertEqual(len(nodes), 8)  # a, b, Mul, a*b, Add, a*b+a, Sum, loss
        one = {name: ids[0] for name, ids in by_name.items()}
        a, b, mul, add, sum_, loss = (one[k] for k in ("a", "b", "Mul", "Add", "Sum", "loss"))
        self.assertIn((a, mul), edges)
        self.assertIn((b, mul), edges)
        self.assertIn((a, add), edges)
        self.assertIn((sum_, loss), edges)
        (product,) = [v for u, v in edges if u == mul]
        self.assertIn((product, add), edges)
        (total,) = [v for u, v in edges if u == add]
        self.assertIn((total, sum_), edges)
        self.assertEqual(len(edges), 8)

    def test_values_and_grads_shown(self):
        nodes, _ = parse_dot(viz.draw_graph(small_graph(), format="dot"))
        lines = {n[0]: n for n in nodes.values()}
        self.assertEqual(lines["a"], ["a", "shape (2,)", "data [1, 2]", "grad [4, 5]"])
        self.assertEqual(lines["b"], ["b", "shape (2,)", "data [3, 4]", "grad [1, 2]"])
        self.assertEqual(lines["loss"], ["loss", "shape ()", "data 14"])
        plain, _ = parse_dot(viz.draw_graph(small_graph(), format="dot", show_values=False,
                                            show_grads=False))
        self.assertIn(["a", "shape (2,)"], plain.values())

    def test_large_tensors_hide_values_and_values_use_4g(self):
        w = torch.ones(3, 3, requires_grad=True)
        x = torch.tensor([[1.0 / 3.0, 2.0]], requires_grad=True)
        g = build_graph((w.sum() * x).sum())
        texts = [" | ".join(n["lines"]) for n in g.nodes]
        self.assertIn("shape (3, 3)", texts)
        self.assertIn("shape (1, 2) | data [[0.3333, 2]]", texts)

    def test_params_name_the_parameters(self):
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 1)
        loss = model(torch.randn(3, 2)).sum()
        nodes, _ = parse_dot(viz.draw_graph(loss, format="dot",
                                            params=model.named_parameters()))
        firsts = [lines[0] for lines in nodes.values()]
        self.assertIn("weight", firsts)
        self.assertIn("bias", firsts)
        nodes, _ = parse_dot(viz.draw_graph(loss, format="dot", params={"w": model.weight}))
        self.assertIn("w", [lines[0] for lines in nodes.values()])

    def test_input_used_twice_gives_two_edges(self):
        a = torch.tensor(3.0, requires_grad=True)
        g = build_graph(a * a)
        self.assertEqual(g.edges.count((2, 1)), 2)

    def test_op_names_drop_backward_suffix(self):
        class Cube(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x ** 3

            @staticmethod
            def backward(ctx, grad_output):
                return grad_output

        x = torch.tensor([1.0], requires_grad=True)
        self.assertEqual(op_name(Cube.apply(x).grad_fn), "Cube")
        self.assertEqual(op_name(x.exp().grad_fn), "Exp")

    def test_long_chain_is_iterative_and_capped(self):
        x = torch.tensor(1.0, requires_grad=True, label="x")
        y = x
        for _ in range(2000):
            y = y * 1.0001
        g = build_graph(y)
        self.assertEqual(len(g.nodes), 501)
        self.assertEqual(g.hidden, 4001 - 500)
        self.assertEqual(g.nodes[-1]["lines"], [f"… {4001 - 500} more nodes"])
        svg = viz.draw_graph(y)
        root = ET.fromstring(svg)
        self.assertEqual(len(root.findall(f".//{SVG}g")), 501)
        self.assertIn("3501 more nodes", svg)
        full = build_graph(y, max_nodes=10 ** 6)  # the whole 4001-node chain, laid out
        self.assertEqual((len(full.nodes), full.hidden), (4001, 0))
        self.assertTrue(viz.draw_graph(y, format="svg", max_nodes=10 ** 6).startswith("<svg"))

    def test_leaf_alone_and_errors(self):
        x = torch.tensor([1.0], label="x")
        self.assertEqual(len(build_graph(x).nodes), 1)
        with self.assertRaises(ValueError):
            viz.draw_graph(x, format="png")
        with self.assertRaises(ValueError):
            viz.draw_graph(x, rankdir="XY")
        with self.assertRaises(TypeError):
            viz.draw_graph([1.0, 2.0])


class TestOutputs(unittest.TestCase):
    def check_svg(self, svg, n_nodes, n_edges):
        root = ET.fromstring(svg)
        groups = root.findall(f"{SVG}g")
        node_groups = [g for g in groups if g.get("class", "").startswith("node")]
        self.assertEqual(len(node_groups), n_nodes)
        for g in node_groups:
            self.assertEqual(len(g.findall(f"{SVG}rect")), 1)
            self.assertTrue(g.findall(f"{SVG}text"))
        edges = [p for p in root.findall(f"{SVG}path") if p.get("class") == "edge"]
        self.assertEqual(len(edges), n_edges)
        for p in edges:
            self.assertRegex(p.get("d"), r"^M[-\d.]+,[-\d.]+( C[-\d., ]+)+$")
        self.assertEqual(len(root.findall(f"{SVG}polygon")), n_edges)  # arrowheads

    def test_svg_is_well_formed_with_a_group_per_node(self):
        for rankdir in ("LR", "TB", "RL", "BT"):
            with self.subTest(rankdir=rankdir):
                svg = viz.draw_graph(small_graph(), rankdir=rankdir)
                self.check_svg(svg, 8, 8)
                self.assertIn(">Mul<", svg)
                self.assertIn(">grad [4, 5]<", svg)

    def test_mlp_graph(self):
        g = build_graph(mlp_loss())
        self.check_svg(viz.draw_graph(mlp_loss()), len(g.nodes), len(g.edges))

    def test_html_and_files(self):
        html = viz.draw_graph(small_graph(), format="html")
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn("<svg", html)
        with tempfile.TemporaryDirectory() as folder:
            for name, start in (("g.svg", "<svg"), ("g.dot", "digraph"),
                                ("g.html", "<!DOCTYPE")):
                path = os.path.join(folder, name)
                text = viz.draw_graph(small_graph(), path=path)
                with open(path, encoding="utf-8") as f:
                    self.assertEqual(f.read(), text)
                self.assertTrue(text.startswith(start), name)

    def test_repr_svg_for_jupyter(self):
        x = torch.tensor([2.0], requires_grad=True)
        self.assertIsNone(tensor_svg(x))
        self.assertTrue(hasattr(torch.Tensor, "_repr_svg_"))
        svg = (x * 3).exp()._repr_svg_()
        ET.fromstring(svg)
        self.assertIn(">Exp<", svg)


class TestLayout(unittest.TestCase):
    def random_dag(self, rng, n):
        edges = set()
        for v in range(1, n):
            for u in rng.sample(range(v), min(v, rng.randint(1, 3))):
                edges.add((u, v))
        sizes = [(rng.randint(20, 120), rng.randint(14, 60)) for _ in range(n)]
        return sizes, sorted(edges)

    def check_layout(self, sizes, edges, rankdir):
        lay = layered_layout(sizes, edges, rankdir)
        across = rankdir in ("TB", "BT")
        for u, v in edges:  # edges go from a lower to a higher layer
            self.assertLess(lay.layer_of[u], lay.layer_of[v])
        seen = sorted(v for layer in lay.layers for v in layer)
        self.assertEqual(seen, list(range(len(sizes))))
        for layer in lay.layers:  # no overlap inside a layer
            spans = []
            for v in layer:
                x, y, w, h = lay.boxes[v]
                self.assertEqual((w, h), tuple(sizes[v]))
                spans.append((x, x + w) if across else (y, y + h))
            for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
                self.assertLessEqual(a1, b0 + 1e-6, f"overlap in layer {layer}")
        for v, (x, y, w, h) in enumerate(lay.boxes):  # inside the drawing
            self.assertGreaterEqual(min(x, y), 0)
            self.assertLessEqual(x + w, lay.width + 1e-6)
            self.assertLessEqual(y + h, lay.height + 1e-6)
        for (u, v), pts in zip(edges, lay.edge_points):  # from u's box to v's box
            for (px, py), node in ((pts[0], u), (pts[-1], v)):
                x, y, w, h = lay.boxes[node]
                self.assertTrue(x - 1e-6 <= px <= x + w + 1e-6 and y - 1e-6 <= py <= y + h + 1e-6)
        return lay

    def test_random_dags_all_directions(self):
        rng = random.Random(5)
        for trial in range(12):
            sizes, edges = self.random_dag(rng, rng.randint(2, 40))
            for rankdir in ("LR", "TB", "RL", "BT"):
                self.check_layout(sizes, edges, rankdir)

    def test_mlp_graph_layout(self):
        g = build_graph(mlp_loss())
        from latpy.viz.graph import node_size
        lay = self.check_layout([node_size(n["lines"]) for n in g.nodes], g.edges, "LR")
        root = lay.boxes[0]  # the result sits in the last layer, right of everything
        self.assertEqual(lay.layer_of[0], max(lay.layer_of))
        self.assertTrue(all(root[0] >= b[0] for b in lay.boxes))

    def test_layering_and_crossings(self):
        self.assertEqual(longest_path_layers(3, [(0, 1), (1, 2), (0, 2)]), [0, 1, 2])
        self.assertEqual(longest_path_layers(4, [(0, 1), (1, 2), (3, 2)]), [0, 1, 2, 1])
        with self.assertRaises(ValueError):
            longest_path_layers(2, [(0, 1), (1, 0)])
        self.assertEqual(count_crossings([0, 1, 2], [3, 4, 5], [(0, 5), (1, 4), (2, 3)]), 3)
        # two chains drawn crossed at first are untangled by the barycentre sweeps
        lay = layered_layout([(10, 10)] * 6, [(0, 3), (1, 2), (2, 5), (3, 4)])
        self.assertEqual(lay.layers[1], [3, 2])
        self.assertEqual(lay.layers[2], [4, 5])


class TestDoctests(unittest.TestCase):
    def test_viz_docstring_examples(self):
        flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        for name in VIZ_MODULES:
            with self.subTest(module=name):
                suite = doctest.DocTestSuite(importlib.import_module(name), optionflags=flags)
                result = unittest.TestResult()
                suite.run(result)
                problems = [str(err) for _, err in result.failures + result.errors]
                self.assertEqual(problems, [], "\n".join(problems))


if __name__ == "__main__":
    unittest.main()
