"""What one claim brings in work, on average, as the model reckons a claim: how often it is
rejected, denied (and why), appealed, pended for information, followed up and listed on the
aging report. `twohats check` multiplies these by the day's claims (sim/scenario/workload.py).

Each figure follows the model's own rule (sim/model/payer.py, desk_*.py) with every piece of
work done in time: it leaves out what a short-handed office adds (missed checks, so more
eligibility denials) or drops, which only the simulation shows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from sim.scenario.distributions import Distribution
from sim.scenario.schema import Payer, Practice, ProcedureClass, Scenario

PHASES = 8
"""Points at which the aging review's phase is sampled (a claim comes of age at any day
between two reviews)."""
QUANTILES = 64
"""Points of a distribution's quantiles over which a share is averaged."""


@dataclass(frozen=True)
class Denials:
    """Per claim sent: the chance of each outcome that makes denial work."""

    rejected: float
    """Caught by the clearinghouse's edits: reworked and sent again, never reviewed as a denial."""
    error: float
    """Denied for a data or coding error the edits missed: reviewed, corrected, resent."""
    eligibility: float
    """Denied because coverage was not (or wrongly) verified: reviewed, corrected or rebilled."""
    predetermination: float
    """Denied for major work done without the plan's approved predetermination."""
    clinical: float
    """Denied by the plan's dental consultant."""
    appealed: float
    """Appealable denials (clinical, no predetermination) of primary claims at or above the
    appeal threshold: the rest are written off unappealed."""
    unpaid: float
    """Primary claims never paid by their payer (appeal lost or not made, coverage ended)."""

    @property
    def reviewed(self) -> float:
        """Denials on an EOB, each read before it is worked."""
        return self.error + self.eligibility + self.predetermination + self.clinical

    @property
    def appealable(self) -> float:
        """Denials that need an appeal, whatever the amount."""
        return self.predetermination + self.clinical

    @property
    def corrected(self) -> float:
        """Claims corrected and sent again: rejections, error and eligibility denials."""
        return self.rejected + self.error + self.eligibility


def class_weights(
    practice: Practice, shares: dict[str, float]
) -> Iterable[tuple[ProcedureClass, float]]:
    """Each procedure class with its share of visits (for the classes the practice defines)."""
    return ((c, shares.get(c, 0.0)) for c in practice.procedures)


def above_threshold_share(
    practice: Practice, shares: dict[str, float], payer: Payer, threshold_usd: float
) -> float:
    """The share of this payer's claims whose expected insurance amount (fee x allowance x
    coverage, as the model reckons a claim) is at or above `threshold_usd`."""
    total = 0.0
    for procedure, share in class_weights(practice, shares):
        factor = min(1.0, payer.allowance_share[procedure]) * payer.coverage_share[procedure]
        if factor <= 0:
            continue
        fee = practice.procedures[procedure].fee_usd
        total += share * (1.0 - _cdf_below(fee, threshold_usd / factor))
    return total


def _cdf_below(dist: Distribution, x: float) -> float:
    """P(draw < x): the share of draws under `x`."""
    return dist.cdf(x) if x > 0 else 0.0


def late_predetermination_share(practice: Practice, payer: Payer) -> float:
    """The chance the plan's predetermination reply comes after the booked visit, when the
    request goes out the day the visit is booked (the reply wait against the booking lead)."""
    lead, reply = practice.booking_lead_days, payer.predetermination_reply_days
    longest = max(1, math.ceil(lead.from_uniform(0.999)))
    leads = (min(lead.from_uniform((i + 0.5) / QUANTILES), longest) for i in range(QUANTILES))
    return sum(1.0 - reply.cdf(days) for days in leads) / QUANTILES


def unverified_share(scenario: Scenario) -> float:
    """Claims of visits whose coverage was not checked, or checked wrongly: same-day visits are
    never checked ahead, and a check records the wrong coverage at its error rate."""
    same_day = scenario.practice.same_day_share
    return same_day + (1.0 - same_day) * scenario.ic_work.verification_error_share


def denials(scenario: Scenario, shares: dict[str, float]) -> Denials:
    """Per claim, weighted by the payers' shares of patients, in the model's order of reasons:
    an error first, then eligibility, a missing predetermination, then the consultant."""
    practice, work = scenario.practice, scenario.ic_work
    error = work.claim_error_share
    caught = error * work.clearinghouse_catch_share
    unverified = unverified_share(scenario)
    predetermined = sum(
        share * practice.procedures[c].predetermination_share
        for c, share in class_weights(practice, shares)
    ) * (1.0 - practice.same_day_share)
    causes = practice.eligibility_denial_causes
    coverage_ended = causes.get("coverage_ended", 0.0)
    totals = [0.0] * 5
    for payer in scenario.payers:
        eligibility = (1.0 - error) * unverified * payer.unverified_denial_share
        missing = (
            predetermined
            * late_predetermination_share(practice, payer)
            * payer.no_predetermination_denial_share
            if payer.requires_predetermination
            else 0.0
        )
        # A claim corrected and sent again meets the consultant too: clinical denials fall
        # on every claim not already denied for want of a predetermination.
        clinical = (1.0 - missing) * payer.clinical_denial_share
        above = above_threshold_share(practice, shares, payer, scenario.policy.appeal_threshold_usd)
        appealed = (missing + clinical) * above
        unpaid = (
            missing + clinical - appealed * payer.appeal_overturn_share
        ) + eligibility * coverage_ended
        for i, value in enumerate((eligibility, missing, clinical, appealed, unpaid)):
            totals[i] += payer.patient_share * value
    eligibility, missing, clinical, appealed, unpaid = totals
    return Denials(caught, error - caught, eligibility, missing, clinical, appealed, unpaid)


def rebilled_share(scenario: Scenario, denied: Denials) -> float:
    """Claims sent again to another plan after an eligibility denial (the other plan was
    primary): a new claim to send."""
    return denied.eligibility * scenario.practice.eligibility_denial_causes.get(
        "other_plan_primary", 0.0
    )


@dataclass(frozen=True)
class Secondaries:
    """Secondary claims per primary claim paid, and the share of them whose expected amount is
    at or above the appeal threshold (a secondary plan often owes little)."""

    share: float
    above_threshold: float


def secondaries(scenario: Scenario, shares: dict[str, float]) -> Secondaries:
    """The share of primary claims paid that open a secondary claim: a patient with two plans,
    whose second plan owes something after the first has paid (under non-duplication it often
    owes nothing). What it owes is a fixed share of the fee for each pair of plans and class of
    work, so whether it owes is the same at any fee, and the fee sets whether it is above the
    appeal threshold."""
    practice, payers = scenario.practice, scenario.payers
    threshold = scenario.policy.appeal_threshold_usd
    total = above = 0.0
    for first in payers:
        others = [p for p in payers if p.name != first.name]
        weight = sum(p.patient_share for p in others)
        if weight <= 0:
            continue
        for second in others:
            primary, secondary = first, second
            if first.pays_last and not second.pays_last:
                primary, secondary = second, first
            pair = first.patient_share * second.patient_share / weight
            for c, share in class_weights(practice, shares):
                owed = _secondary_owed(primary, secondary, c)
                if owed <= 1e-9:
                    continue
                total += pair * share
                fee = practice.procedures[c].fee_usd
                above += pair * share * (1.0 - _cdf_below(fee, threshold / owed))
    return Secondaries(practice.dual_coverage_share * total, above / total if total else 0.0)


def _secondary_owed(primary: Payer, secondary: Payer, procedure: ProcedureClass) -> float:
    """What the second plan owes on a fee of 1 (the model's COB rule, unrounded)."""
    first = min(1.0, primary.allowance_share[procedure])
    own = min(1.0, secondary.allowance_share[procedure])
    allowable = max(first, own) if primary.network == secondary.network == "in" else first
    paid = first * primary.coverage_share[procedure] * primary.payment_share
    as_primary = own * secondary.coverage_share[procedure]
    if secondary.cob_method == "non_duplication":
        return max(0.0, min(as_primary - paid, allowable - paid))
    return max(0.0, min(as_primary, allowable - paid))


def information_share(scenario: Scenario, attachment: float, dual: float, denied: Denials) -> float:
    """Claims the payer pends for information before paying: more attachments (claims sent
    with some) or a coordination-of-benefits update (claims of patients with two plans);
    `dual` is the share of claims that are such patients'."""
    total = 0.0
    for payer in scenario.payers:
        asked = payer.attachment_request_share
        cob = payer.cob_request_share * dual
        total += payer.patient_share * (attachment * asked + (1.0 - attachment * asked) * cob)
    return total * (1.0 - denied.reviewed - denied.rejected)


def _silent_after(payer: Payer, attachment: float, paper: float, days: float) -> float:
    """P(no answer yet `days` after sending): the payer's wait, longer for a claim under a
    consultant's review (with attachments) and for one sent on paper."""
    share = 0.0
    for on_paper, weight in ((False, 1.0 - paper), (True, paper)):
        scaled = days / payer.paper_wait_multiple if on_paper else days
        waits = (1.0 - attachment) * (1.0 - payer.adjudication_days.cdf(scaled))
        waits += attachment * (1.0 - payer.review_days.cdf(scaled))
        share += weight * waits
    return share


def _times_seen(scenario: Scenario, payer: Payer, attachment: float, spacing: int) -> float:
    """How many times an answered claim is worked (or listed) while unanswered past the
    follow-up age: at the first aging review after that age, then every `spacing` days while
    the payer is still silent."""
    policy = scenario.policy
    paper = 1.0 - scenario.ic_work.claim_electronic_share
    reviews = policy.aging_review_every_days
    total = 0.0
    for i in range(PHASES):
        first = policy.follow_up_age_days + reviews * (i + 0.5) / PHASES
        k = 0
        while True:
            silent = _silent_after(payer, attachment, paper, first + k * spacing)
            if silent < 1e-4 or k > 400:
                break
            total += silent
            k += 1
    return total / PHASES


def chased_per_claim(scenario: Scenario, attachment: float, listed: bool) -> float:
    """Follow-ups per claim sent (or, with `listed`, lines on the aging report): a lost claim
    is found at the review after the follow-up age and sent again, and may be lost again; an
    answered one is chased while the payer is silent, no sooner than the follow-up cadence
    after its last follow-up, and listed on every review."""
    policy = scenario.policy
    reviews = policy.aging_review_every_days
    spacing = reviews if listed else reviews * math.ceil(policy.follow_up_cadence_days / reviews)
    total = 0.0
    for payer in scenario.payers:
        lost = payer.lost_share
        if lost >= 1.0:
            continue
        answered = (1.0 - lost) * _times_seen(scenario, payer, attachment, spacing)
        total += payer.patient_share * (answered + lost) / (1.0 - lost)
    return total
