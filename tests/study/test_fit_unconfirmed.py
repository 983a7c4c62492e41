"""A several-key fit that accepts settings no run bore out says so next to its FITS: the
acceptance then rests on the emulator between runs alone (the Northgate walk's fit accepted a
speed of 0.20 where a run at its median missed the over-90 bucket by 83%)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sim.outputs.fit_text import fit_text, verdict
from sim.outputs.report_calibration import calibration_verdict


def _row(simulated_unsent: float) -> dict[str, Any]:
    figure = {
        "kpi": "unsubmitted_claims",
        "label": "Claims not yet sent",
        "format": "count",
        "observed": 120.0,
        "closest_emulated": 120.1,
        "reproduced": True,
        "spread": 18.0,
        "moved_by": [],
    }
    run = {"settings": {"a": 0.3}, "simulated": {"unsubmitted_claims": simulated_unsent}}
    return {
        "keys": ["a"],
        "fits": True,
        "accepted": 25,
        "candidates": 8192,
        "cutoff": 3.0,
        "waves": 2,
        "waves_asked": 2,
        "method": "history matching",
        "design_points": 1,
        "replications": 3,
        "seed": 1,
        "day": 90,
        "parameters": [],
        "correlations": [],
        "figures": [figure],
        "design": [run],
    }


def test_a_fit_no_run_bears_out_says_so_beside_fits() -> None:
    lines = verdict(_row(simulated_unsent=46.0))  # 4.1 spreads from the books
    assert lines[0].startswith("FITS")
    assert lines[1].startswith("BUT no setting actually run came within 3 spreads")
    assert "4.1 away" in lines[1]
    assert "simulated 46" in fit_text(_row(simulated_unsent=46.0))


def test_a_fit_a_run_bears_out_has_no_warning() -> None:
    row = _row(simulated_unsent=110.0)  # 0.6 spreads
    assert not any("BUT" in line for line in verdict(row))
    assert "the run closest" not in fit_text(row)


def test_page_one_does_not_call_an_unconfirmed_fit_a_fit() -> None:
    """Page one says the model reproduces the books only when a run bore the fit out."""

    def page_one(row: dict[str, Any]) -> dict[str, Any]:
        found = calibration_verdict(SimpleNamespace(fit=row, record={}, optional={}))
        assert found is not None
        return found

    unconfirmed = page_one(_row(simulated_unsent=46.0))
    assert not unconfirmed["fits"]
    assert any(
        "not shown to reproduce" in line and "4.1 away" in line for line in unconfirmed["lost"]
    )
    assert page_one(_row(simulated_unsent=110.0))["fits"]
