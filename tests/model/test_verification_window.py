"""Eligibility checks are released on the working day before the visit (Friday for Monday)."""

from __future__ import annotations

from sim.model.calendar import OfficeCalendar, at
from sim.scenario.schema import Calendar
from tests.model.conftest import bundled, run_office, with_changes


def test_working_day_before_skips_the_weekend_and_holidays() -> None:
    calendar = OfficeCalendar(Calendar(holidays_days=[11]))  # day 0 Monday; day 11 a Friday
    assert calendar.working_days_before(7, 1) == 4  # Monday -> the Friday before
    assert calendar.working_days_before(8, 1) == 7  # Tuesday -> Monday
    assert calendar.working_days_before(14, 1) == 10  # Monday after a Friday holiday -> Thursday
    assert calendar.working_days_before(9, 2) == 7
    assert calendar.working_days_before(9, 0) == 9


def test_monday_visits_are_checked_on_friday_and_few_checks_are_missed() -> None:
    # From an empty office, as the calendar-day window's 13% below was measured.
    scenario = with_changes(
        bundled("reference-separate"),
        horizon_days=90,
        study={"warm_up_days": 0, "run_out_days": 0},
    )
    office = run_office(scenario, seed=4)
    desk = office.desk
    monday = at(7, 10.0)
    assert desk._pre_visit_release(monday) == at(4, office.scenario.calendar.open_hour)
    counts = desk.counts
    checked = counts.verifications_done + counts.verifications_missed
    # A dedicated coordinator with a whole working day for each check misses few of them;
    # with a calendar-day window every Monday check had only Sunday, and about 13% were missed.
    assert checked > 500
    assert counts.verifications_missed / checked < 0.05
