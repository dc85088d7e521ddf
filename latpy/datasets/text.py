"""Text for character-level models, from what every Python installation has.

``text_corpus(kind)`` returns a list of strings, one item per line:

* ``"names"``: the public function and class names defined in the standard
  library's source files (``def NAME`` / ``class NAME`` lines, found by reading
  the ``.py`` files under ``sysconfig.get_paths()["stdlib"]``; nothing is
  imported or run), e.g. ``getattr``, ``OrderedDict``, ``parse_args``: ~7,600 on
  CPython 3.11. Without the source files (a frozen or embedded Python) it falls
  back to the public names of the builtins and a few always-present modules.
* ``"modules"``: standard-library module names, from ``sys.stdlib_module_names``
  and the dotted names of the public ``.py`` files (``email.mime.text``).
* ``"docs"``: English sentences from the help topics in ``pydoc_data.topics``
  (the text ``help("if")`` prints).

The content depends on the Python version (the standard library changes), but
for one installation it is always the same, and `seed` fixes the order.
``char_vocab``, ``encode`` and ``decode`` turn lines into integer ids and back;
``load_text`` reads any one-item-per-line file the same way.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import sysconfig

from ._common import make_rng

__all__ = ["text_corpus", "char_vocab", "encode", "decode", "load_text"]

KINDS = ("names", "modules", "docs")
_SKIP_DIRS = {"test", "tests", "idle_test", "site-packages", "dist-packages", "__pycache__"}
_DEFINITION = re.compile(r"^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*)",
                         re.M)
_FALLBACK_MODULES = ("builtins", "math", "string", "os", "collections", "itertools",
                     "functools", "re", "json", "random", "operator")


def _stdlib_files():
    """Paths of the standard library's ``.py`` files, in a fixed (sorted) order."""
    root = sysconfig.get_paths().get("stdlib") or ""
    if not os.path.isdir(root):
        return root, []
    paths = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in _SKIP_DIRS)
        paths += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    return root, paths


def _read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


@functools.lru_cache(maxsize=None)
def _names() -> tuple:
    found = set()
    for path in _stdlib_files()[1]:
        found.update(_DEFINITION.findall(_read(path)))
    if not found:  # no source files: what introspection of safe modules gives
        import importlib
        for module in _FALLBACK_MODULES:
            found.update(dir(importlib.import_module(module)))
    return tuple(sorted(n for n in found if not n.startswith("_") and len(n) > 1))


@functools.lru_cache(maxsize=None)
def _modules() -> tuple:
    found = set(getattr(sys, "stdlib_module_names", ()))
    root, paths = _stdlib_files()
    for path in paths:
        parts = os.path.relpath(path, root)[:-3].split(os.sep)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(p.isidentifier() for p in parts):
            found.add(".".join(parts))
    if not found:
        found.update(sys.builtin_module_names)
    return tuple(sorted(n for n in found if not any(p.startswith("_") for p in n.split("."))))


@functools.lru_cache(maxsize=None)
def _docs() -> tuple:
    try:
        from pydoc_data.topics import topics
    except ImportError:  # some minimal installations drop pydoc_data
        topics = {}
    found = set()
    for key in sorted(topics):
        text = re.sub(r"\s+", " ", topics[key])
        for sentence in re.split(r'(?<=[.!?])\s+(?=[A-Z"])', text):
            sentence = sentence.strip()
            if (20 <= len(sentence) <= 200 and sentence[0].isupper()
                    and sentence[-1] in ".!?" and sentence.isascii()
                    and not re.search(r"[*=|<>{}\[\]\\~^]|\.\.\.|::", sentence)):
                found.add(sentence)
    return tuple(sorted(found))


def text_corpus(kind: str = "names", seed=0) -> list:
    """Lines of text from the Python installation itself (see the module docstring).

    `kind` is ``"names"``, ``"modules"`` or ``"docs"``. The lines are unique; they
    are shuffled by `seed` (an int), or sorted when ``seed=None``.

    >>> from latpy.datasets import text_corpus
    >>> names = text_corpus("names")
    >>> len(names) > 1000, all(isinstance(s, str) and s for s in names)
    (True, True)
    >>> "OrderedDict" in names, "sys" in text_corpus("modules", seed=None)
    (True, True)
    """
    if kind not in KINDS:
        raise ValueError(f"text_corpus: kind must be one of {KINDS}, got {kind!r}")
    lines = list({"names": _names, "modules": _modules, "docs": _docs}[kind]())
    if seed is not None:
        make_rng(seed).shuffle(lines)
    return lines


def load_text(path, encoding: str = "utf-8") -> list:
    """The non-empty lines of a text file (stripped), e.g. a names list for microgpt.

    >>> import os, tempfile
    >>> from latpy.datasets import load_text
    >>> path = os.path.join(tempfile.mkdtemp(), "names.txt")
    >>> with open(path, "w") as f:
    ...     _ = f.write("emma\\n\\n olivia \\nava\\n")
    >>> load_text(path)
    ['emma', 'olivia', 'ava']
    """
    with open(path, encoding=encoding) as f:
        return [line.strip() for line in f if line.strip()]


def char_vocab(lines, specials=()):
    """The characters of `lines` as ``(stoi, itos)``: a dict char -> id and a list id -> char.

    The `specials` (e.g. ``["<BOS>"]`` or ``["."]``) get the first ids; the
    characters follow in sorted order.

    >>> from latpy.datasets import char_vocab
    >>> stoi, itos = char_vocab(["abba", "cab"], specials=["."])
    >>> itos, stoi["c"]
    (['.', 'a', 'b', 'c'], 3)
    """
    if isinstance(lines, str):
        lines = [lines]
    itos = list(dict.fromkeys(specials))
    taken = set(itos)
    itos += sorted({ch for line in lines for ch in line} - taken)
    return {s: i for i, s in enumerate(itos)}, itos


def encode(text: str, stoi: dict) -> list:
    """The ids of the characters of `text` (a list of ints).

    >>> from latpy.datasets import char_vocab, encode
    >>> stoi, itos = char_vocab(["hello"])
    >>> encode("hole", stoi)
    [1, 3, 2, 0]
    """
    try:
        return [stoi[ch] for ch in text]
    except KeyError as exc:
        raise ValueError(f"encode: character {exc.args[0]!r} is not in the vocabulary") from None


def decode(ids, itos) -> str:
    """The string spelled by `ids` (ints, or a 1-d Tensor/NDArray of them).

    >>> from latpy.datasets import char_vocab, encode, decode
    >>> stoi, itos = char_vocab(["hello"])
    >>> decode(encode("hello", stoi), itos)
    'hello'
    """
    if hasattr(ids, "tolist"):
        ids = ids.tolist()
    n = len(itos)
    out = []
    for i in ids:
        if not -n <= int(i) < n:
            raise IndexError(f"decode: id {i} is out of range for a vocabulary of {n}")
        out.append(itos[int(i)])
    return "".join(out)
