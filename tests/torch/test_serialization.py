"""torch.save / torch.load: round trips, NumPy-readable layout, hostile input."""

import collections
import io
import json
import random
import unittest
import zipfile

import latpy.torch as torch


def _roundtrip(obj):
    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    return torch.load(buf), buf.getvalue()


class TestRoundTrip(unittest.TestCase):
    def test_state_dict_keys_are_member_names(self):
        net = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 1))
        loaded, raw = _roundtrip(net.state_dict())
        self.assertIsInstance(loaded, collections.OrderedDict)
        self.assertEqual(list(loaded), ["0.weight", "0.bias", "1.weight", "1.bias"])
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        # a flat state dict is a plain .npz: no metadata member at all
        self.assertEqual(names, ["0.weight.npy", "0.bias.npy", "1.weight.npy", "1.bias.npy"])
        for k, v in net.state_dict().items():
            self.assertEqual(loaded[k].tolist(), v.tolist())
        other = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(3, 1))
        other.load_state_dict(loaded)
        x = torch.randn(4, 2)
        self.assertEqual(other(x).tolist(), net(x).tolist())

    def test_nested_structures_and_scalars(self):
        obj = {"state": {0: {"step": torch.tensor(3.0), "buf": torch.ones(2, 2)}},
               "param_groups": [{"lr": 0.1, "params": [0], "betas": (0.9, 0.999),
                                 "nesterov": False, "name": None}],
               "inf": float("inf"), "nan": float("nan"), "ints": torch.tensor([1, 2]),
               "mask": torch.tensor([True, False])}
        loaded, _ = _roundtrip(obj)
        self.assertEqual(loaded["state"][0]["buf"].tolist(), [[1.0, 1.0], [1.0, 1.0]])
        self.assertEqual(loaded["state"][0]["step"].item(), 3.0)
        self.assertEqual(loaded["param_groups"][0]["betas"], (0.9, 0.999))
        self.assertIsInstance(loaded["param_groups"][0]["betas"], tuple)
        self.assertIsNone(loaded["param_groups"][0]["name"])
        self.assertEqual(loaded["inf"], float("inf"))
        self.assertNotEqual(loaded["nan"], loaded["nan"])
        self.assertEqual(str(loaded["ints"].dtype), "torch.int64")
        self.assertEqual(str(loaded["mask"].dtype), "torch.bool")

    def test_single_tensor_and_parameter(self):
        t = torch.randn(3, 2)
        loaded, _ = _roundtrip(t)
        self.assertEqual(loaded.tolist(), t.tolist())
        p = torch.nn.Parameter(torch.ones(2))
        lp, _ = _roundtrip({"p": p})
        self.assertIsInstance(lp["p"], torch.nn.Parameter)
        self.assertTrue(lp["p"].requires_grad)

    def test_path_and_suffix_do_not_matter(self):
        import os
        import tempfile
        d = tempfile.mkdtemp()
        for name in ("a.pt", "b.npz", "c"):
            path = os.path.join(d, name)
            torch.save({"w": torch.arange(3.0)}, path)
            self.assertEqual(torch.load(path)["w"].tolist(), [0.0, 1.0, 2.0])

    def test_unsupported_object_raises_type_error(self):
        with self.assertRaises(TypeError):
            torch.save({"f": lambda: 0}, io.BytesIO())
        with self.assertRaises(ValueError):
            torch.save({}, io.BytesIO(), pickle_module=object())


class TestHostileInput(unittest.TestCase):
    def _valid(self):
        buf = io.BytesIO()
        torch.save({"w": torch.ones(3), "meta": [1, "x"]}, buf)
        return buf.getvalue()

    def _load(self, raw):
        return torch.load(io.BytesIO(raw))

    def test_truncated_files(self):
        raw = self._valid()
        for cut in range(0, len(raw), max(1, len(raw) // 60)):
            with self.assertRaises(ValueError, msg=f"cut at {cut}"):
                self._load(raw[:cut])

    def test_random_byte_mutations_only_raise_value_error(self):
        raw = self._valid()
        rng = random.Random(1234)
        for _ in range(150):
            data = bytearray(raw)
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            try:
                self._load(bytes(data))
            except ValueError:
                pass

    def _with_meta(self, meta_bytes, arrays=None):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, raw in (arrays or {}).items():
                zf.writestr(name, raw)
            zf.writestr("__latpy__.json", meta_bytes)
        return buf.getvalue()

    def test_malicious_metadata(self):
        cases = [b"not json", b"[]", b'{"format": "other", "tree": 1}',
                 json.dumps({"format": "latpy.torch.save/1", "tree": {"tensor": "nope"}}).encode(),
                 json.dumps({"format": "latpy.torch.save/1", "tree": {"eval": "1+1"}}).encode(),
                 json.dumps({"format": "latpy.torch.save/1",
                             "tree": {"dict": [[{"list": []}, 1]]}}).encode(),
                 json.dumps({"format": "latpy.torch.save/1", "tree": {"float": "1e999x"}}).encode(),
                 b"\xff\xfe"]
        for meta in cases:
            with self.assertRaises(ValueError, msg=meta[:40]):
                self._load(self._with_meta(meta))

    def test_deep_nesting_is_refused(self):
        depth = 5000  # deeper than Python's recursion limit
        tree = '{"list": [' * depth + "1" + "]}" * depth
        meta = ('{"format": "latpy.torch.save/1", "tree": ' + tree + "}").encode()
        with self.assertRaises(ValueError):
            self._load(self._with_meta(meta))

    def test_foreign_zips_are_value_errors(self):
        for members in ({"archive/data.pkl": b"\x80\x02}q\x00."}, {"a.txt": b"hello"},
                        {"w.npy": b"not an npy"}):
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as zf:
                for name, raw in members.items():
                    zf.writestr(name, raw)
            with self.assertRaises(ValueError, msg=str(members)):
                self._load(buf.getvalue())

    def test_plain_npz_without_metadata_loads_as_dict(self):
        import latpy as lp
        buf = io.BytesIO()
        lp.savez(buf, a=lp.arange(3.0), b=lp.ones((2, 2)))
        buf.seek(0)
        loaded = torch.load(buf)
        self.assertEqual(sorted(loaded), ["a", "b"])
        self.assertEqual(loaded["a"].tolist(), [0.0, 1.0, 2.0])


if __name__ == "__main__":
    unittest.main()
