"""Instruments on SimPy's engine: count the events it processes, record which event scheduled
which, and replay such a record with no model work to see what the engine alone costs.

They patch `simpy.Environment` for the duration of a `with` block; `make bench` uses them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import simpy


@contextmanager
def counting_events() -> Iterator[list[int]]:
    """Count every event SimPy processes while the block runs.

    Processed, not scheduled: a model schedules timers (filing limits, follow-ups) that fall
    past the horizon and are never simulated, and counting them would flatter its rate.
    """
    counter = [0]
    original = simpy.Environment.step

    def step(self):
        if self._queue:
            counter[0] += 1
        return original(self)

    simpy.Environment.step = step
    try:
        yield counter
    finally:
        simpy.Environment.step = original


EventTree = dict[int | None, list[tuple[float, int, int]]]
"""For each event (None: scheduled before the first was processed), the events it scheduled
while it was processed, as (delay, priority, index)."""


@contextmanager
def recording_event_tree() -> Iterator[EventTree]:
    """Record which event scheduled which, with what delay and priority, while the block runs."""
    tree: EventTree = {}
    processing: list[int | None] = [None]
    scheduled = [0]
    original_schedule, original_step = simpy.Environment.schedule, simpy.Environment.step

    def schedule(self, event, priority=1, delay=0):
        if hasattr(
            event, "tree_index"
        ):  # SimPy putting back the event whose callback stopped a run
            return original_schedule(self, event, priority, delay)
        event.tree_index = index = scheduled[0]
        scheduled[0] += 1
        tree.setdefault(processing[0], []).append((delay, priority, index))
        return original_schedule(self, event, priority, delay)

    def step(self):
        if self._queue:
            processing[0] = getattr(self._queue[0][3], "tree_index", None)
        return original_step(self)

    simpy.Environment.schedule, simpy.Environment.step = schedule, step
    try:
        yield tree
    finally:
        simpy.Environment.schedule, simpy.Environment.step = original_schedule, original_step


def replay(tree: EventTree, until: float | None = None) -> simpy.Environment:
    """Process a recorded event tree again with no work but scheduling: the engine's own cost.

    The same events at the same times, in the same order, through a heap of the same size: what
    is left of a model's run time once this is taken off is the model's own work.
    """
    env = simpy.Environment()

    def schedule_children(parent: simpy.Event | None) -> None:
        for delay, priority, child in tree.get(parent.tree_index if parent else None, ()):
            event = simpy.Event(env)
            event._ok, event._value, event.tree_index = True, None, child
            event.callbacks.append(schedule_children)
            env.schedule(event, priority, delay)

    schedule_children(None)
    env.run(until=until)
    return env
