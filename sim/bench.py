"""`make bench`: how fast the model runs, against raw SimPy on the same machine, in one process.

Measures a raw SimPy M/M/1 (events per second), one replication of the reference scenario
(built, run and reported, as `simulate` does it: events per second and seconds per simulated
practice-year) and replications per second serially and with all cores. Each timing is the best
of a few runs, since a shared machine's speed drifts. The last line is the one-line verdict.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import simpy
from rich.console import Console
from rich.table import Table

from sim.loading import load_scenario
from sim.model import simulate
from sim.study import default_jobs, replicate

REFERENCE = Path("scenarios/reference-separate.yaml")


@contextmanager
def counting_events() -> Iterator[list[int]]:
    """Count every event SimPy schedules while the block runs."""
    counter = [0]
    original = simpy.Environment.schedule

    def schedule(self, event, priority=1, delay=0):
        counter[0] += 1
        return original(self, event, priority, delay)

    simpy.Environment.schedule = schedule
    try:
        yield counter
    finally:
        simpy.Environment.schedule = original


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


def events_per_second(
    build: Callable[[], simpy.Environment], repeats: int = 3
) -> tuple[float, int, float]:
    """Best-of-`repeats` run time of a fresh model, and the events it schedules."""
    with counting_events() as counter:
        build().run()
    events = counter[0]
    seconds = min(timed(lambda: build().run()) for _ in range(repeats))
    return events / seconds, events, seconds


def main() -> int:
    console = Console()
    scenario = load_scenario(REFERENCE)
    years = scenario.horizon_days / 365.0
    simpy_rate, simpy_events, simpy_seconds = events_per_second(raw_mm1)

    with counting_events() as counter:
        simulate(scenario, 1, 0)
    model_events = counter[0]
    model_seconds = min(timed(lambda: simulate(scenario, 1, 0)) for _ in range(3))
    model_rate = model_events / model_seconds
    per_year = model_seconds / years
    raw_equivalent = per_year * simpy_rate

    cores = default_jobs()
    reps = max(8, 4 * cores)
    serial = min(timed(lambda: replicate(scenario, 1, range(reps), jobs=1)) for _ in range(2))
    parallel = min(timed(lambda: replicate(scenario, 1, range(reps), jobs=cores)) for _ in range(2))
    speedup = serial / parallel

    table = Table(title=f"twohats benchmark ({os.cpu_count()} CPUs)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("raw SimPy M/M/1: events", f"{simpy_events:,}"),
        ("raw SimPy M/M/1: events/s", f"{simpy_rate:,.0f}"),
        (f"{scenario.name}: events per replication", f"{model_events:,}"),
        (f"{scenario.name}: events/s", f"{model_rate:,.0f}"),
        ("model/simpy events-per-second ratio", f"{model_rate / simpy_rate:.2f}"),
        ("seconds per practice-year", f"{per_year:.3f}"),
        ("practice-year in raw-SimPy events", f"{raw_equivalent:,.0f}"),
        (f"replications/s serial ({reps} reps)", f"{reps / serial:.2f}"),
        (f"replications/s with {cores} processes", f"{reps / parallel:.2f}"),
        ("parallel speedup", f"{speedup:.2f}"),
    ]
    for row in rows:
        table.add_row(*row)
    console.print(table)
    del simpy_seconds
    print(
        f"bench: model/simpy events-per-second ratio = {model_rate / simpy_rate:.2f}; "
        f"practice-year = {per_year:.3f} s (= {raw_equivalent:,.0f} raw-simpy events); "
        f"parallel speedup = {speedup:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
