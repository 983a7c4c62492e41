"""`--trace`: the full event log of one replication, as a CSV a consultant can open.

Default runs keep daily aggregates only. A trace re-runs one replication in this process
with observers on each person's work (started, interrupted, resumed, done) and on every
claim's state changes. The observers only record: they draw no random numbers, so the
traced replication is the same replication the study ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import Claim
from sim.model.office import Office
from sim.model.routine import Routine
from sim.model.work import WorkItem
from sim.outputs.tables import csv_bytes
from sim.scenario.schema import Scenario

COLUMNS = ("minute", "day", "clock", "person", "role", "item", "claim_id", "event", "detail")
Row = dict[str, Any]


def _row(now: float, event: str, **fields: Any) -> Row:
    minute_of_day = now % MINUTES_PER_DAY
    clock = f"{int(minute_of_day // 60):02d}:{int(minute_of_day % 60):02d}"
    return {
        "minute": round(now, 3),
        "day": int(now // MINUTES_PER_DAY),
        "clock": clock,
        "event": event,
        **fields,
    }


class _WorkLog:
    """Logs each item's start, breaks and end as the people it watches do them."""

    def __init__(self, log: Callable[..., None]) -> None:
        self.log = log

    @staticmethod
    def _fields(worker: Routine, item: WorkItem) -> dict[str, Any]:
        claim = item.claim.claim_id if item.claim is not None else ""
        return {"person": worker.name, "role": item.role, "item": item.kind, "claim_id": claim}

    def started(self, worker: Routine, item: WorkItem) -> None:
        waited = f"waited {worker.env.now - item.created:.1f} min"
        self.log("started", detail=waited, **self._fields(worker, item))

    def ended(self, worker: Routine, item: WorkItem) -> None:
        if item.remaining is not None:
            self.log(
                "set down", detail=f"{item.remaining:.1f} min left", **self._fields(worker, item)
            )
        else:
            self.log(
                "done", detail=f"{item.interruptions} interruptions", **self._fields(worker, item)
            )

    def interrupted(self, worker: Routine, task: WorkItem) -> None:
        self.log("interrupted", **self._fields(worker, task))

    def resumed(self, worker: Routine, task: WorkItem, taken: int) -> None:
        self.log("resumed", **self._fields(worker, task))


@contextmanager
def _observe_claims(log: Callable[..., None]) -> Iterator[None]:
    """Log every claim state change while the block runs (restored afterwards)."""
    original = Claim.move

    def move(self: Claim, to: Any, day: float) -> None:
        before = self.state
        original(self, to, day)
        log("claim", claim_id=self.claim_id, detail=f"{before} -> {to} ({self.payer})")

    Claim.move = move  # type: ignore[method-assign]  # restored below
    try:
        yield
    finally:
        Claim.move = original  # type: ignore[method-assign]  # the model's own method again


def trace(scenario: Scenario, seed: int, replication: int = 0) -> bytes:
    """Run one replication with observers and return its event log as CSV bytes."""
    rows: list[Row] = []
    office = Office(scenario, seed, replication)

    def log(event: str, **fields: Any) -> None:
        rows.append(_row(office.env.now, event, **fields))

    for worker in office.workers:
        worker.watcher = _WorkLog(log)
    with _observe_claims(log):
        office.run()
    return csv_bytes([COLUMNS, *([row.get(column, "") for column in COLUMNS] for row in rows)])
