"""repr/str of arrays: every expected string below was produced by NumPy 2.4.

Each case is (name, expression, print options, repr, str). The expressions build
latpy arrays; the same expressions with ``np.`` gave the expected text.
"""

import unittest

import latpy as lp

nan, inf = float("nan"), float("inf")

CASES = [
    ('zero_d_float', 'lp.array(3.0)', {},
     'array(3.)',
     '3.0'),
    ('zero_d_float_small', 'lp.array(1e-05)', {},
     'array(1.e-05)',
     '1e-05'),
    ('zero_d_float_fraction', 'lp.array(0.1)', {},
     'array(0.1)',
     '0.1'),
    ('zero_d_negative_zero', 'lp.array(-0.0)', {},
     'array(-0.)',
     '-0.0'),
    ('zero_d_nan', 'lp.array(nan)', {},
     'array(nan)',
     'nan'),
    ('zero_d_int', 'lp.array(-42)', {},
     'array(-42)',
     '-42'),
    ('zero_d_bool', 'lp.array(True)', {},
     'array(True)',
     'True'),
    ('one_d_float', 'lp.array([1.5, 2.25, -3.0])', {},
     'array([ 1.5 ,  2.25, -3.  ])',
     '[ 1.5   2.25 -3.  ]'),
    ('one_d_integer_valued', 'lp.array([1.0, 2.0, 30.0])', {},
     'array([ 1.,  2., 30.])',
     '[ 1.  2. 30.]'),
    ('one_d_int', 'lp.array([1, -20, 300])', {},
     'array([  1, -20, 300])',
     '[  1 -20 300]'),
    ('two_d_float', 'lp.array([[1.0, 2.5], [-3.0, 4.0]])', {},
     'array([[ 1. ,  2.5],\n       [-3. ,  4. ]])',
     '[[ 1.   2.5]\n [-3.   4. ]]'),
    ('two_d_int', 'lp.array([[1, 2, 3], [40, 50, 60]])', {},
     'array([[ 1,  2,  3],\n       [40, 50, 60]])',
     '[[ 1  2  3]\n [40 50 60]]'),
    ('three_d_int', 'lp.arange(24).reshape(2, 3, 4)', {},
     'array([[[ 0,  1,  2,  3],\n        [ 4,  5,  6,  7],\n        [ 8,  9, 10, 11]],\n\n       [[12, 13, 14, 15],\n        [16, 17, 18, 19],\n        [20, 21, 22, 23]]])',
     '[[[ 0  1  2  3]\n  [ 4  5  6  7]\n  [ 8  9 10 11]]\n\n [[12 13 14 15]\n  [16 17 18 19]\n  [20 21 22 23]]]'),
    ('three_d_float', 'lp.arange(12).reshape(2, 2, 3) / 7', {},
     'array([[[0.        , 0.14285714, 0.28571429],\n        [0.42857143, 0.57142857, 0.71428571]],\n\n       [[0.85714286, 1.        , 1.14285714],\n        [1.28571429, 1.42857143, 1.57142857]]])',
     '[[[0.         0.14285714 0.28571429]\n  [0.42857143 0.57142857 0.71428571]]\n\n [[0.85714286 1.         1.14285714]\n  [1.28571429 1.42857143 1.57142857]]]'),
    ('four_d', 'lp.arange(16).reshape(2, 2, 2, 2) * 0.5', {},
     'array([[[[0. , 0.5],\n         [1. , 1.5]],\n\n        [[2. , 2.5],\n         [3. , 3.5]]],\n\n\n       [[[4. , 4.5],\n         [5. , 5.5]],\n\n        [[6. , 6.5],\n         [7. , 7.5]]]])',
     '[[[[0.  0.5]\n   [1.  1.5]]\n\n  [[2.  2.5]\n   [3.  3.5]]]\n\n\n [[[4.  4.5]\n   [5.  5.5]]\n\n  [[6.  6.5]\n   [7.  7.5]]]]'),
    ('empty_float', 'lp.array([])', {},
     'array([], dtype=float64)',
     '[]'),
    ('empty_2d', 'lp.zeros((0, 3))', {},
     'array([], shape=(0, 3), dtype=float64)',
     '[]'),
    ('empty_int', "lp.zeros((2, 0), dtype='int64')", {},
     'array([], shape=(2, 0), dtype=int64)',
     '[]'),
    ('empty_bool', "lp.zeros(0, dtype='bool')", {},
     'array([], dtype=bool)',
     '[]'),
    ('nan_inf', 'lp.array([nan, 1.5, -inf, inf])', {},
     'array([ nan,  1.5, -inf,  inf])',
     '[ nan  1.5 -inf  inf]'),
    ('all_nan', 'lp.array([nan, nan])', {},
     'array([nan, nan])',
     '[nan nan]'),
    ('inf_scientific', 'lp.array([inf, 1e-07, -2.5])', {},
     'array([     inf,  1.0e-07, -2.5e+00])',
     '[     inf  1.0e-07 -2.5e+00]'),
    ('negative_zero', 'lp.array([-0.0, 0.0, 1.0])', {},
     'array([-0.,  0.,  1.])',
     '[-0.  0.  1.]'),
    ('scientific_small', 'lp.array([1e-05, 1.0, 100.0])', {},
     'array([1.e-05, 1.e+00, 1.e+02])',
     '[1.e-05 1.e+00 1.e+02]'),
    ('scientific_ratio', 'lp.array([0.001, 1.0, 2000.0])', {},
     'array([1.e-03, 1.e+00, 2.e+03])',
     '[1.e-03 1.e+00 2.e+03]'),
    ('scientific_large', 'lp.array([1e8, 1.0])', {},
     'array([1.e+08, 1.e+00])',
     '[1.e+08 1.e+00]'),
    ('scientific_huge_exponent', 'lp.array([1e-300, 1e300])', {},
     'array([1.e-300, 1.e+300])',
     '[1.e-300 1.e+300]'),
    ('positional_limit', 'lp.array([0.0001, 0.1])', {},
     'array([0.0001, 0.1   ])',
     '[0.0001 0.1   ]'),
    ('precision_rounding', 'lp.array([0.1 + 0.2, 1 / 3, 2 / 3])', {},
     'array([0.3       , 0.33333333, 0.66666667])',
     '[0.3        0.33333333 0.66666667]'),
    ('large_ints', 'lp.array([9223372036854775807, -9223372036854775808, 0])', {},
     'array([ 9223372036854775807, -9223372036854775808,                    0])',
     '[ 9223372036854775807 -9223372036854775808                    0]'),
    ('bools', 'lp.array([[True, False], [False, True]])', {},
     'array([[ True, False],\n       [False,  True]])',
     '[[ True False]\n [False  True]]'),
    ('summarize_1d_int', 'lp.arange(2000)', {},
     'array([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000,))',
     '[   0    1    2 ... 1997 1998 1999]'),
    ('summarize_1d_float', 'lp.arange(2000) / 4', {},
     'array([0.0000e+00, 2.5000e-01, 5.0000e-01, ..., 4.9925e+02, 4.9950e+02,\n       4.9975e+02], shape=(2000,))',
     '[0.0000e+00 2.5000e-01 5.0000e-01 ... 4.9925e+02 4.9950e+02 4.9975e+02]'),
    ('summarize_2d', 'lp.arange(10000).reshape(100, 100)', {},
     'array([[   0,    1,    2, ...,   97,   98,   99],\n       [ 100,  101,  102, ...,  197,  198,  199],\n       [ 200,  201,  202, ...,  297,  298,  299],\n       ...,\n       [9700, 9701, 9702, ..., 9797, 9798, 9799],\n       [9800, 9801, 9802, ..., 9897, 9898, 9899],\n       [9900, 9901, 9902, ..., 9997, 9998, 9999]], shape=(100, 100))',
     '[[   0    1    2 ...   97   98   99]\n [ 100  101  102 ...  197  198  199]\n [ 200  201  202 ...  297  298  299]\n ...\n [9700 9701 9702 ... 9797 9798 9799]\n [9800 9801 9802 ... 9897 9898 9899]\n [9900 9901 9902 ... 9997 9998 9999]]'),
    ('summarize_2d_float', 'lp.arange(10000).reshape(100, 100) * 0.01', {},
     'array([[0.000e+00, 1.000e-02, 2.000e-02, ..., 9.700e-01, 9.800e-01,\n        9.900e-01],\n       [1.000e+00, 1.010e+00, 1.020e+00, ..., 1.970e+00, 1.980e+00,\n        1.990e+00],\n       [2.000e+00, 2.010e+00, 2.020e+00, ..., 2.970e+00, 2.980e+00,\n        2.990e+00],\n       ...,\n       [9.700e+01, 9.701e+01, 9.702e+01, ..., 9.797e+01, 9.798e+01,\n        9.799e+01],\n       [9.800e+01, 9.801e+01, 9.802e+01, ..., 9.897e+01, 9.898e+01,\n        9.899e+01],\n       [9.900e+01, 9.901e+01, 9.902e+01, ..., 9.997e+01, 9.998e+01,\n        9.999e+01]], shape=(100, 100))',
     '[[0.000e+00 1.000e-02 2.000e-02 ... 9.700e-01 9.800e-01 9.900e-01]\n [1.000e+00 1.010e+00 1.020e+00 ... 1.970e+00 1.980e+00 1.990e+00]\n [2.000e+00 2.010e+00 2.020e+00 ... 2.970e+00 2.980e+00 2.990e+00]\n ...\n [9.700e+01 9.701e+01 9.702e+01 ... 9.797e+01 9.798e+01 9.799e+01]\n [9.800e+01 9.801e+01 9.802e+01 ... 9.897e+01 9.898e+01 9.899e+01]\n [9.900e+01 9.901e+01 9.902e+01 ... 9.997e+01 9.998e+01 9.999e+01]]'),
    ('summarize_shape_on_new_line', 'lp.arange(2000).reshape(1000, 2) * 1000', {},
     'array([[      0,    1000],\n       [   2000,    3000],\n       [   4000,    5000],\n       ...,\n       [1994000, 1995000],\n       [1996000, 1997000],\n       [1998000, 1999000]], shape=(1000, 2))',
     '[[      0    1000]\n [   2000    3000]\n [   4000    5000]\n ...\n [1994000 1995000]\n [1996000 1997000]\n [1998000 1999000]]'),
    ('wrap_1d', 'lp.arange(30) * 1.5', {},
     'array([ 0. ,  1.5,  3. ,  4.5,  6. ,  7.5,  9. , 10.5, 12. , 13.5, 15. ,\n       16.5, 18. , 19.5, 21. , 22.5, 24. , 25.5, 27. , 28.5, 30. , 31.5,\n       33. , 34.5, 36. , 37.5, 39. , 40.5, 42. , 43.5])',
     '[ 0.   1.5  3.   4.5  6.   7.5  9.  10.5 12.  13.5 15.  16.5 18.  19.5\n 21.  22.5 24.  25.5 27.  28.5 30.  31.5 33.  34.5 36.  37.5 39.  40.5\n 42.  43.5]'),
    ('wrap_2d', 'lp.arange(40).reshape(2, 20) * 1000', {},
     'array([[    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,\n         9000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000,\n        18000, 19000],\n       [20000, 21000, 22000, 23000, 24000, 25000, 26000, 27000, 28000,\n        29000, 30000, 31000, 32000, 33000, 34000, 35000, 36000, 37000,\n        38000, 39000]])',
     '[[    0  1000  2000  3000  4000  5000  6000  7000  8000  9000 10000 11000\n  12000 13000 14000 15000 16000 17000 18000 19000]\n [20000 21000 22000 23000 24000 25000 26000 27000 28000 29000 30000 31000\n  32000 33000 34000 35000 36000 37000 38000 39000]]'),
    ('wrap_bool', 'lp.array([True, False] * 12)', {},
     'array([ True, False,  True, False,  True, False,  True, False,  True,\n       False,  True, False,  True, False,  True, False,  True, False,\n        True, False,  True, False,  True, False])',
     '[ True False  True False  True False  True False  True False  True False\n  True False  True False  True False  True False  True False  True False]'),
    ('opt_precision', 'lp.array([1 / 3, 2.0])', {"precision": 3},
     'array([0.333, 2.   ])',
     '[0.333 2.   ]'),
    ('opt_suppress', 'lp.array([1e-10, 1.0, 12.5])', {"suppress": True},
     'array([ 0. ,  1. , 12.5])',
     '[ 0.   1.  12.5]'),
    ('opt_threshold', 'lp.arange(10)', {"threshold": 5, "edgeitems": 2},
     'array([0, 1, ..., 8, 9], shape=(10,))',
     '[0 1 ... 8 9]'),
    ('opt_linewidth', 'lp.arange(12) * 1.25', {"linewidth": 30},
     'array([ 0.  ,  1.25,  2.5 ,\n        3.75,  5.  ,  6.25,\n        7.5 ,  8.75, 10.  ,\n       11.25, 12.5 , 13.75])',
     '[ 0.    1.25  2.5   3.75\n  5.    6.25  7.5   8.75\n 10.   11.25 12.5  13.75]'),
    ('opt_sign_plus', 'lp.array([1.0, -2.5, 0.0])', {"sign": '+'},
     'array([+1. , -2.5, +0. ])',
     '[+1.  -2.5 +0. ]'),
    ('opt_sign_space', 'lp.array([[1, 2], [3, 4]])', {"sign": ' '},
     'array([[ 1,  2],\n       [ 3,  4]])',
     '[[ 1  2]\n [ 3  4]]'),
    ('opt_fixed', 'lp.array([1.0, 2.5])', {"floatmode": 'fixed', "precision": 4},
     'array([1.0000, 2.5000])',
     '[1.0000 2.5000]'),
    ('opt_maxprec_equal', 'lp.array([1.0, 2.5, 3.125])', {"floatmode": 'maxprec_equal'},
     'array([1.000, 2.500, 3.125])',
     '[1.000 2.500 3.125]'),
    ('opt_unique', 'lp.array([1 / 3, 2.0])', {"floatmode": 'unique'},
     'array([0.3333333333333333, 2.                ])',
     '[0.3333333333333333 2.                ]'),
    ('opt_nanstr', 'lp.array([nan, inf, 1.0])', {"nanstr": 'NaN', "infstr": 'Inf'},
     'array([NaN, Inf,  1.])',
     '[NaN Inf  1.]'),
    ('opt_formatter', 'lp.array([1, 2, 3])', {"formatter": {"int": hex}},
     'array([0x1, 0x2, 0x3])',
     '[0x1 0x2 0x3]'),
]


class TestReprAndStr(unittest.TestCase):
    def test_cases_match_numpy(self):
        for name, expression, options, expected_repr, expected_str in CASES:
            with self.subTest(name):
                array = eval(expression, {"lp": lp, "nan": nan, "inf": inf})
                with lp.printoptions(**options):
                    self.assertEqual(repr(array), expected_repr)
                    self.assertEqual(str(array), expected_str)

    def test_print_uses_str(self):
        self.assertEqual(f"{lp.array([1.0, 2.5])}", "[1.  2.5]")
        self.assertEqual(lp.array_str(lp.array(2.5)), "2.5")
        self.assertEqual(lp.array_repr(lp.array([True])), "array([ True])")

    def test_views_print_their_own_elements(self):
        a = lp.arange(6).reshape(2, 3)
        self.assertEqual(repr(a.T), "array([[0, 3],\n       [1, 4],\n       [2, 5]])")
        b = lp.array([1.23456789, 2.0])
        self.assertEqual(repr(b[::-1]), "array([2.        , 1.23456789])")

    def test_array2string(self):
        a = lp.array([[1.0, 2.5], [3.0, 4.0]])
        self.assertEqual(lp.array2string(a, separator=", ", prefix="x = "),
                         "[[1. , 2.5],\n     [3. , 4. ]]")
        self.assertEqual(lp.array2string(lp.array([1.0, 2.5]), precision=1, sign="+"),
                         "[+1.  +2.5]")
        self.assertEqual(lp.array2string(lp.array([])), "[]")
        self.assertEqual(lp.array2string(lp.array(3.0)), "3.")

    def test_scientific_cutoffs(self):
        self.assertEqual(repr(lp.array([1e16, 1.0])), "array([1.e+16, 1.e+00])")
        self.assertEqual(repr(lp.array([123456789.0])), "array([1.23456789e+08])")
        self.assertEqual(repr(lp.array([99999999.0])), "array([99999999.])")

    def test_format_float(self):
        self.assertEqual(lp.format_float_positional(0.1 + 0.2, precision=5), "0.30000")
        self.assertEqual(lp.format_float_positional(1.5, pad_left=3, pad_right=3), "  1.5  ")
        self.assertEqual(lp.format_float_positional(1.0), "1.")
        self.assertEqual(lp.format_float_scientific(0.000123456, precision=2), "1.23e-04")
        self.assertEqual(lp.format_float_scientific(123.0), "1.23e+02")
        with self.assertRaises(ValueError):
            lp.format_float_positional(1.0, precision=2, min_digits=3)


class TestPrintOptions(unittest.TestCase):
    def tearDown(self):
        lp.set_printoptions(precision=8, threshold=1000, edgeitems=3, linewidth=75,
                            suppress=False, nanstr="nan", infstr="inf", sign="-",
                            floatmode="maxprec")

    def test_defaults(self):
        self.assertEqual(lp.get_printoptions(), {
            "edgeitems": 3, "threshold": 1000, "floatmode": "maxprec", "precision": 8,
            "suppress": False, "linewidth": 75, "nanstr": "nan", "infstr": "inf",
            "sign": "-", "formatter": None, "legacy": False, "override_repr": None})

    def test_set_and_restore(self):
        before = lp.get_printoptions()
        lp.set_printoptions(precision=3, linewidth=40)
        self.assertEqual(lp.get_printoptions()["precision"], 3)
        self.assertEqual(repr(lp.array([1 / 3])), "array([0.333])")
        lp.set_printoptions(**{k: before[k] for k in ("precision", "linewidth")})
        self.assertEqual(lp.get_printoptions(), before)
        self.assertEqual(repr(lp.array([1 / 3])), "array([0.33333333])")

    def test_context_manager_round_trip(self):
        before = lp.get_printoptions()
        with lp.printoptions(precision=2, suppress=True) as options:
            self.assertEqual(options["precision"], 2)
            self.assertEqual(options, lp.get_printoptions())
            self.assertEqual(str(lp.array([2.0]) / 3), "[0.67]")
            with lp.printoptions(threshold=3, edgeitems=1):
                self.assertEqual(repr(lp.arange(5)), "array([0, ..., 4], shape=(5,))")
            self.assertEqual(lp.get_printoptions()["threshold"], 1000)
        self.assertEqual(lp.get_printoptions(), before)

    def test_context_manager_restores_after_error(self):
        with self.assertRaises(KeyError):
            with lp.printoptions(precision=1):
                raise KeyError("boom")
        self.assertEqual(lp.get_printoptions()["precision"], 8)

    def test_formatter_is_reset_unless_given(self):
        lp.set_printoptions(formatter={"float": lambda x: "F"})
        self.assertEqual(str(lp.array([1.0, 2.0])), "[F F]")
        lp.set_printoptions(precision=8)
        self.assertEqual(str(lp.array([1.0, 2.0])), "[1. 2.]")

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            lp.set_printoptions(floatmode="nope")
        with self.assertRaises(ValueError):
            lp.set_printoptions(sign="x")
        with self.assertRaises(TypeError):
            lp.set_printoptions(threshold="100")
        with self.assertRaises(ValueError):
            lp.set_printoptions(threshold=nan)
        with self.assertRaises(TypeError):
            lp.set_printoptions(precision=2.5)
        self.assertEqual(lp.get_printoptions()["floatmode"], "maxprec")


if __name__ == "__main__":
    unittest.main()
