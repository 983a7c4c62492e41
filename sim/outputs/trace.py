"""`--trace`: the full event log of one replication, as a CSV a consultant can open.

Default runs keep daily aggregates only. A trace re-runs one replication in this process
with observers on each person's work (started, interrupted, resumed, done) and on every
claim's state changes. The observers only record: they draw no random numbers, so the
traced replication is the same replication the study ran.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any

import simpy
from simpy.events import ProcessGenerator

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.claim import Claim
from sim.model.office import Office
from sim.model.staff import Worker
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


def _observe_worker(worker: Worker, log: Callable[..., None]) -> None:
    """Wrap this person's work so each item's start, breaks and end are logged."""
    perform, serve = worker._perform, worker._serve_interruptions
    stack: list[WorkItem] = []

    def item_fields(item: WorkItem) -> dict[str, Any]:
        claim = item.claim.claim_id if item.claim is not None else ""
        return {"person": worker.name, "role": item.role, "item": item.kind, "claim_id": claim}

    def traced_perform(item: WorkItem, stop_at: float = math.inf) -> ProcessGenerator:
        stack.append(item)
        log(
            "started", detail=f"waited {worker.env.now - item.created:.1f} min", **item_fields(item)
        )
        yield from perform(item, stop_at)
        if item.remaining is not None:
            log("set down", detail=f"{item.remaining:.1f} min left", **item_fields(item))
        else:
            log("done", detail=f"{item.interruptions} interruptions", **item_fields(item))
        stack.pop()

    def traced_serve() -> Generator[simpy.Event, Any, int]:
        broken = stack[-1] if stack else None
        if broken is not None:
            log("interrupted", **item_fields(broken))
        taken = yield from serve()
        if broken is not None:
            log("resumed", **item_fields(broken))
        return taken

    # Wrapped on this one worker, so the trace sees its work without the model knowing.
    worker._perform = traced_perform  # type: ignore[method-assign]
    worker._serve_interruptions = traced_serve  # type: ignore[method-assign]


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
        _observe_worker(worker, log)
    with _observe_claims(log):
        office.run()
    return csv_bytes([COLUMNS, *([row.get(column, "") for column in COLUMNS] for row in rows)])
