"""`make bench`: how fast the model runs, against raw SimPy on the same machine, in one process.

Measures a raw SimPy M/M/1 (events per second), one replication of the reference scenario
(built, run and reported, as `simulate` does it: events per second and seconds per simulated
practice-year), the same replication's events replayed with no model work (what the engine
alone costs for this pattern of events, so the rest is the model's own work) and replications
per second serially and with all cores. Timings that are compared are taken back to back,
several times over, and the medians reported, since a shared machine's speed drifts. The last
line is the one-line verdict.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import numpy as np
import simpy
from rich.console import Console
from rich.table import Table

from sim.bench.engine_probe import EventTree, counting_events, recording_event_tree, replay
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.collector import paused_collections
from sim.model.office import simulate
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.study.replications import default_jobs, replicate

REFERENCE = Path("scenarios/reference-separate.yaml")
ROUNDS = 7
"""Back-to-back raw-SimPy and model timings, one per replication 0..6 (replications differ in
cost by about 10%); the table reports medians over them."""
SPEEDUP_ROUNDS = 5
"""Paired serial and pooled timings (16 replications, or 8 per core on bigger machines); one
neighbour's burst swung a single pair from 1.3 to 2.5 on a 2-core VM, so the median of five
is reported."""


def raw_mm1(customers: int = 100_000, seed: int = 1) -> simpy.Environment:
    """The plain SimPy M/M/1 of simulation-practice.md §5 (ρ = 0.9), nothing else."""
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    rng = np.random.default_rng(seed)

    def customer() -> Iterator[simpy.Event]:
        with server.request() as request:
            yield request
            yield env.timeout(rng.exponential(1.0))

    def source() -> Iterator[simpy.Event]:
        for _ in range(customers):
            yield env.timeout(rng.exponential(1 / 0.9))
            env.process(customer())

    env.process(source())
    return env


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def count_events(action: Callable[[], object]) -> int:
    with counting_events() as counter:
        action()
    return counter[0]


def paired_rounds(
    first: Callable[[], object], second: Callable[[], object], rounds: int
) -> list[tuple[float, float]]:
    """Time `first` then `second`, `rounds` times over.

    A shared machine's speed drifts by 20% or more within a minute; a ratio taken from two
    timings made back to back is far steadier than one from timings made a minute apart.
    """
    return [(timed(first), timed(second)) for _ in range(rounds)]


@dataclass(frozen=True)
class Round:
    """One replication's paired timings (seconds) and the events it processed."""

    events: int
    raw: float
    model: float
    engine: float


def run_raw() -> None:
    raw_mm1().run()


def model_rounds(scenario: Scenario) -> list[Round]:
    """For replications 0..ROUNDS-1: events processed, then raw, model and engine-alone timings."""
    horizon = scenario.horizon_days * MINUTES_PER_DAY
    rounds = []
    for replication in range(ROUNDS):

        def run_model(r: int = replication) -> None:
            simulate(scenario, 1, r)

        with recording_event_tree() as tree, counting_events() as counter:
            run_model()

        def run_engine(recorded: EventTree = tree) -> None:
            with paused_collections():
                replay(recorded, until=horizon)

        raw = timed(run_raw)
        rounds.append(Round(counter[0], raw, timed(run_model), timed(run_engine)))
    return rounds


def speedup_rounds(scenario: Scenario, reps: int, cores: int) -> list[tuple[float, float]]:
    """Serial and pooled timings of `reps` replications, paired, SPEEDUP_ROUNDS times."""
    gc.collect()
    return paired_rounds(
        lambda: replicate(scenario, 1, range(reps), jobs=1),
        lambda: replicate(scenario, 1, range(reps), jobs=cores),
        SPEEDUP_ROUNDS,
    )


def main() -> int:
    scenario = load_scenario(REFERENCE)
    years = scenario.horizon_days / 365.0
    simpy_events = count_events(run_raw)
    rounds = model_rounds(scenario)
    ratio = median((r.events / r.model) / (simpy_events / r.raw) for r in rounds)
    raw_equivalent = median(r.model / years * simpy_events / r.raw for r in rounds)
    model_seconds = median(r.model for r in rounds)
    model_events = round(median(r.events for r in rounds))
    per_year = model_seconds / years
    cores = default_jobs()
    reps = max(16, 8 * cores)
    pool_rounds = speedup_rounds(scenario, reps, cores)
    speedup = median(serial / parallel for serial, parallel in pool_rounds)
    serial = median(serial for serial, _ in pool_rounds)
    parallel = median(parallel for _, parallel in pool_rounds)
    rows = [
        ("raw SimPy M/M/1: events", f"{simpy_events:,}"),
        ("raw SimPy M/M/1: events/s", f"{simpy_events / median(r.raw for r in rounds):,.0f}"),
        (f"{scenario.name}: events processed per replication", f"{model_events:,}"),
        (f"{scenario.name}: events/s", f"{model_events / model_seconds:,.0f}"),
        (
            f"{scenario.name}'s events replayed, no model work: events/s",
            f"{model_events / median(r.engine for r in rounds):,.0f}",
        ),
        (
            "engine-alone/simpy events-per-second ratio",
            f"{median((r.events / r.engine) / (simpy_events / r.raw) for r in rounds):.2f}",
        ),
        (
            "model's own work, share of its run time",
            f"{median((r.model - r.engine) / r.model for r in rounds):.0%}",
        ),
        ("model/simpy events-per-second ratio", f"{ratio:.2f}"),
        ("seconds per practice-year", f"{per_year:.3f}"),
        ("practice-year in raw-SimPy events", f"{raw_equivalent:,.0f}"),
        (f"replications/s serial ({reps} reps)", f"{reps / serial:.2f}"),
        (f"replications/s with {cores} processes", f"{reps / parallel:.2f}"),
        ("parallel speedup", f"{speedup:.2f}"),
    ]
    print_table(rows)
    print(
        f"bench: model/simpy events-per-second ratio = {ratio:.2f}; "
        f"practice-year = {per_year:.3f} s (= {raw_equivalent:,.0f} raw-simpy events); "
        f"parallel speedup = {speedup:.2f}"
    )
    return 0


def print_table(rows: list[tuple[str, str]]) -> None:
    table = Table(title=f"twohats benchmark ({os.cpu_count()} CPUs)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    raise SystemExit(main())
