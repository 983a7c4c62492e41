"""Checking the simulator against results it did not produce: M/M/1, M/M/c and Little's law.

The closed forms are the textbook ones (simulation-practice.md §3.1). The harness drives the
model's own `Worker` and `WorkQueue` in a degenerate office: one task type, Poisson arrivals,
exponential durations, no deadlines, no interruptions, staff on duty around the clock. If the
worker's picking, waking and timing logic is right, its waiting times must match the queueing
formulas; the queue is instrumented separately so Little's law checks the timestamps too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import simpy
from simpy.events import ProcessGenerator

from sim.model.calendar import MINUTES_PER_DAY, OfficeCalendar
from sim.model.claim import Claim, ClaimState
from sim.model.staff import IDLE, Worker
from sim.model.streams import stream
from sim.model.work import Lane, WorkItem, WorkQueue
from sim.scenario.roles import IC, Role
from sim.scenario.schema import WEEKDAYS, Calendar, Interruptions, Person, Scenario
from sim.study.stats import t_interval


def erlang_c(c: int, offered: float) -> float:
    """Probability that an arrival waits in M/M/c with `offered` = λ/μ Erlangs (needs offered < c)."""
    if not 0 <= offered < c:
        raise ValueError(f"unstable or invalid: offered load {offered} with {c} servers")
    term, total = 1.0, 1.0
    for k in range(1, c):
        term *= offered / k
        total += term
    top = term * offered / c * c / (c - offered)
    return top / (total + top)


@dataclass(frozen=True)
class QueueFigures:
    """Steady-state figures of a queue: P(wait), mean wait in queue, mean queue length."""

    p_wait: float
    wq: float
    lq: float


def mmc(arrival_rate: float, service_rate: float, servers: int) -> QueueFigures:
    """M/M/c by Erlang C: P(wait) = C(c, A), Wq = C / (cμ − λ), Lq = λ·Wq."""
    p_wait = erlang_c(servers, arrival_rate / service_rate)
    wq = p_wait / (servers * service_rate - arrival_rate)
    return QueueFigures(p_wait, wq, arrival_rate * wq)


def mm1(arrival_rate: float, service_rate: float) -> QueueFigures:
    """M/M/1: P(wait) = ρ, Wq = ρ / (μ − λ), Lq = ρ² / (1 − ρ)."""
    rho = arrival_rate / service_rate
    if not 0 <= rho < 1:
        raise ValueError(f"unstable: utilisation {rho}")
    return QueueFigures(rho, rho / (service_rate - arrival_rate), rho * rho / (1 - rho))


class TimedQueue(WorkQueue):
    """A work queue that also integrates its length over time (for Little's law)."""

    def __init__(self, role: Role, env: simpy.Environment) -> None:
        super().__init__(role)
        self.env = env
        self.area = 0.0
        self._since = 0.0
        self._start = 0.0

    def _account(self) -> None:
        self.area += len(self) * (self.env.now - self._since)
        self._since = self.env.now

    def reset(self) -> None:
        """Forget the length integrated so far (end of warm-up)."""
        self._account()
        self.area, self._start = 0.0, self.env.now

    def mean_length(self) -> float:
        self._account()
        return self.area / (self.env.now - self._start)

    def push(self, item: WorkItem) -> None:
        self._account()
        super().push(item)

    def _take(self, item: WorkItem) -> WorkItem:
        self._account()
        return super()._take(item)


@dataclass(frozen=True)
class RunFigures:
    """What one harness run measured after its warm-up."""

    wq: float
    p_wait: float
    lq: float
    arrival_rate: float


def _round_the_clock(name: str) -> Person:
    """A person on duty 24 hours a day, every day (beyond what a scenario file may set)."""
    return Person.model_construct(
        **{
            **dict(Person(name=name, roles=["ic"])),
            "start_hour": 0.0,
            "hours_per_day": 24.0,
            "break_minutes": 0.0,
            "overtime_minutes_per_day": 0.0,
            "working_days": list(WEEKDAYS),
            "vacation_weeks_per_year": 0.0,
            "sick_days_per_year": 0.0,
        }
    )


def run_queue(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    horizon: float,
    warm_up: float,
    seed: int,
    replication: int,
) -> RunFigures:
    """Drive `servers` model Workers sharing one queue; rates are per minute of model time."""
    env = simpy.Environment()
    queue = TimedQueue(IC, env)
    calendar = OfficeCalendar(Calendar(working_days=list(WEEKDAYS), open_hour=0, close_hour=24))
    days = list(range(int(horizon // MINUTES_PER_DAY) + 2))
    workers = [
        Worker(
            env,
            _round_the_clock(f"server_{i}"),
            {IC: queue},
            calendar,
            days,
            Interruptions(),
            stream(seed, replication, "resumption", str(i)),
        )
        for i in range(servers)
    ]
    done: list[WorkItem] = []
    env.process(_arrivals(env, queue, workers, arrival_rate, service_rate, done, seed, replication))
    env.run(until=warm_up)
    queue.reset()
    env.run(until=horizon)
    waits = np.array(
        [
            it.done_at - it.created - it.minutes
            for it in done
            if it.created >= warm_up and it.done_at is not None
        ]
    )
    return RunFigures(
        wq=float(waits.mean()),
        p_wait=float((waits > 1e-9).mean()),
        lq=queue.mean_length(),
        arrival_rate=sum(1 for it in done if it.created >= warm_up) / (horizon - warm_up),
    )


def _arrivals(
    env: simpy.Environment,
    queue: WorkQueue,
    workers: list[Worker],
    arrival_rate: float,
    service_rate: float,
    done: list[WorkItem],
    seed: int,
    replication: int,
) -> ProcessGenerator:
    """Poisson arrivals of one task type with exponential durations, routed as the office does."""
    gaps = stream(seed, replication, "validation_arrivals")
    sizes = stream(seed, replication, "validation_durations")
    while True:
        yield env.timeout(gaps.expovariate(arrival_rate))
        item = WorkItem("task", IC, Lane.CLAIM, sizes.expovariate(service_rate), env.now)
        done.append(item)
        queue.push(item)
        for worker in workers:
            if worker.state == IDLE:
                worker.notify(item, env.now)
                break


@dataclass(frozen=True)
class Check:
    """Simulated mean with its 95% CI against the closed-form value."""

    label: str
    expected: float
    mean: float
    low: float
    high: float

    @property
    def within(self) -> bool:
        return self.low <= self.expected <= self.high


def check_queue(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    horizon: float,
    warm_up: float,
    replications: int,
    seed: int = 1,
) -> list[Check]:
    """Replicate a harness queue; compare Wq, P(wait) with Erlang C and Lq with λ·Wq (Little)."""
    runs = [
        run_queue(arrival_rate, service_rate, servers, horizon, warm_up, seed, r)
        for r in range(replications)
    ]
    theory = mmc(arrival_rate, service_rate, servers)
    little = [r.lq - r.arrival_rate * r.wq for r in runs]
    return [
        Check("Wq", theory.wq, *t_interval([r.wq for r in runs])),
        Check("P(wait)", theory.p_wait, *t_interval([r.p_wait for r in runs])),
        Check("Lq", theory.lq, *t_interval([r.lq for r in runs])),
        Check("Lq - λ·Wq (Little)", 0.0, *t_interval(little)),
    ]


def little_backlog(
    scenario: Scenario, seed: int, replication: int, samples_per_day: float = 24.0
) -> dict:
    """Little's law on a real office's unsubmitted-claim backlog, from two independent views.

    A sampler counts unsubmitted claims at Poisson times (which see time averages, PASTA);
    the claim records give the arrival rate and each claim's time unsubmitted, from its
    creation to its first submission, its write-off, or the horizon. The office runs from
    empty to the horizon (no warm-up, no run-out), so both views cover the same days.
    """
    from sim.model.office import Office

    study = scenario.study.model_copy(update={"warm_up_days": 0, "run_out_days": 0})
    office = Office(scenario.model_copy(update={"study": study}), seed, replication)
    created: dict[int, float] = {}
    open_claim = office.ledger.open_claim

    def recording_open_claim(claim: Claim) -> Claim:
        created[claim.claim_id] = office.env.now / MINUTES_PER_DAY
        return open_claim(claim)

    # Wrapped on this one office to note when each claim was created.
    office.ledger.open_claim = recording_open_claim  # type: ignore[method-assign]
    seen: list[int] = []
    rng = stream(seed, replication, "validation_sampler")

    def sampler() -> ProcessGenerator:
        while True:
            yield office.env.timeout(rng.expovariate(samples_per_day / MINUTES_PER_DAY))
            ledger = office.ledger
            seen.append(
                sum(1 for c in ledger.open_by_id.values() if c.state == ClaimState.UNSUBMITTED)
            )

    office.env.process(sampler())
    office.run()
    end = float(scenario.horizon_days)
    times = [_days_unsubmitted(c, created.get(c.claim_id, 0.0), end) for c in office.ledger.claims]
    mean_l, low, high = batch_means_interval(seen)
    return {
        "time_average_backlog": mean_l,
        "sampler_ci95": (low, high),
        "claims_per_day": len(times) / end,
        "mean_days_unsubmitted": float(np.mean(times)) if times else 0.0,
        "little_product": sum(times) / end,
    }


def batch_means_interval(samples: Sequence[float], batches: int = 20) -> tuple[float, float, float]:
    """Mean and 95% CI of an autocorrelated series, from the means of consecutive batches."""
    usable = len(samples) - len(samples) % batches
    means = np.asarray(samples[:usable], dtype=float).reshape(batches, -1).mean(axis=1)
    return t_interval(list(means))


def _days_unsubmitted(claim: Claim, created: float, end: float) -> float:
    left = claim.first_submitted_day
    if left is None:
        left = claim.resolved_day if claim.resolved_day is not None else end
    return max(0.0, min(left, end) - created)


def describe_check(check: Check) -> str:
    verdict = "within" if check.within else "OUTSIDE"
    return (
        f"{check.label}: closed form {check.expected:.4g}, simulated {check.mean:.4g} "
        f"[{check.low:.4g}, {check.high:.4g}] ({verdict})"
    )


@dataclass(frozen=True)
class Case:
    """A degenerate configuration run for the tests and the site's validation page."""

    name: str
    arrival_rate: float
    servers: int
    horizon: float
    service_rate: float = 1.0
    warm_up: float = 1_000.0
    replications: int = 8
    seed: int = 7

    def run(self) -> list[Check]:
        return check_queue(
            self.arrival_rate,
            self.service_rate,
            self.servers,
            self.horizon,
            self.warm_up,
            self.replications,
            self.seed,
        )


CASES: tuple[Case, ...] = (
    Case("M/M/1", 0.7, 1, 30_000.0),
    Case("M/M/2", 1.5, 2, 20_000.0),
    Case("M/M/3", 2.4, 3, 12_000.0),
)
"""Utilisation 0.7 to 0.8: busy enough for queues to matter, short enough runs to stay fast."""
