"""Sweeps: reading --vary, applying dotted keys, the paired break-even and the CLI's files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.model.office import Replication
from sim.outputs.sweep_report import report_markdown
from sim.scenario.schema import Scenario
from sim.study.sweep import (
    SweepError,
    apply,
    break_even,
    net_benefit,
    parse_axis,
    parse_values,
)


def test_value_lists_and_ranges() -> None:
    assert parse_values("1,2,3") == (1, 2, 3)
    assert parse_values("1..6") == (1, 2, 3, 4, 5, 6)
    assert parse_values("0.5..2:0.5") == (0.5, 1.0, 1.5, 2.0)
    assert parse_values("om_first,protected_blocks") == ("om_first", "protected_blocks")
    assert parse_axis("om_work.interruptions_per_hour=2,4").key == "om_work.interruptions_per_hour"


@pytest.mark.parametrize("text", ["1..", "6..1", "1,,2", "a..b", "1..3:0"])
def test_bad_values_are_refused(text: str) -> None:
    with pytest.raises(SweepError):
        parse_values(text)


def test_dotted_keys_reach_into_lists(short_scenario: Scenario) -> None:
    changed = apply(short_scenario, {"practice.providers.0.count": 4})
    assert changed.practice.providers[0].count == 4
    assert short_scenario.practice.providers[0].count == 1


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"practice.dentists": 2}, "no key 'dentists'"),
        ({"practice.providers.9.count": 2}, "not an index"),
        ({"practice.providers.0.count": -1}, "invalid scenario"),
        ({"horizon_days.x": 1}, "single value"),
    ],
)
def test_bad_keys_and_values_say_what_is_wrong(
    short_scenario: Scenario, settings: dict, words: str
) -> None:
    with pytest.raises(SweepError, match=words):
        apply(short_scenario, settings)


def _kpis(staff: float, written_off: float, waiting: float, collected: float) -> dict:
    return {
        "staff_cost_usd": staff,
        "cohort_written_off_usd": written_off,
        "cohort_unresolved_usd": 0.0,
        "cohort_cash_wait_cost_usd": waiting,
        "cohort_collected_usd": collected,
    }


def test_net_benefit_weighs_wages_against_losses() -> None:
    separate = _kpis(100_000, 1_000, 10_000, 900_000)
    combined = _kpis(60_000, 11_000, 20_000, 890_000)
    parts = net_benefit(separate, combined)
    assert parts["write_offs_avoided_usd"] == 10_000
    assert parts["cash_gained_usd"] == 10_000
    assert parts["late_cash_cost_avoided_usd"] == pytest.approx(10_000)
    assert parts["extra_staff_cost_usd"] == 40_000
    assert parts["net_benefit_usd"] == pytest.approx(-20_000)


def test_break_even_is_the_smallest_paying_value() -> None:
    rows = [
        {"point": {"n": n}, "net_benefit_usd": {"mean": m, "ci95": [m, m], "distinguishable": True}}
        for n, m in ((3, 5.0), (1, -10.0), (2, 1.0))
    ]
    assert break_even(rows, ["n"])[0]["value"] == 2
    never = [{**r, "net_benefit_usd": {**r["net_benefit_usd"], "mean": -1.0}} for r in rows]
    assert break_even(never, ["n"])[0]["value"] is None


def test_break_even_is_found_for_each_value_of_a_second_key() -> None:
    means = {(1, "low"): -5.0, (2, "low"): 3.0, (1, "high"): 1.0, (2, "high"): 4.0}
    means |= {(1, "none"): -2.0, (2, "none"): -1.0}
    rows = [
        {
            "point": {"n": n, "load": load},
            "net_benefit_usd": {"mean": m, "ci95": [m, m], "distinguishable": True},
        }
        for (n, load), m in means.items()
    ]
    found = {entry["given"]["load"]: entry["value"] for entry in break_even(rows, ["n", "load"])}
    assert found == {"low": 2, "high": 1, "none": None}


def _report_point(n: int, net: float, unresolved: float) -> dict:
    mean = {"mean": 0.0}
    return {
        "point": {"n": n},
        "net_benefit_usd": {"mean": net, "ci95": [net, net], "distinguishable": True},
        "write_offs_avoided_usd": mean,
        "unresolved_avoided_usd": {"mean": unresolved},
        "cash_gained_usd": mean,
        "late_cash_cost_avoided_usd": mean,
        "extra_staff_cost_usd": mean,
    }


def _report(points: list[dict]) -> str:
    analysis = {
        "keys": ["n"],
        "options": ["separate", "combined"],
        "late_cash_annual_rate": 0.08,
        "break_even": {
            "separate vs combined": {"break_even": break_even(points, ["n"]), "points": points}
        },
    }
    return report_markdown(analysis, reps=2, seed=1)


def test_report_flags_claims_left_unresolved_at_the_run_out_cap() -> None:
    flagged = _report([_report_point(1, -5_000.0, 2_000.0), _report_point(2, 9_000.0, 0.0)])
    assert "At 1 of 2 points" in flagged and "run_out_days" in flagged
    quiet = _report([_report_point(1, -5_000.0, 0.0), _report_point(2, 9_000.0, 0.0)])
    assert "run_out_days" not in quiet


def test_sweep_cli_writes_tidy_csv_charts_and_report(
    tmp_path: Path, short_separate: Path, short_combined: Path
) -> None:
    out = tmp_path / "out"
    status = main(
        [
            "sweep",
            str(short_separate),
            str(short_combined),
            "--vary",
            "practice.providers.0.count=1,2",
            "--reps",
            "2",
            "--jobs",
            "2",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert status == 0
    (folder,) = out.iterdir()
    names = {p.name for p in folder.iterdir()}
    assert {"sweep.csv", "sweep.json", "break_even.md", "net_benefit.png"} <= names
    rows = list(csv.DictReader((folder / "sweep.csv").open()))
    assert {r["option"] for r in rows} == {"small-separate", "small-combined"}
    assert {r["practice.providers.0.count"] for r in rows} == {"1", "2"}
    record = json.loads((folder / "sweep.json").read_text())
    (pair,) = record["break_even"].values()
    assert len(pair["points"]) == 2
    assert (
        "break-even" in (folder / "break_even.md").read_text()
        or "no swept value" in (folder / "break_even.md").read_text()
    )


def test_sweep_over_two_keys_covers_the_grid_and_reports_per_second_value(
    tmp_path: Path, short_separate: Path, short_combined: Path
) -> None:
    out = tmp_path / "out"
    status = main(
        ["sweep", str(short_separate), str(short_combined)]
        + ["--vary", "practice.providers.0.count=1,2"]
        + ["--vary", "om_work.interruptions_per_hour=0,3"]
        + ["--reps", "2", "--jobs", "2", "--out", str(out), "--quiet"]
    )
    assert status == 0
    (folder,) = out.iterdir()
    rows = list(csv.DictReader((folder / "sweep.csv").open()))
    grid = {
        (r["option"], r["practice.providers.0.count"], r["om_work.interruptions_per_hour"])
        for r in rows
    }
    assert len(grid) == 2 * 2 * 2
    record = json.loads((folder / "sweep.json").read_text())
    (pair,) = record["break_even"].values()
    assert len(pair["points"]) == 4
    givens = [entry["given"] for entry in pair["break_even"]]
    assert sorted(g["om_work.interruptions_per_hour"] for g in givens) == [0, 3]
    report = (folder / "break_even.md").read_text()
    assert "om_work.interruptions_per_hour" in report


def test_sweep_options_share_random_numbers(short_separate: Path, tmp_path: Path) -> None:
    """Same practice, same seed: visits and claims are identical across options (CRN)."""
    from sim.scenario.loading import load_scenario
    from sim.study.sweep import run_point_replication

    scenario = load_scenario(short_separate)
    other = apply(scenario, {"staff.1.hourly_cost_usd": 30})
    a: Replication = run_point_replication((scenario.model_dump(mode="json", by_alias=True), 3, 1))
    b: Replication = run_point_replication((other.model_dump(mode="json", by_alias=True), 3, 1))
    assert a.kpis["visits"] == b.kpis["visits"]
    assert a.kpis["claims_created"] == b.kpis["claims_created"]
    assert a.kpis["staff_cost_usd"] < b.kpis["staff_cost_usd"]


@pytest.mark.parametrize(
    "vary",
    ["practice.nope=1,2", "practice.providers.0.count=a..b", "horizon_days"],
)
def test_sweep_cli_refuses_bad_input_with_status_2(
    short_separate: Path, tmp_path: Path, vary: str, capsys: pytest.CaptureFixture
) -> None:
    status = main(["sweep", str(short_separate), "--vary", vary, "--out", str(tmp_path), "--quiet"])
    assert status == 2
    assert "error:" in capsys.readouterr().err
    assert not any(tmp_path.glob("sweep-*"))


def test_a_key_both_varied_and_set_is_refused(
    short_separate: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["sweep", str(short_separate), "--vary", "horizon_days=10,20", "--set"]
    status = main([*argv, "horizon_days=2", "--out", str(tmp_path), "--quiet"])
    assert status == 2
    assert "horizon_days is given to both --vary and --set" in capsys.readouterr().err
    assert not any(tmp_path.glob("sweep-*"))


def test_a_sweep_of_one_option_has_no_empty_benefit_chart(
    short_separate: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    argv = ["sweep", str(short_separate), "--vary", "practice.providers.0.count=1,2"]
    assert main([*argv, "--reps", "2", "--out", str(tmp_path), "--quiet"]) == 0
    (folder,) = tmp_path.glob("sweep-*")
    assert not (folder / "net_benefit.png").exists()
    assert (folder / "collected_usd.png").exists()
    assert "Warning" not in capsys.readouterr().err
