"""Running replications of a scenario, serially or in a process pool, with identical results."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor

from sim.model import Replication, simulate
from sim.scenario import Scenario
from sim.stats import describe

Progress = Callable[[int], None]


def _one(args: tuple[dict, int, int]) -> Replication:
    scenario_data, seed, replication = args
    return simulate(Scenario.model_validate(scenario_data), seed, replication)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def replicate(
    scenario: Scenario,
    seed: int,
    replications: Iterable[int],
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[Replication]:
    """Run the given replication numbers; the result is in replication order whatever `jobs` is."""
    numbers = list(replications)
    data = scenario.model_dump(mode="json", by_alias=True)
    work = [(data, seed, n) for n in numbers]
    results: list[Replication] = []
    if jobs <= 1 or len(numbers) <= 1:
        for item in work:
            results.append(_one(item))
            if progress:
                progress(1)
        return results
    with ProcessPoolExecutor(max_workers=min(jobs, len(numbers))) as pool:
        for result in pool.map(_one, work, chunksize=1):
            results.append(result)
            if progress:
                progress(1)
    return sorted(results, key=lambda r: r.replication)


def summarise(results: list[Replication]) -> dict[str, dict[str, object]]:
    """Each KPI's mean, 95% CI, 10th and 90th percentiles across replications."""
    names = list(results[0].kpis)
    return {name: describe([r.kpis[name] for r in results]) for name in names}
