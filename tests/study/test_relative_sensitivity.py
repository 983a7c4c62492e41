"""Inputs varied as multiples of the practice's own values (the report's sensitivity run):
every value a key reaches moves, each keeping its own figure and a distribution its shape,
and chance is judged on the pairs of each step."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.scenario.loading import load_scenario
from sim.study import relative_sensitivity
from sim.study.calibration import CalibrationError

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def office():
    return load_scenario(SCENARIOS / "small-separate.yaml")


def test_each_payer_keeps_its_own_figure_and_its_shape(office) -> None:
    scaled = relative_sensitivity.scale(
        office, {"payers[].adjudication_days": 1.5, "payers[].timely_filing_days": 0.75}
    )
    for before, after in zip(office.payers, scaled.payers, strict=True):
        old = before.adjudication_days.model_dump()
        new = after.adjudication_days.model_dump()
        assert new["dist"] == old["dist"]
        for name, value in old.items():
            if name != "dist":
                assert new[name] == pytest.approx(1.5 * value)
        assert after.timely_filing_days == round(0.75 * before.timely_filing_days)
        assert isinstance(after.timely_filing_days, int)
    wages = [p.hourly_cost_usd for p in office.staff]
    assert [p.hourly_cost_usd for p in scaled.staff] == wages  # not named, not moved


def test_every_person_s_wage_moves_together(office) -> None:
    scaled = relative_sensitivity.scale(office, {"staff[].hourly_cost_usd": 1.1})
    assert [p.hourly_cost_usd for p in scaled.staff] == pytest.approx(
        [1.1 * p.hourly_cost_usd for p in office.staff]
    )


def test_a_multiple_that_breaks_the_scenario_is_named(office) -> None:
    with pytest.raises(CalibrationError, match="ic_work.claim_error_share x 40"):
        relative_sensitivity.scale(office, {"ic_work.claim_error_share": 40})
    with pytest.raises(CalibrationError, match="no number"):
        relative_sensitivity.scale(office, {"name": 2})


def test_chance_is_judged_on_the_pairs_of_each_step() -> None:
    """Two inputs, one trajectory: the first step moves input 0 and adds exactly 100 in both
    replications (no chance in the change, though the replications differ by 1,000); the
    second moves input 1 and adds 0 in one replication and 200 in the other."""
    found = relative_sensitivity.inputs({"a": (0.5, 1.5), "b": (0.5, 1.5)})
    unit = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    values = np.array([[0.0, 1000.0], [100.0, 1100.0], [100.0, 1300.0]])
    noise = relative_sensitivity.paired_step_noise(found, unit, values)
    assert noise["a"] == 0
    assert noise["b"] == pytest.approx(np.std([0, 200], ddof=1) / np.sqrt(2))


def test_ranges_must_go_upwards_from_above_zero() -> None:
    with pytest.raises(CalibrationError, match="upwards"):
        relative_sensitivity.inputs({"a": (1.5, 0.5)})
    with pytest.raises(CalibrationError, match="upwards"):
        relative_sensitivity.inputs({"a": (0.0, 2.0)})
