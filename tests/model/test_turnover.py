"""Burnout and turnover: baseline quits without overload, more with it, cover during vacancies."""

from __future__ import annotations

from scipy import stats

from sim.model.office import Office
from tests.model.conftest import bundled, run_office, with_changes
from tests.model.test_identities import assert_identities

BASELINE = 0.1


def turnover(**changes: object) -> dict:
    return {
        "enabled": True,
        "baseline_quit_per_month_share": BASELINE,
        "hiring_delay_days": 0,
    } | changes


def quits_and_months(name: str, reps: int, **changes: object) -> tuple[int, int]:
    scenario = with_changes(bundled(name), horizon_days=3 * 365, turnover=turnover(**changes))
    quits = months = 0
    for replication in range(reps):
        office = run_office(scenario, seed=3, replication=replication)
        quits += office.turnover.counts.quits
        months += office.turnover.counts.person_months
        assert_identities(office)
    return quits, months


def test_without_overload_quits_match_the_baseline() -> None:
    quits, months = quits_and_months("small-separate", reps=4)
    assert months > 250
    low, high = stats.binom.interval(0.999, months, BASELINE)
    assert low <= quits <= high


def test_overload_raises_the_quit_rate() -> None:
    calm_quits, calm_months = quits_and_months("small-separate", reps=4, overload_sensitivity=2.0)
    busy_quits, busy_months = quits_and_months("small-combined", reps=4, overload_sensitivity=2.0)
    table = [[busy_quits, busy_months - busy_quits], [calm_quits, calm_months - calm_quits]]
    assert busy_quits / busy_months > calm_quits / calm_months
    assert stats.fisher_exact(table, alternative="greater").pvalue < 0.01


def test_a_vacancy_moves_work_to_whoever_remains() -> None:
    """The post stays vacant the whole run, so every claim sent and paid is the manager's doing.

    120 days: the manager, covering on top of office work, needs weeks to get claims out and
    paid (60 days were too few once resumed tasks could be interrupted again).
    """
    scenario = with_changes(
        bundled("reference-separate"),
        horizon_days=120,
        turnover=turnover(hiring_delay_days=200, baseline_quit_per_month_share=0.0),
    )
    office = Office(scenario, 1, 0)
    coordinator = next(w for w in office.workers if w.name == "insurance_coordinator")
    manager = next(w for w in office.workers if w.name == "office_manager")
    office.turnover._quit(coordinator)
    assert manager.holds("ic")
    office.run()
    result = office.kpis()
    assert coordinator.busy_minutes == 0
    assert result["vacancy_days"] > 30
    assert result["quits"] == 1 and result["replacement_cost_usd"] > 0
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
