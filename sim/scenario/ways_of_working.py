"""The hours a day each way of doing insurance work implies, and the visits one coordinator carries.

How an office checks eligibility (portal or phone), posts payments (ERA auto-posting or by
hand) and sends claims (electronically or on paper) sets much of its coordinator's day. For
each choice this counts, with the workload check's own arithmetic, the hours that work takes
at the scenario's volume, all the insurance work, and the booked visits a day one full-time
coordinator could carry, the rest of the scenario as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from sim.scenario.roles import IC
from sim.scenario.schema import Scenario
from sim.scenario.workload import (
    FITS_SHARE,
    TIGHT_SHARE,
    ic_task_minutes_by_kind,
    interruption_minutes_per_day,
)

CHOICES_FILE = Path(__file__).with_name("ways_of_working.yaml")
COORDINATOR_HOURS = 8.0
"""A full-time coordinator's paid hours a day (the schema's default shift)."""


@dataclass(frozen=True)
class Choice:
    """One way of working the office chooses, and the ic_work share that sets it."""

    choice: str
    words: str
    key: str
    kinds: tuple[str, ...]
    slow: str
    fast: str


@cache
def choices() -> tuple[Choice, ...]:
    rows = yaml.safe_load(CHOICES_FILE.read_text(encoding="utf-8"))
    return tuple(Choice(**{**row, "kinds": tuple(row["kinds"])}) for row in rows)


@dataclass(frozen=True)
class Way:
    """One way of working at the scenario's volume: its hours and what a coordinator carries."""

    choice: str
    label: str
    share: float | None
    """The electronic share this row sets (None for a row that sets several)."""
    kind_hours: float
    """Hours a day of the choice's own kinds of work (all insurance work for a combined row)."""
    ic_hours: float
    """Hours a day of all insurance tasks (interruptions aside)."""
    visits_tight: float
    """Booked visits a day one full-time coordinator carries at the 85% "tight" line."""
    visits_full: float
    """Booked visits a day that fill one full-time coordinator's paid hours."""


def _with(scenario: Scenario, shares: dict[str, float]) -> Scenario:
    work = scenario.ic_work.model_copy(update=shares)
    return scenario.model_copy(update={"ic_work": work})


def _scaled(scenario: Scenario, factor: float) -> Scenario:
    groups = [
        g.model_copy(update={"visits_per_day": g.visits_per_day * factor})
        for g in scenario.practice.providers
    ]
    practice = scenario.practice.model_copy(update={"providers": groups})
    return scenario.model_copy(update={"practice": practice})


def booked_visits(scenario: Scenario) -> float:
    return sum(g.count * g.visits_per_day for g in scenario.practice.providers)


def visits_carried(scenario: Scenario, share: float, hours: float = COORDINATOR_HOURS) -> float:
    """Booked visits a day at which one coordinator's insurance work (interruptions included)
    is `share` of `hours`: the count is linear in visits but for the aging review's base time,
    so two volumes give its slope and its fixed part."""
    visits = booked_visits(scenario)
    if visits <= 0:
        return 0.0
    once = sum(ic_task_minutes_by_kind(scenario).values())
    twice = sum(ic_task_minutes_by_kind(_scaled(scenario, 2.0)).values())
    per_visit = (twice - once) / visits
    fixed = once - (twice - once) + interruption_minutes_per_day(scenario, IC)
    if per_visit <= 0:
        return float("inf")
    return max(share * hours * 60.0 - fixed, 0.0) / per_visit


def _way(
    scenario: Scenario, choice: str, label: str, share: float | None, kinds: tuple[str, ...] | None
) -> Way:
    by_kind = ic_task_minutes_by_kind(scenario)
    mine = sum(m for k, m in by_kind.items() if kinds is None or k in kinds)
    return Way(
        choice,
        label,
        share,
        mine / 60.0,
        sum(by_kind.values()) / 60.0,
        visits_carried(scenario, TIGHT_SHARE),
        visits_carried(scenario, FITS_SHARE),
    )


def ways_of_working(scenario: Scenario) -> list[Way]:
    """Each choice all the slow way, as the scenario sets it, and all the electronic way;
    then everything the slow way and everything the electronic way."""
    rows: list[Way] = []
    work = scenario.ic_work
    for c in choices():
        current = getattr(work, c.key)
        for label, share in ((c.slow, 0.0), (f"as set ({current:.0%})", current)):
            rows.append(_way(_with(scenario, {c.key: share}), c.choice, label, share, c.kinds))
        rows.append(_way(_with(scenario, {c.key: 1.0}), c.choice, c.fast, 1.0, c.kinds))
    for label, share in (("everything the slow way", 0.0), ("everything electronic", 1.0)):
        shares = {c.key: share for c in choices()}
        rows.append(_way(_with(scenario, shares), "all", label, None, None))
    return rows
