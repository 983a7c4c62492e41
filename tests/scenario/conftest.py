"""Shared helpers for the scenario and model tests: the bundled scenarios, changed copies, YAML files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
BUNDLED = sorted(SCENARIOS.glob("*.yaml"))


def bundled(name: str) -> Scenario:
    return load_scenario(SCENARIOS / f"{name}.yaml")


def with_changes(scenario: Scenario, **changes: object) -> Scenario:
    """A copy of `scenario` with top-level sections replaced and re-validated."""
    data = scenario.model_dump(mode="json", by_alias=True)
    data.update(changes)
    return Scenario.model_validate(data)


@pytest.fixture
def write_yaml(tmp_path: Path):
    """Write a mapping (or raw text) as a YAML file in a temporary folder."""

    def write(name: str, content: object) -> Path:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content))
        return path

    return write
