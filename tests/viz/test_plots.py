"""latpy.viz plots: well-formed SVG with titles, ticks and the right number of marks."""

from __future__ import annotations

import base64
import math
import os
import random
import struct
import tempfile
import unittest
import xml.etree.ElementTree as ET

import latpy as lp
import latpy.torch as torch
from latpy import viz
from latpy.viz.axes import color
from latpy.viz.svg import blend, log_ticks, nice_step, nice_ticks, tick_label

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def by_class(root, tag, cls):
    return [e for e in root.iter(f"{SVG}{tag}") if cls in (e.get("class") or "").split()]


def texts(root, cls=None):
    return [e.text for e in root.iter(f"{SVG}text") if cls is None or e.get("class") == cls]


def points(polyline):
    return polyline.get("points").split()


class TestTicks(unittest.TestCase):
    def test_nice_ticks_are_1_2_5_steps_inside_the_range(self):
        rng = random.Random(0)
        for _ in range(300):
            lo = rng.uniform(-1e3, 1e3) * 10 ** rng.randint(-4, 3)
            hi = lo + rng.uniform(1e-3, 1e3) * 10 ** rng.randint(-3, 3)
            ticks = nice_ticks(lo, hi)
            self.assertTrue(2 <= len(ticks) <= 7, (lo, hi, ticks))
            self.assertTrue(all(lo - 1e-9 * abs(hi - lo) <= t <= hi + 1e-9 * abs(hi - lo)
                                for t in ticks))
            step = nice_step(hi - lo)
            mantissa = step / 10 ** math.floor(math.log10(step))
            self.assertTrue(any(abs(mantissa - m) < 1e-9 for m in (1, 2, 5)), step)

    def test_tick_labels_and_log_ticks(self):
        self.assertEqual([tick_label(t, 0.1) for t in nice_ticks(0, 0.5)],
                         ["0", "0.1", "0.2", "0.3", "0.4", "0.5"])
        self.assertEqual(log_ticks(0.001, 10.0), [0.001, 0.01, 0.1, 1.0, 10.0])
        self.assertEqual(blend("#000000", 0.0), "#ffffff")


class TestLinePlot(unittest.TestCase):
    def test_one_series(self):
        ys = [10.0 - i for i in range(11)]
        root = parse(viz.line_plot(ys, title="Loss curve", xlabel="step", ylabel="loss"))
        (line,) = by_class(root, "polyline", "series")
        self.assertEqual(len(points(line)), 11)
        self.assertIn("Loss curve", texts(root, "title"))
        ticks = texts(root, "tick")
        for label in ("0", "2", "4", "10"):
            self.assertIn(label, ticks)
        self.assertIn("step", texts(root))
        self.assertFalse(by_class(root, "g", "legend"))

    def test_series_dict_legend_and_inputs_of_every_kind(self):
        svg = viz.line_plot({"train": lp.array([3.0, 2.0, 1.0]),
                             "valid": torch.tensor([3.5, 2.5, 2.0], requires_grad=True) * 1},
                            xs=[1, 2, 3], title="two")
        root = parse(svg)
        self.assertEqual([len(points(p)) for p in by_class(root, "polyline", "series")], [3, 3])
        self.assertIn("train", texts(root))
        self.assertIn("valid", texts(root))
        self.assertEqual(len(by_class(root, "g", "legend")), 1)

    def test_gaps_logy_and_errors(self):
        root = parse(viz.line_plot([1.0, 2.0, float("nan"), 4.0, 5.0, 6.0]))
        self.assertEqual([len(points(p)) for p in by_class(root, "polyline", "series")], [2, 3])
        root = parse(viz.line_plot([1.0, 0.1, 0.01, 0.0, 0.001], logy=True))
        self.assertIn("0.1", texts(root, "tick"))
        self.assertEqual(sum(len(points(p)) for p in by_class(root, "polyline", "series")), 3)
        self.assertEqual(len(by_class(root, "circle", "series")), 1)  # the lone last point
        parse(viz.line_plot([]))
        parse(viz.line_plot([2.0, 2.0, 2.0]))
        with self.assertRaises(ValueError):
            viz.line_plot([1.0, 2.0], xs=[0.0])

    def test_writes_file(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "loss.svg")
            svg = viz.line_plot([1, 2, 3], path=path)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), svg)


class TestScatter(unittest.TestCase):
    def setUp(self):
        rng = random.Random(1)
        self.X = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(30)]
        self.y = [int(x + y > 0) for x, y in self.X]

    def test_points_and_colours(self):
        root = parse(viz.scatter(torch.tensor(self.X), torch.tensor(self.y), title="pts"))
        pts = by_class(root, "circle", "point")
        self.assertEqual(len(pts), 30)
        self.assertEqual(sum(p.get("fill") == color(1) for p in pts), sum(self.y))
        self.assertIn("pts", texts(root, "title"))
        self.assertIn("class 1", texts(root))

    def test_boundary_from_classes_probabilities_or_logits(self):
        fns = {
            "classes": lambda P: (P[:, 0] + P[:, 1] > 0).long(),
            "probability": lambda P: torch.sigmoid(5 * (P[:, 0] + P[:, 1])),
            "column": lambda P: torch.sigmoid(5 * (P[:, 0] + P[:, 1])).reshape(-1, 1),
            "logits": lambda P: torch.stack([-(P[:, 0] + P[:, 1]), P[:, 0] + P[:, 1]], 1),
            "score": lambda P: 3 * (P[:, 0] + P[:, 1]),
        }
        for kind, fn in fns.items():
            with self.subTest(kind=kind):
                root = parse(viz.scatter(lp.array(self.X), self.y,
                                         boundary=(fn, (-1, 1, -1, 1), 12)))
                cells = by_class(root, "rect", "cell")
                self.assertEqual(len(cells), 144)
                # grid rows go bottom-up: the first cell (-1, -1) is class 0, the last 1
                self.assertEqual(cells[0].get("data-class"), "0")
                self.assertEqual(cells[-1].get("data-class"), "1")
                fills = {c.get("data-class"): c.get("fill") for c in (cells[0], cells[-1])}
                self.assertNotEqual(fills["0"], fills["1"])

    def test_bad_points(self):
        with self.assertRaises(ValueError):
            viz.scatter([1.0, 2.0, 3.0])
        with self.assertRaises(ValueError):
            viz.scatter([[1.0, 2.0]], [0, 1])


class TestPaths(unittest.TestCase):
    def test_paths_over_contours(self):
        a = [(-1.5, 2.0), (-1.0, 1.0), (0.0, 0.0), (0.8, 0.6)]
        b = torch.tensor([[-1.5, 2.0], [0.0, 1.0], [1.0, 1.0]])
        svg = viz.paths([a, b], lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
                        labels=["SGD", "Adam"], title="Rosenbrock", bounds=(-2, 2, -1, 3),
                        resolution=30)
        root = parse(svg)
        routes = by_class(root, "polyline", "path")
        self.assertEqual([len(points(r)) for r in routes], [4, 3])
        bands = by_class(root, "rect", "band")
        self.assertTrue(30 <= len(bands) < 900)
        rows = {}
        for r in bands:  # the runs of each grid row cover the plot's width
            rows.setdefault(r.get("y"), []).append(float(r.get("width")) - 0.3)
        self.assertEqual(len(rows), 30)
        for widths in rows.values():
            self.assertAlmostEqual(sum(widths), 640 - 70 - 24, delta=0.02 * len(widths))
        self.assertIn("Rosenbrock", texts(root, "title"))
        self.assertIn("Adam", texts(root))

    def test_paths_without_contours(self):
        root = parse(viz.paths([[(0, 0), (1, 1)]]))
        self.assertEqual(len(by_class(root, "polyline", "path")), 1)
        self.assertFalse(by_class(root, "rect", "band"))


class TestImages(unittest.TestCase):
    def test_gray_image(self):
        img = [[i * 4 + j for j in range(4)] for i in range(3)]
        root = parse(viz.image(lp.array(img), title="digit"))
        pixels = by_class(root, "rect", "pixel")
        self.assertEqual(len(pixels), 12)
        self.assertEqual(pixels[0].get("fill"), "#000000")
        self.assertEqual(pixels[-1].get("fill"), "#ffffff")
        self.assertIn("digit", texts(root, "title"))

    def test_rgb_and_viridis(self):
        rgb = [[[1.0, 0.0]], [[0.0, 1.0]], [[0.0, 0.0]]]  # (3, 1, 2): red, green
        fills = [p.get("fill") for p in by_class(parse(viz.image(rgb)), "rect", "pixel")]
        self.assertEqual(fills, ["#ff0000", "#00ff00"])
        fills = [p.get("fill") for p in by_class(parse(viz.image([[0, 1]], cmap="viridis")),
                                                  "rect", "pixel")]
        self.assertEqual(fills, ["#440154", "#fde725"])
        with self.assertRaises(ValueError):
            viz.image([[0, 1]], cmap="jet")
        with self.assertRaises(ValueError):
            viz.image([1, 2, 3])

    def test_large_image_is_an_embedded_png(self):
        img = [[(i * j) % 7 for j in range(150)] for i in range(140)]
        root = parse(viz.image(img))
        self.assertFalse(by_class(root, "rect", "pixel"))
        (element,) = root.iter(f"{SVG}image")
        png = base64.b64decode(element.get("href").split(",", 1)[1])
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", png[16:24]), (150, 140))

    def test_image_grid(self):
        digits = torch.rand(7, 1, 5, 4)
        root = parse(viz.image_grid(digits, nrow=3, title="digits", labels=range(7)))
        self.assertEqual(len(by_class(root, "rect", "pixel")), 7 * 5 * 4)
        self.assertEqual(len(by_class(root, "g", "image")), 7)
        self.assertEqual(texts(root, "label"), [str(i) for i in range(7)])
        root = parse(viz.image(torch.rand(6, 3, 3)))  # a stack of 6 goes to the grid
        self.assertEqual(len(by_class(root, "rect", "pixel")), 54)
        with self.assertRaises(ValueError):
            viz.image_grid([], nrow=2)


class TestHeatmap(unittest.TestCase):
    def test_confusion_matrix(self):
        m = [[5, 1, 0], [2, 7, 1]]
        root = parse(viz.heatmap(lp.array(m), ["a", "b"], ["x", "y", "z"], title="confusion",
                                 annotate=True, xlabel="predicted", ylabel="true"))
        self.assertEqual(len(by_class(root, "rect", "cell")), 6)
        words = texts(root)
        for w in ("5", "7", "a", "b", "x", "z", "confusion", "predicted", "true"):
            self.assertIn(w, words)
        self.assertEqual(len(by_class(root, "g", "colorbar")), 1)

    def test_attention_map_from_tensor(self):
        att = torch.softmax(torch.randn(4, 4), dim=-1)
        root = parse(viz.heatmap(att, title="attention"))
        self.assertEqual(len(by_class(root, "rect", "cell")), 16)
        with self.assertRaises(ValueError):
            viz.heatmap([1, 2, 3])


if __name__ == "__main__":
    unittest.main()
