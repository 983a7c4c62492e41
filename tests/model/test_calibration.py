"""Face validity: the separate-roles reference practice lands in the published benchmark ranges."""

from __future__ import annotations

from statistics import fmean

from sim.model.office import simulate
from tests.model.conftest import bundled


def test_reference_separate_is_in_benchmark_ranges() -> None:
    scenario = bundled("reference-separate")
    runs = [simulate(scenario, 2, r).kpis for r in range(4)]
    keys = (
        "utilization.insurance_coordinator",
        "days_in_ar",
        "ar_over_90_share_end",
        "denial_rate",
    )
    mean = {k: fmean(r[k] for r in runs) for k in keys}
    assert 0.65 <= mean["utilization.insurance_coordinator"] <= 0.90
    assert 18 <= mean["days_in_ar"] <= 45
    assert mean["ar_over_90_share_end"] < 0.15
    assert 0.05 <= mean["denial_rate"] <= 0.12
