"""The client's observed figures beside the simulated office at the matching day.

A scenario's `observed:` block gives figures from the client's own books on one day (the
figures and where the model shows each are in `observed_figures.yaml`). For every figure
given, the simulated value is read from each replication at the end of that day; the row
holds the observed value, the mean over replications with its 95% t interval (clipped to
the values the figure can take), and the distance simulated - observed, also relative to
the observed value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sim.model.daily import DailySeries, number
from sim.model.office import Replication
from sim.scenario.schema import Observed, Scenario
from sim.study.stats import FORMAT_BOUNDS, describe

FIGURES_FILE = Path(__file__).with_name("observed_figures.yaml")


@dataclass(frozen=True)
class Figure:
    """One figure an observed block may give, and where the simulated office shows it."""

    key: str
    kpi: str
    label: str
    short_label: str
    format: str
    column: str | None = None
    window: str | None = None
    days: int = 1
    end: str | None = None


@cache
def catalogue() -> tuple[Figure, ...]:
    """Every figure an observed block may give, in the order rows are shown."""
    raw = yaml.safe_load(FIGURES_FILE.read_text(encoding="utf-8"))["figures"]
    return tuple(Figure(key=key, **entry) for key, entry in raw.items())


def given(observed: Observed) -> list[tuple[Figure, float]]:
    """The figures the block gives, with their observed values, in catalogue order."""
    data = observed.model_dump(by_alias=True)
    found = []
    for figure in catalogue():
        section, _, bucket = figure.key.partition(".")
        value = data[section].get(bucket) if bucket else data[section]
        if value is not None:
            found.append((figure, float(value)))
    return found


def simulated_at(figure: Figure, rep: Replication, day: int) -> float | None:
    """The figure in one replication at the end of `day` (None when the run cannot show it)."""
    daily: DailySeries = rep.daily
    if figure.end is not None:
        if day != len(daily) - 1:
            return None
        value = rep.kpis.get(figure.end)
        return None if value is None else float(value)
    if figure.window is not None:
        first = max(0, day - figure.days + 1)
        values = daily.column(figure.window)[first : day + 1]
        return sum(number(v) for v in values) * figure.days / len(values)
    assert figure.column is not None
    return number(daily.column(figure.column)[day])


def figure_values(scenario: Scenario, rep: Replication) -> list[float | None]:
    """One replication's value of each figure the scenario's observed block gives."""
    assert scenario.observed is not None
    day = scenario.observed_day() or 0
    return [simulated_at(figure, rep, day) for figure, _value in given(scenario.observed)]


def relative(distance: float | None, observed: float) -> float | None:
    """The distance as a share of the observed value (None when that is 0)."""
    if distance is None or observed == 0:
        return None
    return distance / abs(observed)


def row(
    figure: Figure, observed: float, values: Sequence[float | None], day: int
) -> dict[str, Any]:
    """One observed-beside-simulated row: the keys `twohats report` reads, then extras."""
    summary = describe(values, FORMAT_BOUNDS.get(figure.format))
    mean = summary["mean"]
    low, high = summary["ci95"]
    distance = None if mean is None else float(mean) - observed
    return {
        "kpi": figure.kpi,
        "label": figure.label,
        "observed": observed,
        "simulated": mean,
        "low": low,
        "high": high,
        "distance": _round(distance),
        "relative_distance": _round(relative(distance, observed)),
        "key": f"observed.{figure.key}",
        "format": figure.format,
        "day": day,
        "replications": len(values),
    }


def compare(scenario: Scenario, results: Sequence[Replication]) -> list[dict[str, Any]]:
    """Rows for every figure the scenario's observed block gives ([] without a block).

    A figure the model measures only at the end of a run (days in A/R, the denial rate)
    has simulated null unless the observed day is the run's last day.
    """
    if scenario.observed is None:
        return []
    day = scenario.observed_day() or 0
    per_rep = [figure_values(scenario, rep) for rep in results]
    rows = []
    for index, (figure, value) in enumerate(given(scenario.observed)):
        rows.append(row(figure, value, [values[index] for values in per_rep], day))
    return rows


def _round(value: float | None) -> float | None:
    """Six decimals in the JSON (a mean's float noise is not information)."""
    return None if value is None else round(value, 6)
