"""Work before the visit: eligibility checks, predeterminations and estimates.

The checks are released a set number of working days before the appointment and become
moot when it comes. A mixin of `InsuranceDesk` (sim/model/desk.py), whose state it uses.
"""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY, at
from sim.model.desk_state import DeskState
from sim.model.streams import rotate
from sim.model.visit import U, Visit
from sim.model.work import Doer, Lane, WorkItem


class PreVisitChecks(DeskState):
    """Verifies, predetermines and estimates a booked visit before its appointment."""

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
