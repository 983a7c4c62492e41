"""Opening conditions: a backlog of unsent claims and A/R already outstanding on day 0."""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.desk import InsuranceDesk
from sim.model.streams import VISIT_UNIFORMS, Shares, Stream
from sim.model.visit import Visit
from sim.scenario.schema import Scenario

BUCKET_AGES = {"0-30": (1, 30), "31-60": (31, 60), "61-90": (61, 90), "90+": (91, 150)}
OPENING_CLAIM_USD = 250.0


def _opening_visit(visit_id: int, age_days: float, payers: Shares[str], rng: Stream) -> Visit:
    uniforms = [rng.random() for _ in range(VISIT_UNIFORMS)]
    visit = Visit(-visit_id, -1, -age_days * MINUTES_PER_DAY, uniforms)
    visit.insured, visit.verified = True, True
    visit.payer = payers.pick(rng.random())
    return visit


def open_books(desk: InsuranceDesk, scenario: Scenario, rng: Stream) -> None:
    """Create the opening backlog (claims to send) and opening A/R (claims at the payer)."""
    opening = scenario.opening
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
            desk.submit_opening(claim)
            cents_left -= size
