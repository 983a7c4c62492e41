"""The bench's Pyodide/native ratio: its arithmetic, its reasons for not measuring, and the
Node runner it reads (which loads the what-if page's own runtime)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sim.bench import pyodide
from sim.bench.pyodide import PyodideTiming, why_not_measured

ROOT = Path(__file__).resolve().parents[2]


def test_ratio_compares_the_least_time_of_each_side() -> None:
    timing = PyodideTiming((1.2, 0.9, 1.0), (0.6, 0.45, 0.5), 4.2)
    assert timing.ratio == pytest.approx(2.0)
    assert timing.describe() == "2.00 (0.90 s / 0.45 s; Pyodide starts in 4.2 s)"


def test_a_missing_runtime_is_named_not_timed(tmp_path: Path) -> None:
    reason = why_not_measured(tmp_path)
    assert reason is not None and reason.startswith("not measured:")
    assert "web/build.py" in reason or "node" in reason


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_node_runner_refuses_an_unknown_preset() -> None:
    if why_not_measured(ROOT):
        pytest.skip("the what-if runtime is not built (make site)")
    done = subprocess.run(
        ["node", str(pyodide.RUNNER), str(pyodide.WHATIF), "no-such-preset", "1", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "no preset called no-such-preset" in done.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_node_runner_times_each_replication_asked_for() -> None:
    if why_not_measured(ROOT):
        pytest.skip("the what-if runtime is not built (make site)")
    done = subprocess.run(
        ["node", str(pyodide.RUNNER), str(pyodide.WHATIF), "small-separate", "1", "0", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(measured["seconds"]) == 2
    assert all(seconds > 0 for seconds in measured["seconds"])
    assert measured["boot_seconds"] > 0
