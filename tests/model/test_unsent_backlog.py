"""Claims never sent are a backlog apart from the A/R, and ratios with no basis are n/a.

The aging (daily `ar_usd_*` columns and the `_end` KPIs) holds what payers owe on claims
sent; the unsent claims have their own count, dollars and age.
"""

from __future__ import annotations

from sim.model.claim import ClaimState
from sim.model.kpis import BUCKET_COLUMNS
from tests.model.conftest import bundled, run_office, with_changes

HORIZON = 40


def _no_coordinator_hours(opening: dict | None = None):
    base = bundled("small-separate")
    staff = [p.model_dump(mode="json") for p in base.staff]
    staff[1]["hours_per_day"] = 0
    staff[0]["overflow"] = None  # and the manager does not help: nobody sends a claim
    # From an empty office, read at the window's end: nothing sent, nothing yet written off.
    study = {"warm_up_days": 0, "run_out_days": 0}
    changes = {"staff": staff, "horizon_days": HORIZON, "study": study}
    if opening is not None:
        changes["opening"] = opening
    return with_changes(base, **changes)


def test_claims_never_sent_are_not_in_the_aging() -> None:
    """Nobody sends a claim: the opening A/R is the only A/R, the rest is the unsent backlog."""
    opening = {"ar_usd": {"0-30": 5000.0, "90+": 2500.0}}
    office = run_office(_no_coordinator_hours(opening))
    rows, result = office.recorder.rows, office.kpis()
    unsent = [c for c in office.ledger.open_claims() if c.state is ClaimState.UNSUBMITTED]
    assert len(unsent) > 100
    for row in rows:
        aging = sum(row[column] for column in BUCKET_COLUMNS.values())
        assert abs(aging - row["ar_usd"]) < 0.01
        assert row["ar_usd"] <= 7500.0  # the opening A/R, never the growing backlog
    last = rows[-1]
    assert last["unsubmitted_claims"] == len(unsent) == result["unsubmitted_claims_end"]
    assert last["unsubmitted_usd"] == round(sum(c.expected_cents for c in unsent) / 100, 2)
    assert last["ar_usd"] == result["ar_usd_end"]
    # The first visit's claim has waited since (about) the first day of the run.
    assert HORIZON - 2 < last["unsubmitted_oldest_age_days"] <= HORIZON
    # Days in A/R is on the aging report's basis (claims sent); the money not yet sent is
    # owed to the practice too, and is reported beside it.
    assert result["unsent_usd_end"] == last["unsubmitted_usd"] > 0
    assert result["days_in_ar"] > 0
    share_sent = result["ar_usd_end"] / (result["ar_usd_end"] + result["unsent_usd_end"])
    assert share_sent < 0.5  # the backlog dwarfs the A/R, and days in A/R does not show it


def _uninsured(horizon_days: int = HORIZON):
    base = bundled("small-separate")
    practice = base.practice.model_copy(update={"insured_share": 0.0})
    return with_changes(
        base, practice=practice.model_dump(mode="json", by_alias=True), horizon_days=horizon_days
    )


def test_the_oldest_unsent_age_is_empty_only_when_nothing_waits() -> None:
    empty = run_office(_uninsured(10)).recorder.window_rows()
    assert all(row["unsubmitted_oldest_age_days"] is None for row in empty)
    from_empty = {"horizon_days": 10, "study": {"warm_up_days": 0}}
    rows = run_office(with_changes(bundled("small-separate"), **from_empty)).recorder.rows
    waiting = [row for row in rows if row["unsubmitted_claims"] > 0]
    assert len(waiting) >= len(rows) // 2  # most days end with the day's claims still to send
    assert all(0 < row["unsubmitted_oldest_age_days"] < 10 for row in waiting)
    assert all(
        row["unsubmitted_oldest_age_days"] is None for row in rows if row["unsubmitted_claims"] == 0
    )


def test_ratios_with_nothing_to_measure_are_not_available() -> None:
    """No insured patient: no charges, no A/R, nothing resolved, nothing unsent."""
    result = run_office(_uninsured()).kpis()
    assert result["claims_created"] == 0
    for key in (
        "days_in_ar",
        "ar_over_90_share_end",
        "net_collection_rate",
        "unsent_claim_age_days_mean_end",
        "outsourced_within_service_level_share",  # no billing service: nothing to time
    ):
        assert result[key] is None, key


def test_no_claim_sent_leaves_the_share_over_90_without_a_basis() -> None:
    result = run_office(_no_coordinator_hours()).kpis()
    assert result["ar_usd_end"] == 0
    assert result["ar_over_90_share_end"] is None
    assert result["net_collection_rate"] is None  # nothing collected nor written off yet
    assert result["unsent_claim_age_days_mean_end"] > 0
    # Nothing sent: the aging report is empty, so days in A/R is zero; the unsent claims
    # stand beside it.
    assert result["days_in_ar"] == 0
    assert result["unsent_usd_end"] > 0
