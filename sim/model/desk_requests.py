"""Claims that come back before a decision: clearinghouse rejections and payers' requests
for information. A mixin of `InsuranceDesk` (sim/model/desk.py), whose state it uses.
"""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import Claim, ClaimState
from sim.model.desk_state import DeskState
from sim.model.payer import Answer, wait_days
from sim.model.streams import rotate
from sim.model.visit import C
from sim.model.work import Lane

S = ClaimState


class RejectionsAndRequests(DeskState):
    """Reworks a rejected claim and answers a payer that pends a claim for information."""

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
