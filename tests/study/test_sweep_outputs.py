"""Sweep exports and terminal output (issue 12, items 5 and 7): a wide CSV beside the tidy
one, and the break-even printed to fit the terminal."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import pytest

from sim.cli import main
from sim.model.registry import registry
from tests.study.conftest import short_file

VARY = ["--vary", "practice.providers.0.count=1,2", "--vary", "om_work.interruptions_per_hour=0,3"]


@pytest.fixture
def swept(tmp_path: Path, capsys, monkeypatch) -> tuple[Path, str]:
    """A 10-day, 2-replication sweep over two keys; its folder and what it printed at 80 columns."""
    monkeypatch.setattr("sim.outputs.sweep_charts.benefit_chart", lambda _a: b"")
    monkeypatch.setattr("sim.outputs.sweep_charts.kpi_chart", lambda _a, _k: b"")
    monkeypatch.setenv("COLUMNS", "80")
    files = [str(short_file(tmp_path, b, days=10)) for b in ("small-separate", "small-combined")]
    out = tmp_path / "out"
    argv = ["sweep", *files, *VARY, "--reps", "2", "--jobs", "1", "--out", str(out)]
    assert main(argv) == 0
    (folder,) = out.iterdir()
    return folder, capsys.readouterr().out


def test_the_wide_csv_has_a_row_per_point_and_option_with_the_tidy_means(
    swept: tuple[Path, str],
) -> None:
    folder, _printed = swept
    wide = list(csv.DictReader((folder / "sweep_wide.csv").open()))
    keys = ("practice.providers.0.count", "om_work.interruptions_per_hour")
    assert len(wide) == 2 * 2 * 2
    assert len({(r["option"], *(r[k] for k in keys)) for r in wide}) == len(wide)
    assert all(r["replications"] == "2" for r in wide)
    label = f"{registry().kpis['collected_usd'].label} ({registry().kpis['collected_usd'].unit})"
    assert f"{label}: mean" in wide[0] and f"{label}: 95% CI high" in wide[0]
    assert not any(h.startswith("collected_usd") for h in wide[0])
    tidy = list(csv.DictReader((folder / "sweep.csv").open()))
    for row in wide:
        values = [
            float(t["value"])
            for t in tidy
            if t["kpi"] == "collected_usd"
            and t["option"] == row["option"]
            and all(t[k] == row[k] for k in keys)
        ]
        assert len(values) == 2
        assert float(row[f"{label}: mean"]) == pytest.approx(statistics.fmean(values))


def test_the_printed_break_even_fits_80_columns_without_markdown(swept: tuple[Path, str]) -> None:
    folder, printed = swept
    body = printed.split("\nwrote ")[0]
    assert max(len(line) for line in body.splitlines()) <= 80
    assert "|---" not in body and "| point |" not in body
    assert "net benefit (95% CI)" in body and "small-separate vs small-combined" in body
    assert "| point |" in (folder / "break_even.md").read_text()  # the file keeps its table


def test_the_sweep_values_late_cash_at_the_first_option_s_rate_unless_told(
    tmp_path: Path, monkeypatch
) -> None:
    import json

    monkeypatch.setattr("sim.outputs.sweep_charts.benefit_chart", lambda _a: b"")
    monkeypatch.setattr("sim.outputs.sweep_charts.kpi_chart", lambda _a, _k: b"")
    first = tmp_path / "first.yaml"
    first.write_text(
        f"extends: {short_file(tmp_path, 'small-separate', days=5)}\n"
        "economics:\n  late_cash_annual_rate_share: 0.03\n"
    )
    other = short_file(tmp_path, "small-combined", days=5)
    argv = ["sweep", str(first), str(other), "--vary", "practice.providers.0.count=1"]
    argv += ["--reps", "2", "--jobs", "1", "--quiet"]
    assert main([*argv, "--out", str(tmp_path / "own")]) == 0
    assert main([*argv, "--out", str(tmp_path / "told"), "--late-cash-rate", "0.1"]) == 0
    waits = []
    for folder, rate in (("own", 0.03), ("told", 0.1)):
        (found,) = (tmp_path / folder).iterdir()
        record = json.loads((found / "sweep.json").read_text())
        assert record["late_cash_annual_rate"] == rate
        waits.append(record["summaries"][0]["kpis"]["cohort_cash_wait_cost_usd"]["mean"])
    # The rate told is the one the runs price the wait at, not only the one recorded.
    assert 0 < waits[0] < waits[1]
