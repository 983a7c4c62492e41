"""Staffing options: outside billing fees and service level, cross-training, and the cost identities."""

from __future__ import annotations

import pytest

from sim.model.calendar import OfficeCalendar
from tests.model.conftest import bundled, run_office, with_changes
from tests.model.test_identities import assert_identities


def short(name: str, days: int = 150):
    """The window's end is the run's end (no run-out), so the office read after the run is the
    office the window's KPIs describe."""
    return with_changes(bundled(name), horizon_days=days, study={"run_out_days": 0})


def test_outsourcing_fee_is_the_stated_share_of_cash_collected_through_the_service() -> None:
    scenario = short("reference-outsourced")
    office = run_office(scenario)
    result = office.kpis()
    start = office.phases.start
    through_service = sum(
        c.paid_cents for c in office.ledger.claims if c.via_service and c.paid_day >= start
    )
    assert through_service > 0
    share = scenario.outsourcing.fee_collections_share
    assert result["outsourcing_fee_usd"] == round(through_service * share) / 100
    assert result["collected_via_service_usd"] == pytest.approx(result["collected_usd"], rel=0.02)
    assert_identities(office)


def fixed_hours(scenario, hours: float):
    """The outsourced option with a billing team of fixed hours, not sized to its work."""
    staff = [p.model_dump(mode="json") for p in scenario.staff]
    staff[1]["hours_per_day"] = hours
    outsourcing = {**scenario.outsourcing.model_dump(mode="json"), "sized_to_work": False}
    return with_changes(scenario, staff=staff, outsourcing=outsourcing)


def test_service_level_holds_when_capacity_is_sufficient() -> None:
    result = run_office(fixed_hours(short("reference-outsourced"), 8)).kpis()
    assert result["outsourced_claims"] > 1000
    assert result["outsourced_within_service_level_share"] >= 0.95


def test_service_level_fails_when_capacity_is_short() -> None:
    result = run_office(fixed_hours(short("reference-outsourced"), 2)).kpis()
    assert result["outsourced_within_service_level_share"] < 0.5


def test_cross_trained_front_desk_takes_the_verifications() -> None:
    office = run_office(short("reference-cross-trained"))
    front_desk = next(w for w in office.workers if w.name == "front_desk_verification")
    assert front_desk.busy_minutes > 0
    assert office.desk.counts.verifications_done > 0
    assert_identities(office)


def test_staff_cost_and_net_collected_hold_to_the_cent() -> None:
    scenario = short("reference-overtime")
    office = run_office(scenario)
    result = office.kpis()
    calendar = OfficeCalendar(scenario.calendar)
    loading = 1 + scenario.economics.employer_loading_share
    premium = 1 + scenario.economics.overtime_premium_share
    expected_cents = 0
    for worker in office.workers:
        person = worker.spec
        paid_hours = (
            len(calendar.shift_days(person, 0, scenario.horizon_days)) * person.hours_per_day
        )
        hours = paid_hours + worker.window_overtime_minutes / 60 * premium
        expected_cents += round(hours * person.hourly_cost_usd * loading * 100)
    assert worker.window_overtime_minutes > 0
    assert result["staff_cost_usd"] == expected_cents / 100
    collected_cents = round(result["collected_usd"] * 100)
    fee_cents = round(result["outsourcing_fee_usd"] * 100)
    net_cents = round(result["net_collected_after_staffing_usd"] * 100)
    assert net_cents == collected_cents - expected_cents - fee_cents


def test_medicaid_is_never_primary_to_a_commercial_plan() -> None:
    """COB order: a patient with Medicaid and another plan bills the other plan first."""
    from sim.model.demand import Demand

    office = run_office(with_changes(bundled("reference-separate"), horizon_days=60))
    demand: Demand = office.demand
    assert demand.pays_last["state_medicaid"]
    visits = list(office.desk.visits.values())
    assert visits, "some visits have a second plan"
    medicaid_second = [v for v in visits if v.second_payer == "state_medicaid"]
    assert medicaid_second
    assert not any(v.payer == "state_medicaid" for v in visits)
