"""The validation page's warm-up section: every scenario's day, growing offices named, and a
warning when the schema's default is no longer what Welch's method finds."""

from __future__ import annotations

from sim.scenario.schema import WARM_UP_DAYS
from sim.site import warm_up


def curve(scenario: str, series: str, truncation: int, settled: bool) -> dict:
    return {
        "scenario": scenario,
        "series": series,
        "truncation": truncation,
        "drift": 0.0 if settled else 90_000.0,
        "settled": settled,
        "smoothed": [1000.0, 2000.0, 2000.0],
    }


def test_the_section_names_the_longest_settling_office_and_the_growing_ones() -> None:
    curves = [
        curve("calm", "money_waiting_usd", 40, True),
        curve("busy", "ar_usd_90_plus", WARM_UP_DAYS, True),
        curve("swamped", "money_waiting_usd", 900, False),
    ]
    text = warm_up.render(curves, WARM_UP_DAYS)
    assert f"| `busy` | insurance A/R over 90 days | {WARM_UP_DAYS} |" in text
    assert "| `swamped` | insurance A/R plus claims not yet sent | does not settle" in text
    assert "`swamped` did not settle in three years" in text
    assert "is the one the routine finds" in text
    stale = warm_up.render(curves, WARM_UP_DAYS + 7)
    assert f"The routine now finds {WARM_UP_DAYS + 7} days" in stale
