"""latpy.utils.progress: a live bar on terminals, one summary line elsewhere."""

from __future__ import annotations

import contextlib
import doctest
import importlib
import io
import re
import unittest

import latpy.torch as torch
from latpy.utils import progress, trange
from latpy.utils.progress import format_rate, format_time


class FakeTTY(io.StringIO):
    """A StringIO that says it is a terminal."""

    def isatty(self):
        return True


def frames(text):
    """The successive states of a line redrawn with carriage returns."""
    return [f for f in re.split(r"[\r\n]", text) if f.strip()]


class TestTerminal(unittest.TestCase):
    def test_bar_with_counts_rate_and_postfix(self):
        out = FakeTTY()
        bar = progress(range(5), desc="train", file=out, every=0, ncols=90)
        for i in bar:
            bar.set_postfix(loss=0.5 / (i + 1), acc=torch.tensor(0.25 * i))
        text = out.getvalue()
        self.assertIn("\r", text)
        self.assertTrue(text.endswith("\n"))
        last = frames(text)[-1]
        self.assertIn("train: 100%|", last)
        self.assertIn("| 5/5 [", last)
        self.assertIn("it/s", last)
        self.assertIn("loss=0.1, acc=1", last)
        self.assertRegex(last, r"\d\d:\d\d<\d\d:\d\d")  # elapsed<ETA
        self.assertLessEqual(max(len(f) for f in frames(text)), 90)
        self.assertIn("█", last)
        self.assertIn(" 0/5 ", frames(text)[0])

    def test_redraws_at_most_every_interval(self):
        out = FakeTTY()
        for _ in progress(range(1000), file=out, every=3600):
            pass
        self.assertEqual(len(frames(out.getvalue())), 2)  # the first and the final bar

    def test_unknown_total(self):
        out = FakeTTY()
        for _ in progress((i for i in range(7)), file=out, every=0, unit="batch"):
            pass
        last = frames(out.getvalue())[-1]
        self.assertIn("7batch [", last)
        self.assertNotIn("%", last)

    def test_leave_false_clears_and_write_keeps_bar(self):
        out = FakeTTY()
        with progress(total=3, file=out, leave=False, every=0) as bar:
            bar.update(2)
            bar.write("epoch 1 done")
        text = out.getvalue()
        self.assertIn("epoch 1 done\n", text)
        self.assertRegex(text, r"\r +\r$")  # the bar is wiped at the end


class TestNotATerminal(unittest.TestCase):
    def test_one_summary_line(self):
        out = io.StringIO()
        bar = progress(range(4), desc="eval", file=out, every=0)
        for i in bar:
            bar.set_postfix(acc=0.5)
            self.assertEqual(out.getvalue(), "")  # quiet while running
        self.assertRegex(out.getvalue(), r"^eval: 4/4 it in 00:00 \([\d.?]+\S*\) acc=0.5\n$")

    def test_leave_false_or_disable_writes_nothing(self):
        for kwargs in ({"leave": False}, {"disable": True}):
            for stream in (io.StringIO(), FakeTTY()):
                with self.subTest(kwargs=kwargs, tty=stream.isatty()):
                    for _ in progress(range(3), file=stream, **kwargs):
                        pass
                    if kwargs.get("disable") or not stream.isatty():
                        self.assertEqual(stream.getvalue(), "")

    def test_break_and_exceptions_still_close_once(self):
        out = io.StringIO()
        bar = progress(range(10), file=out)
        for i in bar:
            if i == 3:
                break
        del i
        bar.close()
        self.assertEqual(out.getvalue().count("\n"), 1)
        self.assertIn("3/10", out.getvalue())
        out = io.StringIO()
        with self.assertRaises(KeyError):
            with progress(total=5, file=out) as bar:
                bar.update()
                raise KeyError("boom")
        self.assertIn("1/5", out.getvalue())

    def test_default_stream_is_stderr_at_call_time(self):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            total = sum(trange(3, desc="sum"))
        self.assertEqual(total, 3)
        self.assertTrue(err.getvalue().startswith("sum: 3/3 it"))

    def test_closed_stream_or_streams_without_isatty(self):
        class Sink:
            def __init__(self):
                self.parts = []

            def write(self, text):
                self.parts.append(text)

        sink = Sink()
        for _ in progress([1, 2], file=sink):
            pass
        self.assertEqual(len(sink.parts), 1)


class TestFormatting(unittest.TestCase):
    def test_helpers(self):
        self.assertEqual(format_time(0), "00:00")
        self.assertEqual(format_time(3600 * 2 + 61), "2:01:01")
        self.assertEqual(format_time(float("nan")), "?")
        self.assertEqual(format_rate(3000, 1.0), "3000it/s")
        self.assertEqual(format_rate(10, 4.0, "img"), "2.5img/s")
        self.assertEqual(len(trange(5, disable=True)), 5)
        with self.assertRaises(TypeError):
            iter(progress(total=3, disable=True)).__next__()

    def test_meter_fits_width(self):
        bar = progress(total=200, desc="x", file=io.StringIO())
        for n in (0, 1, 57, 199, 200):
            bar.n = n
            for width in (80, 120):
                self.assertEqual(len(bar.format_meter(12.0, width)), width)
            self.assertLessEqual(len(bar.format_meter(12.0, 30)), 30)
            self.assertIn(f"{n}/200", bar.format_meter(12.0, 30))


class TestDoctests(unittest.TestCase):
    def test_utils_docstring_examples(self):
        flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        for name in ("latpy.utils", "latpy.utils.progress"):
            with self.subTest(module=name):
                suite = doctest.DocTestSuite(importlib.import_module(name), optionflags=flags)
                result = unittest.TestResult()
                suite.run(result)
                problems = [str(err) for _, err in result.failures + result.errors]
                self.assertEqual(problems, [], "\n".join(problems))


if __name__ == "__main__":
    unittest.main()
