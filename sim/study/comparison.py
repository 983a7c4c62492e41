"""Comparing scenarios: each one's KPIs, and each other one's paired difference from the
practice's current staffing (the option marked `current: true`, else the first).

Every scenario is run with the same replication numbers (common random numbers), so
replication k of each sees the same patients, claims and payer decisions and the
differences are paired.

The money of each option (`money_parts`) and its paired break-even against the current one read
the window's claims followed to their end (the cohort): what they brought in, what was
written off, what waiting for the cash cost, and what is still unresolved at the run-out's cap
(counted as nothing). The window's staff cost pays for the window's work; in a settled
office the tail of earlier claims it works on equals the tail of its own claims worked in the
run-out, so the two stand for each other. No money is credited for A/R still owed at a rate
taken from other claims.

Net = cohort cash - the cost of waiting for it - staff cost - fees - replacement cost.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.model.office import Replication
from sim.scenario.schema import Scenario
from sim.study.replications import default_jobs, replicate, summarise
from sim.study.stats import Difference, describe, paired_difference
from sim.study.years import YEAR_DAYS, by_year

Studies = dict[str, list[Replication]]


def paired_differences(studies: Studies, base: str, other: str) -> dict[str, Difference]:
    """`other` minus `base`, KPI by KPI, for every KPI both report."""
    first, second = studies[base], studies[other]
    shared = [kpi for kpi in first[0].kpis if kpi in second[0].kpis]
    return {
        kpi: paired_difference([r.kpis[kpi] for r in first], [r.kpis[kpi] for r in second])
        for kpi in shared
    }


NET = "cohort_net_after_staffing_usd"
"""The net the break-even compares options on (a KPI of each replication)."""
MONEY_KPIS = (
    "cohort_collected_usd",
    "cohort_written_off_usd",
    "cohort_unresolved_usd",
    "cohort_collection_share",
    "cohort_cash_wait_cost_usd",
    "staff_cost_usd",
    "outsourcing_fee_usd",
    "replacement_cost_usd",
    NET,
)
"""The replication KPIs the money table carries over as they are."""


def money_parts(result: Replication) -> dict[str, float | None]:
    """One replication's money: the window's claims to their end, less what the work cost."""
    return {key: result.kpis.get(key, 0.0) for key in MONEY_KPIS}


def base_of(scenarios: Sequence[Scenario]) -> str:
    """The option the others are measured against: the one marked `current: true` (the
    practice's staffing as it stands), else the first."""
    return next((s.named for s in scenarios if s.current), scenarios[0].named)


def money_record(scenarios: Sequence[Scenario], studies: Studies) -> dict:
    """Each option's money (mean, CI) and each other option's paired break-even parts."""
    rates = {s.name: s.economics.late_cash_annual_rate_share for s in scenarios}
    parts = {name: [money_parts(r) for r in results] for name, results in studies.items()}
    keys = list(next(iter(parts.values()))[0])
    first = base_of(scenarios)
    others = [name for name in studies if name != first]
    return {
        "late_cash_annual_rate": rates,
        "options": {
            name: {key: describe([p[key] for p in reps]) for key in keys}
            for name, reps in parts.items()
        },
        "differences": {
            f"{other} - {first}": {
                key: paired_difference(
                    [p[key] for p in parts[first]], [p[key] for p in parts[other]]
                )
                for key in keys
            }
            for other in others
        },
    }


def comparison_record(
    scenarios: Sequence[Scenario], seed: int, studies: Studies, summaries: dict
) -> dict:
    """Each scenario's KPIs, and each other scenario's paired difference from the current one
    (`base_of`)."""
    first = base_of(scenarios)
    others = [name for name in studies if name != first]
    differences = {
        f"{other} - {first}": paired_differences(studies, first, other) for other in others
    }
    record = {
        "scenarios": [s.model_dump(mode="json", by_alias=True) for s in scenarios],
        "seed": seed,
        "replications": len(studies[first]),
        "kpis": summaries,
        "differences": differences,
        "money": money_record(scenarios, studies),
    }
    years = {
        s.named: by_year(studies[s.named])
        for s in scenarios
        if s.has_opening_books or s.horizon_days > YEAR_DAYS
    }
    if years:
        record["years"] = years
    return record


def compare(
    scenarios: Sequence[Scenario], seed: int, replications: int, jobs: int | None = None
) -> dict:
    """Run every scenario `replications` times on the same random numbers; return the record."""
    jobs = default_jobs() if jobs is None else jobs
    studies = {s.named: replicate(s, seed, range(replications), jobs) for s in scenarios}
    summaries = {name: summarise(results) for name, results in studies.items()}
    return comparison_record(scenarios, seed, studies, summaries)
