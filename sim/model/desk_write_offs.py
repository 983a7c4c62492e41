"""Giving a claim up, and the write-off review that takes it off the books.

Practices differ in when a balance they have stopped pursuing is written off: at once, at a
regular (often monthly) write-off review, at six months, or never (Dental Economics, "How,
when and why to write off an account"). Until it is written off, a given-up claim stays on
the aging report, ages there and counts in A/R, though nobody works it. A mixin of
`InsuranceDesk` (sim/model/desk.py), whose state it uses.
"""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import Claim, WriteOffReason
from sim.model.desk_state import DeskState


class WriteOffReview(DeskState):
    """Holds given-up claims until the practice's write-off review posts them."""

    def _plan_write_off_reviews(self) -> None:
        """With a cadence of 0 days a given-up claim is written off at once, and no review runs."""
        self._given_up: list[Claim] = []
        every = self.policy.write_off_review_every_days
        if every:
            self._plan_write_off_review(every)

    def _plan_write_off_review(self, day: int) -> None:
        day = self.calendar.first_open_day(day)
        at = day * MINUTES_PER_DAY + self.calendar.spec.open_hour * 60.0
        self._at(at - self.env.now, lambda: self._write_off_review(day))

    def _give_up(self, claim: Claim, reason: WriteOffReason) -> None:
        """The office stops pursuing `claim` for `reason` (the first reason holds)."""
        if claim.given_up is not None:
            return
        if not self.policy.write_off_review_every_days:
            self.ledger.write_off(claim, reason, self.today)
            return
        claim.given_up, claim.given_up_day = reason, self.today
        self._given_up.append(claim)

    def _write_off_review(self, day: int) -> None:
        """Post every given-up claim still open (one the payer paid meanwhile is not)."""
        self._plan_write_off_review(day + self.policy.write_off_review_every_days)
        held, self._given_up = self._given_up, []
        for claim in held:
            if claim.is_open and claim.given_up is not None:
                self.ledger.write_off(claim, claim.given_up, self.today)
