"""What the command prints: tables fitted to the terminal, and progress that names what runs
(issue 12 item 7)."""

from __future__ import annotations

from pathlib import Path

from sim.cli import main
from sim.model.registry import registry


def test_the_compare_tables_fit_80_columns(
    tmp_path: Path, short_separate: Path, short_combined: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    argv = ["compare", str(short_separate), str(short_combined), "--reps", "2", "--jobs", "1"]
    assert main([*argv, "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    table_lines = printed.split("\nwrote ")[0].splitlines()
    assert max(len(line) for line in table_lines) <= 80
    assert "…" not in printed and "ar_over_9" not in printed
    for kpi in registry().headline:
        assert registry().kpis[kpi].short_label in printed
