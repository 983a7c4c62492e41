"""The money table and break-even of a comparison, in words (from `money.yaml`).

The numbers come from `sim.study.comparison.money_record` (the record's `money`); this module
only labels and formats them, for comparison.md, the CSV exports and the command's table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.model.registry import registry
from sim.outputs.tables import markdown_table
from sim.outputs.terminal import TextTable
from sim.outputs.text import NOT_AVAILABLE, mean_ci, number
from sim.study.comparison import NET

ROWS_FILE = Path(__file__).with_name("money.yaml")


@dataclass(frozen=True)
class MoneyRow:
    """One row of the money table."""

    key: str
    label: str
    short_label: str
    format: str
    unit: str
    words: str


@functools.cache
def money_rows() -> tuple[MoneyRow, ...]:
    """The rows of `money.yaml`, labels filled in from the KPI registry where not given."""
    data = yaml.safe_load(ROWS_FILE.read_text(encoding="utf-8"))
    rows = []
    for key, raw in data["rows"].items():
        kpi = registry().kpis.get(key)
        label = raw.get("label") or (kpi.label if kpi else None)
        unit = raw.get("unit") or (kpi.unit if kpi else None)
        if (
            not label
            or not unit
            or raw.get("format") not in ("usd", "share")
            or not raw.get("words")
        ):
            raise ValueError(
                f"{ROWS_FILE.name}: rows.{key}: needs a label, format usd or share, words"
            )
        short = raw.get("short_label") or (kpi.short_label if kpi else label)
        words = " ".join(raw["words"].split())
        rows.append(MoneyRow(key, label, short, raw["format"], unit, words))
    return tuple(rows)


def rate_words(money: dict) -> str:
    """'8% a year', or each option's rate when they differ."""
    rates = money["late_cash_annual_rate"]
    if len(set(rates.values())) == 1:
        return f"{next(iter(rates.values())) * 100:.4g}% a year"
    return ", ".join(f"{name} {rate * 100:.4g}% a year" for name, rate in rates.items())


def difference_cell(entry: dict, kind: str) -> str:
    """'+$1,234 (-$200 to +$2,668)' for a paired difference; n/a without a basis."""
    if entry["mean"] is None:
        return NOT_AVAILABLE
    return mean_ci(entry, kind, signed=True)


def verdict(label: str, entry: dict) -> str:
    """The break-even in one plain sentence, from the paired difference of the net."""
    other, _, first = label.partition(" - ")
    if entry["mean"] is None:
        return f"{other} against {first}: not available (nothing was closed in the run)."
    low, high = entry["ci95"]
    amount = number("usd", abs(entry["mean"]))
    side = "better" if entry["mean"] > 0 else "worse"
    interval = f"95% CI {number('usd', low, True)} to {number('usd', high, True)}"
    if entry["distinguishable"]:
        return f"{other} leaves the practice {amount} {side} off than {first} ({interval})."
    return (
        f"{other} against {first}: {amount} {side} off on average, not distinguishable "
        f"from no difference ({interval})."
    )


def unresolved_caution(label: str, parts: dict) -> str | None:
    """A warning when some of the window's claims were still open at the run-out's cap.

    They count as nothing (never as cash), so an option with many of them is read at its
    worst; the reader is told how much it is and how to follow the claims further."""
    entry = parts.get("cohort_unresolved_usd")
    if not isinstance(entry, dict) or not entry.get("mean"):
        return None
    other, _, first = label.partition(" - ")
    more = other if entry["mean"] > 0 else first
    return (
        f"{more} had {number('usd', abs(entry['mean']))} more of the window's claims still "
        "open when the run-out ended, counted as nothing; a longer study.run_out_days "
        "follows them further."
    )


def reading(label: str, parts: dict) -> list[str]:
    """The break-even sentence for one later option, and the caution when there is one."""
    caution = unresolved_caution(label, parts)
    return [verdict(label, parts[NET]), *([caution] if caution else [])]


def money_markdown(record: dict) -> list[str]:
    """comparison.md's money section: each option's money, then the paired break-even."""
    money = record["money"]
    names = list(money["options"])
    lines = [
        "",
        "## Money and break-even",
        "",
        "The money of the measured window's claims, each followed to its end (paid or written "
        f"off); waiting for the cash costs {rate_words(money)}. Nothing is credited for claims "
        "still open at the end.",
        "",
        *markdown_table(
            ["", *names],
            (
                [row.label, *(_mean_cell(money["options"][n][row.key], row.format) for n in names)]
                for row in money_rows()
            ),
        ),
    ]
    for label, parts in money["differences"].items():
        lines += [
            "",
            f"### Break-even: {label} (paired)",
            "",
            " ".join(reading(label, parts)),
            "",
            *markdown_table(
                ["", "mean difference (95% CI)", "distinguishable from 0"],
                (
                    [
                        row.label,
                        difference_cell(parts[row.key], row.format),
                        "yes" if parts[row.key]["distinguishable"] else "no",
                    ]
                    for row in money_rows()
                ),
            ),
        ]
    lines += ["", "What the rows mean:", ""]
    lines += [f"- **{row.label}**: {row.words}" for row in money_rows()]
    return lines


def _mean_cell(entry: dict, kind: str) -> str:
    return NOT_AVAILABLE if entry["mean"] is None else mean_ci(entry, kind)


def break_even_table(record: dict) -> TextTable:
    """The command's break-even table: each option's money, then each paired difference."""
    money = record["money"]
    names = list(money["options"])
    pairs = list(money["differences"])
    rows = tuple(
        (
            row.short_label,
            (
                *(_mean_only(money["options"][n][row.key], row.format) for n in names),
                *(difference_cell(money["differences"][p][row.key], row.format) for p in pairs),
            ),
        )
        for row in money_rows()
    )
    title = f"Money and break-even: mean, paired difference (95% CI); cash timing at {rate_words(money)}"
    return TextTable(title, "", (*names, *pairs), rows)


def verdicts(record: dict) -> list[str]:
    """The break-even reading of each later option: a sentence, and a caution if needed."""
    return [
        " ".join(reading(label, parts)) for label, parts in record["money"]["differences"].items()
    ]


def _mean_only(entry: dict, kind: str) -> str:
    return number(kind, entry["mean"])
