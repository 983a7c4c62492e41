"""How a payer answers a submission: lost, denied (and why) or paid, and after how long."""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.claim import Claim, DenialReason
from sim.model.streams import rotate
from sim.model.visit import C
from sim.scenario.distributions import Distribution
from sim.scenario.schema import Payer, ProcedureClass

CORRECTABLE = frozenset({DenialReason.ERROR, DenialReason.ELIGIBILITY})
"""Denial reasons fixed by correcting and resubmitting; the others need an appeal."""


@dataclass(frozen=True, slots=True)
class Answer:
    """The payer's response to one submission."""

    lost: bool
    delay_days: float
    denial_reason: DenialReason | None
    paid_cents: int
    information: str | None = None
    """A request for information before paying: "attachments" (from the office) or "cob"
    (a coordination-of-benefits update from the patient); None when the payer decides at once."""


def answer(
    claim: Claim, payer: Payer, u: list[float], predetermined: bool, no_predet_denial: float
) -> Answer:
    """Decide submission number `claim.submissions` from the claim's own uniforms `u`."""
    k = claim.submissions - 1
    if rotate(u[C.LOST], k) < payer.lost_share:
        return Answer(lost=True, delay_days=0.0, denial_reason=None, paid_cents=0)
    delay = wait_days(claim, payer).from_uniform(rotate(u[C.DELAY], k))
    delay *= paper_multiple(claim, payer)
    reason = _denial_reason(claim, payer, u, k, predetermined, no_predet_denial)
    paid = 0 if reason else round(claim.expected_cents * payer.payment_share)
    info = None if reason else _information_request(claim, payer, u, k)
    return Answer(
        lost=False, delay_days=delay, denial_reason=reason, paid_cents=paid, information=info
    )


def wait_days(claim: Claim, payer: Payer) -> Distribution:
    """The payer's wait for this claim sent electronically: longer for one sent with
    attachments, which a dental consultant reviews before the plan decides."""
    return payer.review_days if claim.needs_attachment else payer.adjudication_days


def paper_multiple(claim: Claim, payer: Payer) -> float:
    """How much longer the payer takes because the claim came on paper (1 when it did not)."""
    return payer.paper_wait_multiple if claim.paper else 1.0


def _information_request(claim: Claim, payer: Payer, u: list[float], k: int) -> str | None:
    """Whether a claim the payer would pay is first pended for information, and for what:
    more attachments (only a claim sent with some), or a coordination-of-benefits update from
    the patient (only a claim for a patient with two plans).

    Drawn from the clinical uniform, which is uniform above the clinical denial share when the
    claim was not denied clinically (so no new random number, and runs stay paired)."""
    clinical = payer.clinical_denial_share
    if clinical >= 1.0:
        return None
    v = (rotate(u[C.CLINICAL], k) - clinical) / (1.0 - clinical)
    if not 0.0 <= v < 1.0:
        return None
    if claim.needs_attachment:
        share = payer.attachment_request_share
        if v < share:
            return "attachments"
        v = (v - share) / (1.0 - share) if share < 1.0 else 1.0
    if claim.dual_coverage and v < payer.cob_request_share:
        return "cob"
    return None


def answer_after_waiting(
    claim: Claim,
    payer: Payer,
    u: list[float],
    waited_days: float,
    attachment_share: float | None = None,
) -> Answer:
    """The first answer to a claim sent `waited_days` ago that the payer has not answered yet.

    Both draws are conditioned on that silence, from the claim's own uniforms (no extra
    random numbers, so common random numbers hold): the remaining wait is the payer's wait W
    given W > waited_days, by inverse transform on the upper part of its CDF; and a claim long
    unanswered is more likely lost, P(lost | no answer yet) = p / (p + (1 - p) S), with
    S = P(W > waited_days). When the wait distribution has no mass left beyond that age, the
    claim can only be lost (follow-up finds it).

    An imported claim whose kind the books do not say (`attachment_share` given: the
    practice's share of claims sent with attachments) waits as the mixture of a clean claim
    and one under a consultant's review, so a claim unanswered for weeks is more likely under
    review than lost; given the silence, it is under review with probability a S_r / S.
    """
    waits = _waits(claim, payer, attachment_share)
    still_possible = sum(weight * (1.0 - wait.cdf(waited_days)) for weight, wait in waits)
    p = payer.lost_share
    silent = p + (1.0 - p) * still_possible
    lost_given_silence = p / silent if silent > 0 else 1.0
    if u[C.LOST] < lost_given_silence or still_possible <= 0:
        return Answer(lost=True, delay_days=0.0, denial_reason=None, paid_cents=0)
    wait = _given_silence(waits, waited_days, still_possible, u[C.LOST], lost_given_silence)
    answered_by_now = wait.cdf(waited_days)
    total = wait.from_uniform(answered_by_now + u[C.DELAY] * (1.0 - answered_by_now))
    reason = _denial_reason(claim, payer, u, 0, True, payer.no_predetermination_denial_share)
    paid = 0 if reason else round(claim.expected_cents * payer.payment_share)
    return Answer(
        lost=False,
        delay_days=max(total - waited_days, 0.0),
        denial_reason=reason,
        paid_cents=paid,
    )


def _waits(
    claim: Claim, payer: Payer, attachment_share: float | None
) -> list[tuple[float, Distribution]]:
    """The claim's wait, or for a claim of unknown kind the two waits with their shares."""
    if attachment_share is None:
        return [(1.0, wait_days(claim, payer))]
    return [
        (1.0 - attachment_share, payer.adjudication_days),
        (attachment_share, payer.review_days),
    ]


def _given_silence(
    waits: list[tuple[float, Distribution]],
    waited_days: float,
    still_possible: float,
    u_lost: float,
    lost_given_silence: float,
) -> Distribution:
    """Which wait a silent, not-lost claim is in, from the part of its lost uniform above the
    lost chance (uniform there, so no new random number is drawn)."""
    if len(waits) == 1:
        return waits[0][1]
    v = (u_lost - lost_given_silence) / (1.0 - lost_given_silence)
    clean_weight, clean = waits[0]
    clean_share = clean_weight * (1.0 - clean.cdf(waited_days)) / still_possible
    return clean if v < clean_share else waits[1][1]


def _denial_reason(
    claim: Claim, payer: Payer, u: list[float], k: int, predetermined: bool, no_predet_denial: float
) -> DenialReason | None:
    if claim.has_error:
        return DenialReason.ERROR
    if not claim.verified and rotate(u[C.ELIGIBILITY], k) < payer.unverified_denial_share:
        return DenialReason.ELIGIBILITY
    required = payer.requires_predetermination
    if required and not predetermined and rotate(u[C.PREDETERMINATION], k) < no_predet_denial:
        return DenialReason.NO_PREDETERMINATION
    if rotate(u[C.CLINICAL], k) < payer.clinical_denial_share:
        return DenialReason.CLINICAL
    return None


def appeal_overturned(payer: Payer, u: list[float]) -> bool:
    return u[C.OVERTURN] < payer.appeal_overturn_share


def allowed_cents(fee_cents: int, payer: Payer, procedure: ProcedureClass) -> int:
    """The plan's allowed amount for an office fee: the contracted fee in network, the plan's
    maximum out of network; never more than the fee itself."""
    return min(fee_cents, round(fee_cents * payer.allowance_share[procedure]))


def contractual_adjustment_cents(fee_cents: int, payer: Payer, procedure: ProcedureClass) -> int:
    """What an in-network office agrees not to charge: the fee above the contracted allowance.

    Out of network there is no contract, so none (the patient owes the rest of the fee)."""
    if payer.network != "in":
        return 0
    return fee_cents - allowed_cents(fee_cents, payer, procedure)


def allowable_expense_cents(
    fee_cents: int, primary: Payer, secondary: Payer, procedure: ProcedureClass
) -> int:
    """The most the two plans together may pay (the NAIC coordination-of-benefits rule): the
    higher negotiated fee when both plans have one with the office, else the primary plan's
    own allowance."""
    first = allowed_cents(fee_cents, primary, procedure)
    if primary.network == "in" and secondary.network == "in":
        return max(first, allowed_cents(fee_cents, secondary, procedure))
    return first


def secondary_expected_cents(
    allowable_cents: int, primary_paid_cents: int, payer: Payer, as_primary_cents: int
) -> int:
    """What the secondary plan is expected to pay, by its coordination-of-benefits method.

    `as_primary_cents` is what it would pay were it primary (its coverage of its own allowance);
    together the plans never pay more than the allowable expense."""
    if payer.cob_method == "non_duplication":
        return max(
            0, min(as_primary_cents - primary_paid_cents, allowable_cents - primary_paid_cents)
        )
    return max(0, min(as_primary_cents, allowable_cents - primary_paid_cents))
