"""The worked case's results and recommendation: read from paired runs, never typed."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from sim.site import worked_case

ROOT = Path(__file__).resolve().parents[2]
BASE = {
    "ar_over_90_share_end": 0.20,
    "cohort_written_off_usd": 9000.0,
    "om_tasks_late": 40.0,
    "claim_lag_days_mean": 4.0,
    "staff_cost_usd": 70000.0,
    "cohort_net_after_staffing_usd": 500000.0,
    "cohort_collected_usd": 600000.0,
}
NAMES = {
    worked_case.STATUS_QUO: "One person",
    worked_case.PROTECTED: "Protected time",
    worked_case.PART_TIME: "Part-time coordinator",
    worked_case.FULL_TIME: "Two people",
}


def _runs(gains: dict[str, dict[str, float]]) -> dict[str, list[SimpleNamespace]]:
    """Eight paired replications per option: the status quo plus each option's gain, with noise."""
    noise = [0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 1.5]
    return {
        name: [
            SimpleNamespace(
                kpis={k: v + gains.get(name, {}).get(k, 0.0) + e for k, v in BASE.items()}
            )
            for e in noise
        ]
        for name in NAMES
    }


def _gains(protected_cash: float, protected_late: float) -> dict[str, dict[str, float]]:
    return {
        worked_case.PROTECTED: {
            "cohort_collected_usd": protected_cash,
            "om_tasks_late": protected_late,
        },
        worked_case.PART_TIME: {"cohort_collected_usd": 9000.0, "om_tasks_late": -20.0},
        worked_case.FULL_TIME: {"cohort_collected_usd": 10000.0, "om_tasks_late": -30.0},
    }


def _bullet(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(f"- {start}"))


def test_what_protected_time_recovers_follows_the_runs() -> None:
    small = worked_case.recommendation(_runs(_gains(3000.0, 15.0)), NAMES)
    large = worked_case.recommendation(_runs(_gains(8000.0, -15.0)), NAMES)
    assert "recovers less than half of" in _bullet(small, "Protected time")
    assert "30.0%" in _bullet(small, "Protected time")
    assert "done late more often" in _bullet(small, "Protected time")
    assert "recovers most of" in _bullet(large, "Protected time")
    assert "done late less often" in _bullet(large, "Protected time")


def test_part_time_is_read_against_full_time_on_net_money() -> None:
    lines = worked_case.recommendation(_runs(_gains(3000.0, 0.0)), NAMES)
    assert "recovers most of the insurance cash that combining loses (90.0% of the gap" in (
        _bullet(lines, "Part-time coordinator")
    )
    assert "cannot tell from zero" in _bullet(lines, "After staffing")  # equal nets


def test_an_option_that_collects_less_is_said_to_recover_none() -> None:
    """The reference practice's part-time coordinator once collected less than one person."""
    gains = _gains(3000.0, 0.0)
    gains[worked_case.PART_TIME]["cohort_collected_usd"] = -2000.0
    part = _bullet(worked_case.recommendation(_runs(gains), NAMES), "Part-time coordinator")
    assert "recovers none of it and collects less than the status quo" in part
    assert "-$2,000" in part


def test_a_gain_the_runs_cannot_tell_from_zero_is_not_a_share() -> None:
    runs = _runs(_gains(0.0, 0.0))
    for k, r in enumerate(runs[worked_case.PROTECTED]):
        r.kpis["cohort_collected_usd"] += 50.0 * (-1) ** k
    protected = _bullet(worked_case.recommendation(runs, NAMES), "Protected time")
    assert "that the runs can tell from zero" in protected and "% of the gap" not in protected


def test_portion_words_cover_the_range() -> None:
    words = [worked_case.portion_words(s) for s in (-0.1, 0.0, 0.1, 0.3, 0.6, 0.9, 1.0, 1.2)]
    assert words == [
        "none",
        "none",
        "little",
        "less than half",
        "more than half",
        "most",
        "all or nearly all",
        "all or nearly all",
    ]


def test_the_page_includes_the_fragment_and_types_no_verdict() -> None:
    page = (ROOT / "docs/consultants/worked-case.md").read_text(encoding="utf-8")
    assert f'--8<-- "generated/{worked_case.FRAGMENT}"' in page
    for typed in ("good part", "almost all of the benefit", "adds little over part-time"):
        assert typed not in page
