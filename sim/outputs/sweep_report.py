"""The break-even report of a sweep (break_even.md), from `sim.study.sweep.analyse`."""

from __future__ import annotations

from typing import Any

from sim.outputs.tables import markdown_table
from sim.outputs.terminal import TextTable, paragraph, render
from sim.outputs.text import dollars

COLUMNS = (
    "write-offs avoided",
    "late-cash cost avoided",
    "expected write-offs avoided (still owed)",
    "extra staff cost",
    "net benefit (95% CI)",
    "collected sooner",
    "still owed at end",
)
"""The break-even table's columns after the point, in both the report and the terminal."""


def _title(analysis: dict[str, Any], reps: int, seed: int) -> str:
    return (
        f"Break-even over {analysis['keys'][0]} ({reps} paired replications per point, seed {seed})"
    )


def _intro(analysis: dict[str, Any], bold: str = "**") -> str:
    rate = analysis["late_cash_annual_rate"]
    return (
        f"Net benefit of keeping {bold}{analysis['options'][0]}{bold} = write-offs avoided + cost "
        f"of late cash avoided (A/R carrying cost at {rate:.0%} a year) + expected write-offs "
        "avoided on what is still owed at the horizon - extra staff cost. What is still owed is "
        "money not lost, only later: it counts at the share of closed claims' expected dollars "
        "the option wrote off in the run. Claims still open at the end are older than most, so "
        "this is a floor and leans towards combining."
    )


def _sentences(pair: dict[str, Any], first_key: str) -> list[str]:
    """The break-even found for each value of a second key, one sentence each."""
    sentences = []
    for found in pair["break_even"]:
        given = ", ".join(f"{k} = {v}" for k, v in found["given"].items())
        prefix = f"With {given}: " if given else ""
        if found["value"] is None:
            sentences.append(f"{prefix}no swept value of {first_key} pays for itself.")
            continue
        nb = found["net_benefit_usd"]
        sure = (
            "distinguishable from 0" if nb["distinguishable"] else "not yet distinguishable from 0"
        )
        sentences.append(
            f"{prefix}break-even at {first_key} = {found['value']} "
            f"(net benefit {dollars(nb['mean'])}, 95% CI {dollars(nb['ci95'][0])} to "
            f"{dollars(nb['ci95'][1])}, {sure})."
        )
    return sentences


def _point(row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in row["point"].items())


def _cells(row: dict[str, Any]) -> tuple[str, ...]:
    """One point's row: the parts' means, the net benefit with its 95% CI."""
    nb = row["net_benefit_usd"]
    parts = (
        "write_offs_avoided_usd",
        "late_cash_cost_avoided_usd",
        "owed_write_offs_avoided_usd",
        "extra_staff_cost_usd",
    )
    return (
        *(dollars(row[name]["mean"]) for name in parts),
        f"{dollars(nb['mean'])} ({dollars(nb['ci95'][0])} to {dollars(nb['ci95'][1])})",
        dollars(row["collected_sooner_usd"]["mean"]),
        dollars(row["outstanding_at_end_difference_usd"]["mean"]),
    )


def _backlog_note(pair: dict[str, Any]) -> str | None:
    unvalued = [point for point in pair["points"] if _backlog_outweighs_saving(point)]
    if not unvalued:
        return None
    return BACKLOG_NOTE.format(count=len(unvalued), total=len(pair["points"]))


def report_markdown(analysis: dict[str, Any], reps: int, seed: int) -> str:
    """The break-even report a consultant reads."""
    first_key = analysis["keys"][0]
    lines = [f"# {_title(analysis, reps, seed)}", "", _intro(analysis)]
    for label, pair in analysis["break_even"].items():
        lines += ["", f"## {label}", "", *_sentences(pair, first_key)]
        lines += [
            "",
            *markdown_table(
                ["point", *COLUMNS], ([_point(row), *_cells(row)] for row in pair["points"])
            ),
        ]
        note = _backlog_note(pair)
        if note:
            lines += ["", note]
    return "\n".join(lines) + "\n"


def terminal_report(
    analysis: dict[str, Any], reps: int, seed: int, width: int | None = None
) -> str:
    """The same report for the terminal: wrapped to its width, the table fitted or by row."""
    first_key = analysis["keys"][0]
    parts = [
        paragraph(_title(analysis, reps, seed), width),
        "\n",
        paragraph(_intro(analysis, ""), width),
    ]
    for label, pair in analysis["break_even"].items():
        parts += ["\n", paragraph(label, width)]
        parts += [paragraph(sentence, width) for sentence in _sentences(pair, first_key)]
        rows = tuple((_point(row), _cells(row)) for row in pair["points"])
        parts += [
            "\n",
            render(TextTable(f"{label}, by point (means)", "point", COLUMNS, rows), width),
        ]
        note = _backlog_note(pair)
        if note:
            parts += ["\n", paragraph(note, width)]
    return "".join(parts)


BACKLOG_NOTE = (
    "At {count} of {total} points keeping the roles separate does not pay on this valuation, yet "
    "the other option ends the horizon owing more than the extra staff cost. Those claims "
    "count here only at the run's write-off share; many will pass their payers' filing limits "
    "after the horizon. Rerun with a longer horizon (`--set horizon_days=730`) to count them."
)


def _backlog_outweighs_saving(point: dict[str, Any]) -> bool:
    """Combining looks cheaper only while its larger unpaid balance at the horizon goes unvalued."""
    return (
        point["net_benefit_usd"]["mean"] < 0
        and point["outstanding_at_end_difference_usd"]["mean"]
        > point["extra_staff_cost_usd"]["mean"]
    )
