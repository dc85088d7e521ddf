"""repr/str of latpy arrays compared with NumPy's, character for character.

Random arrays (seeded): 0-d to 4-d, empty, single-element and summarized shapes;
floats of many magnitudes with nan/inf/-0.0 sprinkled in, int64 and bool; plus
non-contiguous views and random print options applied to both libraries.
"""

import random
import unittest

try:
    import numpy as np
except ImportError:  # pragma: no cover - the oracle needs NumPy
    np = None

import latpy as lp

SPECIAL = [float("nan"), float("inf"), float("-inf"), -0.0, 0.0]


def _float_source(rng):
    """A function drawing floats from one randomly chosen distribution."""
    kind = rng.randrange(9)
    scale = 10.0 ** rng.randint(-12, 12)
    digits = rng.randint(0, 5)
    sources = [
        lambda: float(rng.randint(-10, 10)),                     # small ints as floats
        lambda: rng.uniform(-1.0, 1.0),
        lambda: rng.uniform(-1000.0, 1000.0),
        lambda: rng.uniform(-1.0, 1.0) * 10.0 ** rng.randint(-30, 30),  # mixed magnitudes
        lambda: rng.uniform(0.5, 5.0) * scale,                   # one magnitude, any scale
        lambda: round(rng.uniform(-100.0, 100.0), digits),       # short decimals
        lambda: rng.choice([1e16, 1e8, 99999999.0, 1e-4, 9.99e-5, 0.1, 1e300, 5e-324]),
        lambda: rng.gauss(0.0, 1.0) * 1e4,
        lambda: float(rng.randint(0, 10 ** rng.randint(1, 9))),  # integer-valued floats
    ]
    draw = sources[kind]
    special_rate = rng.choice([0.0, 0.0, 0.05, 0.3])
    return lambda: rng.choice(SPECIAL) if rng.random() < special_rate else draw()


def _values(rng, dtype, n):
    if dtype == "bool":
        p = rng.random()
        return [rng.random() < p for _ in range(n)]
    if dtype == "int64":
        bound = rng.choice([1, 9, 100, 10 ** 5, 10 ** 12, 2 ** 63 - 1])
        low = -bound - 1 if bound == 2 ** 63 - 1 else -bound
        low = 0 if rng.random() < 0.3 else low
        return [rng.randint(low, bound) for _ in range(n)]
    draw = _float_source(rng)
    return [draw() for _ in range(n)]


def _shape(rng):
    pick = rng.random()
    if pick < 0.08:
        return ()
    if pick < 0.16:  # big enough to summarize
        return rng.choice([(1001,), (2000,), (40, 30), (3, 400), (5, 5, 50), (100, 100),
                           (2, 3, 4, 50), (1, 1100)])
    ndim = rng.randint(1, 4)
    return tuple(rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 7, 12]) if rng.random() < 0.9
                 else rng.randint(13, 40) for _ in range(ndim))


def _random_options(rng):
    if rng.random() < 0.7:
        return {}
    options = {}
    if rng.random() < 0.5:
        options["precision"] = rng.randint(0, 17)
    if rng.random() < 0.3:
        options["suppress"] = True
    if rng.random() < 0.3:
        options["floatmode"] = rng.choice(["fixed", "unique", "maxprec", "maxprec_equal"])
    if rng.random() < 0.3:
        options["sign"] = rng.choice(["-", "+", " "])
    if rng.random() < 0.3:
        options["linewidth"] = rng.randint(10, 120)
    if rng.random() < 0.3:
        options["threshold"] = rng.randint(0, 50)
        options["edgeitems"] = rng.randint(0, 4)
    if rng.random() < 0.1:
        options["nanstr"], options["infstr"] = "NaN", "Infinity"
    return options


@unittest.skipUnless(np is not None, "NumPy is not installed")
class TestPrintingMatchesNumPy(unittest.TestCase):
    def _check(self, expected, ours, label):
        with np.printoptions(**label["options"]), lp.printoptions(**label["options"]):
            self.assertEqual(repr(ours), repr(expected), msg=str(label))
            self.assertEqual(str(ours), str(expected), msg=str(label))

    def test_random_arrays(self):
        rng = random.Random(20240611)
        for case in range(300):
            shape = _shape(rng)
            dtype = rng.choice(["float64", "float64", "float64", "int64", "bool"])
            size = 1
            for n in shape:
                size *= n
            expected = np.array(_values(rng, dtype, size), dtype=dtype).reshape(shape)
            ours = lp.array(expected.tolist(), dtype=dtype).reshape(shape)
            label = {"case": case, "shape": shape, "dtype": dtype,
                     "options": _random_options(rng)}
            self._check(expected, ours, label)

    def test_noncontiguous_views(self):
        rng = random.Random(7)
        for case in range(40):
            shape = tuple(rng.randint(1, 6) for _ in range(rng.randint(2, 3)))
            dtype = rng.choice(["float64", "int64", "bool"])
            size = 1
            for n in shape:
                size *= n
            base = np.array(_values(rng, dtype, size), dtype=dtype).reshape(shape)
            ours = lp.array(base.tolist(), dtype=dtype)
            label = {"case": case, "shape": shape, "dtype": dtype, "options": {}}
            self._check(base.T, ours.T, dict(label, view="T"))
            self._check(base[..., ::2], ours[..., ::2], dict(label, view="::2"))

    def test_zero_d_scalars(self):
        rng = random.Random(3)
        for case in range(100):
            dtype = rng.choice(["float64", "int64", "bool"])
            value = _values(rng, dtype, 1)[0]
            expected = np.array(value, dtype=dtype)
            label = {"case": case, "value": value, "dtype": dtype, "options": {}}
            self._check(expected, lp.array(value, dtype=dtype), label)

    def test_array2string_keywords(self):
        rng = random.Random(11)
        for case in range(60):
            shape = tuple(rng.randint(1, 5) for _ in range(rng.randint(1, 3)))
            size = 1
            for n in shape:
                size *= n
            expected = np.array(_values(rng, "float64", size)).reshape(shape)
            ours = lp.array(expected.tolist())
            kwargs = {"separator": rng.choice([" ", ", ", ";"]),
                      "prefix": rng.choice(["", "x = ", "array("]),
                      "max_line_width": rng.randint(20, 90),
                      "precision": rng.randint(1, 10),
                      "suppress_small": rng.random() < 0.5,
                      "floatmode": rng.choice(["fixed", "maxprec_equal", "unique"]),
                      "sign": rng.choice(["-", "+", " "])}
            self.assertEqual(lp.array2string(ours, **kwargs),
                             np.array2string(expected, **kwargs), msg=f"{case} {kwargs}")

    def test_format_float_functions(self):
        rng = random.Random(5)
        draw = [_float_source(rng) for _ in range(8)]
        for case in range(2000):
            x = rng.choice(draw)()
            precision = rng.choice([None, 0, 1, 3, 8, 16])
            unique = precision is None or rng.random() < 0.7
            kwargs = {"precision": precision, "unique": unique, "trim": rng.choice("k.0-"),
                      "sign": rng.random() < 0.3}
            if rng.random() < 0.3:
                kwargs["pad_left"] = rng.randint(0, 5)
            if rng.random() < 0.3 and (precision is None or precision >= 2):
                kwargs["min_digits"] = 2
            if abs(x) < 1e50:
                self.assertEqual(lp.format_float_positional(x, **kwargs),
                                 np.format_float_positional(x, **kwargs), msg=f"{x!r} {kwargs}")
            self.assertEqual(lp.format_float_scientific(x, **kwargs),
                             np.format_float_scientific(x, **kwargs), msg=f"{x!r} {kwargs}")


if __name__ == "__main__":
    unittest.main()
