"""The write-off review: a claim the office gives up stays on the books, in A/R and unworked,
until the practice's next review writes it off, and how often the practice reviews changes
when a claim leaves the books, never whether it is given up."""

from __future__ import annotations

from datetime import date, timedelta

from sim.model.claim import ClaimState, WriteOffReason
from sim.model.office import Office
from tests.model.conftest import bundled, run_office, simulated, with_changes


def _review_every(days: int, name: str = "small-combined"):
    base = bundled(name)
    policy = base.policy.model_dump(mode="json") | {"write_off_review_every_days": days}
    return with_changes(base, policy=policy)


def test_every_write_off_is_posted_on_a_review_day() -> None:
    scenario = _review_every(30)
    office = run_office(scenario)
    every = scenario.policy.write_off_review_every_days
    reviews, day = set(), every
    while day <= office.phases.last + every:
        reviews.add(office.calendar.first_open_day(day))
        day = office.calendar.first_open_day(day) + every
    written = [c for c in office.ledger.claims if c.state is ClaimState.WRITTEN_OFF]
    assert written, "the overloaded small office gives some claims up in a year"
    assert {int(c.resolved_day or 0) for c in written} <= reviews


def test_a_rarer_review_holds_more_a_r_and_gives_up_the_same_claims() -> None:
    """Same seeds: a yearly review leaves more A/R on the books at year end than writing off at
    once, while the claims of the year written off by the end of the run-out are the same."""
    at_once, yearly = _review_every(0), _review_every(365)
    more_ar = 0.0
    for replication in range(3):
        now = simulated(at_once, 1, replication).kpis
        later = simulated(yearly, 1, replication).kpis
        assert later["ar_usd_end"] >= now["ar_usd_end"] - 0.01
        more_ar += later["ar_usd_end"] - now["ar_usd_end"]
        # Not to the cent: the aging report lists the claims held for the review too, and its
        # minutes per line move the overloaded person's other work a little.
        gap = abs(later["cohort_written_off_usd"] - now["cohort_written_off_usd"])
        assert gap <= 0.05 * now["cohort_written_off_usd"]
    assert more_ar > 0


def test_opening_claims_past_the_write_off_age_wait_unworked_for_the_review() -> None:
    """An imported claim unanswered since it was sent longer ago than the practice's write-off
    age is one the office has stopped chasing: given up on day 0 (aged out), kept on the books
    and off the follow-up list until the review; a claim sent recently is worked as usual."""
    as_of = date(2025, 3, 31)
    base = bundled("small-separate")
    payer = base.payers[0]

    def row(age: int, sent_age: int) -> dict:
        return {
            "service_date": (as_of - timedelta(days=age)).isoformat(),
            "sent_date": (as_of - timedelta(days=sent_age)).isoformat(),
            "payer": payer.name,
            "expected_usd": 100.0 + age,
        }

    stale = [row(age, age - 3) for age in range(200, 240, 4)]
    recent = [row(age, age - 3) for age in range(40, 80, 4)]
    payers = [p.model_dump(mode="json", by_alias=True) | {"lost_share": 0.9} for p in base.payers]
    policy = base.policy.model_dump(mode="json") | {
        "write_off_after_days": 120,
        "write_off_review_every_days": 60,
    }
    opening = {"as_of": as_of.isoformat(), "claims": stale + recent}
    scenario = with_changes(base, payers=payers, opening=opening, policy=policy, horizon_days=90)
    office = Office(scenario, seed=2, replication=0)
    office.env.run(until=30 * 1440.0)
    opening_claims = [c for c in office.ledger.claims if c.visit_id < 0]
    old = [c for c in opening_claims if c.service_day < -150]
    young = [c for c in opening_claims if c.service_day > -150]
    assert len(old) == len(stale) and len(young) == len(recent)
    assert all(c.given_up is WriteOffReason.AGED_OUT for c in old)
    assert not any(c.given_up for c in young)
    held = [c for c in old if c.state is ClaimState.LOST]
    assert held, "most of the stale claims were lost by the payer"
    assert all(c.submissions == 1 and c.is_open for c in held), "not chased, still on the books"
    assert any(c.submissions > 1 for c in young if c.is_open or c.paid_day), "the young are"
    review = office.calendar.first_open_day(60)
    office.env.run(until=(review + 1) * 1440.0)
    assert all(c.state is ClaimState.WRITTEN_OFF for c in held)


def test_nobody_works_a_claim_once_it_is_given_up() -> None:
    """Between giving a claim up and writing it off, the claim is not sent, corrected or
    appealed, even when the work was already in someone's hands (a yearly review holds many)."""
    scenario = _review_every(365, "reference-combined")
    policy = scenario.policy.model_dump(mode="json") | {"write_off_after_days": 45}
    office = run_office(with_changes(scenario, policy=policy))
    held = [c for c in office.ledger.claims if c.given_up_day is not None]
    assert len(held) > 20
    for claim in held:
        after = [state for day, state in claim.history if day > claim.given_up_day]
        assert set(after) <= {ClaimState.WRITTEN_OFF, ClaimState.EOB_RECEIVED, ClaimState.PAID}, (
            claim.claim_id,
            claim.given_up_day,
            claim.history,
        )
