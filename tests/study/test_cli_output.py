"""What the command prints: tables fitted to the terminal, and progress that names what runs
(issue 12 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.model.registry import registry
from tests.study.conftest import short_file


@pytest.fixture(autouse=True)
def _no_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read what is printed; drawing the charts would only slow them down."""
    monkeypatch.setattr("sim.outputs.charts.compare_charts", lambda _studies, _scenarios=(): {})
    monkeypatch.setattr("sim.outputs.charts.run_charts", lambda _name, _results: {})


@pytest.fixture
def tiny_pair(tmp_path: Path) -> list[str]:
    """Ten-day copies of the small practice, separate and combined."""
    return [
        str(short_file(tmp_path, base, days=10)) for base in ("small-separate", "small-combined")
    ]


def test_compare_fits_80_columns_and_logs_progress_naming_the_comparison(
    tmp_path: Path, tiny_pair: list[str], capsys, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    argv = ["compare", *tiny_pair, "--reps", "2", "--jobs", "1", "--out", str(tmp_path / "o")]
    assert main(argv) == 0
    captured = capsys.readouterr()
    table_lines = captured.out.split("\nwrote ")[0].splitlines()
    assert max(len(line) for line in table_lines) <= 80
    assert "…" not in captured.out and "ar_over_9" not in captured.out
    for kpi in registry().headline:
        assert registry().kpis[kpi].short_label in captured.out
    progress = [line for line in captured.err.splitlines() if "replications," in line]
    assert progress, captured.err
    label = "compare: small-separate vs small-combined (replications of each option): "
    assert all(line.startswith(label) for line in progress)
    # Two replications of each option: the count is per option, not option-runs (4).
    assert progress[-1].startswith(label + "2/2 replications")


def test_quiet_prints_no_progress_and_no_table(
    tmp_path: Path, tiny_pair: list[str], capsys
) -> None:
    argv = ["compare", *tiny_pair, "--reps", "2", "--jobs", "1", "--out", str(tmp_path), "--quiet"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "replications," not in captured.err and "KPI" not in captured.out


def test_progress_of_a_run_names_the_scenario(tmp_path: Path, tiny_pair: list[str], capsys) -> None:
    argv = ["run", tiny_pair[0], "--reps", "2", "--jobs", "1", "--out", str(tmp_path)]
    assert main(argv) == 0
    assert "small-separate: 2/2 replications" in capsys.readouterr().err
