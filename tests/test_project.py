"""Checks on the project around the code: README, examples, packaging, imports, docstrings."""

from __future__ import annotations

import ast
import contextlib
import doctest
import inspect
import io
import os
import re
import subprocess
import sys
import unittest

import latpy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "latpy")
EXAMPLES = os.path.join(ROOT, "examples")
TEST_COMMAND = "python -m unittest discover -s tests -t ."
EXAMPLE_TIMEOUT = 120  # seconds; with --quick each example takes a few


def read(*parts: str) -> str:
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def run_python(*args: str, timeout: float = EXAMPLE_TIMEOUT) -> subprocess.CompletedProcess:
    """Run ``python ARGS`` from the repository root, as a user would."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)  # only what a fresh checkout has
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env, stdin=subprocess.DEVNULL)


class TestReadme(unittest.TestCase):
    def setUp(self):
        self.readme = read("README.md")

    def test_has_the_two_commands(self):
        self.assertIn(TEST_COMMAND, self.readme)
        examples = re.findall(r"python examples/([\w-]+)\.py", self.readme)
        self.assertTrue(examples, "README names no `python examples/<name>.py` command")
        for name in examples:
            self.assertTrue(os.path.isfile(os.path.join(EXAMPLES, name + ".py")),
                            f"README names examples/{name}.py, which does not exist")
        self.assertTrue(os.path.isdir(os.path.join(ROOT, "tests")))

    def test_python_example_runs(self):
        blocks = re.findall(r"```python\n(.*?)```", self.readme, flags=re.S)
        self.assertTrue(blocks, "README has no ```python example")
        for code in blocks:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, "README.md (python example)", "exec"), {"__name__": "readme"})
            self.assertTrue(out.getvalue().strip())

    def test_links_exist(self):
        for target in re.findall(r"\]\(([^)#]+)\)", self.readme):
            if "://" not in target:
                self.assertTrue(os.path.exists(os.path.join(ROOT, target)),
                                f"README links to {target}, which does not exist")


class TestDocs(unittest.TestCase):
    def test_docs_examples(self):
        """Every ``>>>`` example in a ```python block of docs/*.md gives the output shown."""
        folder = os.path.join(ROOT, "docs")
        for filename in sorted(os.listdir(folder)):
            if not filename.endswith(".md"):
                continue
            with self.subTest(doc=filename):
                text = read("docs", filename)
                blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
                source = "\n".join(blocks)
                if ">>>" not in source:
                    continue
                test = doctest.DocTestParser().get_doctest(
                    source, {"lp": latpy}, filename, os.path.join(folder, filename), 0)
                out = io.StringIO()
                runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
                runner.run(test, out=out.write)
                self.assertEqual(runner.failures, 0, out.getvalue())

    def test_docs_links_exist(self):
        folder = os.path.join(ROOT, "docs")
        for filename in sorted(os.listdir(folder)):
            if filename.endswith(".md"):
                for target in re.findall(r"\]\(([^)#]+)\)", read("docs", filename)):
                    if "://" not in target:
                        self.assertTrue(os.path.exists(os.path.join(folder, target)),
                                        f"docs/{filename} links to {target}, which does not exist")


class TestExamples(unittest.TestCase):
    def test_every_example_runs_and_prints(self):
        names = sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".py"))
        self.assertTrue(names, "examples/ is empty")
        for filename in names:
            with self.subTest(example=filename):
                # --quick: a smoke-test run (the full runs take up to a minute each)
                proc = run_python(os.path.join("examples", filename), "--quick")
                self.assertEqual(proc.returncode, 0, f"{filename} failed:\n{proc.stderr}")
                self.assertTrue(proc.stdout.strip(), f"{filename} printed nothing")

    def test_python_m_latpy(self):
        proc = run_python("-m", "latpy", timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn(latpy.__version__, proc.stdout)
        self.assertIn("arrays_tour", proc.stdout)

        proc = run_python("-m", "latpy", "--help", timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("run NAME", proc.stdout)

        proc = run_python("-m", "latpy", "run", "no_such_example", timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("arrays_tour", proc.stderr)

    def test_python_m_latpy_run(self):
        proc = run_python("-m", "latpy", "run", "arrays_tour")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("tour", proc.stdout)


class TestPackaging(unittest.TestCase):
    def test_pyproject(self):
        try:
            import tomllib
        except ImportError:  # Python 3.10
            self.skipTest("tomllib needs Python 3.11")
        meta = tomllib.loads(read("pyproject.toml"))
        self.assertEqual(meta["build-system"]["build-backend"], "setuptools.build_meta")
        project = meta["project"]
        self.assertEqual(project["name"], "latpy")
        self.assertEqual(project["requires-python"], ">=3.10")
        self.assertEqual(project.get("dependencies", []), [])
        self.assertIn("version", project["dynamic"])
        version_attr = meta["tool"]["setuptools"]["dynamic"]["version"]["attr"]
        self.assertEqual(version_attr, "latpy.__version__")
        self.assertIn("MIT", str(project["license"]))
        oracle = project["optional-dependencies"]["oracle"]
        self.assertIn("numpy", oracle)
        self.assertIn("torch==2.13.0", oracle)
        self.assertRegex(latpy.__version__, r"^\d+\.\d+\.\d+$")

    def test_license(self):
        text = read("LICENSE")
        self.assertIn("MIT License", text)
        self.assertIn("Copyright (c) 2026 the latpy authors", text)

    def test_ci_script(self):
        path = os.path.join(ROOT, ".ci", "run")
        self.assertTrue(os.access(path, os.X_OK), ".ci/run is not executable")
        text = read(".ci", "run")
        self.assertIn("set -euo pipefail", text)
        self.assertIn("-m unittest discover -s tests -t .", text)
        self.assertIn("tests/oracle", text)


def module_level_imports(tree: ast.Module):
    """Import nodes that run when the module is imported (not those inside functions)."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


class TestStandardLibraryOnly(unittest.TestCase):
    def test_no_third_party_import_at_module_level(self):
        allowed = set(sys.stdlib_module_names) | {"latpy", "__future__"}
        offenders = []
        for folder, _, files in os.walk(PACKAGE):
            for filename in files:
                if not filename.endswith(".py"):
                    continue
                path = os.path.join(folder, filename)
                with open(path, encoding="utf-8") as f:
                    tree = ast.parse(f.read(), filename=path)
                for node in module_level_imports(tree):
                    if isinstance(node, ast.ImportFrom):
                        if node.level:  # relative: inside latpy
                            continue
                        names = [node.module]
                    else:
                        names = [alias.name for alias in node.names]
                    for name in names:
                        if name.split(".")[0] not in allowed:
                            rel = os.path.relpath(path, ROOT)
                            offenders.append(f"{rel}:{node.lineno} imports {name}")
        self.assertEqual(offenders, [], "third-party imports at module level")


class TestDocstrings(unittest.TestCase):
    def test_public_functions_have_examples(self):
        names = getattr(latpy, "__all__", None) or [n for n in dir(latpy) if not n.startswith("_")]
        missing = []
        for name in names:
            obj = getattr(latpy, name)
            if inspect.ismodule(obj) or inspect.isclass(obj) or not callable(obj):
                continue
            doc = inspect.getdoc(obj) or ""
            if ">>>" not in doc:
                missing.append(name)
        self.assertEqual(missing, [], "public functions whose docstring has no >>> example")


if __name__ == "__main__":
    unittest.main()
