"""Burnout and turnover: each week a person may quit, more likely the more strain they carry.

Strain is read from what the person did over the last few weeks: time busy beyond a
sustainable share of the shift, time past the shift, and office duties whose due time passed
while they held the manager's role and the duty was not done. A quit
leaves the post vacant for the hiring delay; its work is covered by colleagues or waits, as
the scenario says; the new hire then ramps up, slower and more error-prone at first.

Strain and the quit risk it implies are measured in every run; only `turnover.enabled` lets
people actually quit, so a run with it off is the same office with the risk reported beside it.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import simpy
from simpy.events import ProcessGenerator

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.engine import call_later
from sim.model.staff import Worker
from sim.model.streams import Stream
from sim.model.work import WorkItem
from sim.scenario.roles import BILLING_SERVICE, IC, OM
from sim.scenario.schema import Scenario
from sim.scenario.schema import Turnover as TurnoverSpec

WEEK_DAYS = 7
DAYS_PER_YEAR = 365.25
COUNTED_ROLES = (OM, IC)
"""Roles whose posts get their own quit count (`quits_om`, `quits_ic`)."""


@dataclass(frozen=True)
class WeekLoad:
    """What one person did in one week: minutes busy, past the shift and scheduled, late duties."""

    busy: float
    overtime: float
    scheduled: float
    late_duties: int


@dataclass
class TurnoverCounts:
    """What turnover cost: quits by person, weeks at risk, replacement cost, strain carried."""

    quits: dict[str, int] = field(default_factory=dict)
    quit_days: list[tuple[str, float]] = field(default_factory=list)
    person_weeks: int = 0
    replacement_cents: int = 0
    strain_hours: dict[str, float] = field(default_factory=dict)
    strain_weeks: dict[str, int] = field(default_factory=dict)
    expected_quits: dict[str, float] = field(default_factory=dict)
    """Each person's weekly quit hazards summed: the quits their strain makes likely, without
    the luck of the draw (quits are rare, so a few runs show this far more steadily)."""


def strain_hours(week: WeekLoad, spec: TurnoverSpec) -> float:
    """A week's strain in hours of work beyond a sustainable load: busy time in the shift above
    its sustainable share, every minute past the shift, and each late duty at its weight."""
    in_shift = week.busy - week.overtime
    excess = max(0.0, in_shift - spec.sustainable_utilization_share * week.scheduled)
    return (excess + week.overtime) / 60.0 + spec.late_duty_strain_hours * week.late_duties


def hazard_ratio(strain: float, spec: TurnoverSpec) -> float:
    """How much a sustained strain (hours a week) multiplies the quit hazard, up to its cap."""
    return min(spec.max_hazard_ratio, 1.0 + spec.hazard_rise_per_strain_hour * strain)


def weekly_hazard(strain: float, spec: TurnoverSpec) -> float:
    """This week's quit hazard: the baseline yearly share as a constant rate, times the ratio."""
    yearly_rate = -math.log1p(-spec.baseline_annual_quit_share)
    return yearly_rate * WEEK_DAYS / DAYS_PER_YEAR * hazard_ratio(strain, spec)


def weekly_quit_chance(strain: float, spec: TurnoverSpec) -> float:
    """Chance of quitting this week under a sustained strain (hours a week)."""
    return -math.expm1(-weekly_hazard(strain, spec))


class StrainGauge:
    """One person's weekly strain over a trailing window, read from their work counters."""

    def __init__(self, worker: Worker, spec: TurnoverSpec) -> None:
        self.worker = worker
        self.spec = spec
        self.weeks: deque[float] = deque(maxlen=spec.strain_window_weeks)
        self._last = self._counters()

    def _counters(self) -> WeekLoad:
        w = self.worker
        return WeekLoad(w.busy_minutes, w.overtime_minutes, w.scheduled_minutes, 0)

    def read_week(self, late_duties: int) -> float:
        """Close the week: record its strain and return the week's strain in hours."""
        now, last = self._counters(), self._last
        self._last = now
        week = WeekLoad(
            now.busy - last.busy,
            now.overtime - last.overtime,
            now.scheduled - last.scheduled,
            late_duties,
        )
        strain = strain_hours(week, self.spec)
        self.weeks.append(strain)
        return strain

    def forget(self) -> None:
        """A new person in the post starts with no strain of their own."""
        self.weeks.clear()
        self._last = self._counters()

    @property
    def sustained(self) -> float:
        """Mean weekly strain over the window (the weeks there are so far)."""
        return sum(self.weeks) / len(self.weeks) if self.weeks else 0.0


class LateDuties:
    """The office duties whose due time passed in each week without the duty done by then."""

    def __init__(self, duties: list[WorkItem]) -> None:
        self.duties = sorted(duties, key=lambda item: item.due)
        self.next = 0

    def passed_undone(self, now: float) -> int:
        """Duties due since the last call, up to `now`, that were not done by their due time."""
        late = 0
        while self.next < len(self.duties) and self.duties[self.next].due <= now:
            item = self.duties[self.next]
            if item.done_at is None or item.done_at > item.due:
                late += 1
            self.next += 1
        return late


class Turnover:
    """Each week, each of the practice's people: their strain and quit risk; with turnover on,
    the quit itself, the vacancy and its cover."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        workers: list[Worker],
        duties: list[WorkItem],
        rngs: dict[str, Stream],
    ) -> None:
        self.env = env
        self.spec = scenario.turnover
        self.loading = 1.0 + scenario.economics.employer_loading_share
        self.staff = [w for w in workers if BILLING_SERVICE not in w.own_roles]
        """The practice's own people: an outside billing team does not quit or cover."""
        self.late_duties = LateDuties(duties)
        self.quitting = self.spec.enabled
        if self.quitting:
            for worker in workers:
                worker.ramp_up_as(self.spec)
        self.gauges = [StrainGauge(worker, self.spec) for worker in self.staff]
        self.rngs = [rngs[worker.name] for worker in self.staff]
        self.counts = self._fresh_counts()
        env.process(self._weekly())

    def _fresh_counts(self) -> TurnoverCounts:
        """Counts at zero for every one of the practice's people, so each reports its KPIs."""
        counts = TurnoverCounts()
        for worker in self.staff:
            counts.quits[worker.name] = 0
            counts.strain_hours[worker.name] = 0.0
            counts.strain_weeks[worker.name] = 0
            counts.expected_quits[worker.name] = 0.0
        return counts

    def _weekly(self) -> ProcessGenerator:
        """Each week, for each person: read the week's strain, then draw against the quit chance
        it sets. A duty left late weighs on everyone holding the manager's role that week.

        One draw per person a week whatever happens, from their own stream, so two options of
        the same seed give the same person the same numbers."""
        while True:
            yield self.env.timeout(WEEK_DAYS * MINUTES_PER_DAY)
            late = self.late_duties.passed_undone(self.env.now)
            for gauge, rng in zip(self.gauges, self.rngs, strict=True):
                self._week(gauge, rng.random(), late)

    def _week(self, gauge: StrainGauge, draw: float, late_duties: int) -> None:
        worker = gauge.worker
        if worker.vacant:
            gauge.forget()
            return
        week = gauge.read_week(late_duties if worker.holds(OM) else 0)
        self.counts.strain_hours[worker.name] += week
        self.counts.strain_weeks[worker.name] += 1
        self.counts.person_weeks += 1
        hazard = weekly_hazard(gauge.sustained, self.spec)
        self.counts.expected_quits[worker.name] += hazard
        if self.quitting and draw < -math.expm1(-hazard):
            self._quit(worker)
            gauge.forget()

    def _quit(self, worker: Worker) -> None:
        self.counts.quits[worker.name] = self.counts.quits.get(worker.name, 0) + 1
        self.counts.quit_days.append((worker.name, self.env.now / MINUTES_PER_DAY))
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
        worker.leave(replaced_at=self.env.now + delay)
        cover = self.spec.vacancy_cover == "colleagues"
        others = [w for w in self.staff if w is not worker] if cover else []
        for other in others:
            other.cover(worker.own_roles)
        call_later(self.env, delay, lambda: self._filled(worker, others))

    def _filled(self, worker: Worker, others: list[Worker]) -> None:
        for other in others:
            other.uncover(worker.own_roles)

    def start_window(self) -> None:
        """The measured window begins: count its quits and strain only."""
        self.counts = self._fresh_counts()

    def results(self) -> dict[str, float]:
        """Quits in all, by post (om, ic) and by person; replacement cost; each person's mean
        weekly strain and expected quits."""
        counts = self.counts
        roles = {w.name: w.own_roles for w in self.staff}
        result: dict[str, float] = {"quits": sum(counts.quits.values())}
        for role in COUNTED_ROLES:
            result[f"quits_{role}"] = sum(
                n for name, n in counts.quits.items() if role in roles[name]
            )
        result["replacement_cost_usd"] = round(counts.replacement_cents / 100.0, 2)
        for name, n in counts.quits.items():
            result[f"quits.{name}"] = n
        for name, hours in counts.strain_hours.items():
            weeks = counts.strain_weeks[name]
            result[f"strain_hours.{name}"] = hours / weeks if weeks else 0.0
        for name, expected in counts.expected_quits.items():
            result[f"expected_quits.{name}"] = expected
        return result
