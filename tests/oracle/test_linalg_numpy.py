"""Cross-check matmul, dot, inner, outer, vdot, tensordot, einsum, trace and
lp.linalg (norm, inv, det, solve) against NumPy on hundreds of random cases:
random shapes (size 0 and 1 included), dtypes and memory layouts.

Skipped when NumPy is not installed.
"""

import math
import random
import unittest

try:
    import numpy as np
except ImportError:  # pragma: no cover - the plain test run has no NumPy
    np = None

import latpy as lp
from tests.core.linalg_reference import random_shape, random_values, strided_array

KINDS = ["float", "float", "int", "bool"]


def pair(rng, shape, kind="float", values=None):
    """The same random array in latpy (random layout) and in NumPy."""
    values = random_values(rng, math.prod(shape), kind) if values is None else values
    dtype = {"float": np.float64, "int": np.int64, "bool": np.bool_}[kind]
    return strided_array(rng, values, shape, kind), np.array(values, dtype).reshape(shape)


@unittest.skipUnless(np is not None, "NumPy is not installed")
class Oracle(unittest.TestCase):
    def check(self, got, want, rtol=1e-12, atol=1e-12):
        """`got` (latpy) equals `want` (NumPy): shape, dtype, array-or-scalar, values."""
        want_arr = np.asarray(want)
        self.assertEqual(isinstance(got, lp.ndarray), isinstance(want, np.ndarray))
        shape = got.shape if isinstance(got, lp.ndarray) else ()
        self.assertEqual(tuple(shape), want_arr.shape)
        if isinstance(got, lp.ndarray):
            self.assertEqual(str(got.dtype), str(want_arr.dtype))
            values = got.flatten().tolist()
        else:
            kind = {bool: "b", int: "i", float: "f"}
            self.assertEqual(next(k for t, k in kind.items() if isinstance(got, t)),
                             want_arr.dtype.kind)
            values = [got]
        wanted = want_arr.ravel().tolist()
        if want_arr.dtype.kind == "f":
            self.assertTrue(np.allclose(values, wanted, rtol=rtol, atol=atol,
                                        equal_nan=True), (values, wanted))
        else:
            self.assertEqual(values, wanted)

    def test_matmul(self):
        rng = random.Random(100)
        for case in range(300):
            nd_a, nd_b = rng.randint(1, 4), rng.randint(1, 4)
            n, k, m = random_shape(rng, 3, 5)
            batch = random_shape(rng, max(nd_a, nd_b) - 2, 3)
            sa = tuple(d if rng.random() < 0.7 else 1 for d in batch[len(batch) - nd_a + 2:])
            sb = tuple(d if rng.random() < 0.7 else 1 for d in batch[len(batch) - nd_b + 2:])
            sa = sa + (n, k) if nd_a > 1 else (k,)
            sb = sb + (k, m) if nd_b > 1 else (k,)
            (a, na) = pair(rng, sa, rng.choice(KINDS))
            (b, nb) = pair(rng, sb, rng.choice(KINDS))
            with self.subTest(case=case, sa=sa, sb=sb):
                self.check(lp.matmul(a, b), np.matmul(na, nb))
                self.check(a @ b, na @ nb)

    def test_matmul_large(self):
        rng = random.Random(101)
        for n, k, m in [(17, 130, 9), (64, 64, 64), (3, 300, 2), (40, 7, 33)]:
            (a, na), (b, nb) = pair(rng, (n, k)), pair(rng, (k, m))
            self.check(a @ b, na @ nb, rtol=1e-11)
            self.check(a.T.T @ b, na @ nb, rtol=1e-11)

    def test_mismatches_raise_like_numpy(self):
        rng = random.Random(102)
        for case in range(100):
            sa = random_shape(rng, rng.randint(1, 3), 3)
            sb = random_shape(rng, rng.randint(1, 3), 3)
            (a, na), (b, nb) = pair(rng, sa), pair(rng, sb)
            for ours, theirs in [(lp.matmul, np.matmul), (lp.dot, np.dot),
                                 (lp.inner, np.inner)]:
                try:
                    want = theirs(na, nb)
                except ValueError:
                    with self.subTest(case=case, f=ours.__name__, sa=sa, sb=sb):
                        with self.assertRaises(ValueError):
                            ours(a, b)
                    continue
                with self.subTest(case=case, f=ours.__name__, sa=sa, sb=sb):
                    self.check(ours(a, b), want)

    def test_dot_inner_outer_vdot(self):
        rng = random.Random(103)
        for case in range(250):
            k = rng.randint(0, 4)
            sa = random_shape(rng, rng.randint(0, 3), 3)
            sa = sa[:-1] + (k,) if sa else sa
            rest = random_shape(rng, rng.randint(0, 3), 3)
            sb_dot = rest[:-1] + (k,) + rest[-1:] if len(rest) > 1 else rest[:0] + (k,)
            sb_dot = sb_dot if sa and rest else rest
            sb_inner = rest + (k,) if sa else rest
            ka, kb = rng.choice(KINDS), rng.choice(KINDS)
            (a, na) = pair(rng, sa, ka)
            (b, nb), (c, nc) = pair(rng, sb_dot, kb), pair(rng, sb_inner, kb)
            with self.subTest(case=case, sa=sa, sb=sb_dot, sc=sb_inner):
                self.check(lp.dot(a, b), np.dot(na, nb))
                self.check(lp.inner(a, c), np.inner(na, nc))
                self.check(lp.outer(a, c), np.outer(na, nc))
                if na.size == nc.size:
                    self.check(lp.vdot(a, c.reshape(a.shape)), np.vdot(na, nc.reshape(na.shape)))

    def test_tensordot(self):
        rng = random.Random(104)
        for case in range(200):
            nd_a, nd_b = rng.randint(0, 4), rng.randint(0, 4)
            count = rng.randint(0, min(nd_a, nd_b))
            sa = random_shape(rng, nd_a, 3)
            axes_a, axes_b = rng.sample(range(nd_a), count), rng.sample(range(nd_b), count)
            sb = list(random_shape(rng, nd_b, 3))
            for i, j in zip(axes_a, axes_b):
                sb[j] = sa[i]
            (a, na), (b, nb) = pair(rng, sa, rng.choice(KINDS)), pair(rng, tuple(sb),
                                                                      rng.choice(KINDS))
            neg_a = [i - nd_a if rng.random() < 0.3 else i for i in axes_a]
            with self.subTest(case=case, sa=sa, sb=sb, axes=(neg_a, axes_b)):
                self.check(lp.tensordot(a, b, (neg_a, axes_b)),
                           np.tensordot(na, nb, (neg_a, axes_b)))
                count = rng.randint(0, min(nd_a, nd_b))
                if sa[nd_a - count:] == tuple(sb[:count]):
                    self.check(lp.tensordot(a, b, count), np.tensordot(na, nb, count))

    def test_einsum(self):
        rng = random.Random(105)
        for case in range(300):
            letters = rng.sample("abcdefgAB", rng.randint(1, 5))
            sizes = {c: rng.randint(0 if rng.random() < 0.05 else 1, 3) for c in letters}
            terms, ours, theirs = [], [], []
            for _ in range(rng.randint(1, 4)):
                term = "".join(rng.choice(letters) for _ in range(rng.randint(0, 4)))
                shape = tuple(1 if term.count(c) == 1 and rng.random() < 0.15 else sizes[c]
                              for c in term)
                a, na = pair(rng, shape, rng.choice(KINDS))
                terms.append(term)
                ours.append(a)
                theirs.append(na)
            used = sorted(set("".join(terms)))
            spec = ",".join(terms)
            if rng.random() < 0.7:
                spec += "->" + "".join(rng.sample(used, rng.randint(0, len(used))))
            with self.subTest(case=case, spec=spec, shapes=[t.shape for t in theirs]):
                self.check(lp.einsum(spec, *ours), np.einsum(spec, *theirs), rtol=1e-11)

    def test_einsum_ellipsis(self):
        rng = random.Random(106)
        specs = ["...ij,...jk->...ik", "...ij,...jk", "...i,...i", "i...->...", "...ii->...i",
                 "...ij->...ji", "ij...,jk...->ik..."]
        for case in range(120):
            spec = rng.choice(specs)
            batch = random_shape(rng, rng.randint(0, 2), 3)
            i, j, k = (rng.randint(1, 3) for _ in range(3))
            dims = {"i": i, "j": j, "k": k}
            if "ii" in spec:
                dims["i"] = dims["j"] = i
            terms = spec.split("->")[0].split(",")
            ops = []
            for t in terms:
                named = tuple(dims[c] for c in t.replace("...", ""))
                short = batch[rng.randint(0, len(batch)):] if len(terms) > 1 else batch
                short = tuple(1 if rng.random() < 0.2 else d for d in short)
                if t.startswith("..."):
                    shape = short + named
                elif t.endswith("..."):
                    shape = named + short
                else:
                    shape = named
                ops.append(pair(rng, shape))
            if "ij...,jk..." in spec and ops[0][1].shape[2:] != ops[1][1].shape[2:]:
                continue
            with self.subTest(case=case, spec=spec, shapes=[n.shape for _, n in ops]):
                self.check(lp.einsum(spec, *[a for a, _ in ops]),
                           np.einsum(spec, *[n for _, n in ops]))

    def test_trace(self):
        rng = random.Random(107)
        for case in range(150):
            nd = rng.randint(2, 4)
            shape = random_shape(rng, nd, 4)
            ax1, ax2 = rng.sample(range(-nd, nd), 2)
            if ax1 % nd == ax2 % nd:
                continue
            offset = rng.randint(-3, 3)
            a, na = pair(rng, shape, rng.choice(KINDS))
            with self.subTest(case=case, shape=shape, axes=(ax1, ax2), offset=offset):
                self.check(lp.trace(a, offset, ax1, ax2), np.trace(na, offset, ax1, ax2))
                self.check(a.trace(offset, ax1, ax2), na.trace(offset, ax1, ax2))

    def test_norm(self):
        rng = random.Random(108)
        vector_ords = [None, 1, 2, 3, 0.5, -1, -2, 0, np.inf, -np.inf]
        matrix_ords = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]
        for case in range(200):
            nd = rng.randint(1, 3)
            shape = random_shape(rng, nd, 4, zero=False)
            a, na = pair(rng, shape, rng.choice(["float", "float", "int"]))
            keep = rng.random() < 0.3
            choice = rng.randrange(3)
            if choice == 0:
                kwargs = {"keepdims": keep}
            elif choice == 1:
                kwargs = {"ord": rng.choice(vector_ords), "axis": rng.randrange(-nd, nd),
                          "keepdims": keep}
            elif nd >= 2:
                r, c = rng.sample(range(nd), 2)
                kwargs = {"ord": rng.choice(matrix_ords), "axis": (r, c), "keepdims": keep}
            else:
                kwargs = {"ord": rng.choice(vector_ords)}
            with self.subTest(case=case, shape=shape, **kwargs):
                self.check(lp.linalg.norm(a, **kwargs), np.linalg.norm(na, **kwargs),
                           rtol=1e-11)

    def test_inv_det_solve(self):
        rng = random.Random(109)
        for case in range(150):
            n = rng.randint(1, 6)
            batch = random_shape(rng, rng.randint(0, 2), 3, zero=False)
            values = [rng.gauss(0, 1) for _ in range(math.prod(batch) * n * n)]
            a, na = pair(rng, batch + (n, n), values=values)
            with self.subTest(case=case, shape=na.shape):
                self.check(lp.linalg.det(a), np.linalg.det(na), rtol=1e-9)
                if abs(np.linalg.cond(na)).max() > 1e6:
                    continue
                self.check(lp.linalg.inv(a), np.linalg.inv(na), rtol=1e-9, atol=1e-10)
                rhs_shape = batch[rng.randint(0, len(batch)):] + (n, rng.randint(1, 3))
                if rng.random() < 0.3:
                    rhs_shape = (n,)
                b, nb = pair(rng, rhs_shape)
                self.check(lp.linalg.solve(a, b), np.linalg.solve(na, nb), rtol=1e-9,
                           atol=1e-10)

    def test_singular_and_int_input(self):
        for m in ([[1, 2], [2, 4]], [[0, 0], [0, 0]], [[2, 0], [0, 3]]):
            a, na = lp.array(m), np.array(m)
            self.check(lp.linalg.det(a), np.linalg.det(na))
            try:
                want = np.linalg.inv(na)
            except np.linalg.LinAlgError:
                with self.assertRaises(lp.linalg.LinAlgError):
                    lp.linalg.inv(a)
                continue
            self.check(lp.linalg.inv(a), want)


if __name__ == "__main__":
    unittest.main()
