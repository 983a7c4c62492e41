"""`twohats sensitivity`: inputs ranked by their effect on the paired net benefit (Morris)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def options(tmp_path: Path) -> list[Path]:
    for name in ("small-separate", "small-combined"):
        (tmp_path / f"{name}.yaml").write_text((SCENARIOS / f"{name}.yaml").read_text())
    files = []
    for name in ("separate", "combined"):
        path = tmp_path / f"{name}.yaml"
        # A 60-day warm-up: the default 399 days was most of each run, and the ranking below
        # keeps its margin (wage mu* 68 times the interruption share's, either way).
        path.write_text(
            f"extends: small-{name}.yaml\nname: {name}\nhorizon_days: 30\n"
            "study:\n  warm_up_days: 60\n"
        )
        files.append(path)
    return files


def test_the_coordinators_wage_ranks_first_and_lowers_the_net_benefit(
    options: list[Path], tmp_path: Path
) -> None:
    """Only the separate option pays a coordinator: every dollar of wage is a dollar of extra
    staff cost, while the front desk's interruption share moves the net benefit little."""
    args = ["sensitivity", *map(str, options), "--trajectories", "3", "--reps", "2"]
    args += ["--vary", "staff.1.hourly_cost_usd=15..35"]
    args += ["--vary", "practice.front_desk.interruption_share=0.4..0.6"]
    out = tmp_path / "out"
    assert main([*args, "--jobs", "2", "--quiet", "--out", str(out)]) == 0
    record = json.loads((out / "sensitivity-separate-combined" / "sensitivity.json").read_text())
    first, second = record["inputs"]
    assert first["key"] == "staff.1.hourly_cost_usd"
    assert first["mu_usd"] < 0 and first["beyond_noise"]
    assert first["sigma_usd"] < 0.05 * first["mu_star_usd"]  # a wage adds cost in a line
    assert first["mu_star_usd"] > second["mu_star_usd"]
    assert record["settings"] == 3 * 3
    csv_lines = (out / "sensitivity-separate-combined" / "sensitivity.csv").read_text().splitlines()
    assert csv_lines[1].startswith("1,staff.1.hourly_cost_usd,")


def test_a_key_no_option_has_is_refused(options: list[Path], capsys: pytest.CaptureFixture) -> None:
    args = ["sensitivity", *map(str, options), "--vary", "staff.5.hourly_cost_usd=1..2"]
    assert main([*args, "--quiet", "--out", str(options[0].parent / "out")]) == 2
    assert "staff" in capsys.readouterr().err
