"""NumPy's ``.npy`` format: the header, and element bytes <-> Python lists.

A ``.npy`` file is::

    b"\\x93NUMPY" major minor  header_len (uint16 for 1.0, uint32 for 2.0/3.0)
    header: a Python dict literal such as
        {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }
    padded with spaces and a final newline so the data starts on a 64-byte boundary
    the elements, C order (or Fortran order when 'fortran_order' is True)

The header is read by a tiny parser written here that understands exactly that
dict (strings, ints, True/False, tuples of ints): nothing is ever evaluated or
unpickled. Anything else is a ``ValueError``.
"""

from __future__ import annotations

import struct
import sys
from array import array

from .dtypes import BOOL, F64, I64

MAGIC = b"\x93NUMPY"
MAX_HEADER_SIZE = 10000  # NumPy's default limit for the header of an untrusted file
MAX_NDIM = 64            # NumPy's limit on dimensions
_ALIGN = 64
_CHUNK = 1 << 24         # read data in pieces: never allocate more than the file holds

# Native array typecodes by (kind, itemsize); 'q'/'Q' are always 8 bytes.
_TYPECODES = {}
for _code in "bBhHiIlLqQ":
    _kind = "u" if _code.isupper() else "i"
    _TYPECODES.setdefault((_kind, array(_code).itemsize), _code)
_TYPECODES[("f", 4)] = "f"
_TYPECODES[("f", 8)] = "d"
_NATIVE = "<" if sys.byteorder == "little" else ">"
_DIGITS = frozenset("0123456789")


# --------------------------------------------------------------------- header
def _tokens(text: str) -> list:
    """Split the header into tokens: punctuation, strings, ints and names."""
    tokens, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif c in "{}():,":
            tokens.append(c)
            i += 1
        elif c in "'\"":
            end = text.find(c, i + 1)
            if end < 0:
                raise ValueError("npy header: unterminated string")
            body = text[i + 1:end]
            if "\\" in body:
                raise ValueError("npy header: escapes in strings are not supported")
            tokens.append(("str", body))
            i = end + 1
        elif c in _DIGITS or c == "-":
            j = i + 1
            while j < n and text[j] in _DIGITS:
                j += 1
            digits = text[i:j]
            if digits == "-" or j - i > 40:
                raise ValueError(f"npy header: bad number {text[i:j + 1]!r}")
            if j < n and text[j] in "lL":  # Python 2 long literal, as in old files
                j += 1
            tokens.append(("int", int(digits)))
            i = j
        elif c.isalpha():
            j = i
            while j < n and text[j].isalnum():
                j += 1
            word = text[i:j]
            if word not in ("True", "False"):
                raise ValueError(f"npy header: unexpected name {word!r}")
            tokens.append(("bool", word == "True"))
            i = j
        else:
            raise ValueError(f"npy header: unexpected character {c!r}")
    return tokens


def parse_header(text: str) -> dict:
    """Parse the header dict safely (no eval); check its keys and values.

    >>> parse_header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }")
    {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}
    """
    tokens = _tokens(text)
    pos = 0

    def take(expected=None):
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError("npy header: ended early")
        tok = tokens[pos]
        if expected is not None and tok != expected:
            raise ValueError(f"npy header: expected {expected!r}, found {_show(tok)}")
        pos += 1
        return tok

    def value():
        tok = take()
        if tok == "(":
            items = []
            while tokens[pos:pos + 1] != [")"]:
                item = take()
                if not (isinstance(item, tuple) and item[0] == "int"):
                    raise ValueError(f"npy header: shape entries must be ints, found "
                                     f"{_show(item)}")
                items.append(item[1])
                if tokens[pos:pos + 1] != [")"]:
                    take(",")
            take(")")
            return tuple(items)
        if isinstance(tok, tuple):
            return tok[1]
        raise ValueError(f"npy header: unexpected {_show(tok)}")

    if not tokens or tokens[0] != "{":
        raise ValueError("npy header is not a dict literal")
    take("{")
    header = {}
    while tokens[pos:pos + 1] != ["}"]:
        key = take()
        if not (isinstance(key, tuple) and key[0] == "str"):
            raise ValueError(f"npy header: keys must be strings, found {_show(key)}")
        take(":")
        header[key[1]] = value()
        if tokens[pos:pos + 1] != ["}"]:
            take(",")
    take("}")
    if pos != len(tokens):
        raise ValueError("npy header: unexpected text after the dict")
    return _check_header(header)


def _show(tok) -> str:
    return repr(tok[1]) if isinstance(tok, tuple) else repr(tok)


def _check_header(header: dict) -> dict:
    if set(header) != {"descr", "fortran_order", "shape"}:
        raise ValueError(f"npy header does not contain the correct keys: {sorted(header)!r}")
    descr, fortran, shape = header["descr"], header["fortran_order"], header["shape"]
    if not isinstance(shape, tuple) or not all(type(d) is int for d in shape):
        raise ValueError(f"npy header: shape is not a tuple of ints: {shape!r}")
    if any(d < 0 for d in shape):
        raise ValueError(f"npy header: negative dimension in shape {shape}")
    if len(shape) > MAX_NDIM:
        raise ValueError(f"npy header: {len(shape)} dimensions (the limit is {MAX_NDIM})")
    if not isinstance(fortran, bool):
        raise ValueError(f"npy header: fortran_order is not a bool: {fortran!r}")
    if not isinstance(descr, str):
        raise ValueError(f"npy header: descr is not a string: {descr!r}")
    return header


def parse_descr(descr: str) -> tuple:
    """``(byteorder, kind, itemsize)`` for a descr latpy can read.

    Kinds are 'f' (float16/32/64), 'i'/'u' (int8..int64, uint8..uint64) and
    'b' (bool). Complex, object and every other dtype raise ``ValueError``.

    >>> parse_descr('<f4'), parse_descr('|b1'), parse_descr('>u2')
    (('<', 'f', 4), ('|', 'b', 1), ('>', 'u', 2))
    """
    order, rest = (descr[0], descr[1:]) if descr[:1] in "<>=|" and descr else ("|", descr)
    if rest == "?":
        rest = "b1"
    kind, size = rest[:1], rest[1:]
    if kind == "O":
        raise ValueError("npy: object arrays ('|O') are not supported (latpy never unpickles)")
    if kind == "c":
        raise ValueError(f"npy: complex dtype {descr!r} is not supported (latpy has no complex)")
    ok = size.isdigit() and (
        (kind == "f" and size in ("2", "4", "8"))
        or (kind in "iu" and size in ("1", "2", "4", "8"))
        or (kind == "b" and size == "1"))
    if not kind or not ok:
        raise ValueError(f"npy: unsupported dtype descr {descr!r} (latpy reads float16/32/64, "
                         "int8..int64, uint8..uint64 and bool)")
    if order == "=":
        order = _NATIVE
    return order, kind, int(size)


def latpy_dtype(kind: str):
    """The latpy dtype a stored kind becomes: floats->float64, ints->int64."""
    return F64 if kind == "f" else BOOL if kind == "b" else I64


def make_header(descr: str, shape: tuple) -> bytes:
    """The full ``.npy`` preamble (magic, version, length, padded header).

    Version 1.0 unless the header needs more than 65535 bytes (then 2.0).

    >>> len(make_header('<f8', (3,))) % 64
    0
    """
    text = "{'descr': %r, 'fortran_order': False, 'shape': %r, }" % (descr, tuple(shape))
    for version, fmt in (((1, 0), "<H"), ((2, 0), "<I")):
        prefix = 6 + 2 + struct.calcsize(fmt)
        padding = -(prefix + len(text) + 1) % _ALIGN
        body = (text + " " * padding + "\n").encode("latin1")
        if len(body) < 1 << (8 * struct.calcsize(fmt)):
            return MAGIC + bytes(version) + struct.pack(fmt, len(body)) + body
    raise ValueError("npy: header too large")  # pragma: no cover - needs > 4 GiB


def read_header(read, max_header_size: int = MAX_HEADER_SIZE) -> tuple:
    """Read the preamble after the magic with `read(n)`; return ``(header, version)``."""
    version = _exactly(read, 2, "version")
    if version == b"\x01\x00" or version == b"\x02\x00" or version == b"\x03\x00":
        major = version[0]
    else:
        raise ValueError(f"npy: unsupported format version {version[0]}.{version[1]}")
    fmt = "<H" if major == 1 else "<I"
    (length,) = struct.unpack(fmt, _exactly(read, struct.calcsize(fmt), "header length"))
    if length > max_header_size:
        raise ValueError(f"npy: header length {length} is larger than the allowed "
                         f"{max_header_size} bytes")
    raw = _exactly(read, length, "header")
    try:
        text = raw.decode("utf8" if major == 3 else "latin1")
    except UnicodeDecodeError:
        raise ValueError("npy: header is not valid UTF-8") from None
    return parse_header(text), major


def _exactly(read, n: int, what: str) -> bytes:
    """`n` bytes from `read`, or ValueError naming `what` when the file ends first."""
    pieces, left = [], n
    while left > 0:
        piece = read(min(left, _CHUNK))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    data = b"".join(pieces)
    if len(data) != n:
        raise ValueError(f"npy: file ended early while reading the {what} "
                         f"(expected {n} bytes, got {len(data)})")
    return data


# ----------------------------------------------------------------------- data
def read_elements(read, descr: str, count: int) -> list:
    """Read `count` elements stored as `descr`; return Python floats/ints/bools."""
    order, kind, size = parse_descr(descr)
    data = _exactly(read, count * size, "array data")
    if kind == "b":
        return list(map(bool, data))
    if kind == "f" and size == 2:
        return list(struct.unpack(("<" if order == "|" else order) + "%de" % count, data))
    values = array(_TYPECODES[(kind, size)])
    values.frombytes(data)
    if size > 1 and order != "|" and order != _NATIVE:
        values.byteswap()
    return values.tolist()


def encode_elements(elements: list, dt) -> tuple:
    """``(descr, bytes)`` for C-order `elements` of latpy dtype `dt`."""
    if dt is BOOL:
        return "|b1", bytes(elements)
    if dt is F64:
        descr, values = "<f8", array("d", elements)
    else:
        try:
            values = array("q", elements)
        except OverflowError:
            bad = next(x for x in elements if not -2**63 <= x < 2**63)
            raise OverflowError(f"npy: int64 element {bad} does not fit in 64 bits") from None
        descr = "<i8"
    if _NATIVE != "<":
        values.byteswap()
    return descr, values.tobytes()
