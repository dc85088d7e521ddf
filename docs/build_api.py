"""Write latpy's API reference, docs/api/*.md, from the docstrings.

    python docs/build_api.py                 # (re)write docs/api/
    python docs/build_api.py --out DIR       # write somewhere else
    python docs/build_api.py --check         # exit 1 if docs/api/ is out of date

One page per namespace (``latpy``, ``latpy.torch``, ``latpy.torch.nn``, ...): every
public name with its signature, the first paragraph of its docstring and its first
``>>>`` example; classes also list their own public methods. A name's public set is
the namespace's ``__all__`` when it has one, else every non-underscore name that
latpy defines (modules and imported helpers left out). Output is deterministic:
names are sorted, memory addresses are removed from default values.
Standard library only; run it from anywhere.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import re
import sys
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "docs", "api")

# (namespace, how you reach it, which library's names it follows)
PAGES = [
    ("latpy", "import latpy as lp", "NumPy (`numpy`)"),
    ("latpy.linalg", "lp.linalg", "NumPy (`numpy.linalg`)"),
    ("latpy.random", "lp.random", "NumPy (`numpy.random`)"),
    ("latpy.torch", "import latpy.torch as torch", "PyTorch (`torch`)"),
    ("latpy.torch.nn", "from latpy.torch import nn", "PyTorch (`torch.nn`)"),
    ("latpy.torch.nn.functional", "import latpy.torch.nn.functional as F",
     "PyTorch (`torch.nn.functional`)"),
    ("latpy.torch.nn.init", "torch.nn.init", "PyTorch (`torch.nn.init`)"),
    ("latpy.torch.nn.utils", "torch.nn.utils", "PyTorch (`torch.nn.utils`)"),
    ("latpy.torch.optim", "torch.optim", "PyTorch (`torch.optim`)"),
    ("latpy.torch.optim.lr_scheduler", "torch.optim.lr_scheduler",
     "PyTorch (`torch.optim.lr_scheduler`)"),
    ("latpy.torch.autograd", "torch.autograd", "PyTorch (`torch.autograd`)"),
    ("latpy.torch.autograd.functional", "torch.autograd.functional",
     "PyTorch (`torch.autograd.functional`)"),
    ("latpy.torch.func", "torch.func", "PyTorch (`torch.func`)"),
    ("latpy.torch.utils.data", "from latpy.torch.utils.data import DataLoader, ...",
     "PyTorch (`torch.utils.data`)"),
    ("latpy.torch.utils.checkpoint", "from latpy.torch.utils.checkpoint import checkpoint",
     "PyTorch (`torch.utils.checkpoint`)"),
    ("latpy.datasets", "from latpy import datasets", "latpy's own (scikit-learn's names)"),
    ("latpy.viz", "from latpy import viz", "latpy's own"),
    ("latpy.utils.progress", "from latpy.utils.progress import progress", "latpy's own (tqdm-like)"),
]

# Pages that list plain values (dtypes, pi, inf, ...) as well as classes and functions.
CONSTANT_PAGES = {"latpy", "latpy.torch"}

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")


# ------------------------------------------------------------------ collecting
def resolve(name: str):
    """The module object for a dotted name (``latpy.linalg`` is an attribute)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        parent, _, last = name.rpartition(".")
        if not parent:
            raise
        obj = getattr(resolve(parent), last, None)
        if not isinstance(obj, types.ModuleType):
            raise
        return obj


def public_names(module, page: str) -> list:
    """The public names of `module`, sorted."""
    explicit = getattr(module, "__all__", None)
    if explicit is not None:
        names = [n for n in explicit if hasattr(module, n)]
    else:
        names = []
        for n in dir(module):
            if n.startswith("_"):
                continue
            obj = getattr(module, n)
            if isinstance(obj, types.ModuleType):
                continue
            origin = getattr(obj, "__module__", None)
            if inspect.isclass(obj) or inspect.isroutine(obj):
                if isinstance(origin, str) and origin.startswith("latpy"):
                    names.append(n)
            elif page in CONSTANT_PAGES and _is_constant(obj):
                names.append(n)
    return sorted(set(names), key=lambda s: (s.lower(), s))


def _is_constant(obj) -> bool:
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return True
    origin = getattr(type(obj), "__module__", "")
    return origin.startswith("latpy")  # dtypes and the like


def kind_of(obj) -> str:
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "constant"


def home_pages(namespaces: dict) -> dict:
    """id(object) -> the one page that documents a class in full: the page whose
    namespace is the longest prefix of the class's module (else the first page
    that exposes it). Other pages link there."""
    exposed = {}
    for page, (module, names) in namespaces.items():
        for n in names:
            obj = getattr(module, n)
            if inspect.isclass(obj):
                exposed.setdefault(id(obj), []).append(page)
    home = {}
    order = [p for p, _, _ in PAGES]
    for key, pages in exposed.items():
        obj = None
        for page in pages:
            module, _ = namespaces[page]
            for n in namespaces[page][1]:
                if id(getattr(module, n)) == key:
                    obj = getattr(module, n)
                    break
            if obj is not None:
                break
        origin = getattr(obj, "__module__", "") or ""
        best = sorted(pages, key=lambda p: (-len(p) if origin == p or origin.startswith(p + ".")
                                            else 1, order.index(p)))
        home[key] = best[0]
    return home


# ------------------------------------------------------------------ formatting
def signature(obj, name: str) -> str:
    try:
        sig = str(inspect.signature(obj))
    except (TypeError, ValueError):
        return f"{name}(...)"
    return name + _ADDRESS.sub("", sig)


def docstring(obj) -> str:
    doc = obj.__doc__ if (inspect.isclass(obj) or inspect.isroutine(obj)
                          or isinstance(obj, (property, types.ModuleType))) else None
    if not isinstance(doc, str):
        return ""
    return inspect.cleandoc(doc)


def first_paragraph(doc: str) -> str:
    lines = []
    for line in doc.splitlines():
        if not line.strip():
            if lines:
                break
            continue
        if line.lstrip().startswith(">>>"):
            break
        lines.append(line.strip())
    return markdown_text(" ".join(lines))


def markdown_text(text: str) -> str:
    """reST-isms to Markdown: ``code`` -> `code`, :func:`x` -> `x`."""
    text = _ROLE.sub(r"`\1`", text)
    return text.replace("``", "`")


def first_example(doc: str) -> str:
    lines, started = [], False
    for line in doc.splitlines():
        stripped = line.strip()
        if not started:
            if stripped.startswith(">>>"):
                started = True
                indent = len(line) - len(line.lstrip())
            else:
                continue
        if not stripped:
            break
        lines.append(line[indent:] if line[:indent].strip() == "" else stripped)
    return "\n".join(lines)


def source_file(obj) -> str:
    try:
        path = inspect.getsourcefile(inspect.unwrap(obj))
    except (TypeError, OSError):
        return ""
    if not path:
        return ""
    path = os.path.abspath(path)
    if not path.startswith(ROOT + os.sep):
        return ""
    return os.path.relpath(path, ROOT).replace(os.sep, "/")


def slugger():
    """GitHub's heading anchors: lower case, punctuation dropped, repeats numbered."""
    seen = {}

    def slug(heading: str) -> str:
        base = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        n = seen.get(base, 0)
        seen[base] = n + 1
        return base if n == 0 else f"{base}-{n}"
    return slug


def page_file(page: str) -> str:
    return page + ".md"


def class_members(cls) -> list:
    """(name, object) for the public methods and properties `cls` itself defines."""
    out = []
    for name, value in cls.__dict__.items():
        if name.startswith("_"):
            continue
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        if inspect.isfunction(value) or isinstance(value, property) or inspect.isroutine(value):
            out.append((name, value))
    return sorted(out, key=lambda item: (item[0].lower(), item[0]))


def render_entry(name, obj, page, home, slug, lines):
    kind = kind_of(obj)
    heading = name
    anchor = slug(heading)
    lines.append(f"### {heading}")
    lines.append("")
    if kind == "constant":
        lines.append(f"`{name} = {_ADDRESS.sub('', repr(obj))}`")
        lines.append("")
        return anchor
    lines.append("```python")
    prefix = "class " if kind == "class" else ""
    lines.append(prefix + signature(obj, name))
    lines.append("```")
    lines.append("")
    where = source_file(obj)
    facts = []
    if kind == "class":
        bases = [b.__name__ for b in obj.__bases__
                 if b is not object and not b.__name__.startswith("_")]
        if bases:
            facts.append("subclass of " + ", ".join(f"`{b}`" for b in bases))
    if where:
        facts.append(f"defined in [`{where}`](../../{where})")
    if facts:
        lines.append("*" + "; ".join(facts) + "*")
        lines.append("")
    doc = docstring(obj)
    summary = first_paragraph(doc)
    if summary:
        lines.append(summary)
        lines.append("")
    example = first_example(doc)
    if example:
        lines.append("```pycon")
        lines.append(example)
        lines.append("```")
        lines.append("")
    if kind == "class":
        members = class_members(obj)
        if members:
            lines.append("| member | what it does |")
            lines.append("|---|---|")
            for mname, member in members:
                if isinstance(member, property):
                    sig = mname
                    text = first_paragraph(docstring(member.fget) if member.fget else "")
                else:
                    sig = signature(member, mname)
                    text = first_paragraph(docstring(member))
                sig = sig.replace("|", "\\|")
                text = text.replace("|", "\\|")
                lines.append(f"| `{sig}` | {text} |")
            lines.append("")
    return anchor


def render_page(page, how, follows, module, names, home, titles, anchors) -> str:
    """The page's Markdown; records each entry's anchor in `anchors[(page, name)]`."""
    slug = slugger()
    lines = [f"# `{page}`", ""]
    summary = first_paragraph(docstring(module) if module.__doc__ else "")
    if summary:
        lines += [summary, ""]
    lines += [f"Reached as `{how}`; names and behaviour follow {follows}.",
              "", "*Generated by `python docs/build_api.py` from the docstrings: edit those, "
              "not this page. [All API pages](index.md).*", ""]
    slug(page)  # the title's anchor
    groups = {"module": [], "class": [], "function": [], "constant": []}
    for n in names:
        groups[kind_of(getattr(module, n))].append(n)
    index_lines = []
    body = []
    if groups["module"]:
        body += ["## Submodules", ""]
        slug("Submodules")
        for n in groups["module"]:
            sub = getattr(module, n)
            target = sub.__name__ if sub.__name__ in titles else f"{page}.{n}"
            if target in titles:
                body.append(f"- [`{n}`]({page_file(target)}): {titles[target]}")
            else:
                body.append(f"- `{n}`")
        body.append("")
    for kind, title in (("class", "Classes"), ("function", "Functions"),
                        ("constant", "Constants")):
        if not groups[kind]:
            continue
        body += [f"## {title}", ""]
        slug(title)
        links = []
        for n in groups[kind]:
            obj = getattr(module, n)
            real = getattr(obj, "__name__", None)
            if kind != "constant" and real != n and real in names and \
                    getattr(module, real) is obj:  # an alias: document it once
                target = anchors.get((page, real), real.lower())
                body += [f"### {n}", "", f"Another name for [`{real}`](#{target}).", ""]
                links.append(f"[`{n}`](#{slug(n)})")
                continue
            if kind == "class" and home.get(id(obj), page) != page:
                other = home[id(obj)]
                target = anchors.get((other, obj.__name__), obj.__name__.lower())
                body += [f"### {n}", "", f"`{obj.__name__}` is documented on "
                         f"[`{other}`]({page_file(other)}#{target}).", ""]
                links.append(f"[`{n}`](#{slug(n)})")
                continue
            anchor = render_entry(n, obj, page, home, slug, body)
            anchors[(page, n)] = anchor
            links.append(f"[`{n}`](#{anchor})")
        index_lines.append(f"**{title}:** " + ", ".join(links))
        index_lines.append("")
    return "\n".join(lines + index_lines + body).rstrip() + "\n"


def build() -> dict:
    """{file name: text} for every page (pages whose namespace fails to import are
    left out)."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    namespaces = {}
    for page, _, _ in PAGES:
        try:
            module = resolve(page)
        except ImportError:
            continue
        namespaces[page] = (module, public_names(module, page))
    home = home_pages(namespaces)
    titles = {}
    for page in namespaces:
        module = namespaces[page][0]
        titles[page] = first_paragraph(docstring(module)) if module.__doc__ else ""
    files, anchors = {}, {}
    for _ in range(2):  # the first pass only learns every entry's anchor
        for page, how, follows in PAGES:
            if page not in namespaces:
                continue
            module, names = namespaces[page]
            files[page_file(page)] = render_page(page, how, follows, module, names, home,
                                                 titles, anchors)
    lines = ["# latpy API reference", "",
             "One page per namespace, generated from the docstrings by "
             "`python docs/build_api.py` (do not edit by hand). The guides are in "
             "[../index.md](../index.md).", "",
             "| namespace | names | what it is |", "|---|---|---|"]
    for page, _, _ in PAGES:
        if page in namespaces:
            count = len(namespaces[page][1])
            lines.append(f"| [`{page}`]({page_file(page)}) | {count} | {titles[page]} |")
    files["index.md"] = "\n".join(lines) + "\n"
    return files


def write(files: dict, out: str) -> None:
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith(".md") and name not in files:
            os.remove(os.path.join(out, name))
    for name, text in files.items():
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def stale(files: dict, out: str) -> list:
    """Names of the files in `out` that differ from `files` (or are missing/extra)."""
    problems = []
    present = set(os.listdir(out)) if os.path.isdir(out) else set()
    for name, text in files.items():
        path = os.path.join(out, name)
        if name not in present:
            problems.append(f"{name} is missing")
            continue
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                problems.append(f"{name} is out of date")
    for name in sorted(present):
        if name.endswith(".md") and name not in files:
            problems.append(f"{name} is not generated any more")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help="folder to write (default docs/api)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the folder is out of date")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        problems = stale(files, args.out)
        for p in problems:
            print(p)
        if problems:
            print("run: python docs/build_api.py")
        return 1 if problems else 0
    write(files, args.out)
    print(f"wrote {len(files)} pages to {os.path.relpath(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
