"""An outside billing team sized to its work keeps its promise at any volume; one of fixed
hours that the workload check says cannot keep it does not, in the simulation either."""

from __future__ import annotations

import pytest

from sim.scenario.workload import broken_promise, person_loads, sized_service
from tests.model.conftest import bundled, run_office, with_changes

BIG = [
    {"kind": "dentist", "count": 3, "visits_per_day": 8},
    {"kind": "hygienist", "count": 2, "visits_per_day": 7},
]
"""A larger client than the reference practice: 38 booked visits a day."""


def outsourced(sized: bool, hours: float = 6.0, providers=BIG, days: int = 120):
    scenario = bundled("reference-outsourced")
    staff = [p.model_dump(mode="json") for p in scenario.staff]
    staff[1]["hours_per_day"] = hours
    practice = {**scenario.practice.model_dump(mode="json"), "providers": providers}
    outsourcing = {**scenario.outsourcing.model_dump(mode="json"), "sized_to_work": sized}
    return with_changes(
        scenario,
        staff=staff,
        practice=practice,
        outsourcing=outsourcing,
        horizon_days=days,
        study={"warm_up_days": 60, "run_out_days": 0},
    )


def service_load(scenario):
    return next(load for load in person_loads(scenario) if load.name == "billing_service")


def test_sized_team_grows_with_the_practice_and_keeps_its_promise() -> None:
    small = sized_service(
        outsourced(True, providers=[{"kind": "dentist", "count": 1, "visits_per_day": 8}])
    )
    big = outsourced(True)
    hours = {p.name: p.hours_per_day for p in sized_service(big).staff}
    assert hours["billing_service"] > small.staff[1].hours_per_day
    assert broken_promise(big, service_load(big)) is None
    result = run_office(big).kpis()
    assert result["outsourced_within_service_level_share"] >= 0.95


def test_fixed_hours_short_of_the_work_cannot_keep_the_promise() -> None:
    scenario = outsourced(False, hours=6.0)
    load = service_load(scenario)
    assert load.share > 1.0
    words = broken_promise(scenario, load)
    assert words is not None and "cannot keep its promise of claims within 2 business days" in words
    result = run_office(scenario).kpis()
    assert result["outsourced_within_service_level_share"] < 0.5


def test_a_same_day_promise_needs_the_team_at_work_when_the_office_closes() -> None:
    scenario = outsourced(
        False, hours=6.0, providers=[{"kind": "dentist", "count": 1, "visits_per_day": 8}]
    )
    outsourcing = {**scenario.outsourcing.model_dump(mode="json"), "service_level_business_days": 0}
    same_day = with_changes(scenario, outsourcing=outsourcing)
    load = service_load(same_day)
    assert load.share < 1.0
    assert "before the office closes" in broken_promise(same_day, load)
    assert broken_promise(scenario, service_load(scenario)) is None


@pytest.mark.parametrize("sized", [True, False])
def test_the_model_runs_the_hours_the_check_counts(sized: bool) -> None:
    scenario = outsourced(sized, days=20)
    office = run_office(scenario)
    worker = next(w for w in office.workers if w.name == "billing_service")
    assert worker.spec.hours_per_day == service_load(scenario).paid_minutes / 60
