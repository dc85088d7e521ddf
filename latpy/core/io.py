"""Saving and loading arrays in NumPy's ``.npy`` and ``.npz`` formats.

latpy writes float64 as ``'<f8'``, int64 as ``'<i8'`` and bool as ``'|b1'`` in C
order, so NumPy (and PyTorch through NumPy) reads the files. It reads files of
float16/32/64, int8..int64, uint8..uint64 and bool in either byte order and
either memory order, converting to latpy's three dtypes. Nothing is pickled and
loading never evaluates anything: malformed input is a ``ValueError``.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Mapping

from .creation import asarray
from .ndarray import NDArray, _elements, _make
from .npyformat import (MAGIC, MAX_HEADER_SIZE, encode_elements, latpy_dtype, make_header,
                        parse_descr, read_elements, read_header)
from .shape import prod

__all__ = ["save", "load", "savez", "savez_compressed", "NpzFile"]

_ZIP_PREFIXES = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, an empty archive
# What a damaged zip archive can raise from inside zipfile / zlib.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
               struct.error, NotImplementedError, RuntimeError, KeyError, IndexError,
               OverflowError, UnicodeDecodeError, TypeError)


# ------------------------------------------------------------------ one array
def _write_array(fid, arr) -> None:
    """Write `arr` (anything `asarray` accepts) to the binary file object `fid`."""
    a = arr if isinstance(arr, NDArray) else asarray(arr)
    descr, data = encode_elements(_elements(a), a._dtype)
    fid.write(make_header(descr, a._shape))
    fid.write(data)


def _read_array(read, max_header_size: int = MAX_HEADER_SIZE) -> NDArray:
    """Read one array with `read(n)`, the magic string already consumed."""
    header, _ = read_header(read, max_header_size)
    shape, descr = header["shape"], header["descr"]
    _, kind, itemsize = parse_descr(descr)
    count = prod(shape)
    if count * itemsize >= 1 << 63:
        raise ValueError(f"npy: shape {shape} is too large for an array")
    dt = latpy_dtype(kind)
    data = read_elements(read, descr, count)
    if header["fortran_order"] and len(shape) > 1:
        # Fortran order is C order of the reversed shape; transpose back, then copy
        # so that latpy always hands out C-contiguous arrays from load().
        view = _make(data, tuple(reversed(shape)), dt).transpose()
        return _make(list(_elements(view)), shape, dt)
    return _make(data, shape, dt)


def save(file, arr, allow_pickle=True) -> None:
    """Save one array to a ``.npy`` file (NumPy's format, readable by ``numpy.load``).

    `file` is a path (``'.npy'`` is appended when missing, as NumPy does) or a
    binary file object, which is left open. `allow_pickle` is accepted for NumPy
    compatibility; latpy never pickles.

    >>> import io, latpy as lp
    >>> buf = io.BytesIO()
    >>> lp.save(buf, lp.array([[1.0, 2.0], [3.0, 4.0]]))
    >>> _ = buf.seek(0)
    >>> lp.load(buf).tolist()
    [[1.0, 2.0], [3.0, 4.0]]
    """
    if hasattr(file, "write"):
        _write_array(file, arr)
        return
    path = _with_suffix(file, ".npy")
    with open(path, "wb") as fid:
        _write_array(fid, arr)


def _with_suffix(file, suffix: str):
    path = os.fspath(file)
    if isinstance(path, bytes):
        return path if path.endswith(suffix.encode()) else path + suffix.encode()
    return path if path.endswith(suffix) else path + suffix


def load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding="ASCII", *,
         max_header_size=MAX_HEADER_SIZE):
    """Load an array from a ``.npy`` file, or an :class:`NpzFile` from a ``.npz``.

    The format is detected from the file's first bytes, as NumPy does. float16/32
    become float64, every integer type int64. A malformed or truncated file, or a
    dtype latpy lacks (complex, object, strings...), raises ``ValueError``.
    `allow_pickle` is accepted, but nothing is ever unpickled.

    >>> import os, tempfile, latpy as lp
    >>> path = os.path.join(tempfile.mkdtemp(), "x.npy")
    >>> lp.save(path, lp.arange(3))
    >>> lp.load(path).tolist()
    [0, 1, 2]
    """
    if mmap_mode is not None:
        raise ValueError("load: mmap_mode is not supported by latpy (use mmap_mode=None)")
    if hasattr(file, "read"):
        fid, own = file, False
    else:
        fid, own = open(os.fspath(file), "rb"), True
    try:
        magic = fid.read(len(MAGIC))
        if not isinstance(magic, bytes):
            raise TypeError("load: the file must be opened in binary mode ('rb')")
        if magic.startswith(_ZIP_PREFIXES):
            try:
                fid.seek(-len(magic), 1)
            except (OSError, AttributeError):
                raise ValueError("load: reading a .npz needs a seekable file") from None
            npz = NpzFile(fid, own_fid=own, max_header_size=max_header_size)
            own = False  # the NpzFile closes it
            return npz
        if magic == MAGIC:
            return _read_array(fid.read, max_header_size)
        if not magic:
            raise ValueError("load: the file is empty (no data left)")
        raise ValueError(f"load: not a .npy or .npz file (starts with {magic!r}); latpy "
                         "reads only NumPy's .npy/.npz formats and never unpickles")
    finally:
        if own:
            fid.close()


# ---------------------------------------------------------------------- .npz
class NpzFile(Mapping):
    """The arrays of a ``.npz`` archive, read lazily by name (a read-only mapping).

    Names work with or without their ``'.npy'`` suffix. Close it when done, or
    use it as a context manager.

    >>> import io, latpy as lp
    >>> buf = io.BytesIO()
    >>> lp.savez(buf, lp.ones(2), w=lp.zeros((1, 2)))
    >>> _ = buf.seek(0)
    >>> with lp.load(buf) as z:
    ...     print(z.files, z["w"].shape, z["arr_0"].tolist())
    ['w', 'arr_0'] (1, 2) [1.0, 1.0]
    """

    def __init__(self, fid, own_fid=False, max_header_size=MAX_HEADER_SIZE):
        self.fid = fid if own_fid else None
        self.zip = None
        self.max_header_size = max_header_size
        try:
            self.zip = zipfile.ZipFile(fid)
            self._files = self.zip.namelist()
        except _ZIP_ERRORS as exc:
            self.close()
            raise ValueError(f"load: not a valid .npz (zip) archive: {exc}") from None
        self.files = [name[:-4] if name.endswith(".npy") else name for name in self._files]

    def __getitem__(self, key):
        if self.zip is None:
            raise ValueError("NpzFile: the archive is closed")
        if key in self._files:
            name = key
        elif key in self.files:
            name = key + ".npy"
        else:
            raise KeyError(f"{key} is not a file in the archive")
        try:
            with self.zip.open(name) as member:
                if member.read(len(MAGIC)) == MAGIC:
                    return _read_array(member.read, self.max_header_size)
            return self.zip.read(name)  # not an array: its bytes, as NumPy returns
        except _ZIP_ERRORS as exc:
            raise ValueError(f"load: damaged member {name!r} in .npz archive: {exc}") from None

    def __iter__(self):
        return iter(self.files)

    def __len__(self):
        return len(self.files)

    def __contains__(self, key):
        return key in self._files or key in self.files

    def __repr__(self):
        source = getattr(self.fid, "name", "object")
        return f"NpzFile {source!r} with keys: {', '.join(self.files[:5])}" + (
            "..." if len(self.files) > 5 else "")

    def close(self) -> None:
        """Close the archive (and the file, when load() opened it)."""
        if self.zip is not None:
            self.zip.close()
            self.zip = None
        if self.fid is not None:
            self.fid.close()
            self.fid = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # pragma: no cover - interpreter shutdown
            pass


def _savez(file, args, kwds, compression) -> None:
    arrays = dict(kwds)
    for i, value in enumerate(args):
        key = f"arr_{i}"
        if key in arrays:
            raise ValueError(f"Cannot use un-named variables and keyword {key}")
        arrays[key] = value
    if not hasattr(file, "write"):
        file = _with_suffix(file, ".npz")
    with zipfile.ZipFile(file, mode="w", compression=compression, allowZip64=True) as zf:
        for key, value in arrays.items():
            with zf.open(key + ".npy", "w", force_zip64=True) as member:
                _write_array(member, value)


def savez(file, *args, allow_pickle=True, **kwds) -> None:
    """Save several arrays into one uncompressed ``.npz`` archive.

    Positional arrays are named ``arr_0``, ``arr_1``, ...; keyword arrays take
    their keyword. A path gets ``'.npz'`` appended when missing.

    >>> import io, latpy as lp
    >>> buf = io.BytesIO()
    >>> lp.savez(buf, lp.arange(2), b=lp.array([True]))
    >>> _ = buf.seek(0)
    >>> sorted(lp.load(buf).files)
    ['arr_0', 'b']
    """
    _savez(file, args, kwds, zipfile.ZIP_STORED)


def savez_compressed(file, *args, allow_pickle=True, **kwds) -> None:
    """Like :func:`savez`, with the members deflate-compressed.

    >>> import io, latpy as lp
    >>> buf = io.BytesIO()
    >>> lp.savez_compressed(buf, x=lp.zeros(1000))
    >>> len(buf.getvalue()) < 1000
    True
    """
    _savez(file, args, kwds, zipfile.ZIP_DEFLATED)
