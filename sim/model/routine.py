"""A person's working day as an event-driven state machine: shifts, work, interruptions.

Each wait (for a shift, for work, for the end of a stretch of work) is an `Alarm` in SimPy's
queue, and new work or an urgent interruption arrives as a `Nudge`; the step that waits says
what comes next. No SimPy process runs the day (a replication makes some 45,000 waits). It costs
about what the generator process did: CPython keeps a suspended generator's locals for free, so
the item in hand is stored in a `Doing` only when it has to wait, and read back when it goes on.

Urgent interruptions break into the task at hand; the rest wait for its end or a natural
break. Resuming costs a short resumption lag (bounded per task), and each interruption raises
the chance that the task ends with an error (counted on the item). Shifts end on time: a task
is set down unfinished unless paid overtime is allowed and the person is behind. What to do
next is the person's choice (`sim.model.staff.Worker`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final, Literal, Protocol

import simpy
from simpy.events import URGENT

from sim.model.calendar import MINUTES_PER_DAY, at
from sim.model.engine import Alarm, Nudge, skip_ahead
from sim.model.streams import Stream
from sim.model.work import INTERRUPTION, WorkItem, WorkQueue
from sim.scenario.roles import OM, Role
from sim.scenario.schema import Interruptions, Person, Turnover

WAKE = "wake"
PREEMPT = "preempt"

WorkerState = Literal["off", "idle", "waking", "working", "interrupted", "preempted"]
"""What a person is doing: off shift, idle (waiting for work), waking (work was just delivered),
working, interrupted (answering interruptions) or preempted (an urgent one just broke in)."""
OFF: Final = "off"
IDLE: Final = "idle"
WAKING: Final = "waking"
WORKING: Final = "working"
INTERRUPTED: Final = "interrupted"
PREEMPTED: Final = "preempted"


class WorkWatcher(Protocol):
    """Told what a person does as they do it: each item's start and end (done, or set down with
    minutes left), and each break in a task to answer interruptions, with how many were taken."""

    def started(self, worker: Routine, item: WorkItem) -> None: ...

    def ended(self, worker: Routine, item: WorkItem) -> None: ...

    def interrupted(self, worker: Routine, task: WorkItem) -> None: ...

    def resumed(self, worker: Routine, task: WorkItem, taken: int) -> None: ...


class Doing:
    """An item in hand: minutes still to do, when to set it down, and, while interruptions are
    answered at one of its breaks, how many have been taken and since when they waited."""

    __slots__ = (
        "item",
        "remaining",
        "stop_at",
        "long_task",
        "within",
        "began",
        "taken",
        "arrived_by",
    )

    def __init__(
        self,
        item: WorkItem,
        remaining: float,
        stop_at: float,
        long_task: bool,
        within: Doing | None,
    ) -> None:
        self.item = item
        self.remaining = remaining
        self.stop_at = stop_at
        self.long_task = long_task
        self.within = within
        """The task this interruption is answered at a break of (None: work of its own)."""
        self.began = 0.0
        self.taken = 0
        self.arrived_by = 0.0


class Routine:
    """One person's day, step by step; what to work on next is the subclass's to choose."""

    queues: dict[Role, WorkQueue]
    roles: tuple[Role, ...]
    ramp: Turnover | None
    """With turnover on: the new-hire ramp-up this person follows after being hired."""

    def __init__(
        self,
        env: simpy.Environment,
        spec: Person,
        shift_days: list[int],
        interruptions: Interruptions,
        rng: Stream,
    ) -> None:
        self.env = env
        self.spec = spec
        self.name = spec.name
        self.shift_days = shift_days
        self.interruption_costs = interruptions
        self.rng = rng
        """Draws each resumption lag."""
        self.state: WorkerState = OFF
        self.current: WorkItem | None = None
        self.busy_minutes = 0.0
        self.overtime_minutes = 0.0
        self.scheduled_minutes = 0.0
        self.vacant_shift_days = 0
        self.interruptions_missed = 0
        self.window_end = -math.inf
        self._windows: dict[int, list[tuple[float, float]]] = {}
        self._idle_alarm: Alarm | None = None
        self._idle_end = -math.inf
        self.watcher: WorkWatcher | None = None
        """Told of each item's start and end and each break (the trace, some tests)."""
        self._awaiting: Alarm | None = None
        self._doing: Doing | None = None
        """The item whose segment is under way (an interruption inside a task, or the task)."""
        self._day_at = self._window_at = self._day = 0
        self._last = False
        self._stop_at = -math.inf
        self._then: Callable[[str | None], None] | None = self._start
        """What the routine does next, when the alarm it waits for rings or it is nudged."""
        self._awaiting = Alarm(env, 0, self._rang, URGENT)

    # --- what the person chooses (the subclass's) ------------------------------------------

    @property
    def vacant(self) -> bool:
        raise NotImplementedError

    def _pick(self, day: int, now: float) -> WorkItem | None:
        """What to do next inside a working window."""
        raise NotImplementedError

    def _pick_overtime(self, now: float) -> WorkItem | None:
        """What to stay on for past the shift."""
        raise NotImplementedError

    def _hard_duty_due(self, day: int) -> WorkItem | None:
        """Hard work due today, done past the shift if need be."""
        raise NotImplementedError

    def behind(self) -> bool:
        raise NotImplementedError

    def _interruption_to_take(self, now: float) -> bool:
        """Whether an interruption waits that this person would take now."""
        raise NotImplementedError

    def in_protected_block(self, day: int, now: float) -> bool:
        raise NotImplementedError

    def ramp_multiplier(self, first_day_factor: float) -> float:
        """Extra time or error for a new hire (see `ramp`)."""
        raise NotImplementedError

    def error_factor(self, role: Role) -> float:
        """How much likelier than usual this person's errors are in `role` (the item's
        `on_done` reads it)."""
        raise NotImplementedError

    @property
    def on_duty(self) -> bool:
        """In a working window now: interruptions reach only people who are there."""
        return self.state != OFF and self.env.now < self.window_end

    def windows(self, day: int) -> list[tuple[float, float]]:
        """The day's working windows: the shift, split by the unpaid break where it falls inside."""
        windows = self._windows.get(day)
        if windows is None:
            windows = self._windows[day] = self._day_windows(day)
        return windows

    def _day_windows(self, day: int) -> list[tuple[float, float]]:
        spec = self.spec
        start = at(day, spec.start_hour)
        work = spec.hours_per_day * 60.0
        if work <= 0:
            return []
        pause = at(day, spec.break_start_hour)
        if spec.break_minutes <= 0 or not start < pause < start + work:
            return [(start, start + work)]
        return [(start, pause), (pause + spec.break_minutes, start + work + spec.break_minutes)]

    # --- the day's routine, step by step ------------------------------------------------

    def _wait(self, delay: float, then: Callable[[str | None], None]) -> None:
        """Go on with `then` in `delay` minutes (or sooner, if nudged)."""
        self._then = then
        self._awaiting = Alarm(self.env, delay, self._rang)

    def _rang(self, alarm: Alarm) -> None:
        """An alarm went off: go on, if it is still the one waited for."""
        if alarm is self._awaiting:
            self._awaiting = None
            then = self._then
            if then is not None:
                then(None)

    def _nudged(self, reason: str) -> None:
        """Go on now, with the reason (new work, or an urgent interruption); the alarm that was
        waited for rings for nothing."""
        then = self._then
        if then is not None:
            self._awaiting = None
            then(reason)

    def _start(self, _signal: str | None) -> None:
        self._next_day()

    def _next_day(self) -> None:
        """On to the next shift day with working hours, waiting for it to start."""
        days = self.shift_days
        while self._day_at < len(days):
            day = days[self._day_at]
            self._day_at += 1
            windows = self.windows(day)
            if not windows:
                continue
            self._day, self._window_at = day, 0
            now = self.env.now
            if now < windows[0][0]:
                self._wait(windows[0][0] - now, self._open_day)
            else:
                self._open_day(None)
            return
        self._then = None

    def _open_day(self, _signal: str | None) -> None:
        """The shift starts: a vacant post's is counted and passed over."""
        if self.vacant:
            self.vacant_shift_days += 1
            self._next_day()
            return
        self.scheduled_minutes += sum(end - start for start, end in self.windows(self._day))
        self._next_window()

    def _next_window(self) -> None:
        """On to the day's next working window, waiting for it to open; then the next day."""
        windows = self.windows(self._day)
        if self._window_at >= len(windows):
            self._next_day()
            return
        start = windows[self._window_at][0]
        now = self.env.now
        if now < start:
            self._wait(start - now, self._open_window)
        else:
            self._open_window(None)

    def _open_window(self, _signal: str | None) -> None:
        """Work until the window's end; after the day's last window, stay on (paid) only while
        behind."""
        windows = self.windows(self._day)
        end = windows[self._window_at][1]
        self._last = last = self._window_at == len(windows) - 1
        self.state, self.window_end = IDLE, end
        self._stop_at = end + (self.spec.overtime_minutes_per_day if last else 0.0)
        self._work(None)

    def _work(self, _signal: str | None) -> None:
        """Choose and do work until the window (and any time stayed on) is over, or until the
        work in hand, or the lack of it, means waiting."""
        day, end, last, stop_at = self._day, self.window_end, self._last, self._stop_at
        while True:
            now = self.env.now
            if now >= end:
                self._drop_waiting_interruptions()
            if now >= end and last:
                item = self._hard_duty_due(day)
                if item is not None:
                    if not self._do(item, math.inf, None):
                        return
                    continue
            if now >= end:
                item = self._pick_overtime(now) if now < stop_at and self.behind() else None
                if item is None:
                    break
            else:
                item = self._pick(day, now)
            if item is None:
                self.state = IDLE
                self._wait_idle(end)
                return
            if not self._do(item, stop_at, None):
                return
        self.overtime_minutes += max(0.0, self.env.now - end)
        self.state = OFF
        self._window_at += 1
        self._next_window()

    def _wait_idle(self, end: float) -> None:
        """Wait for work on an alarm at the window's end, made once per window: a worker woken
        early and idle again waits on the same one, so a wake-up leaves no spent alarm behind."""
        alarm = self._idle_alarm
        if alarm is None or alarm.processed or self._idle_end != end:
            alarm = self._idle_alarm = Alarm(self.env, end - self.env.now, self._rang)
            self._idle_end = end
        self._then = self._work
        self._awaiting = alarm

    def _drop_waiting_interruptions(self) -> None:
        """Interruptions still waiting when a person's shift ends go unanswered by them (none
        reach them past it, so none is answered in no time inside work done late)."""
        for role in self.roles:
            while (interruption := self.queues[role].pop_interruption()) is not None:
                interruption.cancelled = True
                self.interruptions_missed += 1

    # --- doing work -----------------------------------------------------------------------

    def _do(self, item: WorkItem, stop_at: float, within: Doing | None) -> bool:
        """Start on `item` (an interruption answered at a break in `within`, if given), to be
        set down unfinished at `stop_at`: True if it is over at once, False if it waits."""
        if self.watcher is not None:
            self.watcher.started(self, item)
        is_interruption = item.priority is INTERRUPTION
        self.state = INTERRUPTED if is_interruption else WORKING
        self.current = item
        if item.remaining is None:
            remaining = item.minutes * self.spec.speed_factor.get(item.role, 1.0)
            if self.ramp is not None:
                remaining *= self.ramp_multiplier(self.ramp.ramp_up_speed_factor)
            item.lag_budget = self.interruption_costs.max_lag_share * remaining
        else:
            remaining, item.remaining = item.remaining, None
        long_task = (
            not is_interruption and remaining > self.interruption_costs.natural_break_minutes
        )
        return self._work_on(item, remaining, stop_at, long_task, within, None, None, False)

    def _go_on(self, doing: Doing, signal: str | None = None, after: bool = False) -> bool:
        """Go on with the item in hand; see `_work_on`."""
        return self._work_on(
            doing.item,
            doing.remaining,
            doing.stop_at,
            doing.long_task,
            doing.within,
            doing,
            signal,
            after,
        )

    def _work_on(
        self,
        item: WorkItem,
        remaining: float,
        stop_at: float,
        long_task: bool,
        within: Doing | None,
        doing: Doing | None,
        signal: str | None,
        after: bool,
    ) -> bool:
        """Work on in segments up to each natural break, taking interruptions at the breaks:
        True once the item is done or set down, False while it waits (on a segment's alarm, or
        on an interruption answered at a break). `after`: a segment has just ended, with
        `signal` if an urgent interruption broke into it. The item in hand is kept as a `Doing`
        only once it has to wait (most items are done in one go)."""
        env = self.env
        natural_break = self.interruption_costs.natural_break_minutes
        began = 0.0 if doing is None else doing.began
        while True:
            if after:
                now = env.now
                spent = now - began
                self.busy_minutes += spent
                remaining -= spent
                if (
                    remaining > 1e-9
                    and item.priority is not INTERRUPTION
                    and (signal == PREEMPT or self._interruption_to_take(now))
                ):
                    if doing is None:
                        doing = Doing(item, remaining, stop_at, long_task, within)
                    doing.remaining = remaining
                    if not self._serve(doing):
                        return False
                    remaining = doing.remaining
            if remaining <= 1e-9:
                break
            began = env.now
            segment = min(remaining, stop_at - began)
            if long_task and natural_break < segment:
                segment = natural_break
            if segment <= 1e-9:
                self._set_down(item, remaining)
                return True
            if not skip_ahead(env, segment):
                if doing is None:
                    doing = Doing(item, remaining, stop_at, long_task, within)
                doing.remaining, doing.began = remaining, began
                self._doing = doing
                self._then = self._segment_over
                self._awaiting = Alarm(env, segment, self._segment_rang)
                return False
            after, signal = True, None
        self.current = None
        item.done_at = env.now
        item.done_by = self.name
        if item.on_done is not None:
            item.on_done(item, self)
        if self.watcher is not None:
            self.watcher.ended(self, item)
        return True

    def _segment_rang(self, alarm: Alarm) -> None:
        """A segment's alarm rang: go on, if it is still the one waited for (`_rang` and
        `_segment_over` in one, for the busiest wait)."""
        if alarm is self._awaiting:
            self._awaiting = None
            d = self._doing
            if d is not None and self._work_on(
                d.item, d.remaining, d.stop_at, d.long_task, d.within, d, None, True
            ):
                self._unwind(d)

    def _segment_over(self, signal: str | None) -> None:
        """A segment ended, or an urgent interruption broke into it: go on with the item, then
        with whatever it was done inside."""
        doing = self._doing
        if doing is not None and self._go_on(doing, signal, True):
            self._unwind(doing)

    def _unwind(self, doing: Doing) -> None:
        """`doing` is over: go on with the task it was answered inside, if any, else the window."""
        while (task := doing.within) is not None:
            self.state = INTERRUPTED
            if not (self._serve_next(task) and self._go_on(task)):
                return
            doing = task
        self._doing = None
        self._work(None)

    def _set_down(self, item: WorkItem, remaining: float) -> None:
        """The shift ended mid-task: an interruption is over; other work goes back in its queue."""
        self.current = None
        if item.is_interruption:
            item.done_at = self.env.now
        else:
            item.remaining = remaining
            self.queues[item.role].push(item)
        if self.watcher is not None:
            self.watcher.ended(self, item)

    def _serve(self, task: Doing) -> bool:
        """At a break in `task`, take the interruptions waiting, and urgent ones that come
        meanwhile: True once back at the task, False while one is being answered.

        One that can wait and arrives while the person is already answering others waits for
        the task's next break or its end (then it is taken as work of its own), so a run of
        interruptions is not all charged to the one task that happened to be open."""
        if self.watcher is not None:
            self.watcher.interrupted(self, task.item)
        self.state = INTERRUPTED
        task.taken = 0
        task.arrived_by = self.env.now
        return self._serve_next(task)

    def _serve_next(self, task: Doing) -> bool:
        """Answer the next interruption at `task`'s break, if any: see `_serve`."""
        env = self.env
        while True:
            now = env.now
            if now >= self.window_end:
                break
            interruption = None
            for role in self.roles:
                if role == OM and self.in_protected_block(int(now // MINUTES_PER_DAY), now):
                    continue
                interruption = self.queues[role].pop_interruption(task.arrived_by)
                if interruption is not None:
                    break
            if interruption is None:
                break
            task.taken += 1
            if not self._do(interruption, self.window_end, task):
                return False
            self.state = INTERRUPTED
        self._back_to(task)
        return True

    def _back_to(self, task: Doing) -> None:
        """Back at the task after its break: each interruption taken adds a resumption lag."""
        item, taken = task.item, task.taken
        if self.watcher is not None:
            self.watcher.resumed(self, item, taken)
        self.current = item
        self.state = WORKING
        if taken:
            item.interruptions += taken
            lag = min(self._resumption_lag(item), item.lag_budget)
            item.lag_budget -= lag
            task.remaining += lag

    def _resumption_lag(self, item: WorkItem) -> float:
        costs = self.interruption_costs
        long_task = item.minutes >= costs.complex_task_minutes
        dist = costs.resumption_complex_minutes if long_task else costs.resumption_simple_minutes
        return dist.from_uniform(self.rng.random())

    def notify(self, item: WorkItem, now: float) -> None:
        """Tell this person new work is waiting: wake them, or break into what they are doing."""
        if self.state == IDLE:
            self.state = WAKING
            Nudge(self.env, self._nudged, WAKE)
        elif (
            self.state == WORKING
            and item.is_interruption
            and item.urgent
            and self.current is not None
            and self.current.interruptible
            and not (item.role == OM and self.in_protected_block(int(now // MINUTES_PER_DAY), now))
        ):
            self.state = PREEMPTED
            Nudge(self.env, self._nudged, PREEMPT)
