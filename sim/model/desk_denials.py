"""Denials and appeals: each denial is reviewed, then corrected and sent again or appealed
within the payer's window. A mixin of `InsuranceDesk` (sim/model/desk.py), whose state
it uses.
"""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import Claim, ClaimState, DenialReason, WriteOffReason
from sim.model.desk_state import DeskState
from sim.model.payer import CORRECTABLE, appeal_overturned
from sim.model.streams import rotate
from sim.model.visit import C
from sim.model.work import Doer, Lane, WorkItem

S = ClaimState


class DenialsAndAppeals(DeskState):
    """Reviews a denial and works it: correct and resubmit, appeal, or write off."""

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
        if claim.state != S.DENIED or claim.given_up:
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
            self._give_up(claim, WriteOffReason.BELOW_APPEAL_THRESHOLD)
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
        if claim.state != S.DENIED or claim.given_up:
            return
        if claim.denial_reason == DenialReason.ELIGIBILITY:
            cause = self._eligibility_cause(claim)
            if cause != "data_error":
                self._rebill(claim, cause)
                return
            claim.verified = True
        self._send(claim, item, worker, True)

    def _appealed(self, claim: Claim) -> None:
        claim.pending = None
        if claim.state != S.DENIED or claim.given_up:
            return
        assert claim.denied_day is not None, "a denied claim has its denial's day"
        self.counts.appeal_waits.append(self.today - claim.denied_day)
        payer = self.payers[claim.payer]
        if self.today > claim.denied_day + payer.appeal_window_days:
            self._give_up(claim, WriteOffReason.APPEAL_WINDOW)
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
            self._give_up(claim, WriteOffReason.APPEAL_LOST)
