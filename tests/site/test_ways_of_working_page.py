"""The consultants' ways-of-working table is generated from the workload code, not typed."""

from __future__ import annotations

from pathlib import Path

from sim.scenario.loading import load_scenario
from sim.scenario.ways_of_working import ways_of_working
from sim.site import __main__ as site
from sim.site import ways_of_working as page

ROOT = Path(__file__).resolve().parents[2]


def test_the_page_includes_the_generated_table_and_the_generator_runs() -> None:
    text = (ROOT / "docs/consultants/staffing-options.md").read_text(encoding="utf-8")
    assert f'--8<-- "generated/{page.FRAGMENT}"' in text
    assert page.generate in site.GENERATORS


def test_each_row_carries_the_workload_codes_numbers() -> None:
    rendered = page.render(ROOT)
    rows = [line for line in rendered.splitlines() if line.startswith("| ") and "---" not in line]
    ways = ways_of_working(load_scenario(ROOT / "scenarios" / page.SCENARIO))
    assert len(rows) == 1 + len(ways)
    for row, way in zip(rows[1:], ways, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[-2:] == [f"{way.visits_tight:.0f}", f"{way.visits_full:.0f}"]
        assert cells[2] == f"{way.kind_hours:.1f}"
