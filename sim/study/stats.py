"""Summaries across replications: means with t confidence intervals, percentiles, paired differences."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NotRequired, TypedDict

import numpy as np
from scipy import stats as scipy_stats

Floats = Sequence[float] | np.ndarray
"""Numbers as a list or a NumPy array."""


def t_interval(values: Floats, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and the two ends of its t confidence interval (a point when n < 2 or no spread)."""
    data = np.asarray(values, dtype=float)
    mean = float(data.mean())
    if len(data) < 2:
        return mean, mean, mean
    sd = float(data.std(ddof=1))
    half = float(scipy_stats.t.ppf(0.5 + confidence / 2, len(data) - 1)) * sd / math.sqrt(len(data))
    return mean, mean - half, mean + half


Bounds = tuple[float, float]

#: The values a KPI of each registry format can take; a t interval is clipped to them.
FORMAT_BOUNDS: dict[str, Bounds] = {
    "share": (0.0, 1.0),
    "count": (0.0, math.inf),
    "days": (0.0, math.inf),
    "hours": (0.0, math.inf),
}


def available(values: Sequence[float | None]) -> list[float]:
    """The replications' values that have a basis (None is a KPI with nothing to count over)."""
    return [v for v in values if v is not None]


class Summary(TypedDict):
    """One KPI over the replications, as the results files carry it."""

    mean: float | None
    ci95: list[float | None]
    p10: float | None
    p90: float | None
    without_basis: NotRequired[int]


class Difference(TypedDict):
    """A paired difference between two options' replications."""

    mean: float | None
    ci95: list[float | None]
    distinguishable: bool
    without_basis: NotRequired[int]


def clipped(low: float, high: float, bounds: Bounds, data: np.ndarray) -> tuple[float, float]:
    """An interval clipped to the values a KPI can take, but never past a value the data took:
    a bound the data break is wrong (a person's utilisation over 100% with overtime)."""
    return (
        max(low, min(bounds[0], float(data.min()))),
        min(high, max(bounds[1], float(data.max()))),
    )


def describe(values: Sequence[float | None], bounds: Bounds | None = None) -> Summary:
    """The summary the results files carry for one KPI.

    Replications where the KPI has no basis (None) are left out and counted in
    `without_basis` (present only when some are); with none left the summary is null. With `bounds` (a share's 0..1, a count's
    >= 0) the t interval is clipped to them, so it never claims an impossible value.
    """
    data = np.asarray(available(values), dtype=float)
    if len(data) == 0:
        return {
            "mean": None,
            "ci95": [None, None],
            "p10": None,
            "p90": None,
            "without_basis": len(values),
        }
    mean, low, high = t_interval(data)
    if bounds is not None:
        low, high = clipped(low, high, bounds, data)
    summary: Summary = {
        "mean": _tidy(mean),
        "ci95": [_tidy(low), _tidy(high)],
        "p10": _tidy(float(np.percentile(data, 10))),
        "p90": _tidy(float(np.percentile(data, 90))),
    }
    if len(values) > len(data):  # the replications left out for want of a basis
        summary["without_basis"] = len(values) - len(data)
    return summary


def paired_difference(first: Sequence[float | None], second: Sequence[float | None]) -> Difference:
    """Mean of (second - first) over paired replications, its 95% CI, and whether it excludes 0.

    Only pairs where both sides have a value count; with fewer than two such pairs the
    difference is not available (null) and never distinguishable.
    """
    pairs = [(a, b) for a, b in zip(first, second, strict=True) if a is not None and b is not None]
    if not pairs:
        return {
            "mean": None,
            "ci95": [None, None],
            "distinguishable": False,
            "without_basis": len(first),
        }
    diffs = np.asarray([b - a for a, b in pairs], dtype=float)
    mean, low, high = t_interval(diffs)
    distinguishable = bool(len(diffs) >= 2 and (low > 0 or high < 0))
    difference: Difference = {
        "mean": _tidy(mean),
        "ci95": [_tidy(low), _tidy(high)],
        "distinguishable": distinguishable,
    }
    if len(first) > len(diffs):  # the pairs left out for want of a basis
        difference["without_basis"] = len(first) - len(diffs)
    return difference


def relative_half_width(values: Sequence[float | None]) -> float:
    """CI half-width as a share of the mean's size (inf when it cannot be judged)."""
    values = available(values)
    if not values:
        return math.inf
    mean, low, high = t_interval(values)
    if len(values) < 2:
        return math.inf
    if mean == 0:
        return 0.0 if high == low else math.inf
    return (high - low) / 2 / abs(mean)


def _tidy(x: float) -> float:
    """Round away float noise so results files are stable and readable."""
    return float(f"{x:.10g}")
