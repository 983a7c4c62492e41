"""The report's year tables: a 95% interval on a figure that cannot be negative (a count, an
amount, a share) is shown from zero where it reaches below, and the report says so; which
figures those are is the KPI registry's `can_be_negative`, not a list of the report's own."""

from __future__ import annotations

import copy
import dataclasses
import html

import pytest

from sim.model.registry import registry
from sim.outputs import report as report_module
from sim.outputs.report_pairs import year_cell
from tests.consultant.report_case import client_folder

COUNT = "unsubmitted_claims_end"
CLIPPED_NOTE = "shown from 0"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> report_module.Folder:
    return report_module.read_folder(client_folder(tmp_path_factory.mktemp("years")))


def _years_section(page: str) -> str:
    start = page.index('<h2 id="by-year">')
    return page[start : page.index("</section>", start)]


def test_every_year_row_is_a_registry_kpi_or_names_the_one_it_is_a_form_of() -> None:
    kpis = registry().kpis
    for row in report_module.settings()["years"]:
        assert row.get("kpi", row["key"]) in kpis, row["key"]


def test_a_count_s_interval_below_zero_is_shown_from_zero_and_said(
    folder: report_module.Folder,
) -> None:
    record = copy.deepcopy(folder.record)
    first = next(iter(record["years"]))
    entry = record["years"][first][0]["kpis"][COUNT]
    entry.update({"mean": 2.0, "ci95": [-3.5, 7.5]})
    page = html.unescape(report_module.report_html(dataclasses.replace(folder, record=record)))
    section = _years_section(page)
    row = next(line for line in section.split("</tr>") if "Claims not yet sent" in line)
    assert "(0.0 to 7.5)" in row and "-3.5" not in row and "†" in row
    assert CLIPPED_NOTE in section
    for low in (0.0, 0.5):  # not clipped: the note is said only where a clip was made
        entry.update({"mean": 2.0, "ci95": [low, 7.5]})
        for kpis in (year["kpis"] for years in record["years"].values() for year in years):
            for value in kpis.values():
                if value and value.get("ci95") and (value["ci95"][0] or 0) < 0:
                    value["ci95"] = [0.0, value["ci95"][1]]
        page = html.unescape(report_module.report_html(dataclasses.replace(folder, record=record)))
        assert CLIPPED_NOTE not in _years_section(page) and "†" not in _years_section(page)


def test_an_amount_that_can_be_negative_keeps_its_interval() -> None:
    net = next(key for key, kpi in registry().kpis.items() if kpi.can_be_negative)
    entry = {"mean": 100.0, "ci95": [-50.0, 250.0]}
    kept = year_cell(entry, {"key": net, "format": "usd"})
    assert not kept["clipped"] and "-$50" in kept["ci"]
    clipped = year_cell(entry, {"key": "collected_usd", "format": "usd"})
    assert clipped["clipped"] and clipped["ci"].startswith("$0 ")
