"""The load at which the answer turns: insurance cash and aged A/R against interruptions.

For the small and the reference practice, separate and combined roles are run with the
front desk taking none of the manager's interruptions and 0 to 6 interruptions an hour
reaching the manager. Each point records what the failure chain is about (cash, aged A/R,
the window's claims followed to their end with their write-offs by reason, claim lag, duties
missed), so the page shows the dose-response the model is judged on. Few replications per point (REPS) keep `python -m sim.site`
affordable on a small machine; the page says so. Each point also carries the workload of
each person as a share of their paid hours, estimated from volumes and mean task times
(`sim.scenario.workload.person_loads`), so the page can say at what load the answer turns.

Cached like the other evidence runs: a JSON file keyed by a fingerprint of the scenarios,
the simulator's code, this file and the package versions.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from sim.model.office import Replication
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.scenario.workload import person_loads
from sim.site.output import cached_or_simulated, fingerprint
from sim.site.paths import SCENARIOS, SNIPPETS
from sim.site.shared_runs import replicate_each
from sim.study.stats import describe, paired_difference

SEED = 1
REPS = 5
LEVELS: tuple[float, ...] = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0)
"""Interruptions an hour reaching the office manager (the front desk takes none of them)."""
PAIRS: dict[str, tuple[str, str]] = {
    "small": ("small-separate", "small-combined"),
    "reference": ("reference-separate", "reference-combined"),
}
KPIS = (
    "collected_usd",
    "ar_usd_90_plus_end",
    "cohort_written_off_usd",
    "days_in_ar",
    "om_tasks_late",
    "overtime_hours",
    "ar_over_90_share_end",
    "cohort_collection_share",
    "claim_lag_days_mean",
    "om_hard_duties_missed",
    "cohort_written_off_usd.appeal_lost",
    "cohort_written_off_usd.appeal_window",
    "cohort_written_off_usd.timely_filing",
    "cohort_written_off_usd.aged_out",
)
"""What each point records (mean and 95% CI) and, for the first three, the paired difference."""
PAIRED = 3
CACHE = SNIPPETS / "dose-runs.json"


def at_level(scenario: Scenario, level: float) -> Scenario:
    """The scenario with `level` interruptions an hour reaching the manager and no front desk help."""
    data = scenario.model_dump(mode="json", by_alias=True)
    data["practice"]["front_desk"]["interruption_share"] = 0.0
    data["om_work"]["interruptions_per_hour"] = level
    return Scenario.model_validate(data)


def _loads(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Each person's demand as a share of paid hours, before and with interruptions."""
    return {
        load.name: {"before": load.share_before_interruptions, "with": load.share}
        for load in person_loads(scenario)
    }


def _point(scenario: Scenario, results: list[Replication]) -> dict[str, Any]:
    kpis = {k: describe([r.kpis.get(k, 0.0) for r in results]) for k in KPIS}
    return {"kpis": kpis, "loads": _loads(scenario)}


def _run_pair(root: Path, pair: tuple[str, str]) -> dict[str, Any]:
    """Both options at every level, on the same random numbers (paired)."""
    bases = [load_scenario(root / SCENARIOS / f"{name}.yaml") for name in pair]
    at_levels = [[at_level(s, level) for s in bases] for level in LEVELS]
    studies = [(s, SEED, range(REPS)) for scenarios in at_levels for s in scenarios]
    flat = replicate_each(studies)
    points = []
    for i, (level, scenarios) in enumerate(zip(LEVELS, at_levels, strict=True)):
        results = flat[i * len(bases) : (i + 1) * len(bases)]
        separate, combined = results
        points.append(
            {
                "interruptions_per_hour": level,
                "options": {
                    name: _point(s, r) for name, s, r in zip(pair, scenarios, results, strict=True)
                },
                "differences": {
                    k: paired_difference(
                        [r.kpis[k] for r in separate], [r.kpis[k] for r in combined]
                    )
                    for k in KPIS[:PAIRED]
                },
            }
        )
    return {"options": list(pair), "points": points}


@functools.cache
def load(root: Path) -> dict[str, Any]:
    """The dose-response records: from the cache if current, else by simulating."""
    key = fingerprint(root, "sim/site/dose.py", [SEED, REPS, LEVELS, PAIRS])

    def simulate() -> dict[str, Any]:
        groups = {group: _run_pair(root, pair) for group, pair in PAIRS.items()}
        return {"seed": SEED, "replications": REPS, "groups": groups}

    return cached_or_simulated(root / CACHE, key, simulate)[0]
