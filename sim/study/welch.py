"""Welch's method: how long the warm-up must be before an office started empty has settled.

Run each scenario from empty (no warm-up, no run-out) for several years, average a daily
series over the replications day by day, smooth that mean with Welch's moving average, and
truncate where the smoothed curve first comes within a band around its level over the
second half of the run (Welch 1983; Law and Kelton). Two series are read, the money the
practice waits for (insurance A/R plus claims not yet sent) and the A/R over 90 days: the
aged tail is the last to settle. A curve still moving by more than the tolerance over the
second half has no settled state (an office whose backlog keeps growing): it is reported, not
used. The default warm-up is the longest truncation over the curves that settle, rounded up
to whole weeks.

`python -m sim.study.welch` reproduces the choice; the validation page plots it.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.model.daily import number
from sim.model.office import Replication
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.study.replications import replicate
from sim.study.stats import Floats

SERIES = ("money_waiting_usd", "ar_usd_90_plus")
"""What Welch's method reads from each day: A/R plus unsent claims, and the A/R over 90 days."""
DAYS = 1095
"""Three years from empty: several times the warm-up found (the practice's rule of thumb)."""
REPLICATIONS = 5
SEED = 1
SMOOTHING_DAYS = 28
"""Welch's window w: four weeks either side, wide enough to iron out the week's rhythm."""
TOLERANCE_SHARE = 0.10
"""The band around the settled level, as a share of it."""


def moving_average(mean: Sequence[float], w: int) -> np.ndarray:
    """Welch's moving average of an across-replication mean: a centred window of 2w+1 days,
    shrunk to 2i-1 days near the start; the last w days have no full window and are dropped."""
    y = np.asarray(mean, dtype=float)
    m = len(y)
    if m <= 2 * w:
        raise ValueError(f"a series of {m} days is too short for a window of {w}")
    cumulative = np.concatenate(([0.0], np.cumsum(y)))
    smoothed = np.empty(m - w)
    for i in range(m - w):
        half = min(i, w)
        smoothed[i] = (cumulative[i + half + 1] - cumulative[i - half]) / (2 * half + 1)
    return smoothed


def _band(settled: np.ndarray, tolerance: float) -> tuple[float, float]:
    """The settled level (mean of the second half) and the band around it: `tolerance` of the
    level, or twice the curve's own spread there when that is wider (a series whose level is
    near zero, the aged A/R of a well-run office, is settled once inside its own noise)."""
    level = float(settled.mean())
    return level, max(tolerance * abs(level), 2.0 * float(settled.std()))


def truncation_day(smoothed: Floats, tolerance: float = TOLERANCE_SHARE) -> int:
    """The first day the smoothed curve comes into the band around its settled level; the
    whole length when it never does.

    The first entry, not the last exit: the transient of an office opened empty is a climb,
    and a late excursion of a curve averaged over few replications is noise, not warm-up."""
    y = np.asarray(smoothed, dtype=float)
    level, band = _band(y[len(y) // 2 :], tolerance)
    inside = np.flatnonzero(np.abs(y - level) <= band)
    return len(y) if inside.size == 0 else int(inside[0])


def drift(smoothed: Floats) -> float:
    """How far the curve still moves over the second half of the run: the slope of a straight
    line fitted to that half, times the half's length (in the series' units)."""
    settled = np.asarray(smoothed, dtype=float)[len(smoothed) // 2 :]
    slope = float(np.polyfit(np.arange(len(settled)), settled, 1)[0])
    return slope * len(settled)


def settles(smoothed: Floats, tolerance: float = TOLERANCE_SHARE) -> bool:
    """False for a curve that still moves more than its band over the second half: an office
    whose backlog keeps growing has no settled state to warm up to, and a longer warm-up only
    takes it further along."""
    y = np.asarray(smoothed, dtype=float)
    _level, band = _band(y[len(y) // 2 :], tolerance)
    return abs(drift(y)) <= band


def daily_values(result: Replication, series: str) -> list[float]:
    daily = result.daily
    if series == "money_waiting_usd":
        return [
            number(a) + number(u)
            for a, u in zip(daily.column("ar_usd"), daily.column("unsubmitted_usd"), strict=True)
        ]
    return [number(v) for v in daily.column(series)]


@dataclass(frozen=True)
class Curve:
    """One scenario's smoothed series and where it settles."""

    scenario: str
    series: str
    smoothed: tuple[float, ...]
    truncation: int
    drift: float
    """How far the curve still moves over the second half, in its units (see `drift`)."""
    settled: bool


def from_empty(scenario: Scenario, days: int) -> Scenario:
    """The scenario started empty, run for `days`, with no warm-up and no run-out."""
    data = scenario.model_dump(mode="json", by_alias=True)
    data["horizon_days"] = days
    data["study"] = {"warm_up_days": 0, "run_out_days": 0}
    return Scenario.model_validate(data)


def curves(
    name: str,
    scenario: Scenario,
    days: int = DAYS,
    replications: int = REPLICATIONS,
    seed: int = SEED,
    jobs: int = 1,
) -> list[Curve]:
    """Welch's smoothed curve of each series for one scenario, and its truncation day."""
    return curves_of(name, replicate(from_empty(scenario, days), seed, range(replications), jobs))


def curves_of(name: str, results: Sequence[Replication]) -> list[Curve]:
    """The curves of replications already run from empty (`from_empty`)."""
    found = []
    for series in SERIES:
        mean = np.mean([daily_values(r, series) for r in results], axis=0)
        smoothed = moving_average(mean, SMOOTHING_DAYS)
        found.append(
            Curve(
                name,
                series,
                tuple(smoothed.tolist()),
                truncation_day(smoothed),
                drift(smoothed),
                settles(smoothed),
            )
        )
    return found


def warm_up_days(truncations: Sequence[int]) -> int:
    """The longest truncation over the curves that settle, rounded up to whole weeks."""
    return 7 * math.ceil(max(truncations) / 7)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sim.study.welch", description=__doc__)
    parser.add_argument("scenarios", nargs="*", type=Path, help="default: the bundled ones")
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--replications", type=int, default=REPLICATIONS)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    paths = args.scenarios or sorted(Path("scenarios").glob("*.yaml"))
    found: list[Curve] = []
    for path in paths:
        scenario = load_scenario(path)
        for curve in curves(path.stem, scenario, args.days, args.replications, jobs=args.jobs):
            found.append(curve)
            where = (
                f"settles by day {curve.truncation}"
                if curve.settled
                else f"still moves {curve.drift:+,.0f} over the second half"
            )
            print(f"{curve.scenario:28} {curve.series:18} {where}")
    print(f"warm-up: {warm_up_days([c.truncation for c in found if c.settled])} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
