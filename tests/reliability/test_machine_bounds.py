"""A scenario that validates also fits the machine: one replication's memory and time are
estimated from its volumes and a scenario over the limit is refused when it is checked
(command line and what-if page alike); running out of memory anyway is a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from sim import whatif
from sim.cli import main
from sim.scenario.schema import MAX_PROVIDER_GROUPS
from sim.scenario.size import MAX_REPLICATION_BYTES, gigabytes
from tests.reliability.conftest import GOOD, refused

HUGE = GOOD.replace("horizon_days: 30", "horizon_days: 365") + (
    "practice:\n  providers:\n"
    "    - {kind: dentist, count: 50, visits_per_day: 60}\n"
    "    - {kind: hygienist, count: 50, visits_per_day: 60}\n"
)
"""Issue 29's practice: 5.5 GB and 111 s for one replication before the estimate."""


@pytest.fixture
def huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.yaml"
    path.write_text(HUGE)
    return path


@pytest.mark.parametrize("command", ["validate", "check", "run"])
def test_a_practice_that_would_exhaust_memory_is_refused_with_the_estimate(
    capsys, tmp_path, huge, command
) -> None:
    extra = ["--out", str(tmp_path / "out"), "--reps", "1"] if command == "run" else []
    err = refused(capsys, command, str(huge), *extra)
    assert str(huge) in err and "GB of memory" in err
    assert f"at most {gigabytes(MAX_REPLICATION_BYTES)}" in err
    assert not (tmp_path / "out").exists()


def test_a_practice_within_the_limit_still_validates(capsys, tmp_path) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(
        GOOD + "practice:\n  providers:\n    - {kind: dentist, count: 20, visits_per_day: 20}\n"
    )
    assert main(["validate", str(path)]) == 0


def test_the_page_refuses_it_too() -> None:
    scenario = yaml.safe_load(HUGE)
    reply = json.loads(whatif.check(json.dumps(scenario), "huge"))
    (problem,) = reply["problems"]
    assert "GB of memory" in problem["message"]


def test_the_providers_list_is_bounded(capsys, tmp_path) -> None:
    groups = "".join(
        "    - {kind: dentist, count: 1, visits_per_day: 1}\n"
        for _ in range(MAX_PROVIDER_GROUPS + 1)
    )
    path = tmp_path / "many.yaml"
    path.write_text(GOOD + "practice:\n  providers:\n" + groups)
    err = refused(capsys, "validate", str(path))
    assert "practice.providers" in err and str(MAX_PROVIDER_GROUPS) in err


@pytest.mark.parametrize("error", [MemoryError, "broken"])
def test_running_out_of_memory_is_a_message_not_a_traceback(
    capsys, tmp_path, monkeypatch, error
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD)

    def exhausted(*_args, **_kwargs):
        raise MemoryError() if error is MemoryError else BrokenProcessPool("killed")

    monkeypatch.setattr("sim.cli.replicate.run_all", exhausted)
    err = refused(capsys, "run", str(path), "--reps", "1", "--out", str(tmp_path / "out"))
    assert "memory" in err and "no results were written" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_replications_side_by_side_must_fit_the_free_memory(
    capsys, tmp_path, monkeypatch, command
) -> None:
    """Each replication fits, but --jobs of them at once would not: refused before anything
    runs, with the estimate, what the machine has free and the --jobs that fits."""
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD)
    monkeypatch.setattr("sim.cli.common.available_memory", lambda: 400_000_000)

    def no_study(*_args, **_kwargs):
        raise AssertionError("the study ran")

    monkeypatch.setattr("sim.cli.replicate.run_all", no_study)
    monkeypatch.setattr("sim.cli.sweep.run_all", no_study)
    extra = ["--vary", "horizon_days=20,30"] if command == "sweep" else []
    argv = [command, str(path), *extra, "--reps", "4", "--jobs", "4", "--out", str(tmp_path)]
    err = refused(capsys, *argv)
    assert "4 replications at once would need about 0.6 GB" in err
    assert "this machine has 0.4 GB free: give --jobs 2 or fewer" in err
