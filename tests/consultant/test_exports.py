"""compare writes comparison.csv (one row per option) and differences.csv, with plain headers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sim.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_compare_writes_both_csv_files(tmp_path: Path) -> None:
    files = []
    for name in ("small-separate", "small-combined"):
        path = tmp_path / f"{name}.yaml"
        path.write_text(f"extends: {SCENARIOS / name}.yaml\nhorizon_days: 30\n")
        files.append(str(path))
    out = tmp_path / "out"
    args = ["compare", *files, "--reps", "3", "--jobs", "1", "--out", str(out), "--quiet"]
    assert main([*args, "--allow-root", str(SCENARIOS)]) == 0
    folder = out / "compare-small-separate-small-combined"
    record = json.loads((folder / "comparison.json").read_text())
    with (folder / "comparison.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["option"] for r in rows] == ["small-separate", "small-combined"]
    cash = [h for h in rows[0] if h.endswith(": mean") and "cash" in h.lower()]
    assert cash and not any("_" in h for h in cash)
    mean = record["kpis"]["small-separate"]["collected_usd"]["mean"]
    assert any(abs(float(rows[0][h]) - mean) < 1e-6 for h in cash)
    with (folder / "differences.csv").open() as handle:
        diffs = list(csv.DictReader(handle))
    assert {d["comparison"] for d in diffs} == {"small-combined - small-separate"}
    assert {d["distinguishable from 0"] for d in diffs} <= {"yes", "no"}
