"""No cell twohats writes runs as a spreadsheet formula: text that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return gets a leading `'` (OWASP's rule for CSV injection), in every
CSV and Markdown table, while numbers, negative ones too, stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from sim.cli import main
from sim.outputs.tables import csv_bytes, markdown_table, safe_cell

DANGER = ("=", "+", "-", "@", "\t", "\r")
DUTY = "=1+2"
EVENT = "+cmd|' /C notepad'!A0"
SCENARIO = f"""name: odd
staff:
  - name: office_manager
    roles: [om, ic]
horizon_days: 8
om_work:
  duties:
    - name: "{DUTY}"
      every: day
      minutes: {{dist: triangular, min: 5, mode: 10, max: 15}}
      release_hour: 9
      due_hour: 12
  events:
    - name: "{EVENT}"
      per_month: 80
      minutes: {{dist: exponential, mean: 5}}
"""


def _cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _read(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode(), newline="")))


def _looks_like_a_formula(cell: str) -> bool:
    if not cell.startswith(DANGER):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "odd.yaml"
    path.write_text(SCENARIO)
    return path


def test_trace_names_are_text_not_formulas(tmp_path, scenario) -> None:
    out = tmp_path / "out"
    argv = ["run", str(scenario), "--reps", "1", "--jobs", "1", "--trace", "--quiet"]
    assert main([*argv, "--out", str(out)]) == 0
    for name in ("trace.csv", "daily.csv"):
        rows = _cells(out / "odd" / name)
        assert not [c for row in rows for c in row if _looks_like_a_formula(c)], name
    items = {row[5] for row in _cells(out / "odd" / "trace.csv")[1:]}
    assert "'" + DUTY in items and "'" + EVENT in items


def test_sweep_values_are_text_not_formulas(tmp_path, scenario) -> None:
    out = tmp_path / "out"
    vary = f"om_work.duties.0.name={DUTY},@SUM(A1),-1+cmd"
    argv = ["sweep", str(scenario), "--vary", vary, "--reps", "1", "--jobs", "1", "--quiet"]
    assert main([*argv, "--out", str(out)]) == 0
    (folder,) = out.iterdir()
    for name in ("sweep.csv", "sweep_wide.csv"):
        rows = _cells(folder / name)
        assert not [c for row in rows for c in row if _looks_like_a_formula(c)], name
        assert {"'=1+2", "'@SUM(A1)", "'-1+cmd"} <= {row[1] for row in rows[1:]}


@pytest.mark.parametrize("value", [-3.5, -2, 0, "-3.5", "-$1,200", "+2.1 points", "-8.2%"])
def test_numbers_stay_numbers(value) -> None:
    assert safe_cell(value) == value
    assert _read(csv_bytes([[value]])) == [str(value)]


def test_a_number_with_its_interval_stays_as_written() -> None:
    cell = "-$32 (-$1,457 to +$1,393)"
    assert markdown_table(["KPI", "a"], [["cash", cell]])[2] == f"| cash | {cell} |"


@pytest.mark.parametrize("text", ["=1+2", "+cmd|x", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "-1 +cmd"])
def test_formula_text_gets_a_quote(text) -> None:
    assert safe_cell(text) == "'" + text
    assert _read(csv_bytes([[text]])) == ["'" + text.replace("\r", "\n")]


def test_markdown_cells_stay_in_their_column() -> None:
    lines = markdown_table(["point", "x"], [["a|b", "=1\n+2"]])
    assert lines == ["| point | x |", "|---|---|", "| a\\|b | '=1 +2 |"]
