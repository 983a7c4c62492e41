"""`twohats check` and the workload summary: demand against hours, and what cannot fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario.loading import load_scenario
from sim.scenario.workload import (
    person_loads,
    role_loads,
    summary_line,
    unstaffed_roles,
    verdict,
)

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def test_one_person_with_both_hats_cannot_fit_the_reference_practice() -> None:
    scenario = load_scenario(SCENARIOS / "reference-combined.yaml")
    (load,) = person_loads(scenario)
    assert load.share > load.share_before_interruptions > 1.0
    assert "cannot fit" in summary_line(scenario)


def test_separate_roles_fit() -> None:
    scenario = load_scenario(SCENARIOS / "reference-separate.yaml")
    assert all(verdict(load.share) != "cannot fit" for load in person_loads(scenario))
    assert "cannot fit" not in summary_line(scenario)


@pytest.mark.parametrize(("share", "word"), [(0.5, "fits"), (0.9, "tight"), (1.01, "cannot fit")])
def test_verdict_thresholds(share: float, word: str) -> None:
    assert verdict(share) == word


def test_a_role_nobody_holds_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "no-ic.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'reference-separate.yaml'}\n"
        "staff:\n  - name: office_manager\n    roles: [om]\n"
    )
    scenario = load_scenario(path, [SCENARIOS])
    assert unstaffed_roles(scenario) == ["ic"]
    assert "nobody holds the ic role" in summary_line(scenario)


def test_check_command_exit_status_says_whether_it_fits(capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(SCENARIOS / "reference-separate.yaml")]) == 0
    assert main(["check", str(SCENARIOS / "reference-combined.yaml")]) == 1
    printed = capsys.readouterr().out
    assert "CANNOT FIT" in printed and "office_manager" in printed


def test_check_command_bad_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("staff: []\nhorizon_days: -3\n")
    assert main(["check", str(path)]) == 2
    assert "horizon_days" in capsys.readouterr().err


def test_check_shows_what_the_insurance_hours_are_made_of(capsys: pytest.CaptureFixture) -> None:
    """Each kind of insurance work in plain words, largest first, adding up to the role's
    task hours, so a consultant can question each part of the total with the client."""
    scenario = load_scenario(SCENARIOS / "reference-separate.yaml")
    main(["check", str(SCENARIOS / "reference-separate.yaml")])
    printed = capsys.readouterr().out
    table = printed.split("insurance work by kind, hours a day")[1].split("all insurance tasks")
    rows = [line.split("│")[1:3] for line in table[0].splitlines() if line.count("│") == 4]
    assert {w.strip() for w, _h in rows} >= {"Sending claims", "Appeals", "Posting payments"}
    hours = [float(h) for _w, h in rows]
    assert hours == sorted(hours, reverse=True)
    total = float(table[1].split("│")[1])
    assert total == pytest.approx(role_loads(scenario)["ic"].task_minutes / 60, abs=0.05)
    assert sum(hours) == pytest.approx(total, abs=0.05 * len(hours))


def test_the_verdict_words_follow_the_thresholds(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """The sentence that explains the verdicts is written from the thresholds the verdicts use,
    in the check and in the report alike (no percentage typed beside them)."""
    from sim.scenario import workload

    monkeypatch.setattr(workload, "TIGHT_SHARE", 0.7)
    assert verdict(0.75) == "tight"
    assert workload.verdict_scale().startswith("Above 70% is tight; above 100% ")
    main(["check", str(SCENARIOS / "reference-separate.yaml")])
    printed = " ".join(capsys.readouterr().out.split())
    assert "Above 70% is tight" in printed
    template = Path(workload.__file__).parents[1] / "outputs" / "templates" / "report.html.j2"
    assert "85%" not in template.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("docs/evidence/index.md", "there is slack for a bad day"),
        ("docs/consultants/staffing-options.md", "the check calls the load tight"),
        ("docs/_data/assumptions.yaml", "at which the workload check calls a load tight"),
    ],
)
def test_hand_written_pages_state_the_tight_line_the_check_uses(page: str, words: str) -> None:
    """Pages written by hand cannot print TIGHT_SHARE, so they are held to it here."""
    from sim.scenario.workload import TIGHT_SHARE

    text = " ".join((SCENARIOS.parent / page).read_text(encoding="utf-8").split())
    assert words in text, page
    sentence = next(s for s in text.split(". ") if words in s)
    assert f"{TIGHT_SHARE:.0%}" in sentence, sentence


def _with_staff(tmp_path: Path, name: str, staff: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"extends: {SCENARIOS / 'reference-separate.yaml'}\nstaff:\n{staff}")
    return path


def test_a_persons_speed_factor_scales_their_load(tmp_path: Path) -> None:
    """The model multiplies every item of a role by the person's speed_factor for it
    (interruptions included); the check must too, or a fitted office is called unable to fit."""
    both = "  - name: office_manager\n    roles: [om, ic]\n    overflow: null\n"
    plain = load_scenario(_with_staff(tmp_path, "plain", both), [SCENARIOS])
    fast = load_scenario(
        _with_staff(tmp_path, "fast", both + "    speed_factor: {ic: 0.4}\n"), [SCENARIOS]
    )
    roles = role_loads(plain)
    (slow_load,), (fast_load,) = person_loads(plain), person_loads(fast)
    assert slow_load.demand_minutes == pytest.approx(
        roles["om"].total_minutes + roles["ic"].total_minutes
    )
    assert fast_load.demand_minutes == pytest.approx(
        roles["om"].total_minutes + 0.4 * roles["ic"].total_minutes
    )
    assert fast_load.interruption_minutes == pytest.approx(
        roles["om"].interruption_minutes + 0.4 * roles["ic"].interruption_minutes
    )
    assert fast_load.backlog_minutes < slow_load.backlog_minutes or slow_load.backlog_minutes == 0


def test_overflow_moves_work_not_minutes_between_speeds(tmp_path: Path) -> None:
    """A slow coordinator's excess is work the helper does at the helper's own speed."""
    staff = (
        "  - name: office_manager\n    roles: [om]\n    overflow: {role: ic}\n"
        "    speed_factor: {ic: 0.5}\n"
        "  - name: insurance_coordinator\n    roles: [ic]\n    hours_per_day: 4\n"
        "    speed_factor: {ic: 2.0}\n"
    )
    scenario = load_scenario(_with_staff(tmp_path, "overflow", staff), [SCENARIOS])
    roles = role_loads(scenario)
    loads = {load.name: load for load in person_loads(scenario)}
    coordinator, manager = loads["insurance_coordinator"], loads["office_manager"]
    assert coordinator.demand_minutes == pytest.approx(coordinator.paid_minutes)
    work_left = roles["ic"].total_minutes - coordinator.paid_minutes / 2.0
    assert manager.demand_minutes == pytest.approx(roles["om"].total_minutes + 0.5 * work_left)
