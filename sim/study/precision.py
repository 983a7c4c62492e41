"""How many replications: the confidence-interval method with a look-ahead (Hoad et al. 2010).

Replications are added until every headline KPI's 95% CI half-width is within `target` of
its mean, and stays there for a look-ahead of further replications, or until a cap. KPIs
whose mean is near zero (each KPI's `near_zero` scale in the registry) are left out of the
rule (a relative half-width means nothing there) and listed as such; their absolute CIs are
still reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sim.model.office import Replication
from sim.model.registry import registry
from sim.study.stats import available, relative_half_width

LOOK_AHEAD = 5
"""Hoad, Robinson & Davies's default look-ahead; it grows to 5% of n beyond 100 replications."""

MIN_REPLICATIONS = 5

Batch = Callable[[range], dict[str, list[Replication]]]


@dataclass
class Precision:
    """The outcome of the search: what was asked, needed and used."""

    target: float
    max_replications: int
    replications_needed: int | None = None
    replications_used: int = 0
    reached: bool = False
    worst: dict[str, float] = field(default_factory=dict)
    excluded_near_zero: list[str] = field(default_factory=list)

    def record(self) -> dict[str, object]:
        return {
            "target": self.target,
            "method": "confidence-interval method with look-ahead (Hoad, Robinson & Davies 2010)",
            "look_ahead": look_ahead(self.replications_needed or self.replications_used),
            "max_replications": self.max_replications,
            "replications_needed": self.replications_needed,
            "replications_used": self.replications_used,
            "reached": self.reached,
            "relative_half_width": {k: round(v, 4) for k, v in self.worst.items()},
            "excluded_near_zero": self.excluded_near_zero,
        }


def look_ahead(n: int) -> int:
    return LOOK_AHEAD if n <= 100 else math.floor(LOOK_AHEAD / 100 * n)


def near_zero(kpi: str, mean: float) -> bool:
    """Whether a KPI's mean is below its registered near-zero scale (sim/model/kpis.yaml)."""
    return abs(mean) < registry().near_zero_of(kpi)


def worst_precision(
    studies: Mapping[str, Sequence[Replication]], kpis: Sequence[str], n: int
) -> tuple[float, dict[str, float], list[str]]:
    """Largest relative half-width over scenarios and KPIs using the first n replications."""
    widths: dict[str, float] = {}
    excluded: list[str] = []
    for name, results in studies.items():
        for kpi in kpis:
            if kpi not in results[0].kpis:
                continue
            # Replications where the KPI has no basis (None) say nothing about its precision.
            values = available([r.kpis[kpi] for r in results[:n]])
            if not values or near_zero(kpi, sum(values) / len(values)):
                excluded.append(f"{name}: {kpi}")
                continue
            widths[f"{name}: {kpi}"] = relative_half_width(values)
    return max(widths.values(), default=0.0), widths, excluded


def run_to_precision(
    run_batch: Batch,
    kpis: Sequence[str],
    target: float,
    max_replications: int,
    start: int = MIN_REPLICATIONS,
    batch_size: int = 10,
) -> tuple[dict[str, list[Replication]], Precision]:
    """Add replications in batches; the answer depends only on the replications, not on batches."""
    outcome = Precision(target, max_replications)
    studies: dict[str, list[Replication]] = {}
    candidate: int | None = None
    n = max(2, min(start, max_replications)) - 1
    while n < max_replications:
        n += 1
        have = len(next(iter(studies.values()))) if studies else 0
        if n > have:
            more = run_batch(range(have, min(max_replications, max(n, have + batch_size))))
            for name, results in more.items():
                studies.setdefault(name, []).extend(results)
        width, _widths, _excluded = worst_precision(studies, kpis, n)
        if width > target:
            candidate = None
        elif candidate is None:
            candidate = n
        if candidate is not None and n >= candidate + look_ahead(candidate):
            outcome.replications_needed, outcome.reached = candidate, True
            break
    used = n
    kept = {name: results[:used] for name, results in studies.items()}
    _width, outcome.worst, outcome.excluded_near_zero = worst_precision(kept, kpis, used)
    outcome.replications_used = used
    return kept, outcome
