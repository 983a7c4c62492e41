"""Progress for a log: a plain line now and then when stderr is not a terminal.

A terminal gets rich's bar (in `sim.cli`); a log file or CI gets lines such as
`reference-combined: 8/20 replications, 12 s`, one each time another tenth of the work is
done or 30 seconds have passed since the last line, and one at the end. No colours, no
carriage returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import IO

EVERY_SHARE = 0.10
EVERY_SECONDS = 30.0


class ProgressLog:
    """Counts finished replications and writes a line when a tenth more is done or 30 s pass."""

    def __init__(
        self,
        label: str,
        total: float,
        stream: IO[str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label, self.total, self.stream, self.clock = label, total, stream, clock
        self.done: float = 0
        self.started = self.last_time = clock()
        self.last_done: float = 0

    def advance(self, n: float, grow: float = 0) -> None:
        """`n` more finished (and `grow` more planned, when a precision search adds some)."""
        self.total += grow
        self.done += n
        now = self.clock()
        step = max(1, round(self.total * EVERY_SHARE))
        if self.done - self.last_done >= step or now - self.last_time >= EVERY_SECONDS:
            self._line(now)

    def finish(self) -> None:
        """The last line, unless the last one written already said everything was done."""
        if self.done != self.last_done or self.done == 0:
            self._line(self.clock())

    def _line(self, now: float) -> None:
        seconds = now - self.started
        self.stream.write(
            f"{self.label}: {int(self.done)}/{int(self.total)} replications, {seconds:.0f} s\n"
        )
        self.stream.flush()
        self.last_done, self.last_time = self.done, now
