"""Runs the ``>>>`` examples in every latpy.torch module's docstrings.

Collected through ``load_tests`` by unittest (one test per docstring); under
pytest, which ignores ``load_tests``, the same suite runs inside one test.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import unittest

import latpy.torch


def torch_modules():
    names = []
    for info in pkgutil.walk_packages(latpy.torch.__path__, prefix="latpy.torch."):
        if info.name.rsplit(".", 1)[-1].startswith("__"):
            continue
        names.append(info.name)
    return ["latpy.torch"] + sorted(names)


def load_tests(loader, tests, pattern):
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for name in torch_modules():
        module = importlib.import_module(name)
        try:
            tests.addTests(doctest.DocTestSuite(module, optionflags=flags))
        except ValueError:  # a module without docstring examples
            pass
    return tests


class TestDoctestsUnderPytest(unittest.TestCase):
    """pytest ignores ``load_tests``; this runs the same suite as one test there."""

    def test_all_torch_docstring_examples(self):
        import sys
        if "pytest" not in sys.modules:
            self.skipTest("run through load_tests by unittest")
        suite = load_tests(unittest.defaultTestLoader, unittest.TestSuite(), None)
        result = unittest.TestResult()
        suite.run(result)
        problems = [f"{test}: {err}" for test, err in result.failures + result.errors]
        self.assertEqual(problems, [], "\n\n".join(problems))
