"""The one person with the front desk as the practice has it: the dose-response of a real office.

The evidence page's first dose tables take the front desk's help away, to show the load at
which the answer turns. A practice with a front desk hands part of the interruptions to it, so
this runs each practice's one-person office at the same interruption rates with the front desk
as its scenario has it, and says how the rise in A/R over 90 days is spread over the steps of
the rate: aged A/R should grow with the load, not switch on at one rate. More replications
than the other dose tables, because the rise here is a few claims in the small practice.

Cached like the other evidence runs: a JSON file keyed by a fingerprint of the scenarios, the
simulator's code, this file and the package versions.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from sim.model.registry import registry
from sim.outputs.text import number as fmt
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.site.dose import LEVELS, SEED
from sim.site.output import cached_or_simulated, fingerprint, write_all
from sim.site.paths import SCENARIOS, SNIPPETS
from sim.site.shared_runs import replicate_each
from sim.study.stats import describe

REPS = 10
PRACTICES = {"small": "small-combined", "reference": "reference-combined"}
"""The one-person office of each practice, by the practice's name on the evidence page."""
PRACTICE_WORDS = {"small": "Small practice", "reference": "Reference practice"}
AGED = "ar_over_90_share_end"
KPIS = (
    AGED,
    "days_in_ar",
    "cohort_written_off_usd",
    "cohort_collection_share",
    "collected_usd",
    "claim_lag_days_mean",
    "om_hard_duties_missed",
    "om_tasks_late",
)
CACHE = SNIPPETS / "dose-desk-runs.json"
FRAGMENT = "evidence-dose-desk.md"


def at_level(scenario: Scenario, level: float) -> Scenario:
    """The scenario with `level` interruptions an hour, the front desk left as it is."""
    data = scenario.model_dump(mode="json", by_alias=True)
    data["om_work"]["interruptions_per_hour"] = level
    return Scenario.model_validate(data)


def _run(root: Path, name: str) -> list[dict[str, Any]]:
    base = load_scenario(root / SCENARIOS / f"{name}.yaml")
    studies = [(at_level(base, level), SEED, range(REPS)) for level in LEVELS]
    points = []
    for level, results in zip(LEVELS, replicate_each(studies), strict=True):
        kpis = {k: describe([r.kpis.get(k) for r in results]) for k in KPIS}
        points.append({"interruptions_per_hour": level, "kpis": kpis})
    return points


@functools.cache
def load(root: Path) -> dict[str, Any]:
    """The runs: from the cache if current, else by simulating."""
    key = fingerprint(root, "sim/site/dose_desk.py", [SEED, REPS, LEVELS, PRACTICES])

    def simulate() -> dict[str, Any]:
        groups = {group: _run(root, name) for group, name in PRACTICES.items()}
        return {"seed": SEED, "replications": REPS, "groups": groups}

    return cached_or_simulated(root / CACHE, key, simulate)[0]


def step_shares(values: list[float]) -> tuple[float, list[float]]:
    """The whole rise from the first rate to the last, and each step's part of it.

    With no rise (or a fall) there is nothing to share out, and the parts are empty."""
    rise = values[-1] - values[0]
    if rise <= 0:
        return rise, []
    return rise, [
        (after - before) / rise for before, after in zip(values[:-1], values[1:], strict=True)
    ]


def _mean(point: dict[str, Any], kpi: str) -> float:
    return point["kpis"][kpi]["mean"]


def spread_sentence(words: str, points: list[dict[str, Any]]) -> str:
    """How the rise in A/R over 90 days is spread over the steps of the rate, in numbers."""
    aged = [_mean(p, AGED) for p in points]
    rise, shares = step_shares(aged)
    first, last = (fmt("share", v) for v in (aged[0], aged[-1]))
    if not shares:
        return f"{words}: A/R over 90 days is {first} at no interruptions and {last} at the most."
    largest = max(range(len(shares)), key=shares.__getitem__)
    levels = [p["interruptions_per_hour"] for p in points]
    return (
        f"{words}: A/R over 90 days goes from {first} to {last}, a rise of "
        f"{rise * 100:.1f} points; the largest step ({levels[largest]:g} to "
        f"{levels[largest + 1]:g} an hour) carries {shares[largest]:.0%} of it."
    )


def rows(points: list[dict[str, Any]]) -> list[str]:
    """One row per rate: aged A/R, the year's claims to their end, cash, lag and duties, each
    column headed by the KPI's short label in the registry."""
    kpis = registry().kpis
    header = " | ".join(kpis[key].short_label for key in KPIS)
    lines = [
        f"| Interruptions an hour | {header} |",
        "|---:|" + "---:|" * len(KPIS),
    ]
    for point in points:
        cells = [fmt(registry().format_of(key), _mean(point, key)) for key in KPIS]
        lines.append(f"| {point['interruptions_per_hour']:g} | " + " | ".join(cells) + " |")
    return lines


def render(data: dict[str, Any]) -> str:
    """The section's fragment: what was run, then a sentence and a table per practice."""
    lines = [
        "The same one-person offices with the front desk as each practice has it (it takes its "
        f"share of the interruptions), {data['replications']} replications a point, seed "
        f"{data['seed']}. The rise in A/R over 90 days is read from no interruptions to the "
        "most; a rise that one step of the rate carried most of would be a switch, not a load.",
        "",
    ]
    for group, points in data["groups"].items():
        lines += [f"**{spread_sentence(PRACTICE_WORDS[group], points)}**", "", *rows(points), ""]
    return "\n".join(lines)


def generate(root: Path) -> list[Path]:
    """Run (or reuse) the runs and write the fragment and its cache if they changed."""
    data = load(root)
    outputs = {FRAGMENT: render(data), CACHE.name: json.dumps(data, indent=1) + "\n"}
    return write_all(root / SNIPPETS, outputs)
