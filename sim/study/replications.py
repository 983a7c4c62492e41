"""Running replications of a scenario, serially, in a process pool or on a Dask cluster.

Whatever runs them, the results are the same: each replication's random streams are keyed by
(seed, replication), and results come back in the order the work was given.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from sim.model.office import Replication, simulate
from sim.model.registry import registry
from sim.scenario.schema import Scenario
from sim.study.shutdown import worker_started
from sim.study.stats import FORMAT_BOUNDS, Bounds, Summary, describe

Progress = Callable[[int], None]
Task = tuple[dict, int, int]
T = TypeVar("T")
MANAGER_STOP_TIMEOUT_S = 10.0


def one_replication(args: Task) -> Replication:
    scenario_data, seed, replication = args
    return simulate(Scenario.model_validate(scenario_data), seed, replication)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def run_all(
    function: Callable[[Any], T],
    work: Sequence[Any],
    jobs: int = 1,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> list[T]:
    """Map `function` over `work` (serial, local pool or Dask), results in input order.

    On Ctrl-C (or SIGTERM) the pool's pending work is cancelled, its workers are ended and
    the interrupt propagates, so the caller writes nothing.
    """
    if scheduler:
        from sim.study.cluster import run_on_cluster

        return run_on_cluster(function, work, scheduler, progress)
    if jobs <= 1 or len(work) <= 1:
        results = []
        for item in work:
            results.append(function(item))
            if progress:
                progress(1)
        return results
    # Forked workers would otherwise copy every page of the parent's objects the first time
    # their cycle collector scans them (a third slower with a busy parent); frozen, it does not.
    gc.freeze()
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(work)), initializer=worker_started, initargs=(os.getpid(),)
    )
    try:
        results = []
        for result in pool.map(function, work, chunksize=1):
            results.append(result)
            if progress:
                progress(1)
    except BaseException:
        _stop_workers(pool)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown()
    return results


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel pending work, end the workers now (not after their current replication) and
    wait for the pool's manager thread to close its pipes.

    Left running, that thread can close its wake-up pipe just as the interpreter's exit
    hook writes to it, which prints an OSError traceback after the run has stopped.
    """
    workers = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    if manager is not None:
        manager.join(timeout=MANAGER_STOP_TIMEOUT_S)


def tasks(scenario: Scenario, seed: int, replications: Iterable[int]) -> list[Task]:
    """One task per replication, all sharing one plain copy of the scenario."""
    data = scenario.model_dump(mode="json", by_alias=True)
    return [(data, seed, n) for n in replications]


def replicate(
    scenario: Scenario,
    seed: int,
    replications: Iterable[int],
    jobs: int = 1,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> list[Replication]:
    """Run the given replication numbers; the result is in replication order whatever runs it."""
    return run_all(one_replication, tasks(scenario, seed, replications), jobs, progress, scheduler)


def replicate_each(
    studies: Sequence[tuple[Scenario, int, Iterable[int]]], jobs: int = 1
) -> list[list[Replication]]:
    """Several studies' replications (scenario, seed, replication numbers) in one pool.

    One pool for all keeps every core busy to the end, where a pool per study waits at each
    study's last replication; each study's results are the ones `replicate` gives."""
    work = [tasks(scenario, seed, replications) for scenario, seed, replications in studies]
    flat = run_all(one_replication, [task for study in work for task in study], jobs)
    results, start = [], 0
    for study in work:
        results.append(flat[start : start + len(study)])
        start += len(study)
    return results


def summarise(results: list[Replication]) -> dict[str, Summary]:
    """Each KPI's mean, 95% CI, 10th and 90th percentiles across replications.

    A registered share's interval is clipped to 0..1 and a registered count's, days' or
    hours' to >= 0 (people's utilisation and overtime too); other keys are not clipped.
    """
    names = list(results[0].kpis)
    return {name: describe([r.kpis[name] for r in results], bounds_of(name)) for name in names}


def bounds_of(kpi: str) -> Bounds | None:
    """The values a KPI can take, from its registry format; None when it is neither a KPI nor
    a person's KPI of the registry (the recorded figures are not clipped)."""
    known = registry()
    if kpi in known.kpis or known.person_kpi(kpi) is not None:
        return FORMAT_BOUNDS.get(known.format_of(kpi))
    return None
