"""The insurance desk: the coordinator's workflow from booking to the posted EOB.

It turns visits into pre-visit checks and claims, sends claims to payers, and reacts to what
comes back: payments to post, denials to correct or appeal, silence to follow up. The office
sees a sent claim the payer has not answered only through its recurring aging review (or the
software's filing-limit alert, where the practice has one): follow-up starts from what a review
lists, never from the claim's hidden state. Deadlines (timely filing, appeal windows, the
aged-out policy) write claims off when work comes too late.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import fmean
from typing import Unpack

import simpy

from sim.model.calendar import MINUTES_PER_DAY, Deadlines, OfficeCalendar, at
from sim.model.claim import Claim, ClaimState, DenialReason, WriteOffReason
from sim.model.engine import call_later
from sim.model.ledger import Ledger
from sim.model.payer import (
    CORRECTABLE,
    Answer,
    allowable_expense_cents,
    allowed_cents,
    answer,
    answer_after_waiting,
    appeal_overturned,
    contractual_adjustment_cents,
    secondary_expected_cents,
    wait_days,
)
from sim.model.streams import Shares, rotate
from sim.model.visit import CLAIM_UNIFORMS, PRIMARY_BLOCK, SECONDARY_BLOCK, C, U, Visit
from sim.model.work import Doer, ItemFields, Lane, WorkItem
from sim.scenario.roles import BILLING_SERVICE, IC
from sim.scenario.schema import Payer, Scenario
from sim.scenario.workload import claims_with_attachments_share

S = ClaimState
SENT_OR_ANSWERED = frozenset({S.SUBMITTED, S.APPEALED, S.EOB_RECEIVED})
"""States in which sending a claim again would be moot: at the payer, or already answered."""


@dataclass
class DeskCounts:
    """What the desk did, for the KPIs."""

    first_decided: int = 0
    first_pass_ok: int = 0
    first_denied: int = 0
    denials: Counter[DenialReason] = field(default_factory=Counter)
    claim_lags: list[float] = field(default_factory=list)
    """Days from service to first submission, primary claims only."""
    secondary_claim_lags: list[float] = field(default_factory=list)
    """The same for secondary claims, which cannot go before the primary's EOB is posted."""
    verifications_done: int = 0
    verifications_missed: int = 0
    verifications_skipped: int = 0
    predeterminations_missed: int = 0
    predetermination_replies_late: int = 0
    rejections: int = 0
    """Claims the clearinghouse rejected (never reached the payer; reworked and sent again)."""
    information_requests: int = 0
    """Claims the payer pended for attachments or a patient's COB update before deciding."""
    """Predeterminations sent in time whose reply came after the treatment."""
    estimates_missed: int = 0
    follow_ups: int = 0
    follow_up_waits: list[float] = field(default_factory=list)
    """Days each follow-up waited after it fell due (how far follow-up slipped)."""
    resubmissions: int = 0
    appeals: int = 0
    appeal_waits: list[float] = field(default_factory=list)
    """Days from each appealable denial to its appeal going out."""
    appeals_won: int = 0
    aging_reviews: int = 0
    aging_review_listed: int = 0
    alerts: int = 0
    posting_errors: int = 0
    verification_errors: int = 0
    service_claims: int = 0
    service_within_level: int = 0


class InsuranceDesk:
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

    # --- before the visit -------------------------------------------------------------

    def book(self, visit: Visit) -> None:
        """A visit was booked: verify, predetermine and estimate before it, where needed."""
        if not visit.insured or visit.same_day:
            return
        work, appointment, u = self.work, visit.appointment, visit.uniforms
        electronic = u[U.VERIFY_ELECTRONIC] < work.verification_electronic_share
        dist = (
            work.verification_electronic_minutes if electronic else work.verification_manual_minutes
        )
        verification = self._item(
            "verification",
            Lane.PRE_VISIT,
            dist.from_uniform(u[U.VERIFY_MINUTES]),
            due=appointment,
            skippable=visit.returning,
            eligibility_check=True,
            on_done=lambda item, worker: self._verified(visit, item, worker),
        )
        release = self._pre_visit_release(appointment)
        self._queue(verification, release)
        visit.pre_visit_items.append(verification)
        procedure = self.procedures[visit.procedure]
        if u[U.PREDETERMINATION] < procedure.predetermination_share:
            visit.predetermined = False
            minutes = work.predetermination_minutes.from_uniform(u[U.PREDETERMINATION_MINUTES])
            item = self._item(
                "predetermination",
                Lane.PRE_VISIT,
                minutes,
                due=appointment,
                complex=True,
                on_done=lambda it, _w: self._predetermined(visit, it),
            )
            self._queue(item)
            visit.pre_visit_items.append(item)
        if u[U.ESTIMATE] < procedure.estimate_share:
            minutes = work.estimate_minutes.from_uniform(u[U.ESTIMATE_MINUTES])
            item = self._item("patient_estimate", Lane.PRE_VISIT, minutes, due=appointment)
            self._queue(item, release)
            visit.pre_visit_items.append(item)

    def _pre_visit_release(self, appointment: float) -> float:
        """When pre-visit checks are released: opening time on the working day the window
        names (the working day before the visit by default), so Monday's checks come on Friday."""
        day = int(appointment // MINUTES_PER_DAY)
        days = self.work.verification_window_business_days
        release_day = self.calendar.working_days_before(day, days)
        return min(at(release_day, self.calendar.spec.open_hour), appointment)

    def _verified(self, visit: Visit, item: WorkItem, worker: Doer) -> None:
        if item.cancelled:
            self.counts.verifications_skipped += 1
            return
        if item.done_at is not None and item.done_at <= visit.appointment:
            self.counts.verifications_done += 1
            chance = self._error_chance(self.work.verification_error_share, item, worker)
            # A check that records the wrong coverage leaves the claim as exposed as no check.
            if rotate(visit.uniforms[U.VERIFY_MINUTES], 1) < chance:
                self.counts.verification_errors += 1
            else:
                visit.verified = True

    def _predetermined(self, visit: Visit, item: WorkItem) -> None:
        """Sent in time is not enough: the plan's reply must be back before the treatment."""
        if item.done_at is None or item.done_at > visit.appointment:
            return
        wait = self.payers[visit.payer].predetermination_reply_days
        reply = (
            item.done_at + wait.from_uniform(visit.u(U.PREDETERMINATION_REPLY)) * MINUTES_PER_DAY
        )
        if reply <= visit.appointment:
            visit.predetermined = True
        else:
            self.counts.predetermination_replies_late += 1

    def appointment(self, visit: Visit) -> None:
        """The appointment time came: unfinished pre-visit work is now moot."""
        for item in visit.pre_visit_items:
            if item.queued:
                self.cancel(item)
                if item.kind == "verification":
                    self.counts.verifications_missed += 1
                elif item.kind == "predetermination":
                    self.counts.predeterminations_missed += 1
                else:
                    self.counts.estimates_missed += 1
        visit.pre_visit_items.clear()

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
        if not claim.is_open or claim.state in SENT_OR_ANSWERED:
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
            self.ledger.write_off(claim, WriteOffReason.TIMELY_FILING, today)
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
            self.ledger.write_off(claim, WriteOffReason.TIMELY_FILING, self.today)
            return
        claim.move(S.SUBMITTED, self.today)
        payer = self.payers[claim.payer]
        reply = answer_after_waiting(claim, payer, claim.u, waited, self.attachment_share)
        self._sent[claim.claim_id] = (claim, sent_day, True)
        if reply.lost:
            claim.move(S.LOST, self.today)
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
        if first and reply.information:
            self._information_requested(claim, number, reply)
            return
        if reply.denial_reason:
            self._denied(claim, reply.denial_reason)
        else:
            claim.paid_cents = reply.paid_cents
            self._paid(claim)

    # --- clearinghouse rejections and requests for information --------------------------

    def _rejected(self, claim: Claim, predetermined: bool) -> None:
        """The clearinghouse's edits caught the error: the claim never reached the payer. The
        rejection is on the next day's report and the claim must be reworked and sent again."""
        self.counts.rejections += 1
        if claim.first_submitted_day is None and claim.first_rejected_day is None:
            claim.first_rejected_day = self.today
        if claim.submissions == 1 and claim.visit_id > 0:
            self.counts.first_decided += 1  # a first submission that did not pass
        minutes = self.work.resubmission_minutes.from_uniform(
            rotate(claim.u[C.REWORK_MINUTES], claim.submissions)
        )
        item = self._item(
            "correct_and_resubmit",
            Lane.CLAIM,
            minutes,
            claim=claim,
            due=claim.deadline_day * MINUTES_PER_DAY,
            on_done=lambda it, worker: self._send(claim, it, worker, predetermined),
        )
        claim.pending = item
        self._queue(item, self.env.now + MINUTES_PER_DAY)

    def _information_requested(self, claim: Claim, number: int, reply: Answer) -> None:
        """The payer pends the claim until it has what it asked for: attachments the office
        sends, or a coordination-of-benefits update the patient must return first."""
        self.counts.information_requests += 1
        patient_days = 0.0
        if reply.information == "cob":
            patient_days = self.cob_reply_days.from_uniform(claim.u[C.APPEAL_DELAY])
        minutes = self.work.attachment_extra_minutes.from_uniform(claim.u[C.APPEAL_MINUTES])
        item = self._item(
            "information_request",
            Lane.DENIAL,
            minutes,
            claim=claim,
            complex=reply.information == "attachments",
            on_done=lambda _it, _w: self._information_sent(claim, number, reply),
        )
        claim.pending = item
        self._queue(item, self.env.now + patient_days * MINUTES_PER_DAY)

    def _information_sent(self, claim: Claim, number: int, reply: Answer) -> None:
        """The payer has the information; it decides after another wait. On the aging report
        the claim now counts from the day the information went out, as a claim sent again does."""
        claim.pending = None
        if claim.state != S.SUBMITTED or claim.submissions != number:
            return
        entry = self._sent.get(claim.claim_id)
        if entry is not None:
            self._sent[claim.claim_id] = (claim, self.today, entry[2])
        wait = wait_days(claim, self.payers[claim.payer])
        delay = wait.from_uniform(rotate(claim.u[C.DELAY], number + 5))
        self._at(delay * MINUTES_PER_DAY, lambda: self._decided(claim, number, reply, False))

    def _paid(self, claim: Claim) -> None:
        """The payer's money arrives (cash now); posting its EOB is work that can wait."""
        self.ledger.receive_payment(claim, self.today)
        complex_posting = claim.is_secondary or claim.u[C.POSTING_COMPLEX] < 0.2
        dist = (
            self.work.posting_complex_minutes
            if complex_posting
            else self.work.posting_simple_minutes
        )
        minutes = dist.from_uniform(claim.u[C.POSTING_MINUTES])
        era = claim.u[C.ERA] < self.work.posting_era_share
        if era:
            minutes *= 1.0 - self.work.era_posting_saving_share
        item = self._item(
            "payment_posting",
            Lane.POSTING,
            minutes,
            claim=claim,
            on_done=lambda it, worker: self._posted(claim, worker, it),
        )
        if not era and self.work.checks_posted_same_day:
            item.hard, item.due = True, self._end_of_working_day()
        claim.pending = item
        self._queue(item)

    def _end_of_working_day(self) -> float:
        """The end of the working day a check arriving now is deposited on: today if the office
        is still open, else the next open day (a check has to be posted to go on the deposit)."""
        day = math.floor(self.today)
        if self.env.now >= at(day, self.calendar.spec.close_hour):
            day += 1
        return (self.calendar.first_open_day(day) + 1) * MINUTES_PER_DAY

    def _posted(self, claim: Claim, worker: Doer, item: WorkItem | None = None) -> None:
        claim.pending = None
        if item is not None:
            self._check_posting(claim, item, worker)
        claim.via_service = BILLING_SERVICE in worker.roles
        self.ledger.post_payment(claim, self.today)
        visit = self.visits.get(claim.visit_id)
        if claim.is_secondary or visit is None or visit.second_payer is None:
            return
        payer = self.payers[visit.second_payer]
        fee, procedure = visit.fee_cents, visit.procedure
        allowable = allowable_expense_cents(fee, self.payers[claim.payer], payer, procedure)
        as_primary = round(allowed_cents(fee, payer, procedure) * payer.coverage_share[procedure])
        expected = secondary_expected_cents(allowable, claim.paid_cents, payer, as_primary)
        if expected > 0:
            secondary = self.new_claim(
                visit, payer.name, expected, SECONDARY_BLOCK, fee=fee, allowed=allowable
            )
            self.queue_submission(secondary, None)

    def _check_posting(self, claim: Claim, item: WorkItem, worker: Doer) -> None:
        """A wrong posting is found at the day's deposit reconciliation and posted again; a
        secondary claim built on it carries the error (its COB amounts are wrong)."""
        chance = self._error_chance(self.work.posting_error_share, item, worker)
        if claim.u[C.POSTING_ERROR] >= chance:
            return
        self.counts.posting_errors += 1
        if not claim.is_secondary:
            self._misposted_visits.add(claim.visit_id)
        redo = self._item(
            "posting_correction",
            Lane.POSTING,
            item.minutes,
            claim=claim,
        )
        self._queue(redo)

    # --- denials and appeals ------------------------------------------------------------

    def _denied(self, claim: Claim, reason: DenialReason) -> None:
        claim.move(S.DENIED, self.today)
        claim.denied_day = self.today
        claim.denial_reason = reason
        self.counts.denials[reason] += 1
        item = self._item(
            "denial_review",
            Lane.POSTING,
            self.work.posting_simple_minutes.from_uniform(claim.u[C.POSTING_MINUTES]),
            claim=claim,
            on_done=lambda _it, _w: self._denial_reviewed(claim),
        )
        claim.pending = item
        self._queue(item)
        if reason not in CORRECTABLE:
            window = self.payers[claim.payer].appeal_window_days
            self.deadlines.call_later(
                window * MINUTES_PER_DAY,
                lambda: self._appeal_window_closed(claim, claim.denied_day),
            )

    def _denial_reviewed(self, claim: Claim) -> None:
        claim.pending = None
        if claim.state != S.DENIED:
            return
        self._denials_seen[claim.claim_id] = claim
        if claim.denial_reason in CORRECTABLE:
            minutes = self.work.resubmission_minutes.from_uniform(
                rotate(claim.u[C.REWORK_MINUTES], claim.submissions)
            )
            item = self._item(
                "correct_and_resubmit",
                Lane.DENIAL,
                minutes,
                claim=claim,
                due=claim.deadline_day * MINUTES_PER_DAY,
                on_done=lambda it, worker: self._corrected(claim, it, worker),
            )
        elif claim.expected_cents < self.policy.appeal_threshold_usd * 100:
            self.ledger.write_off(claim, WriteOffReason.BELOW_APPEAL_THRESHOLD, self.today)
            return
        else:
            assert claim.denied_day is not None, "a denied claim has its denial's day"
            window_end = claim.denied_day + self.payers[claim.payer].appeal_window_days
            minutes = self.work.appeal_minutes.from_uniform(claim.u[C.APPEAL_MINUTES])
            item = self._item(
                "appeal",
                Lane.APPEAL,
                minutes,
                claim=claim,
                complex=True,
                due=window_end * MINUTES_PER_DAY,
                on_done=lambda _it, _w: self._appealed(claim),
            )
        claim.pending = item
        self._queue(item)

    def _corrected(self, claim: Claim, item: WorkItem, worker: Doer) -> None:
        if claim.state != S.DENIED:
            return
        if claim.denial_reason == DenialReason.ELIGIBILITY:
            cause = self._eligibility_cause(claim)
            if cause != "data_error":
                self._rebill(claim, cause)
                return
            claim.verified = True
        self._send(claim, item, worker, True)

    # --- eligibility denials the payer does not owe ---------------------------------------

    def _eligibility_cause(self, claim: Claim) -> str:
        """Why the unverified claim was denied, from its own uniform (found when it is reworked)."""
        u, causes = claim.u[C.ELIGIBILITY_CAUSE], self.eligibility_causes
        ended = causes.get("coverage_ended", 0.0)
        if u < ended:
            return "coverage_ended"
        if u < ended + causes.get("other_plan_primary", 0.0):
            return "other_plan_primary"
        return "data_error"

    def _rebill(self, claim: Claim, cause: str) -> None:
        """Coverage ended (the patient owes the insurance part) or another plan is primary
        (bill it); the denying payer's claim closes as rebilled, never as a write-off."""
        claim.pending = None
        other = self._primary_instead(claim) if cause == "other_plan_primary" else None
        if other is None:
            pays = rotate(claim.u[C.ELIGIBILITY_CAUSE], 1) < self.patient_collection_share
            self.ledger.rebill(claim, "patient", self.today, pays)
            return
        self.ledger.rebill(claim, other.name, self.today)
        self.queue_submission(self._claim_to(claim, other), None)

    def _primary_instead(self, claim: Claim) -> Payer | None:
        """The plan that is primary after all: the visit's second plan if it has one (the two
        swap, so the first becomes the secondary), else another plan of the mix. A plan that
        pays last (Medicaid) is never primary to one that does not."""
        if claim.is_secondary:
            return None
        before_last = not self.payers[claim.payer].pays_last
        visit = self.visits.get(claim.visit_id)
        second = None if visit is None else visit.second_payer
        if (
            visit is not None
            and second is not None
            and visit.payer == claim.payer
            and not (before_last and self.payers[second].pays_last)
        ):
            visit.payer, visit.second_payer = second, visit.payer
            return self.payers[second]
        others = [
            (p, p.patient_share)
            for p in self.payers.values()
            if p.name != claim.payer and not (before_last and p.pays_last)
        ]
        if not any(share > 0 for _, share in others):
            return None
        return Shares(others).pick(rotate(claim.u[C.ELIGIBILITY_CAUSE], 2))

    def _claim_to(self, old: Claim, payer: Payer) -> Claim:
        """The same visit's claim to the plan that owes it, verified this time; its
        uniforms are the old claim's, shifted, so runs stay paired."""
        if old.fee_cents and old.procedure is not None:
            allowed = allowed_cents(old.fee_cents, payer, old.procedure)
            expected = round(allowed * payer.coverage_share[old.procedure])
        else:
            allowed, expected = old.allowed_cents, old.expected_cents
        self._next_claim_id += 1
        claim = Claim(
            claim_id=self._next_claim_id,
            visit_id=old.visit_id,
            payer=payer.name,
            service_day=old.service_day,
            expected_cents=expected,
            procedure=old.procedure,
            allowed_cents=allowed,
            needs_attachment=old.needs_attachment,
            dual_coverage=old.dual_coverage,
            u=[rotate(x, 3) for x in old.u],
        )
        claim.deadline_day = claim.service_day + payer.timely_filing_days
        self.ledger.open_claim(claim)
        self._watch_limits(claim)
        return claim

    def _appealed(self, claim: Claim) -> None:
        claim.pending = None
        if claim.state != S.DENIED:
            return
        assert claim.denied_day is not None, "a denied claim has its denial's day"
        self.counts.appeal_waits.append(self.today - claim.denied_day)
        payer = self.payers[claim.payer]
        if self.today > claim.denied_day + payer.appeal_window_days:
            self.ledger.write_off(claim, WriteOffReason.APPEAL_WINDOW, self.today)
            return
        claim.move(S.APPEALED, self.today)
        self.counts.appeals += 1
        delay = payer.appeal_decision_days.from_uniform(claim.u[C.APPEAL_DELAY])
        self._at(delay * MINUTES_PER_DAY, lambda: self._appeal_decided(claim))

    def _appeal_decided(self, claim: Claim) -> None:
        if claim.state != S.APPEALED:
            return
        payer = self.payers[claim.payer]
        if appeal_overturned(payer, claim.u):
            self.counts.appeals_won += 1
            claim.paid_cents = round(claim.expected_cents * payer.payment_share)
            self._paid(claim)
        else:
            self.ledger.write_off(claim, WriteOffReason.APPEAL_LOST, self.today)

    # --- the aging review and follow-up -----------------------------------------------

    def _plan_reviews(self) -> None:
        """The first aging review falls `policy.aging_review_every_days` after day 0."""
        self._plan_review(self.policy.aging_review_every_days)

    def _plan_review(self, day: int) -> None:
        """Release an aging review at opening time of the first open day on or after `day`."""
        day = self.calendar.first_open_day(day)
        release = day * MINUTES_PER_DAY + self.calendar.spec.open_hour * 60.0
        self._at(release - self.env.now, lambda: self._release_review(day))

    def _release_review(self, day: int) -> None:
        """Print the aging report: the review lists what it shows now and takes time per line.

        A review still waiting when the next falls due is replaced by the fresh report and
        keeps its age (it has slipped since then); one in hand is left to finish."""
        self._plan_review(day + self.policy.aging_review_every_days)
        previous = self._review
        if previous is not None and previous.done_at is None and not previous.queued:
            return
        created = self.env.now
        if previous is not None and previous.queued:
            created = previous.created
            self.cancel(previous)
        listed = self._aging_report()
        # The report's own time, from a golden-ratio sequence over the day number: the same
        # for every staffing option of a practice (common random numbers) and no stream drawn.
        minutes = self.work.aging_review_minutes.from_uniform(rotate(0.5, day))
        minutes += self.work.aging_review_minutes_per_claim * len(listed)
        item = WorkItem(
            "aging_review",
            IC,
            Lane.FOLLOW_UP,
            minutes,
            created=created,
            kept_within=True,
            on_done=lambda _it, _w: self._reviewed(listed),
        )
        self._review = item
        self._queue(item)

    def _aging_report(self) -> list[Claim]:
        """Sent claims unanswered past the follow-up age, and denials not yet worked.

        A claim the payer lost, one still in process and one denied on an EOB not yet posted
        read the same on the report: sent, no answer posted."""
        today, age = self.today, self.policy.follow_up_age_days
        denials = self._denials_seen
        for key, claim in list(denials.items()):
            if claim.state != S.DENIED:
                del denials[key]
        listed = list(denials.values())
        for key, (claim, sent_day, _p) in list(self._sent.items()):
            if claim.state not in (S.SUBMITTED, S.LOST, S.DENIED):
                del self._sent[key]
            elif key not in denials and today - sent_day >= age:
                listed.append(claim)
        return listed

    def _reviewed(self, listed: list[Claim]) -> None:
        """Each listed claim with no work in hand and no recent follow-up becomes follow-up work,
        and a listed denial's waiting appeal becomes this week's work: the list is worked
        "daily, or at least weekly" (its items are escalated once they have waited as long as
        a claim may)."""
        self.counts.aging_reviews += 1
        self.counts.aging_review_listed += len(listed)
        today, cadence = self.today, self.policy.follow_up_cadence_days
        for claim in listed:
            pending = claim.pending
            if claim.state == S.DENIED and pending is not None and pending.queued:
                if not pending.kept_within and pending.kind == "appeal":
                    self.cancel(pending)
                    pending.kept_within = True
                    pending.created = self.env.now
                    self._queue(pending)
                continue
            if claim.state not in (S.SUBMITTED, S.LOST) or claim.pending is not None:
                continue
            last = self._follow_ups_done.get(claim.claim_id)
            if last is not None and today - last[0] < cadence:
                continue
            self._queue_follow_up(claim)

    def _alert(self, claim: Claim) -> None:
        """The software flags a sent claim still unanswered as its filing limit nears."""
        if claim.state in (S.SUBMITTED, S.LOST) and claim.pending is None:
            self.counts.alerts += 1
            self._queue_follow_up(claim)

    def _queue_follow_up(self, claim: Claim) -> None:
        """A follow-up on a claim the office has seen: due by the filing limit, so near it the
        call jumps the queue (a lost claim must be sent again before it)."""
        number = claim.submissions
        minutes = self.work.follow_up_minutes.from_uniform(
            rotate(
                claim.u[C.FOLLOW_UP_MINUTES], self._follow_ups_done.get(claim.claim_id, (0.0, 0))[1]
            )
        )
        item = self._item(
            "follow_up",
            Lane.FOLLOW_UP,
            minutes,
            claim=claim,
            due=claim.deadline_day * MINUTES_PER_DAY,
            kept_within=True,
            on_done=lambda it, worker: self._followed_up(claim, number, it, worker),
        )
        claim.pending = item
        self._queue(item)

    def _followed_up(self, claim: Claim, number: int, item: WorkItem, worker: Doer) -> None:
        claim.pending = None
        self.counts.follow_ups += 1
        assert item.done_at is not None, "on_done runs once the item is done"
        self.counts.follow_up_waits.append((item.done_at - item.created) / MINUTES_PER_DAY)
        times = self._follow_ups_done.get(claim.claim_id, (0.0, 0))[1]
        self._follow_ups_done[claim.claim_id] = (self.today, times + 1)
        if claim.submissions == number and claim.state == S.LOST:
            entry = self._sent.get(claim.claim_id)
            self._send(claim, item, worker, entry[2] if entry else True)

    def _cancel_pending(self, claim: Claim) -> None:
        if claim.pending is not None:
            self.cancel(claim.pending)
        claim.pending = None

    def _filing_deadline(self, claim: Claim) -> None:
        late = (
            claim.state is S.UNSUBMITTED
            or (claim.state is S.LOST and not _proof_of_filing(claim))
            or (claim.state == S.DENIED and claim.denial_reason in CORRECTABLE)
        )
        if late:
            self._cancel_pending(claim)
            self.ledger.write_off(claim, WriteOffReason.TIMELY_FILING, self.today)

    def _appeal_window_closed(self, claim: Claim, denied_day: float | None) -> None:
        if claim.state == S.DENIED and claim.denied_day == denied_day:
            self._cancel_pending(claim)
            self.ledger.write_off(claim, WriteOffReason.APPEAL_WINDOW, self.today)

    def _aged_out(self, claim: Claim) -> None:
        """The write-off age counts from the claim's last activity (a move, a follow-up): a claim
        the payer or the office is still working on is not aged out."""
        if claim.state not in (S.UNSUBMITTED, S.SUBMITTED, S.LOST, S.DENIED):
            return
        last = max(
            claim.service_day,
            claim.history[-1][0] if claim.history else claim.service_day,
            self._follow_ups_done.get(claim.claim_id, (claim.service_day, 0))[0],
        )
        limit = last + self.policy.write_off_after_days
        if self.today < limit - 1e-9:
            self.deadlines.call_later(
                (limit - self.today) * MINUTES_PER_DAY, lambda: self._aged_out(claim)
            )
            return
        self._cancel_pending(claim)
        self.ledger.write_off(claim, WriteOffReason.AGED_OUT, self.today)

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


def _proof_of_filing(claim: Claim) -> bool:
    """A lost claim first sent within its filing limit is still in time: the clearinghouse's
    acceptance report proves it, so the payer takes it when it is sent again."""
    first = claim.first_submitted_day
    return claim.state is S.LOST and first is not None and first <= claim.deadline_day
