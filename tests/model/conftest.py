"""Shared helpers for the model tests: short replications of the bundled scenarios."""

from __future__ import annotations

from sim.model.office import Office
from sim.scenario.schema import Scenario
from tests.scenario.conftest import BUNDLED, SCENARIOS, bundled, with_changes

__all__ = ["BUNDLED", "SCENARIOS", "bundled", "run_office", "with_changes"]


def run_office(scenario: Scenario, seed: int = 1, replication: int = 0) -> Office:
    """Build and run one replication's office, kept whole so a test can look inside."""
    office = Office(scenario, seed, replication)
    office.run()
    return office
