"""Pinned results: two bundled scenarios, a fixed seed, compared to the last digit.

A refactor must leave these files unchanged. A change to the model that is meant to change
results re-baselines them in a commit of its own, saying why:

    TWOHATS_REBASELINE=1 .venv/bin/python -m pytest tests/backtest -q
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sim.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
EXPECTED = Path(__file__).resolve().parent / "expected"
PINNED = ("reference-separate", "small-combined")
SEED = 1
REPS = 2


def run_pinned(name: str, out: Path) -> tuple[dict, bytes]:
    args = ["run", str(SCENARIOS / f"{name}.yaml"), "--reps", str(REPS), "--seed", str(SEED)]
    assert main([*args, "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    folder = out / name
    summary = json.loads((folder / "summary.json").read_text())
    pinned = {"kpis": summary["kpis"], "per_replication": summary["per_replication"]}
    return pinned, (folder / "daily.csv").read_bytes()


@pytest.mark.parametrize("name", PINNED)
def test_results_match_the_pinned_files(name: str, tmp_path: Path) -> None:
    kpis, daily = run_pinned(name, tmp_path)
    kpis_file, daily_file = EXPECTED / f"{name}.kpis.json", EXPECTED / f"{name}.daily.csv"
    if os.environ.get("TWOHATS_REBASELINE") == "1":
        EXPECTED.mkdir(exist_ok=True)
        kpis_file.write_text(json.dumps(kpis, indent=1, sort_keys=True) + "\n")
        daily_file.write_bytes(daily)
    assert kpis == json.loads(kpis_file.read_text())
    assert daily == daily_file.read_bytes()
