"""Working days, office hours and shifts on a clock that counts minutes from day 0, 00:00."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from heapq import heappop, heappush

import simpy

from sim.model.engine import Timer
from sim.scenario.schema import WEEKDAYS, Calendar, Person

MINUTES_PER_DAY = 1440.0
DAYS_PER_WEEK = 7


def at(day: int, hour: float) -> float:
    """Minute of `hour` o'clock on `day`."""
    return day * MINUTES_PER_DAY + hour * 60.0


@dataclass(frozen=True)
class OfficeCalendar:
    """Which days the office is open and when.

    `origin` is the simulated day the scenario's calendar calls day 0 (the window's first day,
    after any warm-up): the weekday of day 0 and the holiday numbers count from it."""

    spec: Calendar
    origin: int = 0

    def weekday(self, day: int) -> str:
        return WEEKDAYS[(WEEKDAYS.index(self.spec.start_weekday) + day - self.origin) % 7]

    def is_open(self, day: int) -> bool:
        return (
            self.weekday(day) in self.spec.working_days
            and day - self.origin not in self.spec.holidays_days
        )

    @property
    def open_minutes(self) -> float:
        return (self.spec.close_hour - self.spec.open_hour) * 60.0

    def open_days(self, first: int, last: int) -> list[int]:
        """Open days in [first, last)."""
        return [d for d in range(first, last) if self.is_open(d)]

    def first_open_day(self, day: int) -> int:
        """`day` if the office is open then, else the next open day after it."""
        while not self.is_open(day):
            day += 1
        return day

    def working_days_before(self, day: int, count: int) -> int:
        """The open day `count` working days before `day` (Friday for a Monday, count 1);
        `day` itself for count 0. Closed days are skipped, holidays included."""
        found = day
        for _ in range(count):
            found -= 1
            while not self.is_open(found) and found > day - 366:
                found -= 1
        return found

    def shift_days(self, person: Person, first: int, last: int) -> list[int]:
        """Days in [first, last) on which `person` is scheduled (the office being open)."""
        return [
            d
            for d in range(first, last)
            if self.is_open(d) and self.weekday(d) in person.working_days
        ]


class Deadlines:
    """Actions due at given times, kept in a heap of their own with one timer in SimPy's queue.

    Filing limits, age limits and appeal windows lie months ahead and most never matter (the
    claim is settled first); a timer each kept some 4,000 in SimPy's queue all year, making
    every step of the simulation dearer. Here only the earliest is armed. Each action runs at
    its own time, actions due at the same time in the order they were set.
    """

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self._due: list[tuple[float, int, Callable[[], None]]] = []
        self._count = 0
        self._armed_at = math.inf

    def call_later(self, delay: float, action: Callable[[], None]) -> None:
        """Run `action` after `delay` minutes (now, if the delay is negative), as `call_later` does."""
        time = self.env.now + (delay if delay > 0.0 else 0.0)
        self._count += 1
        heappush(self._due, (time, self._count, action))
        if time < self._armed_at:
            self._arm(time)

    def _arm(self, time: float) -> None:
        self._armed_at = time
        Timer(self.env, 0.0, lambda: self._fire(time), when=time)

    def _fire(self, time: float) -> None:
        """Run what is due now; a timer left by an earlier arming finds it is not the armed one."""
        if time != self._armed_at:
            return
        due = self._due
        now = self.env.now
        while due and due[0][0] <= now:
            heappop(due)[2]()
        self._armed_at = math.inf
        if due:
            self._arm(due[0][0])
