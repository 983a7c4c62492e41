"""Units of work and the queues people take them from.

A role's queue keeps one lane per kind of work (`Lane`); who looks at which lane first is the
person's discipline (`sim.model.staff`), not the queue's. Work with a hard deadline (filing
limits, appeal windows) is also kept by due time, so it can be escalated when it gets close.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Protocol, TypedDict

from sim.scenario.roles import IC, Role

if TYPE_CHECKING:
    from sim.model.claim import Claim


class Lane(IntEnum):
    """The kinds of work a person chooses between."""

    INTERRUPTION = 0
    URGENT_EVENT = 1
    DUTY = 2
    PRE_VISIT = 3
    POSTING = 4
    CLAIM = 5
    DENIAL = 6
    APPEAL = 7
    FOLLOW_UP = 8
    DISCRETIONARY = 9


INTERRUPTION = Lane.INTERRUPTION
"""The lane the busiest paths test, read once: in CPython 3.11 every `Lane.X` goes through the
enum metaclass's `__getattr__` hook, several times dearer than reading a module's name."""


NEWEST_FIRST = {IC: frozenset({Lane.CLAIM})}
"""Lanes worked newest first, by role: the office's daily batch sends today's claims and old ones
wait for escalation (after a week, or near their filing limit); an outside billing team works its queue in
order, as its service level promises."""

KEPT_WITHIN_DAYS = frozenset({Lane.POSTING, Lane.CLAIM, Lane.DENIAL})
"""The money work an office does not let wait for weeks, whatever its deadline: sending claims,
correcting and resending denied ones, posting payments (and reviewing the denials on them).
Escalated once it has waited `habits.send_and_post_within_days`: claims to send first (with
`habits.send_claims_first`), else the longest-waiting first."""

ESCALATES = frozenset({Lane.CLAIM, Lane.DENIAL, Lane.APPEAL, Lane.FOLLOW_UP})
"""Lanes whose items carry a hard deadline (a filing limit, an appeal window) and are escalated
near it; a follow-up is due by the claim's filing limit, since a lost claim must be sent again
before it."""


class Doer(Protocol):
    """Who did a piece of work, as its `on_done` reads them (a `sim.model.staff.Worker`, which
    imports this module)."""

    @property
    def roles(self) -> tuple[Role, ...]: ...

    def error_factor(self, role: Role) -> float: ...


@dataclass(slots=True, eq=False)
class WorkItem:
    """One piece of work for one role, with its base duration and optional due time."""

    kind: str
    role: Role
    priority: Lane
    minutes: float
    created: float
    due: float = math.inf
    complex: bool = False
    interruptible: bool = True
    claim: Claim | None = None
    on_done: Callable[[WorkItem, Doer], None] | None = None
    urgent: bool = False
    skippable: bool = False
    kept_within: bool = False
    """On the aging review's list (the review itself, the follow-ups and appeals it listed):
    escalated once it has waited `habits.send_and_post_within_days`, after the money work that
    has waited as long ("daily, or at least weekly")."""
    hard: bool = False
    """A duty done on its day whatever else waits (payroll, the deposit)."""
    eligibility_check: bool = False
    """An eligibility check before a visit: done for tomorrow's patients ahead of older
    back-office work (`habits.checks_before_backlog`)."""
    remaining: float | None = None
    """Minutes still to do when the task was set down at the end of a shift."""
    lag_budget: float = 0.0
    """Resumption lag the task may still take, in minutes (set when work on it first starts)."""
    interruptions: int = 0
    cancelled: bool = False
    queued: bool = False
    ticket: int = 0
    order: int = 0
    """Place among equals, kept when a task set down at the end of a shift is queued again."""
    done_at: float | None = None
    done_by: str | None = None

    @property
    def is_interruption(self) -> bool:
        return self.priority is INTERRUPTION


class ItemFields(TypedDict, total=False):
    """The optional fields of a `WorkItem` a maker of work passes on by name."""

    due: float
    complex: bool
    claim: Claim | None
    on_done: Callable[[WorkItem, Doer], None] | None
    skippable: bool
    kept_within: bool
    eligibility_check: bool


Entry = tuple[float, int, int, WorkItem]


class WorkQueue:
    """Work waiting for one role, in lanes; each item is taken once, whichever lane finds it."""

    def __init__(self, role: Role) -> None:
        self.role = role
        self._newest_first = NEWEST_FIRST.get(role, frozenset())
        self._lanes: dict[Lane, list[Entry]] = {lane: [] for lane in Lane}
        self._deadlines: list[Entry] = []
        self._by_age: list[Entry] = []
        self._claims_by_age: list[Entry] = []
        self._hard: list[Entry] = []
        self._listed_by_age: list[Entry] = []
        self._checks: list[Entry] = []
        self._seq = 0
        self._live = 0
        self.waiting = [0] * len(Lane)
        """Live items per lane, indexed by lane: an empty lane is passed over without a call."""
        self.minutes_waiting = dict.fromkeys(Lane, 0.0)

    def push(self, item: WorkItem) -> None:
        self._seq += 1
        self._live += 1
        item.queued = True
        item.cancelled = False
        item.ticket = self._seq
        item.order = item.order or self._seq
        lane = item.priority
        self.waiting[lane] += 1
        self.minutes_waiting[lane] += item.minutes
        key = -item.created if lane in self._newest_first else item.due
        heapq.heappush(self._lanes[lane], (key, item.order, self._seq, item))
        if lane in ESCALATES and item.due < math.inf:
            heapq.heappush(self._deadlines, (item.due, item.order, self._seq, item))
        if item.hard:
            heapq.heappush(self._hard, (item.due, item.order, self._seq, item))
        if item.eligibility_check:
            heapq.heappush(self._checks, (item.due, item.order, self._seq, item))
        if item.kept_within:
            heapq.heappush(self._listed_by_age, (item.created, item.order, self._seq, item))
        elif lane in KEPT_WITHIN_DAYS:
            heap = self._claims_by_age if lane is Lane.CLAIM else self._by_age
            heapq.heappush(heap, (item.created, item.order, self._seq, item))

    def _take(self, item: WorkItem) -> WorkItem:
        self._live -= 1
        item.queued = False
        self.waiting[item.priority] -= 1
        self.minutes_waiting[item.priority] -= item.minutes
        return item

    def cancel(self, item: WorkItem) -> None:
        """Drop a waiting item (its reason to exist has gone); it is skipped when reached."""
        if item.queued and not item.cancelled:
            self._take(item).cancelled = True

    @staticmethod
    def _head(heap: list[Entry]) -> WorkItem | None:
        """The first live item of a heap, dropping entries already taken, cancelled or re-queued."""
        while heap:
            _key, _order, ticket, item = heap[0]
            if item.queued and item.ticket == ticket:
                return item
            heapq.heappop(heap)
        return None

    def peek(self, lane: Lane) -> WorkItem | None:
        if not self.waiting[lane]:
            return None
        return self._head(self._lanes[lane])

    def pop(self, lane: Lane) -> WorkItem | None:
        item = self.peek(lane)
        return None if item is None else self._take(item)

    def pop_due_before(self, limit: float) -> WorkItem | None:
        """The deadline-bearing item due soonest, if it is due before `limit`."""
        if not self._live:
            return None
        item = self._head(self._deadlines)
        if item is None or item.due > limit:
            return None
        return self._take(item)

    def pop_waiting_since(
        self, limit: float, listed: bool = False, claims: bool | None = None
    ) -> WorkItem | None:
        """The claim, correction or posting waiting longest, if it has waited since before
        `limit`. With `claims` True only a claim to send, with False only a posting or a
        correction; with `listed`, the aging review's work."""
        if listed:
            item = self._head(self._listed_by_age)
        elif claims is None:
            item = _older(self._head(self._claims_by_age), self._head(self._by_age))
        else:
            item = self._head(self._claims_by_age if claims else self._by_age)
        if item is None or item.created > limit:
            return None
        return self._take(item)

    def pop_oldest_after_claims(self, limit: float) -> WorkItem | None:
        """The posting, correction or aging-review work that has waited longest, if it has
        waited since before `limit`: once claims are sent, older work goes first whichever
        kind it is, so no kind waits for ever behind another."""
        item = _older(self._head(self._by_age), self._head(self._listed_by_age))
        if item is None or item.created > limit:
            return None
        return self._take(item)

    def pop_check_due_by(self, due_by: float) -> WorkItem | None:
        """The eligibility check whose visit comes soonest, if that visit is by `due_by`."""
        if not self._checks:
            return None
        item = self._head(self._checks)
        if item is None or item.due > due_by:
            return None
        return self._take(item)

    def pop_hard(self, due_by: float = math.inf) -> WorkItem | None:
        """The hard duty due soonest, if one waits that is due by `due_by`."""
        if not self._hard:
            return None
        item = self._head(self._hard)
        if item is None or item.due > due_by:
            return None
        return self._take(item)

    def pop_interruption(self, arrived_by: float = math.inf) -> WorkItem | None:
        """The longest-waiting interruption; with `arrived_by`, only one that was waiting by then
        or one that cannot wait (urgent)."""
        item = self.peek(INTERRUPTION)
        if item is None or item.urgent or item.created <= arrived_by:
            return None if item is None else self._take(item)
        urgent = [
            entry
            for entry in self._lanes[INTERRUPTION]
            if entry[3].urgent and entry[3].queued and entry[3].ticket == entry[2]
        ]
        return self._take(min(urgent)[3]) if urgent else None

    def has_interruption(self) -> bool:
        return self.waiting[INTERRUPTION] > 0

    def __len__(self) -> int:
        return self._live


def _older(first: WorkItem | None, second: WorkItem | None) -> WorkItem | None:
    """The one that has waited longer (the earlier queued among equals)."""
    if first is None or second is None:
        return first or second
    return first if (first.created, first.order) <= (second.created, second.order) else second
