"""The insurance desk: the coordinator's workflow from booking to the posted EOB.

It turns visits into pre-visit checks and claims, sends claims to payers, and reacts to what
comes back: payments to post, denials to correct or appeal, silence to follow up. The office
sees a sent claim the payer has not answered only through its recurring aging review (or the
software's filing-limit alert, where the practice has one): follow-up starts from what a review
lists, never from the claim's hidden state. Deadlines (timely filing, appeal windows, the
aged-out policy) write claims off when work comes too late.

Each stage's work is a mixin in a module beside this one (desk_pre_visit, desk_requests,
desk_posting, desk_denials, desk_eligibility, desk_aging, desk_deadlines), declaring what it
shares in desk_state; this module sets up the desk's state and holds sending a claim and the KPIs.
"""

from __future__ import annotations

from collections.abc import Callable
from statistics import fmean
from typing import Unpack

import simpy

from sim.model.calendar import MINUTES_PER_DAY, Deadlines, OfficeCalendar
from sim.model.claim import Claim, ClaimState, DenialReason, WriteOffReason
from sim.model.desk_aging import AgingReview
from sim.model.desk_deadlines import ClaimDeadlines, _proof_of_filing
from sim.model.desk_denials import DenialsAndAppeals
from sim.model.desk_eligibility import EligibilityRebilling
from sim.model.desk_posting import PaymentPosting
from sim.model.desk_pre_visit import PreVisitChecks
from sim.model.desk_requests import RejectionsAndRequests
from sim.model.desk_state import DeskCounts
from sim.model.desk_write_offs import WriteOffReview
from sim.model.engine import call_later
from sim.model.ledger import Ledger
from sim.model.payer import (
    Answer,
    allowed_cents,
    answer,
    answer_after_waiting,
    contractual_adjustment_cents,
)
from sim.model.streams import rotate
from sim.model.visit import CLAIM_UNIFORMS, PRIMARY_BLOCK, SECONDARY_BLOCK, C, Visit
from sim.model.work import Doer, ItemFields, Lane, WorkItem
from sim.scenario.roles import BILLING_SERVICE, IC
from sim.scenario.schema import Scenario
from sim.scenario.workload import claims_with_attachments_share

S = ClaimState
SENT_OR_ANSWERED = frozenset({S.SUBMITTED, S.APPEALED, S.EOB_RECEIVED})
"""States in which sending a claim again would be moot: at the payer, or already answered."""


class InsuranceDesk(
    PreVisitChecks,
    RejectionsAndRequests,
    PaymentPosting,
    DenialsAndAppeals,
    EligibilityRebilling,
    AgingReview,
    ClaimDeadlines,
    WriteOffReview,
):
    """Creates insurance work and applies its outcomes to claims."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        ledger: Ledger,
        deliver: Callable[[WorkItem], None],
        cancel: Callable[[WorkItem], None],
        calendar: OfficeCalendar,
    ) -> None:
        self.env = env
        self.payers = {p.name: p for p in scenario.payers}
        self.procedures = scenario.practice.procedures
        self.work = scenario.ic_work
        self.policy = scenario.policy
        self.eligibility_causes = scenario.practice.eligibility_denial_causes
        self.patient_collection_share = scenario.practice.patient_collection_share
        self.cob_reply_days = scenario.practice.cob_update_reply_days
        self.attachment_share = claims_with_attachments_share(scenario.practice)
        self.error_rise = scenario.interruptions.error_increase_per_interruption_share
        self.ledger = ledger
        self.deliver = deliver
        self.cancel = cancel
        self.visits: dict[int, Visit] = {}
        self.calendar = calendar
        self.service_level_days = scenario.outsourcing.service_level_business_days
        self.counts = DeskCounts()
        self.deadlines = Deadlines(env)
        self._next_claim_id = 0
        self.software = scenario.practice.software
        self._sent: dict[int, tuple[Claim, float, bool]] = {}
        """Claims sent and not answered as far as the office knows, with the day last sent: the
        aging report's lines (and whether the visit was predetermined, for a claim sent again)."""
        self._denials_seen: dict[int, Claim] = {}
        """Denials whose EOB is posted and whose correction or appeal is not yet done."""
        self._follow_ups_done: dict[int, tuple[float, int]] = {}
        """Day of each claim's last follow-up (an activity the office recorded), and how many."""
        self._misposted_visits: set[int] = set()
        self._review: WorkItem | None = None
        self._plan_reviews()
        self._plan_write_off_reviews()

    @property
    def today(self) -> float:
        return self.env.now / MINUTES_PER_DAY

    def _at(self, minutes_from_now: float, action: Callable[[], None]) -> None:
        call_later(self.env, minutes_from_now, action)

    def _queue(self, item: WorkItem, release: float | None = None) -> None:
        if release is None or release <= self.env.now:
            self.deliver(item)
        else:
            self._at(release - self.env.now, lambda: self.deliver(item))

    def _item(
        self, kind: str, lane: Lane, minutes: float, **kwargs: Unpack[ItemFields]
    ) -> WorkItem:
        return WorkItem(kind, IC, lane, minutes, created=self.env.now, **kwargs)

    # --- claims -------------------------------------------------------------------------

    def visit_done(self, visit: Visit) -> None:
        """Treatment is done: the primary claim exists and waits to be sent."""
        payer = self.payers[visit.payer]
        fee, procedure = visit.fee_cents, visit.procedure
        allowed = allowed_cents(fee, payer, procedure)
        expected = round(allowed * payer.coverage_share[procedure])
        claim = self.new_claim(
            visit,
            payer.name,
            expected,
            PRIMARY_BLOCK,
            fee=fee,
            allowed=allowed,
            adjustment=contractual_adjustment_cents(fee, payer, procedure),
        )
        claim.needs_attachment = visit.needs_attachment
        claim.dual_coverage = visit.second_payer is not None
        if visit.second_payer is not None:
            self.visits[visit.visit_id] = visit
        self.queue_submission(claim, visit)

    def new_claim(
        self,
        visit: Visit,
        payer: str,
        expected_cents: int,
        block: int,
        fee: int = 0,
        allowed: int = 0,
        adjustment: int = 0,
    ) -> Claim:
        """Open a claim on the books; `adjustment` is its contractual adjustment (primary only)."""
        self._next_claim_id += 1
        claim = Claim(
            claim_id=self._next_claim_id,
            visit_id=visit.visit_id,
            payer=payer,
            service_day=visit.appointment / MINUTES_PER_DAY,
            expected_cents=expected_cents,
            procedure=visit.procedure,
            fee_cents=fee,
            allowed_cents=allowed,
            contractual_adjustment_cents=adjustment,
            is_secondary=block == SECONDARY_BLOCK,
            dual_coverage=block == SECONDARY_BLOCK,
            verified=visit.verified,
            u=visit.uniforms[block : block + CLAIM_UNIFORMS],
        )
        claim.deadline_day = claim.service_day + self.payers[payer].timely_filing_days
        self.ledger.open_claim(claim)
        self._watch_limits(claim)
        return claim

    def _watch_limits(self, claim: Claim) -> None:
        """The claim's filing deadline and its age limit (write-off if still open then)."""
        today, deadlines = self.today, self.deadlines
        deadlines.call_later(
            (claim.deadline_day - today) * MINUTES_PER_DAY, lambda: self._filing_deadline(claim)
        )
        age_limit = claim.service_day + self.policy.write_off_after_days
        deadlines.call_later((age_limit - today) * MINUTES_PER_DAY, lambda: self._aged_out(claim))
        if self.software.timely_filing_alerts:
            alert = claim.deadline_day - self.software.alert_days_before_limit
            deadlines.call_later((alert - today) * MINUTES_PER_DAY, lambda: self._alert(claim))

    def queue_submission(self, claim: Claim, visit: Visit | None) -> None:
        minutes = self.work.claim_minutes.from_uniform(claim.u[C.CLAIM_MINUTES])
        if claim.needs_attachment or claim.is_secondary:
            minutes += self.work.attachment_extra_minutes.from_uniform(
                claim.u[C.ATTACHMENT_MINUTES]
            )
        paper, electronic = claim.u[C.PAPER], self.work.claim_electronic_share
        claim.paper = paper >= electronic
        if claim.paper:
            within = (paper - electronic) / (1.0 - electronic)
            minutes += self.work.paper_claim_extra_minutes.from_uniform(within)
        predetermined = visit.predetermined if visit is not None else True
        item = self._item(
            "secondary_claim" if claim.is_secondary else "claim",
            Lane.CLAIM,
            minutes,
            due=claim.deadline_day * MINUTES_PER_DAY,
            complex=claim.needs_attachment,
            claim=claim,
            on_done=lambda it, worker: self._send(claim, it, worker, predetermined),
        )
        claim.pending = item
        self._queue(item)

    def _send(self, claim: Claim, item: WorkItem, worker: Doer, predetermined: bool) -> None:
        """A claim (or a corrected one) goes out; the payer's answer is drawn from its uniforms."""
        claim.pending = None
        today = self.today
        if not claim.is_open or claim.given_up or claim.state in SENT_OR_ANSWERED:
            return
        k = claim.submissions
        claim.submissions += 1
        error_chance = self._error_chance(self.work.claim_error_share, item, worker)
        drawn = rotate(claim.u[C.ERROR], k)
        claim.has_error = drawn < error_chance
        if k == 0 and claim.is_secondary and claim.visit_id in self._misposted_visits:
            claim.has_error = True  # built on a wrongly posted primary payment
        elif drawn < error_chance * self.work.clearinghouse_catch_share:
            self._rejected(claim, predetermined)
            return
        if claim.first_submitted_day is None:
            claim.first_submitted_day = today
            lags = (
                self.counts.secondary_claim_lags if claim.is_secondary else self.counts.claim_lags
            )
            lags.append(today - claim.service_day)
            self._count_service_level(claim, worker)
        else:
            self.counts.resubmissions += 1
        if today > claim.deadline_day and not _proof_of_filing(claim):
            self._cancel_pending(claim)
            self._give_up(claim, WriteOffReason.TIMELY_FILING)
            return
        claim.move(S.SUBMITTED, today)
        payer = self.payers[claim.payer]
        reply = answer(claim, payer, claim.u, predetermined, payer.no_predetermination_denial_share)
        number = claim.submissions
        self._sent[claim.claim_id] = (claim, today, predetermined)
        if reply.lost:
            claim.move(S.LOST, today)
            if number == 1:
                self.counts.first_decided += 1
        else:
            self._at(
                reply.delay_days * MINUTES_PER_DAY, lambda: self._decided(claim, number, reply)
            )

    def _error_chance(self, base: float, item: WorkItem, worker: Doer) -> float:
        """A task's error chance: its base, the person's factor, and a relative rise for each
        interruption taken while doing it (Westbrook et al. 2010)."""
        return base * worker.error_factor(IC) * (1.0 + self.error_rise) ** item.interruptions

    def _count_service_level(self, claim: Claim, worker: Doer) -> None:
        """For an outside billing team: was a visit's claim sent within the promised business days?

        Secondary claims wait for the primary's EOB, so the promise is judged on primary claims.
        """
        if claim.is_secondary or BILLING_SERVICE not in worker.roles:
            return
        self.counts.service_claims += 1
        first, last = int(claim.service_day), int(self.today)
        waited = len(self.calendar.open_days(first + 1, last + 1))
        if waited <= self.service_level_days:
            self.counts.service_within_level += 1

    def submit_opening(self, claim: Claim, sent_day: float) -> None:
        """An opening-A/R claim: sent on `sent_day` (day 0 or before), still unanswered on day 0.

        What is left of its wait is the payer's wait given that it has not answered in the
        days since it was sent (and a claim long unanswered is more likely lost), so no
        payment comes sooner after sending than the payer's wait allows."""
        waited = self.today - sent_day
        claim.submissions = 1
        claim.first_submitted_day = sent_day
        if sent_day > claim.deadline_day:  # sent after its limit: the payer refuses it
            self._give_up(claim, WriteOffReason.TIMELY_FILING)
            return
        claim.move(S.SUBMITTED, sent_day)  # its last activity, for the write-off age
        payer = self.payers[claim.payer]
        reply = answer_after_waiting(claim, payer, claim.u, waited, self.attachment_share)
        self._sent[claim.claim_id] = (claim, sent_day, True)
        if reply.lost:
            claim.move(S.LOST, sent_day)
        else:
            self._at(reply.delay_days * MINUTES_PER_DAY, lambda: self._decided(claim, 1, reply))

    def _decided(self, claim: Claim, number: int, reply: Answer, first: bool = True) -> None:
        """The payer's answer arrives; `first` is False for its decision after information."""
        if claim.state != S.SUBMITTED or claim.submissions != number:
            return
        if first and number == 1 and claim.visit_id > 0:  # opening claims are not first submissions
            self.counts.first_decided += 1
            if reply.denial_reason:
                self.counts.first_denied += 1
            elif not reply.information:
                self.counts.first_pass_ok += 1
        if claim.given_up and (reply.information or reply.denial_reason):
            return  # nothing changes for a claim the office has given up, unless it is paid
        if first and reply.information:
            self._information_requested(claim, number, reply)
            return
        if reply.denial_reason:
            self._denied(claim, reply.denial_reason)
        else:
            claim.paid_cents = reply.paid_cents
            self._paid(claim)

    def start_window(self) -> None:
        """The measured window begins: count only what the desk does from now."""
        self.counts = DeskCounts()

    def results(self) -> dict[str, float | None]:
        """The desk's KPIs: how fast and how cleanly claims went out, and the work it did.

        A mean or rate with nothing to count over (no claim sent, nothing decided, no
        follow-up done) is None, not available: zero would read as a perfect result.
        """
        counts = self.counts
        decided = counts.first_decided
        served = counts.service_claims
        return {
            "claim_lag_days_mean": fmean(counts.claim_lags) if counts.claim_lags else None,
            "secondary_claim_lag_days_mean": (
                fmean(counts.secondary_claim_lags) if counts.secondary_claim_lags else None
            ),
            "first_pass_acceptance_rate": counts.first_pass_ok / decided if decided else None,
            "denial_rate": counts.first_denied / decided if decided else None,
            "verifications_missed": counts.verifications_missed,
            "verifications_skipped": counts.verifications_skipped,
            "follow_up_wait_days_mean": (
                fmean(counts.follow_up_waits) if counts.follow_up_waits else None
            ),
            "appeal_wait_days_mean": fmean(counts.appeal_waits) if counts.appeal_waits else None,
            "predeterminations_missed": counts.predeterminations_missed,
            "predetermination_replies_late": counts.predetermination_replies_late,
            "clearinghouse_rejections": counts.rejections,
            "information_requests": counts.information_requests,
            "estimates_missed": counts.estimates_missed,
            "follow_ups": counts.follow_ups,
            "resubmissions": counts.resubmissions,
            "appeals": counts.appeals,
            "appeals_won": counts.appeals_won,
            "aging_reviews": counts.aging_reviews,
            "aging_review_claims_listed": counts.aging_review_listed,
            "filing_limit_alerts": counts.alerts,
            "error_denials": counts.denials[DenialReason.ERROR],
            "posting_errors": counts.posting_errors,
            "verification_errors": counts.verification_errors,
            "outsourced_claims": served,
            "outsourced_within_service_level_share": (
                counts.service_within_level / served if served else None
            ),
        }
