"""Terminal tables fit the width or wrap by row, with short labels and no cut headers
(issue 12 item 7)."""

from __future__ import annotations

from sim.model.registry import registry
from sim.outputs.comparison import kpi_table
from sim.outputs.terminal import TextTable, render

WIDE = TextTable(
    "title",
    "KPI",
    ("a-very-long-option-name", "another-long-option-name"),
    (
        ("Claim lag: days from visit to first submission", ("1.2 (1.0 to 1.4)", "41.0 (39 to 43)")),
        ("Write-offs", ("$1,234 ($1,000 to $1,468)", "$2,345 ($2,000 to $2,690)")),
    ),
)


def test_a_table_that_fits_is_one_line_a_row_with_whole_headers() -> None:
    text = render(WIDE, width=200)
    lines = text.splitlines()
    assert len(lines) == 2 + 1 + len(WIDE.rows)  # title, headers, rule, rows
    assert "a-very-long-option-name" in lines[1] and "another-long-option-name" in lines[1]
    assert max(len(line) for line in lines) <= 200


def test_a_table_too_wide_wraps_by_row_within_80_columns_and_cuts_nothing() -> None:
    text = render(WIDE, width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    for label, cells in WIDE.rows:
        assert label in text
        for column, cell in zip(WIDE.columns, cells, strict=True):
            # Each option's value sits on its own line beside the option's name.
            assert any(column in line and cell in line for line in text.splitlines())


def test_the_kpi_table_uses_the_registry_short_labels() -> None:
    entry = {"mean": 0.1, "ci95": [0.05, 0.15]}
    summaries = {"one": {"ar_over_90_share_end": entry}, "two": {"ar_over_90_share_end": entry}}
    table = kpi_table(summaries, 5)
    assert table.rows[0][0] == registry().kpis["ar_over_90_share_end"].short_label
    assert "ar_over_90_share_end" not in render(table, width=80)
