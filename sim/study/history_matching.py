"""Fitting several uncertain keys at once: history matching with a Gaussian-process emulator.

Method (for consultants in docs/consultants/calibration.md):

- Design. A Latin hypercube of `points` settings of the keys over their ranges (whole
  numbers for whole-number keys), seeded by the study seed; each runs `reps` replications
  on the same seeds (common random numbers) and ends on the observed day.
- Emulator. For each observed figure, a Gaussian process (scikit-learn) learns the mean
  over replications as a function of the keys, scaled to 0..1, with a noise term for what
  the replications leave.
- Implausibility. At each of `CANDIDATES` quasi-random settings, a figure's implausibility
  is |emulated mean - observed| / sqrt(emulator variance + one office's variance), where
  one office's variance is the figure's replication variance: the books are one office on
  one day, not an average. A setting is accepted when no figure is above `CUTOFF` (3, the
  three-sigma rule of Pukelsheim 1994 that history matching uses, Vernon et al. 2010).
- Waves. A later wave runs a new design drawn from the accepted settings and refits with
  every run so far, so the emulator is sharpest where the answer is.
- Sample. The accepted settings, drawn again in proportion to exp(-sum of squared
  implausibilities / 2) (each figure's implausibility read as a normal error, a flat prior
  over the ranges), are the sample: each key's median and 2.5-97.5 percentiles and the
  keys' correlations come from it. A figure no setting reproduces on its own is
  named first: another input is wrong, and the fitted keys cannot fix it. The keys that
  move a figure are those whose linear effect across their range, over the design, is at
  least one office's spread of that figure.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.stats import qmc

if TYPE_CHECKING:
    from sklearn.gaussian_process import GaussianProcessRegressor

from sim.scenario.schema import Scenario
from sim.study.calibration import (
    CalibrationError,
    Fit,
    as_array,
    numeric_value,
    observed_day,
    resolved,
    scales,
)
from sim.study.draws import books_fingerprint
from sim.study.observed import Figure, given
from sim.study.sweep import SweepError, apply

MAX_KEYS = 6
CUTOFF = 3.0
CANDIDATES = 8192
"""Quasi-random settings the emulator is evaluated at (a power of two for a Sobol sequence)."""
SAMPLE_ROWS = 2000
"""Most accepted settings written to accepted.csv (evenly thinned beyond it)."""


@dataclass(frozen=True)
class Space:
    """The keys fitted, their ranges, and which hold whole numbers."""

    fits: tuple[Fit, ...]
    whole: tuple[bool, ...]

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fits]

    def to_values(self, unit: np.ndarray) -> np.ndarray:
        """Settings in the keys' own units from points in the unit cube."""
        low = np.array([f.low for f in self.fits])
        high = np.array([f.high for f in self.fits])
        values = low + unit * (high - low)
        for j, whole in enumerate(self.whole):
            if whole:
                values[:, j] = np.clip(
                    np.round(values[:, j]), math.ceil(low[j]), math.floor(high[j])
                )
        return values

    def to_unit(self, values: np.ndarray) -> np.ndarray:
        low = np.array([f.low for f in self.fits])
        high = np.array([f.high for f in self.fits])
        return (values - low) / (high - low)


def space(scenario: Scenario, fits: Sequence[Fit]) -> Space:
    """Check the keys (numbers of the office, distinct, at most MAX_KEYS) and their kinds."""
    keys = [f.key for f in fits]
    if len(set(keys)) != len(keys):
        raise CalibrationError("each --fit key may be given once")
    if len(fits) > MAX_KEYS:
        raise CalibrationError(f"at most {MAX_KEYS} --fit keys at once, got {len(fits)}")
    whole = []
    for fit in fits:
        value = numeric_value(scenario, fit)
        is_whole = isinstance(value, int)
        if is_whole and math.ceil(fit.low) >= math.floor(fit.high):
            raise CalibrationError(
                f"{fit.key} holds whole numbers; the range {fit.low:g}..{fit.high:g} holds "
                "fewer than two"
            )
        whole.append(is_whole)
    return Space(tuple(fits), tuple(whole))


def corners(box: Space) -> np.ndarray:
    """Every corner of the ranges: built as scenarios before anything runs, so a range that
    makes an invalid scenario (a median above its p90) stops the command at once."""
    unit = np.array(list(itertools.product((0.0, 1.0), repeat=len(box.fits))))
    return box.to_values(unit)


def first_design(box: Space, points: int, seed: int) -> np.ndarray:
    """A Latin hypercube of settings, in the keys' units."""
    unit = qmc.LatinHypercube(d=len(box.fits), seed=seed).random(points)
    return box.to_values(unit)


def next_design(accepted: np.ndarray, points: int, seed: int) -> np.ndarray:
    """`points` accepted settings drawn without replacement (all of them if fewer)."""
    if len(accepted) <= points:
        return accepted.copy()
    rng = np.random.default_rng(seed)
    return accepted[np.sort(rng.choice(len(accepted), size=points, replace=False))]


def scenarios(scenario: Scenario, box: Space, design: np.ndarray) -> list[Scenario]:
    """One scenario per setting, each ending at the end of the observed day, with no run-out:
    the figures are read on that day, so following the window's claims after it only costs
    time (as in the one-key fit)."""
    day = observed_day(scenario)
    study = scenario.study.model_copy(update={"run_out_days": 0})
    ended = resolved(scenario, box.keys).model_copy(
        update={"horizon_days": day + 1, "study": study}
    )
    found = []
    for row in design:
        settings = {
            key: int(v) if whole else float(v)
            for key, v, whole in zip(box.keys, row, box.whole, strict=True)
        }
        try:
            found.append(apply(ended, settings))
        except SweepError as exc:
            raise CalibrationError(str(exc)) from None
    return found


def _emulator(x: np.ndarray, y: np.ndarray, seed: int) -> GaussianProcessRegressor:
    """A Gaussian process of one figure's mean over the settings (inputs in 0..1)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel

    dims = x.shape[1]
    kernel = ConstantKernel(1.0, (1e-3, 1e3)) * RBF(
        length_scale=np.full(dims, 0.5), length_scale_bounds=(0.05, 20.0)
    ) + WhiteKernel(1e-2, (1e-8, 1.0))
    model = GaussianProcessRegressor(
        kernel=kernel, normalize_y=True, n_restarts_optimizer=3, random_state=seed
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, y)
    return model


def analyse(
    scenario: Scenario,
    box: Space,
    design: np.ndarray,
    flat: Sequence[Sequence[float | None]],
    reps: int,
    seed: int,
) -> dict[str, Any]:
    """The fit: accepted sample, each key's interval, correlations, and each figure's verdict."""
    assert scenario.observed is not None
    figures = given(scenario.observed)
    observed = np.array([v for _f, v in figures])
    data = as_array(flat, len(design), reps)
    spread = scales(figures, data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        means = np.nanmean(data, axis=1)
    x = box.to_unit(design)
    unit = qmc.Sobol(d=len(box.fits), scramble=True, seed=seed).random(CANDIDATES)
    candidates = box.to_values(unit)
    cx = box.to_unit(candidates)
    implausible = np.zeros((CANDIDATES, len(figures)))
    emulated = np.full((CANDIDATES, len(figures)), np.nan)
    for k in range(len(figures)):
        ok = ~np.isnan(means[:, k])
        if ok.sum() < 3:
            continue
        model = _emulator(x[ok], means[ok, k], seed)
        mu, sd = model.predict(cx, return_std=True)
        emulated[:, k] = mu
        implausible[:, k] = np.abs(mu - observed[k]) / np.sqrt(sd**2 + spread[k] ** 2)
    worst = implausible.max(axis=1)
    kept = worst <= CUTOFF
    accepted = candidates[kept]
    sample = _posterior_sample(accepted, implausible[kept], seed)
    return {
        "method": "history matching with a Gaussian-process emulator",
        "scenario": scenario.name,
        "books": books_fingerprint(scenario, box.keys),
        "keys": box.keys,
        "ranges": [[f.low, f.high] for f in box.fits],
        "day": observed_day(scenario),
        "replications": reps,
        "seed": seed,
        "design_points": len(design),
        "candidates": CANDIDATES,
        "cutoff": CUTOFF,
        "accepted": len(accepted),
        "fits": bool(len(accepted)),
        "parameters": _parameters(box, sample),
        "correlations": _correlations(sample),
        "figures": _figures(figures, observed, implausible, emulated, means, x, spread, box),
        "sample": sample.tolist(),
        "accepted_settings": _thinned(accepted).tolist(),
        "design": [
            {
                "settings": dict(zip(box.keys, map(_tidy, row), strict=True)),
                "simulated": {f.kpi: _tidy(means[i, k]) for k, (f, _v) in enumerate(figures)},
            }
            for i, row in enumerate(design)
        ],
    }


def accepted_settings(row: dict[str, Any]) -> np.ndarray:
    """The settings no figure ruled out (thinned), in the keys' units."""
    return np.array(row["accepted_settings"], dtype=float).reshape(-1, len(row["keys"]))


def _posterior_sample(accepted: np.ndarray, implausible: np.ndarray, seed: int) -> np.ndarray:
    """SAMPLE_ROWS settings drawn from the accepted ones with weight exp(-sum(I^2)/2): each
    figure's implausibility read as a normal error, the prior flat over the ranges."""
    if not len(accepted):
        return accepted
    logs = -0.5 * (implausible**2).sum(axis=1)
    weights = np.exp(logs - logs.max())
    rng = np.random.default_rng(seed)
    drawn = rng.choice(len(accepted), size=SAMPLE_ROWS, replace=True, p=weights / weights.sum())
    return accepted[np.sort(drawn)]


EDGE_SHARE = 0.02
"""An accepted interval this close to an end of its range (as a share of the range) reaches
it: the books may want a value beyond the range searched."""


def _parameters(box: Space, accepted: np.ndarray) -> list[dict[str, Any]]:
    rows = []
    for j, fit in enumerate(box.fits):
        row: dict[str, Any] = {"key": fit.key, "range": [fit.low, fit.high]}
        if len(accepted):
            low, median, high = np.percentile(accepted[:, j], [2.5, 50, 97.5])
            row.update(median=_tidy(median), low=_tidy(low), high=_tidy(high))
            width = fit.high - fit.low
            row["narrowed"] = bool(high - low < 0.9 * width)
            row["at_edge"] = bool(
                low - fit.low < EDGE_SHARE * width or fit.high - high < EDGE_SHARE * width
            )
        rows.append(row)
    return rows


def _correlations(accepted: np.ndarray) -> list[list[float | None]] | None:
    if len(accepted) < 3:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        matrix = np.corrcoef(accepted, rowvar=False)
    return [[_tidy(v) for v in np.atleast_1d(row)] for row in np.atleast_2d(matrix)]


def _figures(
    figures: Sequence[tuple[Figure, float]],
    observed: np.ndarray,
    implausible: np.ndarray,
    emulated: np.ndarray,
    means: np.ndarray,
    x: np.ndarray,
    spread: np.ndarray,
    box: Space,
) -> list[dict]:
    rows = []
    for k, (figure, value) in enumerate(figures):
        best = int(np.argmin(implausible[:, k]))
        measured = not np.isnan(emulated[best, k])
        rows.append(
            {
                "kpi": figure.kpi,
                "label": figure.label,
                "format": figure.format,
                "observed": value,
                "closest_emulated": _tidy(emulated[best, k]),
                "least_implausibility": _tidy(implausible[best, k]),
                "reproduced": bool(implausible[best, k] <= CUTOFF) if measured else None,
                "spread": _tidy(spread[k]),
                "moved_by": _movers(x, means[:, k], spread[k], box),
            }
        )
    return rows


def _movers(x: np.ndarray, y: np.ndarray, spread: float, box: Space) -> list[dict[str, Any]]:
    """Keys whose linear effect across their range is at least one office's spread."""
    ok = ~np.isnan(y)
    if ok.sum() <= x.shape[1] + 1:
        return []
    design = np.column_stack([np.ones(ok.sum()), x[ok]])
    coefficients, *_ = np.linalg.lstsq(design, y[ok], rcond=None)
    effects = [(key, float(c)) for key, c in zip(box.keys, coefficients[1:], strict=True)]
    effects.sort(key=lambda e: -abs(e[1]))
    return [{"key": k, "effect": _tidy(e)} for k, e in effects if abs(e) >= spread]


def _thinned(accepted: np.ndarray) -> np.ndarray:
    if len(accepted) <= SAMPLE_ROWS:
        return accepted
    return accepted[np.linspace(0, len(accepted) - 1, SAMPLE_ROWS).round().astype(int)]


def _tidy(value: float) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, 6)
