"""A scenario with opening books reads year by year, and its years add up to the window."""

from __future__ import annotations

import pytest

from sim.model.office import simulate
from sim.outputs.results import study_record
from sim.study.replications import summarise
from sim.study.years import by_year, year_kpis
from tests.model.conftest import bundled, with_changes


def test_the_years_of_a_client_horizon_add_up_to_its_window() -> None:
    books = with_changes(
        bundled("small-combined"),
        horizon_days=400,
        opening={"ar_usd": {"31-60": 4000.0, "90+": 2000.0}, "unsubmitted_claims": 12},
        study={"run_out_days": 200},
    )
    results = [simulate(books, 2, r) for r in range(2)]
    years = by_year(results)
    assert [y["days"] for y in years] == [[0, 364], [365, 399]]
    for r, result in enumerate(results):
        kpis = result.kpis
        parts = [year_kpis(result, *y["days"]) for y in years]
        assert sum(p["collected_usd"] for p in parts) == pytest.approx(kpis["collected_usd"])
        assert sum(p["written_off_usd"] for p in parts) == pytest.approx(kpis["written_off_usd"])
        assert parts[-1]["ar_usd_end"] == pytest.approx(kpis["ar_usd_end"])
        # duties late: the KPI's definition (done late, or undone past due at the end)
        done_late = sum(p["om_tasks_done_late"] for p in parts)
        assert done_late + parts[-1]["om_tasks_undone_end"] == kpis["om_tasks_late"], r
        for p in parts:
            assert (
                p["om_tasks_late_or_undone"] == p["om_tasks_done_late"] + p["om_tasks_undone_end"]
            )
        assert kpis["opening_cohort_expected_usd"] == pytest.approx(6000.0 + 12 * 250.0), r
    record = study_record(books, 2, results, summarise(results))
    assert record["warm_up_days"] == 0 and record["years"] == years
    assert len(result.warm_up) == 0
