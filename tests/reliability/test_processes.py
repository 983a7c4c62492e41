"""No orphans: pool workers die with the CLI (kill -9 or SIGTERM); SIGTERM stops a run like
Ctrl-C; Ctrl-C works even when the CLI inherits SIGINT as ignored (a background job)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.study.conftest import short_file
from tests.study.test_interrupt import _children

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc and uses Linux signals"
)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _start(tmp_path: Path, ignore_sigint: bool = False) -> tuple[subprocess.Popen, list[int]]:
    """A pooled run with two workers, once both are up; returns the run and the workers."""
    scenario = short_file(tmp_path, "small-separate")
    out = tmp_path / "out"
    out.mkdir()

    def ignore() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    run = subprocess.Popen(
        [sys.executable, "-m", "sim", "run", str(scenario), "--reps", "1000", "--jobs", "2"]
        + ["--out", str(out), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=ignore if ignore_sigint else None,
    )
    deadline = time.monotonic() + 60
    while len(workers := _children(run.pid)) < 2:
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the replication pool never started"
        time.sleep(0.05)
    time.sleep(1.0)
    assert run.poll() is None, "the run ended before it could be stopped"
    return run, workers


def _gone(pids: list[int], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            for pid in pids:  # clean up what the test started, then fail
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)
            return False
        time.sleep(0.1)
    return True


def test_workers_die_when_the_cli_is_killed(tmp_path) -> None:
    run, workers = _start(tmp_path)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)  # not communicate(): orphans would hold its pipes open
    assert _gone(workers), "pool workers outlived a kill -9 of the CLI"
    run.communicate(timeout=30)
    assert list((tmp_path / "out").iterdir()) == []


def test_sigterm_stops_like_ctrl_c(tmp_path) -> None:
    run, workers = _start(tmp_path)
    os.kill(run.pid, signal.SIGTERM)  # the CLI only, as a service manager would
    try:
        _stdout, stderr = run.communicate(timeout=60)
    except BaseException:
        _gone(workers, 0)  # leave no process of this test behind, then fail
        raise
    assert run.returncode == 143, stderr
    assert "no results were written" in stderr and "Traceback" not in stderr
    assert list((tmp_path / "out").iterdir()) == []
    assert _gone(workers), "pool workers outlived a SIGTERM of the CLI"


def test_ctrl_c_works_when_sigint_was_inherited_as_ignored(tmp_path) -> None:
    run, workers = _start(tmp_path, ignore_sigint=True)
    os.killpg(run.pid, signal.SIGINT)
    _stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "stopped: no results were written" in stderr and "Traceback" not in stderr
    assert list((tmp_path / "out").iterdir()) == []
    assert _gone(workers)
