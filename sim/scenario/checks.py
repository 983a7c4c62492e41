"""Checks on a valid scenario that are warnings, not errors: loads no office could carry.

The model keeps every task finishable (resumption lag is bounded per task), but when
interruptions alone fill most of a person's day the results say more about the interruption
figures than about staffing, and a consultant should know before reading them.
"""

from __future__ import annotations

from sim.scenario.roles import IC, OM
from sim.scenario.schema import IcWork, OmWork, Scenario

HEAVY_SHARE = 0.5
"""Share of a person's paid hours that interruptions alone may take before we warn."""


def interruption_minutes_per_hour(scenario: Scenario, role: str) -> float:
    """Minutes an hour of office time that interruptions reaching `role` take, lag included."""
    costs = scenario.interruptions
    lag = costs.resumption_simple_minutes.mean
    work: OmWork | IcWork
    if role == OM:
        work = scenario.om_work
        desk = scenario.practice.front_desk
        reaching = work.interruptions_per_hour * (
            1.0 - (desk.interruption_share if desk.people else 0.0)
        )
    elif role == IC:
        work = scenario.ic_work
        reaching = work.interruptions_per_hour
    else:
        return 0.0
    return reaching * (work.interruption_minutes.mean + lag)


def _keys(role: str) -> str:
    if role == OM:
        return (
            "om_work.interruptions_per_hour, om_work.interruption_minutes, "
            "practice.front_desk.interruption_share"
        )
    return "ic_work.interruptions_per_hour, ic_work.interruption_minutes"


def interruption_warnings(scenario: Scenario) -> list[str]:
    """One warning per person whose interruptions alone would take most of their day."""
    warnings = []
    for index, person in enumerate(scenario.staff):
        share = sum(interruption_minutes_per_hour(scenario, r) for r in set(person.roles)) / 60.0
        if share > HEAVY_SHARE:
            roles = sorted(r for r in set(person.roles) if r in (OM, IC))
            keys = "; ".join(_keys(r) for r in roles)
            warnings.append(
                f"staff.{index} ({person.name}): interruptions alone would take about "
                f"{share:.0%} of each working hour (set by {keys}); results will mostly "
                "reflect the interruption figures"
            )
    return warnings
