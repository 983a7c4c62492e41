"""The workload check counts an opening backlog: hours to clear it once, and the days it takes.

Unsent claims must be sent and aged A/R followed up; that comes on top of the daily demand
and is cleared in the spare time of the people holding the coordinator role.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.claims_import import parse_date
from sim.scenario.loading import load_scenario
from sim.scenario.workload import (
    opening_backlog,
    person_loads,
    role_backlog_days,
    summary_line,
)

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
EXAMPLES = ROOT / "examples"


def _with_opening(tmp_path: Path, opening: str, staff: str = "") -> Path:
    path = tmp_path / "with-backlog.yaml"
    path.write_text(f"extends: reference-separate.yaml\n{staff}opening:\n{opening}")
    (tmp_path / "reference-separate.yaml").write_text(
        (SCENARIOS / "reference-separate.yaml").read_text()
    )
    return path


def test_a_totals_backlog_is_claims_to_send_and_aged_claims_to_chase(tmp_path: Path) -> None:
    # 40 claims of $250 aged 1-30 days (none past the follow-up age), 100 aged 91-150 (all).
    path = _with_opening(
        tmp_path, '  unsubmitted_claims: 200\n  ar_usd: {"0-30": 10000, "90+": 25000}\n'
    )
    scenario = load_scenario(path)
    assert scenario.policy.follow_up_age_days <= 90
    backlog = opening_backlog(scenario)
    assert (backlog.unsent_claims, backlog.aged_claims) == (200, 100)
    work = scenario.ic_work
    expected = 200 * work.claim_minutes.mean + 100 * work.follow_up_minutes.mean
    assert backlog.minutes == pytest.approx(expected)
    by_name = {load.name: load for load in person_loads(scenario)}
    coordinator = by_name["insurance_coordinator"]
    assert coordinator.backlog_minutes == pytest.approx(expected)
    assert by_name["office_manager"].backlog_minutes == 0
    spare = coordinator.paid_minutes - coordinator.demand_minutes
    assert spare > 0
    assert coordinator.days_to_clear == pytest.approx(expected / spare)
    assert role_backlog_days(scenario) == pytest.approx(expected / spare)
    line = summary_line(scenario)
    assert f"opening backlog {expected / 60:.1f} h once" in line
    assert f"clears in {expected / spare:.0f} working days" in line


def test_two_coordinators_share_the_backlog(tmp_path: Path) -> None:
    staff = (
        "staff:\n"
        "  - {name: office_manager, roles: [om]}\n"
        "  - {name: coordinator_a, roles: [ic]}\n"
        "  - {name: coordinator_b, roles: [ic]}\n"
    )
    path = _with_opening(tmp_path, "  unsubmitted_claims: 300\n", staff)
    scenario = load_scenario(path)
    loads = {load.name: load for load in person_loads(scenario)}
    total = opening_backlog(scenario).minutes
    assert loads["coordinator_a"].backlog_minutes == pytest.approx(total / 2)
    assert loads["coordinator_b"].backlog_minutes == pytest.approx(total / 2)
    spare = loads["coordinator_a"].spare_minutes + loads["coordinator_b"].spare_minutes
    assert role_backlog_days(scenario) == pytest.approx(total / spare)


def _from_export(as_of: date, follow_up_age: float) -> tuple[int, int]:
    """Unsent claims, and sent claims older than the follow-up age since sending, by hand."""
    unsent = aged = 0
    with (EXAMPLES / "open-claims.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["Date of Service"]:
                continue
            if not row["Date Sent"]:
                unsent += 1
            elif (as_of - parse_date(row["Date Sent"])).days > follow_up_age:
                aged += 1
    return unsent, aged


def test_the_consultant_case_has_a_backlog_one_person_never_clears() -> None:
    scenario = load_scenario(EXAMPLES / "client.yaml")
    unsent, aged = _from_export(scenario.opening.as_of, scenario.policy.follow_up_age_days)
    backlog = opening_backlog(scenario)
    assert (backlog.unsent_claims, backlog.aged_claims) == (unsent, aged)
    assert unsent == 120 and aged > 0
    (load,) = person_loads(scenario)
    assert load.share > 1 and load.spare_minutes == 0
    assert load.days_to_clear is None and role_backlog_days(scenario) is None
    assert "never clears in paid hours" in summary_line(scenario)


def test_no_opening_state_no_backlog() -> None:
    scenario = load_scenario(SCENARIOS / "reference-separate.yaml")
    assert opening_backlog(scenario).minutes == 0
    assert all(load.days_to_clear == 0 for load in person_loads(scenario))
    assert "backlog" not in summary_line(scenario)


def test_check_prints_the_backlog_apart(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = _with_opening(tmp_path, "  unsubmitted_claims: 200\n")
    assert main(["check", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "opening backlog, hours once" in printed
    assert "200 claims to send" in printed and "working days of spare time" in printed
    assert main(["check", str(SCENARIOS / "reference-separate.yaml")]) == 0
    assert "opening backlog" not in capsys.readouterr().out
