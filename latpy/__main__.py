"""``python -m latpy``: print the version and list the examples, or run one.

    python -m latpy               version, and the examples in examples/
    python -m latpy run NAME      run examples/NAME.py
    python -m latpy --help        this text
"""

from __future__ import annotations

import ast
import os
import runpy
import sys

from . import __version__

USAGE = """usage: python -m latpy [run NAME [ARGS...] | --help | --version]

  (no arguments)   print latpy's version and list the examples
  run NAME [ARGS]  run examples/NAME.py (NAME may include the .py), passing ARGS to it
                   (e.g. python -m latpy run microgpt --steps 200)
  -h, --help       show this help
  --version        print the version
"""


def examples_dir() -> str:
    """The ``examples/`` folder of the source tree latpy was imported from."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples")


def list_examples() -> list:
    """``(name, one-line summary)`` for each example, sorted by name."""
    folder = examples_dir()
    if not os.path.isdir(folder):
        return []
    found = []
    for filename in sorted(os.listdir(folder)):
        if filename.endswith(".py") and not filename.startswith("_"):
            found.append((filename[:-3], _summary(os.path.join(folder, filename))))
    return found


def _summary(path: str) -> str:
    """The first line of a file's module docstring, or ''."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = ast.get_docstring(ast.parse(f.read()))
    except (OSError, SyntaxError, ValueError):
        return ""
    return doc.strip().splitlines()[0] if doc else ""


def run_example(name: str, args=()) -> int:
    """Run ``examples/NAME.py`` as ``__main__`` with command-line `args`; return a status."""
    if name.endswith(".py"):
        name = name[:-3]
    path = os.path.join(examples_dir(), name + ".py")
    if os.path.basename(name) != name or not os.path.isfile(path):
        names = ", ".join(n for n, _ in list_examples()) or "(none found)"
        print(f"latpy: no example named {name!r}; examples: {names}", file=sys.stderr)
        return 2
    sys.argv = [path] + list(args)
    runpy.run_path(path, run_name="__main__")
    return 0


def main(argv=None) -> int:
    """The command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(f"latpy {__version__}")
        examples = list_examples()
        if not examples:
            print("No examples found (they live in examples/ of a source checkout).")
            return 0
        print("Examples (run one with: python -m latpy run NAME):")
        width = max(len(n) for n, _ in examples)
        for name, summary in examples:
            print(f"  {name:<{width}}  {summary}".rstrip())
        return 0
    if args[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0
    if args[0] in ("-V", "--version"):
        print(f"latpy {__version__}")
        return 0
    if args[0] == "run" and len(args) >= 2:
        return run_example(args[1], args[2:])
    print(USAGE, end="", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
