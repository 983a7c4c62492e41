"""The consultants page's break-even example: generated from a sweep, never typed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sim.outputs.text import number
from sim.site import break_even


def _entry(mean: float, low: float, high: float) -> dict[str, Any]:
    return {"mean": mean, "ci95": [low, high], "distinguishable": low > 0 or high < 0}


def _pair(nets: list[float], written: list[float]) -> dict[str, Any]:
    """A made-up analysis pair: one net benefit and one write-off difference per point."""
    points = [
        {
            "point": {break_even.KEY: value},
            "net_benefit_usd": _entry(net, net - 1000.0, net + 1000.0),
            "write_offs_avoided_usd": _entry(o, o - 10.0, o + 10.0),
        }
        for value, net, o in zip(break_even.VALUES, nets, written, strict=True)
    ]
    hit = next((p for p in points if p["net_benefit_usd"]["mean"] > 0), None)
    found = {
        "given": {},
        "value": None if hit is None else hit["point"][break_even.KEY],
        "net_benefit_usd": None if hit is None else hit["net_benefit_usd"],
    }
    return {"points": points, "break_even": [found]}


def test_the_sentence_says_where_separate_roles_pay_or_that_they_never_do() -> None:
    one_year = _pair([-5000.0, -2000.0, -1500.0], [100.0, 200.0, 300.0])
    two_years = _pair([-3000.0, 4000.0, 9000.0], [50.0, 60.0, 70.0])
    text = "\n".join(break_even.render({365: one_year, 730: two_years}))
    sentence = text.splitlines()[0]
    assert "a one-year sweep finds no break-even from one to three dentists" in sentence
    assert "a two-year sweep finds that separate roles pay from two dentists" in sentence
    assert number("usd", 4000.0) in sentence
    assert f"{break_even.REPS} paired replications per point, seed {break_even.SEED}" in sentence


def test_the_table_has_every_point_at_every_horizon() -> None:
    pairs = {
        365: _pair([-5000.0, -2000.0, -1500.0], [100.0, 200.0, 300.0]),
        730: _pair([-3000.0, 4000.0, 9000.0], [50.0, 60.0, 70.0]),
    }
    lines = break_even.render(pairs)
    rows = [line for line in lines if line.startswith("| ") and line[2].isdigit()]
    assert [int(row.split(" | ")[0][2:]) for row in rows] == list(break_even.VALUES)
    for row, i in zip(rows, range(len(break_even.VALUES)), strict=True):
        for horizon in break_even.HORIZONS:
            point = pairs[horizon]["points"][i]
            assert number("usd", point["net_benefit_usd"]["mean"], True) in row
            assert number("usd", point["write_offs_avoided_usd"]["mean"], True) in row


def test_the_commands_rerun_both_sweeps() -> None:
    text = "\n".join(break_even.render({h: _pair([1.0, 2.0, 3.0], [0.0] * 3) for h in (365, 730)}))
    assert text.count("twohats sweep") == len(break_even.HORIZONS)
    assert "--set horizon_days=730" in text
    assert f"--vary {break_even.KEY}=1..3" in text


def test_whether_the_longer_window_changes_the_answer_is_read_from_the_runs() -> None:
    same = {h: _pair([-5000.0, 2000.0, 3000.0], [0.0] * 3) for h in (365, 730)}
    never = {h: _pair([-5000.0, -2000.0, -1.0], [0.0] * 3) for h in (365, 730)}
    differ = {
        365: _pair([-5000.0, -2000.0, -1.0], [0.0] * 3),
        730: _pair([-3000.0, 4000.0, 9000.0], [0.0] * 3),
    }
    first = {name: break_even.render(p)[0] for name, p in (("same", same), ("never", never))}
    assert "does not change the answer: separate roles pay from two dentists" in first["same"]
    assert "separate roles pay at no size from one to three dentists" in first["never"]
    assert "changes with the window's length" in break_even.render(differ)[0]


def test_claims_still_open_at_the_run_out_are_named_only_when_there_are_some() -> None:
    closed = {h: _pair([1.0, 2.0, 3.0], [0.0] * 3) for h in (365, 730)}
    still_open = {h: _pair([1.0, 2.0, 3.0], [0.0] * 3) for h in (365, 730)}
    still_open[730]["points"][2]["unresolved_avoided_usd"] = _entry(500.0, 400.0, 600.0)
    assert "no money still owed stands outside the answer" in break_even.render(closed)[0]
    sentence = break_even.render(still_open)[0]
    assert "At 1 of 6 points the two options differ in claims still open" in sentence


def test_the_page_types_no_break_even_finding_of_its_own() -> None:
    """Where separate roles pay is the generator's sentence; the page only explains the method."""
    page = (Path(__file__).resolve().parents[2] / "docs/consultants/index.md").read_text()
    assert f'--8<-- "generated/{break_even.FRAGMENT}"' in page
    typed = re.findall(r"(?:never pays|pays? from (?:one|two|three)|break-even at)", page, re.I)
    assert typed == []
    assert "collectable share" not in page and "still has owed" not in page
