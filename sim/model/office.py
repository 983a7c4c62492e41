"""One replication of one scenario: the office assembled from its parts and run to the horizon."""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.absences import absent_days
from sim.model.calendar import MINUTES_PER_DAY, Clock, OfficeCalendar
from sim.model.collector import paused_collections
from sim.model.daily import DailySeries
from sim.model.demand import Demand
from sim.model.desk import InsuranceDesk
from sim.model.kpis import Results, kpis, usd
from sim.model.ledger import Ledger
from sim.model.om import OfficeWork
from sim.model.opening import open_books
from sim.model.recorder import DailyRecorder
from sim.model.staff import Worker
from sim.model.streams import stream
from sim.model.turnover import Turnover
from sim.model.work import WorkItem, WorkQueue
from sim.scenario.plain import plain
from sim.scenario.schema import Scenario

ROLES = ("om", "ic", "verification", "billing_service")


@dataclass
class Replication:
    """What one replication produced."""

    replication: int
    kpis: dict[str, float]
    daily: DailySeries


class Office:
    """The practice's front office for one replication: queues, people, desk, demand, records."""

    def __init__(self, scenario: Scenario, seed: int, replication: int) -> None:
        scenario = plain(scenario)
        self.scenario = scenario
        self.env = Clock()
        self.calendar = OfficeCalendar(scenario.calendar)
        self.queues = {role: WorkQueue(role) for role in ROLES}
        self.roles_on_staff = frozenset(role for person in scenario.staff for role in person.roles)
        self.outsourced_kinds = frozenset(scenario.outsourcing.kinds)
        self.ledger = Ledger()
        rngs = {
            name: stream(seed, replication, name)
            for name in ("durations", "om_events", "om_interruptions", "ic_interruptions")
        }
        self.workers = [self._hire(person, seed, replication) for person in scenario.staff]
        self.desk = InsuranceDesk(
            self.env, scenario, self.ledger, self.deliver, self.cancel, self.calendar
        )
        self.om = OfficeWork(self.env, scenario, self.calendar, self.deliver, self.interrupt, rngs)
        self.demand = Demand(
            self.env,
            scenario,
            self.calendar,
            self.desk,
            stream(seed, replication, "visits"),
            stream(seed, replication, "visit_attributes"),
        )
        open_books(self.desk, scenario, stream(seed, replication, "opening"))
        quit_rngs = {w.name: stream(seed, replication, "turnover", w.name) for w in self.workers}
        self.turnover = Turnover(self.env, scenario, self.workers, self.om.open_duties, quit_rngs)
        self.recorder = DailyRecorder(self.env, self, scenario.horizon_days)

    def _hire(self, person, seed: int, replication: int) -> Worker:
        days = self.calendar.shift_days(person, 0, self.scenario.horizon_days)
        away = absent_days(person, days, stream(seed, replication, "absences", person.name))
        return Worker(
            self.env,
            person,
            self.queues,
            self.calendar,
            [d for d in days if d not in away],
            self.scenario.interruptions,
            stream(seed, replication, "resumption", person.name),
        )

    def route(self, item: WorkItem) -> None:
        """Send IC work to a cross-trained front desk or an outside billing team where one exists."""
        if item.role != "ic":
            return
        if item.kind == "verification" and "verification" in self.roles_on_staff:
            item.role = "verification"
        elif item.kind in self.outsourced_kinds and "billing_service" in self.roles_on_staff:
            item.role = "billing_service"

    def deliver(self, item: WorkItem) -> None:
        """Queue work for its role and wake whoever holding that role is waiting for work."""
        self.route(item)
        self.queues[item.role].push(item)
        for worker in self.workers:
            if worker.state == "idle" and item.role in worker.roles:
                worker.notify(item, self.env.now)
                return

    def cancel(self, item: WorkItem) -> None:
        self.queues[item.role].cancel(item)

    def interrupt(self, item: WorkItem) -> bool:
        """Route an interruption to someone on duty in its role; False if nobody is there."""
        target, rank = None, None
        for worker in self.workers:
            if worker.on_duty and worker.holds(item.role):
                worker_rank = (len(worker.roles), worker.state != "idle")
                if target is None or worker_rank < rank:
                    target, rank = worker, worker_rank
        if target is None:
            return False
        self.queues[item.role].push(item)
        target.notify(item, self.env.now)
        return True

    def staff_cost_cents(self, worker: Worker) -> int:
        """Loaded wages for scheduled hours (paid absences included) plus overtime at its premium."""
        person, money = worker.spec, self.scenario.economics
        paid_days = (
            len(self.calendar.shift_days(person, 0, self.scenario.horizon_days))
            - worker.vacant_shift_days
        )
        hours = paid_days * person.hours_per_day
        hours += worker.overtime_minutes / 60.0 * (1.0 + money.overtime_premium_share)
        return round(hours * person.hourly_cost_usd * (1.0 + money.employer_loading_share) * 100)

    def staffing_results(self) -> dict[str, float]:
        """What the practice's own people cost: loaded wages, overtime, shifts left vacant."""
        staff = [w for w in self.workers if "billing_service" not in w.roles]
        return {
            "staff_cost_usd": usd(sum(self.staff_cost_cents(w) for w in staff)),
            "overtime_hours": sum(w.overtime_minutes for w in staff) / 60.0,
            "vacancy_days": sum(w.vacant_shift_days for w in self.workers),
            "escalations": sum(w.escalations for w in self.workers),
            "interruptions_missed_at_shift_end": sum(w.interruptions_missed for w in self.workers),
        }

    def kpis(self) -> dict[str, float]:
        """The KPIs at the end of the run, each part reporting its own."""
        now = self.env.now
        parts: list[Results] = [
            self.demand.results(),
            self.ledger.results(now / MINUTES_PER_DAY, self.scenario.horizon_days),
            self.desk.results(),
            self.om.results(now),
            self.recorder.results(self.scenario.economics.late_cash_annual_rate_share),
            self.staffing_results(),
            self.turnover.results(),
        ]
        people = [w.results() for w in self.workers]
        return kpis(parts, people, self.scenario.outsourcing)

    def close(self) -> None:
        """Take the finished office apart, so reference counting frees it at once; do not use it after.

        Everything a replication built hangs off reference cycles: claims and their register,
        the staff's processes and the events they wait on, parts holding the office's methods.
        Left to the cycle collector, freeing them means one more scan of everything the run
        built (about 5% of a practice-year).
        """
        self.env._queue.clear()
        for claim in self.ledger.claims:
            claim.register = None
        parts = [self.desk, self.om, self.demand, self.recorder, self.turnover, *self.workers]
        for part in parts:
            if part is not None:
                vars(part).clear()
        vars(self).clear()

    def run(self) -> None:
        with paused_collections():
            self.env.run(until=self.scenario.horizon_days * MINUTES_PER_DAY)


def simulate(scenario: Scenario, seed: int, replication: int) -> Replication:
    """Run replication `replication` of `scenario` under study seed `seed`."""
    with paused_collections():
        return _replicate(scenario, seed, replication)


def _replicate(scenario: Scenario, seed: int, replication: int) -> Replication:
    """Build, run and report one office; it is freed when this returns (inside `paused_collections`)."""
    office = Office(scenario, seed, replication)
    office.run()
    result = Replication(replication, office.kpis(), DailySeries(office.recorder.rows))
    office.close()
    return result
