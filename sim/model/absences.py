"""Vacation weeks and sick days: the days a person is scheduled but not there."""

from __future__ import annotations

from sim.model.streams import Stream
from sim.scenario.schema import Person


def absent_days(person: Person, shift_days: list[int], rng: Stream) -> set[int]:
    """Pick vacation weeks (whole weeks, per year of horizon) and random sick days."""
    if not shift_days:
        return set()
    horizon = shift_days[-1] + 1
    absent: set[int] = set()
    weeks_total = max(1, horizon // 7)
    for year_start in range(0, horizon, 365):
        year_weeks = list(range(year_start // 7, min(weeks_total, (year_start + 365) // 7)))
        take = min(
            len(year_weeks),
            round(person.vacation_weeks_per_year * min(1.0, (horizon - year_start) / 365)),
        )
        for week in rng.sample(year_weeks, take):
            absent.update(range(int(week) * 7, int(week) * 7 + 7))
    days_per_year = max(1.0, len(shift_days) * 365.0 / horizon)
    sick_chance = min(1.0, person.sick_days_per_year / days_per_year)
    absent.update(day for day in shift_days if rng.random() < sick_chance)
    return absent
