"""The daily rows of a replication: a snapshot of the office at the end of every day."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import simpy
from simpy.events import ProcessGenerator

from sim.model.calendar import MINUTES_PER_DAY, OfficeCalendar, at
from sim.model.daily import Value, number
from sim.model.kpis import BUCKET_COLUMNS, REASONS, usd
from sim.model.ledger import DAYS_IN_YEAR, Ledger
from sim.model.om import OfficeWork
from sim.model.phases import Phases
from sim.model.staff import Worker
from sim.model.work import WorkQueue
from sim.scenario.roles import IC, OM, Role


def _days(age: float | None) -> float | None:
    """An age in days to two decimals; None (an empty cell) when there is nothing to age."""
    return None if age is None else round(age, 2)


class Observed(Protocol):
    """The parts of an office the recorder reads (the office itself, without naming its class)."""

    @property
    def env(self) -> simpy.Environment: ...
    @property
    def calendar(self) -> OfficeCalendar: ...
    @property
    def ledger(self) -> Ledger: ...
    @property
    def om(self) -> OfficeWork: ...
    @property
    def queues(self) -> dict[Role, WorkQueue]: ...
    @property
    def workers(self) -> list[Worker]: ...


class DailyRecorder:
    """Takes a snapshot of the office at the end of every day.

    The aging columns (`ar_usd_*`, `ar_usd`) hold the A/R: claims sent to a payer and not yet
    closed on the books. Claims never sent are the backlog apart from it: `unsubmitted_claims`,
    `unsubmitted_usd` and the age of the oldest (`unsubmitted_oldest_age_days`, empty when none
    waits).

    Days are numbered from the window's first day (warm-up days are negative) and the `phase`
    column says which part of the run a day belongs to; the run-out, whose length differs
    between replications, is not recorded day by day. Cumulative columns count from the start
    of the phase."""

    def __init__(self, env: simpy.Environment, office: Observed, phases: Phases) -> None:
        self.env = env
        self.office = office
        self.phases = phases
        self.rows: list[dict[str, Value]] = []
        self._busy = {w.name: 0.0 for w in office.workers}
        self._scheduled = {w.name: 0.0 for w in office.workers}
        self._overtime = {w.name: 0.0 for w in office.workers}
        self._cash = 0
        self._written_off = 0
        env.process(self._run())

    def _run(self) -> ProcessGenerator:
        for day in range(self.phases.end):
            yield self.env.timeout(at(day, 23.999) - self.env.now)
            self.rows.append(self._snapshot(day))
            self.office.ledger.start_day()

    def _snapshot(self, day: int) -> dict[str, Value]:
        office, ledger = self.office, self.office.ledger
        today = self.env.now / MINUTES_PER_DAY
        buckets, unsubmitted, unsubmitted_cents = ledger.open_totals(today)
        self._cash += ledger.cash_today_cents
        written_today = sum(ledger.written_off_today_cents.values())
        self._written_off += written_today
        row: dict[str, Value] = {
            "day": day - self.phases.start,
            "phase": self.phases.phase(day),
            "weekday": office.calendar.weekday(day),
            "unsubmitted_claims": unsubmitted,
            "unsubmitted_usd": usd(unsubmitted_cents),
            "unsubmitted_oldest_age_days": _days(ledger.oldest_unsent_age(today)),
            **{column: usd(buckets[name]) for name, column in BUCKET_COLUMNS.items()},
            "ar_usd": usd(sum(buckets.values())),
            "cash_usd": usd(ledger.cash_today_cents),
            "unposted_payments": ledger.unposted_count,
            "unposted_payments_usd": usd(ledger.unposted_cents),
            "cumulative_cash_usd": usd(self._cash),
            **{f"written_off_usd.{r}": usd(ledger.written_off_today_cents[r]) for r in REASONS},
            "cumulative_written_off_usd": usd(self._written_off),
            "ic_items_waiting": len(office.queues[IC]),
            "om_items_waiting": len(office.queues[OM]),
            "om_tasks_late_cumulative": office.om.counts.late,
            "om_tasks_overdue": office.om.overdue_at(self.env.now),
            "interruptions_cumulative": sum(office.om.interruptions.values()),
        }
        for worker in office.workers:
            busy = worker.busy_minutes - self._busy[worker.name]
            scheduled = worker.scheduled_minutes - self._scheduled[worker.name]
            overtime = worker.overtime_minutes - self._overtime[worker.name]
            self._busy[worker.name] = worker.busy_minutes
            self._scheduled[worker.name] = worker.scheduled_minutes
            self._overtime[worker.name] = worker.overtime_minutes
            row[f"utilization.{worker.name}"] = round(busy / scheduled, 4) if scheduled else 0.0
            row[f"overtime_minutes.{worker.name}"] = round(overtime, 2)
        return row

    def add_visit_expected(self, cents_by_day: Mapping[int, int]) -> None:
        """At the window's end: each recorded day's `insurance_expected_usd`, the expected
        insurance of the claims for that day's visits registered by then (primary, secondary,
        rebilled). Days in A/R is the last day's `ar_usd` over the mean of it over the last
        90 days, so daily.csv reproduces the KPI."""
        for day, row in enumerate(self.rows):
            row["insurance_expected_usd"] = usd(cents_by_day.get(day, 0))

    def start_window(self) -> None:
        """The window begins: its cumulative columns count from zero."""
        self._cash = self._written_off = 0

    def window_rows(self) -> list[dict[str, Value]]:
        return self.rows[self.phases.start :]

    def warm_up_rows(self) -> list[dict[str, Value]]:
        return self.rows[: self.phases.start]

    def results(self, late_cash_annual_rate: float) -> dict[str, float]:
        """The cost of cash not yet in the bank: the rate times the dollar-days, over the window,
        of the A/R and of the claims not yet sent (both are money the practice waits for)."""
        ar_days_usd = sum(
            number(row["ar_usd"]) + number(row["unsubmitted_usd"]) for row in self.window_rows()
        )
        return {
            "ar_carrying_cost_usd": round(ar_days_usd * late_cash_annual_rate / DAYS_IN_YEAR, 2)
        }
