"""Comparing scenarios: each one's KPIs, and each later one's paired difference from the first.

Every scenario is run with the same replication numbers (common random numbers), so
replication k of each sees the same patients, claims and payer decisions and the
differences are paired.

The money of each option (`money_parts`) and its paired break-even against the first go
past the insurance cash and the staff cost that "net collected after staffing" counts:

- cash collected sooner: each day's insurance cash earns (or saves in financing) the
  scenario's `economics.late_cash_annual_rate_share` from the day it arrives to the end of
  the run, so an option that collects the same total sooner is worth more;
- A/R still owed at the end: money not lost, only later. It is counted at the share of
  expected dollars the option turned into cash over the run (paid / (paid + payer
  shortfall + written off)), its expected collectable share.

Net with timing and A/R = net collected after staffing + both.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.model.daily import DailySeries
from sim.model.office import Replication
from sim.model.recorder import DAYS_IN_YEAR
from sim.scenario.schema import Scenario
from sim.study.replications import default_jobs, replicate, summarise
from sim.study.stats import describe, paired_difference

Studies = dict[str, list[Replication]]


def paired_differences(studies: Studies, base: str, other: str) -> dict[str, dict]:
    """`other` minus `base`, KPI by KPI, for every KPI both report."""
    first, second = studies[base], studies[other]
    shared = [kpi for kpi in first[0].kpis if kpi in second[0].kpis]
    return {
        kpi: paired_difference([r.kpis[kpi] for r in first], [r.kpis[kpi] for r in second])
        for kpi in shared
    }


MONEY_KPIS = (
    "collected_usd",
    "written_off_usd",
    "staff_cost_usd",
    "outsourcing_fee_usd",
    "replacement_cost_usd",
    "net_collected_after_staffing_usd",
)
"""The replication KPIs the money table carries over as they are."""


def cash_timing_value(daily: DailySeries, annual_rate: float) -> float:
    """What the run's insurance cash earns at `annual_rate` from its day to the last day."""
    if not len(daily):
        return 0.0
    days, cash = daily.column("day"), daily.column("cash_usd")
    last = float(days[-1])
    dollar_days = sum(float(c) * (last - float(d)) for d, c in zip(days, cash, strict=True))
    return round(dollar_days * annual_rate / DAYS_IN_YEAR, 2)


def collectable_share(kpis: dict[str, float]) -> float | None:
    """Share of the expected dollars closed in the run that came in as cash (None if none closed)."""
    closed = kpis["collected_usd"] + kpis["payer_adjustment_usd"] + kpis["written_off_usd"]
    return kpis["collected_usd"] / closed if closed > 0 else None


def money_parts(result: Replication, annual_rate: float) -> dict[str, float | None]:
    """One replication's money: cash, costs, net, cash timing and what is still owed at the end."""
    kpis = result.kpis
    parts: dict[str, float | None] = {key: kpis.get(key, 0.0) for key in MONEY_KPIS}
    timing = cash_timing_value(result.daily, annual_rate)
    share = collectable_share(kpis)
    owed = kpis["outstanding_usd"]
    collectable = None if share is None else round(owed * share, 2)
    parts.update(
        {
            "cash_timing_value_usd": timing,
            "owed_at_end_usd": owed,
            "owed_collectable_share": share,
            "owed_at_end_collectable_usd": collectable,
            "net_with_timing_and_owed_usd": None
            if collectable is None
            else round(kpis["net_collected_after_staffing_usd"] + timing + collectable, 2),
        }
    )
    return parts


def money_record(scenarios: Sequence[Scenario], studies: Studies) -> dict:
    """Each option's money (mean, CI) and each later option's paired break-even parts."""
    rates = {s.name: s.economics.late_cash_annual_rate_share for s in scenarios}
    parts = {
        name: [money_parts(r, rates[name]) for r in results] for name, results in studies.items()
    }
    keys = list(next(iter(parts.values()))[0])
    first, *others = list(studies)
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
        "money": money_record(scenarios, studies),
    }


def compare(
    scenarios: Sequence[Scenario], seed: int, replications: int, jobs: int | None = None
) -> dict:
    """Run every scenario `replications` times on the same random numbers; return the record."""
    jobs = default_jobs() if jobs is None else jobs
    studies = {s.name: replicate(s, seed, range(replications), jobs) for s in scenarios}
    summaries = {name: summarise(results) for name, results in studies.items()}
    return comparison_record(scenarios, seed, studies, summaries)
