"""Shared helpers for the model tests: short replications of the bundled scenarios."""

from __future__ import annotations

from collections import OrderedDict

from sim.model.office import Office, Replication, simulate
from sim.scenario.schema import Scenario
from tests.scenario.conftest import BUNDLED, SCENARIOS, bundled, with_changes

__all__ = ["BUNDLED", "SCENARIOS", "bundled", "run_office", "simulated", "with_changes"]

_RUNS: OrderedDict[tuple[str, int, int], Replication] = OrderedDict()
_KEPT_RUNS = 128


def run_office(scenario: Scenario, seed: int = 1, replication: int = 0) -> Office:
    """Build and run one replication's office, kept whole so a test can look inside."""
    office = Office(scenario, seed, replication)
    office.run()
    return office


def simulated(scenario: Scenario, seed: int, replication: int) -> Replication:
    """`simulate`, remembered for the test process: a replication is fixed by its scenario, seed
    and number, so a test that reads several KPIs of the same paired runs simulates them once."""
    key = (scenario.model_dump_json(), seed, replication)
    if key in _RUNS:
        _RUNS.move_to_end(key)
        return _RUNS[key]
    result = _RUNS[key] = simulate(scenario, seed, replication)
    if len(_RUNS) > _KEPT_RUNS:
        _RUNS.popitem(last=False)
    return result
