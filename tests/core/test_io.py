"""lp.save / lp.load / lp.savez / lp.savez_compressed: NumPy's .npy and .npz formats.

Files are built by hand with `struct` here (no NumPy needed); tests/oracle/
checks the same against NumPy itself.
"""

import io
import math
import os
import pathlib
import random
import struct
import tempfile
import time
import unittest
import zipfile

import latpy as lp
from latpy.core.ndarray import _make


def npy_bytes(descr, shape, payload, fortran=False, version=(1, 0), header=None):
    """A .npy file as NumPy lays it out (header padded to 64 bytes)."""
    if header is None:
        header = "{'descr': %r, 'fortran_order': %s, 'shape': %r, }" % (
            descr, fortran, tuple(shape))
    fmt = "<H" if version[0] == 1 else "<I"
    prefix = 8 + struct.calcsize(fmt)
    text = header + " " * (-(prefix + len(header) + 1) % 64) + "\n"
    raw = text.encode("utf8" if version[0] == 3 else "latin1")
    return b"\x93NUMPY" + bytes(version) + struct.pack(fmt, len(raw)) + raw + payload


def load_bytes(blob):
    return lp.load(io.BytesIO(blob))


def save_bytes(arr):
    buf = io.BytesIO()
    lp.save(buf, arr)
    return buf.getvalue()


def roundtrip(arr):
    return load_bytes(save_bytes(arr))


def bits(values):
    """Float list as bit patterns, so nan / -0.0 compare exactly."""
    return [struct.pack("<d", v) for v in values]


class RoundTripTest(unittest.TestCase):
    def check(self, arr):
        out = roundtrip(arr)
        self.assertIsInstance(out, lp.NDArray)
        self.assertEqual(out.shape, arr.shape)
        self.assertEqual(out.dtype, arr.dtype)
        self.assertEqual(out.tolist(), arr.tolist())
        return out

    def test_three_dtypes(self):
        self.check(lp.array([[1.5, -2.0, 3.25], [0.0, 1e300, -1e-300]]))
        self.check(lp.array([[1, -2, 3], [2**63 - 1, -2**63, 0]]))
        self.check(lp.array([[True, False], [False, True]]))

    def test_special_floats_exact(self):
        values = [math.nan, math.inf, -math.inf, -0.0, 5e-324, 1.7976931348623157e308]
        out = roundtrip(lp.array(values))
        self.assertEqual(bits(out.tolist()), bits(values))

    def test_zero_d_and_empty(self):
        for arr in (lp.array(2.5), lp.array(7), lp.array(True), lp.zeros(0),
                    lp.zeros((2, 0, 3)), lp.zeros((0,), dtype=int), lp.zeros((0, 4), dtype=bool)):
            out = self.check(arr)
            self.assertEqual(out.size, arr.size)
        self.assertEqual(roundtrip(lp.array(2.5)).item(), 2.5)

    def test_random_shapes_and_values(self):
        rng = random.Random(1)
        for _ in range(40):
            shape = tuple(rng.randint(0, 4) for _ in range(rng.randint(0, 4)))
            n = 1
            for d in shape:
                n *= d
            kind = rng.choice("fib")
            if kind == "f":
                data, dt = [rng.uniform(-1e6, 1e6) for _ in range(n)], lp.F64
            elif kind == "i":
                data, dt = [rng.randint(-2**63, 2**63 - 1) for _ in range(n)], lp.int64.dtype
            else:
                data, dt = [rng.random() < 0.5 for _ in range(n)], lp.bool_
            self.check(_make(data, shape, lp.dtype(dt)))

    def test_non_contiguous_views(self):
        t = lp.arange(6).reshape(2, 3).T
        self.assertEqual(roundtrip(t).tolist(), [[0, 3], [1, 4], [2, 5]])
        cube = lp.arange(24.0).reshape(2, 3, 4).transpose(2, 0, 1)
        self.assertEqual(roundtrip(cube).tolist(), cube.tolist())
        self.assertEqual(roundtrip(cube.swapaxes(0, 2)).tolist(), cube.swapaxes(0, 2).tolist())

    def test_layout_is_numpys(self):
        blob = save_bytes(lp.array([1.0, 2.0]))
        self.assertEqual(blob[:8], b"\x93NUMPY\x01\x00")
        (hlen,) = struct.unpack("<H", blob[8:10])
        self.assertEqual((10 + hlen) % 64, 0)
        text = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }"
        self.assertEqual(blob[10:10 + hlen].decode("latin1"),
                         text + " " * (128 - 10 - len(text) - 1) + "\n")
        self.assertEqual(blob[10 + hlen:], struct.pack("<2d", 1.0, 2.0))
        self.assertIn(b"'<i8'", save_bytes(lp.array([1])))
        self.assertIn(b"'|b1'", save_bytes(lp.array([True])))
        self.assertIn(b"'shape': ()", save_bytes(lp.array(1.0)))

    def test_python_input_and_overflow(self):
        self.assertEqual(roundtrip([[1, 2], [3, 4]]).tolist(), [[1, 2], [3, 4]])
        self.assertEqual(roundtrip(3.5).shape, ())
        with self.assertRaises(OverflowError):
            save_bytes(lp.array([2**64]))

    def test_one_million_floats_fast(self):
        rng = random.Random(0)
        arr = _make([rng.random() for _ in range(1_000_000)], (1000, 1000), lp.F64.dtype)
        start = time.perf_counter()
        out = roundtrip(arr)
        elapsed = time.perf_counter() - start
        self.assertEqual(out._flat, arr._flat)
        self.assertLess(elapsed, 3.0)  # ~0.05 s on a laptop


class FileTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_paths_get_suffix(self):
        lp.save(self.path("a"), lp.arange(3))
        self.assertTrue(os.path.exists(self.path("a.npy")))
        self.assertEqual(lp.load(self.path("a.npy")).tolist(), [0, 1, 2])
        lp.save(pathlib.Path(self.path("b")), lp.ones(2))
        self.assertEqual(lp.load(pathlib.Path(self.path("b.npy"))).tolist(), [1.0, 1.0])
        lp.save(self.path("c.npy"), lp.zeros(1))
        self.assertFalse(os.path.exists(self.path("c.npy.npy")))

    def test_file_objects_sequential(self):
        with open(self.path("seq.npy"), "wb") as f:
            lp.save(f, lp.arange(3))
            lp.save(f, lp.array([[True]]))
            self.assertFalse(f.closed)
        with open(self.path("seq.npy"), "rb") as f:
            self.assertEqual(lp.load(f).tolist(), [0, 1, 2])
            self.assertEqual(lp.load(f).tolist(), [[True]])
            with self.assertRaises(ValueError):
                lp.load(f)  # nothing left

    def test_text_mode_rejected(self):
        with open(self.path("t.npy"), "w") as f:
            f.write("hello")
        with open(self.path("t.npy")) as f:
            with self.assertRaises(TypeError):
                lp.load(f)

    def test_mmap_mode_rejected(self):
        lp.save(self.path("m.npy"), lp.zeros(2))
        with self.assertRaises(ValueError):
            lp.load(self.path("m.npy"), mmap_mode="r")

    def test_savez_path_and_npzfile(self):
        lp.savez(self.path("z"), lp.arange(3), lp.ones((2, 2)), w=lp.array([True, False]))
        self.assertTrue(os.path.exists(self.path("z.npz")))
        with lp.load(self.path("z.npz")) as z:
            self.assertIsInstance(z, lp.NpzFile)
            self.assertEqual(z.files, ["w", "arr_0", "arr_1"])
            self.assertEqual(sorted(z), ["arr_0", "arr_1", "w"])
            self.assertEqual(list(z.keys()), z.files)
            self.assertEqual(len(z), 3)
            self.assertIn("w", z)
            self.assertIn("w.npy", z)
            self.assertNotIn("v", z)
            self.assertEqual(z["arr_0"].tolist(), [0, 1, 2])
            self.assertEqual(z["arr_1.npy"].tolist(), [[1.0, 1.0], [1.0, 1.0]])
            self.assertEqual(dict((k, v.tolist()) for k, v in z.items())["w"], [True, False])
            with self.assertRaises(KeyError):
                z["missing"]
            fid = z.fid
        self.assertTrue(fid.closed)
        with self.assertRaises(ValueError):
            z["w"]

    def test_savez_name_clash(self):
        with self.assertRaises(ValueError):
            lp.savez(io.BytesIO(), lp.zeros(1), arr_0=lp.zeros(1))

    def test_savez_compressed(self):
        plain, packed = io.BytesIO(), io.BytesIO()
        lp.savez(plain, x=lp.zeros(10000))
        lp.savez_compressed(packed, x=lp.zeros(10000))
        self.assertLess(len(packed.getvalue()), len(plain.getvalue()) // 10)
        packed.seek(0)
        with zipfile.ZipFile(packed) as zf:
            self.assertEqual(zf.getinfo("x.npy").compress_type, zipfile.ZIP_DEFLATED)
        packed.seek(0)
        self.assertEqual(lp.load(packed)["x"].tolist(), [0.0] * 10000)
        lp.savez_compressed(self.path("c"), a=lp.array(3))
        self.assertEqual(lp.load(self.path("c.npz"))["a"].shape, ())

    def test_npz_with_non_array_member(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("notes.txt", b"hello")
            zf.writestr("a.npy", save_bytes(lp.arange(2)))
        buf.seek(0)
        with lp.load(buf) as z:
            self.assertEqual(z["notes.txt"], b"hello")
            self.assertEqual(z["a"].tolist(), [0, 1])

    def test_empty_npz(self):
        buf = io.BytesIO()
        lp.savez(buf)
        buf.seek(0)
        with lp.load(buf) as z:
            self.assertEqual(z.files, [])


class ForeignDtypeTest(unittest.TestCase):
    def load(self, descr, shape, payload, **kw):
        return load_bytes(npy_bytes(descr, shape, payload, **kw))

    def test_floats(self):
        out = self.load("<f4", (3,), struct.pack("<3f", 1.5, -2.25, 0.1))
        self.assertEqual(out.dtype, lp.float64)
        float32_of_0_1 = struct.unpack("<f", struct.pack("<f", 0.1))[0]
        self.assertEqual(out.tolist(), [1.5, -2.25, float32_of_0_1])
        cases = [(">f8", ">2d", [1.25, -3.0]), (">f4", ">2f", [2.5, -1.0]),
                 ("<f2", "<2e", [0.5, -65504.0]), (">f2", ">2e", [3.0, 0.25]),
                 ("=f8", "=2d", [7.0, 8.0]), ("=f4", "=2f", [7.5, 8.0])]
        for descr, fmt, values in cases:
            out = self.load(descr, (2,), struct.pack(fmt, *values))
            self.assertEqual(out.tolist(), values, descr)

    def test_ints(self):
        cases = [("|i1", "b", [-128, 127, 0]), ("|u1", "B", [0, 255, 7]),
                 ("<i2", "<h", [-32768, 32767, 1]), (">u2", ">H", [65535, 0, 2]),
                 ("<i4", "<i", [-2**31, 2**31 - 1, 3]), (">i4", ">i", [-5, 6, 7]),
                 ("<u4", "<I", [2**32 - 1, 0, 1]), ("<i8", "<q", [-2**63, 2**63 - 1, 0]),
                 (">i8", ">q", [-1, 1, 2]), ("<u8", "<Q", [0, 1, 2**63 - 1])]
        for descr, fmt, values in cases:
            payload = struct.pack(fmt[0] + "%d" % len(values) + fmt[-1], *values) \
                if fmt[0] in "<>" else struct.pack("%d%s" % (len(values), fmt), *values)
            out = self.load(descr, (3,), payload)
            self.assertEqual(out.dtype, lp.int64, descr)
            self.assertEqual(out.tolist(), values, descr)

    def test_bool(self):
        out = self.load("|b1", (2, 2), bytes([0, 1, 2, 0]))
        self.assertEqual(out.dtype, lp.bool_)
        self.assertEqual(out.tolist(), [[False, True], [True, False]])

    def test_fortran_order(self):
        # C-order values 0..5 of shape (2, 3) stored column by column
        payload = struct.pack("<6d", 0, 3, 1, 4, 2, 5)
        out = self.load("<f8", (2, 3), payload, fortran=True)
        self.assertEqual(out.tolist(), [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]])
        cube = [[[i * 12 + j * 4 + k for k in range(4)] for j in range(3)] for i in range(2)]
        column_major = [cube[i][j][k] for k in range(4) for j in range(3) for i in range(2)]
        out = self.load("<i4", (2, 3, 4), struct.pack("<24i", *column_major), fortran=True)
        self.assertEqual(out.tolist(), cube)
        self.assertEqual(self.load("<f8", (3,), struct.pack("<3d", 1, 2, 3), fortran=True).tolist(),
                         [1.0, 2.0, 3.0])
        self.assertEqual(self.load("<f8", (), struct.pack("<d", 4), fortran=True).tolist(), 4.0)

    def test_versions_and_header_spellings(self):
        payload = struct.pack("<2d", 1, 2)
        for version in ((2, 0), (3, 0)):
            self.assertEqual(self.load("<f8", (2,), payload, version=version).tolist(), [1.0, 2.0])
        for header in ('{"descr": "<f8", "fortran_order": False, "shape": (2,)}',
                       "{'shape': (2L,), 'fortran_order': False, 'descr': '<f8'}",
                       "{ 'descr' : '<f8' ,'fortran_order':False,'shape':( 2 , ) , }"):
            self.assertEqual(load_bytes(npy_bytes(None, None, payload, header=header)).tolist(),
                             [1.0, 2.0])

    def test_unsupported_dtypes(self):
        for descr in ("<c8", "<c16", "|O", "<U3", "|S4", "<M8[s]", "<f16", "<i3", "|V8", "x8"):
            with self.assertRaises(ValueError, msg=descr):
                self.load(descr, (1,), b"\0" * 16)
        header = "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }"
        with self.assertRaises(ValueError):
            load_bytes(npy_bytes(None, None, b"\0" * 8, header=header))


class MalformedTest(unittest.TestCase):
    def assertBad(self, blob):
        with self.assertRaises(ValueError):
            result = load_bytes(blob)
            if isinstance(result, lp.NpzFile):
                with result:
                    for name in result.files:
                        result[name]

    def test_bad_magic_and_empty(self):
        self.assertBad(b"")
        self.assertBad(b"\x93NUMP")
        self.assertBad(b"\x80\x04K\x01.")  # a pickle: never unpickled
        self.assertBad(b"hello world, not an array")
        self.assertBad(b"\x93NUMPY\x04\x00" + b"\0" * 100)

    def test_header_problems(self):
        good = npy_bytes("<f8", (1,), struct.pack("<d", 1))
        self.assertBad(good[:8] + struct.pack("<H", 60000) + good[10:])
        self.assertBad(good[:8] + struct.pack("<H", 20000) + b" " * 20000)  # over the limit
        bad_headers = [
            "[1, 2]", "{'descr': '<f8', 'fortran_order': False}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': [1]}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': ((1,),)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': 1}",
            "{'descr': 8, 'fortran_order': False, 'shape': (1,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} extra",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)",
            "{'descr': '<f8', 'fortran_order': __import__('os'), 'shape': (1,)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1" + "0" * 50 + ",)}",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "1," * 65 + ")}",
            "{'descr': '<f8\\x00', 'fortran_order': False, 'shape': (1,)}",
            "{'descr: '<f8', 'fortran_order': False, 'shape': (1,)}",
            "", "   ", "{}", "{1: 2}",
        ]
        for header in bad_headers:
            with self.subTest(header=header):
                self.assertBad(npy_bytes(None, None, struct.pack("<d", 1), header=header))
        with self.assertRaises(ValueError):  # version 3.0 headers must be UTF-8
            load_bytes(b"\x93NUMPY\x03\x00" + struct.pack("<I", 2) + b"\xff\xfe")

    def test_data_too_short_or_huge(self):
        self.assertBad(npy_bytes("<f8", (3,), struct.pack("<2d", 1, 2)))
        self.assertBad(npy_bytes("|b1", (2, 2), b"\x01"))
        start = time.perf_counter()
        self.assertBad(npy_bytes("<f8", (10**12,), b"\0" * 8))
        self.assertBad(npy_bytes("<f8", (2**40, 2**40, 2**40), b"\0" * 8))
        self.assertBad(npy_bytes("<i8", (10**18, 10**18), b""))
        self.assertLess(time.perf_counter() - start, 2.0)

    def test_every_truncation(self):
        for arr in (lp.arange(6.0).reshape(2, 3), lp.array(True), lp.array([1, 2])):
            blob = save_bytes(arr)
            for n in range(len(blob)):
                with self.subTest(n=n):
                    self.assertBad(blob[:n])
        buf = io.BytesIO()
        lp.savez_compressed(buf, lp.arange(40), x=lp.ones((2, 2)))
        blob = buf.getvalue()
        for n in range(len(blob)):
            with self.subTest(npz=n):
                self.assertBad(blob[:n])

    def test_random_mutations(self):
        rng = random.Random(1234)
        buf, cbuf = io.BytesIO(), io.BytesIO()
        lp.savez(buf, lp.arange(10), y=lp.array([[True, False]]))
        lp.savez_compressed(cbuf, lp.linspace(0, 1, 30), k=lp.arange(5))
        blobs = [save_bytes(lp.arange(12.0).reshape(3, 4)), save_bytes(lp.array([1, 2, 3])),
                 buf.getvalue(), cbuf.getvalue()]
        for trial in range(200):
            blob = bytearray(blobs[trial % len(blobs)])
            for _ in range(rng.randint(1, 4)):
                pos, op = rng.randrange(len(blob)), rng.random()
                if op < 0.6:
                    blob[pos] = rng.randrange(256)
                elif op < 0.8:
                    del blob[pos]
                else:
                    blob.insert(pos, rng.randrange(256))
            try:
                result = load_bytes(bytes(blob))
                if isinstance(result, lp.NpzFile):
                    with result:
                        for name in result.files:
                            result[name]
            except ValueError:
                pass  # the only exception allowed; anything else fails the test


if __name__ == "__main__":
    unittest.main()
