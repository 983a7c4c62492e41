"""Writing a study's results: summary.json, daily.csv and charts, all or nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import platform
import shutil
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from sim.model.office import Replication
from sim.scenario.schema import Scenario

PACKAGES = ("twohats", "simpy", "numpy", "scipy", "matplotlib", "pydantic", "pyyaml")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def to_json(data: object) -> bytes:
    return (json.dumps(data, indent=2, allow_nan=False) + "\n").encode()


def daily_csv(results: Sequence[Replication]) -> bytes:
    """One row per replication and day."""
    buffer = io.StringIO()
    columns = ["replication", *results[0].daily.columns]
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for result in results:
        for row in result.daily:
            writer.writerow({"replication": result.replication, **row})
    return buffer.getvalue().encode()


def study_record(scenario: Scenario, seed: int, results: Sequence[Replication], kpis: dict) -> dict:
    """Everything needed to reproduce and read a study, without clocks or paths."""
    return {
        "scenario": scenario.model_dump(mode="json", by_alias=True),
        "seed": seed,
        "replications": len(results),
        "horizon_days": scenario.horizon_days,
        "versions": versions(),
        "kpis": kpis,
        "per_replication": [{"replication": r.replication, **r.kpis} for r in results],
    }


def write_folder(target: Path, files: dict[str, bytes]) -> Path:
    """Write `files` into a fresh folder beside `target`, then swap it into place in one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, content in files.items():
            (staging / name).write_bytes(content)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / target.name)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
