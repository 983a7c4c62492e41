"""Burnout and turnover: each month a person may quit, more likely after an overloaded month.

A quit leaves the post vacant for the hiring delay, during which the others cover its roles;
the new hire then ramps up, slower and more error-prone at first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import simpy

from sim.model.calendar import MINUTES_PER_DAY, call_later
from sim.model.staff import Worker
from sim.model.streams import Stream
from sim.scenario.schema import Scenario

MONTH_DAYS = 30


@dataclass
class TurnoverCounts:
    """What turnover cost: quits, vacant shift days and replacement cost."""

    quits: int = 0
    person_months: int = 0
    replacement_cents: int = 0


def quit_chance(utilization: float, spec) -> float:
    """Monthly quit probability: the baseline, raised in proportion to overload above the threshold."""
    span = max(1e-9, 1.0 - spec.overload_threshold_share)
    excess = min(1.0, max(0.0, utilization - spec.overload_threshold_share) / span)
    return min(1.0, spec.baseline_quit_per_month_share * (1.0 + spec.overload_sensitivity * excess))


class Turnover:
    """Monthly quit decisions for every person, with vacancies and cover."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        workers: list[Worker],
        rngs: dict[str, Stream],
    ) -> None:
        self.env = env
        self.spec = scenario.turnover
        self.loading = 1.0 + scenario.economics.employer_loading_share
        self.staff = [w for w in workers if "billing_service" not in w.own_roles]
        """The practice's own people: an outside billing team does not quit or cover."""
        self.counts = TurnoverCounts()
        for worker in workers:
            worker.ramp = self.spec
        for worker in self.staff:
            env.process(self._watch(worker, rngs[worker.name]))

    def _watch(self, worker: Worker, rng: Stream) -> Iterator[simpy.Event]:
        busy, scheduled = worker.busy_minutes, worker.scheduled_minutes
        while True:
            yield self.env.timeout(MONTH_DAYS * MINUTES_PER_DAY)
            month_busy, month_scheduled = (
                worker.busy_minutes - busy,
                worker.scheduled_minutes - scheduled,
            )
            busy, scheduled = worker.busy_minutes, worker.scheduled_minutes
            if worker.vacant or month_scheduled <= 0:
                continue
            self.counts.person_months += 1
            if rng.random() < quit_chance(month_busy / month_scheduled, self.spec):
                self._quit(worker)

    def _quit(self, worker: Worker) -> None:
        self.counts.quits += 1
        person = worker.spec
        yearly = (
            person.hourly_cost_usd
            * person.hours_per_day
            * len(person.working_days)
            * 52
            * self.loading
        )
        self.counts.replacement_cents += round(
            yearly * self.spec.replacement_cost_salary_share * 100
        )
        delay = self.spec.hiring_delay_days * MINUTES_PER_DAY
        worker.vacant_until = self.env.now + delay
        worker.hired_at = worker.vacant_until
        others = [w for w in self.staff if w is not worker]
        for other in others:
            other.cover(worker.own_roles)
        call_later(self.env, delay, lambda: self._filled(worker, others))

    def _filled(self, worker: Worker, others: list[Worker]) -> None:
        for other in others:
            other.uncover(worker.own_roles)

    def start_window(self) -> None:
        """The measured window begins: count its quits only."""
        self.counts = TurnoverCounts()

    def results(self) -> dict[str, float]:
        """People who quit, and what replacing them cost."""
        return {
            "quits": self.counts.quits,
            "replacement_cost_usd": round(self.counts.replacement_cents / 100.0, 2),
        }
