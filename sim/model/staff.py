"""A member of staff as a SimPy process: works shifts, picks work by discipline, is interrupted.

Urgent interruptions break into the task at hand; the rest wait for its end or a natural
break. Resuming costs a short resumption lag (bounded per task), and each interruption raises
the chance that the task ends with an error (counted on the item). Shifts end on time: a task
is set down unfinished unless paid overtime is allowed and the person is behind.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol

import simpy
from simpy.events import URGENT

from sim.model.calendar import DAYS_PER_WEEK, MINUTES_PER_DAY, at
from sim.model.engine import Alarm, Nudge, skip_ahead
from sim.model.lanes import IC_ROLES, lane_order, with_overflow
from sim.model.streams import Stream
from sim.model.work import INTERRUPTION, Lane, WorkItem, WorkQueue
from sim.scenario.roles import OM, Role
from sim.scenario.schema import Interruptions, Person, Turnover

if TYPE_CHECKING:
    from sim.model.calendar import OfficeCalendar

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

    def started(self, worker: Worker, item: WorkItem) -> None: ...

    def ended(self, worker: Worker, item: WorkItem) -> None: ...

    def interrupted(self, worker: Worker, task: WorkItem) -> None: ...

    def resumed(self, worker: Worker, task: WorkItem, taken: int) -> None: ...


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


class Worker:
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
        self.env = env
        self.spec = spec
        self.name = spec.name
        self.own_roles: tuple[Role, ...] = tuple(spec.roles)
        self.covering: tuple[Role, ...] = ()
        self.roles = self.own_roles
        self.vacant_until = -1.0
        self.hired_at = -1e18
        self.ramp: Turnover | None = None
        """With turnover on: the new-hire ramp-up this person follows after being hired."""
        self.vacant_shift_days = 0
        self.queues = queues
        self.calendar = calendar
        self.shift_days = shift_days
        self.working_days = frozenset(shift_days)
        """The days this person is at work (shifts less absences), for a quick look-up."""
        self.interruption_costs = interruptions
        self.rng = rng
        self.state: WorkerState = OFF
        self.current: WorkItem | None = None
        self.busy_minutes = 0.0
        self.overtime_minutes = 0.0
        self.scheduled_minutes = 0.0
        self.interruptions_taken = 0
        self.interruptions_missed = 0
        self.escalations = 0
        self._window_base = (0.0, 0.0, 0.0)
        self.window_end = -math.inf
        self._idle_alarm: Alarm | None = None
        self._idle_end = -math.inf
        self._windows: dict[int, list[tuple[float, float]]] = {}
        self._orders: dict[tuple[tuple[Role, ...], str], tuple[tuple[Role, Lane | None], ...]] = {}
        self.overflow = spec.overflow
        self.helped: list[Worker] = []
        """The colleagues whose overflow this person takes (set by the office once all are hired)."""
        self.watcher: WorkWatcher | None = None
        """Told of each item's start and end and each break (the trace, some tests)."""
        self._then: Callable[[str | None], None] | None = None
        """What the routine does next, when the alarm it waits for rings or it is nudged."""
        self._awaiting: Alarm | None = None
        self._doing: Doing | None = None
        """The item whose segment is under way (an interruption inside a task, or the task)."""
        self._day_at = self._window_at = self._day = 0
        self._last = False
        self._stop_at = -math.inf
        self._then = self._start
        self._awaiting = Alarm(env, 0, self._rang, URGENT)

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
        if self.spec.discipline != "protected_blocks":
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
        if self.in_protected_block(day, now) or self._interruption_to_take(now):
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
        for role in self.roles:
            if self.queues[role].has_interruption():
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

    # --- doing work -----------------------------------------------------------------------

    def _do(self, item: WorkItem, stop_at: float, within: Doing | None) -> bool:
        """Start on `item` (an interruption answered at a break in `within`, if given), to be
        set down unfinished at `stop_at`: True if it is over at once, False if it waits."""
        if self.watcher is not None:
            self.watcher.started(self, item)
        is_interruption = item.is_interruption
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
        return self._go_on(Doing(item, remaining, stop_at, long_task, within))

    def _go_on(self, doing: Doing) -> bool:
        """Work on in segments up to each natural break, taking interruptions at the breaks:
        True once the item is done or set down, False while it waits on a segment's alarm."""
        env = self.env
        natural_break = self.interruption_costs.natural_break_minutes
        while doing.remaining > 1e-9:
            began = env.now
            segment = min(doing.remaining, doing.stop_at - began)
            if doing.long_task and natural_break < segment:
                segment = natural_break
            if segment <= 1e-9:
                self._set_down(doing.item, doing.remaining)
                self._ended(doing.item)
                return True
            if not skip_ahead(env, segment):
                doing.began = began
                self._doing = doing
                self._wait(segment, self._segment_over)
                return False
            if not self._after_segment(doing, began, None):
                return False
        self._finish(doing.item)
        return True

    def _segment_over(self, signal: str | None) -> None:
        """A segment's alarm rang, or an urgent interruption broke into it: go on with the item,
        then with whatever it was done inside."""
        doing = self._doing
        if (
            doing is not None
            and self._after_segment(doing, doing.began, signal)
            and self._go_on(doing)
        ):
            self._unwind(doing)

    def _after_segment(self, doing: Doing, began: float, signal: str | None) -> bool:
        """Count the segment's minutes; at a break, answer what waits: False if that waits."""
        now = self.env.now
        spent = now - began
        self.busy_minutes += spent
        doing.remaining -= spent
        if doing.remaining <= 1e-9 or doing.item.is_interruption:
            return True
        if signal == PREEMPT or self._interruption_to_take(now):
            return self._serve(doing)
        return True

    def _unwind(self, doing: Doing) -> None:
        """`doing` is over: go on with the task it was answered inside, if any, else the window."""
        while (task := doing.within) is not None:
            self.state = INTERRUPTED
            if not (self._serve_next(task) and self._go_on(task)):
                return
            doing = task
        self._doing = None
        self._work(None)

    def _finish(self, item: WorkItem) -> None:
        self.current = None
        item.done_at = self.env.now
        item.done_by = self.name
        if item.on_done is not None:
            item.on_done(item, self)
        self._ended(item)

    def _ended(self, item: WorkItem) -> None:
        if self.watcher is not None:
            self.watcher.ended(self, item)

    def _set_down(self, item: WorkItem, remaining: float) -> None:
        """The shift ended mid-task: an interruption is over; other work goes back in its queue."""
        self.current = None
        if item.is_interruption:
            item.done_at = self.env.now
            return
        item.remaining = remaining
        self.queues[item.role].push(item)

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

    def error_factor(self, role: Role) -> float:
        factor = self.spec.error_factor.get(role, 1.0)
        if self.ramp is not None:
            factor *= self.ramp_multiplier(self.ramp.ramp_up_error_factor)
        return factor

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
