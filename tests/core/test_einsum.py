"""einsum: hand-computed examples, random problems (repeated labels, size-1
broadcasting, 1-4 operands, random layouts and dtypes) against a brute-force
loop, and error messages."""

import random
import unittest

import latpy as lp
from tests.core.linalg_reference import (assert_matches, brute_einsum, random_array)

KIND_DTYPE = {"float": "float64", "int": "int64", "bool": "bool"}


class Examples(unittest.TestCase):
    def setUp(self):
        self.a = lp.array([[1, 2], [3, 4]])
        self.b = lp.array([[0, 1], [1, 0]])

    def test_matrix_forms(self):
        a, b = self.a, self.b
        self.assertEqual(lp.einsum("ij,jk", a, b).tolist(), [[2, 1], [4, 3]])
        self.assertEqual(lp.einsum("ij,jk->ik", a, b).tolist(), [[2, 1], [4, 3]])
        self.assertEqual(lp.einsum("ij,jk->ki", a, b).tolist(), [[2, 4], [1, 3]])
        self.assertEqual(lp.einsum("ij->ji", a).tolist(), [[1, 3], [2, 4]])
        self.assertEqual(lp.einsum("ji", a).tolist(), [[1, 3], [2, 4]])
        self.assertEqual(lp.einsum("ii->i", a).tolist(), [1, 4])
        self.assertEqual(lp.einsum("ii", a), 5)
        self.assertEqual(lp.einsum("ij->", a), 10)
        self.assertEqual(lp.einsum("ij->j", a).tolist(), [4, 6])
        self.assertEqual(lp.einsum("ij,ij->", a, a), 30)
        self.assertEqual(lp.einsum("ij,jk,kl->il", a, b, a).tolist(), [[5, 8], [13, 20]])

    def test_vector_forms(self):
        u, v = lp.array([1.0, 2.0]), lp.array([3.0, 4.0, 5.0])
        self.assertEqual(lp.einsum("i,i->", u, u), 5.0)
        self.assertEqual(lp.einsum("i,i", u, u), 5.0)
        self.assertEqual(lp.einsum("i,j->ij", u, v).tolist(), [[3.0, 4.0, 5.0],
                                                              [6.0, 8.0, 10.0]])
        self.assertEqual(lp.einsum("i,j", u, v).shape, (2, 3))
        self.assertEqual(lp.einsum("i", u).tolist(), [1.0, 2.0])

    def test_batched_and_ellipsis(self):
        x = lp.arange(12.0).reshape(3, 2, 2)
        y = lp.ones((3, 2, 4))
        want = (x @ y).tolist()
        self.assertEqual(lp.einsum("bij,bjk->bik", x, y).tolist(), want)
        self.assertEqual(lp.einsum("...ij,...jk->...ik", x, y).tolist(), want)
        self.assertEqual(lp.einsum("...ij,jk", x, lp.ones((2, 4))).shape, (3, 2, 4))
        self.assertEqual(lp.einsum("...i,...i", lp.ones((2, 3)), lp.ones(3)).tolist(),
                         [3.0, 3.0])
        self.assertEqual(lp.einsum("i...->...", lp.ones((2, 3))).tolist(), [2.0, 2.0, 2.0])

    def test_broadcast_size_one(self):
        self.assertEqual(lp.einsum("ij,jk", lp.ones((2, 1)), lp.ones((3, 4))).tolist(),
                         [[3.0] * 4] * 2)
        self.assertEqual(lp.einsum("i,i", lp.ones(1), lp.arange(3.0)), 3.0)

    def test_view_and_dtypes(self):
        a = lp.array([[1.0, 2.0], [3.0, 4.0]])
        t = lp.einsum("ij->ji", a)
        t[0, 1] = 10.0
        self.assertEqual(a[1, 0], 10.0)  # a view, as in NumPy
        self.assertEqual(lp.einsum("i,i", lp.array([True, True]), lp.array([True, False])),
                         True)
        self.assertEqual(lp.einsum("i,i->i", lp.array([1, 2]), lp.array([True, False]))
                         .tolist(), [1, 0])
        self.assertEqual(lp.einsum("ij,jk", lp.ones((2, 0)), lp.ones((0, 2))).tolist(),
                         [[0.0, 0.0], [0.0, 0.0]])

    def test_errors(self):
        cases = [
            ("ij,jk", (lp.ones((2, 3)),), "2 operand"),
            ("ij", (lp.ones((2, 3)), lp.ones(2)), "1 operand"),
            ("i.j", (lp.ones((2, 2)),), r"'\.'"),
            ("i2", (lp.ones((2, 2)),), "'2'"),
            ("i->k", (lp.ones(2),), "'k' does not appear"),
            ("ij->jj", (lp.ones((2, 2)),), "'j' appears more than once"),
            ("ijk", (lp.ones((2, 2)),), "operand 0 has 2 dimension"),
            ("ij", (lp.ones((2, 3, 4)),), "operand 0 has 3 dimension"),
            ("ii", (lp.ones((2, 3)),), r"'i'.*\(2 != 3\)"),
            ("ij,jk->ik", (lp.ones((2, 3)), lp.ones((4, 5))), "'j' has size 3 .* size 4"),
            ("...i->i", (lp.ones((2, 3)),), r"no '\.\.\.'"),
            ("i->i->i", (lp.ones(2),), "more than once"),
        ]
        for spec, ops, message in cases:
            with self.subTest(spec=spec):
                with self.assertRaisesRegex(ValueError, message):
                    lp.einsum(spec, *ops)
        with self.assertRaises(TypeError):
            lp.einsum(lp.ones(2), [0])


class Random(unittest.TestCase):
    def test_against_brute_force(self):
        rng = random.Random(2024)
        for case in range(300):
            letters = rng.sample("abcdefgh", rng.randint(1, 5))
            sizes = {c: (rng.randint(1, 3) if rng.random() > 0.05 else 0) for c in letters}
            n_ops = rng.randint(1, 4)
            terms, operands, kinds, arrays = [], [], [], []
            for _ in range(n_ops):
                term = "".join(rng.choice(letters) for _ in range(rng.randint(0, 4)))
                shape = tuple(1 if term.count(c) == 1 and rng.random() < 0.15 else sizes[c]
                              for c in term)
                kind = rng.choice(["float", "float", "int", "bool"])
                array, values = random_array(rng, shape, kind)
                terms.append(term)
                operands.append((values, shape))
                kinds.append(kind)
                arrays.append(array)
            used = sorted(set("".join(terms)))
            out = rng.sample(used, rng.randint(0, len(used)))
            spec = ",".join(terms) + "->" + "".join(out)
            dtype = max(kinds, key=["bool", "int", "float"].index)
            with self.subTest(case=case, spec=spec, shapes=[s for _, s in operands]):
                want, shape = brute_einsum(spec, operands)
                if dtype == "bool":
                    want = [bool(w) for w in want]
                got = lp.einsum(spec, *arrays)
                assert_matches(self, got, want, shape, KIND_DTYPE[dtype], rtol=1e-11)
                if rng.random() < 0.3:  # implicit output: labels seen once, sorted
                    joined = "".join(terms)
                    implicit = "".join(sorted(c for c in set(joined) if joined.count(c) == 1))
                    want, shape = brute_einsum(",".join(terms) + "->" + implicit, operands)
                    if dtype == "bool":
                        want = [bool(w) for w in want]
                    assert_matches(self, lp.einsum(",".join(terms), *arrays), want, shape,
                                   KIND_DTYPE[dtype], rtol=1e-11)

    def test_ellipsis_matches_named_batch(self):
        rng = random.Random(11)
        for case in range(60):
            batch = tuple(rng.randint(1, 3) for _ in range(rng.randint(0, 2)))
            short = batch[rng.randint(0, len(batch)):]
            short = tuple(1 if rng.random() < 0.3 else d for d in short)
            i, j, k = (rng.randint(1, 3) for _ in range(3))
            x, vx = random_array(rng, batch + (i, j))
            y, vy = random_array(rng, short + (j, k))
            names = "uv"[:len(batch)]
            spec = f"{names}ij,{names[len(names) - len(short):]}jk->{names}ik"
            want, shape = brute_einsum(spec, [(vx, batch + (i, j)), (vy, short + (j, k))])
            with self.subTest(case=case, batch=batch, short=short):
                assert_matches(self, lp.einsum("...ij,...jk->...ik", x, y), want, shape,
                               "float64")
                assert_matches(self, lp.einsum("...ij,...jk", x, y), want, shape, "float64")


if __name__ == "__main__":
    unittest.main()
