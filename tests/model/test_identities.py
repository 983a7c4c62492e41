"""The two accounting identities of MODEL.md hold in every replication."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import AGING_BUCKETS, AGING_LIMITS, ClaimState, aging_bucket
from sim.model.office import Office
from sim.scenario.loading import load_scenario
from tests.model.conftest import BUNDLED, bundled, run_office, with_changes


def assert_identities(office) -> None:
    ledger = office.ledger
    claims = ledger.claims
    paid = sum(1 for c in claims if c.state == ClaimState.PAID)
    written_off = sum(1 for c in claims if c.state == ClaimState.WRITTEN_OFF)
    rebilled = [c for c in claims if c.state == ClaimState.REBILLED]
    still_open = sum(1 for c in claims if c.is_open)
    assert len(claims) == paid + written_off + len(rebilled) + still_open
    assert paid == ledger.paid_count and written_off == ledger.written_off_count
    assert len(rebilled) == ledger.rebilled_count
    expected = sum(c.expected_cents for c in claims)
    # Cash counts when the payer pays; a paid claim stays open on the books until posted.
    paid_claims = [c for c in claims if c.paid_day is not None]
    assert all(c.state in (ClaimState.PAID, ClaimState.EOB_RECEIVED) for c in paid_claims)
    collected = sum(c.paid_cents for c in paid_claims)
    adjustments = sum(c.expected_cents - c.paid_cents for c in paid_claims)
    gone = sum(c.expected_cents for c in claims if c.state == ClaimState.WRITTEN_OFF)
    outstanding = sum(c.expected_cents for c in claims if c.is_open and c.paid_day is None)
    # An eligibility denial the payer does not owe moves its amount to the patient or to the
    # plan that does owe it (whose own claim is then counted on its own).
    moved = sum(c.expected_cents for c in rebilled)
    assert expected == collected + gone + adjustments + moved + outstanding
    to_patient = sum(c.expected_cents for c in rebilled if c.rebilled_to == "patient")
    assert ledger.moved_to_patient_cents == to_patient
    assert ledger.moved_to_other_plan_cents == moved - to_patient
    assert ledger.patient_collected_cents == sum(
        c.expected_cents for c in rebilled if c.patient_paid
    )
    unposted = [c for c in claims if c.state == ClaimState.EOB_RECEIVED]
    assert ledger.unposted_count == len(unposted)
    assert ledger.unposted_cents == sum(c.paid_cents for c in unposted)
    assert ledger.expected_cents == expected
    assert ledger.collected_cents == collected
    assert sum(ledger.written_off_cents.values()) == gone
    assert ledger.adjustment_cents == adjustments
    # Billed fees: each visit's fee is the plan's allowance plus the contractual adjustment,
    # which is carried on the primary claim only and is in neither the expected nor the gone.
    for c in claims:
        if c.fee_cents and not c.is_secondary:
            assert c.fee_cents == c.allowed_cents + c.contractual_adjustment_cents
            assert c.expected_cents <= c.allowed_cents
        if c.is_secondary:
            assert c.contractual_adjustment_cents == 0
    assert ledger.contractual_adjustment_cents == sum(
        c.contractual_adjustment_cents for c in claims
    )


def kpi_identities(kpis: dict[str, float]) -> None:
    """Over the window, with what was open at its start: open then + created = paid + written
    off + open at the end, in claims and in dollars; and the same for the window's cohort,
    followed to the end of the run-out."""
    assert (
        kpis["claims_open_start"] + kpis["claims_created"]
        == kpis["claims_paid"]
        + kpis["claims_written_off"]
        + kpis["claims_rebilled"]
        + kpis["claims_open"]
    )
    open_by_state = sum(v for k, v in kpis.items() if k.startswith("claims_open."))
    assert open_by_state == kpis["claims_open"]
    money = (
        kpis["collected_usd"]
        + kpis["written_off_usd"]
        + kpis["payer_adjustment_usd"]
        + kpis["moved_to_patient_usd"]
        + kpis["moved_to_other_plan_usd"]
        + kpis["outstanding_usd"]
    )
    owed = kpis["outstanding_usd_start"] + kpis["insurance_expected_usd"]
    assert money == pytest.approx(owed, abs=0.01)
    by_reason = sum(v for k, v in kpis.items() if k.startswith("written_off_usd."))
    assert by_reason == pytest.approx(kpis["written_off_usd"], abs=0.01)
    for cohort in ("cohort", "opening_cohort"):
        ended = (
            kpis[f"{cohort}_collected_usd"]
            + kpis[f"{cohort}_written_off_usd"]
            + kpis[f"{cohort}_payer_adjustment_usd"]
            + kpis[f"{cohort}_moved_usd"]
            + kpis[f"{cohort}_unresolved_usd"]
        )
        assert ended == pytest.approx(kpis[f"{cohort}_expected_usd"], abs=0.01)
        by_reason = sum(v for k, v in kpis.items() if k.startswith(f"{cohort}_written_off_usd."))
        assert by_reason == pytest.approx(kpis[f"{cohort}_written_off_usd"], abs=0.01)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_identities_hold_in_bundled_scenarios(path) -> None:
    scenario = load_scenario(path)
    for replication in range(2):
        office = run_office(scenario, seed=7, replication=replication)
        assert_identities(office)
        kpi_identities(office.kpis())
        assert all(c.history[-1][1] == c.state for c in office.ledger.claims)


perturbation = st.fixed_dictionaries(
    {
        "interruptions_per_hour": st.floats(0, 12),
        "insured_share": st.floats(0, 1),
        "lost_share": st.floats(0, 0.5),
        "clinical_denial_share": st.floats(0, 0.5),
        "timely_filing_days": st.integers(20, 400),
        "appeal_window_days": st.integers(5, 200),
        "hours_per_day": st.floats(0, 10),
        "combined": st.booleans(),
        "follow_up_age_days": st.integers(5, 60),
    }
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(change=perturbation, seed=st.integers(0, 10_000))
def test_identities_hold_in_perturbed_scenarios(change: dict, seed: int) -> None:
    base = bundled("small-separate")
    data = base.model_dump(mode="json", by_alias=True)
    data["horizon_days"] = 150
    data["om_work"]["interruptions_per_hour"] = change["interruptions_per_hour"]
    data["practice"]["insured_share"] = change["insured_share"]
    data["policy"]["follow_up_age_days"] = change["follow_up_age_days"]
    for payer in data["payers"]:
        payer["lost_share"] = change["lost_share"]
        payer["clinical_denial_share"] = change["clinical_denial_share"]
        payer["timely_filing_days"] = change["timely_filing_days"]
        payer["appeal_window_days"] = change["appeal_window_days"]
    data["staff"][1]["hours_per_day"] = change["hours_per_day"]
    if change["combined"]:
        data["staff"] = [dict(data["staff"][0], roles=["om", "ic"], overflow=None)]
    scenario = with_changes(base, **data)
    office = run_office(scenario, seed=seed)
    assert_identities(office)


def _aging_by_hand(office, today: float) -> tuple[dict[str, int], int, int]:
    """Every sent open claim's bucket, and the unsent ones apart, one claim at a time."""
    buckets = dict.fromkeys(AGING_BUCKETS, 0)
    unsent = unsent_cents = 0
    for claim in office.ledger.open_by_id.values():
        if claim.state == ClaimState.UNSUBMITTED:
            unsent += 1
            unsent_cents += claim.expected_cents
        else:
            buckets[aging_bucket(today - claim.service_day)] += claim.expected_cents
    return buckets, unsent, unsent_cents


def _oldest_unsent_by_hand(office, today: float) -> float | None:
    ages = [
        today - c.service_day
        for c in office.ledger.open_by_id.values()
        if c.state == ClaimState.UNSUBMITTED
    ]
    return max(ages) if ages else None


def test_running_aging_and_unsent_totals_match_a_claim_by_claim_count() -> None:
    """The ledger's day-of-service totals agree with a full recount, at every end of day
    and at odd moments, with opening A/R of every age and a growing backlog: the aging holds
    only claims sent, the unsent ones are counted apart, and the two add up to the books."""
    opening = {"unsubmitted_claims": 150, "ar_usd": {"0-30": 9000, "61-90": 6000, "90+": 12000}}
    busy = bundled("reference-combined")
    om_work = busy.om_work.model_dump(mode="json", by_alias=True) | {"interruptions_per_hour": 8}
    staff = [p.model_dump(mode="json") for p in busy.staff]
    staff[0]["habits"]["send_and_post_within_days"] = 0  # old claims wait: the backlog grows
    # No front desk: every interruption reaches the manager, so the backlog grows even though
    # follow-up now comes only from aging reviews (which leave more time for claims).
    practice = busy.practice.model_dump(mode="json", by_alias=True)
    practice["front_desk"]["people"] = 0
    scenario = with_changes(
        busy, opening=opening, om_work=om_work, staff=staff, practice=practice, horizon_days=200
    )
    office = Office(scenario, 4, 0)
    checked = most_unsent = 0
    for minute in [
        d * MINUTES_PER_DAY + extra for d in range(1, 200, 3) for extra in (0.0, 500.0, 1439.9)
    ]:
        office.env.run(until=minute)
        today = office.env.now / MINUTES_PER_DAY
        buckets, unsent, unsent_cents = office.ledger.open_totals(today)
        assert (buckets, unsent, unsent_cents) == _aging_by_hand(office, today), minute
        assert office.ledger.oldest_unsent_age(today) == _oldest_unsent_by_hand(office, today)
        on_books = sum(c.expected_cents for c in office.ledger.open_by_id.values())
        assert sum(buckets.values()) + unsent_cents == on_books, minute
        checked += 1
        most_unsent = max(most_unsent, unsent)
    # The recount was checked while a backlog of more than 50 unsent claims waited.
    assert checked > 100 and most_unsent > 50


def test_aging_limits_are_the_bucket_boundaries() -> None:
    for limit, bucket, older in zip(
        AGING_LIMITS, AGING_BUCKETS[:-1], AGING_BUCKETS[1:], strict=True
    ):
        assert aging_bucket(limit) == bucket
        assert aging_bucket(limit + 1e-9) == older
