"""Cross-check lp.save/load/savez against NumPy: each reads the other's files exactly.

Skipped when NumPy is not installed.
"""

import io
import os
import tempfile
import unittest

try:
    import numpy as np
except ImportError:  # pragma: no cover - the plain test run has no NumPy
    np = None

import latpy as lp
from latpy.core.ndarray import _make


def to_latpy(a):
    """The latpy array NumPy's `a` should load as (float64/int64/bool)."""
    kind = a.dtype.kind
    dt = lp.float64 if kind == "f" else lp.bool_ if kind == "b" else lp.int64
    py = {lp.float64: float, lp.int64: int, lp.bool_: bool}[dt]
    return _make([py(v) for v in a.ravel(order="C").tolist()], a.shape, lp.dtype(dt))


@unittest.skipUnless(np is not None, "NumPy is not installed")
class NumpyReadsLatpyTest(unittest.TestCase):
    def roundtrip(self, arr):
        buf = io.BytesIO()
        lp.save(buf, arr)
        buf.seek(0)
        return np.load(buf, allow_pickle=False)

    def check(self, arr, np_dtype):
        out = self.roundtrip(arr)
        self.assertEqual(out.dtype, np.dtype(np_dtype))
        self.assertEqual(out.shape, arr.shape)
        self.assertTrue(out.flags.c_contiguous)
        self.assertEqual(out.tolist(), arr.tolist())

    def test_dtypes_and_shapes(self):
        self.check(lp.array([[1.5, -2.0], [1e-300, 1e300]]), np.float64)
        self.check(lp.array([2**63 - 1, -2**63, 0]), np.int64)
        self.check(lp.array([[True], [False]]), np.bool_)
        self.check(lp.array(3.25), np.float64)
        self.check(lp.array(-4), np.int64)
        self.check(lp.array(False), np.bool_)
        self.check(lp.zeros(0), np.float64)
        self.check(lp.zeros((2, 0, 3), dtype=int), np.int64)
        self.check(lp.arange(24.0).reshape(2, 3, 4), np.float64)
        self.check(lp.arange(6).reshape(2, 3).T, np.int64)
        self.check(lp.arange(24).reshape(2, 3, 4).transpose(1, 2, 0), np.int64)

    def test_special_floats(self):
        values = [float("nan"), float("inf"), -float("inf"), -0.0, 5e-324]
        out = self.roundtrip(lp.array(values))
        self.assertEqual(out.tobytes(), np.array(values).tobytes())

    def test_bytes_identical_to_numpy(self):
        for values in ([1.0, 2.0], [[1, 2, 3]], [True, False], 7.5, []):
            mine, theirs = io.BytesIO(), io.BytesIO()
            lp.save(mine, lp.array(values))
            np.save(theirs, np.array(values))
            self.assertEqual(mine.getvalue(), theirs.getvalue(), values)

    def test_npz(self):
        for save in (lp.savez, lp.savez_compressed):
            buf = io.BytesIO()
            save(buf, lp.arange(5), lp.array([[True, False]]), w=lp.ones((2, 3)), s=lp.array(1.5))
            buf.seek(0)
            with np.load(buf, allow_pickle=False) as z:
                self.assertEqual(sorted(z.files), ["arr_0", "arr_1", "s", "w"])
                self.assertEqual(z["arr_0"].tolist(), [0, 1, 2, 3, 4])
                self.assertEqual(z["arr_1"].dtype, np.bool_)
                self.assertEqual(z["w"].tolist(), [[1.0] * 3] * 2)
                self.assertEqual(z["s"].shape, ())

    def test_paths(self):
        with tempfile.TemporaryDirectory() as tmp:
            lp.save(os.path.join(tmp, "a"), lp.arange(3))
            self.assertEqual(np.load(os.path.join(tmp, "a.npy")).tolist(), [0, 1, 2])
            lp.savez(os.path.join(tmp, "b"), x=lp.zeros(2))
            with np.load(os.path.join(tmp, "b.npz")) as z:
                self.assertEqual(z["x"].tolist(), [0.0, 0.0])


@unittest.skipUnless(np is not None, "NumPy is not installed")
class LatpyReadsNumpyTest(unittest.TestCase):
    def load(self, a):
        buf = io.BytesIO()
        np.save(buf, a)
        buf.seek(0)
        return lp.load(buf)

    def check(self, a):
        out = self.load(a)
        expected = to_latpy(a)
        self.assertEqual(out.shape, a.shape)
        self.assertEqual(out.dtype, expected.dtype)
        self.assertEqual(out.tolist(), expected.tolist())
        self.assertEqual(out.tolist(), a.astype(out.dtype.name).tolist())

    def test_all_readable_dtypes(self):
        rng = np.random.default_rng(0)
        floats = rng.standard_normal((3, 4)) * 100
        for dt in ("<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "=f8"):
            self.check(floats.astype(dt))
        for dt in ("i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8",
                   "u1", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8"):
            info = np.iinfo(np.dtype(dt))
            values = rng.integers(max(info.min, -2**62), min(info.max, 2**62), (2, 5),
                                  endpoint=True).astype(dt)
            values.ravel()[0], values.ravel()[1] = info.min, min(info.max, 2**63 - 1)
            self.check(values)
        self.check(rng.random((4, 4)) < 0.5)

    def test_fortran_order(self):
        self.check(np.asfortranarray(np.arange(6.0).reshape(2, 3)))
        self.check(np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4)))
        self.check(np.asfortranarray(np.arange(24, dtype=">f4").reshape(4, 3, 2)))
        self.check(np.asfortranarray(np.array([[True, False, True]])))
        self.check(np.asfortranarray(np.zeros((3, 0))))

    def test_zero_d_and_empty(self):
        self.check(np.array(2.5))
        self.check(np.array(7, dtype=np.int32))
        self.check(np.array(True))
        self.check(np.zeros((0,), np.float32))
        self.check(np.zeros((2, 0, 3), np.uint8))

    def test_special_floats(self):
        a = np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324])
        self.assertEqual(np.array(self.load(a).tolist()).tobytes(), a.tobytes())
        self.assertEqual(self.load(np.float32(np.inf) * np.ones(2, np.float32)).tolist(),
                         [float("inf")] * 2)

    def test_npz(self):
        members = {"a": np.arange(5, dtype=np.int16), "b": np.ones((2, 3), np.float32),
                   "c": np.array([True, False]), "d": np.array(1.5),
                   "e": np.asfortranarray(np.arange(6.0).reshape(3, 2))}
        for save in (np.savez, np.savez_compressed):
            buf = io.BytesIO()
            save(buf, np.zeros(3), **members)
            buf.seek(0)
            with lp.load(buf) as z:
                self.assertEqual(sorted(z.files), ["a", "arr_0", "b", "c", "d", "e"])
                for name, value in members.items():
                    self.assertEqual(z[name].tolist(), to_latpy(value).tolist(), name)
                self.assertEqual(z["arr_0.npy"].tolist(), [0.0] * 3)

    def test_unsupported(self):
        for a in (np.array([1 + 2j]), np.array([1 + 2j], np.complex64), np.array(["ab"]),
                  np.zeros(2, dtype=[("x", "<f8")]), np.array([1, "a"], dtype=object),
                  np.array(["2020-01-01"], dtype="datetime64[D]")):
            buf = io.BytesIO()
            np.save(buf, a, allow_pickle=True)
            buf.seek(0)
            with self.assertRaises(ValueError, msg=str(a.dtype)):
                lp.load(buf)


if __name__ == "__main__":
    unittest.main()
