"""The break-even report of a sweep (break_even.md), from `sim.study.sweep.analyse`."""

from __future__ import annotations

from typing import Any

from sim.outputs.tables import markdown_table
from sim.outputs.terminal import TextTable, paragraph, render
from sim.outputs.text import dollars

COLUMNS = (
    "write-offs avoided",
    "unresolved avoided",
    "cash gained",
    "waiting cost avoided",
    "extra staff cost",
    "net benefit (95% CI)",
)
"""The break-even table's columns after the point, in both the report and the terminal."""


def _title(analysis: dict[str, Any], reps: int, seed: int) -> str:
    return (
        f"Break-even over {analysis['keys'][0]} ({reps} paired replications per point, seed {seed})"
    )


def _intro(analysis: dict[str, Any], bold: str = "**") -> str:
    rate = analysis["late_cash_annual_rate"]
    return (
        f"Net benefit of keeping {bold}{analysis['options'][0]}{bold} = cash gained on the "
        "measured window's claims, each followed to its end + cost of waiting for that cash "
        f"avoided (at {rate:.0%} a year from each visit to its payment) - extra staff cost "
        "(with fees and replacement). The cash gained is the write-offs avoided, the claims "
        "still unresolved at the run-out's cap avoided (they count as nothing) and the payers' "
        "shortfall difference."
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
        "unresolved_avoided_usd",
        "cash_gained_usd",
        "late_cash_cost_avoided_usd",
        "extra_staff_cost_usd",
    )
    return (
        *(dollars(row[name]["mean"]) for name in parts),
        f"{dollars(nb['mean'])} ({dollars(nb['ci95'][0])} to {dollars(nb['ci95'][1])})",
    )


def _unresolved_note(pair: dict[str, Any]) -> str | None:
    open_at_cap = [p for p in pair["points"] if p["unresolved_avoided_usd"]["mean"]]
    if not open_at_cap:
        return None
    return UNRESOLVED_NOTE.format(count=len(open_at_cap), total=len(pair["points"]))


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
        note = _unresolved_note(pair)
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
        note = _unresolved_note(pair)
        if note:
            parts += ["\n", paragraph(note, width)]
    return "".join(parts)


UNRESOLVED_NOTE = (
    "At {count} of {total} points some of the window's claims were still open when the "
    "run-out ended; they count as nothing. A longer run-out (`--set study.run_out_days=1095`) "
    "follows them further."
)
