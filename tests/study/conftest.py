"""Short scenarios so study-layer tests run in seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]


SHORT_STUDY = "study:\n  warm_up_days: 14\n  run_out_days: 120\n"
"""A short warm-up and run-out: these tests check the study's plumbing, not a settled office."""


def short_file(tmp_path: Path, base: str, days: int = 45) -> Path:
    """A copy of a bundled scenario cut to `days` days, with a short warm-up and run-out."""
    path = tmp_path / f"{base}.yaml"
    path.write_text(
        f"extends: {ROOT / 'scenarios' / (base + '.yaml')}\nhorizon_days: {days}\n{SHORT_STUDY}"
    )
    return path


@pytest.fixture
def short_separate(tmp_path: Path) -> Path:
    return short_file(tmp_path, "small-separate")


@pytest.fixture
def short_combined(tmp_path: Path) -> Path:
    return short_file(tmp_path, "small-combined")


@pytest.fixture
def short_scenario(short_separate: Path) -> Scenario:
    return load_scenario(short_separate)
