"""Summaries across replications: means with t confidence intervals, percentiles, paired differences."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats as scipy_stats


def t_interval(values: Sequence[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and the two ends of its t confidence interval (a point when n < 2 or no spread)."""
    data = np.asarray(values, dtype=float)
    mean = float(data.mean())
    if len(data) < 2:
        return mean, mean, mean
    sd = float(data.std(ddof=1))
    half = float(scipy_stats.t.ppf(0.5 + confidence / 2, len(data) - 1)) * sd / math.sqrt(len(data))
    return mean, mean - half, mean + half


def describe(values: Sequence[float]) -> dict[str, object]:
    """The summary the results files carry for one KPI."""
    mean, low, high = t_interval(values)
    data = np.asarray(values, dtype=float)
    return {
        "mean": _tidy(mean),
        "ci95": [_tidy(low), _tidy(high)],
        "p10": _tidy(float(np.percentile(data, 10))),
        "p90": _tidy(float(np.percentile(data, 90))),
    }


def paired_difference(first: Sequence[float], second: Sequence[float]) -> dict[str, object]:
    """Mean of (second - first) over paired replications, its 95% CI, and whether it excludes 0."""
    diffs = np.asarray(second, dtype=float) - np.asarray(first, dtype=float)
    mean, low, high = t_interval(diffs)
    distinguishable = bool(len(diffs) >= 2 and (low > 0 or high < 0))
    return {
        "mean": _tidy(mean),
        "ci95": [_tidy(low), _tidy(high)],
        "distinguishable": distinguishable,
    }


def relative_half_width(values: Sequence[float]) -> float:
    """CI half-width as a share of the mean's size (inf when it cannot be judged)."""
    mean, low, high = t_interval(values)
    if len(values) < 2:
        return math.inf
    if mean == 0:
        return 0.0 if high == low else math.inf
    return (high - low) / 2 / abs(mean)


def _tidy(x: float) -> float:
    """Round away float noise so results files are stable and readable."""
    return float(f"{x:.10g}")
