"""Runs the ``>>>`` examples in every latpy.core module's docstrings.

``python -m unittest discover -s tests -t .`` collects them through the
``load_tests`` protocol (one test per docstring); pytest, which ignores
``load_tests``, runs the same suite inside one test. Either way the
documentation examples must still produce what they show.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import unittest

import latpy.core

# Modules skipped for now: (none). Add "name": "reason" here only while another
# helper's module is unfinished, and remove the entry when it is done.
SKIP: dict = {}


def core_modules():
    names = sorted(m.name for m in pkgutil.iter_modules(latpy.core.__path__))
    return [n for n in names if n not in SKIP and not n.startswith("_")]


def load_tests(loader, tests, pattern):
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for name in ["latpy"] + [f"latpy.core.{n}" for n in core_modules()]:
        module = importlib.import_module(name)
        try:
            tests.addTests(doctest.DocTestSuite(module, optionflags=flags))
        except ValueError:  # a module without docstring examples
            pass
    return tests


class TestDoctestsUnderPytest(unittest.TestCase):
    """pytest ignores ``load_tests``; this runs the same suite as one test there."""

    def test_all_core_docstring_examples(self):
        import sys
        if "pytest" not in sys.modules:
            self.skipTest("run through load_tests by unittest")
        suite = load_tests(unittest.defaultTestLoader, unittest.TestSuite(), None)
        result = unittest.TestResult()
        suite.run(result)
        problems = [f"{test}: {err}" for test, err in result.failures + result.errors]
        self.assertEqual(problems, [], "\n\n".join(problems))
        self.assertGreater(result.testsRun, 20)
