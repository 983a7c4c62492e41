"""`sim` names its entry points, and importing the model does not load the study floor."""

from __future__ import annotations

import subprocess
import sys

import sim
from sim.model.office import simulate
from sim.scenario.loading import load_scenario
from sim.study.comparison import compare
from sim.study.replications import replicate


def test_entry_points_are_the_floors_own() -> None:
    assert sorted(sim.__all__) == ["compare", "load_scenario", "replicate", "simulate"]
    assert sim.load_scenario is load_scenario
    assert sim.simulate is simulate
    assert sim.replicate is replicate
    assert sim.compare is compare


def test_importing_the_model_leaves_the_study_floor_unloaded() -> None:
    code = (
        "import sys, sim.model.office; "
        "print(sorted(m for m in sys.modules if m.startswith(('sim.study', 'scipy', 'numpy'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
