"""Opening conditions: a backlog of unsent claims and A/R already outstanding on day 0.

Two forms: totals (a count of unsent claims, A/R by bucket in $250 claims at random ages), or
the practice's own open claims one by one (`opening.claims`), exact to the cent: each keeps
its payer, amount and age on `opening.as_of`, and unsent claims wait to be sent instead of
being counted as sent. A sent claim's remaining wait is the payer's wait given the days it has
already gone unanswered (since its sent date; the totals form has none and counts from the date
of service, as if sent that day).
"""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.desk import InsuranceDesk
from sim.model.streams import Shares, Stream
from sim.model.visit import VISIT_UNIFORMS, Visit
from sim.scenario.opening_layout import BUCKET_AGES, OPENING_CLAIM_USD
from sim.scenario.schema import Scenario


def _opening_visit(visit_id: int, age_days: float, payers: Shares[str], rng: Stream) -> Visit:
    uniforms = [rng.random() for _ in range(VISIT_UNIFORMS)]
    visit = Visit(-visit_id, -1, -age_days * MINUTES_PER_DAY, uniforms)
    visit.insured, visit.verified = True, True
    visit.payer = payers.pick(rng.random())
    return visit


def service_day(age_days: int) -> float:
    """Where an imported claim of `age_days` whole days on the report sits in model time
    (its date of service; its sent date by the same rule, so it is never before the visit).

    Day 0 is the report's date. The model's aging at the close of a day counts a claim served
    d whole days earlier as d plus part of a day (0-30 holds d = 0..29), while a report counts
    whole days (0-30 holds 0..30); placing the claim at the start of day 1 - age (day 0 at the
    latest) makes day 0's aging row show the report's buckets exactly.
    """
    return -float(max(age_days - 1, 0))


def open_claims_one_by_one(desk: InsuranceDesk, scenario: Scenario, rng: Stream) -> None:
    """The practice's own open claims: sent ones at the payer, unsent ones waiting to be sent."""
    opening, as_of = scenario.opening, scenario.opening.as_of
    assert as_of is not None, "the schema requires opening.as_of with opening.claims"
    for n, row in enumerate(opening.claims):
        age_days = (as_of - row.service_date).days
        uniforms = [rng.random() for _ in range(VISIT_UNIFORMS)]
        start = service_day(age_days) * MINUTES_PER_DAY
        visit = Visit(-(n + 1), -1, start, uniforms)
        visit.insured, visit.verified, visit.payer = True, True, row.payer
        claim = desk.new_claim(visit, row.payer, round(row.expected_usd * 100), 16)
        if row.sent_date is None:
            desk.queue_submission(claim, None)
        else:
            desk.submit_opening(claim, service_day((as_of - row.sent_date).days))


def open_books(desk: InsuranceDesk, scenario: Scenario, rng: Stream) -> None:
    """Create the opening backlog (claims to send) and opening A/R (claims at the payer)."""
    opening = scenario.opening
    if opening.claims:
        open_claims_one_by_one(desk, scenario, rng)
        return
    payers = Shares([(p.name, p.patient_share) for p in scenario.payers])
    for n in range(opening.unsubmitted_claims):
        visit = _opening_visit(n + 1, rng.uniform(1, 10), payers, rng)
        claim = desk.new_claim(visit, visit.payer, round(OPENING_CLAIM_USD * 100), 16)
        desk.queue_submission(claim, None)
    first = opening.unsubmitted_claims + 1
    for bucket, amount in sorted(opening.ar_usd.items()):
        low, high = BUCKET_AGES[bucket]
        cents_left = round(amount * 100)
        while cents_left > 0:
            size = min(cents_left, round(OPENING_CLAIM_USD * 100))
            visit = _opening_visit(first, rng.uniform(low, high), payers, rng)
            first += 1
            claim = desk.new_claim(visit, visit.payer, size, 16)
            desk.submit_opening(claim, claim.service_day)
            cents_left -= size
