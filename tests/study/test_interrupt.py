"""Ctrl-C during a run stops it cleanly: exit status 130, a plain message, no results, no workers left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
    return found


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_ctrl_c_in_the_middle_of_a_pooled_run_leaves_nothing_behind(
    tmp_path: Path, short_separate: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run = subprocess.Popen(
        [sys.executable, "-m", "sim", "run", str(short_separate), "--reps", "1000", "--jobs", "2"]
        + ["--out", str(out), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not _children(run.pid):
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the replication pool never started"
        time.sleep(0.05)
    time.sleep(1.0)
    assert run.poll() is None, "the run ended before it could be interrupted"
    os.killpg(run.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    _stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert "stopped: no results were written" in stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []
    deadline = time.monotonic() + 10
    while _group_alive(run.pid):
        assert time.monotonic() < deadline, "pool workers outlived the interrupted run"
        time.sleep(0.1)
