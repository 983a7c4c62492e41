"""Same scenario and seed give byte-identical results; a different seed or scenario does not."""

from __future__ import annotations

from pathlib import Path

from sim.cli import main
from tests.sim.conftest import SCENARIOS


def short_scenario(write_yaml) -> Path:
    """A 90-day window after a 60-day warm-up (the default 399 days was most of each run's
    time, and the bytes compared come from every phase whatever its length)."""
    return write_yaml(
        "short.yaml",
        {
            "extends": str(SCENARIOS / "small-combined.yaml"),
            "name": "short",
            "horizon_days": 90,
            "study": {"warm_up_days": 60},
        },
    )


def run(path: Path, out: Path, seed: int, jobs: int) -> dict[str, bytes]:
    args = [
        "run",
        str(path),
        "--reps",
        "3",
        "--seed",
        str(seed),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
        "--quiet",
    ]
    assert main(args) == 0
    return run_folder(out / "short")


def run_folder(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_identical_bytes_whatever_the_jobs(write_yaml, tmp_path: Path) -> None:
    path = short_scenario(write_yaml)
    first = run(path, tmp_path / "a", seed=3, jobs=1)
    second = run(path, tmp_path / "b", seed=3, jobs=2)
    assert set(first) >= {
        "summary.json",
        "daily.csv",
        "unsubmitted_backlog.png",
        "ar_aging.png",
        "write_offs_by_reason.png",
        "cumulative_cash.png",
    }
    assert first == second


def test_different_seed_changes_results(write_yaml, tmp_path: Path) -> None:
    path = short_scenario(write_yaml)
    first = run(path, tmp_path / "a", seed=3, jobs=1)
    other = run(path, tmp_path / "b", seed=4, jobs=1)
    for name in ("summary.json", "daily.csv", "cumulative_cash.png"):
        assert first[name] != other[name], name


def test_rerun_keeps_the_earlier_folder_and_force_replaces_it_whole(
    write_yaml, tmp_path: Path
) -> None:
    """Issue 15: a rerun never deletes a file silently; --force replaces only our own files."""
    path = short_scenario(write_yaml)
    out = tmp_path / "out"
    first = run(path, out, seed=3, jobs=1)
    (out / "short" / "stale.txt").write_text("old")
    assert main(["run", str(path), "--reps", "3", "--seed", "3", "--out", str(out), "--quiet"]) == 0
    assert (out / "short" / "stale.txt").read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == ["short", "short-2"]
    force = ["run", str(path), "--reps", "3", "--seed", "3", "--out", str(out), "--force"]
    assert main([*force, "--quiet", "--jobs", "1"]) == 2
    assert (out / "short" / "stale.txt").read_text() == "old"
    (out / "short" / "stale.txt").unlink()
    assert main([*force, "--quiet", "--jobs", "1"]) == 0
    assert run_folder(out / "short") == first
