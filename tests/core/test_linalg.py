"""matmul, dot, vdot, inner, outer, tensordot, trace: hand-computed examples,
random cases (random shapes, dtypes and memory layouts) against a brute-force
reference, and error messages."""

import doctest
import random
import unittest

import latpy as lp
from latpy.core import einsum as einsum_module
from latpy.core import kernels, linalg, linalg_ns
from tests.core.linalg_reference import (LETTERS, assert_matches, brute_einsum,
                                         random_array, random_shape)

KINDS = ["float", "float", "int", "bool"]


def result_dtype(*kinds):
    order = {"bool": 0, "int": 1, "float": 2}
    return ["bool", "int64", "float64"][max(order[k] for k in kinds)]


def finish(values, dtype):
    return [bool(v) for v in values] if dtype == "bool" else values


class MatmulExamples(unittest.TestCase):
    def test_square(self):
        a = lp.array([[1.0, 2.0], [3.0, 4.0]])
        self.assertEqual((a @ a).tolist(), [[7.0, 10.0], [15.0, 22.0]])
        self.assertEqual(lp.matmul(a, a.T).tolist(), [[5.0, 11.0], [11.0, 25.0]])

    def test_dtypes(self):
        i = lp.array([[1, 2], [3, 4]])
        self.assertEqual((i @ i).dtype, lp.int64)
        self.assertEqual((i @ i).tolist(), [[7, 10], [15, 22]])
        self.assertEqual((i @ lp.array([[0.5], [1.0]])).tolist(), [[2.5], [5.5]])
        t, f = True, False
        b = lp.array([[t, f], [f, f]]) @ lp.array([[f, t], [t, f]])
        self.assertEqual(b.dtype, lp.bool_)
        self.assertEqual(b.tolist(), [[False, True], [False, False]])

    def test_vectors(self):
        v = lp.array([1, 2, 3])
        self.assertEqual(v @ v, 14)
        self.assertIsInstance(lp.matmul(v, v), int)
        m = lp.array([[1, 0, 0], [0, 2, 0]])
        self.assertEqual((m @ v).tolist(), [1, 4])
        self.assertEqual((lp.array([1, 1]) @ m).tolist(), [1, 2, 0])
        self.assertEqual(lp.matmul([1.0, 2.0], [[1.0], [1.0]]).tolist(), [3.0])

    def test_lists_and_reflected(self):
        a = lp.array([[1, 2], [3, 4]])
        self.assertEqual((a @ [[1], [0]]).tolist(), [[1], [3]])
        self.assertEqual(([[1, 0]] @ a).tolist(), [[1, 2]])

    def test_batched_broadcast(self):
        a = lp.ones((2, 1, 2, 3))
        b = lp.arange(24.0).reshape(4, 3, 2)
        out = a @ b
        self.assertEqual(out.shape, (2, 4, 2, 2))
        self.assertEqual(out[1, 3].tolist(), [[60.0, 63.0], [60.0, 63.0]])
        self.assertEqual((lp.ones(3) @ b).shape, (4, 2))
        self.assertEqual((b.transpose(0, 2, 1) @ lp.ones(3)).tolist(),
                         [[6.0, 9.0], [24.0, 27.0], [42.0, 45.0], [60.0, 63.0]])

    def test_empty(self):
        z = lp.ones((2, 0)) @ lp.ones((0, 3))
        self.assertEqual(z.tolist(), [[0.0] * 3] * 2)
        self.assertEqual(z.dtype, lp.float64)
        self.assertEqual((lp.ones((0, 3)) @ lp.ones((3, 2))).shape, (0, 2))
        self.assertEqual((lp.ones((2, 3)) @ lp.ones((3, 0))).shape, (2, 0))
        self.assertEqual((lp.ones((0, 2, 3)) @ lp.ones((3, 1))).shape, (0, 2, 1))
        self.assertEqual(lp.matmul(lp.ones(0), lp.ones(0)), 0.0)
        self.assertEqual(lp.matmul(lp.ones((2, 0), dtype=int), lp.ones((0, 2), dtype=int))
                         .tolist(), [[0, 0], [0, 0]])

    def test_errors(self):
        with self.assertRaises(ValueError) as cm:
            lp.ones((2, 3)) @ lp.ones((2, 3))
        self.assertEqual(str(cm.exception), "matmul: shapes (2, 3) and (2, 3) are not "
                                             "aligned: 3 (dim 1) != 2 (dim 0)")
        with self.assertRaisesRegex(ValueError, r"\(3,\) and \(4,\).*3 \(dim 0\) != 4"):
            lp.matmul(lp.ones(3), lp.ones(4))
        with self.assertRaisesRegex(ValueError, "Input operand 1 does not have enough"):
            lp.matmul(lp.ones(3), 2.0)
        with self.assertRaisesRegex(ValueError, "Input operand 0 does not have enough"):
            lp.matmul(2.0, lp.ones(3))
        with self.assertRaisesRegex(ValueError, r"\(2, 2, 3\) and \(3, 3, 4\)"):
            lp.ones((2, 2, 3)) @ lp.ones((3, 3, 4))


class MatmulRandom(unittest.TestCase):
    def test_against_brute_force(self):
        rng = random.Random(1234)
        for case in range(400):
            nd_a, nd_b = rng.randint(1, 4), rng.randint(1, 4)
            n, k, m = random_shape(rng, 3)
            batch = random_shape(rng, max(nd_a, nd_b) - 2, 3)
            sa = tuple(d if rng.random() < 0.7 else 1 for d in batch[len(batch) - nd_a + 2:])
            sb = tuple(d if rng.random() < 0.7 else 1 for d in batch[len(batch) - nd_b + 2:])
            sa = sa + (n, k) if nd_a > 1 else (k,)
            sb = sb + (k, m) if nd_b > 1 else (k,)
            ka, kb = rng.choice(KINDS), rng.choice(KINDS)
            a, va = random_array(rng, sa, ka)
            b, vb = random_array(rng, sb, kb)
            with self.subTest(case=case, sa=sa, sb=sb, ka=ka, kb=kb):
                want, shape = brute_einsum(_matmul_spec(sa, sb), [(va, sa), (vb, sb)])
                dt = result_dtype(ka, kb)
                assert_matches(self, a @ b, finish(want, dt), shape, dt)

    def test_big_k_and_unrolled_sizes(self):
        rng = random.Random(5)
        for k in (1, 2, 3, 4, 5, 8, 17, 64, 128, 129, 200):
            a, va = random_array(rng, (3, k))
            b, vb = random_array(rng, (k, 2))
            want, shape = brute_einsum("ij,jk->ik", [(va, (3, k)), (vb, (k, 2))])
            assert_matches(self, a @ b, want, shape, "float64", rtol=1e-11)


def _matmul_spec(sa, sb):
    nb = max(len(sa), len(sb)) - 2
    batch = LETTERS[:max(nb, 0)]
    left = (batch[len(batch) - len(sa) + 2:] + "xy") if len(sa) > 1 else "y"
    right = (batch[len(batch) - len(sb) + 2:] + "yz") if len(sb) > 1 else "y"
    out = batch + ("x" if len(sa) > 1 else "") + ("z" if len(sb) > 1 else "")
    return f"{left},{right}->{out}"


class DotInnerOuter(unittest.TestCase):
    def test_examples(self):
        self.assertEqual(lp.dot([1, 2, 3], [4, 5, 6]), 32)
        self.assertEqual(lp.dot(3, [1, 2]).tolist(), [3, 6])
        self.assertEqual(lp.dot(2.0, 3.0), 6.0)
        a = lp.arange(6).reshape(2, 3)
        self.assertEqual(lp.dot(a, [1, 0, 1]).tolist(), [2, 8])
        self.assertEqual(a.dot(a.T).tolist(), [[5, 14], [14, 50]])
        self.assertEqual(lp.dot(lp.ones((2, 3)), lp.ones((4, 3, 5))).shape, (2, 4, 5))
        self.assertEqual(lp.inner(a, a).tolist(), [[5, 14], [14, 50]])
        self.assertEqual(lp.inner([1, 2], [3, 4]), 11)
        self.assertEqual(lp.vdot(a, a), 55)
        self.assertEqual(lp.outer([1, 2], [[1, 2], [3, 4]]).tolist(),
                         [[1, 2, 3, 4], [2, 4, 6, 8]])
        self.assertEqual(lp.outer([True, False], [True]).dtype, lp.bool_)

    def test_random(self):
        rng = random.Random(99)
        for case in range(250):
            nd_a, nd_b = rng.randint(1, 3), rng.randint(1, 3)
            k = rng.randint(0, 4)
            sa = random_shape(rng, nd_a - 1, 3) + (k,)
            rest_b = random_shape(rng, nd_b - 1, 3)
            sb_dot = rest_b[:-1] + (k,) + rest_b[-1:] if nd_b > 1 else (k,)
            sb_inner = rest_b + (k,)
            ka, kb = rng.choice(KINDS), rng.choice(KINDS)
            dt = result_dtype(ka, kb)
            a, va = random_array(rng, sa, ka)
            b, vb = random_array(rng, sb_dot, kb)
            c, vc = random_array(rng, sb_inner, kb)
            free_a = LETTERS[:nd_a - 1]
            free_b = "pqr"[:nd_b - 1]
            spec_b = free_b[:-1] + "z" + free_b[-1:] if nd_b > 1 else "z"
            with self.subTest(case=case, sa=sa, sb=sb_dot, ka=ka, kb=kb):
                want, shape = brute_einsum(f"{free_a}z,{spec_b}->{free_a}{free_b}",
                                           [(va, sa), (vb, sb_dot)])
                assert_matches(self, lp.dot(a, b), finish(want, dt), shape, dt)
                want, shape = brute_einsum(f"{free_a}z,{free_b}z->{free_a}{free_b}",
                                           [(va, sa), (vc, sb_inner)])
                assert_matches(self, lp.inner(a, c), finish(want, dt), shape, dt)
                want = [x * y for x in va for y in vc]
                want = [bool(x and y) for x in va for y in vc] if dt == "bool" else want
                assert_matches(self, lp.outer(a, c), want, (len(va), len(vc)), dt)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, r"dot: shapes \(2, 3\) and \(2, 3\) not "
                                                r"aligned: 3 \(dim 1\) != 2 \(dim 0\)"):
            lp.dot(lp.ones((2, 3)), lp.ones((2, 3)))
        with self.assertRaisesRegex(ValueError, r"inner: .*\(2, 3\) and \(2, 2\)"):
            lp.inner(lp.ones((2, 3)), lp.ones((2, 2)))
        with self.assertRaisesRegex(ValueError, r"vdot: .*\(3,\) and \(4,\)"):
            lp.vdot(lp.ones(3), lp.ones(4))


class Tensordot(unittest.TestCase):
    def test_examples(self):
        a = lp.arange(24.0).reshape(2, 3, 4)
        b = lp.arange(12.0).reshape(4, 3)
        out = lp.tensordot(a, b, axes=([1, 2], [1, 0]))
        self.assertEqual(out.tolist(), [sum(float(a[0, i, j]) * float(b[j, i])
                                             for i in range(3) for j in range(4)),
                                         sum(float(a[1, i, j]) * float(b[j, i])
                                             for i in range(3) for j in range(4))])
        self.assertEqual(lp.tensordot(lp.ones((2, 3)), lp.ones((3, 2)), axes=0).shape,
                         (2, 3, 3, 2))
        self.assertEqual(lp.tensordot(lp.ones((2, 3)), lp.ones((3, 2)), 1).tolist(),
                         [[3.0, 3.0], [3.0, 3.0]])
        scalar = lp.tensordot(lp.ones(3), lp.ones(3), 1)
        self.assertEqual((scalar.shape, scalar.item()), ((), 3.0))
        self.assertEqual(lp.tensordot(lp.ones((2, 3)), lp.ones((2, 3))).item(), 6.0)

    def test_random(self):
        rng = random.Random(7)
        for case in range(200):
            nd_a, nd_b = rng.randint(0, 4), rng.randint(0, 4)
            count = rng.randint(0, min(nd_a, nd_b))
            shape_a = random_shape(rng, nd_a, 3)
            axes_a = rng.sample(range(nd_a), count)
            axes_b = rng.sample(range(nd_b), count)
            shape_b = list(random_shape(rng, nd_b, 3))
            for i, j in zip(axes_a, axes_b):
                shape_b[j] = shape_a[i]
            shape_b = tuple(shape_b)
            a, va = random_array(rng, shape_a, "int")
            b, vb = random_array(rng, shape_b, "float")
            la = list(LETTERS[:nd_a])
            lb = list(LETTERS[10:10 + nd_b])
            for i, j in zip(axes_a, axes_b):
                lb[j] = la[i]
            out = "".join(x for x in la if x not in lb) + "".join(x for x in lb if x not in la)
            want, shape = brute_einsum(f"{''.join(la)},{''.join(lb)}->{out}",
                                       [(va, shape_a), (vb, shape_b)])
            axes = (axes_a, axes_b)
            if rng.random() < 0.3 and axes_a == list(range(nd_a - count, nd_a)) \
                    and axes_b == list(range(count)):
                axes = count
            with self.subTest(case=case, sa=shape_a, sb=shape_b, axes=axes):
                got = lp.tensordot(a, b, axes=axes)
                self.assertIsInstance(got, lp.ndarray)
                assert_matches(self, got, want, shape, "float64")

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "shape-mismatch for sum"):
            lp.tensordot(lp.ones((2, 3)), lp.ones((2, 3)), axes=([0], [1]))
        with self.assertRaisesRegex(ValueError, "shape-mismatch for sum"):
            lp.tensordot(lp.ones((2, 3)), lp.ones((2, 3)), axes=([0, 1], [1]))
        with self.assertRaises(lp.AxisError):
            lp.tensordot(lp.ones((2, 3)), lp.ones((2, 3)), axes=([2], [0]))


class Trace(unittest.TestCase):
    def test_examples(self):
        a = lp.arange(9).reshape(3, 3)
        self.assertEqual(lp.trace(a), 12)
        self.assertEqual(a.trace(offset=1), 6)
        self.assertEqual(a.trace(offset=-2), 6)
        self.assertEqual(a.trace(offset=5), 0)
        self.assertEqual(a.T.trace(offset=1), 10)
        self.assertEqual(lp.trace(lp.ones((2, 3, 4)), offset=1, axis1=2, axis2=0).tolist(),
                         [1.0, 1.0, 1.0])
        self.assertEqual(lp.trace(lp.ones((2, 2), dtype=bool)), 2)
        self.assertIsInstance(lp.trace(lp.eye(2)), float)
        self.assertEqual(lp.trace(lp.ones((2, 2)), dtype=int), 2)

    def test_random(self):
        rng = random.Random(3)
        for case in range(150):
            nd = rng.randint(2, 4)
            shape = random_shape(rng, nd, 4)
            ax1, ax2 = rng.sample(range(-nd, nd), 2) if nd > 2 else rng.choice([(0, 1), (1, 0),
                                                                                  (-1, 0)])
            if ax1 % nd == ax2 % nd:
                continue
            offset = rng.randint(-3, 3)
            a, va = random_array(rng, shape, rng.choice(KINDS))
            got = lp.trace(a, offset, ax1, ax2)
            b = a.transpose([i for i in range(nd) if i not in (ax1 % nd, ax2 % nd)]
                            + [ax1 % nd, ax2 % nd])
            want = []
            for block in _blocks(b.tolist(), b.ndim - 2):
                want.append(sum(block[i][i + offset] for i in range(len(block))
                                if 0 <= i + offset < (len(block[0]) if block else 0)))
            dt = "int64" if a.dtype == lp.bool_ else str(a.dtype)
            with self.subTest(case=case, shape=shape, axes=(ax1, ax2), offset=offset):
                assert_matches(self, got, want, b.shape[:-2], dt)

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, "at least two dimensions"):
            lp.trace(lp.ones(3))
        with self.assertRaisesRegex(ValueError, "cannot be the same"):
            lp.trace(lp.ones((2, 2)), axis1=1, axis2=-1)


def _blocks(nested, depth):
    if depth <= 0:
        return [nested]
    return [b for item in nested for b in _blocks(item, depth - 1)]


class Doctests(unittest.TestCase):
    def test_docstrings(self):
        for module in (linalg, einsum_module, linalg_ns):
            self.assertEqual(doctest.testmod(module).failed, 0, module.__name__)
        tests = doctest.DocTestFinder().find(kernels.matmul2d, "matmul2d",
                                             globs=vars(kernels))
        runner = doctest.DocTestRunner()
        for test in tests:
            runner.run(test)
        self.assertEqual(runner.summarize(verbose=False).failed, 0)


if __name__ == "__main__":
    unittest.main()
