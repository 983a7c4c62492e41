"""One replication of one scenario: the office assembled from its parts and run through its phases.

A warm-up brings the office to its settled state; the KPIs cover the measured window (flows
within it, stocks at its end); a run-out with no new visits then follows the window's claims
(and any opening books) until each is paid or written off, or the run-out's cap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sim.model.absences import absent_days
from sim.model.calendar import MINUTES_PER_DAY, OfficeCalendar
from sim.model.collector import paused_collections
from sim.model.daily import DailySeries
from sim.model.demand import Demand
from sim.model.desk import InsuranceDesk
from sim.model.engine import Clock, drop_pending
from sim.model.kpis import Kpi, Results, cohort_net, kpis, usd
from sim.model.ledger import Ledger
from sim.model.om import OfficeWork
from sim.model.opening import open_books
from sim.model.phases import Phases
from sim.model.recorder import DailyRecorder
from sim.model.staff import IDLE, Worker
from sim.model.streams import stream
from sim.model.turnover import Turnover
from sim.model.work import WorkItem, WorkQueue
from sim.scenario.plain import plain, replaced
from sim.scenario.roles import BILLING_SERVICE, IC, ROLES, VERIFICATION, Role
from sim.scenario.schema import OUTSOURCED_WITH, Person, Scenario
from sim.scenario.workload import sized_service


@dataclass
class Replication:
    """What one replication produced."""

    replication: int
    kpis: dict[str, Kpi]
    daily: DailySeries
    """The window's days."""
    warm_up: DailySeries = field(default_factory=DailySeries)
    """The warm-up's days (numbered below 0), if any."""


class Windowed(Protocol):
    """A part of the office whose KPIs count from the window's start."""

    def start_window(self) -> None: ...


class Office:
    """The practice's front office for one replication: queues, people, desk, demand, records."""

    def __init__(self, scenario: Scenario, seed: int, replication: int) -> None:
        scenario = plain(sized_service(scenario))
        self.scenario = scenario
        self.phases = phases = Phases.of(scenario)
        running = replaced(scenario, horizon_days=phases.last)
        """The scenario as the parts that keep going in the run-out see it: to its cap."""
        self.env = Clock()
        self.calendar = OfficeCalendar(scenario.calendar, origin=phases.start)
        self.queues = {role: WorkQueue(role) for role in ROLES}
        self.roles_on_staff = frozenset(role for person in scenario.staff for role in person.roles)
        self.outsourced_kinds = frozenset(scenario.outsourcing.kinds)
        self.ledger = Ledger(cohort_start=phases.start, cohort_end=phases.end)
        rngs = {
            name: stream(seed, replication, name)
            for name in ("durations", "om_events", "om_interruptions", "ic_interruptions")
        }
        self.workers = [self._hire(person, seed, replication) for person in scenario.staff]
        for worker in self.workers:
            if worker.overflow is not None:
                role = worker.overflow.role
                worker.helped = [w for w in self.workers if role in w.own_roles]
        self.desk = InsuranceDesk(
            self.env, scenario, self.ledger, self.deliver, self.cancel, self.calendar
        )
        self.om = OfficeWork(
            self.env, running, self.calendar, self.deliver, self.interrupt, rngs, self.staffed
        )
        self.demand = Demand(
            self.env,
            scenario,
            self.calendar,
            self.desk,
            phases,
            lambda day: (
                stream(seed, replication, "visits", str(day)),
                stream(seed, replication, "visit_attributes", str(day)),
            ),
        )
        open_books(self.desk, scenario, stream(seed, replication, "opening"))
        quit_rngs = {w.name: stream(seed, replication, "turnover", w.name) for w in self.workers}
        self.turnover = Turnover(self.env, running, self.workers, self.om.open_duties, quit_rngs)
        self.recorder = DailyRecorder(self.env, self, phases)
        self.window_kpis: dict[str, Kpi] | None = None
        self.run_out_days = 0

    def _hire(self, person: Person, seed: int, replication: int) -> Worker:
        """A person's shifts through the run-out, less absences: the run-out's drawn apart, so
        the window's do not depend on how long a run-out may last."""
        end = self.phases.end
        days = self.calendar.shift_days(person, 0, self.phases.last)
        away = absent_days(
            person,
            [d for d in days if d < end],
            stream(seed, replication, "absences", person.name),
        )
        later = absent_days(
            person,
            [d - end for d in days if d >= end],
            stream(seed, replication, "absences", person.name, "run_out"),
        )
        away |= {d + end for d in later}
        return Worker(
            self.env,
            person,
            self.queues,
            self.calendar,
            [d for d in days if d not in away],
            self.scenario.interruptions,
            stream(seed, replication, "resumption", person.name),
        )

    def staffed(self, role: Role, day: int) -> bool:
        """Whether someone holding `role` is at work on `day` (not absent, not a vacancy)."""
        return any(
            worker.holds(role) and not worker.vacant and day in worker.working_days
            for worker in self.workers
        )

    def route(self, item: WorkItem) -> None:
        """Send IC work to a cross-trained front desk or an outside billing team where one exists."""
        if item.role != IC:
            return
        if item.kind == "verification" and VERIFICATION in self.roles_on_staff:
            item.role = VERIFICATION
        elif (
            OUTSOURCED_WITH.get(item.kind, item.kind) in self.outsourced_kinds
            and BILLING_SERVICE in self.roles_on_staff
        ):
            item.role = BILLING_SERVICE

    def deliver(self, item: WorkItem) -> None:
        """Queue work for its role and wake whoever holding that role is waiting for work."""
        self.route(item)
        self.queues[item.role].push(item)
        for worker in self.workers:
            if worker.state == IDLE and item.role in worker.roles:
                worker.notify(item, self.env.now)
                return
        for worker in self.workers:
            if worker.state == IDLE and worker.helps(item.role):
                worker.notify(item, self.env.now)
                return

    def cancel(self, item: WorkItem) -> None:
        self.queues[item.role].cancel(item)

    def interrupt(self, item: WorkItem) -> bool:
        """Route an interruption to someone on duty in its role; False if nobody is there."""
        target, rank = None, None
        for worker in self.workers:
            if worker.on_duty and worker.holds(item.role):
                worker_rank = (len(worker.roles), worker.state != IDLE)
                if rank is None or worker_rank < rank:
                    target, rank = worker, worker_rank
        if target is None:
            return False
        self.queues[item.role].push(item)
        target.notify(item, self.env.now)
        return True

    def staff_cost_cents(self, worker: Worker) -> int:
        """Loaded wages for scheduled hours (paid absences included) plus overtime at its premium."""
        person, money = worker.spec, self.scenario.economics
        phases = self.phases
        paid_days = (
            len(self.calendar.shift_days(person, phases.start, phases.end))
            - worker.vacant_shift_days
        )
        hours = paid_days * person.hours_per_day
        hours += worker.window_overtime_minutes / 60.0 * (1.0 + money.overtime_premium_share)
        return round(hours * person.hourly_cost_usd * (1.0 + money.employer_loading_share) * 100)

    def staffing_results(self) -> dict[str, float]:
        """What the practice's own people cost: loaded wages, overtime, shifts left vacant."""
        staff = [w for w in self.workers if BILLING_SERVICE not in w.roles]
        return {
            "staff_cost_usd": usd(sum(self.staff_cost_cents(w) for w in staff)),
            "overtime_hours": sum(w.window_overtime_minutes for w in staff) / 60.0,
            "vacancy_days": sum(w.vacant_shift_days for w in self.workers),
            "escalations": sum(w.escalations for w in self.workers),
            "interruptions_missed_at_shift_end": sum(w.interruptions_missed for w in self.workers),
        }

    def window_results(self) -> dict[str, Kpi]:
        """The window's KPIs, read at its end, each part reporting its own."""
        now = self.env.now
        parts: list[Results] = [
            self.demand.results(),
            self.ledger.results(now / MINUTES_PER_DAY),
            self.desk.results(),
            self.om.results(now),
            self.recorder.results(self.scenario.economics.late_cash_annual_rate_share),
            self.staffing_results(),
            self.turnover.results(),
        ]
        people = [w.results() for w in self.workers]
        return kpis(parts, people, self.scenario.outsourcing)

    def kpis(self) -> dict[str, Kpi]:
        """The window's KPIs, then what became of its claims (and the opening books') by the
        end of the run-out."""
        if self.window_kpis is None:
            raise RuntimeError("the office has not run")
        rate = self.scenario.economics.late_cash_annual_rate_share
        results = {
            **self.window_kpis,
            **self.ledger.cohort_results(rate),
            "warm_up_days": self.phases.warm_up_days,
            "run_out_days": self.run_out_days,
        }
        return {**results, **cohort_net(results)}

    def start_window(self) -> None:
        """The warm-up is over: every part counts from now."""
        self.ledger.start_window(self.env.now / MINUTES_PER_DAY)
        parts: tuple[Windowed, ...] = (self.desk, self.om, self.recorder, self.turnover)
        for part in (*parts, *self.workers):
            if part is not None:
                part.start_window()

    def close(self) -> None:
        """Take the finished office apart, so reference counting frees it at once; do not use it after.

        Everything a replication built hangs off reference cycles: claims and their register,
        the staff's processes and the events they wait on, parts holding the office's methods.
        Left to the cycle collector, freeing them means one more scan of everything the run
        built (about 5% of a practice-year).
        """
        drop_pending(self.env)
        for claim in self.ledger.claims:
            claim.register = None
        parts = [self.desk, self.om, self.demand, self.recorder, self.turnover, *self.workers]
        for part in parts:
            if part is not None:
                vars(part).clear()
        vars(self).clear()

    def run(self) -> None:
        """Warm up, measure the window, then run out until its claims are closed."""
        phases, env = self.phases, self.env
        with paused_collections():
            if phases.start > 0:
                env.run(until=phases.start * MINUTES_PER_DAY)
            self.start_window()
            env.run(until=phases.end * MINUTES_PER_DAY)
            self.window_kpis = self.window_results()
            self.recorder.add_visit_expected(self.ledger.expected_cents_by_visit_day())
            day = phases.end
            while self.ledger.followed_open and day < phases.last:
                day += 1
                env.run(until=day * MINUTES_PER_DAY)
            self.run_out_days = day - phases.end


def simulate(scenario: Scenario, seed: int, replication: int) -> Replication:
    """Run replication `replication` of `scenario` under study seed `seed`."""
    with paused_collections():
        return _replicate(scenario, seed, replication)


def _replicate(scenario: Scenario, seed: int, replication: int) -> Replication:
    """Build, run and report one office; it is freed when this returns (inside `paused_collections`)."""
    office = Office(scenario, seed, replication)
    office.run()
    recorder = office.recorder
    result = Replication(
        replication,
        office.kpis(),
        DailySeries(recorder.window_rows()),
        DailySeries(recorder.warm_up_rows()),
    )
    office.close()
    return result
