"""The consultants' table of ways of working: hours a day and visits one coordinator carries.

Computed by `sim.scenario.ways_of_working` from the reference practice's scenario, the same
arithmetic `twohats check` prints, so the page cannot drift from the code.
"""

from __future__ import annotations

from pathlib import Path

from sim.scenario.loading import load_scenario
from sim.scenario.ways_of_working import (
    COORDINATOR_HOURS,
    booked_visits,
    choices,
    ways_of_working,
)
from sim.scenario.workload import FITS_SHARE, TIGHT_SHARE
from sim.site.output import write_all
from sim.site.paths import SCENARIOS, SNIPPETS

SCENARIO = "reference-separate.yaml"
FRAGMENT = "ways-of-working.md"


def render(root: Path) -> str:
    scenario = load_scenario(root / SCENARIOS / SCENARIO)
    words = {c.choice: c.words for c in choices()} | {"all": "All three"}
    visits = booked_visits(scenario)
    lines = [
        "| Choice | How | Its hours a day | All insurance tasks, hours a day "
        f"| Visits a day one coordinator carries at {TIGHT_SHARE:.0%} | at {FITS_SHARE:.0%} |",
        "|---|---|--:|--:|--:|--:|",
    ]
    previous = None
    for way in ways_of_working(scenario):
        lines.append(
            f"| {words[way.choice] if way.choice != previous else ''} "
            f"| {way.label.replace('as set', 'default')} "
            f"| {way.kind_hours:.1f} | {way.ic_hours:.1f} "
            f"| {way.visits_tight:.0f} | {way.visits_full:.0f} |"
        )
        previous = way.choice
    lines += [
        "",
        f"*Hours at the reference practice's {visits:g} booked visits a day; visits for one "
        f"full-time coordinator ({COORDINATOR_HOURS:g} paid hours, the coordinator's "
        "interruptions included), everything but the row's choice as the defaults set it. "
        f"Generated from `scenarios/{SCENARIO}` by the workload check's own arithmetic "
        "(`sim/scenario/ways_of_working.py`); `twohats check` prints the same table for any "
        "scenario.*",
        "",
    ]
    return "\n".join(lines)


def generate(root: Path) -> list[Path]:
    """Write the fragment if it changed."""
    return write_all(root / SNIPPETS, {FRAGMENT: render(root)})
