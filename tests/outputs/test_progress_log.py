"""Progress in a log: a plain line each tenth of the work or each 30 s, and one at the end."""

from __future__ import annotations

import io

from sim.outputs.progress import ProgressLog


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_line_each_tenth_of_the_work_then_one_at_the_end() -> None:
    stream, clock = io.StringIO(), Clock()
    log = ProgressLog("reference-combined", 20, stream, clock)
    for _ in range(20):
        clock.now += 0.6
        log.advance(1)
    log.finish()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10  # every 2 of 20; the last already says 20/20
    assert lines[3] == "reference-combined: 8/20 replications, 5 s"
    assert lines[-1].startswith("reference-combined: 20/20 replications")
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()


def test_slow_work_logs_every_30_seconds_between_tenths() -> None:
    stream, clock = io.StringIO(), Clock()
    log = ProgressLog("slow", 1000, stream, clock)
    clock.now = 31.0
    log.advance(1)
    assert stream.getvalue() == "slow: 1/1000 replications, 31 s\n"
    clock.now = 40.0
    log.advance(1)  # neither 30 s nor a tenth since the last line
    assert stream.getvalue().count("\n") == 1
    log.finish()
    assert stream.getvalue().splitlines()[-1] == "slow: 2/1000 replications, 40 s"


def test_planned_work_that_grows_is_counted_in_the_total() -> None:
    stream = io.StringIO()
    log = ProgressLog("precision", 10, stream, Clock())
    log.advance(10)
    log.advance(0, grow=10)
    log.advance(10)
    assert stream.getvalue().splitlines()[-1].startswith("precision: 20/20 replications")
