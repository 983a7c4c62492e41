"""Sweeps: the same staffing options run over a grid of scenario values, and the break-even.

A swept key is a dotted scenario key (sim.scenario.keys: `practice.providers[kind=dentist].count`,
`om_work.interruptions_per_hour`); every option sees the same seed and replication numbers
at every point (common random numbers), so options are compared by paired differences.

Break-even. The first option is the one whose extra cost must be justified (usually the
roles kept separate). Against each other option, at each point, its net benefit reads the
window's claims followed to their end (the cohort):

    cash gained on the window's claims + cost of waiting for the cash avoided
    - extra cost (staff, fees, replacement),

where the cost of waiting is each paid dollar's days from its visit to payment at the
scenario's yearly rate. Claims still open at the run-out's cap count as nothing. The cash
gained is itself write-offs avoided + unresolved avoided + the payers' shortfall difference.
The break-even is the smallest swept value at which the mean net benefit is positive.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from sim.model.daily import DailySeries
from sim.model.kpis import COSTS, Results, amount
from sim.model.office import Replication, simulate
from sim.scenario.keys import KeyPathError, invalid_in_one_line, split_assignment, write
from sim.scenario.schema import Scenario
from sim.study.replications import tasks
from sim.study.stats import describe, paired_difference

"""Derived per replication: the sum over days of end-of-day insurance A/R plus the claims not
yet sent (USD x days): all the insurance money the practice is still waiting for."""


class SweepError(ValueError):
    """A sweep specification that cannot be applied (bad key or value)."""


@dataclass(frozen=True)
class Axis:
    """One swept key and its values."""

    key: str
    values: tuple[Any, ...]


MAX_AXIS_VALUES = 1000
"""Most values one --vary axis may take (the grid is built before anything runs)."""


def parse_values(text: str) -> tuple[Any, ...]:
    """`1,2,3`, `1..6` (whole numbers, inclusive) or `0.5..2:0.5` (start..stop:step)."""
    text = text.strip()
    if ".." in text and "," not in text:
        start_text, _, rest = text.partition("..")
        stop_text, _, step_text = rest.partition(":")
        try:
            start, stop = float(start_text), float(stop_text)
            step = float(step_text) if step_text else 1.0
        except ValueError:
            raise SweepError(
                f"cannot read range {text!r} (expected e.g. 1..6 or 0.5..2:0.5)"
            ) from None
        if not all(math.isfinite(v) for v in (start, stop, step)):
            raise SweepError(f"range {text!r} must have finite ends and step")
        if step <= 0 or stop < start:
            raise SweepError(f"range {text!r} must go upwards with a positive step")
        steps = (stop - start) / step
        if steps >= MAX_AXIS_VALUES:
            many = f"{math.floor(steps) + 1:,}" if steps < 1e9 else f"about {steps:.1e}"
            raise SweepError(
                f"range {text!r} has {many} values; at most {MAX_AXIS_VALUES} per --vary"
            )
        count = math.floor(steps + 1e-9) + 1
        values = [start + i * step for i in range(count)]
        whole = all(v.is_integer() for v in (start, stop, step))
        return tuple(int(v) if whole else round(v, 10) for v in values)
    values = []
    if text.count(",") >= MAX_AXIS_VALUES:
        raise SweepError(f"{text[:40]!r}... has more than {MAX_AXIS_VALUES} values")
    for part in text.split(","):
        if not part.strip():
            raise SweepError(f"empty value in {text!r}")
        values.append(_value(part.strip()))
    return tuple(values)


def _value(text: str) -> Any:
    """A value as YAML reads it (`2` a number, `true` a yes/no); text YAML cannot read
    (`@SUM(A1)`, `[x`) is that text."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def parse_axis(text: str) -> Axis:
    key, sep, values = split_assignment(text)
    if not sep or not key.strip() or not values.strip():
        raise SweepError(f"expected KEY=VALUES, got {text!r}")
    return Axis(key.strip(), parse_values(values))


def apply(scenario: Scenario, settings: dict[str, Any]) -> Scenario:
    """A copy of `scenario` with dotted keys set, validated like a scenario file."""
    data = scenario.model_dump(mode="json", by_alias=True)
    for key, value in settings.items():
        try:
            write(data, key, value)
        except KeyPathError as exc:
            raise SweepError(str(exc)) from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = invalid_in_one_line(exc)
        shown = ", ".join(f"{k}={v!r}" for k, v in settings.items())
        raise SweepError(f"{shown} makes an invalid scenario ({problems})") from None


@dataclass(frozen=True)
class Point:
    """One option at one grid point: the settings applied and the resulting scenario."""

    option: str
    settings: tuple[tuple[str, Any], ...]
    scenario: Scenario


def grid(options: Sequence[Scenario], axes: Sequence[Axis], fixed: dict[str, Any]) -> list[Point]:
    """Every option at every combination of swept values (checked before anything runs)."""
    points = []
    for combo in itertools.product(*(axis.values for axis in axes)):
        settings = {**fixed, **{axis.key: v for axis, v in zip(axes, combo, strict=True)}}
        for option in options:
            swept = tuple((a.key, v) for a, v in zip(axes, combo, strict=True))
            points.append(Point(option.named, swept, apply(option, settings)))
    return points


def run_point_replication(args: tuple[dict, int, int]) -> Replication:
    """One replication for a sweep: its KPIs; the daily rows are dropped."""
    data, seed, replication = args
    result = simulate(Scenario.model_validate(data), seed, replication)
    return Replication(result.replication, dict(result.kpis), DailySeries())


def work(points: Sequence[Point], seed: int, reps: int) -> list[tuple[dict, int, int]]:
    """Each point's replications, with the same replication numbers at every point."""
    return [task for p in points for task in tasks(p.scenario, seed, range(reps))]


def net_benefit(first: Results, other: Results) -> dict[str, float]:
    """What keeping `first` (separate roles) gains over `other` in one paired replication."""

    def gain(key: str) -> float:
        return amount(first, key) - amount(other, key)

    cash = gain("cohort_collected_usd")
    waiting = -gain("cohort_cash_wait_cost_usd")
    extra = sum(_cost(first, k) - _cost(other, k) for k in COSTS)
    return {
        "write_offs_avoided_usd": -gain("cohort_written_off_usd"),
        "unresolved_avoided_usd": -gain("cohort_unresolved_usd"),
        "cash_gained_usd": cash,
        "late_cash_cost_avoided_usd": waiting,
        "extra_staff_cost_usd": extra,
        "net_benefit_usd": cash + waiting - extra,
    }


def _cost(results: Results, key: str) -> float:
    """A cost KPI, 0 where the option does not report it."""
    return amount(results, key) if key in results else 0.0


def _key(point: Point) -> tuple[Any, ...]:
    return tuple(v for _k, v in point.settings)


def analyse(
    points: Sequence[Point], results: Sequence[Sequence[Replication]], rate: float
) -> dict[str, Any]:
    """KPI summaries per option and point; paired net benefit and break-even per option pair."""
    by = {(p.option, _key(p)): r for p, r in zip(points, results, strict=True)}
    options = list(dict.fromkeys(p.option for p in points))
    combos = list(dict.fromkeys(_key(p) for p in points))
    keys = [k for k, _v in points[0].settings]
    summaries = [
        {
            "option": option,
            "point": dict(zip(keys, combo, strict=True)),
            "kpis": {
                kpi: describe([r.kpis[kpi] for r in by[(option, combo)]])
                for kpi in by[(option, combo)][0].kpis
            },
        }
        for combo in combos
        for option in options
    ]
    first, *others = options
    pairs = {}
    for other in others:
        rows = []
        for combo in combos:
            parts = [
                net_benefit(a.kpis, b.kpis)
                for a, b in zip(by[(first, combo)], by[(other, combo)], strict=True)
            ]
            zero = [0.0] * len(parts)
            rows.append(
                {
                    "point": dict(zip(keys, combo, strict=True)),
                    **{
                        name: paired_difference(zero, [p[name] for p in parts]) for name in parts[0]
                    },
                }
            )
        pairs[f"{first} vs {other}"] = {"points": rows, "break_even": break_even(rows, keys)}
    return {
        "keys": keys,
        "options": options,
        "late_cash_annual_rate": rate,
        "summaries": summaries,
        "break_even": pairs,
    }


def break_even(rows: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    """Per value of any second key: the smallest first-key value with positive mean net benefit."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in rows:
        rest = tuple(row["point"][k] for k in keys[1:])
        groups.setdefault(rest, []).append(row)
    found = []
    for rest, group in groups.items():
        ordered = sorted(group, key=lambda r: r["point"][keys[0]])
        hit = next((r for r in ordered if r["net_benefit_usd"]["mean"] > 0), None)
        found.append(
            {
                "given": dict(zip(keys[1:], rest, strict=True)),
                "value": None if hit is None else hit["point"][keys[0]],
                "net_benefit_usd": None if hit is None else hit["net_benefit_usd"],
            }
        )
    return found
