"""Deadlines that write claims off: the timely filing limit, the appeal window and the
aged-out policy. A mixin of `InsuranceDesk` (sim/model/desk.py), whose state it uses.
"""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import Claim, ClaimState, WriteOffReason
from sim.model.desk_state import DeskState
from sim.model.payer import CORRECTABLE

S = ClaimState


class ClaimDeadlines(DeskState):
    """Writes off a claim whose work came too late for its deadline."""

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
            self._give_up(claim, WriteOffReason.TIMELY_FILING)

    def _appeal_window_closed(self, claim: Claim, denied_day: float | None) -> None:
        if claim.state == S.DENIED and claim.denied_day == denied_day:
            self._cancel_pending(claim)
            self._give_up(claim, WriteOffReason.APPEAL_WINDOW)

    def _aged_out(self, claim: Claim) -> None:
        """The write-off age counts from the claim's last activity (a move, a follow-up): a claim
        the payer or the office is still working on is not aged out."""
        if claim.given_up or claim.state not in (S.UNSUBMITTED, S.SUBMITTED, S.LOST, S.DENIED):
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
        self._give_up(claim, WriteOffReason.AGED_OUT)


def _proof_of_filing(claim: Claim) -> bool:
    """A lost claim first sent within its filing limit is still in time: the clearinghouse's
    acceptance report proves it, so the payer takes it when it is sent again."""
    first = claim.first_submitted_day
    return claim.state is S.LOST and first is not None and first <= claim.deadline_day
