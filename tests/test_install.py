"""The install is the lock: a results file's versions are the versions uv.lock pins."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sim.outputs.results import PACKAGES, versions

LOCK = Path(__file__).resolve().parents[1] / "uv.lock"


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
