"""The install is the lock: a results file's versions are the versions uv.lock pins."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from sim.outputs.results import PACKAGES, versions

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "uv.lock"


def _locked() -> dict[str, str]:
    packages = tomllib.loads(LOCK.read_text(encoding="utf-8"))["package"]
    return {package["name"]: package["version"] for package in packages}


def test_every_recorded_package_is_locked() -> None:
    locked = _locked()
    assert set(PACKAGES) <= set(locked), set(PACKAGES) - set(locked)


def test_results_record_the_locked_versions() -> None:
    locked, recorded = _locked(), versions()
    differ = {
        name: (recorded[name], locked[name]) for name in PACKAGES if recorded[name] != locked[name]
    }
    assert not differ, f"installed differs from uv.lock (run `make install`): {differ}"


def _shipped(path: Path, package_data: dict[str, list[str]]) -> bool:
    """Whether a package-data pattern of `path`'s package or one above it names the file."""
    for package in [path.parent, *path.parent.parents]:
        if package == ROOT:
            return False
        patterns = package_data.get(".".join(package.relative_to(ROOT).parts), [])
        if any(fnmatch(path.relative_to(package).as_posix(), p) for p in patterns):
            return True
    return False


def test_every_data_file_the_package_reads_is_shipped() -> None:
    """An installed (not editable) package holds only the data files pyproject names: one
    left out works from a clone and fails with a traceback once installed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    data = [
        path
        for path in (ROOT / "sim").rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert data
    missing = [str(p.relative_to(ROOT)) for p in data if not _shipped(p, package_data)]
    assert not missing, f"add to [tool.setuptools.package-data] in pyproject.toml: {missing}"
