"""lp.random: seeding, shapes, dtypes, ranges, distributions and NumPy's errors."""

import math
import unittest
from collections import Counter

import latpy as lp

R = lp.random


def flat(x):
    return x.ravel().tolist()


class DeterminismTest(unittest.TestCase):
    def test_module_seed(self):
        R.seed(123)
        first = [R.rand(5).tolist(), R.randn(3).tolist(), R.randint(0, 100, 4).tolist(),
                 R.choice(10, 3).tolist(), R.permutation(6).tolist(), R.normal(size=2).tolist()]
        R.seed(123)
        again = [R.rand(5).tolist(), R.randn(3).tolist(), R.randint(0, 100, 4).tolist(),
                 R.choice(10, 3).tolist(), R.permutation(6).tolist(), R.normal(size=2).tolist()]
        self.assertEqual(first, again)
        R.seed(124)
        self.assertNotEqual(R.rand(5).tolist(), first[0])

    def test_random_state_and_generator(self):
        self.assertEqual(R.RandomState(7).randn(10).tolist(), R.RandomState(7).randn(10).tolist())
        self.assertEqual(R.default_rng(7).integers(0, 1000, 10).tolist(),
                         R.default_rng(7).integers(0, 1000, 10).tolist())
        self.assertNotEqual(R.default_rng(7).random(5).tolist(),
                            R.default_rng(8).random(5).tolist())
        self.assertEqual(R.default_rng([1, 2, 3]).random(3).tolist(),
                         R.default_rng([1, 2, 3]).random(3).tolist())
        self.assertNotEqual(R.default_rng([1, 2]).random(3).tolist(),
                            R.default_rng([2, 1]).random(3).tolist())
        g = R.default_rng(0)
        self.assertIs(R.default_rng(g), g)
        self.assertIsInstance(g, R.Generator)
        # independent generators do not disturb each other or the global one
        R.seed(5)
        a = R.rand(3).tolist()
        R.seed(5)
        R.RandomState(1).rand(10)
        R.default_rng(1).random(10)
        self.assertEqual(R.rand(3).tolist(), a)

    def test_get_set_state(self):
        rs = R.RandomState(3)
        rs.randn()  # leave a cached gaussian in the state
        state = rs.get_state()
        a = [rs.randn(4).tolist(), rs.randint(0, 9, 3).tolist()]
        rs.set_state(state)
        self.assertEqual([rs.randn(4).tolist(), rs.randint(0, 9, 3).tolist()], a)
        state = R.get_state()
        b = R.random(3).tolist()
        R.set_state(state)
        self.assertEqual(R.random(3).tolist(), b)
        with self.assertRaises(ValueError):
            rs.set_state(("MT19937", [1, 2, 3]))


class ShapeDtypeTest(unittest.TestCase):
    def test_scalars(self):
        rs, g = R.RandomState(0), R.default_rng(0)
        for value in (rs.rand(), rs.randn(), rs.random_sample(), rs.uniform(), rs.normal(),
                      rs.standard_normal(), g.random(), g.uniform(), g.normal(),
                      g.standard_normal(), rs.choice([0.5, 1.5])):
            self.assertIsInstance(value, float)
            self.assertIsInstance(value, lp.float64)
        for value in (rs.randint(5), g.integers(5), rs.choice(5), g.choice(5)):
            self.assertIsInstance(value, int)
            self.assertIsInstance(value, lp.int64)
        self.assertIsInstance(rs.choice([True, False]), bool)

    def test_shapes(self):
        rs, g = R.RandomState(0), R.default_rng(0)
        f64, i64 = lp.float64, lp.int64
        cases = [(rs.rand(2, 3), (2, 3), f64), (rs.randn(4), (4,), f64),
                 (rs.random_sample((2, 1, 2)), (2, 1, 2), f64),
                 (rs.uniform(size=5), (5,), f64), (rs.normal(size=(0, 3)), (0, 3), f64),
                 (rs.standard_normal(()), (), f64), (rs.randint(3, size=(2, 2)), (2, 2), i64),
                 (rs.choice(4, 6), (6,), i64), (rs.choice([1.0, 2.0], (2, 3)), (2, 3), f64),
                 (rs.permutation(5), (5,), i64), (g.random((3, 0)), (3, 0), f64),
                 (g.integers(0, 5, 7), (7,), i64), (g.integers(2, size=()), (), i64),
                 (g.standard_normal(3), (3,), f64),
                 (rs.randint(2, size=3, dtype=bool), (3,), lp.bool_),
                 (R.random(4), (4,), f64), (R.rand(0), (0,), f64)]
        for value, shape, dtype in cases:
            self.assertIsInstance(value, lp.NDArray)
            self.assertEqual(value.shape, shape)
            self.assertEqual(value.dtype, dtype)

    def test_parameter_broadcasting(self):
        rs = R.RandomState(0)
        x = rs.normal([0.0, 100.0, -100.0], 1e-6)
        self.assertEqual(x.shape, (3,))
        self.assertTrue(all(abs(v - m) < 1e-3 for v, m in zip(x.tolist(), [0, 100, -100])))
        y = rs.uniform([[0.0], [10.0]], [1.0, 2.0, 3.0], size=(4, 2, 3))
        self.assertEqual(y.shape, (4, 2, 3))
        for block in y.tolist():
            self.assertTrue(all(0 <= v < h for v, h in zip(block[0], [1, 2, 3])))
            self.assertTrue(all(h <= v < 10 for v, h in zip(block[1], [1, 2, 3])))
        z = rs.randint([0, 10], [1, 12], size=(5, 2))
        self.assertTrue(all(r[0] == 0 and 10 <= r[1] < 12 for r in z.tolist()))
        with self.assertRaises(ValueError):
            rs.normal([0, 1], 1.0, size=3)


class DistributionTest(unittest.TestCase):
    def test_normal_moments(self):
        cases = [(R.RandomState(1).randn(20000), 0.0, 1.0),
                 (R.RandomState(1).standard_normal((100, 200)), 0.0, 1.0),
                 (R.default_rng(2).normal(3.0, 2.0, 20000), 3.0, 2.0),
                 (R.default_rng(2).normal([3.0] * 20000, 2.0), 3.0, 2.0)]
        for sample, loc, scale in cases:
            values = flat(sample)
            mean = sum(values) / len(values)
            std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
            # standard errors: scale / 141 for the mean, scale / 200 for the std
            self.assertAlmostEqual(mean, loc, delta=0.04 * scale)
            self.assertAlmostEqual(std, scale, delta=0.03 * scale)

    def test_uniform_range_and_mean(self):
        values = R.RandomState(2).uniform(-2.0, 6.0, 20000).tolist()
        self.assertTrue(all(-2.0 <= v < 6.0 for v in values))
        self.assertAlmostEqual(sum(values) / len(values), 2.0, delta=0.1)
        values = R.RandomState(2).rand(20000).tolist()
        self.assertTrue(all(0.0 <= v < 1.0 for v in values))
        self.assertAlmostEqual(sum(values) / len(values), 0.5, delta=0.02)

    def test_integers_range(self):
        values = flat(R.RandomState(3).randint(-3, 4, size=(100, 50)))
        self.assertEqual(set(values), set(range(-3, 4)))
        self.assertEqual(set(flat(R.default_rng(3).integers(5, size=2000))), set(range(5)))
        self.assertEqual(set(flat(R.default_rng(3).integers(2, 4, 2000, endpoint=True))), {2, 3, 4})
        big = R.default_rng(3).integers(-2**63, 2**63, 100).tolist()
        self.assertTrue(all(-2**63 <= v < 2**63 for v in big))

    def test_choice_without_replacement(self):
        rs = R.RandomState(4)
        for _ in range(50):
            sample = rs.choice(20, 8, replace=False).tolist()
            self.assertEqual(len(set(sample)), 8)
            self.assertTrue(set(sample) <= set(range(20)))
        self.assertEqual(sorted(rs.choice(7, 7, replace=False).tolist()), list(range(7)))
        items = lp.array([10.0, 20.0, 30.0, 40.0])
        self.assertEqual(sorted(rs.choice(items, 4, replace=False).tolist()), items.tolist())
        weighted = rs.choice(5, 3, replace=False, p=[0.1, 0.2, 0.0, 0.3, 0.4]).tolist()
        self.assertEqual(len(set(weighted)), 3)
        self.assertNotIn(2, weighted)

    def test_choice_probabilities(self):
        counts = Counter(R.RandomState(5).choice(3, 30000, p=[0.2, 0.5, 0.3]).tolist())
        for k, prob in enumerate([0.2, 0.5, 0.3]):
            self.assertAlmostEqual(counts[k] / 30000, prob, delta=0.02)
        counts = Counter(R.default_rng(5).choice(4, 5000, p=[0.5, 0.0, 0.5, 0.0]).tolist())
        self.assertEqual(set(counts), {0, 2})
        # the first draw without replacement follows p
        rs = R.RandomState(6)
        firsts = Counter(rs.choice(3, 2, replace=False, p=[0.7, 0.2, 0.1])[0].item()
                         for _ in range(4000))
        self.assertAlmostEqual(firsts[0] / 4000, 0.7, delta=0.04)

    def test_generator_choice_axis(self):
        g = R.default_rng(0)
        a = lp.arange(24).reshape(2, 3, 4)
        rows = g.choice(a, 5)
        self.assertEqual(rows.shape, (5, 3, 4))
        self.assertTrue(all(r in a.tolist() for r in rows.tolist()))
        cols = g.choice(a, (2, 2), axis=2)
        self.assertEqual(cols.shape, (2, 3, 2, 2))
        for value in flat(cols):
            self.assertIn(value, range(24))
        self.assertEqual(g.choice(a, axis=1).shape, (2, 4))

    def test_permutation_and_shuffle(self):
        rs = R.RandomState(8)
        self.assertEqual(sorted(rs.permutation(10).tolist()), list(range(10)))
        a = lp.arange(12).reshape(4, 3)
        p = rs.permutation(a)
        self.assertEqual(a.tolist(), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]])  # a copy
        self.assertEqual(sorted(p.tolist()), a.tolist())
        self.assertIsNone(rs.shuffle(a))
        self.assertEqual(sorted(a.tolist()), [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]])
        b = lp.arange(12).reshape(3, 4)
        view = b.T
        rs.shuffle(view)  # shuffles the columns of b, through the view
        self.assertEqual([sorted(r) for r in b.tolist()], lp.arange(12).reshape(3, 4).tolist())
        self.assertEqual([r[0] % 4 for r in b.tolist()], [b.tolist()[0][0]] * 3)
        c = lp.arange(12).reshape(3, 4)
        R.default_rng(1).shuffle(c, axis=1)
        self.assertEqual(sorted(c.tolist()[0]), [0, 1, 2, 3])
        self.assertEqual([x + 4 for x in c.tolist()[0]], c.tolist()[1])
        seq = list(range(20))
        rs.shuffle(seq)
        self.assertEqual(sorted(seq), list(range(20)))
        self.assertNotEqual(seq, list(range(20)))
        self.assertEqual(sorted(rs.permutation([3, 1, 2]).tolist()), [1, 2, 3])


class ErrorTest(unittest.TestCase):
    def test_numpy_errors(self):
        rs, g = R.RandomState(0), R.default_rng(0)
        value_errors = [
            lambda: rs.randint(0), lambda: rs.randint(5, 5), lambda: rs.randint(5, 3),
            lambda: rs.randint(5, size=-1), lambda: rs.rand(-1), lambda: rs.randn(2, -3),
            lambda: g.random(-2), lambda: g.integers(5, 5), lambda: g.integers(6, 5, endpoint=True),
            lambda: rs.randint(0, 2**63 + 1), lambda: rs.randint(-2**63 - 1, 0),
            lambda: rs.randint(3, dtype=bool),
            lambda: rs.choice(5, 6, replace=False), lambda: rs.choice(3, p=[0.5, 0.5]),
            lambda: rs.choice(2, p=[0.5, 0.6]), lambda: rs.choice(2, p=[-0.5, 1.5]),
            lambda: rs.choice(2, p=[math.nan, 1.0]), lambda: rs.choice([]), lambda: rs.choice(0),
            lambda: rs.choice(-1), lambda: rs.choice([[1, 2]]), lambda: g.choice(0),
            lambda: rs.choice(3, 2, replace=False, p=[1, 0, 0]),
            lambda: rs.choice(3, p=[[1, 0, 0]]),
            lambda: rs.normal(0, -1), lambda: rs.normal([0, 0], [1, -1]),
            lambda: R.RandomState(-1), lambda: R.RandomState(2**32), lambda: R.default_rng(-1),
            lambda: R.seed(-5),
        ]
        for i, make in enumerate(value_errors):
            with self.subTest(i=i):
                with self.assertRaises(ValueError):
                    make()
        type_errors = [lambda: rs.rand(2.0), lambda: rs.randint(5, dtype=float),
                       lambda: R.RandomState(1.5), lambda: rs.shuffle(lp.array(5)),
                       lambda: rs.random_sample(2.5), lambda: g.random(dtype=int)]
        for i, make in enumerate(type_errors):
            with self.subTest(t=i):
                with self.assertRaises(TypeError):
                    make()
        with self.assertRaises(IndexError):
            rs.permutation(lp.array(5.0))

    def test_samples_of_nothing_allowed(self):
        rs = R.RandomState(0)
        self.assertEqual(rs.choice(0, size=0).shape, (0,))
        self.assertEqual(rs.choice([], size=0, replace=False).shape, (0,))
        self.assertEqual(rs.choice(5, size=0, replace=False).tolist(), [])
        self.assertEqual(rs.permutation(0).tolist(), [])


if __name__ == "__main__":
    unittest.main()
