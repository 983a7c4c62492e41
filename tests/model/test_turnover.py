"""Burnout and turnover: the quit hazard follows measured strain, quits are counted per person
and per post, and a vacant post's work is covered or waits as the scenario says."""

from __future__ import annotations

import math

from scipy import stats

from sim.model.office import Office
from sim.model.turnover import (
    LateDuties,
    WeekLoad,
    hazard_ratio,
    strain_hours,
    weekly_hazard,
    weekly_quit_chance,
)
from sim.model.work import Lane, WorkItem
from sim.scenario.schema import Turnover
from tests.model.conftest import bundled, run_office, with_changes
from tests.model.test_identities import assert_identities

FROM_EMPTY = {"warm_up_days": 0, "run_out_days": 0}
"""An office started empty on day 0, its KPIs and counts read on its last day."""


def turnover(**changes: object) -> dict:
    return {"enabled": True, "hiring_delay_days": 0} | changes


def test_the_baseline_hazard_gives_the_yearly_share_without_strain() -> None:
    spec = Turnover(baseline_annual_quit_share=0.15)
    stay_a_year = (1.0 - weekly_quit_chance(0.0, spec)) ** (365.25 / 7)
    assert math.isclose(1.0 - stay_a_year, 0.15, rel_tol=1e-9)


def test_the_quit_chance_rises_with_strain_up_to_its_cap() -> None:
    spec = Turnover(hazard_rise_per_strain_hour=0.2, max_hazard_ratio=4.0)
    chances = [weekly_quit_chance(hours, spec) for hours in (0, 2, 5, 10, 15, 40)]
    assert chances == sorted(chances) and chances[0] < chances[2] < chances[3]
    assert hazard_ratio(5.0, spec) == 2.0
    assert chances[-2] == chances[-1] == weekly_quit_chance(1e6, spec)


def test_strain_counts_time_past_the_shift_busy_time_beyond_the_sustainable_share_and_late_duties() -> (
    None
):
    spec = Turnover(sustainable_utilization_share=0.85, late_duty_strain_hours=0.5)
    shift = 5 * 8 * 60.0
    assert strain_hours(WeekLoad(0.8 * shift, 0.0, shift, 0), spec) == 0.0
    assert math.isclose(strain_hours(WeekLoad(0.95 * shift, 0.0, shift, 0), spec), 4.0)
    assert math.isclose(strain_hours(WeekLoad(0.5 * shift + 120, 120, shift, 0), spec), 2.0)
    assert math.isclose(strain_hours(WeekLoad(0.5 * shift, 0.0, shift, 3), spec), 1.5)


def test_a_duty_left_late_counts_once_in_the_week_its_due_time_passes() -> None:
    """Done on time: not late. Done after its due time, or still undone: late, counted once."""

    def duty(due: float, done_at: float | None) -> WorkItem:
        item = WorkItem("payroll", "om", Lane.DUTY, 30.0, created=0.0, due=due)
        item.done_at = done_at
        return item

    on_time, done_late, undone = duty(100, 90), duty(200, 250), duty(300, None)
    later = duty(900, None)
    duties = LateDuties([later, undone, done_late, on_time])
    assert duties.passed_undone(150) == 0
    assert duties.passed_undone(500) == 2
    assert duties.passed_undone(600) == 0
    assert duties.passed_undone(1000) == 1


def first_quits(scenario, person: str, reps: int) -> tuple[list[float], int, list[float]]:
    """Per replication: the day of the person's first quit (inf if none); all quits; strain."""
    firsts, quits, strain = [], 0, []
    for replication in range(reps):
        office = run_office(scenario, seed=3, replication=replication)
        result = office.kpis()
        days = [day for name, day in office.turnover.counts.quit_days if name == person]
        firsts.append(days[0] if days else math.inf)
        quits += result[f"quits.{person}"]
        strain.append(result[f"strain_hours.{person}"])
        weeks = office.turnover.counts.strain_weeks[person]
        at_baseline = weeks * weekly_hazard(0.0, scenario.turnover)
        assert result[f"expected_quits.{person}"] >= at_baseline - 1e-9
        assert_identities(office)
    return firsts, quits, strain


def test_sustained_overtime_raises_quits_with_the_same_seed() -> None:
    """Only time past the shift counts as strain here: the same office with no overtime allowed
    carries none. With the same weekly draws, the strained manager's chance is at least the calm
    one's every week, so she first quits no later, and quits more often over the runs."""
    base = bundled("reference-combined")
    only_overtime = turnover(
        baseline_annual_quit_share=0.3,
        sustainable_utilization_share=1.0,
        late_duty_strain_hours=0.0,
    )

    # No work is hard here: a hard duty (or a check posted for the deposit) is finished past
    # the shift whatever the allowance, which would put time past the shift into the calm
    # office too.
    om_work = base.om_work.model_dump(mode="json", by_alias=True)
    om_work["duties"] = [duty | {"hard": False} for duty in om_work["duties"]]
    ic_work = base.ic_work.model_dump(mode="json", by_alias=True)
    ic_work["checks_posted_same_day"] = False

    def office_with(overtime_minutes: float):
        staff = [
            p.model_dump() | {"overtime_minutes_per_day": overtime_minutes} for p in base.staff
        ]
        return with_changes(
            base,
            horizon_days=2 * 365,
            staff=staff,
            turnover=only_overtime,
            study=FROM_EMPTY,
            om_work=om_work,
            ic_work=ic_work,
        )

    calm_first, calm_quits, calm_strain = first_quits(office_with(0.0), "office_manager", 5)
    late_first, late_quits, late_strain = first_quits(office_with(120.0), "office_manager", 5)
    assert max(calm_strain) < 1e-6
    assert min(late_strain) > 3.0
    assert all(late <= calm for late, calm in zip(late_first, calm_first, strict=True))
    assert sum(late < calm for late, calm in zip(late_first, calm_first, strict=True)) >= 1
    assert late_quits > calm_quits


def test_without_strain_quits_match_the_baseline() -> None:
    """Started empty and read on its last day: the quits and the person-weeks are then counted
    over the same three years (with a warm-up and run-out, the weeks ran on into the run-out
    while the quits stopped at the window's end)."""
    scenario = with_changes(
        bundled("small-separate"),
        horizon_days=3 * 365,
        turnover=turnover(baseline_annual_quit_share=0.5, hazard_rise_per_strain_hour=0.0),
        study=FROM_EMPTY,
    )
    quits = weeks = 0
    for replication in range(4):
        office = run_office(scenario, seed=3, replication=replication)
        quits += office.kpis()["quits"]
        weeks += office.turnover.counts.person_weeks
    chance = weekly_quit_chance(0.0, Turnover(baseline_annual_quit_share=0.5))
    low, high = stats.binom.interval(0.999, weeks, chance)
    assert weeks > 1000
    assert low <= quits <= high


def test_quits_are_counted_per_person_and_per_post() -> None:
    scenario = with_changes(
        bundled("reference-separate"),
        horizon_days=3 * 365,
        turnover=turnover(baseline_annual_quit_share=0.6),
        study=FROM_EMPTY,
    )
    result = run_office(scenario, seed=2).kpis()
    manager, coordinator = result["quits.office_manager"], result["quits.insurance_coordinator"]
    assert manager > 0 and coordinator > 0
    assert result["quits"] == manager + coordinator
    assert (result["quits_om"], result["quits_ic"]) == (manager, coordinator)

    combined = with_changes(scenario, staff=bundled("reference-combined").model_dump()["staff"])
    result = run_office(combined, seed=2).kpis()
    assert result["quits"] > 0
    assert result["quits_om"] == result["quits_ic"] == result["quits.office_manager"]
    assert "quits.insurance_coordinator" not in result


def test_a_vacant_sole_post_leaves_its_work_waiting_until_the_new_hire() -> None:
    """The only person quits on day 30: nobody sends claims for 60 days; the new hire does."""
    scenario = with_changes(
        bundled("small-combined"),
        horizon_days=200,
        turnover=turnover(hiring_delay_days=60, baseline_annual_quit_share=0.0),
        study=FROM_EMPTY,
    )
    office = Office(scenario, 1, 0)
    manager = office.workers[0]
    office.start_window()  # run by hand as `Office.run` runs a window from day 0
    office.env.run(until=30 * 1440)
    office.turnover._quit(manager)
    busy, waiting = manager.busy_minutes, office.queues["ic"].waiting[Lane.CLAIM]
    office.env.run(until=89 * 1440)
    assert manager.busy_minutes == busy
    piled_up = office.queues["ic"].waiting[Lane.CLAIM]
    assert piled_up > waiting + 100
    office.env.run(until=200 * 1440)
    assert manager.busy_minutes > busy
    assert office.queues["ic"].waiting[Lane.CLAIM] < piled_up / 2
    office.window_kpis = office.window_results()  # read at the window's end, as `Office.run`
    assert office.kpis()["vacancy_days"] > 35


def test_with_no_cover_a_vacant_post_waits_even_with_colleagues() -> None:
    scenario = with_changes(
        bundled("reference-separate"),
        horizon_days=60,
        turnover=turnover(
            hiring_delay_days=200, baseline_annual_quit_share=0.0, vacancy_cover="none"
        ),
        study=FROM_EMPTY,  # the new hire comes after day 200: after the run
    )
    office = Office(scenario, 1, 0)
    coordinator = next(w for w in office.workers if w.name == "insurance_coordinator")
    manager = next(w for w in office.workers if w.name == "office_manager")
    office.turnover._quit(coordinator)
    assert not manager.holds("ic")
    office.run()
    assert len(office.desk.counts.claim_lags) == 0


def test_a_vacancy_moves_work_to_whoever_remains() -> None:
    """The post stays vacant the whole run, so every claim sent and paid is the manager's doing.

    120 days: the manager, covering on top of office work, needs weeks to get claims out and
    paid (60 days were too few once resumed tasks could be interrupted again).
    """
    scenario = with_changes(
        bundled("reference-separate"),
        horizon_days=120,
        turnover=turnover(hiring_delay_days=200, baseline_annual_quit_share=0.0),
        study=FROM_EMPTY,  # the new hire comes after day 200: after the run
    )
    office = Office(scenario, 1, 0)
    coordinator = next(w for w in office.workers if w.name == "insurance_coordinator")
    manager = next(w for w in office.workers if w.name == "office_manager")
    # Run by hand as `Office.run` runs a window from day 0, the quit counted inside it.
    office.start_window()
    office.turnover._quit(coordinator)
    assert manager.holds("ic")
    office.env.run(until=office.phases.end * 1440)
    office.window_kpis = office.window_results()
    result = office.kpis()
    assert coordinator.busy_minutes == 0
    assert result["vacancy_days"] > 30
    assert result["quits"] == 1 and result["replacement_cost_usd"] > 0
    assert result["quits_ic"] == 1 and result["quits_om"] == 0
    assert len(office.desk.counts.claim_lags) > 0
    assert result["claims_paid"] > 0


def test_new_hires_are_slower_at_first() -> None:
    scenario = with_changes(bundled("small-separate"), turnover=turnover())
    office = Office(scenario, 1, 0)
    worker = office.workers[0]
    worker.hired_at = 0.0
    assert worker.ramp_multiplier(1.5) == 1.5
    office.env.run(until=4 * 7 * 1440)
    assert 1.2 < worker.ramp_multiplier(1.5) < 1.3
    office.env.run(until=9 * 7 * 1440)
    assert worker.ramp_multiplier(1.5) == 1.0


def test_with_turnover_off_strain_and_risk_are_reported_and_nobody_quits() -> None:
    scenario = with_changes(
        bundled("small-combined"),
        horizon_days=365,
        turnover={"enabled": False, "baseline_annual_quit_share": 0.9},
        study=FROM_EMPTY,
    )
    office = run_office(scenario)
    result = office.kpis()
    assert result["strain_hours.office_manager"] > 1.0
    assert result["expected_quits.office_manager"] > 1.0
    assert result["quits"] == result["quits.office_manager"] == result["vacancy_days"] == 0
    assert office.workers[0].ramp is None
