"""``torch.save`` / ``torch.load`` in NumPy's ``.npz`` format, never pickle.

Every tensor (or NDArray) inside the saved object becomes one ``.npy`` member of
the zip, named by its path of dict keys (a state dict's keys are exactly the
member names, so ``numpy.load(path, allow_pickle=False)`` reads it). The shape of
the object around the tensors -- nested dicts, lists, tuples, numbers, strings --
is kept as JSON in one more member, ``__latpy__.json``. Loading parses that JSON
with a strict schema; a malformed or hostile file raises ``ValueError`` and no
code from the file ever runs.
"""

from __future__ import annotations

import collections
import io
import json
import math
import os
import zipfile

from ..core import io as core_io
from ..core.ndarray import NDArray
from .tensor import Tensor

_META = "__latpy__.json"
_FORMAT = "latpy.torch.save/1"


def save(obj, f, pickle_module=None, pickle_protocol=None, _use_new_zipfile_serialization=True):
    """Save tensors and (nested) dicts/lists of them to `f` (a path or binary file).

    >>> import latpy.torch as torch, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "w.pt")
    >>> torch.save({"w": torch.ones(2), "step": 3}, path)
    >>> torch.load(path)["w"].tolist()
    [1.0, 1.0]
    """
    if pickle_module is not None:
        raise ValueError("latpy never pickles: pickle_module is not supported")
    arrays = collections.OrderedDict()
    tree = _encode(obj, "", arrays)
    # A flat state dict ({name: plain Tensor}) needs no metadata: the .npz alone is
    # exactly what numpy.load shows, and load() reads it back as an OrderedDict.
    plain = isinstance(obj, dict) and all(
        isinstance(k, str) and type(v) is Tensor and not v.requires_grad
        for k, v in obj.items()) and list(arrays) == list(obj)
    meta = None if plain else \
        json.dumps({"format": _FORMAT, "tree": tree}, allow_nan=False).encode()
    own = isinstance(f, (str, os.PathLike))
    fh = open(f, "wb") if own else f
    try:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as zf:
            for name, arr in arrays.items():
                buf = io.BytesIO()
                core_io.save(buf, arr)
                zf.writestr(name + ".npy", buf.getvalue())
            if meta is not None:
                zf.writestr(_META, meta)
    finally:
        if own:
            fh.close()


def _member_name(path: str, arrays) -> str:
    name = path or "tensor"
    base, k = name, 1
    while name in arrays or name == _META[:-5]:
        name = f"{base}_{k}"
        k += 1
    return name


def _key_text(key) -> str:
    return key if isinstance(key, str) else str(key)


def _encode(obj, path, arrays):
    """A JSON-able tree for `obj`; tensors go to `arrays` under their path name."""
    if isinstance(obj, Tensor):
        name = _member_name(path, arrays)
        arrays[name] = obj.data
        node = {"tensor": name}
        if obj.requires_grad:
            node["requires_grad"] = True
        if type(obj).__name__ == "Parameter":
            node["parameter"] = True
        return node
    if isinstance(obj, NDArray):
        name = _member_name(path, arrays)
        arrays[name] = obj
        return {"ndarray": name}
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        if math.isfinite(obj):
            return float(obj)
        return {"float": repr(float(obj))}
    if isinstance(obj, dict):
        items = []
        for k, v in obj.items():
            if not isinstance(k, (str, int, float, bool)) and k is not None:
                raise TypeError(f"torch.save: dict keys must be str/int/float/bool/None, "
                                f"got {type(k).__name__}")
            sub = path + "/" + _key_text(k) if path else _key_text(k)
            items.append([_encode(k, "", {}), _encode(v, sub, arrays)])
        kind = "odict" if isinstance(obj, collections.OrderedDict) else "dict"
        return {kind: items}
    if isinstance(obj, (list, tuple)):
        kind = "tuple" if isinstance(obj, tuple) else "list"
        return {kind: [_encode(v, f"{path}/{i}" if path else str(i), arrays)
                       for i, v in enumerate(obj)]}
    raise TypeError(f"torch.save: cannot save objects of type {type(obj).__name__} "
                    "(latpy saves tensors, arrays, numbers, strings and dicts/lists of them)")


def load(f, map_location=None, pickle_module=None, weights_only=True, mmap=None, **kwargs):
    """Load what :func:`save` wrote (or any ``.npz``/``.npy`` file) from a path or file.

    A plain NumPy ``.npz`` loads as a dict of tensors; a ``.npy`` as one tensor.
    Malformed input raises ``ValueError``; nothing in the file is executed.

    >>> import latpy.torch as torch, io
    >>> buf = io.BytesIO(); torch.save([torch.zeros(1), "x"], buf); _ = buf.seek(0)
    >>> torch.load(buf)[1]
    'x'
    """
    if pickle_module is not None:
        raise ValueError("latpy never unpickles: pickle_module is not supported")
    if map_location not in (None, "cpu") and str(map_location) != "cpu" and \
            not callable(map_location) and not isinstance(map_location, dict):
        from .device import check_device
        check_device(map_location)
    loaded = core_io.load(f)
    if isinstance(loaded, NDArray):
        return Tensor._wrap(loaded)
    try:
        names = list(loaded.files)
        if _META[:-5] not in names and _META not in names:
            if "data.pkl" in names or any(n.endswith("/data.pkl") for n in names):
                raise ValueError("torch.load: this is a PyTorch pickle checkpoint (data.pkl); "
                                 "latpy never unpickles -- re-save it with numpy/latpy")
            out = collections.OrderedDict()
            for n in names:
                value = loaded[n]
                if not isinstance(value, NDArray):
                    raise ValueError(f"torch.load: member {n!r} is not a .npy array "
                                     "(not a latpy or NumPy .npz file)")
                out[n] = Tensor._wrap(value)
            return out
        raw = loaded[_META] if _META in names else loaded[_META[:-5]]
        if not isinstance(raw, (bytes, bytearray)):
            raise ValueError("torch.load: metadata member is not JSON text")
        try:
            meta = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ValueError(f"torch.load: metadata is not valid JSON ({e})") from None
        except RecursionError:
            raise ValueError("torch.load: metadata nested too deeply") from None
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT or "tree" not in meta:
            raise ValueError("torch.load: unknown metadata format")
        return _decode(meta["tree"], loaded, set(names), 0)
    finally:
        close = getattr(loaded, "close", None)
        if close is not None:
            close()


_MAX_DEPTH = 200


def _decode(node, npz, names, depth):
    if depth > _MAX_DEPTH:
        raise ValueError("torch.load: structure nested too deeply")
    if node is None or isinstance(node, (bool, str, int, float)):
        return node
    if isinstance(node, list):
        raise ValueError("torch.load: malformed metadata (bare list)")
    if not isinstance(node, dict) or len(node) == 0:
        raise ValueError("torch.load: malformed metadata node")
    if "tensor" in node or "ndarray" in node:
        name = node.get("tensor", node.get("ndarray"))
        if not isinstance(name, str) or name not in names:
            raise ValueError(f"torch.load: missing array member {name!r}")
        arr = npz[name]
        if not isinstance(arr, NDArray):
            raise ValueError(f"torch.load: member {name!r} is not an array")
        if "ndarray" in node:
            return arr
        if node.get("parameter"):
            from .nn.module import Parameter
            return Parameter(Tensor._wrap(arr), requires_grad=bool(node.get("requires_grad")))
        t = Tensor._wrap(arr)
        if node.get("requires_grad"):
            t.requires_grad_(True)
        return t
    if len(node) != 1:
        raise ValueError("torch.load: malformed metadata node")
    (kind, value), = node.items()
    if kind == "float":
        if value not in ("inf", "-inf", "nan"):
            raise ValueError("torch.load: malformed float")
        return float(value)
    if kind in ("list", "tuple"):
        if not isinstance(value, list):
            raise ValueError("torch.load: malformed sequence")
        items = [_decode(v, npz, names, depth + 1) for v in value]
        return tuple(items) if kind == "tuple" else items
    if kind in ("dict", "odict"):
        if not isinstance(value, list):
            raise ValueError("torch.load: malformed mapping")
        out = collections.OrderedDict() if kind == "odict" else {}
        for pair in value:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError("torch.load: malformed mapping entry")
            key = _decode(pair[0], npz, names, depth + 1)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise ValueError("torch.load: malformed mapping key")
            out[key] = _decode(pair[1], npz, names, depth + 1)
        return out
    raise ValueError(f"torch.load: unknown metadata node kind {kind!r}")
