"""latpy.selftest() and latpy.source(): the self-check students can run."""

import io
import unittest

import latpy


class TestSelftest(unittest.TestCase):
    def test_all_cases_pass_first_and_second_order(self):
        buf = io.StringIO()
        report = latpy.selftest(seed=1, rounds=1, file=buf)
        self.assertEqual(report["failed"], [])
        self.assertGreater(len(report["passed"]), 50)
        self.assertIn("passed, 0 failed", buf.getvalue())

    def test_a_wrong_derivative_is_reported(self):
        from latpy.torch.functions import elementwise as E
        original = E.Sin.__dict__["backward"]  # the staticmethod object itself
        E.Sin.backward = staticmethod(lambda ctx, g: g * 2.0)  # wrong on purpose
        try:
            report = latpy.selftest(rounds=1, verbose=False)
        finally:
            E.Sin.backward = original
        self.assertTrue(any(line.startswith("sin") for line in report["failed"]))

    def test_source(self):
        import contextlib
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            text = latpy.source("sigmoid")
        self.assertIn("class Sigmoid", text)
        self.assertIn("def backward", buf.getvalue())


if __name__ == "__main__":
    unittest.main()
