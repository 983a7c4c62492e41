"""The Morris screening of sim.study.sensitivity with each input varied as a multiple of the
practice's own value, for the report's assumptions that matter most.

A key such as `payers[].adjudication_days` names several values (one a payer), each a
distribution; a multiple scales them all at once, every parameter of a distribution
together, so each payer keeps its own figure and its shape while the setting moves it up or
down. The same multiples apply to both options (they share the office they are tried in),
on the same seeds, so the net benefit of one over the other moves by the input, not by luck.

Whether an effect is told apart from chance is judged on the pairs themselves: the spread,
over the replications, of the change a step makes (the same seeds at both ends of the
step), rather than the unpaired noise of a setting's mean that sim.study.sensitivity uses,
which counts the luck the two ends share and would call a wage's exact arithmetic chance.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from pydantic import ValidationError

from sim.scenario import keys
from sim.scenario.schema import Scenario
from sim.study import sensitivity
from sim.study.calibration import CalibrationError, Fit
from sim.study.replications import run_all, tasks
from sim.study.sweep import net_benefit, run_point_replication

FACTOR_DIGITS = 10
"""Digits a scaled number keeps, so the scenario written out is the same on every machine."""


def scale(scenario: Scenario, factors: Mapping[str, float]) -> Scenario:
    """A copy of `scenario` with every number each key reaches multiplied by its factor (a
    whole number rounded); CalibrationError if a key reaches no number or the result is not
    a valid scenario."""
    data = scenario.model_dump(mode="json", by_alias=True)
    for key, factor in factors.items():
        try:
            spots = keys.locate(data, key)
        except keys.KeyPathError as exc:
            raise CalibrationError(str(exc)) from None
        if not any(_numbers(spot.value) for spot in spots):
            raise CalibrationError(f"{key}: holds no number to scale in {scenario.name}")
        for spot in spots:
            spot.holder[spot.at] = _scaled(spot.value, factor)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = keys.invalid_in_one_line(exc)
        shown = ", ".join(f"{k} x {v:g}" for k, v in factors.items())
        raise CalibrationError(
            f"{scenario.name}: {shown} makes an invalid scenario ({problems})"
        ) from None


def _numbers(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_numbers(v) for k, v in value.items() if k != "dist")
    return isinstance(value, int | float) and not isinstance(value, bool)


def _scaled(value: Any, factor: float) -> Any:
    """A number times `factor`; a distribution with each of its parameters so scaled."""
    if isinstance(value, dict):
        return {k: v if k == "dist" else _scaled(v, factor) for k, v in value.items()}
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, int):
        return int(round(value * factor))
    return round(value * factor, FACTOR_DIGITS)


def inputs(ranges: Mapping[str, tuple[float, float]]) -> sensitivity.Inputs:
    """The inputs, each as a multiple from LOW to HIGH of the options' own values."""
    fits = []
    for key, (low, high) in ranges.items():
        if not (math.isfinite(low) and math.isfinite(high)) or not 0 < low < high:
            raise CalibrationError(f"{key}: a multiple's range must go upwards from above 0")
        fits.append(Fit(key, float(low), float(high)))
    if not fits:
        raise CalibrationError("no inputs to vary")
    count = len(fits)
    return sensitivity.Inputs(tuple(fits), (False,) * count, ((True, True),) * count)


def scenarios(
    options: Sequence[Scenario], found: sensitivity.Inputs, unit: np.ndarray
) -> list[list[Scenario]]:
    """For each setting of the design, each option scaled by it (all built before any run)."""
    return [[scale(option, found.values(row)) for option in options] for row in unit]


def measure(
    options: Sequence[Scenario],
    found: sensitivity.Inputs,
    design: Mapping[str, int],
    replications: int,
    seed: int,
    run: Callable[[Callable, list], list] | None = None,
) -> dict[str, Any]:
    """Rank the inputs by their effect on the net benefit of options[0] over options[1].

    `design` gives the Morris `trajectories` and `levels`; `run` maps the replication
    function over the work in order (by default serially). The record is the same whatever
    runs the work, since every replication's streams are keyed by (seed, replication).
    """
    trajectories, levels = design["trajectories"], design["levels"]
    unit = sensitivity.design(found, trajectories, levels, seed)
    built = scenarios(options, found, unit)
    work = [t for pair in built for s in pair for t in tasks(s, seed, range(replications))]
    flat = (run or (lambda f, w: run_all(f, w)))(run_point_replication, work)
    results = [
        [flat[(2 * i + k) * replications : (2 * i + k + 1) * replications] for k in range(2)]
        for i in range(len(built))
    ]
    benefit, noise = sensitivity.net_benefits(results)
    ranked = sensitivity.analyse(found, unit, benefit, noise, levels, seed)
    step_noise = paired_step_noise(found, unit, _per_replication(results))
    for row in ranked:
        row["step_noise_usd"] = _tidy(step_noise[row["key"]])
        row["beyond_noise"] = bool((row["mu_star_usd"] or 0.0) > 2 * step_noise[row["key"]])
    return {
        "options": [o.name for o in options],
        "method": "Morris elementary effects (SALib), each input a multiple of its own value",
        "trajectories": trajectories,
        "levels": levels,
        "settings": len(built),
        "replications": replications,
        "seed": seed,
        "noise_usd": round(noise, 2) if math.isfinite(noise) else None,
        "benefit_low_usd": round(float(benefit.min()), 2),
        "benefit_high_usd": round(float(benefit.max()), 2),
        "inputs": ranked,
    }


def _per_replication(results: Sequence[Sequence[Sequence[Any]]]) -> np.ndarray:
    """Each setting's paired net benefit in each replication (settings x replications)."""
    return np.array(
        [
            [
                net_benefit(a.kpis, b.kpis)["net_benefit_usd"]
                for a, b in zip(first, other, strict=True)
            ]
            for first, other in results
        ]
    )


def paired_step_noise(
    found: sensitivity.Inputs, unit: np.ndarray, values: np.ndarray
) -> dict[str, float]:
    """For each input, the replication noise of one of its elementary effects: the standard
    error, over the replications, of the change in net benefit per whole range between the
    two settings of a step (run on the same seeds, so the luck they share cancels), as a
    root mean square over the input's steps. An input whose effect is not above twice it is
    not told apart from chance (a zero or infinite noise when there is one replication)."""
    count, replications = len(found.fits), values.shape[1]
    squares: dict[int, list[float]] = {i: [] for i in range(count)}
    for start in range(0, len(unit), count + 1):
        for row in range(start, start + count):
            moved = np.flatnonzero(unit[row + 1] != unit[row])
            if len(moved) != 1:
                continue
            i = int(moved[0])
            change = (values[row + 1] - values[row]) / (unit[row + 1, i] - unit[row, i])
            error = (
                np.std(change, ddof=1) / math.sqrt(replications) if replications > 1 else math.inf
            )
            squares[i].append(float(error) ** 2)
    return {
        fit.key: math.sqrt(statistics.fmean(squares[i])) if squares[i] else math.inf
        for i, fit in enumerate(found.fits)
    }


def _tidy(value: float) -> float | None:
    return round(value, 2) if math.isfinite(value) else None


def work_size(found: sensitivity.Inputs, design: Mapping[str, int], replications: int) -> int:
    """How many replications `measure` runs: both options at every setting."""
    return design["trajectories"] * (len(found.fits) + 1) * 2 * replications
