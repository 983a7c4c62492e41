"""Units of work and the queues people take them from."""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.model.claim import Claim


class Priority(IntEnum):
    """Lower comes first. Interruptions beat everything; follow-up waits for a quiet moment."""

    INTERRUPTION = 0
    URGENT_EVENT = 1
    DUTY = 2
    PRE_VISIT = 3
    POSTING = 4
    CLAIM = 5
    DENIAL = 6
    APPEAL = 7
    FOLLOW_UP = 8


@dataclass(slots=True, eq=False)
class WorkItem:
    """One piece of work for one role, with its base duration and optional due time."""

    kind: str
    role: str
    priority: Priority
    minutes: float
    created: float
    due: float = math.inf
    complex: bool = False
    interruptible: bool = True
    claim: Claim | None = None
    on_done: Callable[[WorkItem, Any], None] | None = None
    interruptions: int = 0
    cancelled: bool = False
    queued: bool = False
    done_at: float | None = None
    done_by: str | None = None

    @property
    def is_interruption(self) -> bool:
        return self.priority == Priority.INTERRUPTION


class WorkQueue:
    """Work waiting for one role: by priority, then due time, then arrival order."""

    def __init__(self, role: str) -> None:
        self.role = role
        self._heap: list[tuple[int, float, int, WorkItem]] = []
        self._seq = 0
        self._live = 0

    def push(self, item: WorkItem) -> None:
        self._seq += 1
        self._live += 1
        item.queued = True
        heapq.heappush(self._heap, (item.priority, item.due, self._seq, item))

    def cancel(self, item: WorkItem) -> None:
        """Drop a waiting item (its reason to exist has gone); it is skipped when reached."""
        if item.queued and not item.cancelled:
            item.cancelled = True
            self._live -= 1

    def _skip_cancelled(self) -> None:
        while self._heap and self._heap[0][3].cancelled:
            heapq.heappop(self._heap)[3].queued = False

    def peek(self) -> WorkItem | None:
        self._skip_cancelled()
        return self._heap[0][3] if self._heap else None

    def pop(self) -> WorkItem | None:
        self._skip_cancelled()
        if not self._heap:
            return None
        self._live -= 1
        item = heapq.heappop(self._heap)[3]
        item.queued = False
        return item

    def pop_interruption(self) -> WorkItem | None:
        head = self.peek()
        return self.pop() if head is not None and head.is_interruption else None

    def __len__(self) -> int:
        return self._live
