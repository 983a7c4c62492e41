"""A member of staff: the roles they hold, how they choose their next piece of work, and what
a vacancy or a new hire changes.

Their day itself, waiting for shifts and work and taking interruptions, is the routine
(`sim.model.routine`); what they pick at each step is here: hard duties, escalated work near a
deadline or waiting too long, then the lanes in their discipline's order (`sim.model.lanes`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import simpy

from sim.model.calendar import DAYS_PER_WEEK, MINUTES_PER_DAY, at
from sim.model.lanes import IC_ROLES, lane_order, with_overflow
from sim.model.routine import IDLE, Routine
from sim.model.streams import Stream
from sim.model.work import INTERRUPTION, Lane, WorkItem, WorkQueue
from sim.scenario.roles import OM, Role
from sim.scenario.schema import Interruptions, Person, Turnover

if TYPE_CHECKING:
    from sim.model.calendar import OfficeCalendar

__all__ = ["IDLE", "Worker"]


class Worker(Routine):
    """One person: their shifts, the queues of the roles they hold, and what they are doing."""

    def __init__(
        self,
        env: simpy.Environment,
        spec: Person,
        queues: dict[Role, WorkQueue],
        calendar: OfficeCalendar,
        shift_days: list[int],
        interruptions: Interruptions,
        rng: Stream,
    ) -> None:
        super().__init__(env, spec, shift_days, interruptions, rng)
        self.own_roles: tuple[Role, ...] = tuple(spec.roles)
        self.covering: tuple[Role, ...] = ()
        self.roles = self.own_roles
        self.vacant_until = -1.0
        self.hired_at = -1e18
        self.ramp = None
        self.queues = queues
        self.calendar = calendar
        self.working_days = frozenset(shift_days)
        """The days this person is at work (shifts less absences), for a quick look-up."""
        self.interruptions_taken = 0
        self.escalations = 0
        self._window_base = (0.0, 0.0, 0.0)
        self._orders: dict[tuple[tuple[Role, ...], str], tuple[tuple[Role, Lane | None], ...]] = {}
        self.overflow = spec.overflow
        self.protects = spec.discipline == "protected_blocks"
        """Keeps protected blocks for the insurance work (read on every choice, so kept)."""
        self.helped: list[Worker] = []
        """The colleagues whose overflow this person takes (set by the office once all are hired)."""

    def cover(self, roles: tuple[Role, ...]) -> None:
        """Take on a vacant colleague's roles until `uncover` is called with the same roles."""
        self._set_covering(self.covering + roles)

    def uncover(self, roles: tuple[Role, ...]) -> None:
        remaining = list(self.covering)
        for role in roles:
            if role in remaining:
                remaining.remove(role)
        self._set_covering(tuple(remaining))

    def _set_covering(self, covering: tuple[Role, ...]) -> None:
        """`roles` is what this person holds now: their own, then any they cover (kept, not derived per call)."""
        self.covering = covering
        self.roles = self.own_roles + tuple(r for r in covering if r not in self.own_roles)

    @property
    def vacant(self) -> bool:
        return self.env.now < self.vacant_until

    def ramp_up_as(self, ramp: Turnover) -> None:
        """With turnover on: whoever is hired into this post ramps up as `ramp` says."""
        self.ramp = ramp

    def leave(self, replaced_at: float) -> None:
        """This person quits now: the post stays vacant until `replaced_at`, when a new hire
        starts (and ramps up from then)."""
        self.vacant_until = replaced_at
        self.hired_at = replaced_at

    def ramp_multiplier(self, first_day_factor: float) -> float:
        """Extra time or error for a new hire, falling linearly to 1 over the ramp-up."""
        if self.ramp is None or first_day_factor <= 1:
            return 1.0
        length = self.ramp.ramp_up_weeks * DAYS_PER_WEEK * MINUTES_PER_DAY
        progress = (self.env.now - self.hired_at) / length if length else 1.0
        return 1.0 + (first_day_factor - 1.0) * max(0.0, 1.0 - progress)

    def holds(self, role: Role) -> bool:
        return role in self.roles

    # --- choosing work ------------------------------------------------------------------

    def _mode(self, day: int, now: float) -> str:
        """Which ordering applies now: the discipline's phase, or the end-of-day claim batch."""
        spec = self.spec
        if (
            OM in self.roles
            and spec.discipline == "protected_blocks"
            and self.in_protected_block(day, now)
        ):
            return "ic_first"
        if OM in self.roles and spec.discipline == "fixed_split":
            start, end = self.windows(day)[0][0], self.windows(day)[-1][1]
            if now >= end - spec.ic_split_share * (end - start):
                return "ic_first"
        if now >= self.window_end - spec.habits.claim_batch_minutes and self._last_window(day):
            return "batch"
        return "normal"

    def _last_window(self, day: int) -> bool:
        return self.window_end == self.windows(day)[-1][1]

    def in_protected_block(self, day: int, now: float) -> bool:
        if not self.protects:
            return False
        for block in self.spec.protected_blocks:
            begin = at(day, block.start_hour)
            if begin <= now < begin + block.hours * 60.0:
                return True
        return False

    def _order(self, mode: str) -> tuple[tuple[Role, Lane | None], ...]:
        key = (self.roles, mode)
        order = self._orders.get(key)
        if order is None:
            order = lane_order(self.roles, self.spec.discipline, mode)
            if self.overflow is not None and self.overflow.role not in self.roles:
                order = with_overflow(order, self.overflow.role, mode)
            self._orders[key] = order
        return order

    def _pick(self, day: int, now: float) -> WorkItem | None:
        item = self._hard_duty(day, now)
        if item is not None:
            return item
        mode = self._mode(day, now)
        item = self._escalated(now, batch=mode == "batch")
        if item is not None:
            return item
        queues = self.queues
        for role, lane in self._order(mode):
            queue = queues[role]
            if lane is None:  # the helped role's escalated work
                item = self._escalated_in(queue, now, False) if self.helps(role) else None
                if item is not None:
                    return item
                continue
            if not queue.waiting[lane]:
                continue
            if role not in self.roles and not self.helps(role):
                continue
            if lane is INTERRUPTION and role == OM and self.in_protected_block(day, now):
                continue
            item = self._first_not_skipped(queue.pop, lane)
            if item is not None:
                return item
        return None

    def _first_not_skipped(
        self, pop: Callable[[Any], WorkItem | None], arg: Any
    ) -> WorkItem | None:
        """The first item `pop(arg)` gives that this person does not skip; one skipped because
        they are behind (a returning patient's check) is let go, its `on_done` counting it."""
        while (item := pop(arg)) is not None:
            if not (item.skippable and self._skips_when_behind()):
                return item
            item.cancelled = True
            if item.on_done is not None:
                item.on_done(item, self)
        return None

    def _hard_duty(self, day: int, now: float) -> WorkItem | None:
        """Released hard work (a duty such as payroll, a check to post before the deposit) comes
        before everything but interruptions (and a protected block)."""
        if (self.protects and self.in_protected_block(day, now)) or self._interruption_to_take(now):
            return None
        return self._pop_hard()

    def _hard_duty_due(self, day: int) -> WorkItem | None:
        """At the shift's end: hard work due today (or before) is done now, past the shift."""
        return self._pop_hard((day + 1) * MINUTES_PER_DAY)

    def _pop_hard(self, due_by: float = math.inf) -> WorkItem | None:
        for role in self.roles:
            item = self.queues[role].pop_hard(due_by)
            if item is not None:
                return item
        return None

    def _pick_overtime(self, now: float) -> WorkItem | None:
        """Past the shift only money work is worth staying for: escalated work, claims, postings."""
        item = self._escalated(now)
        if item is not None:
            return item
        for role in self.roles:
            if role in IC_ROLES:
                for lane in (Lane.CLAIM, Lane.POSTING):
                    item = self.queues[role].pop(lane)
                    if item is not None:
                        return item
        return None

    def _escalated(self, now: float, batch: bool = False) -> WorkItem | None:
        """Work near its filing limit or appeal window, then claims and postings that have waited
        too long, then the aging review's work that has, come before everything but
        interruptions. With `send_claims_first`, claims to send go before postings and
        corrections that have waited longer, and in the daily batch (`batch`) the day's claims
        go before those too; after the claims (outside the batch) come the eligibility checks
        for the next working day's visits (`checks_before_backlog`), then postings,
        corrections and the aging review's work that have waited too long, oldest first, so
        none starves behind another."""
        for role in self.roles:
            if role in IC_ROLES:
                if self._interruption_to_take(now):
                    return None
                item = self._escalated_in(self.queues[role], now, batch)
                if item is not None:
                    return item
        return None

    def _escalated_in(self, queue: WorkQueue, now: float, batch: bool) -> WorkItem | None:
        """The escalated work of one insurance queue, in the order `_escalated` gives."""
        habits = self.spec.habits
        deadline_days, age_days = habits.escalation_days, habits.send_and_post_within_days
        if deadline_days <= 0 and age_days <= 0:
            return None
        claims_first = habits.send_claims_first
        item = None
        if deadline_days > 0:
            item = queue.pop_due_before(now + deadline_days * MINUTES_PER_DAY)
        if item is None and age_days > 0:
            limit = now - age_days * MINUTES_PER_DAY
            item = queue.pop_waiting_since(limit, claims=True if claims_first else None)
            if item is None and habits.checks_before_backlog and not batch:
                item = self._pre_visit_due(queue, now)
                if item is not None:
                    return item  # tomorrow's own work, not an escalation
            if item is None and claims_first and batch:
                item = queue.pop(Lane.CLAIM)
                if item is not None:
                    return item  # the batch's own work, not an escalation
            if item is None and claims_first:
                item = queue.pop_oldest_after_claims(limit)
            item = item or queue.pop_waiting_since(limit, True)
        if item is not None:
            self.escalations += 1
        return item

    def _pre_visit_due(self, queue: WorkQueue, now: float) -> WorkItem | None:
        """The eligibility check for a visit before the end of the next working day (tomorrow's
        patients), soonest visit first; a check this person skips when behind is let go."""
        return self._first_not_skipped(queue.pop_check_due_by, self._next_working_day_end(now))

    def _next_working_day_end(self, now: float) -> float:
        """The end of the office's next open day after today."""
        day = self.calendar.first_open_day(int(now // MINUTES_PER_DAY) + 1)
        return (day + 1) * MINUTES_PER_DAY

    def _interruption_to_take(self, now: float) -> bool:
        """An interruption waits for this person (the manager's wait out a protected block; past
        the shift none is taken)."""
        if now >= self.window_end:
            return False
        queues = self.queues
        for role in self.roles:
            if queues[role].waiting[INTERRUPTION]:
                if role == OM and self.in_protected_block(int(now // MINUTES_PER_DAY), now):
                    continue
                return True
        return False

    def behind(self) -> bool:
        """Hours of waiting claims and postings at or above the person's `behind_hours`."""
        waiting = 0.0
        for role in self.roles:
            if role in IC_ROLES:
                minutes = self.queues[role].minutes_waiting
                waiting += minutes[Lane.CLAIM] + minutes[Lane.POSTING]
        return waiting >= self.spec.habits.behind_hours * 60.0

    def helps(self, role: Role) -> bool:
        """Whether this person takes `role`'s overflow now: it is theirs to help with, a
        colleague holding it is in post (a vacant post's work follows turnover.vacancy_cover),
        and its waiting claims and postings are at or above their `overflow.behind_hours`."""
        overflow = self.overflow
        if overflow is None or overflow.role != role or role in self.roles:
            return False
        if all(colleague.vacant for colleague in self.helped):
            return False
        minutes = self.queues[role].minutes_waiting
        return minutes[Lane.CLAIM] + minutes[Lane.POSTING] >= overflow.behind_hours * 60.0

    def _skips_when_behind(self) -> bool:
        return self.spec.habits.skip_verification_when_behind and self.behind()

    def error_factor(self, role: Role) -> float:
        factor = self.spec.error_factor.get(role, 1.0)
        if self.ramp is not None:
            factor *= self.ramp_multiplier(self.ramp.ramp_up_error_factor)
        return factor

    def start_window(self) -> None:
        """The measured window begins: this person's KPIs count from now (the running minutes,
        which turnover and the daily rows read, go on)."""
        self._window_base = (self.busy_minutes, self.scheduled_minutes, self.overtime_minutes)
        self.interruptions_taken = self.interruptions_missed = self.escalations = 0
        self.vacant_shift_days = 0

    @property
    def window_overtime_minutes(self) -> float:
        return self.overtime_minutes - self._window_base[2]

    def results(self) -> dict[str, float]:
        """This person's share of scheduled time spent working, and hours past the shift, in
        the window."""
        busy = self.busy_minutes - self._window_base[0]
        scheduled = self.scheduled_minutes - self._window_base[1]
        return {
            f"utilization.{self.name}": busy / scheduled if scheduled else 0.0,
            f"overtime_hours.{self.name}": self.window_overtime_minutes / 60.0,
        }
