"""A warm-up, the measured window, and a run-out that follows the window's claims to their end."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sim.model.claim import ClaimState
from sim.model.office import simulate
from sim.scenario.schema import WARM_UP_DAYS, Scenario
from tests.model.conftest import bundled, run_office, with_changes


def short(name: str, **study: int) -> Scenario:
    return with_changes(bundled(name), horizon_days=120, study={"warm_up_days": 28, **study})


def test_the_run_out_stops_once_every_claim_of_the_window_is_closed() -> None:
    office = run_office(short("small-separate"))
    kpis = office.kpis()
    assert 0 < kpis["run_out_days"] < office.phases.run_out_days
    assert office.ledger.followed_open == 0
    assert kpis["cohort_unresolved_usd"] == 0
    assert kpis["cohort_claims"] > 500
    window = [c for c in office.ledger.claims if office.phases.in_window(c.service_day)]
    assert all(not c.is_open for c in window)


def test_no_visit_comes_after_the_window() -> None:
    office = run_office(short("small-combined"))
    assert max(c.service_day for c in office.ledger.claims) < office.phases.end


def test_what_is_open_at_the_cap_is_unresolved_never_cash() -> None:
    office = run_office(short("reference-combined", run_out_days=0))
    kpis = office.kpis()
    assert kpis["run_out_days"] == 0
    window = [c for c in office.ledger.claims if office.phases.in_window(c.service_day)]
    open_unpaid = sum(c.expected_cents for c in window if c.is_open and c.paid_day is None)
    paid = sum(c.paid_cents for c in window if c.paid_day is not None)
    assert open_unpaid > 0
    assert kpis["cohort_unresolved_usd"] == pytest.approx(open_unpaid / 100)
    assert kpis["cohort_collected_usd"] == pytest.approx(paid / 100)
    # The share is over what the payers still owed: a claim rebilled after an eligibility
    # denial (to the patient or another plan) is not the denying payer's to collect.
    moved = sum(c.expected_cents for c in window if c.state is ClaimState.REBILLED)
    assert kpis["cohort_collection_share"] == pytest.approx(
        paid / (sum(c.expected_cents for c in window) - moved)
    )


def test_the_run_out_leaves_the_window_kpis_alone() -> None:
    cut = run_office(short("small-combined", run_out_days=0)).kpis()
    followed = run_office(short("small-combined")).kpis()
    window = [k for k in cut if not k.startswith(("cohort_", "opening_cohort_", "run_out"))]
    assert {k: cut[k] for k in window} == {k: followed[k] for k in window}
    assert followed["cohort_collected_usd"] > cut["cohort_collected_usd"]


def test_the_window_kpis_count_from_the_end_of_the_warm_up() -> None:
    """Flows are the window's: cash and visits of 120 days, not of 148."""
    empty = run_office(short("small-separate", warm_up_days=0)).kpis()
    warmed = run_office(short("small-separate")).kpis()
    assert empty["claims_open_start"] == 0 and warmed["claims_open_start"] > 0
    assert warmed["visits"] == pytest.approx(empty["visits"], rel=0.1)
    # An office opened empty collects little in its first weeks: the warmed one more.
    assert warmed["collected_usd"] > empty["collected_usd"]


def test_daily_rows_mark_the_warm_up_and_count_days_from_the_window() -> None:
    result = simulate(short("small-separate"), 1, 0)
    assert len(result.warm_up) == 28 and len(result.daily) == 120
    assert set(result.warm_up.column("phase")) == {"warm_up"}
    assert set(result.daily.column("phase")) == {"window"}
    assert list(result.warm_up.column("day")) == list(range(-28, 0))
    assert list(result.daily.column("day")) == list(range(120))
    assert result.daily[0]["weekday"] == bundled("small-separate").calendar.start_weekday


def test_opening_books_start_the_window_with_no_warm_up() -> None:
    books = with_changes(bundled("small-separate"), opening={"ar_usd": {"31-60": 5000.0}})
    assert books.warm_up_days == 0
    assert bundled("small-separate").warm_up_days == WARM_UP_DAYS
    with pytest.raises(ValidationError, match="opening books"):
        with_changes(books, study={"warm_up_days": 7})
    kpis = run_office(with_changes(books, horizon_days=90)).kpis()
    assert kpis["warm_up_days"] == 0
    assert kpis["opening_cohort_expected_usd"] == pytest.approx(5000.0)
    assert kpis["opening_cohort_unresolved_usd"] == 0
    assert kpis["opening_cohort_collected_usd"] > 0
