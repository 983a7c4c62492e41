"""Claim lag on primary claims, secondary lag apart; days in A/R on the aging report's basis."""

from __future__ import annotations

from statistics import fmean

from sim.model.claim import ClaimState
from tests.model.conftest import bundled, run_office, with_changes


def _read_at_the_window_end(name: str):
    """120 days after the warm-up, with no run-out: the ledger is left as the window ends."""
    return with_changes(bundled(name), horizon_days=120, study={"run_out_days": 0})


def test_claim_lag_counts_primary_claims_and_secondary_lag_is_its_own_kpi() -> None:
    office = run_office(_read_at_the_window_end("reference-separate"), seed=2)
    kpis = office.kpis()
    # The KPIs are the window's: the claims first sent in it (not in the warm-up).
    start = office.phases.start
    sent = [
        c
        for c in office.ledger.claims
        if c.first_submitted_day is not None and c.first_submitted_day >= start
    ]
    primary = [c.first_submitted_day - c.service_day for c in sent if not c.is_secondary]
    secondary = [c.first_submitted_day - c.service_day for c in sent if c.is_secondary]
    assert primary and secondary
    assert kpis["claim_lag_days_mean"] == fmean(primary)
    assert kpis["secondary_claim_lag_days_mean"] == fmean(secondary)
    # A secondary waits for the primary's EOB; folding it in would make a prompt office look slow.
    assert kpis["secondary_claim_lag_days_mean"] > 5 * kpis["claim_lag_days_mean"]
    assert kpis["claim_lag_days_mean"] <= 1.5


def test_days_in_ar_counts_the_claims_on_the_aging_report_only() -> None:
    office = run_office(_read_at_the_window_end("reference-combined"), seed=2)
    kpis = office.kpis()
    ledger = office.ledger
    sent_open = sum(
        c.expected_cents for c in ledger.open_claims() if c.state is not ClaimState.UNSUBMITTED
    )
    unsent = sum(
        c.expected_cents for c in ledger.open_claims() if c.state is ClaimState.UNSUBMITTED
    )
    assert unsent > 0
    assert kpis["ar_usd_end"] == round(sent_open / 100, 2)
    assert kpis["unsent_usd_end"] == round(unsent / 100, 2)
    end = office.phases.end
    recent = sum(c.expected_cents for c in ledger.claims if c.service_day >= end - 90) / 90
    assert abs(kpis["days_in_ar"] - sent_open / recent) < 1e-9
