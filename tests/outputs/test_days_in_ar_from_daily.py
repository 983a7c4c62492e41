"""Days in A/R in summary.json can be recomputed from daily.csv: the A/R (`ar_usd`) on the
window's last day over the mean of `insurance_expected_usd` (the expected insurance of the
claims for each day's visits) over the window's last 90 days, replication by replication."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.model.ledger import DAYS_IN_AR_WINDOW

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _run(tmp_path: Path, name: str, extra: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"extends: {SCENARIOS / name}.yaml\nhorizon_days: 120\n{extra}")
    args = ["run", str(path), "--reps", "2", "--jobs", "1", "--seed", "3", "--quiet"]
    assert main([*args, "--out", str(tmp_path / "out"), "--allow-root", str(SCENARIOS)]) == 0
    return tmp_path / "out" / name


@pytest.mark.parametrize(
    ("name", "extra"),
    [
        ("small-combined", "study:\n  warm_up_days: 30\n  run_out_days: 60\n"),
        ("small-separate", "study:\n  warm_up_days: 0\n  run_out_days: 60\n"),
        (  # a client's books: opening claims, sent and not, from an as-of date
            "small-separate",
            "study:\n  warm_up_days: 0\n  run_out_days: 60\nopening:\n  as_of: 2026-10-30\n"
            "  claims:\n"
            "    - {service_date: 2026-06-02, sent_date: 2026-06-03, payer: large_ppo_a, "
            "expected_usd: 640.0}\n"
            "    - {service_date: 2026-10-20, sent_date: 2026-10-22, payer: regional_plan, "
            "expected_usd: 210.0}\n"
            "    - {service_date: 2026-10-28, payer: large_ppo_b, expected_usd: 95.0}\n",
        ),
    ],
)
def test_days_in_ar_is_recomputed_from_daily_csv(tmp_path: Path, name: str, extra: str) -> None:
    folder = _run(tmp_path, name, extra)
    summary = json.loads((folder / "summary.json").read_text())
    with (folder / "daily.csv").open(newline="") as file:
        rows = [r for r in csv.DictReader(file) if r["phase"] == "window"]
    for printed in summary["per_replication"]:
        mine = [r for r in rows if int(r["replication"]) == printed["replication"]]
        assert len(mine) == 120
        last = mine[-DAYS_IN_AR_WINDOW:]
        daily_charges = sum(float(r["insurance_expected_usd"]) for r in last) / len(last)
        assert daily_charges > 0
        recomputed = float(mine[-1]["ar_usd"]) / daily_charges
        assert recomputed == pytest.approx(printed["days_in_ar"], rel=1e-9)
