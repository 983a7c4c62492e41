"""Comparing scenarios: each one's KPIs, and each later one's paired difference from the first.

Every scenario is run with the same replication numbers (common random numbers), so
replication k of each sees the same patients, claims and payer decisions and the
differences are paired.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.model.office import Replication
from sim.scenario.schema import Scenario
from sim.study.replications import default_jobs, replicate, summarise
from sim.study.stats import paired_difference

Studies = dict[str, list[Replication]]


def paired_differences(studies: Studies, base: str, other: str) -> dict[str, dict]:
    """`other` minus `base`, KPI by KPI, for every KPI both report."""
    first, second = studies[base], studies[other]
    shared = [kpi for kpi in first[0].kpis if kpi in second[0].kpis]
    return {
        kpi: paired_difference([r.kpis[kpi] for r in first], [r.kpis[kpi] for r in second])
        for kpi in shared
    }


def comparison_record(
    scenarios: Sequence[Scenario], seed: int, studies: Studies, summaries: dict
) -> dict:
    """Each scenario's KPIs, and each later scenario's paired difference from the first."""
    first, *others = list(studies)
    differences = {
        f"{other} - {first}": paired_differences(studies, first, other) for other in others
    }
    return {
        "scenarios": [s.model_dump(mode="json", by_alias=True) for s in scenarios],
        "seed": seed,
        "replications": len(studies[first]),
        "kpis": summaries,
        "differences": differences,
    }


def compare(
    scenarios: Sequence[Scenario], seed: int, replications: int, jobs: int | None = None
) -> dict:
    """Run every scenario `replications` times on the same random numbers; return the record."""
    jobs = default_jobs() if jobs is None else jobs
    studies = {s.name: replicate(s, seed, range(replications), jobs) for s in scenarios}
    summaries = {name: summarise(results) for name, results in studies.items()}
    return comparison_record(scenarios, seed, studies, summaries)
