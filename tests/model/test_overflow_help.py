"""A person who takes the coordinator's overflow helps only while insurance work is behind."""

from __future__ import annotations

from sim.scenario.workload import person_loads
from tests.model.conftest import bundled, simulated, with_changes


def part_time(overflow: dict | None, days: int = 120):
    scenario = bundled("reference-part-time-ic")
    staff = [p.model_dump(mode="json") for p in scenario.staff]
    staff[0]["overflow"] = overflow
    return with_changes(
        scenario, staff=staff, horizon_days=days, study={"warm_up_days": 60, "run_out_days": 0}
    )


def test_the_manager_takes_the_overflow_of_a_part_time_coordinator() -> None:
    alone = simulated(part_time(None), 1, 0).kpis
    helped = simulated(part_time({"role": "ic", "behind_hours": 3}), 1, 0).kpis
    assert helped["utilization.office_manager"] > alone["utilization.office_manager"] + 0.05
    assert helped["verifications_missed"] < alone["verifications_missed"] / 2
    assert helped["claim_lag_days_mean"] < alone["claim_lag_days_mean"]


def test_no_help_while_the_coordinator_is_not_behind() -> None:
    """With a threshold the queue never reaches, the run is the run without help."""
    alone = simulated(part_time(None), 1, 0).kpis
    never = simulated(part_time({"role": "ic", "behind_hours": 100}), 1, 0).kpis
    assert never == alone


def test_the_check_counts_the_overflow_on_the_helper() -> None:
    alone = {load.name: load for load in person_loads(part_time(None))}
    helped = {load.name: load for load in person_loads(part_time({"role": "ic"}))}
    coordinator, manager = helped["insurance_coordinator"], helped["office_manager"]
    assert coordinator.share <= 1.0 < alone["insurance_coordinator"].share
    moved = alone["insurance_coordinator"].demand_minutes - coordinator.demand_minutes
    assert manager.demand_minutes == alone["office_manager"].demand_minutes + moved
    assert manager.overflow_from == "ic"
