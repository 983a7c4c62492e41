"""Where the measured year lies inside one replication's run, in CPU time and in events.

A replication is a warm-up, the measured window and a run-out (`sim.model.phases`); the
practice-year cost is the whole run's. This notes the CPU clock and the event count when the
window starts and when its KPIs are read, by wrapping the two `Office` methods called then, for
the duration of a `with` block; `make bench` reports the window alone beside the whole run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sim.model.office import Office


@dataclass
class WindowMarks:
    """The CPU seconds and events counted at the window's start and end, once a run has passed
    them (events only if a counter is given)."""

    counter: list[int] | None = None
    seconds: list[float] = field(default_factory=list)
    events: list[int] = field(default_factory=list)

    def mark(self) -> None:
        self.seconds.append(time.process_time())
        if self.counter is not None:
            self.events.append(self.counter[0])

    @property
    def window_seconds(self) -> float:
        return self.seconds[1] - self.seconds[0]

    @property
    def window_events(self) -> int:
        return self.events[1] - self.events[0]


@contextmanager
def window_marks(counter: list[int] | None = None) -> Iterator[WindowMarks]:
    """Mark the window's start and end of the one replication run inside the block."""
    marks = WindowMarks(counter)
    start, end = Office.start_window, Office.window_results

    def marked_start(self: Office) -> None:
        marks.mark()
        start(self)

    def marked_end(self: Office) -> dict:
        marks.mark()
        return end(self)

    # Patched into the class for the block, and taken out after it.
    Office.start_window = marked_start  # type: ignore[method-assign]
    Office.window_results = marked_end  # type: ignore[method-assign]
    try:
        yield marks
    finally:
        Office.start_window = start  # type: ignore[method-assign]
        Office.window_results = end  # type: ignore[method-assign]
