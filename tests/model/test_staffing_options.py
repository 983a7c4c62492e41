"""Staffing options: outside billing fees and service level, cross-training, and the cost identities."""

from __future__ import annotations

import pytest

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


def test_staff_cost_follows_the_pay_rules_and_net_is_what_is_left() -> None:
    """Runs that differ only in the pay rules: the rules change no one's work, so the hours are
    the same; the overtime premium then adds the same amount each time it rises by the same
    step, the employer's loading scales the whole bill, and the net is cash less pay and fees."""
    scenario = short("reference-overtime", days=120)
    economics = scenario.economics.model_dump(mode="json")
    loading = economics["employer_loading_share"]

    def run(**pay_rules: float):
        return run_office(with_changes(scenario, economics={**economics, **pay_rules}))

    premiums = [run(overtime_premium_share=share) for share in (0.0, 0.5, 1.0)]
    unloaded = run(overtime_premium_share=0.5, employer_loading_share=0.0)
    offices = [*premiums, unloaded]
    overtime = [[w.window_overtime_minutes for w in office.workers] for office in offices]
    assert overtime[0] == overtime[1] == overtime[2] == overtime[3]
    assert sum(overtime[0]) > 0
    cost = [office.kpis()["staff_cost_usd"] for office in offices]
    assert cost[1] - cost[0] > 0
    assert cost[2] - cost[1] == pytest.approx(cost[1] - cost[0], abs=0.02)
    assert cost[1] == pytest.approx(cost[3] * (1 + loading), abs=0.02 * len(scenario.staff))
    for office in offices:
        kpis = office.kpis()
        net = kpis["collected_usd"] - kpis["staff_cost_usd"] - kpis["outsourcing_fee_usd"]
        assert kpis["net_collected_after_staffing_usd"] == pytest.approx(net, abs=0.005)


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
