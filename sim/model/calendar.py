"""Working days, office hours and shifts on a clock that counts minutes from day 0, 00:00."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from heapq import heappush

import simpy
from simpy.events import NORMAL

from sim.scenario.schema import WEEKDAYS, Calendar, Person

MINUTES_PER_DAY = 1440.0


def at(day: int, hour: float) -> float:
    """Minute of `hour` o'clock on `day`."""
    return day * MINUTES_PER_DAY + hour * 60.0


class Timer(simpy.Event):
    """An event that runs an action when it is processed: a timeout with no process behind it.

    It goes into SimPy's queue as `env.schedule(self, NORMAL, delay)` would put it (same key,
    same order), without the call: a practice-year makes some 40,000 of them.
    """

    def __init__(self, env: simpy.Environment, delay: float, action: Callable[[], None]) -> None:
        self.env = env
        self.callbacks = [Timer._fire]
        self._ok = True
        self._value = None
        self.action = action
        heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), self))

    def _fire(self) -> None:
        self.action()


def call_later(env: simpy.Environment, delay: float, action: Callable[[], None]) -> None:
    """Run `action` after `delay` minutes (now, if the delay is negative) without a process."""
    Timer(env, delay if delay > 0.0 else 0.0, action)


@dataclass(frozen=True)
class OfficeCalendar:
    """Which days the office is open and when."""

    spec: Calendar

    def weekday(self, day: int) -> str:
        return WEEKDAYS[(WEEKDAYS.index(self.spec.start_weekday) + day) % 7]

    def is_open(self, day: int) -> bool:
        return self.weekday(day) in self.spec.working_days and day not in self.spec.holidays_days

    @property
    def open_minutes(self) -> float:
        return (self.spec.close_hour - self.spec.open_hour) * 60.0

    def open_days(self, first: int, last: int) -> list[int]:
        """Open days in [first, last)."""
        return [d for d in range(first, last) if self.is_open(d)]

    def shift_days(self, person: Person, first: int, last: int) -> list[int]:
        """Days in [first, last) on which `person` is scheduled (the office being open)."""
        return [
            d
            for d in range(first, last)
            if self.is_open(d) and self.weekday(d) in person.working_days
        ]
