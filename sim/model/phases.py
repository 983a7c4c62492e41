"""The phases of a run: a warm-up, the measured window, and a run-out that follows its claims.

An office is a non-terminating system: measured from an empty start it flatters everyone, and
measured up to a fixed day it cuts off the fate of the claims still in flight. The clock counts
from the first warm-up day; the window is the scenario's horizon after it, and the run-out
(no new visits) lasts until every claim of the window is closed, or its cap.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.schema import Scenario

WARM_UP, WINDOW, RUN_OUT = "warm_up", "window", "run_out"


@dataclass(frozen=True)
class Phases:
    """Where the warm-up, the window and the run-out lie, in simulated days from day 0."""

    warm_up_days: int
    window_days: int
    run_out_days: int

    @classmethod
    def of(cls, scenario: Scenario) -> Phases:
        return cls(scenario.warm_up_days, scenario.horizon_days, scenario.study.run_out_days)

    @property
    def start(self) -> int:
        """First day of the window."""
        return self.warm_up_days

    @property
    def end(self) -> int:
        """First day after the window."""
        return self.warm_up_days + self.window_days

    @property
    def last(self) -> int:
        """First day after the longest run-out: nothing is simulated from it on."""
        return self.end + self.run_out_days

    def phase(self, day: int) -> str:
        if day < self.start:
            return WARM_UP
        return WINDOW if day < self.end else RUN_OUT

    def in_window(self, service_day: float) -> bool:
        return self.start <= service_day < self.end
