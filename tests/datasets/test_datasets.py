"""Tests of latpy.datasets: shapes, dtypes, seeds, balance, noise, difficulty, text helpers.

The ``>>>`` examples of every latpy.datasets module run here too (``load_tests``
for unittest; one test under pytest).
"""

from __future__ import annotations

import collections
import doctest
import math
import os
import tempfile
import time
import unittest

import latpy as lp
import latpy.torch as torch
from latpy import datasets as ds
from latpy.datasets import digit_images, text, toy

TOY = {  # name -> (call with n samples, number of classes, or None for regression)
    "moons": (lambda n, **k: ds.make_moons(n, **k), 2),
    "circles": (lambda n, **k: ds.make_circles(n, **k), 2),
    "spirals": (lambda n, **k: ds.make_spirals(n, n_classes=3, **k), 3),
    "blobs": (lambda n, noise=1.0, **k: ds.make_blobs(n, n_features=4, centers=5,
                                                      cluster_std=noise, **k), 5),
    "xor": (lambda n, **k: ds.xor(n, **k), 2),
}


def load_tests(loader, tests, pattern):
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for module in (ds, toy, digit_images, text):
        tests.addTests(doctest.DocTestSuite(module, optionflags=flags))
    return tests


class TestDoctestsUnderPytest(unittest.TestCase):
    def test_all_dataset_docstring_examples(self):
        import sys
        if "pytest" not in sys.modules:
            self.skipTest("run through load_tests by unittest")
        suite = load_tests(unittest.defaultTestLoader, unittest.TestSuite(), None)
        result = unittest.TestResult()
        suite.run(result)
        problems = [f"{t}: {err}" for t, err in result.failures + result.errors]
        self.assertEqual(problems, [], "\n\n".join(problems))
        self.assertGreater(result.testsRun, 10)


class TestToy(unittest.TestCase):
    def test_shapes_dtypes_and_types(self):
        for name, (make, k) in TOY.items():
            with self.subTest(name=name):
                X, y = make(101, noise=0.1)
                width = 4 if name == "blobs" else 2
                self.assertIsInstance(X, torch.Tensor)
                self.assertEqual((tuple(X.shape), tuple(y.shape)), ((101, width), (101,)))
                self.assertEqual((X.dtype, y.dtype), (torch.float64, torch.int64))
                Xa, ya = make(101, noise=0.1, as_tensor=False)
                self.assertIsInstance(Xa, lp.ndarray)
                self.assertEqual((str(Xa.dtype), str(ya.dtype)), ("float64", "int64"))
                self.assertEqual(Xa.tolist(), X.tolist())
                self.assertEqual(sorted(set(y.tolist())), list(range(k)))

    def test_class_balance(self):
        for name, (make, k) in TOY.items():
            with self.subTest(name=name):
                counts = collections.Counter(make(101)[1].tolist())
                self.assertEqual(sum(counts.values()), 101)
                self.assertLessEqual(max(counts.values()) - min(counts.values()), 1)

    def test_seeds(self):
        for name, (make, _) in TOY.items():
            with self.subTest(name=name):
                a, b, c = (make(50, noise=0.2, seed=s)[0].tolist() for s in (3, 3, 4))
                self.assertEqual(a, b)
                self.assertNotEqual(a, c)
                self.assertEqual(make(50, noise=0.2)[0].tolist(),
                                 make(50, noise=0.2, seed=0)[0].tolist())
                self.assertEqual(tuple(make(7, seed=None)[0].shape)[0], 7)

    def test_shuffle_keeps_pairs(self):
        X, y = ds.make_moons(40, shuffle=True, seed=1)
        Xs, ys = ds.make_moons(40, shuffle=False)
        self.assertNotEqual(y.tolist(), ys.tolist())
        self.assertEqual(sorted(zip(map(tuple, X.tolist()), y.tolist())),
                         sorted(zip(map(tuple, Xs.tolist()), ys.tolist())))

    def test_moons_geometry_and_noise(self):
        def radii(noise):
            X, y = ds.make_moons(200, noise=noise, seed=2)
            centres = {0: (0.0, 0.0), 1: (1.0, 0.5)}
            return [math.dist(p, centres[c]) for p, c in zip(X.tolist(), y.tolist())]
        self.assertTrue(all(abs(r - 1.0) < 1e-12 for r in radii(0.0)))
        errors = [r - 1.0 for r in radii(0.1)]
        spread = math.sqrt(sum(e * e for e in errors) / len(errors))
        self.assertTrue(0.05 < spread < 0.2, spread)

    def test_circles(self):
        X, y = ds.make_circles(100, factor=0.3)
        for p, c in zip(X.tolist(), y.tolist()):
            self.assertAlmostEqual(math.hypot(*p), 1.0 if c == 0 else 0.3)
        with self.assertRaises(ValueError):
            ds.make_circles(10, factor=1.0)
        self.assertEqual(tuple(ds.make_circles((3, 5))[0].shape), (8, 2))

    def test_spirals_arms(self):
        X, y = ds.make_spirals(90, n_classes=3, shuffle=False)
        self.assertTrue(all(math.hypot(*p) <= 1.0 + 1e-12 for p in X.tolist()))
        # the outer ends of the three arms are 120 degrees apart
        ends = [X.tolist()[i] for i in (29, 59, 89)]
        angles = sorted(math.degrees(math.atan2(p[1], p[0])) % 360 for p in ends)
        self.assertAlmostEqual(angles[1] - angles[0], 120.0)

    def test_blobs(self):
        X, y, centers = ds.make_blobs(300, n_features=3, centers=4, cluster_std=0.5,
                                      return_centers=True, seed=5, as_tensor=False)
        self.assertEqual(centers.shape, (4, 3))
        self.assertTrue(all(-10 <= v <= 10 for v in centers.ravel().tolist()))
        for k in range(4):
            members = [p for p, c in zip(X.tolist(), y.tolist()) if c == k]
            mean = [sum(col) / len(members) for col in zip(*members)]
            self.assertLess(math.dist(mean, centers.tolist()[k]), 0.2)
        X, y = ds.make_blobs([2, 3], centers=[[0.0], [9.0]], cluster_std=[0.0, 0.0])
        self.assertEqual(sorted(zip(y.tolist(), X.reshape(-1).tolist())),
                         [(0, 0.0), (0, 0.0), (1, 9.0), (1, 9.0), (1, 9.0)])

    def test_regression(self):
        X, y, w = ds.make_regression(50, n_features=4, bias=2.0, coef=True, as_tensor=False)
        self.assertEqual((X.shape, y.shape, w.shape), ((50, 4), (50,), (4,)))
        self.assertEqual([str(a.dtype) for a in (X, y, w)], ["float64"] * 3)
        self.assertLess(float(abs(X @ w + 2.0 - y).max()), 1e-9)
        Xn, yn, w = ds.make_regression(500, n_features=4, bias=2.0, noise=3.0, coef=True,
                                       as_tensor=False)
        residual = (yn - (Xn @ w + 2.0)).tolist()
        spread = math.sqrt(sum(r * r for r in residual) / len(residual))
        self.assertTrue(2.5 < spread < 3.5, spread)
        _, _, w2 = ds.make_regression(10, n_features=5, n_informative=2, coef=True)
        self.assertEqual(w2.tolist()[2:], [0.0] * 3)
        self.assertTrue(all(v > 0 for v in w2.tolist()[:2]))

    def test_xor_labels(self):
        X, y = ds.xor(400, noise=0.1, seed=1)
        agree = sum(((p[0] > 0.5) != (p[1] > 0.5)) == bool(c)
                    for p, c in zip(X.tolist(), y.tolist()))
        self.assertGreater(agree, 0.98 * 400)
        X, y = ds.xor(8)
        self.assertTrue(all(v in (0.0, 1.0) for v in X.reshape(-1).tolist()))

    def test_bad_arguments(self):
        with self.assertRaises(ValueError):
            ds.make_moons(-1)
        with self.assertRaises(TypeError):
            ds.make_moons(10.5)
        with self.assertRaises(ValueError):
            ds.make_moons(10, noise=-1.0)
        with self.assertRaises(TypeError):
            ds.xor(10, seed=1.5)
        with self.assertRaises(ValueError):
            ds.make_blobs(10, centers=[[0.0], [1.0, 2.0]])
        with self.assertRaises(ValueError):
            ds.make_spirals(10, n_classes=0)


def class_means(X, y, size):
    """Mean flat image per class (pure Python)."""
    sums, counts = [[0.0] * size * size for _ in range(10)], [0] * 10
    for image, c in zip(X.reshape(len(y), size * size).tolist(), y.tolist()):
        sums[c] = list(map(float.__add__, sums[c], image))
        counts[c] += 1
    return [[v / counts[c] for v in sums[c]] for c in range(10)]


def nearest_mean_accuracy(train, test, size=8):
    means = class_means(*train, size)
    X, y = test
    right = 0
    for image, c in zip(X.reshape(len(y), size * size).tolist(), y.tolist()):
        guess = min(range(10), key=lambda k: math.dist(image, means[k]))
        right += guess == c
    return right / len(y)


class TestDigits(unittest.TestCase):
    def test_shapes_dtypes_range(self):
        for size in (8, 16):
            with self.subTest(size=size):
                X, y = ds.digits(30, size=size, seed=1)
                self.assertEqual((tuple(X.shape), tuple(y.shape)), ((30, 1, size, size), (30,)))
                self.assertEqual((X.dtype, y.dtype), (torch.float64, torch.int64))
                values = X.reshape(-1).tolist()
                self.assertTrue(all(0.0 <= v <= 1.0 for v in values))
                self.assertGreater(max(values), 0.5)
        Xa, ya = ds.digits(5, as_tensor=False)
        self.assertIsInstance(Xa, lp.ndarray)
        self.assertEqual((str(Xa.dtype), str(ya.dtype)), ("float64", "int64"))
        self.assertEqual(tuple(ds.digits(0)[0].shape), (0, 1, 8, 8))

    def test_balance_and_labels(self):
        counts = collections.Counter(ds.digits(105, seed=2)[1].tolist())
        self.assertEqual(sorted(counts), list(range(10)))
        self.assertEqual(sorted(counts.values()), [10] * 5 + [11] * 5)

    def test_seeds_and_splits(self):
        a = ds.digits(20, seed=4)[0].tolist()
        self.assertEqual(a, ds.digits(20, seed=4)[0].tolist())
        self.assertNotEqual(a, ds.digits(20, seed=5)[0].tolist())
        self.assertNotEqual(ds.digits(20, seed=4, split="train")[0].tolist(),
                            ds.digits(20, seed=4, split="test")[0].tolist())
        (Xtr, ytr), (Xte, yte) = ds.load_digits(40, 20, size=8, seed=4)
        self.assertEqual((tuple(Xtr.shape), tuple(Xte.shape)), ((40, 1, 8, 8), (20, 1, 8, 8)))
        self.assertEqual(Xtr.tolist(), ds.digits(40, seed=4, split="train")[0].tolist())
        train = set(map(str, Xtr.reshape(40, 64).tolist()))
        self.assertFalse(train & set(map(str, Xte.reshape(20, 64).tolist())))

    def test_class_means_differ(self):
        X, y = ds.digits(400, seed=6)
        means = class_means(X, y, 8)
        closest = min(math.dist(means[a], means[b]) for a in range(10) for b in range(a))
        self.assertGreater(closest, 0.3)

    def test_neither_trivial_nor_impossible(self):
        (train, test) = ds.load_digits(1000, 500, size=8, seed=0)
        accuracy = nearest_mean_accuracy(train, test)
        self.assertTrue(0.4 <= accuracy <= 0.95, accuracy)
        clean = ds.load_digits(300, 200, seed=0, noise=0.0, distortion=0.0)
        self.assertGreater(nearest_mean_accuracy(*clean), max(0.9, accuracy))

    def test_noise_and_distortion(self):
        X0, _ = ds.digits(20, seed=1, noise=0.0, distortion=0.0)
        X1, _ = ds.digits(20, seed=1, noise=0.3)
        zeros0 = sum(v == 0.0 for v in X0.reshape(-1).tolist())
        zeros1 = sum(v == 0.0 for v in X1.reshape(-1).tolist())
        self.assertGreater(zeros0, zeros1)

    def test_fast(self):
        start = time.perf_counter()
        ds.digits(2000, size=8)
        self.assertLess(time.perf_counter() - start, 5.0)

    def test_bad_arguments(self):
        with self.assertRaises(ValueError):
            ds.digits(10, split="valid")
        with self.assertRaises(ValueError):
            ds.digits(10, size=2)
        with self.assertRaises(ValueError):
            ds.digits(10, noise=-0.1)
        with self.assertRaises(ValueError):
            ds.digits(10, split="train", seed=None)


class TestText(unittest.TestCase):
    def test_corpora(self):
        for kind in text.KINDS:
            with self.subTest(kind=kind):
                lines = ds.text_corpus(kind)
                self.assertGreater(len(lines), 100)
                self.assertTrue(all(isinstance(s, str) and s and s == s.strip() and "\n" not in s
                                    for s in lines))
                self.assertEqual(len(set(lines)), len(lines))
                self.assertEqual(lines, ds.text_corpus(kind, seed=0))
                self.assertNotEqual(lines, ds.text_corpus(kind, seed=1))
                self.assertEqual(ds.text_corpus(kind, seed=None), sorted(lines))
        self.assertIn("OrderedDict", ds.text_corpus("names"))
        self.assertIn("json.decoder", ds.text_corpus("modules"))
        self.assertTrue(all(s[-1] in ".!?" for s in ds.text_corpus("docs")))
        with self.assertRaises(ValueError):
            ds.text_corpus("poems")

    def test_vocab_round_trip(self):
        lines = ds.text_corpus("names")
        stoi, itos = ds.char_vocab(lines, specials=["<BOS>"])
        self.assertEqual(itos[0], "<BOS>")
        self.assertEqual([stoi[s] for s in itos], list(range(len(itos))))
        for line in lines[:200]:
            ids = ds.encode(line, stoi)
            self.assertEqual(ds.decode(ids, itos), line)
            self.assertEqual(ds.decode(torch.tensor(ids), itos), line)
        with self.assertRaises(ValueError):
            ds.encode("é", stoi)
        with self.assertRaises(IndexError):
            ds.decode([len(itos)], itos)

    def test_load_text(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "lines.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("alpha\n\n  béta \r\ngamma")
            self.assertEqual(ds.load_text(path), ["alpha", "béta", "gamma"])


if __name__ == "__main__":
    unittest.main()
