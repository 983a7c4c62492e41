"""Calibration: the value of one uncertain scenario key that best reproduces the observed figures.

Method (documented for consultants in docs/consultants/calibration.md):

- Runs. Each of `points` evenly spaced values of KEY from LOW to HIGH (whole numbers when
  the key holds a whole number) is run for the same replication numbers under the same
  seed: common random numbers, so the scores of two values differ by the value, not by
  luck. Every run ends at the end of the observed day (`horizon_days` = day + 1), so the
  figures the model measures at the end of a run (days in A/R, the denial rate) are there.
- Score. For a value, the sum over the observed figures of the squared distance between
  the mean over replications and the observed figure, in units of that figure's spread
  from one replication to the next (pooled over the values, never below a floor of $100,
  1 claim or day, 1 point of a share): ((simulated - observed) / spread)^2. Dollars,
  counts and shares so weigh alike, and a figure the model itself shows noisy weighs less.
  The best value has the lowest score.
- Fit. If the model is right at the best value, the observed figures are one draw of the
  office, and the score is about a chi-square with one degree per figure (times 1 + 1/R
  for the mean of R replications); `fits` says whether it is below that distribution's
  95th percentile (`fit_threshold`). Figures that overlap (the buckets and the total) make
  this a rough guide, not a test.
- Uncertainty. A bootstrap (`BOOTSTRAP` resamples, seeded by the study seed): each resample
  draws the replications with replacement (the same draw for every value, keeping the
  common random numbers) and, because the client's books are one office on one day and not
  an average, moves the observed figures by one replication's deviation from the mean at
  the best value. The best value of each resample is recorded; `low` and `high` are the
  2.5th and 97.5th percentiles, widened by half a grid step on each side (the grid cannot
  tell values closer than that apart) and kept within LOW..HIGH.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, get_args

import numpy as np
from scipy import stats as scipy_stats

from sim.model.office import simulate
from sim.scenario import keys
from sim.scenario.roles import Role
from sim.scenario.schema import Scenario
from sim.study.observed import Figure, figure_values, given
from sim.study.replications import tasks as replication_tasks
from sim.study.sweep import SweepError, apply

BOOTSTRAP = 1000
"""Bootstrap resamples for the interval of the best value."""
SCALE_FLOOR = {"usd": 100.0, "count": 1.0, "days": 1.0, "share": 0.01, "hours": 1.0}
"""The least scale of a figure's distance, by format (for a figure that never varies)."""
MAX_POINTS = 200


class CalibrationError(ValueError):
    """A calibration that cannot be run as asked (bad key, range or observed block)."""


@dataclass(frozen=True)
class Fit:
    """What to fit: a dotted scenario key over LOW..HIGH."""

    key: str
    low: float
    high: float


def parse_fit(text: str) -> Fit:
    """`om_work.interruptions_per_hour=0..4` into a Fit; CalibrationError if it is not one."""
    key, sep, span = keys.split_assignment(text)
    low_text, dots, high_text = span.partition("..")
    if not sep or not key.strip() or not dots:
        raise CalibrationError(
            f"--fit takes KEY=LOW..HIGH (e.g. om_work.interruptions_per_hour=0..4), got {text!r}"
        )
    try:
        low, high = float(low_text), float(high_text)
    except ValueError:
        raise CalibrationError(f"--fit {text!r}: LOW and HIGH must be numbers") from None
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        raise CalibrationError(f"--fit {text!r}: the range must go upwards (LOW < HIGH), finite")
    return Fit(key.strip(), low, high)


ROLE_FACTORS = ("speed_factor", "error_factor")
"""A person's multipliers by role: a role left out is 1 (schema), so it can still be fitted."""


def _with_role_defaults(data: dict[str, Any]) -> dict[str, Any]:
    """A scenario's data with every person's role multipliers written out, 1 where left out."""
    for person in data.get("staff") or []:
        for factor in ROLE_FACTORS:
            given = person.get(factor) or {}
            person[factor] = {role: given.get(role, 1.0) for role in get_args(Role)}
    return data


def resolved(scenario: Scenario, fitted: Sequence[str]) -> Scenario:
    """The scenario with every role multiplier a key names written out at its default of 1,
    so a default can be fitted like a value written in the file."""
    data = scenario.model_dump(mode="json", by_alias=True)
    filled = _with_role_defaults(scenario.model_dump(mode="json", by_alias=True))
    for key in fitted:
        try:
            keys.write(data, key, keys.read(filled, key), add=True)
        except keys.KeyPathError:
            continue
    return Scenario.model_validate(data)


def current_value(scenario: Scenario, key: str) -> Any:
    """The scenario's value at a dotted key, defaults included; CalibrationError naming the
    key if there is none."""
    try:
        return keys.read(_with_role_defaults(scenario.model_dump(mode="json", by_alias=True)), key)
    except keys.KeyPathError as exc:
        raise CalibrationError(str(exc)) from None


def numeric_value(scenario: Scenario, fit: Fit) -> float | int:
    """The number a fitted key holds now; CalibrationError if it sets no number of the office."""
    if fit.key == "horizon_days" or fit.key.split(".")[0] == "observed":
        raise CalibrationError(
            f"{fit.key}: sets when or what is observed, not the office; --fit takes a key "
            "of the practice, payers, work, staff or policy"
        )
    value = current_value(scenario, fit.key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = type(value).__name__ if value is not None else "empty"
        shown = (
            "a section"
            if isinstance(value, dict)
            else "a list"
            if isinstance(value, list)
            else kind
        )
        raise CalibrationError(
            f"{fit.key}: is {shown}, not a number; --fit takes a key that holds a number "
            "(such as om_work.interruptions_per_hour)"
        )
    return value


def grid_values(scenario: Scenario, fit: Fit, points: int) -> list[float | int]:
    """`points` evenly spaced values over the range; whole numbers for a whole-number key."""
    value = numeric_value(scenario, fit)
    if not 2 <= points <= MAX_POINTS:
        raise CalibrationError(f"--points must be from 2 to {MAX_POINTS}, got {points}")
    step = (fit.high - fit.low) / (points - 1)
    values = [fit.low + i * step for i in range(points)]
    if isinstance(value, int):
        lowest, highest = math.ceil(fit.low), math.floor(fit.high)
        whole: list[float | int] = sorted({min(max(round(v), lowest), highest) for v in values})
        if lowest >= highest:
            raise CalibrationError(
                f"{fit.key} holds whole numbers; the range {fit.low:g}..{fit.high:g} holds "
                "fewer than two"
            )
        return whole
    return [round(v, 10) for v in values]


def observed_day(scenario: Scenario) -> int:
    """The day the fit compares at; CalibrationError if there is nothing to fit to."""
    if scenario.observed is None:
        raise CalibrationError(
            "the scenario has no observed: block; add the client's figures "
            "(see the scenario reference, Observed figures)"
        )
    day = scenario.observed_day() or 0
    if day == 0:
        raise CalibrationError(
            "observed day is 0 (the opening books, which the model starts from): the fit needs "
            "a later day; set observed.day (e.g. 90) to the day the figures describe, or to "
            "the day by which a right model still shows today's books (the steady state)"
        )
    return day


def candidates(scenario: Scenario, fit: Fit, points: int) -> list[tuple[float | int, Scenario]]:
    """Every grid value with its scenario, ending at the observed day (all built before a run)."""
    day = observed_day(scenario)
    study = scenario.study.model_copy(update={"run_out_days": 0})
    ended = resolved(scenario, [fit.key]).model_copy(
        update={"horizon_days": day + 1, "study": study}
    )
    found = []
    for value in grid_values(scenario, fit, points):
        try:
            found.append((value, apply(ended, {fit.key: value})))
        except SweepError as exc:
            raise CalibrationError(str(exc)) from None
    return found


def tasks(
    scenarios: Sequence[Scenario], seed: int, reps: int
) -> list[tuple[dict[str, Any], int, int]]:
    """The same seed and replication numbers for every value: common random numbers."""
    return [task for s in scenarios for task in replication_tasks(s, seed, range(reps))]


def replication_figures(args: tuple[dict[str, Any], int, int]) -> list[float | None]:
    """One replication's observed figures (runs in a worker; only the figures come back)."""
    data, seed, replication = args
    scenario = Scenario.model_validate(data)
    return figure_values(scenario, simulate(scenario, seed, replication))


def scales(figures: Sequence[tuple[Figure, float]], data: np.ndarray) -> np.ndarray:
    """Each figure's replication-to-replication standard deviation, pooled over the values.

    The spread around each value's own mean, so the value's effect does not count as noise;
    never below the format's floor (a figure that never varies would divide by 0).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        spread = np.sqrt(
            np.nanmean((data - np.nanmean(data, axis=1, keepdims=True)) ** 2, axis=(0, 1))
        )
    floors = np.array([SCALE_FLOOR.get(f.format, 1.0) for f, _v in figures])
    return np.fmax(np.nan_to_num(spread, nan=0.0), floors)


def scores(means: np.ndarray, observed: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Sum of squared relative errors per value (rows); a figure without a basis counts 0."""
    errors = np.nan_to_num((means - observed) / scale, nan=0.0)
    return (errors**2).sum(axis=-1)


def as_array(flat: Sequence[Sequence[float | None]], values: int, reps: int) -> np.ndarray:
    """Figures by value, replication and figure; NaN where a replication has no basis."""
    data = np.array([[np.nan if x is None else x for x in row] for row in flat], dtype=float)
    return data.reshape(values, reps, -1)


def bootstrap_best(
    data: np.ndarray, observed: np.ndarray, scale: np.ndarray, seed: int
) -> np.ndarray:
    """Index of the best value in each bootstrap resample (see the module's method)."""
    rng = np.random.default_rng(seed)
    _values, reps, _figures = data.shape
    means = _nanmean(data)
    best = int(np.argmin(scores(means, observed, scale)))
    deviations = np.nan_to_num(data[best] - means[best], nan=0.0)
    found = np.empty(BOOTSTRAP, dtype=int)
    for b in range(BOOTSTRAP):
        drawn = rng.integers(0, reps, size=reps)
        books = observed + deviations[rng.integers(0, reps)]
        found[b] = int(np.argmin(scores(_nanmean(data[:, drawn, :]), books, scale)))
    return found


def analyse(
    scenario: Scenario,
    fit: Fit,
    values: Sequence[float | int],
    flat: Sequence[Sequence[float | None]],
    reps: int,
    seed: int,
) -> dict[str, Any]:
    """The calibration row: best value, its interval, its score and every point's score."""
    assert scenario.observed is not None
    figures = given(scenario.observed)
    observed = np.array([v for _f, v in figures])
    data = as_array(flat, len(values), reps)
    scale = scales(figures, data)
    means = _nanmean(data)
    score = scores(means, observed, scale)
    best = int(np.argmin(score))
    picks = np.asarray(values, dtype=float)[bootstrap_best(data, observed, scale, seed)]
    half = (values[-1] - values[0]) / (len(values) - 1) / 2
    low = max(float(values[0]), float(np.percentile(picks, 2.5)) - half)
    high = min(float(values[-1]), float(np.percentile(picks, 97.5)) + half)
    return {
        "parameter": fit.key,
        "best": values[best],
        "low": _tidy(low),
        "high": _tidy(high),
        "score": _tidy(float(score[best])),
        "points": [
            {
                "value": value,
                "score": _tidy(float(score[i])),
                "simulated": {f.kpi: _mean(means[i][k]) for k, (f, _v) in enumerate(figures)},
            }
            for i, value in enumerate(values)
        ],
        "observed": {f.kpi: v for f, v in figures},
        "labels": {f.kpi: f.label for f, _v in figures},
        "short_labels": {f.kpi: f.short_label for f, _v in figures},
        "formats": {f.kpi: f.format for f, _v in figures},
        "range": [fit.low, fit.high],
        "day": observed_day(scenario),
        "replications": reps,
        "seed": seed,
        "at_edge": best in (0, len(values) - 1),
        "fit_threshold": _tidy(threshold(len(figures), reps)),
        "fits": bool(score[best] <= threshold(len(figures), reps)),
        "method": (
            "score: sum over the observed figures of ((mean simulated - observed) / spread)^2, "
            "spread = the figure's pooled replication standard deviation; interval: 2.5-97.5 percentiles of the best "
            f"value over {BOOTSTRAP} bootstrap resamples of the replications (common to every "
            "value) with the observed figures moved by one replication's deviation, widened "
            "by half a grid step"
        ),
    }


def threshold(figures: int, reps: int) -> float:
    """The score one office's books stay under 95 times in 100 when the model is right."""
    return float(scipy_stats.chi2.ppf(0.95, figures)) * (1 + 1 / reps)


def _nanmean(data: np.ndarray) -> np.ndarray:
    """Means over replications (axis 1), NaN where no replication had a basis, quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmean(data, axis=1)


def _mean(value: float) -> float | None:
    return None if math.isnan(value) else _tidy(float(value))


def _tidy(value: float) -> float:
    return round(value, 6)
