"""The aging review and follow-up: the office sees an unanswered claim only on its
recurring aging report (or the software's filing-limit alert) and follows up from what
that lists. A mixin of `InsuranceDesk` (sim/model/desk.py), whose state it uses.
"""

from __future__ import annotations

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import Claim, ClaimState
from sim.model.desk_state import DeskState
from sim.model.streams import rotate
from sim.model.visit import C
from sim.model.work import Doer, Lane, WorkItem
from sim.scenario.roles import IC

S = ClaimState


class AgingReview(DeskState):
    """Prints the aging report on its cadence and turns what it lists into follow-up work."""

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
        read the same on the report: sent, no answer posted. A claim already given up waits
        for the write-off review with its action decided, so it is not a line to work."""
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
        return [claim for claim in listed if claim.given_up is None]

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
        if claim.state in (S.SUBMITTED, S.LOST) and claim.pending is None and not claim.given_up:
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
