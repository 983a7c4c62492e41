"""Money reads the same in every report: minus before the dollar sign, whole dollars."""

from __future__ import annotations

import pytest

from sim.outputs.text import dollars


@pytest.mark.parametrize(
    ("value", "signed", "text"),
    [
        (-247245.4, False, "-$247,245"),
        (1234.5, False, "$1,234"),
        (1234.6, True, "+$1,235"),
        (-0.4, False, "$0"),
        (0.0, True, "$0"),
    ],
)
def test_dollars(value: float, signed: bool, text: str) -> None:
    assert dollars(value, signed) == text


def test_comparison_table_puts_the_minus_first() -> None:
    from sim.outputs.comparison import comparison_markdown

    summary = {"mean": 10.0, "ci95": [5.0, 15.0], "p10": 0.0, "p90": 0.0}
    record = {
        "replications": 2,
        "seed": 1,
        "kpis": {"a": {"collected_usd": summary}, "b": {"collected_usd": summary}},
        "differences": {
            "b - a": {
                "collected_usd": {
                    "mean": -2500.0,
                    "ci95": [-3000.0, -2000.0],
                    "distinguishable": True,
                }
            }
        },
    }
    table = comparison_markdown(record)
    assert "-$2,500" in table and "$-" not in table


@pytest.mark.parametrize(
    ("kind", "value", "signed", "text"),
    [
        ("share", -0.00001, True, "0.0 points"),
        ("share", 0.00001, True, "0.0 points"),
        ("share", 0.0123, True, "+1.2 points"),
        ("share", -0.0004, False, "0.0%"),
        ("days", -0.04, True, "0.0"),
        ("days", -2.46, True, "-2.5"),
        ("hours", -0.4, True, "0"),
        ("count", 1234.56, False, "1,234.6"),
    ],
)
def test_what_rounds_to_zero_reads_zero_without_a_sign(
    kind: str, value: float, signed: bool, text: str
) -> None:
    from sim.outputs.text import number

    assert number(kind, value, signed) == text
