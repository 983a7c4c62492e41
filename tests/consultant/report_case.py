"""A tiny compare folder and its report, built with the CLI, for the report tests here and in
tests/site (two small scenarios, 40 days after a 14-day warm-up, 2 replications, one worker)."""

from __future__ import annotations

from pathlib import Path

from sim.cli import main

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
OPTIONS = ("small-separate", "small-combined")
HORIZON_DAYS = 40
REPLICATIONS = 2


def scenario_files(where: Path) -> list[Path]:
    """Short-horizon copies of the two small bundled options."""
    files = []
    for name in OPTIONS:
        path = where / f"{name}.yaml"
        path.write_text(
            f"extends: {SCENARIOS / name}.yaml\nhorizon_days: {HORIZON_DAYS}\n"
            "study:\n  warm_up_days: 14\n  run_out_days: 120\n"  # plumbing, not a settled office
        )
        files.append(path)
    return files


def compare_folder(where: Path) -> Path:
    """`twohats compare` of the two options into `where`/out; returns the results folder."""
    files = [str(p) for p in scenario_files(where)]
    out = where / "out"
    args = ["compare", *files, "--reps", str(REPLICATIONS), "--jobs", "1", "--seed", "7"]
    status = main([*args, "--out", str(out), "--quiet", "--allow-root", str(SCENARIOS)])
    assert status == 0
    return out / f"compare-{'-'.join(OPTIONS)}"


def report(folder: Path, out: Path, *extra: str) -> int:
    """`twohats report FOLDER --out OUT`; the exit status."""
    return main(["report", str(folder), "--out", str(out), *extra])


def sweep_folder(where: Path) -> Path:
    """`twohats sweep` of the two options over 1 and 2 dentists into `where`/sweep."""
    files = [str(p) for p in scenario_files(where)]
    out = where / "sweep"
    args = ["sweep", *files, "--vary", "practice.providers.0.count=1,2", "--reps", "2"]
    args += ["--jobs", "1", "--seed", "5", "--out", str(out), "--quiet"]
    assert main([*args, "--allow-root", str(SCENARIOS)]) == 0
    return out / f"sweep-{'-'.join(OPTIONS)}-practice_providers_0_count"
