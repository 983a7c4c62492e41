"""`make bench`: what a user waits for, a simulated practice-year, in raw-SimPy events.

An absolute time is not stable on a shared machine, so each timing of one replication of a
bundled reference scenario is paired with a timing, made just before it in the same process,
of a raw SimPy M/M/1. The practice-year cost is the CPU seconds per practice-year divided by
the CPU seconds per raw-SimPy event: how many plain SimPy events a user could have had for one
simulated year. Removing an event from the model lowers it (the old yardstick, model events
per second over raw events per second, rewarded doing more, cheaper events). The cost is split
in two: the engine alone (the same events replayed with no model work, `engine_probe.replay`)
and the rest, the model's own work, which no removal of events can take below. Also reported:
events processed per practice-year, replications per second serially and on all cores, and
what a user waits for by the wall clock (`waits`: the bundled two-option compare on every core;
`pyodide`: the what-if page's first result and time per replication under Node; `browser`:
the page itself in Chromium, its first result and the speedup of two workers over one). The
last line is the one-line verdict for reference-separate.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import numpy as np
import simpy
from rich.console import Console
from rich.table import Table
from simpy.events import ProcessGenerator

from sim.bench.browser import browser_rows
from sim.bench.clock import cpu_seconds, wall_seconds
from sim.bench.engine_probe import counting_events, recording_event_tree, replay
from sim.bench.pyodide import pyodide_rows
from sim.bench.waits import time_compare
from sim.bench.window_clock import window_marks
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.kpis import Results, amount
from sim.model.office import simulate
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.study.replications import default_jobs, replicate

SCENARIOS = Path("scenarios")
REFERENCES = ("reference-separate", "reference-combined")
"""The bundled reference scenarios measured; the verdict line is the first one's."""
ROUNDS = 5
"""Paired raw-SimPy and model timings per scenario, one per replication 0..4 (replications
differ in cost by about 10%); min and median are reported."""
RAW_CUSTOMERS = 20_000
"""M/M/1 customers per raw-SimPy timing: 120,002 events, about as long as a practice-year."""
SPEEDUP_ROUNDS = 3
"""Paired serial and pooled timings of the same replications; the median ratio is reported."""


def run_end_minutes(horizon_days: int, kpis: Results) -> float:
    """When a replication's run stopped: its warm-up, the window and the run-out it needed."""
    days = amount(kpis, "warm_up_days") + horizon_days + amount(kpis, "run_out_days")
    return days * MINUTES_PER_DAY


def raw_mm1(customers: int = 100_000, seed: int = 1) -> simpy.Environment:
    """The plain SimPy M/M/1 of simulation-practice.md §5 (ρ = 0.9), nothing else."""
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    rng = np.random.default_rng(seed)

    def customer() -> ProcessGenerator:
        with server.request() as request:
            yield request
            yield env.timeout(rng.exponential(1.0))

    def source() -> ProcessGenerator:
        for _ in range(customers):
            yield env.timeout(rng.exponential(1 / 0.9))
            env.process(customer())

    env.process(source())
    return env


def count_events(action: Callable[[], object]) -> int:
    with counting_events() as counter:
        action()
    return counter[0]


def practice_year_cost(
    model_seconds: float, years: float, raw_seconds: float, raw_events: int
) -> float:
    """Seconds per practice-year over seconds per raw-SimPy event: a year in raw-SimPy events."""
    return (model_seconds / years) / (raw_seconds / raw_events)


@dataclass(frozen=True)
class Spread:
    """The least and the median of several measurements (the least is the least disturbed)."""

    least: float
    middle: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            raise ValueError("a spread needs at least one measurement")
        return cls(min(values), median(values))


@dataclass(frozen=True)
class Round:
    """One replication's events and CPU seconds, with the raw-SimPy timing made just before,
    and the CPU seconds of replaying its events with no model work (the engine alone)."""

    events: int
    raw_seconds: float
    model_seconds: float
    engine_seconds: float = 0.0
    window_events: int = 0
    """Of `events`, those of the measured window (the warm-up's and run-out's left out)."""
    window_seconds: float = 0.0
    """Of `model_seconds`, those spent simulating the measured window."""
    days: tuple[int, int, int] = (0, 0, 0)
    """The run's warm-up, window and run-out, in simulated days."""


@dataclass(frozen=True)
class YearCost:
    """A scenario's practice-year: events, CPU seconds and cost in raw-SimPy events, the cost
    split into the engine's part and the model's own work (each round split on its own)."""

    name: str
    events: Spread
    seconds: Spread
    cost: Spread
    engine: Spread
    own_work: Spread
    whole: Spread
    """One whole replication (warm-up, window, run-out), in raw-SimPy events, not per year."""
    window: Spread
    """The measured window alone, per year, in raw-SimPy events."""
    window_events: Spread
    """The measured window's events, per year."""
    days: tuple[int, int, int] = (0, 0, 0)
    """The median round's warm-up, window and run-out, in simulated days."""

    @classmethod
    def of(cls, name: str, years: float, raw_events: int, rounds: Sequence[Round]) -> YearCost:
        def cost(seconds: float, r: Round) -> float:
            return practice_year_cost(seconds, years, r.raw_seconds, raw_events)

        costs = [cost(r.model_seconds, r) for r in rounds]
        engine = [cost(r.engine_seconds, r) for r in rounds]
        return cls(
            name,
            Spread.of([r.events / years for r in rounds]),
            Spread.of([r.model_seconds / years for r in rounds]),
            Spread.of(costs),
            Spread.of(engine),
            Spread.of([total - part for total, part in zip(costs, engine, strict=True)]),
            Spread.of([cost(r.model_seconds, r) * years for r in rounds]),
            Spread.of([cost(r.window_seconds, r) for r in rounds]),
            Spread.of([r.window_events / years for r in rounds]),
            sorted(r.days for r in rounds)[len(rounds) // 2],
        )


def model_rounds(scenario: Scenario, raw_events: int) -> list[Round]:
    """Replications 0..ROUNDS-1, each counted and recorded in one run, then timed once after a
    raw-SimPy timing, and its recorded events replayed and timed."""
    rounds = []
    for replication in range(ROUNDS):

        def run_model(r: int = replication) -> None:
            simulate(scenario, 1, r)

        with (
            recording_event_tree() as tree,
            counting_events() as counter,
            window_marks(counter) as counted,
        ):
            result = simulate(scenario, 1, replication)
        events = counter[0]
        end = run_end_minutes(scenario.horizon_days, result.kpis)
        raw = cpu_seconds(lambda: raw_mm1(RAW_CUSTOMERS).run())
        with window_marks() as timed:
            model = cpu_seconds(run_model)
        engine = cpu_seconds(functools.partial(replay, tree, until=end))
        days = (
            int(amount(result.kpis, "warm_up_days")),
            scenario.horizon_days,
            int(amount(result.kpis, "run_out_days")),
        )
        rounds.append(
            Round(events, raw, model, engine, counted.window_events, timed.window_seconds, days)
        )
    return rounds


def parallel_speedup(scenario: Scenario, reps: int, cores: int) -> tuple[float, float, float]:
    """Median serial and pooled wall seconds for `reps` replications, and the median ratio."""
    pairs = [
        (
            wall_seconds(lambda: replicate(scenario, 1, range(reps), jobs=1)),
            wall_seconds(lambda: replicate(scenario, 1, range(reps), jobs=cores)),
        )
        for _ in range(SPEEDUP_ROUNDS)
    ]
    speedup = median(serial / pooled for serial, pooled in pairs)
    return median(s for s, _ in pairs), median(p for _, p in pairs), speedup


def verdict(year: YearCost, speedup: float) -> str:
    """The last line of `make bench`: the median cost, events and seconds of one practice-year."""
    return (
        f"bench: practice-year cost = {year.cost.middle:,.0f} raw-simpy events "
        f"({year.events.middle:,.0f} events, {year.seconds.middle:.3f} s); "
        f"parallel speedup = {speedup:.2f}"
    )


def year_rows(year: YearCost) -> list[tuple[str, str]]:
    def both(spread: Spread, fmt: str) -> str:
        return f"{format(spread.least, fmt)} / {format(spread.middle, fmt)}"

    return [
        (f"{year.name}: events per practice-year (min / median)", both(year.events, ",.0f")),
        (f"{year.name}: CPU s per practice-year (min / median)", both(year.seconds, ".3f")),
        (f"{year.name}: practice-year cost, raw-SimPy events", both(year.cost, ",.0f")),
        (f"{year.name}: of which the engine, its events replayed", both(year.engine, ",.0f")),
        (f"{year.name}: of which the model's own work", both(year.own_work, ",.0f")),
        (
            f"{year.name}: one whole replication ({' + '.join(map(str, year.days))} days: "
            "warm-up, window, run-out), raw-SimPy events",
            both(year.whole, ",.0f"),
        ),
        (
            f"{year.name}: the measured window alone, events per year",
            both(year.window_events, ",.0f"),
        ),
        (f"{year.name}: the measured window alone, cost per year", both(year.window, ",.0f")),
    ]


def main() -> int:
    raw_events = count_events(lambda: raw_mm1(RAW_CUSTOMERS).run())
    raw_times = []
    years: list[YearCost] = []
    scenarios = {name: load_scenario(SCENARIOS / f"{name}.yaml") for name in REFERENCES}
    for name, scenario in scenarios.items():
        rounds = model_rounds(scenario, raw_events)
        raw_times += [r.raw_seconds for r in rounds]
        years.append(YearCost.of(name, scenario.horizon_days / 365.0, raw_events, rounds))
    raw = Spread.of(raw_times)
    cores = default_jobs()
    reps = 4 * cores
    serial, pooled, speedup = parallel_speedup(scenarios[REFERENCES[0]], reps, cores)
    rows = [
        ("raw SimPy M/M/1: events per timing", f"{raw_events:,}"),
        (
            "raw SimPy M/M/1: CPU µs per event (min / median)",
            f"{raw.least / raw_events * 1e6:.2f} / {raw.middle / raw_events * 1e6:.2f}",
        ),
    ]
    compare = time_compare(cores)
    for year in years:
        rows += year_rows(year)
    rows += [
        (compare.label(), compare.describe()),
        (f"{REFERENCES[0]}: replications/s serial ({reps} reps)", f"{reps / serial:.2f}"),
        (f"{REFERENCES[0]}: replications/s with {cores} processes", f"{reps / pooled:.2f}"),
        ("parallel speedup", f"{speedup:.2f}"),
        *pyodide_rows(),
        *browser_rows(),
    ]
    print_table(rows)
    print(verdict(years[0], speedup))
    return 0


def print_table(rows: list[tuple[str, str]]) -> None:
    table = Table(title=f"twohats benchmark ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    raise SystemExit(main())
