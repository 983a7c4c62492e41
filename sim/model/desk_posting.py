"""Payment posting: the payer's money arrives, its EOB is posted (and checked), and a
secondary claim follows the primary's posting. A mixin of `InsuranceDesk`
(sim/model/desk.py), whose state it uses.
"""

from __future__ import annotations

import math

from sim.model.calendar import MINUTES_PER_DAY, at
from sim.model.claim import Claim
from sim.model.desk_state import DeskState
from sim.model.payer import allowable_expense_cents, allowed_cents, secondary_expected_cents
from sim.model.visit import SECONDARY_BLOCK, C
from sim.model.work import Doer, Lane, WorkItem
from sim.scenario.roles import BILLING_SERVICE


class PaymentPosting(DeskState):
    """Posts a paid claim's EOB and opens the secondary claim it makes possible."""

    def _paid(self, claim: Claim) -> None:
        """The payer's money arrives (cash now); posting its EOB is work that can wait. A claim
        given up and not yet written off is taken back: it is paid."""
        claim.given_up = None
        self.ledger.receive_payment(claim, self.today)
        complex_posting = (
            claim.is_secondary or claim.u[C.POSTING_COMPLEX] < self.work.posting_complex_share
        )
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
