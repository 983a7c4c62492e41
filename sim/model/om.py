"""Office-manager work: recurring duties with due times, random events, and interruptions.

Interruptions are generated per role, whoever holds it, so two scenarios of the same practice
see the same interruptions; who absorbs them is the staffing question.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import simpy
from simpy.events import ProcessGenerator

from sim.model.calendar import MINUTES_PER_DAY, OfficeCalendar, at
from sim.model.engine import call_later
from sim.model.streams import Shares, Stream
from sim.model.work import INTERRUPTION, Lane, WorkItem
from sim.scenario.distributions import Distribution
from sim.scenario.roles import IC, OM, Role
from sim.scenario.schema import OmDuty, Scenario

MONTH_LENGTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass
class DutyCounts:
    """How the office manager's duties went."""

    done: int = 0
    late: int = 0
    events: int = 0
    hard_missed: int = 0
    hard_covered: int = 0


def month_starts(horizon_days: int) -> list[int]:
    """Day numbers on which a calendar month starts (day 0 is the 1st of a month)."""
    starts, day, month = [], 0, 0
    while day < horizon_days:
        starts.append(day)
        day += MONTH_LENGTHS[month % 12]
        month += 1
    return starts


def duty_days(duty: OmDuty, calendar: OfficeCalendar, horizon_days: int) -> list[int]:
    """Days on which a recurring duty is released."""
    open_days = calendar.open_days(0, horizon_days)
    if duty.every == "day":
        return open_days
    if duty.every == "week":
        return [d for d in open_days if calendar.weekday(d) == duty.weekday]
    days = []
    for start in month_starts(horizon_days):
        in_month = [d for d in calendar.open_days(start, start + 31) if d < horizon_days]
        if len(in_month) >= duty.month_day:
            days.append(in_month[duty.month_day - 1])
    return days


def _end_of_day(minute: float) -> float:
    """Midnight ending the day of `minute` (a due time of 24:00 belongs to its own day)."""
    return (math.floor((minute - 1e-6) / MINUTES_PER_DAY) + 1) * MINUTES_PER_DAY


def nth_open_day_after(calendar: OfficeCalendar, day: int, n: int) -> int:
    while n > 0:
        day += 1
        if calendar.is_open(day):
            n -= 1
    return day


class OfficeWork:
    """Creates the office manager's duties, events and the interruptions of both roles."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        calendar: OfficeCalendar,
        deliver: Callable[[WorkItem], None],
        interrupt: Callable[[WorkItem], bool],
        rngs: dict[str, Stream],
        staffed: Callable[[Role, int], bool] | None = None,
    ) -> None:
        self.env = env
        self.scenario = scenario
        self.calendar = calendar
        self.deliver = deliver
        self.interrupt = interrupt
        self.staffed = staffed
        self.counts = DutyCounts()
        self.open_duties: list[WorkItem] = []
        self.interruptions = {OM: 0, IC: 0}
        self.unanswered = {OM: 0, IC: 0}
        self.front_desk_times: list[float] = []
        """When each interruption the front desk took arrived (drawn ahead, in time order)."""
        self.counting_from = 0.0
        self.urgent_share = scenario.interruptions.urgent_share
        desk = scenario.practice.front_desk
        self.front_desk_share = desk.interruption_share if desk.people > 0 else 0.0
        durations = rngs["durations"]
        duties = scenario.om_work.duties
        planned = sorted(
            (day, n)
            for n, duty in enumerate(duties)
            for day in duty_days(duty, calendar, scenario.horizon_days)
        )
        for day, n in planned:  # day by day: a day's draws do not depend on later days
            self._plan_duty(duties[n], day, durations)
        env.process(self._events(rngs["om_events"]))
        om, ic = scenario.om_work, scenario.ic_work
        self._interruptions(
            OM, om.interruptions_per_hour, om.interruption_minutes, rngs["om_interruptions"]
        )
        self._interruptions(
            IC, ic.interruptions_per_hour, ic.interruption_minutes, rngs["ic_interruptions"]
        )

    def _plan_duty(self, duty: OmDuty, day: int, durations: Stream) -> None:
        due_day = nth_open_day_after(self.calendar, day, duty.due_days_later)
        shift = self._after_break(duty.release_hour) - duty.release_hour
        item = WorkItem(
            duty.name,
            OM,
            Lane.DISCRETIONARY if duty.discretionary else Lane.DUTY,
            duty.minutes.from_uniform(durations.random()),
            created=at(day, duty.release_hour + shift),
            due=at(due_day, min(24.0, duty.due_hour + shift)),
            interruptible=duty.interruptible,
            hard=duty.hard,
            on_done=lambda it, _w: self._duty_done(it),
        )
        self.open_duties.append(item)
        call_later(self.env, item.created - self.env.now, lambda: self._release(item, day))

    def _after_break(self, hour: float) -> float:
        """A release hour that falls in an office manager's unpaid break moves to the break's end
        (the duty's due time moves with it): nobody is there to take it."""
        for person in self.scenario.staff:
            if OM not in person.roles or person.break_minutes <= 0:
                continue
            start = person.break_start_hour
            end = start + person.break_minutes / 60.0
            if start <= hour < end:
                hour = end
        return hour

    def _release(self, item: WorkItem, day: int) -> None:
        """Release a duty. A hard duty on a day nobody holding the role is at work is done by
        whoever covers (the dentist, a colleague outside the model): counted, not queued."""
        if item.hard and self.staffed is not None and not self.staffed(OM, day):
            item.cancelled = True
            self.counts.hard_covered += 1
            self.open_duties.remove(item)
            return
        self.deliver(item)

    def _duty_done(self, item: WorkItem) -> None:
        self.counts.done += 1
        if item.done_at is not None and item.done_at > item.due:
            self.counts.late += 1
            if item.hard and item.done_at >= _end_of_day(item.due):
                self.counts.hard_missed += 1

    def late_at_end(self, end: float) -> int:
        """Duties done late, plus those still undone after their due time at the end."""
        return self.counts.late + self.overdue_at(end)

    def overdue_at(self, now: float) -> int:
        """Duties still undone after their due time at `now`."""
        return sum(1 for it in self.open_duties if it.done_at is None and it.due < now)

    def hard_missed_at_end(self, end: float) -> int:
        """Hard duties not done on their due day: done a later day, or undone once it ended."""
        undone = sum(
            1
            for it in self.open_duties
            if it.hard and it.done_at is None and _end_of_day(it.due) <= end
        )
        return self.counts.hard_missed + undone

    def _office_hours(self) -> Iterator[tuple[float, float]]:
        spec = self.scenario.calendar
        for day in self.calendar.open_days(0, self.scenario.horizon_days):
            yield at(day, spec.open_hour), at(day, spec.close_hour)

    def _poisson_times(self, per_minute: float, rng: Stream) -> Iterator[float]:
        """Arrival times of a Poisson process that runs only during office hours."""
        if per_minute <= 0:
            return
        for opens, closes in self._office_hours():
            t = opens + rng.expovariate(per_minute)
            while t < closes:
                yield t
                t += rng.expovariate(per_minute)

    def _events(self, rng: Stream) -> ProcessGenerator:
        events = self.scenario.om_work.events
        open_days_per_month = max(1e-9, len(self.calendar.open_days(0, 365)) / 12.0)
        total = sum(e.per_month for e in events)
        per_minute = total / (open_days_per_month * self.calendar.open_minutes)
        if total <= 0:
            return
        kinds = Shares([(e, e.per_month) for e in events])
        for t in self._poisson_times(per_minute, rng):
            event = kinds.pick(rng.random())
            minutes = event.minutes.from_uniform(rng.random())
            yield self.env.timeout(t - self.env.now)
            self.counts.events += 1
            self.deliver(WorkItem(event.name, OM, Lane.URGENT_EVENT, minutes, created=t))

    def _interruptions(
        self, role: Role, per_hour: float, minutes: Distribution, rng: Stream
    ) -> None:
        """Each interruption that reaches the role arrives on a timer and books the next (no
        process to resume).

        Its length, urgency and whether the front desk takes it are drawn whoever holds the
        role, so every staffing option of a practice sees the same interruptions. One the front
        desk takes needs nobody here: its time is noted when drawn, with no event of its own, and
        the count reads the times that fell in the window."""
        arrivals = self._poisson_times(per_hour / 60.0, rng)
        desk_share = self.front_desk_share if role == OM else 0.0
        kind = f"{role}_interruption"

        def next_arrival() -> tuple[float, float, bool] | None:
            """The next interruption someone here must take: its time, length and urgency."""
            for t in arrivals:
                length = minutes.from_uniform(rng.random())
                urgent = rng.random() < self.urgent_share
                if rng.random() >= desk_share:
                    return t, length, urgent
                self.front_desk_times.append(t)
            return None

        def book_next() -> None:
            arrival = next_arrival()
            if arrival is not None:
                call_later(self.env, arrival[0] - self.env.now, lambda: arrive(*arrival))

        def arrive(t: float, length: float, urgent: bool) -> None:
            self.interruptions[role] += 1
            item = WorkItem(kind, role, INTERRUPTION, length, created=t, urgent=urgent)
            if not self.interrupt(item):
                self.unanswered[role] += 1
            book_next()

        book_next()

    def start_window(self) -> None:
        """The measured window begins: count its duties, events and interruptions only (a duty
        still undone from before is late in the window if it is still undone past its due)."""
        self.counts = DutyCounts()
        self.open_duties = [it for it in self.open_duties if it.done_at is None]
        self.interruptions = dict.fromkeys(self.interruptions, 0)
        self.unanswered = dict.fromkeys(self.unanswered, 0)
        self.counting_from = self.env.now

    def results(self, now: float) -> dict[str, float]:
        """The office manager's KPIs at `now`: duties done and late, events, interruptions."""
        return {
            "om_tasks_done": self.counts.done,
            "om_tasks_late": self.late_at_end(now),
            "om_hard_duties_missed": self.hard_missed_at_end(now),
            "om_hard_duties_covered": self.counts.hard_covered,
            "om_events": self.counts.events,
            "interruptions.om": self.interruptions[OM],
            "interruptions.ic": self.interruptions[IC],
            "interruptions_unanswered.om": self.unanswered[OM],
            "interruptions_unanswered.ic": self.unanswered[IC],
            "interruptions_front_desk.om": (
                bisect_left(self.front_desk_times, now)
                - bisect_left(self.front_desk_times, self.counting_from)
            ),
        }
