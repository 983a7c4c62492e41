"""Add compiled bytecode (.pyc) beside the sources of the modules the what-if page imports, in
Pyodide's standard library zip and in the wheels. Run inside Pyodide by
web/compile-bytecode.mjs, so the bytecode is exactly what the page's own interpreter writes.

Pyodide ships its sources without bytecode, and a page cannot keep what it compiles between
visits: each of the page's workers compiled every module it imported on every load, about
half of the time to import the model. Only the modules the page imports get bytecode (all of
them would nearly triple the standard library's download). The .pyc files are unchecked-hash
ones: the files never change after the build, so the import system reads them without
looking at the source, which stays for tracebacks.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

VERSION = sys.version_info
ROOTS = {
    "stdlib": f"/lib/python{VERSION.major}{VERSION.minor}.zip/",
    "wheel": f"/lib/python{VERSION.major}.{VERSION.minor}/site-packages/",
}
"""Where each kind of zip's files are imported from in Pyodide."""
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def imported(kind: str) -> set[str]:
    """The files, as named in a zip of `kind`, of every module imported so far."""
    root = ROOTS[kind]
    files = (getattr(module, "__file__", None) for module in list(sys.modules.values()))
    return {f.removeprefix(root) for f in files if f and f.startswith(root) and f.endswith(".py")}


def _bytecode(source: bytes, filename: str) -> bytes:
    code = compile(source, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def _pyc_name(name: str, kind: str) -> str:
    """zipimport looks for json/decoder.pyc beside json/decoder.py; a wheel's files are
    unpacked, and the import system looks in pkg/__pycache__/mod.cpython-314.pyc."""
    if kind == "stdlib":
        return name.removesuffix(".py") + ".pyc"
    return importlib.util.cache_from_source(name)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def compiled(data: bytes, kind: str, wanted: set[str]) -> bytes:
    """The zip `data` (`kind` "stdlib" or "wheel") with a .pyc for each source in `wanted`; a
    wheel's RECORD lists them."""
    out = io.BytesIO()
    added: list[str] = []
    record = None
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if kind == "wheel" and info.filename.endswith(".dist-info/RECORD"):
                record = (info, body)
                continue
            target.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
            if info.filename not in wanted:
                continue
            name = _pyc_name(info.filename, kind)
            pyc = _bytecode(body, ROOTS[kind] + info.filename)
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME), pyc, zipfile.ZIP_DEFLATED)
            added.append(_record_line(name, pyc))
        if record is not None:
            info, body = record
            lines = [line for line in body.decode().splitlines() if line]
            own = [line for line in lines if line.startswith(info.filename + ",")]
            text = "\n".join([*(li for li in lines if li not in own), *added, *own]) + "\n"
            target.writestr(info, text.encode(), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def compile_zip(source: str, target: str, kind: str) -> int:
    """`compiled` from one file to another, for the modules imported so far; how many."""
    wanted = imported(kind)
    with open(source, "rb") as given, open(target, "wb") as written:
        written.write(compiled(given.read(), kind, wanted))
    return len(wanted)
