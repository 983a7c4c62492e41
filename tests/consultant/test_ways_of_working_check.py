"""`twohats check`: the hours each way of working implies, what a coordinator carries, the
billing team's promise, and clear errors for the new inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.loading import load_scenario
from sim.scenario.ways_of_working import (
    COORDINATOR_HOURS,
    _scaled,
    booked_visits,
    visits_carried,
    ways_of_working,
)
from sim.scenario.workload import FITS_SHARE, TIGHT_SHARE, person_loads

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def reference():
    return load_scenario(SCENARIOS / "reference-separate.yaml")


def test_the_electronic_way_carries_more_visits_for_every_choice() -> None:
    rows = ways_of_working(reference())
    for choice in ("verification", "posting", "claims"):
        slow, as_set, fast = (r for r in rows if r.choice == choice)
        assert slow.share == 0.0 and fast.share == 1.0
        assert slow.kind_hours >= as_set.kind_hours >= fast.kind_hours
        assert slow.visits_full <= as_set.visits_full <= fast.visits_full
        assert slow.visits_tight < slow.visits_full
    everything_slow, everything_fast = (r for r in rows if r.choice == "all")
    assert everything_slow.visits_full < min(r.visits_full for r in rows if r.choice != "all")
    assert everything_fast.visits_full > max(r.visits_full for r in rows if r.choice != "all")


@pytest.mark.parametrize("share", [TIGHT_SHARE, FITS_SHARE])
def test_at_the_visits_carried_the_coordinator_is_at_that_load(share: float) -> None:
    """Round trip through the workload check: scale the practice to the visits one coordinator
    carries and the coordinator's load is the share asked for."""
    scenario = reference()
    staff = [p.model_copy(update={"overflow": None}) for p in scenario.staff]
    scenario = scenario.model_copy(update={"staff": staff})
    visits = visits_carried(scenario, share)
    at_that = _scaled(scenario, visits / booked_visits(scenario))
    (coordinator,) = (load for load in person_loads(at_that) if "ic" in load.roles)
    assert coordinator.paid_minutes == COORDINATOR_HOURS * 60
    assert coordinator.share == pytest.approx(share)


def test_check_shows_each_way_of_working(capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(SCENARIOS / "reference-separate.yaml")]) == 0
    printed = capsys.readouterr().out
    for words in ("by phone", "auto-posted from", "on paper", "everything", "visits/day"):
        assert words in printed


def test_check_says_a_billing_team_cannot_keep_its_promise(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "client.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'reference-outsourced.yaml'}\n"
        "practice:\n  providers:\n"
        "    - {kind: dentist, count: 3, visits_per_day: 8}\n"
        "    - {kind: hygienist, count: 2, visits_per_day: 7}\n"
        "outsourcing: {sized_to_work: false}\n"
        "staff:\n"
        "  - {name: office_manager, roles: [om, ic], hourly_cost_usd: 34}\n"
        "  - {name: billing_service, roles: [billing_service], hourly_cost_usd: 0,"
        " hours_per_day: 6, start_hour: 9, break_minutes: 0}\n"
    )
    assert main(["check", str(path), "--allow-root", str(SCENARIOS)]) == 1
    printed = " ".join(capsys.readouterr().out.split())
    assert "CANNOT KEEP ITS PROMISE: billing_service cannot keep its promise" in printed
    sized = tmp_path / "sized.yaml"
    sized.write_text("extends: client.yaml\noutsourcing: {sized_to_work: true}\n")
    assert main(["check", str(sized), "--allow-root", str(SCENARIOS)]) == 0
    assert "PROMISE" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ic_work: {posting_era_share: 1.5}", "ic_work.posting_era_share"),
        ("ic_work: {claim_electronic_share: -0.1}", "ic_work.claim_electronic_share"),
        ("ic_work: {era_posting_saving_share: 2}", "ic_work.era_posting_saving_share"),
        ("outsourcing: {sized_to_work: 'yes'}", "outsourcing.sized_to_work"),
        (
            "staff:\n  - {name: m, roles: [om, ic], overflow: {role: ic}}\n",
            "already one of this person's roles",
        ),
        ("staff:\n  - {name: m, roles: [om], overflow: {role: om}}\n", "overflow.role"),
        (
            "staff:\n  - {name: m, roles: [om], overflow: {role: ic, behind_hours: 0}}\n",
            "overflow.behind_hours",
        ),
    ],
)
def test_bad_new_inputs_are_exit_2_with_the_key(
    text: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"extends: {SCENARIOS / 'reference-separate.yaml'}\n{text}\n")
    assert main(["check", str(path), "--allow-root", str(SCENARIOS)]) == 2
    captured = capsys.readouterr()
    assert words in captured.err
    assert "Traceback" not in captured.err and not captured.out.strip()
