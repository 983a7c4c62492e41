"""Aged A/R in the one-person office grows with the load, with the front desk or without it.

The evidence page's runs of the one-person office, with the front desk as the practice has it
and with it taking none of the interruptions (generated, or reused from the cache, for this
checkout), are read for the check the model is judged on: no
step of one interruption an hour carries more than half of the whole rise in A/R over 90 days,
so the figure is a load and not a switch set by one rate. The page's sentence quotes the runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sim.model.registry import registry
from sim.site import dose, dose_desk, paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def runs() -> dict[str, Any]:
    dose_desk.generate(ROOT)
    return dose_desk.load(ROOT)


def test_step_shares_split_the_whole_rise_over_the_steps() -> None:
    rise, shares = dose_desk.step_shares([0.02, 0.02, 0.03, 0.06])
    assert rise == pytest.approx(0.04)
    assert shares == pytest.approx([0.0, 0.25, 0.75])
    assert dose_desk.step_shares([0.05, 0.04]) == (pytest.approx(-0.01), [])


@pytest.mark.parametrize("practice", ["small", "reference"])
def test_no_step_of_the_rate_carries_most_of_the_rise_in_aged_a_r(
    runs: dict[str, Any], practice: str
) -> None:
    points = runs["groups"][practice]
    aged = [p["kpis"][dose_desk.AGED]["mean"] for p in points]
    rise, shares = dose_desk.step_shares(aged)
    assert rise > 0, aged
    assert max(shares) <= 0.5, (aged, shares)


@pytest.mark.parametrize("practice", ["small", "reference"])
def test_the_one_person_never_misses_payroll_or_the_deposit(
    runs: dict[str, Any], practice: str
) -> None:
    missed = [p["kpis"]["om_hard_duties_missed"]["mean"] for p in runs["groups"][practice]]
    assert missed == [0.0] * len(missed)


def test_the_page_quotes_the_largest_step_of_each_practice(runs: dict[str, Any]) -> None:
    page = (ROOT / paths.SNIPPETS / dose_desk.FRAGMENT).read_text(encoding="utf-8")
    for group, words in dose_desk.PRACTICE_WORDS.items():
        assert dose_desk.spread_sentence(words, runs["groups"][group]) in page
    assert f"{dose_desk.REPS} replications a point" in page


@pytest.mark.parametrize("practice", ["small", "reference"])
def test_without_the_front_desk_no_step_carries_most_of_the_rise_either(practice: str) -> None:
    """The evidence page's first dose tables (front desk taking none of the interruptions)."""
    record = dose.load(ROOT)["groups"][practice]
    combined = record["options"][1]
    aged = [p["options"][combined]["kpis"][dose_desk.AGED]["mean"] for p in record["points"]]
    rise, shares = dose_desk.step_shares(aged)
    assert rise > 0, aged
    assert max(shares) <= 0.5, (aged, shares)


def test_the_columns_are_named_as_the_registry_names_them(runs: dict[str, Any]) -> None:
    header = dose_desk.rows(runs["groups"]["small"])[0]
    for key in dose_desk.KPIS:
        assert f"| {registry().kpis[key].short_label} |" in header
