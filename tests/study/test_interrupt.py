"""Ctrl-C during a run stops it cleanly: exit status 130, a plain message, no results, no workers left."""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.metadata
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures.process import _ExecutorManagerThread
from pathlib import Path

import pytest

import sim.__main__ as command_line
from sim.study.replications import run_all


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


def _interrupt_after_first_result(_done: int) -> None:
    raise KeyboardInterrupt


def test_an_interrupted_pool_has_closed_its_pipes_before_the_interrupt_reaches_the_caller() -> None:
    """A pool thread still closing its pipes when the interpreter exits races the exit hook
    that writes to them, and a traceback follows the clean stop message (seen once in CI)."""
    with pytest.raises(KeyboardInterrupt):
        run_all(abs, list(range(-200, 0)), jobs=2, progress=_interrupt_after_first_result)
    managers = [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)]
    assert managers == []


class _CtrlCWhileLoading(importlib.abc.MetaPathFinder):
    """Stands for a Ctrl-C pressed while the command line's libraries are still loading."""

    def find_spec(self, name: str, *_args: object) -> None:
        if name == "sim.cli":
            raise KeyboardInterrupt


def test_ctrl_c_while_the_command_line_loads_stops_plainly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "sim.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_CtrlCWhileLoading(), *sys.meta_path])
    assert command_line.run() == 130
    assert capsys.readouterr().err == "stopped: no results were written\n"


class _SigtermWhileLoading(importlib.abc.MetaPathFinder):
    """Stands for a SIGTERM (a service manager, `kill`) arriving while the libraries load,
    inside library code that swallows any Exception (as matplotlib's font cache read does)."""

    def find_spec(self, name: str, *_args: object) -> None:
        if name == "sim.cli":
            with contextlib.suppress(Exception):
                os.kill(os.getpid(), signal.SIGTERM)


def test_sigterm_while_the_command_line_loads_stops_plainly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "sim.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_SigtermWhileLoading(), *sys.meta_path])
    before = signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as a command starts
    try:
        assert command_line.run() == 143
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, before)
    assert capsys.readouterr().err == "stopped (terminated): no results were written\n"


def test_the_twohats_command_starts_where_a_ctrl_c_while_loading_is_caught() -> None:
    (command,) = importlib.metadata.entry_points(group="console_scripts", name="twohats")
    assert command.load() is command_line.run
