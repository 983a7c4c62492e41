"""What tests/sim/test_reproducibility.py still imports from here, until it moves to tests/study."""

from __future__ import annotations

from tests.scenario.conftest import SCENARIOS, write_yaml

__all__ = ["SCENARIOS", "write_yaml"]
