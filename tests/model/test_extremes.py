"""Extreme conditions run cleanly and give the obvious answers."""

from __future__ import annotations

from tests.model.conftest import bundled, run_office, with_changes
from tests.model.test_identities import assert_identities


def test_no_insured_patients_means_no_claims() -> None:
    base = bundled("small-separate")
    practice = base.practice.model_copy(update={"insured_share": 0.0})
    office = run_office(
        with_changes(base, practice=practice.model_dump(mode="json", by_alias=True))
    )
    result = office.kpis()
    assert result["visits"] > 1000
    assert result["claims_created"] == 0
    assert result["collected_usd"] == 0 and result["ar_usd_end"] == 0
    assert result["utilization.insurance_coordinator"] < 0.1


def test_no_coordinator_hours_means_no_claim_is_ever_sent() -> None:
    base = bundled("small-separate")
    staff = [p.model_dump(mode="json") for p in base.staff]
    staff[1]["hours_per_day"] = 0
    staff[0]["overflow"] = None  # and the manager does not help: nobody sends a claim
    office = run_office(with_changes(base, staff=staff))
    result = office.kpis()
    assert result["claims_created"] > 1000
    assert result["claims_paid"] == 0
    assert result["collected_usd"] == 0
    assert result["claim_lag_days_mean"] is None  # no claim sent: not available, not 0
    assert result["written_off_usd.timely_filing"] > 0
    assert_identities(office)


def test_nobody_on_staff_still_runs() -> None:
    office = run_office(with_changes(bundled("small-separate"), staff=[], horizon_days=60))
    result = office.kpis()
    assert result["interruptions_unanswered.om"] == result["interruptions.om"] > 0
    assert result["claims_paid"] == 0
    assert_identities(office)


def test_three_year_horizon_runs_and_keeps_books() -> None:
    office = run_office(with_changes(bundled("small-separate"), horizon_days=3 * 365))
    result = office.kpis()
    assert len(office.recorder.window_rows()) == 3 * 365
    assert result["claims_paid"] > 0.9 * result["claims_created"]
    assert 10 < result["days_in_ar"] < 60
    assert_identities(office)


def test_opening_backlog_and_ar_are_worked_off() -> None:
    opening = {"unsubmitted_claims": 200, "ar_usd": {"0-30": 20000, "90+": 10000}}
    office = run_office(with_changes(bundled("small-separate"), opening=opening, horizon_days=120))
    assert_identities(office)
    opening_claims = [c for c in office.ledger.claims if c.visit_id < 0]
    assert len(opening_claims) == 200 + 80 + 40
    assert sum(c.expected_cents for c in opening_claims if c.service_day < -90) == 1_000_000
    assert sum(1 for c in opening_claims if c.state.value == "unsubmitted") == 0
