"""Instruments on SimPy's engine: count the events it processes, record which event scheduled
which, and replay such a record with no model work to see what the engine alone costs.

They patch `simpy.Environment` for the duration of a `with` block; `make bench` uses them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from heapq import heappush
from typing import Any

import simpy


@contextmanager
def counting_events() -> Iterator[list[int]]:
    """Count every event SimPy processes while the block runs.

    Processed, not scheduled: a model schedules timers (filing limits, follow-ups) that fall
    past the horizon and are never simulated, and counting them would flatter its rate.
    """
    counter = [0]
    original = simpy.Environment.step

    def step(self: simpy.Environment) -> None:
        if self._queue:
            counter[0] += 1
        return original(self)

    # Counting is patched into SimPy's class for the block, and taken out after it.
    simpy.Environment.step = step  # type: ignore[method-assign]
    try:
        yield counter
    finally:
        simpy.Environment.step = original  # type: ignore[method-assign]


EventTree = dict[int | None, list[tuple[float, int, int]]]
"""For each event (None: scheduled before the first was processed), the events it scheduled
while it was processed, as (time, priority, index)."""


class _IdRecorder:
    """Stands in for the event-id counter of every environment made while recording, and notes,
    for each id it hands out, the id of the event being processed then: the model's timers go
    straight into SimPy's heap, so the id is the one thing every scheduled event is sure to take.
    One counter for all of them keeps ids distinct when a block records several runs."""

    def __init__(self) -> None:
        self.next_id = 0
        self.processing: int | None = None
        self.parent: dict[int, int | None] = {}
        self.recording = True

    def __iter__(self) -> _IdRecorder:
        return self

    def __next__(self) -> int:
        index = self.next_id
        self.next_id += 1
        if self.recording:
            self.parent[index] = self.processing
        return index


@contextmanager
def recording_event_tree() -> Iterator[EventTree]:
    """Record which event scheduled which, at what time and priority, while the block runs.

    An event is recorded when it is processed, and those still waiting when a run stops are
    recorded then, so a replay carries the same heap. Only environments made inside the block
    can be recorded: stepping an older one raises."""
    tree: EventTree = {}
    recorder = _IdRecorder()
    original_init, original_step = simpy.Environment.__init__, simpy.Environment.step
    original_run = simpy.Environment.run

    def record(entry: tuple) -> None:
        time, priority, index = entry[0], entry[1], entry[2]
        if index in recorder.parent:
            tree.setdefault(recorder.parent.pop(index), []).append((time, priority, index))

    def init(self: simpy.Environment, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self._eid = recorder  # type: ignore[assignment]  # numbers events as SimPy's count does
        recorder.processing = None

    def step(self: simpy.Environment) -> None:
        if self._eid is not recorder:
            raise RuntimeError("only environments made inside recording_event_tree are recorded")
        if self._queue:
            entry = self._queue[0]
            record(entry)
            recorder.processing = entry[2]
        return original_step(self)

    def run(self: simpy.Environment, until: float | simpy.Event | None = None) -> Any:
        try:
            return original_run(self, until)
        finally:
            if self._eid is recorder:
                for entry in sorted(self._queue):
                    if entry[1] >= 0:  # not SimPy putting back the event that stopped the run
                        record(entry)

    # Recording is patched into SimPy's class for the block, and taken out after it.
    simpy.Environment.__init__, simpy.Environment.step = init, step  # type: ignore[method-assign]
    simpy.Environment.run = run  # type: ignore[method-assign]
    try:
        yield tree
    finally:
        recorder.recording = False
        restored = original_init, original_step
        simpy.Environment.__init__, simpy.Environment.step = restored  # type: ignore[method-assign]
        simpy.Environment.run = original_run  # type: ignore[method-assign]


class _Replayed(simpy.Event):
    """A recorded event processed again: it knows its place in the tree."""

    tree_index: int


def replay(tree: EventTree, until: float | None = None) -> simpy.Environment:
    """Process a recorded event tree again with no work but scheduling: the engine's own cost.

    The same events at the same times, in the same order, through a heap of the same size: what
    is left of a model's run time once this is taken off is the model's own work.
    """
    env = simpy.Environment()

    def schedule_children(parent: simpy.Event | None) -> None:
        index = parent.tree_index if isinstance(parent, _Replayed) else None
        for time, priority, child in tree.get(index, ()):
            event = _Replayed(env)
            event._ok, event._value, event.tree_index = True, None, child
            event.callbacks.append(schedule_children)
            # SimPy types a priority as its NewType EventPriority; these are its recorded values.
            heappush(env._queue, (time, priority, next(env._eid), event))  # type: ignore[misc]

    schedule_children(None)
    env.run(until=until)
    return env
