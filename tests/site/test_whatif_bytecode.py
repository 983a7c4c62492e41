"""The what-if runtime carries bytecode for the modules the page imports (web/bytecode.py), so a
reader's browser does not compile them on every load: the right files, read without the source."""

from __future__ import annotations

import importlib.util
import io
import marshal
import sys
import zipfile
from types import ModuleType

import pytest
from conftest import ROOT

RUNTIME = ROOT / "docs" / "assets" / "whatif"
UNCHECKED_HASH = 0b01
"""A .pyc's flags word when it is hash-based and its source is never checked."""


def bytecode_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_bytecode", ROOT / "web" / "bytecode.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_wheel_gets_bytecode_for_the_imported_modules_only_listed_in_its_record() -> None:
    bytecode = bytecode_module()
    record = "pkg/used.py,sha256=x,1\npkg/unused.py,sha256=y,1\npkg-1.dist-info/RECORD,,\n"
    wheel = zipped(
        {
            "pkg/used.py": b"ANSWER = 6 * 7\n",
            "pkg/unused.py": b"ANSWER = 0\n",
            "pkg-1.dist-info/RECORD": record.encode(),
        }
    )
    with zipfile.ZipFile(io.BytesIO(bytecode.compiled(wheel, "wheel", {"pkg/used.py"}))) as out:
        names = out.namelist()
        pyc_name = importlib.util.cache_from_source("pkg/used.py")
        assert pyc_name in names and "pkg/used.py" in names  # the source stays
        assert not [n for n in names if "unused" in n and n.endswith(".pyc")]
        pyc = out.read(pyc_name)
        lines = out.read("pkg-1.dist-info/RECORD").decode().splitlines()
    assert int.from_bytes(pyc[4:8], "little") == UNCHECKED_HASH
    namespace: dict[str, object] = {}
    exec(marshal.loads(pyc[16:]), namespace)
    assert namespace["ANSWER"] == 42
    assert any(line.startswith(pyc_name + ",sha256=") for line in lines)
    assert lines[-1] == "pkg-1.dist-info/RECORD,,"  # the record's own line stays last


def test_the_standard_library_gets_its_bytecode_beside_the_source_for_zipimport() -> None:
    bytecode = bytecode_module()
    stdlib = zipped({"json/__init__.py": b"X = 1\n", "csv.py": b"Y = 2\n"})
    out = zipfile.ZipFile(io.BytesIO(bytecode.compiled(stdlib, "stdlib", {"json/__init__.py"})))
    assert sorted(out.namelist()) == ["csv.py", "json/__init__.py", "json/__init__.pyc"]


def test_imported_names_the_files_of_loaded_modules_relative_to_their_root() -> None:
    bytecode = bytecode_module()
    fake = ModuleType("fake_stdlib_module")
    fake.__file__ = bytecode.ROOTS["stdlib"] + "fake/thing.py"
    sys.modules[fake.__name__] = fake
    try:
        assert "fake/thing.py" in bytecode.imported("stdlib")
        assert "fake/thing.py" not in bytecode.imported("wheel")
    finally:
        del sys.modules[fake.__name__]


def test_the_built_runtime_has_bytecode_for_the_model_and_what_it_imports() -> None:
    if not (RUNTIME / "manifest.json").is_file():
        pytest.skip("the what-if runtime is not built (python web/build.py)")
    (model,) = (RUNTIME / "wheels").glob("twohats-*.whl")
    (pydantic,) = (RUNTIME / "wheels").glob("pydantic-*.whl")
    with zipfile.ZipFile(model) as wheel:
        assert [n for n in wheel.namelist() if n.startswith("sim/__pycache__/whatif.")]
        assert not [n for n in wheel.namelist() if n.startswith("sim/__pycache__/cli.")]
    with zipfile.ZipFile(pydantic) as wheel:
        assert [n for n in wheel.namelist() if n.startswith("pydantic/__pycache__/main.")]
    with zipfile.ZipFile(RUNTIME / "pyodide" / "python_stdlib.zip") as stdlib:
        names = set(stdlib.namelist())
    assert {"json/__init__.pyc", "dataclasses.pyc", "tempfile.pyc"} <= names
    assert "tkinter/__init__.pyc" not in names  # only what the page imports
