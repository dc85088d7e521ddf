"""lp.linalg: norm, inv, det, solve -- examples, random cases checked by their
defining identities (A @ inv(A) = I, A @ solve(A, b) = b, det by Leibniz'
formula, norms by their formulas), singular input and error messages."""

import itertools
import math
import random
import unittest

import latpy as lp
from tests.core.linalg_reference import random_array, strided_array

INF = math.inf


def close(x, y, tol=1e-9):
    return math.isclose(float(x), float(y), rel_tol=tol, abs_tol=tol)


def well_conditioned(rng, batch, n):
    """Random (batch..., n, n) matrices with a dominant diagonal, in a random layout."""
    values = []
    for _ in range(math.prod(batch)):
        for i in range(n):
            values += [rng.uniform(-1, 1) + (n + 1.0) * rng.choice([1, -1]) * (i == j)
                       for j in range(n)]
    return strided_array(rng, values, batch + (n, n)), values


def leibniz(m):
    n = len(m)
    total = 0.0
    for perm in itertools.permutations(range(n)):
        inversions = sum(perm[i] > perm[j] for i in range(n) for j in range(i + 1, n))
        total += (-1) ** inversions * math.prod(m[i][perm[i]] for i in range(n))
    return total


class Norm(unittest.TestCase):
    def test_vector(self):
        v = lp.array([3.0, -4.0])
        self.assertEqual(lp.linalg.norm(v), 5.0)
        self.assertEqual(lp.linalg.norm(v, 1), 7.0)
        self.assertEqual(lp.linalg.norm(v, INF), 4.0)
        self.assertEqual(lp.linalg.norm(v, -INF), 3.0)
        self.assertEqual(lp.linalg.norm(v, 0), 2.0)
        self.assertTrue(close(lp.linalg.norm(v, 3), (27 + 64) ** (1 / 3)))
        self.assertTrue(close(lp.linalg.norm(v, -1), 1 / (1 / 3 + 1 / 4)))
        self.assertEqual(lp.linalg.norm([0.0, 4.0], -1), 0.0)
        self.assertEqual(lp.linalg.norm(lp.array([3, 4])), 5.0)
        self.assertIsInstance(lp.linalg.norm(lp.array([3, 4])), float)

    def test_matrix_and_axes(self):
        m = lp.array([[1.0, -2.0], [3.0, 4.0]])
        self.assertTrue(close(lp.linalg.norm(m), math.sqrt(30)))
        self.assertTrue(close(lp.linalg.norm(m, "fro"), math.sqrt(30)))
        self.assertEqual(lp.linalg.norm(m, 1), 6.0)
        self.assertEqual(lp.linalg.norm(m, -1), 4.0)
        self.assertEqual(lp.linalg.norm(m, INF), 7.0)
        self.assertEqual(lp.linalg.norm(m, -INF), 3.0)
        d = lp.array([[3.0, 0.0], [0.0, -4.0]])
        self.assertTrue(close(lp.linalg.norm(d, 2), 4.0))
        self.assertTrue(close(lp.linalg.norm(d, -2), 3.0))
        self.assertTrue(close(lp.linalg.norm(d, "nuc"), 7.0))
        self.assertTrue(close(lp.linalg.norm(lp.ones((2, 3)), 2), math.sqrt(6)))
        self.assertEqual(lp.linalg.norm(m, axis=1).tolist(), [math.sqrt(5), 5.0])
        self.assertEqual(lp.linalg.norm(m, axis=0, keepdims=True).shape, (1, 2))
        self.assertEqual(lp.linalg.norm(m, keepdims=True).shape, (1, 1))
        self.assertEqual(lp.linalg.norm(lp.ones((2, 3, 4)), axis=(0, 2)).tolist(),
                         [math.sqrt(8)] * 3)
        self.assertEqual(lp.linalg.norm(lp.ones((2, 3, 4)), ord=1, axis=(2, 0),
                                        keepdims=True).shape, (1, 3, 1))
        self.assertEqual(lp.linalg.norm(lp.ones((0, 3)), axis=0).tolist(), [0.0] * 3)

    def test_random_against_formulas(self):
        rng = random.Random(8)
        for case in range(100):
            shape = (rng.randint(1, 4), rng.randint(1, 4))
            a, values = random_array(rng, shape, rng.choice(["float", "int"]))
            rows = [values[i * shape[1]:(i + 1) * shape[1]] for i in range(shape[0])]
            cols = [list(c) for c in zip(*rows)]
            p = rng.choice([1, 2, 3, INF, -INF, 0.5])
            with self.subTest(case=case, shape=shape, ord=p):
                for lane, got in zip(rows, lp.linalg.norm(a, ord=p, axis=1).tolist()):
                    if p == INF or p == -INF:
                        want = (max if p == INF else min)(abs(v) for v in lane)
                    else:
                        want = sum(abs(v) ** p for v in lane) ** (1 / p)
                    self.assertTrue(close(got, want), (got, want))
                self.assertTrue(close(lp.linalg.norm(a, 1),
                                      max(sum(map(abs, c)) for c in cols)))
                self.assertTrue(close(lp.linalg.norm(a, INF),
                                      max(sum(map(abs, r)) for r in rows)))
                sv = lp.linalg.norm(a, 2)  # the 2-norm bounds |A x| / |x|
                x = [rng.uniform(-1, 1) for _ in range(shape[1])]
                ax = [sum(r * v for r, v in zip(row, x)) for row in rows]
                self.assertLessEqual(math.hypot(*ax), sv * math.hypot(*x) * (1 + 1e-12))
                self.assertLessEqual(sv, lp.linalg.norm(a) * (1 + 1e-12))
                nuc, fro = lp.linalg.norm(a, "nuc"), lp.linalg.norm(a)
                self.assertLessEqual(lp.linalg.norm(a, -2), sv * (1 + 1e-12))
                self.assertLessEqual(sv, nuc * (1 + 1e-12))
                self.assertLessEqual(nuc, math.sqrt(min(shape)) * fro * (1 + 1e-12))

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "Invalid norm order 'fro' for vectors"):
            lp.linalg.norm(lp.ones(3), "fro")
        with self.assertRaisesRegex(ValueError, "Invalid norm order 3 for matrices"):
            lp.linalg.norm(lp.ones((3, 3)), 3)
        with self.assertRaisesRegex(ValueError, "Improper number of dimensions"):
            lp.linalg.norm(lp.ones((2, 3, 4)), 1)
        with self.assertRaises(lp.AxisError):
            lp.linalg.norm(lp.ones(3), axis=1)


class InvDetSolve(unittest.TestCase):
    def test_examples(self):
        a = lp.array([[4.0, 7.0], [2.0, 6.0]])
        inv = lp.linalg.inv(a)
        self.assertTrue(all(close(x, y) for x, y in zip(inv.flatten().tolist(),
                                                          [0.6, -0.7, -0.2, 0.4])))
        self.assertTrue(close(lp.linalg.det(a), 10.0))
        self.assertTrue(close(lp.linalg.det(lp.array([[0, 1], [1, 0]])), -1.0))
        self.assertEqual(lp.linalg.inv(lp.eye(2, dtype=int)).dtype, lp.float64)
        x = lp.linalg.solve(a, [1.0, 2.0])
        self.assertEqual(x.shape, (2,))
        self.assertTrue(close(x[0], -0.8) and close(x[1], 0.6))
        self.assertEqual(lp.linalg.solve(a, lp.ones((2, 3))).shape, (2, 3))
        self.assertEqual(lp.linalg.inv(lp.ones((0, 0))).shape, (0, 0))
        self.assertEqual(lp.linalg.det(lp.ones((3, 0, 0))).tolist(), [1.0, 1.0, 1.0])

    def test_random_batched(self):
        rng = random.Random(21)
        for case in range(60):
            n = rng.randint(1, 5)
            batch = tuple(rng.randint(1, 3) for _ in range(rng.randint(0, 2)))
            a, values = well_conditioned(rng, batch, n)
            with self.subTest(case=case, batch=batch, n=n):
                product = (a @ lp.linalg.inv(a)).reshape(-1, n, n).tolist()
                for block in product:
                    for i in range(n):
                        for j in range(n):
                            self.assertTrue(close(block[i][j], float(i == j), 1e-12))
                dets = lp.linalg.det(a)
                dets = dets.flatten().tolist() if batch else [dets]
                for b, d in enumerate(dets):
                    m = [values[b * n * n + i * n:b * n * n + i * n + n] for i in range(n)]
                    self.assertTrue(close(d, leibniz(m), 1e-11))
                k = rng.randint(1, 3)
                rhs_batch = batch[rng.randint(0, len(batch)):]
                rhs, _ = random_array(rng, rhs_batch + (n, k))
                x = lp.linalg.solve(a, rhs)
                residual = (a @ x - rhs).flatten().tolist() if x.size else []
                self.assertTrue(all(abs(r) < 1e-12 for r in residual))
                vector, _ = random_array(rng, (n,))
                y = lp.linalg.solve(a, vector)
                self.assertEqual(y.shape, batch + (n,))

    def test_singular_and_errors(self):
        singular = lp.array([[1.0, 2.0], [2.0, 4.0]])
        self.assertTrue(issubclass(lp.linalg.LinAlgError, ValueError))
        with self.assertRaisesRegex(lp.linalg.LinAlgError, "Singular matrix"):
            lp.linalg.inv(singular)
        with self.assertRaisesRegex(lp.linalg.LinAlgError, "Singular matrix"):
            lp.linalg.solve(singular, [1.0, 1.0])
        self.assertEqual(lp.linalg.det(singular), 0.0)
        with self.assertRaisesRegex(lp.linalg.LinAlgError, "must be square"):
            lp.linalg.inv(lp.ones((2, 3)))
        with self.assertRaisesRegex(lp.linalg.LinAlgError, "at least two-dimensional"):
            lp.linalg.det(lp.ones(3))
        with self.assertRaisesRegex(ValueError, r"b has shape \(3,\)"):
            lp.linalg.solve(lp.eye(2), lp.ones(3))
        with self.assertRaisesRegex(ValueError, r"\(3, 2, 2\).*\(3, 2\)"):
            lp.linalg.solve(lp.ones((3, 2, 2)), lp.ones((3, 2)))


if __name__ == "__main__":
    unittest.main()
