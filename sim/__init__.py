"""Two Hats: a workload simulator of a dental front office, one floor on another.

    sim.scenario  the scenario schema, loading with `extends:`, distributions
    sim.model     one replication: the office, its parts, the KPI registry
    sim.study     replications, precision, comparisons, sweeps, statistics, validation
    sim.outputs   summary and daily files, charts, reports, number formatting, trace
    sim.site      the site's page generators (`python -m sim.site`); sim.cli is `twohats`

Each floor imports only from the floors below it. The public entry points are named here
and loaded on first use, so `import sim.model` stays free of the study floor's numerical
libraries (the browser build runs the model alone).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.model.office import simulate
    from sim.scenario.loading import load_scenario
    from sim.study.comparison import compare
    from sim.study.replications import replicate

__all__ = ["compare", "load_scenario", "replicate", "simulate"]

_HOMES = {
    "load_scenario": "sim.scenario.loading",
    "simulate": "sim.model.office",
    "replicate": "sim.study.replications",
    "compare": "sim.study.comparison",
}


def __getattr__(name: str) -> Any:
    """Load an entry point from its floor the first time it is asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
