"""The simulation engine: SimPy's environment and events, with every use of its private state.

The model's speed rests on a few steps SimPy does not offer publicly: reading the clock
without a property call, putting an event in the queue without `schedule`, moving the clock
over a wait nothing can interrupt, waking a waiting worker without raising into it, waits that
call the worker back with no process behind them, and dropping what is left in the queue when a
run is over. They reach into SimPy's internals (`_now`, `_queue`, `_eid`, an event's `_ok` and
`_value`), so they live here alone; pyproject.toml pins SimPy to the 4.1 series and
tests/model/test_engine_helpers.py checks each against what it replaces, so an upgrade that
changes the internals fails there first.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush

import simpy
from simpy.events import NORMAL, URGENT, EventPriority


class Clock(simpy.Environment):
    """SimPy's environment, with the current time kept where reading it runs no Python code.

    SimPy's `now` is a property over `_now`, and CPython 3.11 runs a property's getter as a
    Python call on every read; the model reads the clock some 165,000 times a practice-year.
    Here `_now` is a slot and `now` reads that same slot, a read the interpreter specialises.
    Unlike SimPy's property, `now` could be assigned to; nothing in the model does.
    """

    __slots__ = ("_now",)


# The slot's descriptor in place of the property, which mypy types as a method.
Clock.now = Clock._now  # type: ignore[method-assign, misc, assignment]


class Timer(simpy.Event):
    """An event that runs an action when it is processed: a timeout with no process behind it.

    It goes into SimPy's queue as `env.schedule(self, NORMAL, delay)` would put it (same key,
    same order), without the call: a practice-year makes some 40,000 of them.
    """

    def __init__(
        self,
        env: simpy.Environment,
        delay: float,
        action: Callable[[], None],
        when: float | None = None,
    ) -> None:
        """Fire after `delay` minutes or, if `when` is given, at exactly minute `when`."""
        self.env = env
        self.callbacks = [Timer._fire]
        self._ok = True
        self._value = None
        self.action = action
        time = env._now + delay if when is None else when
        heappush(env._queue, (time, NORMAL, next(env._eid), self))

    def _fire(self) -> None:
        self.action()


def call_later(env: simpy.Environment, delay: float, action: Callable[[], None]) -> None:
    """Run `action` after `delay` minutes (now, if the delay is negative) without a process."""
    Timer(env, delay if delay > 0.0 else 0.0, action)


def skip_ahead(env: simpy.Environment, minutes: float) -> bool:
    """Move the clock on by `minutes` at once if no event falls inside them; False if one does.

    A process about to wait on a timeout that nothing can precede would be the next to resume,
    at the same time: moving the clock gives the same run without the event. The test is
    strict, since an event already due at that very minute was scheduled first and runs first.
    """
    end = env._now + minutes
    queue = env._queue
    if queue and queue[0][0] <= end:
        return False
    env._now = end
    return True


def drop_pending(env: simpy.Environment) -> None:
    """Forget every event still queued, so a finished run's objects can be freed at once."""
    env._queue.clear()


class Alarm(simpy.Event):
    """A wait that hands itself to `ring` when it is processed: one step of a worker's routine.

    It goes into SimPy's queue as a timeout would (same key, same order), at `priority` (SimPy's
    urgent one for the routine's first step, as a process's start is). The worker goes on only
    if this is still the alarm it waits for: one a nudge went ahead of rings for nothing, as a
    timeout whose process was interrupted is processed with no one waiting on it.
    """

    def __init__(
        self,
        env: simpy.Environment,
        delay: float,
        ring: Callable[[Alarm], None],
        priority: EventPriority = NORMAL,
    ) -> None:
        self.env = env
        self.callbacks = [ring]
        self._ok = True
        self._value = None
        heappush(env._queue, (env._now + delay, priority, next(env._eid), self))


class Nudge(simpy.Event):
    """Hands a waiting worker a reason to go on now (new work, an urgent interruption).

    Scheduled as SimPy schedules an interrupt (urgent, at the current minute), but the reason
    is passed to `deliver`, not raised: the worker only needs to know why it was woken.
    """

    def __init__(self, env: simpy.Environment, deliver: Callable[[str], None], reason: str) -> None:
        self.env = env
        self.callbacks = [Nudge._fire]
        self._ok = True
        self._value = reason
        self.deliver = deliver
        heappush(env._queue, (env._now, URGENT, next(env._eid), self))

    def _fire(self) -> None:
        self.deliver(self._value)
