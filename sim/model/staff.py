"""A member of staff as a SimPy process: works shifts, picks work by discipline, is interrupted.

Interruptions preempt the task at hand. Resuming it costs a resumption lag, and each
interruption raises the chance that the task ends with an error (counted on the item).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import simpy
from simpy.events import PENDING, URGENT

from sim.model.calendar import at
from sim.model.streams import Stream
from sim.model.work import WorkItem, WorkQueue
from sim.scenario.schema import Interruptions, Person

if TYPE_CHECKING:
    from sim.model.calendar import OfficeCalendar

WAKE = "wake"
PREEMPT = "preempt"


class Nudge(simpy.Event):
    """Resumes a waiting worker with a reason, scheduled like SimPy's Interruption but sent, not raised.

    Raising an exception into the worker's generator for every wake-up and preemption is the
    costliest step of SimPy's interrupt; the worker only needs to know why it was woken.
    """

    def __init__(self, process: simpy.Process, reason: str) -> None:
        super().__init__(process.env)
        self.process = process
        self.callbacks.append(self._resume_worker)
        self._ok = True
        self._value = reason
        self.env.schedule(self, URGENT)

    def _resume_worker(self, _event: simpy.Event) -> None:
        process = self.process
        if process._value is not PENDING:
            return
        process._target.callbacks.remove(process._resume)
        process._resume(self)


class Worker:
    """One person: their shifts, the queues of the roles they hold, and what they are doing."""

    def __init__(
        self,
        env: simpy.Environment,
        spec: Person,
        queues: dict[str, WorkQueue],
        calendar: OfficeCalendar,
        shift_days: list[int],
        interruptions: Interruptions,
        rng: Stream,
    ) -> None:
        self.env = env
        self.spec = spec
        self.name = spec.name
        self.own_roles = tuple(spec.roles)
        self.covering: tuple[str, ...] = ()
        self.roles = self.own_roles
        self.vacant_until = -1.0
        self.hired_at = -1e18
        self.ramp = None
        self.vacant_shift_days = 0
        self.queues = queues
        self.calendar = calendar
        self.shift_days = shift_days
        self.interruption_costs = interruptions
        self.rng = rng
        self.state = "off"
        self.current: WorkItem | None = None
        self.busy_minutes = 0.0
        self.overtime_minutes = 0.0
        self.scheduled_minutes = 0.0
        self.interruptions_taken = 0
        self.process: simpy.Process | None = env.process(self._run())

    def cover(self, roles: tuple[str, ...]) -> None:
        """Take on a vacant colleague's roles until `uncover` is called with the same roles."""
        self._set_covering(self.covering + roles)

    def uncover(self, roles: tuple[str, ...]) -> None:
        remaining = list(self.covering)
        for role in roles:
            if role in remaining:
                remaining.remove(role)
        self._set_covering(tuple(remaining))

    def _set_covering(self, covering: tuple[str, ...]) -> None:
        """`roles` is what this person holds now: their own, then any they cover (kept, not derived per call)."""
        self.covering = covering
        self.roles = self.own_roles + tuple(r for r in covering if r not in self.own_roles)

    @property
    def vacant(self) -> bool:
        return self.env.now < self.vacant_until

    def ramp_multiplier(self, first_day_factor: float) -> float:
        """Extra time or error for a new hire, falling linearly to 1 over the ramp-up."""
        if self.ramp is None or first_day_factor <= 1:
            return 1.0
        length = self.ramp.ramp_up_weeks * 7 * 1440.0
        progress = (self.env.now - self.hired_at) / length if length else 1.0
        return 1.0 + (first_day_factor - 1.0) * max(0.0, 1.0 - progress)

    def holds(self, role: str) -> bool:
        return role in self.roles

    @property
    def on_duty(self) -> bool:
        return self.state != "off"

    def _shift_window(self, day: int) -> tuple[float, float]:
        start = at(day, self.spec.start_hour)
        return start, start + self.spec.hours_per_day * 60.0

    def _run(self) -> Iterator[simpy.Event]:
        for day in self.shift_days:
            start, end = self._shift_window(day)
            if self.env.now < start:
                yield self.env.timeout(start - self.env.now)
            if self.vacant:
                self.vacant_shift_days += 1
                continue
            self.scheduled_minutes += end - start
            yield from self._work_shift(day, end)

    def _work_shift(self, day: int, end: float) -> Iterator[simpy.Event]:
        self.state = "idle"
        overtime_end = end + self.spec.overtime_minutes_per_day
        while True:
            now = self.env.now
            if now >= end and (now >= overtime_end or not self._has_work()):
                break
            item = self._pick(day, now)
            if item is None:
                if now >= end:
                    break
                self.state = "idle"
                yield self.env.timeout(end - now)
                continue
            started = self.env.now
            yield from self._perform(item)
            self.overtime_minutes += max(0.0, self.env.now - max(started, end))
        self.state = "off"

    def _has_work(self) -> bool:
        return any(len(self.queues[r]) for r in self.roles)

    def _order(self, day: int, now: float) -> tuple[str, ...]:
        """Which role's queue to look at first, by the person's discipline."""
        if len(self.roles) == 1:
            return self.roles
        first = ("ic", "om") if self.ic_first(day, now) else ("om", "ic")
        held = tuple(role for role in first if role in self.roles)
        return held + tuple(role for role in self.roles if role not in first)

    def ic_first(self, day: int, now: float) -> bool:
        """True while this person's discipline puts insurance work ahead of office work."""
        spec = self.spec
        if len(self.roles) == 1:
            return self.roles[0] == "ic"
        if spec.discipline == "protected_blocks":
            return self.in_protected_block(day, now)
        if spec.discipline == "fixed_split":
            start, end = self._shift_window(day)
            return now >= end - spec.ic_split_share * (end - start)
        return False

    def in_protected_block(self, day: int, now: float) -> bool:
        if self.spec.discipline != "protected_blocks":
            return False
        for block in self.spec.protected_blocks:
            begin = at(day, block.start_hour)
            if begin <= now < begin + block.hours * 60.0:
                return True
        return False

    def _pick(self, day: int, now: float) -> WorkItem | None:
        for role in self._order(day, now):
            item = self.queues[role].pop()
            if item is not None:
                return item
        return None

    def _perform(self, item: WorkItem) -> Iterator[simpy.Event]:
        self.state = "interrupted" if item.is_interruption else "working"
        self.current = item
        remaining = item.minutes * self.spec.speed_factor.get(item.role, 1.0)
        if self.ramp is not None:
            remaining *= self.ramp_multiplier(self.ramp.ramp_up_speed_factor)
        while remaining > 1e-9:
            began = self.env.now
            signal = yield self.env.timeout(remaining)
            if signal is None:
                self.busy_minutes += remaining
                remaining = 0.0
                continue
            spent = self.env.now - began
            self.busy_minutes += spent
            remaining -= spent
            if signal == PREEMPT:
                yield from self._serve_interruptions()
                self.current = item
                item.interruptions += 1
                remaining += self._resumption_lag(item)
                self.state = "working"
        self.current = None
        item.done_at = self.env.now
        item.done_by = self.name
        if item.on_done is not None:
            item.on_done(item, self)

    def _serve_interruptions(self) -> Iterator[simpy.Event]:
        self.state = "interrupted"
        while True:
            interruption = None
            for role in self.roles:
                interruption = self.queues[role].pop_interruption()
                if interruption is not None:
                    break
            if interruption is None:
                return
            yield from self._perform(interruption)
            self.state = "interrupted"

    def _resumption_lag(self, item: WorkItem) -> float:
        costs = self.interruption_costs
        dist = costs.resumption_complex_minutes if item.complex else costs.resumption_simple_minutes
        return dist.from_uniform(self.rng.random())

    def error_factor(self, role: str) -> float:
        factor = self.spec.error_factor.get(role, 1.0)
        if self.ramp is not None:
            factor *= self.ramp_multiplier(self.ramp.ramp_up_error_factor)
        return factor

    def notify(self, item: WorkItem, now: float) -> None:
        """Tell this person new work is waiting: wake them, or break into what they are doing."""
        if self.state == "idle":
            self.state = "waking"
            Nudge(self.process, WAKE)
        elif (
            self.state == "working"
            and item.is_interruption
            and self.current is not None
            and self.current.interruptible
            and not (item.role == "om" and self.in_protected_block(int(now // 1440), now))
        ):
            self.state = "preempted"
            Nudge(self.process, PREEMPT)

    def results(self) -> dict[str, float]:
        """This person's share of scheduled time spent working, and hours past the shift."""
        scheduled = self.scheduled_minutes
        return {
            f"utilization.{self.name}": self.busy_minutes / scheduled if scheduled else 0.0,
            f"overtime_hours.{self.name}": self.overtime_minutes / 60.0,
        }
