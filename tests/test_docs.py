"""The docs stay true: their code runs, the API reference is current, links resolve.

1. Every ```python block of docs/*.md runs: each file's blocks in order, in one
   namespace, in a fresh Python process with a time limit (a block whose fence
   reads ```python no-run is skipped). Blocks with ``>>>`` prompts run as doctests
   whose output must match (ELLIPSIS on), plain blocks are executed.
2. docs/api/ is what ``python docs/build_api.py`` writes, and docs/pictures/*.svg
   what ``python docs/pictures/make_pictures.py`` writes.
3. Every relative link and image in docs/*.md and docs/api/*.md points to a file
   that exists, and every ``#anchor`` to a heading that exists.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
FILE_TIMEOUT = 60  # seconds for all the blocks of one file

FENCE = re.compile(r"^```python([^\n]*)\n(.*?)^```[ \t]*$", re.S | re.M)

# Runs in a child process: python -c RUNNER path.md  (cwd: an empty temp folder)
RUNNER = r'''
import doctest, io, re, sys
import latpy
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    text = f.read()
fence = re.compile(r"^```python([^\n]*)\n(.*?)^```[ \t]*$", re.S | re.M)
namespace = {"__name__": "__docs__", "lp": latpy}
for m in fence.finditer(text):
    info, code = m.group(1).split(), m.group(2)
    if "no-run" in info:
        continue
    line = text.count("\n", 0, m.start()) + 2  # first line of the code
    where = f"{path}:{line}"
    if re.search(r"^\s*>>>", code, re.M):
        test = doctest.DocTestParser().get_doctest(code, namespace, where, path, line - 1)
        report = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test, out=report.write, clear_globs=False)
        namespace.update(test.globs)
        if runner.failures:
            sys.stderr.write(report.getvalue())
            sys.exit(1)
    else:
        try:
            exec(compile(code, where, "exec"), namespace)
        except BaseException:
            import traceback
            sys.stderr.write(f"block at {where} raised:\n" + traceback.format_exc())
            sys.exit(1)
'''


def doc_files(folder=DOCS):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".md"))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def clean_env():
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT  # this checkout's latpy, whatever the working directory
    env.pop("PYTHONSTARTUP", None)
    return env


def run_file(path):
    """Run one doc's blocks in a child process; (path, ok, message)."""
    with tempfile.TemporaryDirectory() as cwd:
        try:
            proc = subprocess.run([sys.executable, "-c", RUNNER, path], cwd=cwd,
                                  env=clean_env(), capture_output=True, text=True,
                                  timeout=FILE_TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return path, False, f"took longer than {FILE_TIMEOUT} s"
    return path, proc.returncode == 0, proc.stderr[-4000:]


class TestDocCodeRuns(unittest.TestCase):
    def test_every_python_block_runs(self):
        files = [p for p in doc_files() if FENCE.search(read(p))]
        self.assertTrue(files, "no ```python blocks found in docs/")
        workers = max(2, min(8, os.cpu_count() or 2))
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(run_file, files))
        for path, ok, message in results:
            with self.subTest(doc=os.path.basename(path)):
                self.assertTrue(ok, f"{os.path.relpath(path, ROOT)}:\n{message}")

    def test_fences_are_closed(self):
        for path in doc_files():
            with self.subTest(doc=os.path.basename(path)):
                fences = re.findall(r"^```", read(path), re.M)
                self.assertEqual(len(fences) % 2, 0, "an unclosed ``` fence")


def generated(script, out):
    proc = subprocess.run([sys.executable, script, "--out", out], cwd=ROOT, env=clean_env(),
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    return proc


class TestGeneratedFilesAreCurrent(unittest.TestCase):
    def compare(self, script, folder, suffix, command):
        with tempfile.TemporaryDirectory() as out:
            proc = generated(script, out)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            fresh = {f: read(os.path.join(out, f)) for f in os.listdir(out)
                     if f.endswith(suffix)}
        self.assertTrue(fresh, f"{command} wrote nothing")
        present = {f for f in os.listdir(folder) if f.endswith(suffix)} \
            if os.path.isdir(folder) else set()
        stale = sorted(f for f in fresh if f not in present or
                       read(os.path.join(folder, f)) != fresh[f])
        extra = sorted(present - set(fresh))
        self.assertEqual((stale, extra), ([], []),
                         f"out of date (stale, not generated any more); run: {command}")

    def test_api_reference(self):
        self.compare(os.path.join(DOCS, "build_api.py"), os.path.join(DOCS, "api"), ".md",
                     "python docs/build_api.py")

    def test_pictures(self):
        self.compare(os.path.join(DOCS, "pictures", "make_pictures.py"),
                     os.path.join(DOCS, "pictures"), ".svg",
                     "python docs/pictures/make_pictures.py")


# ---------------------------------------------------------------- links
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)
HTML_ANCHOR = re.compile(r"""<a\s+(?:id|name)\s*=\s*["']([^"']+)["']""")


def without_code(text):
    """The text with fenced code blocks and inline code spans blanked out."""
    text = re.sub(r"^```.*?^```[ \t]*$", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "``", text)


def anchors(text):
    """The #fragments a Markdown file offers, computed as GitHub does."""
    seen, out = {}, set(HTML_ANCHOR.findall(text))
    body = re.sub(r"^```.*?^```[ \t]*$", "", text, flags=re.S | re.M)
    for _, title in HEADING.findall(body):
        title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)  # link -> its text
        base = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


class TestDocLinks(unittest.TestCase):
    def check_folder(self, folder):
        cache = {}
        for path in doc_files(folder):
            text = read(path)
            targets = LINK.findall(without_code(text)) + HTML_LINK.findall(text)
            for target in targets:
                if "://" in target or target.startswith(("mailto:", "data:")):
                    continue
                file_part, _, fragment = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) \
                    if file_part else path
                where = f"{os.path.relpath(path, ROOT)} links to {target}"
                self.assertTrue(os.path.exists(dest), f"{where}, which does not exist")
                if fragment and dest.endswith(".md"):
                    if dest not in cache:
                        cache[dest] = anchors(read(dest))
                    self.assertIn(fragment, cache[dest], f"{where}: no such heading")

    def test_docs_links_and_images(self):
        self.check_folder(DOCS)

    def test_api_links(self):
        if os.path.isdir(os.path.join(DOCS, "api")):
            self.check_folder(os.path.join(DOCS, "api"))

    def test_index_links_every_doc(self):
        index = read(os.path.join(DOCS, "index.md"))
        linked = set(re.findall(r"\]\(([\w.-]+\.md)", index))
        for path in doc_files():
            name = os.path.basename(path)
            if name != "index.md":
                self.assertIn(name, linked, f"docs/index.md does not link {name}")
        self.assertIn("api/index.md", index)


if __name__ == "__main__":
    unittest.main()
