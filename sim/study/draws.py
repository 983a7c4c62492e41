"""Comparing options over draws from a fitted sample: answers that carry what the books leave open.

Method (for consultants in docs/consultants/calibration.md):

- Draws. `draws` rows of the accepted sample that `twohats calibrate` wrote (fit.json), taken
  in the order of a permutation seeded by the study seed, so more draws add rows and never
  change the first ones.
- Pairing. Replication k = d * reps + r runs draw d's settings, on seed stream k, in every
  option: the options differ by their staffing alone, never by the office drawn or by luck.
- Spread. Each paired difference is split by a one-way random-effects analysis of variance
  (method of moments) with the draw as the group: the within-draw mean square estimates the
  variance from chance (sigma_w^2); (between-draw mean square - within) / replications per
  draw estimates the variance of the draw's own mean difference (sigma_b^2), the part that
  comes from not knowing the office, set to 0 when negative. They add up to the variance of
  one office's difference (the law of total variance); the parameter share is
  sigma_b^2 / (sigma_b^2 + sigma_w^2). The spread of the draws' means alone would count
  sigma_w^2 / reps of chance as parameter uncertainty; the analysis of variance removes it.
- Intervals. A mean's 95% interval is a t interval over the draws' means (draws - 1 degrees
  of freedom): the draws are the independent units, so the interval carries both parts.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats as scipy_stats

from sim.scenario.schema import Scenario
from sim.study import records
from sim.study.calibration import CalibrationError, Fit, numeric_value, resolved
from sim.study.comparison import money_parts
from sim.study.records import FitRecord
from sim.study.replications import bounds_of
from sim.study.stats import clipped
from sim.study.sweep import SweepError, apply
from sim.study.years import year_kpis

BOOKS = ("observed", "opening")
"""The scenario sections that are the client's books: a fit holds only for the books it was
made to."""
FIT_FILE = "fit.json"


class DrawsError(ValueError):
    """A calibration folder that cannot be used for these options (exit 2)."""


@dataclass(frozen=True)
class Sample:
    """The fitted sample read from a calibration folder."""

    path: Path
    keys: tuple[str, ...]
    ranges: tuple[tuple[float, float], ...]
    rows: np.ndarray
    books: dict[str, str]
    scenario: str


def books_fingerprint(scenario: Scenario, keys: Sequence[str]) -> dict[str, str]:
    """A digest of each section of the client's books, with any fitted key blanked (a draw
    sets it anyway)."""
    data = scenario.model_dump(mode="json", by_alias=True)
    for key in keys:
        _blank(data, key.split("."))
    return {
        section: hashlib.sha256(
            json.dumps(data.get(section), sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()[:16]
        for section in BOOKS
    }


def _blank(node: Any, parts: list[str]) -> None:
    for part in parts[:-1]:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return
    if isinstance(node, dict) and parts[-1] in node:
        node[parts[-1]] = None


def read_sample(folder: Path) -> Sample:
    """The accepted sample of a several-key fit; DrawsError naming the file and what is wrong."""
    path = folder / FIT_FILE
    if not folder.is_dir():
        raise DrawsError(f"--calibration {folder}: not a folder (give the folder calibrate wrote)")
    if not path.is_file():
        one_key = (folder / "calibration.json").is_file()
        raise DrawsError(
            f"{path}: not found; "
            + (
                "this folder holds a one-key fit (calibration.json), which has an interval "
                "but no fitted sample to draw from: fit two or more keys at once"
                if one_key
                else "--calibration takes the folder `twohats calibrate` wrote with two or "
                "more --fit keys"
            )
        )
    try:
        fit = records.read(FitRecord, path)
    except records.RecordError as exc:
        raise DrawsError(str(exc)) from None
    if not fit.sample:
        raise DrawsError(
            f"{path}: sample: empty; the fit accepted no setting (it does not fit the books), "
            "so there is nothing to draw from (fit.txt says why): correct the scenario, then "
            "calibrate again"
        )
    keys = fit.keys
    rows = np.array(fit.sample, dtype=float)
    spans = tuple((float(low), float(high)) for low, high in fit.ranges)
    for j, (low, high) in enumerate(spans):
        column = rows[:, j]
        if not np.all(np.isfinite(column)) or column.min() < low or column.max() > high:
            raise DrawsError(
                f"{path}: sample: {keys[j]} must stay within its fitted range {low:g}..{high:g}"
            )
    return Sample(path, tuple(keys), spans, rows, fit.books.model_dump(), fit.scenario)


def check_options(sample: Sample, options: Sequence[Scenario], files: Sequence[Path]) -> None:
    """Every option has every fitted key as a number, and the books the fit was made to."""
    for option, file in zip(options, files, strict=True):
        for key, (low, high) in zip(sample.keys, sample.ranges, strict=True):
            try:
                numeric_value(option, Fit(key, low, high))
            except CalibrationError as exc:
                raise DrawsError(
                    f"{file}: key {key} (fitted in {sample.path}): {exc}; every option must "
                    "have every fitted key"
                ) from None
        found = books_fingerprint(option, sample.keys)
        for section in BOOKS:
            if found[section] != sample.books[section]:
                raise DrawsError(
                    f"{file}: {section}: differs from the books {sample.path} was fitted to "
                    f"(scenario {sample.scenario!r}); the fit describes another office or other "
                    f"books: give options that extend the fitted scenario, or calibrate again"
                )


def chosen(sample: Sample, draws: int, seed: int) -> np.ndarray:
    """`draws` rows of the sample, the first `draws` of a permutation seeded by `seed`."""
    if draws > len(sample.rows):
        raise DrawsError(
            f"--draws {draws}: the sample in {sample.path} has {len(sample.rows)} settings"
        )
    order = np.random.default_rng([seed, 25]).permutation(len(sample.rows))
    return sample.rows[order[:draws]]


def settings(sample: Sample, option: Scenario, row: np.ndarray) -> dict[str, float | int]:
    """One draw as key values, whole numbers for keys that hold them in `option`."""
    found: dict[str, float | int] = {}
    for key, (low, high), value in zip(sample.keys, sample.ranges, row, strict=True):
        now = numeric_value(option, Fit(key, low, high))
        found[key] = int(round(value)) if isinstance(now, int) else float(value)
    return found


def drawn_scenarios(
    sample: Sample, options: Sequence[Scenario], rows: np.ndarray, files: Sequence[Path]
) -> list[list[Scenario]]:
    """Each option at each draw (all built before anything runs)."""
    built = []
    for option, file in zip(options, files, strict=True):
        base = resolved(option, sample.keys)
        at = []
        for row in rows:
            try:
                at.append(apply(base, settings(sample, option, row)))
            except SweepError as exc:
                raise DrawsError(f"{file}: {exc}") from None
        built.append(at)
    return built


def decompose(values: Sequence[float | None], draws: int, reps: int) -> dict[str, Any]:
    """Mean, 95% interval over draws, and the split of one office's variance (module doc)."""
    data = np.array([np.nan if v is None else v for v in values], dtype=float)
    groups = [g[~np.isnan(g)] for g in data.reshape(draws, reps)]
    groups = [g for g in groups if len(g)]
    empty = {
        "mean": None,
        "ci95": [None, None],
        "parameter_sd": None,
        "chance_sd": None,
        "parameter_share": None,
        "parameter_share_ci95": [None, None],
    }
    if not groups:
        return empty
    means = np.array([g.mean() for g in groups])
    mean = float(means.mean())
    count = len(means)
    if count < 2:
        return {**empty, "mean": _tidy(mean), "ci95": [_tidy(mean), _tidy(mean)]}
    half = float(scipy_stats.t.ppf(0.975, count - 1)) * float(means.std(ddof=1)) / math.sqrt(count)
    sizes = np.array([len(g) for g in groups], dtype=float)
    total = sizes.sum()
    grand = float(np.concatenate(groups).mean())
    within_df = total - count
    within = (
        sum(float(((g - g.mean()) ** 2).sum()) for g in groups) / within_df
        if within_df
        else math.nan
    )
    between = float((sizes * (means - grand) ** 2).sum()) / (count - 1)
    n0 = (total - (sizes**2).sum() / total) / (count - 1)
    parameter = max(0.0, (between - within) / n0) if math.isfinite(within) else math.nan
    spread = parameter + within
    share = parameter / spread if spread > 0 else math.nan
    return {
        "mean": _tidy(mean),
        "ci95": [_tidy(mean - half), _tidy(mean + half)],
        "parameter_sd": _tidy(math.sqrt(parameter)),
        "chance_sd": _tidy(math.sqrt(within)),
        "parameter_share": _tidy(share),
        "parameter_share_ci95": _share_interval(between, within, count, within_df, n0),
    }


def _share_interval(
    between: float, within: float, groups: int, within_df: float, n0: float
) -> list[float | None]:
    """The 95% interval of the office share from the F distribution of the mean squares'
    ratio (exact for equal replications per draw: Searle, Casella and McCulloch 1992, s.3.6)."""
    if not (within > 0 and within_df > 0):
        return [None, None]
    ratio = between / within
    ends = []
    for tail in (0.975, 0.025):
        f = ratio / float(scipy_stats.f.ppf(tail, groups - 1, within_df))
        ends.append(_tidy(min(1.0, max(0.0, (f - 1) / (f - 1 + n0)))))
    return ends


def _tidy(value: float) -> float | None:
    return None if not math.isfinite(value) else float(f"{value:.10g}")


def _summary(
    summary: dict[str, Any], values: Sequence[float | None], draws: int, reps: int, kpi: str | None
) -> None:
    """A summary's mean and interval over the draws (clipped like `describe`), and the split
    of its spread."""
    split = decompose(values, draws, reps)
    if split["mean"] is None or summary.get("mean") is None:
        return
    low, high = split["ci95"]
    bounds = bounds_of(kpi) if kpi else None
    if bounds is not None and low is not None:
        taken = np.array([v for v in values if v is not None], dtype=float)
        low, high = clipped(low, high, bounds, taken)
    summary.update(split)
    summary["ci95"] = [low, high]


def _difference(summary: dict[str, Any], split: dict[str, Any]) -> None:
    """A paired difference with the draws' interval and the split of its spread."""
    if split["mean"] is None:
        return
    low, high = split["ci95"]
    summary.update(split)
    summary["distinguishable"] = bool(low is not None and (low > 0 or high < 0))


def over_draws(record: dict[str, Any], studies: dict[str, list], draws: int, reps: int) -> None:
    """Re-state a comparison record's means and intervals over the draws (module doc), and
    split each paired difference's spread into parameter uncertainty and chance."""
    first, *others = list(studies)
    for name, results in studies.items():
        for kpi, summary in record["kpis"][name].items():
            values = [r.kpis.get(kpi) for r in results]
            _summary(summary, values, draws, reps, kpi)
        parts = [money_parts(r) for r in results]
        for key, summary in record["money"]["options"][name].items():
            _summary(summary, [p[key] for p in parts], draws, reps, key)
    for name, years in record.get("years", {}).items():
        for year in years:
            rows = [year_kpis(r, *year["days"]) for r in studies[name]]
            for key, summary in year["kpis"].items():
                _summary(summary, [row[key] for row in rows], draws, reps, None)
    base_parts = [money_parts(r) for r in studies[first]]
    for other in others:
        label = f"{other} - {first}"
        for kpi, summary in record["differences"][label].items():
            _difference(summary, decompose(_paired(studies, first, other, kpi), draws, reps))
        other_parts = [money_parts(r) for r in studies[other]]
        for key, summary in record["money"]["differences"][label].items():
            pairs = [_minus(b[key], a[key]) for a, b in zip(base_parts, other_parts, strict=True)]
            _difference(summary, decompose(pairs, draws, reps))


def _paired(studies: dict[str, list], first: str, other: str, kpi: str) -> list[float | None]:
    return [
        _minus(b.kpis.get(kpi), a.kpis.get(kpi))
        for a, b in zip(studies[first], studies[other], strict=True)
    ]


def _minus(b: float | None, a: float | None) -> float | None:
    return None if a is None or b is None else b - a


def calibration_record(sample: Sample, rows: np.ndarray, draws: int, reps: int) -> dict:
    """What the comparison drew: the fit's folder, keys, each draw's settings and the method."""
    return {
        "folder": str(sample.path.parent),
        "fitted_scenario": sample.scenario,
        "keys": list(sample.keys),
        "draws": draws,
        "replications_per_draw": reps,
        "settings": [[_tidy(float(v)) for v in row] for row in rows],
        "method": (
            "replication k = draw * replications_per_draw + r runs that draw's settings on "
            "seed stream k in every option; means and 95% intervals are t intervals over the "
            "draws' means; each paired difference's variance is split by one-way "
            "random-effects ANOVA (method of moments) into the variance between draws "
            "(parameter uncertainty) and within them (chance)"
        ),
    }
