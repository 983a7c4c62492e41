"""What could turn the answer round: inputs ranked by their effect on the paired net benefit.

Method (Morris elementary effects, SALib): `trajectories` one-at-a-time paths through the
inputs' ranges on a grid of `levels` levels, each input scaled to 0..1 over its range so
effects are comparable; at every setting both options run `reps` replications on the same
seeds (common random numbers) and the setting's value is the mean paired net benefit of
the first option over the second (sim.study.sweep.net_benefit). An input's elementary
effect is the change in net benefit when it alone moves one step, per its whole range;
mu* (the mean absolute effect) ranks the inputs, sigma (their spread) says the effect
depends on the other inputs or bends, and mu (the signed mean) says which way it leans.
The replication noise of the net benefit is given beside them: an input whose mu* is not
above twice the noise of one elementary effect (sqrt(2) times the standard error of a
setting's mean, per step) is not told apart from chance with this many replications.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model.office import Replication
from sim.scenario.schema import Scenario
from sim.study.calibration import CalibrationError, Fit, numeric_value, parse_fit, resolved
from sim.study.sweep import SweepError, apply, net_benefit

MAX_INPUTS = 20


@dataclass(frozen=True)
class Inputs:
    """The inputs varied: keys, ranges, and which hold whole numbers (the same in both options)."""

    fits: tuple[Fit, ...]
    whole: tuple[bool, ...]
    present: tuple[tuple[bool, ...], ...]
    """For each input, whether each option has its key (a coordinator's wage: one option)."""

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fits]

    def values(self, unit: Sequence[float]) -> dict[str, float | int]:
        """The settings a point of the unit cube stands for, in the keys' own units."""
        found: dict[str, float | int] = {}
        for fit, whole, u in zip(self.fits, self.whole, unit, strict=True):
            value = fit.low + float(u) * (fit.high - fit.low)
            found[fit.key] = int(round(value)) if whole else round(value, 10)
        return found


def parse_inputs(texts: Sequence[str], options: Sequence[Scenario]) -> Inputs:
    """`KEY=LO..HI` texts checked against every option; CalibrationError says what is wrong."""
    fits = []
    for text in texts:
        try:
            fits.append(parse_fit(text))
        except CalibrationError as exc:
            raise CalibrationError(str(exc).replace("--fit", "--vary")) from None
    keys = [f.key for f in fits]
    if len(set(keys)) != len(keys):
        raise CalibrationError("each --vary key may be given once")
    if not 1 <= len(fits) <= MAX_INPUTS:
        raise CalibrationError(f"give 1 to {MAX_INPUTS} --vary keys, got {len(fits)}")
    whole, present = [], []
    for fit in fits:
        kinds, here, problems = set(), [], []
        for option in options:
            try:
                kinds.add(isinstance(numeric_value(option, fit), int))
                here.append(True)
            except CalibrationError as exc:
                problems.append(f"{option.name}: {exc}")
                here.append(False)
        if not kinds:
            raise CalibrationError("; ".join(problems))
        whole.append(kinds == {True})
        present.append(tuple(here))
    return Inputs(tuple(fits), tuple(whole), tuple(present))


def problem(inputs: Inputs) -> dict[str, Any]:
    """SALib's problem: every input on 0..1 (its own range, scaled)."""
    return {
        "num_vars": len(inputs.fits),
        "names": inputs.keys,
        "bounds": [[0.0, 1.0]] * len(inputs.fits),
    }


def design(inputs: Inputs, trajectories: int, levels: int, seed: int) -> np.ndarray:
    """The Morris trajectories, in the unit cube (seeded, so the same every run)."""
    from SALib.sample import morris

    return morris.sample(problem(inputs), N=trajectories, num_levels=levels, seed=seed)


def scenarios(
    options: Sequence[Scenario], inputs: Inputs, unit: np.ndarray
) -> list[list[Scenario]]:
    """For each setting, each option with it applied (all built before anything runs)."""
    keys = [
        [k for k, p in zip(inputs.keys, inputs.present, strict=True) if p[i]]
        for i in range(len(options))
    ]
    ready = [resolved(o, k) for o, k in zip(options, keys, strict=True)]
    found = []
    for row in unit:
        settings = inputs.values(row)
        try:
            found.append(
                [
                    apply(o, {k: settings[k] for k in mine})
                    for o, mine in zip(ready, keys, strict=True)
                ]
            )
        except SweepError as exc:
            raise CalibrationError(str(exc)) from None
    return found


def net_benefits(
    results: Sequence[Sequence[Sequence[Replication]]],
) -> tuple[np.ndarray, float]:
    """Each setting's mean paired net benefit, and the replication noise of such a mean.

    `results[setting][option]` holds that option's replications at that setting; the cost of
    waiting for the cash is already in each replication's cohort KPIs, at its scenario's rate.
    """
    means, errors = [], []
    for first, other in results:
        values = [
            net_benefit(a.kpis, b.kpis)["net_benefit_usd"]
            for a, b in zip(first, other, strict=True)
        ]
        means.append(statistics.fmean(values))
        if len(values) > 1:
            errors.append(statistics.stdev(values) / math.sqrt(len(values)))
    noise = statistics.fmean(errors) if errors else float("nan")
    return np.array(means), noise


def analyse(
    inputs: Inputs, unit: np.ndarray, benefit: np.ndarray, noise: float, levels: int, seed: int
) -> list[dict[str, Any]]:
    """Each input's Morris measures, most effect first."""
    from SALib.analyze import morris

    found = morris.analyze(
        problem(inputs), unit, benefit, num_levels=levels, seed=seed, conf_level=0.95
    )
    step = levels / (2 * (levels - 1))
    rows: list[dict[str, Any]] = [
        {
            "key": fit.key,
            "range": [fit.low, fit.high],
            "mu_star_usd": _tidy(found["mu_star"][j]),
            "mu_star_conf_usd": _tidy(found["mu_star_conf"][j]),
            "mu_usd": _tidy(found["mu"][j]),
            "sigma_usd": _tidy(found["sigma"][j]),
            "beyond_noise": bool(found["mu_star"][j] > 2 * math.sqrt(2) * noise / step),
        }
        for j, fit in enumerate(inputs.fits)
    ]
    rows.sort(key=lambda r: -(r["mu_star_usd"] or 0.0))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def _tidy(value: Any) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, 2)
