"""Suite-wide setup: the tests extend the bundled scenarios by absolute path from temporary
folders, so they name `scenarios/` as an allowed root, as a user would with --allow-root."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.scenario.loading import ALLOW_ROOT_ENV

BUNDLED_SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


@pytest.fixture(autouse=True)
def _bundled_scenarios_may_be_extended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_ROOT_ENV, str(BUNDLED_SCENARIOS))


SLOWEST_FIRST = Path(__file__).with_name("slowest_first.yaml")
"""Test modules that take longest, slowest first (from `make test`'s --durations output)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Spread over several workers (`-n`), the slowest modules start first, so a long module
    does not begin last and run on one core while the other sits idle. The order of the tests
    within a module, and of every module not listed, is kept; a run on one core is unchanged."""
    if not hasattr(config, "workerinput"):  # set on pytest-xdist's workers only
        return
    listed = yaml.safe_load(SLOWEST_FIRST.read_text(encoding="utf-8")) or []
    rank = {module: place for place, module in enumerate(listed)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))
