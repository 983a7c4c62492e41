"""Suite-wide setup: the tests extend the bundled scenarios by absolute path from temporary
folders, so they name `scenarios/` as an allowed root, as a user would with --allow-root."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario.loading import ALLOW_ROOT_ENV

BUNDLED_SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture(autouse=True)
def _bundled_scenarios_may_be_extended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_ROOT_ENV, str(BUNDLED_SCENARIOS))
