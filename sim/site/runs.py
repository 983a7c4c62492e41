"""The evidence runs: the small and the reference practice, simulated once and cached.

The evidence page shows them and the assumptions page reads its calibration and workload
from them, so both pages take the same numbers from here rather than from each other.

Simulating takes minutes, so the records are cached in a JSON file beside the generated
fragments, keyed by a fingerprint of the scenario files, the simulator's code, this file
and the package versions. Any change to those reruns the simulation.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.model.kpis import BUCKET_COLUMNS, REASONS
from sim.model.office import Replication
from sim.outputs import charts
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.site.options import plain_name
from sim.site.output import cached_or_simulated, fingerprint
from sim.site.paths import ASSETS, SCENARIOS, SNIPPETS
from sim.site.shared_runs import replicate_each
from sim.study.comparison import comparison_record, paired_differences
from sim.study.replications import summarise

SEED = 1
REPS = 20
GROUPS: dict[str, tuple[str, ...]] = {
    "small": ("small-separate", "small-combined"),
    "reference": ("reference-separate", "reference-combined", "reference-protected-time"),
}
PRACTICE_NAMES = {"small": "small practice", "reference": "reference practice"}
CACHE = SNIPPETS / "evidence-runs.json"
SAMPLE_DAYS_EVERY = 30


def _series(results: Sequence[Replication], column: str) -> np.ndarray:
    return charts.series(results, column)


def sample_days(horizon: int) -> list[int]:
    """Month-end days (every 30 days) and the last day: the rows of chart tables."""
    days = list(range(SAMPLE_DAYS_EVERY - 1, horizon, SAMPLE_DAYS_EVERY))
    if not days or days[-1] != horizon - 1:
        days.append(horizon - 1)
    return days


def _overlay_table(studies: dict[str, list[Replication]], column: str) -> dict[str, Any]:
    """Median and 10th-90th percentiles at sample days, per scenario (what the chart draws)."""
    horizon = len(next(iter(studies.values()))[0].daily)
    days = sample_days(horizon)
    rows = []
    for day in days:
        row: list[Any] = [day]
        for results in studies.values():
            values = _series(results, column)[:, day]
            low, mid, high = np.percentile(values, [10, 50, 90])
            row.append([round(float(mid), 2), round(float(low), 2), round(float(high), 2)])
        rows.append(row)
    return {"columns": list(studies), "rows": rows}


def _mean_table(results: list[Replication], columns: dict[str, str], cumulative: bool) -> dict:
    """Means across replications at sample days, one column per series."""
    days = sample_days(len(results[0].daily))
    means = {}
    for label, column in columns.items():
        daily = _series(results, column).mean(axis=0)
        means[label] = np.cumsum(daily) if cumulative else daily
    rows = [[day, *(round(float(means[c][day]), 2) for c in columns)] for day in days]
    return {"columns": list(columns), "rows": rows}


def _busy_hours_per_open_day(
    results: list[Replication], person: str, shift_hours: float, open_days: int
) -> float:
    """Mean hours a person was busy per open day (daily utilisation x shift length)."""
    daily = _series(results, f"utilization.{person}").sum(axis=1) * shift_hours
    return float(daily.mean() / open_days)


def _workload(scenario: Scenario, results: list[Replication]) -> dict[str, float]:
    """Volume and each person's load per open day, for the assumptions page."""
    cal = scenario.calendar
    open_days = sum(
        1
        for row in results[0].daily
        if row["weekday"] in cal.working_days and row["day"] not in cal.holidays_days
    )
    visits = float(np.mean([r.kpis["visits"] for r in results])) / open_days
    claims = float(np.mean([r.kpis["claims_created"] for r in results])) / open_days
    out = {
        "open_days": open_days,
        "visits_per_day": visits,
        "insured_visits_per_day": visits * scenario.practice.insured_share,
        "claims_per_day": claims,
    }
    for person in scenario.staff:
        out[f"busy_hours_per_day.{person.name}"] = _busy_hours_per_open_day(
            results, person.name, person.hours_per_day, open_days
        )
    return out


def _group_charts(
    root: Path, group: str, studies: dict[str, list[Replication]]
) -> dict[str, bytes]:
    """The PNGs of one practice, keyed by file name; legends and titles use plain names."""
    where = PRACTICE_NAMES[group]
    plain = {plain_name(root, name): results for name, results in studies.items()}
    out = {
        f"evidence-{group}-backlog.png": charts.overlay(
            plain, "unsubmitted_claims", f"Claims waiting to be sent: {where}", "claims"
        ),
        f"evidence-{group}-ar-over-90.png": charts.overlay(
            plain, "ar_usd_90_plus", f"Insurance A/R over 90 days: {where}", "USD"
        ),
        f"evidence-{group}-cash.png": charts.overlay(
            plain, "cumulative_cash_usd", f"Cumulative insurance cash: {where}", "USD"
        ),
    }
    for name, results in studies.items():
        title = f"{where}, {plain_name(root, name).lower()}"
        out[f"evidence-{group}-aging-{name}.png"] = charts.aging_stack(
            results, f"Insurance A/R by age: {title}"
        )
        out[f"evidence-{group}-write-offs-{name}.png"] = charts.write_offs_by_reason(
            results, f"Cumulative write-offs by reason: {title}"
        )
    return out


def _group_tables(studies: dict[str, list[Replication]]) -> dict[str, Any]:
    """The table equivalent of every chart of one practice."""
    tables: dict[str, Any] = {
        "backlog": _overlay_table(studies, "unsubmitted_claims"),
        "ar-over-90": _overlay_table(studies, "ar_usd_90_plus"),
        "cash": _overlay_table(studies, "cumulative_cash_usd"),
    }
    for name, results in studies.items():
        tables[f"aging-{name}"] = _mean_table(results, BUCKET_COLUMNS, cumulative=False)
        reasons = {r: f"written_off_usd.{r}" for r in REASONS}
        tables[f"write-offs-{name}"] = _mean_table(results, reasons, cumulative=True)
    return tables


def _run_group(root: Path, group: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Simulate one practice's scenarios; return its data record and its charts."""
    scenarios = [load_scenario(root / SCENARIOS / f"{name}.yaml") for name in GROUPS[group]]
    results = replicate_each([(s, SEED, range(REPS)) for s in scenarios])
    studies = {s.named: r for s, r in zip(scenarios, results, strict=True)}
    summaries = {name: summarise(results) for name, results in studies.items()}
    record = comparison_record(scenarios, SEED, studies, summaries)
    if len(scenarios) > 2:
        base, other = scenarios[1].named, scenarios[2].named
        record["more_differences"] = {f"{other} - {base}": paired_differences(studies, base, other)}
    record["tables"] = _group_tables(studies)
    record["workload"] = {s.named: _workload(s, studies[s.named]) for s in scenarios}
    return record, _group_charts(root, group, studies)


@functools.cache
def load(root: Path) -> dict[str, Any]:
    """The evidence records: from the cache if it is current, else by simulating.

    Returns {"fingerprint", "groups": {group: record}, "charts": {file: bytes}}; charts
    are only present when the simulation actually ran (otherwise the PNGs on disk are
    already the ones these records belong to).
    """
    key = fingerprint(root, "sim/site/runs.py", [SEED, REPS, GROUPS, _plain_names(root)])
    pngs: dict[str, bytes] = {}

    def simulate() -> dict[str, Any]:
        groups = {}
        for group in GROUPS:
            groups[group], group_charts = _run_group(root, group)
            pngs.update(group_charts)
        return {"seed": SEED, "replications": REPS, "groups": groups}

    charts = [root / ASSETS / name for name in _chart_names()]
    data, _fresh = cached_or_simulated(root / CACHE, key, simulate, charts)
    return {**data, "charts": pngs}


def _plain_names(root: Path) -> dict[str, str]:
    """The plain names the charts carry, so renaming an option redraws them."""
    return {name: plain_name(root, name) for names in GROUPS.values() for name in names}


def _chart_names() -> list[str]:
    """Every PNG the evidence page uses."""
    names = []
    for group, scenarios in GROUPS.items():
        names += [f"evidence-{group}-{c}.png" for c in ("backlog", "ar-over-90", "cash")]
        for name in scenarios:
            names += [
                f"evidence-{group}-aging-{name}.png",
                f"evidence-{group}-write-offs-{name}.png",
            ]
    return names
