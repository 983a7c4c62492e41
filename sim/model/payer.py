"""How a payer answers a submission: lost, denied (and why) or paid, and after how long."""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.claim import Claim
from sim.model.streams import rotate
from sim.model.visit import C
from sim.scenario.schema import Payer

CORRECTABLE = frozenset({"error", "eligibility"})
"""Denial reasons fixed by correcting and resubmitting; the others need an appeal."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The payer's response to one submission."""

    lost: bool
    delay_days: float
    denial_reason: str | None
    paid_cents: int


def answer(
    claim: Claim, payer: Payer, u: list[float], predetermined: bool, no_predet_denial: float
) -> Answer:
    """Decide submission number `claim.submissions` from the claim's own uniforms `u`."""
    k = claim.submissions - 1
    if rotate(u[C.LOST], k) < payer.lost_share:
        return Answer(lost=True, delay_days=0.0, denial_reason=None, paid_cents=0)
    delay = payer.adjudication_days.from_uniform(rotate(u[C.DELAY], k))
    reason = _denial_reason(claim, payer, u, k, predetermined, no_predet_denial)
    paid = 0 if reason else round(claim.expected_cents * payer.payment_share)
    return Answer(lost=False, delay_days=delay, denial_reason=reason, paid_cents=paid)


def _denial_reason(
    claim: Claim, payer: Payer, u: list[float], k: int, predetermined: bool, no_predet_denial: float
) -> str | None:
    if claim.has_error:
        return "error"
    if not claim.verified and rotate(u[C.ELIGIBILITY], k) < payer.unverified_denial_share:
        return "eligibility"
    if not predetermined and rotate(u[C.PREDETERMINATION], k) < no_predet_denial:
        return "no_predetermination"
    if rotate(u[C.CLINICAL], k) < payer.clinical_denial_share:
        return "clinical"
    return None


def appeal_overturned(payer: Payer, u: list[float]) -> bool:
    return u[C.OVERTURN] < payer.appeal_overturn_share


def secondary_expected_cents(
    fee_cents: int, primary_paid_cents: int, payer: Payer, coverage: float
) -> int:
    """What the secondary plan is expected to pay, by its coordination-of-benefits method."""
    as_primary = round(fee_cents * coverage)
    if payer.cob_method == "non_duplication":
        return max(0, as_primary - primary_paid_cents)
    return max(0, min(as_primary, fee_cents - primary_paid_cents))
