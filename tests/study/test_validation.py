"""The simulator against closed forms it did not produce (M/M/1, M/M/c, Little's law)."""

from __future__ import annotations

import math

import pytest

from sim.scenario.loading import load_scenario
from sim.study.validation import CASES, Case, erlang_c, little_backlog, mm1, mmc

SCENARIOS = "scenarios"


def test_erlang_c_matches_published_reference() -> None:
    assert erlang_c(14, 10.0) == pytest.approx(0.17413, abs=5e-6)
    wq_minutes = erlang_c(14, 10.0) * 3.0 / (14 - 10.0)
    assert wq_minutes * 60 == pytest.approx(7.836, abs=1e-3)


def test_erlang_c_with_one_server_is_utilisation() -> None:
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    assert mmc(0.7, 1.0, 1).wq == pytest.approx(mm1(0.7, 1.0).wq)


def test_mm2_reference_values() -> None:
    figures = mmc(1.5, 1.0, 2)
    assert figures.p_wait == pytest.approx(0.6429, abs=1e-4)
    assert figures.wq == pytest.approx(1.2857, abs=1e-4)


def test_mm1_closed_form() -> None:
    figures = mm1(0.9, 1.0)
    assert figures.wq == pytest.approx(9.0)
    assert figures.lq == pytest.approx(8.1)


def test_unstable_queue_is_refused() -> None:
    with pytest.raises(ValueError):
        erlang_c(2, 2.0)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_worker_queue_matches_erlang_c(case: Case) -> None:
    checks = case.run()
    for check in checks:
        assert check.within, check
    wq = checks[0]
    assert (wq.high - wq.low) / 2 < 0.1 * wq.expected, "CI too wide to be decisive"


def test_littles_law_on_the_claim_backlog() -> None:
    scenario = load_scenario(f"{SCENARIOS}/reference-combined.yaml")
    result = little_backlog(scenario, seed=3, replication=0)
    low, high = result["sampler_ci95"]
    assert low <= result["little_product"] <= high
    assert result["little_product"] > 10, "backlog too small for the check to mean anything"
    assert math.isclose(
        result["claims_per_day"] * result["mean_days_unsubmitted"], result["little_product"]
    )
