"""Choosing the number of replications: CI method with a look-ahead, independent of batching."""

from __future__ import annotations

import numpy as np

from sim.model.office import Replication
from sim.study.precision import look_ahead, near_zero, run_to_precision
from sim.study.stats import relative_half_width


def _fake(values: list[float]):
    """A batch runner whose replication k reports values[k] for KPI `x`."""

    def batch(numbers: range) -> dict[str, list[Replication]]:
        return {"s": [Replication(n, {"x": values[n]}, []) for n in numbers]}

    return batch


def _first_n_reaching(values: list[float], target: float, start: int) -> int:
    """Independent restatement: smallest n whose CI (and next 5) stay within the target."""
    ok = [
        relative_half_width(values[:n]) <= target if n >= 2 else False
        for n in range(len(values) + 1)
    ]
    for n in range(start, len(values) - 5):
        if all(ok[n : n + 6]):
            return n
    raise AssertionError("never reached")


def test_stops_at_the_look_ahead_checked_precision() -> None:
    values = list(np.random.default_rng(3).normal(100.0, 12.0, size=300))
    studies, outcome = run_to_precision(_fake(values), ["x"], 0.05, 200, start=5)
    expected = _first_n_reaching(values, 0.05, 5)
    assert outcome.reached
    assert outcome.replications_needed == expected
    assert outcome.replications_used == expected + 5
    assert len(studies["s"]) == outcome.replications_used


def test_batch_size_does_not_change_the_answer() -> None:
    values = list(np.random.default_rng(4).normal(50.0, 9.0, size=300))
    answers = {
        size: run_to_precision(_fake(values), ["x"], 0.05, 200, batch_size=size)[1]
        for size in (1, 7, 40)
    }
    assert len({(a.replications_needed, a.replications_used) for a in answers.values()}) == 1


def test_cap_is_respected_and_reported() -> None:
    values = list(np.random.default_rng(5).normal(10.0, 10.0, size=300))
    studies, outcome = run_to_precision(_fake(values), ["x"], 0.01, 30)
    assert not outcome.reached
    assert outcome.replications_needed is None
    assert len(studies["s"]) == 30


def test_near_zero_kpis_are_excluded_not_chased() -> None:
    values = [0.001 * (k % 3) for k in range(50)]
    _studies, outcome = run_to_precision(
        lambda r: {"s": [Replication(n, {"ar_over_90_share_end": values[n]}, []) for n in r]},
        ["ar_over_90_share_end"],
        0.05,
        50,
    )
    assert outcome.reached
    assert outcome.excluded_near_zero == ["s: ar_over_90_share_end"]
    assert near_zero("ar_over_90_share_end", 0.005)
    assert not near_zero("collected_usd", 50_000.0)


def test_look_ahead_grows_beyond_100() -> None:
    assert look_ahead(50) == 5
    assert look_ahead(400) == 20
