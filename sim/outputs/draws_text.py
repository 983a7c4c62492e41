"""How much of each paired difference's spread is not knowing the office, and how much chance.

For comparisons run over draws from a fitted sample (`twohats compare --calibration`): the
terminal table, the section of comparison.md, and spread.csv.
"""

from __future__ import annotations

from typing import Any

from sim.model.registry import registry
from sim.outputs.comparison import headline_rows
from sim.outputs.tables import csv_bytes, markdown_table
from sim.outputs.terminal import TextTable
from sim.outputs.text import NOT_AVAILABLE, number
from sim.study.comparison import NET

COLUMNS = (
    "mean difference",
    "95% CI",
    "SD from the office",
    "SD from chance",
    "office share (95% CI)",
)


def _sd(kpi: str, value: float | None) -> str:
    """A standard deviation of a difference (a share's in points)."""
    if value is None:
        return NOT_AVAILABLE
    kind = registry().format_of(kpi)
    if kind == "share":
        return f"{value * 100:.1f} points"
    return number(kind, value)


def cells(kpi: str, entry: dict[str, Any]) -> tuple[str, ...]:
    """A difference's mean, interval and the split of its spread, as text."""
    kind = registry().format_of(kpi)
    low, high = entry["ci95"]
    interval = (
        NOT_AVAILABLE
        if low is None
        else f"{number(kind, low, signed=True)} to {number(kind, high, signed=True)}"
    )
    share = entry.get("parameter_share")
    return (
        number(kind, entry["mean"], signed=True),
        interval,
        _sd(kpi, entry.get("parameter_sd")),
        _sd(kpi, entry.get("chance_sd")),
        _share(share, entry.get("parameter_share_ci95", [None, None])),
    )


def _share(share: float | None, interval: list[float | None]) -> str:
    if share is None:
        return NOT_AVAILABLE
    low, high = interval
    if low is None or high is None:
        return f"{share * 100:.0f}%"
    return f"{share * 100:.0f}% ({low * 100:.0f}% to {high * 100:.0f}%)"


def spread_rows(record: dict[str, Any], label: str) -> list[tuple[str, dict[str, Any]]]:
    """The net from the money table first, then the headline KPIs, for one difference."""
    rows = []
    money = record.get("money", {}).get("differences", {}).get(label, {})
    if NET in money:
        rows.append((NET, money[NET]))
    diffs = record["differences"][label]
    rows += [(k, diffs[k]) for k in headline_rows(record["kpis"]) if k in diffs and k != NET]
    return rows


def about(record: dict[str, Any]) -> str:
    """One paragraph: what was drawn, and how to read the split."""
    fit = record["calibration"]
    return (
        f"Each option ran over {fit['draws']} offices drawn from the fitted sample in "
        f"{fit['folder']} ({', '.join(fit['keys'])}), {fit['replications_per_draw']} "
        "replications each; replication k of every option ran the same drawn office on the "
        "same random numbers. The 95% intervals are over the drawn offices, so they carry "
        "what the books leave open as well as chance. 'SD from the office' is how much the "
        "difference moves from one drawn office to another; 'SD from chance' how much it "
        "moves between replications of the same office; 'office share' is the first's part "
        "of one office's variance (the two variances add up), with its 95% interval: "
        "few draws pin it down only roughly. A large office share means better knowledge "
        "of the fitted keys would narrow the answer; more replications would not."
    )


def spread_tables(record: dict[str, Any]) -> list[TextTable]:
    """One terminal table per paired difference."""
    return [
        TextTable(
            f"{label}: where the spread comes from",
            "KPI",
            COLUMNS,
            tuple((registry().label_of(k), cells(k, e)) for k, e in spread_rows(record, label)),
        )
        for label in record["differences"]
    ]


def spread_markdown(record: dict[str, Any]) -> str:
    """The section appended to comparison.md."""
    lines = ["", "## Where the spread comes from: the office or chance", "", about(record)]
    for label in record["differences"]:
        lines += ["", f"### {label}", ""]
        lines += markdown_table(
            ["KPI", *COLUMNS],
            ([registry().label_of(k), *cells(k, e)] for k, e in spread_rows(record, label)),
        )
    return "\n".join(lines) + "\n"


def spread_csv(record: dict[str, Any]) -> bytes:
    """Every paired difference's KPIs and money, with the split of its spread, one a row."""
    header = ["difference", "kpi", "mean", "ci95_low", "ci95_high"]
    header += ["parameter_sd", "chance_sd", "parameter_share", "share_low", "share_high"]
    rows: list[list[Any]] = [header]
    for label, diffs in record["differences"].items():
        money = record.get("money", {}).get("differences", {}).get(label, {})
        for kpi, entry in [*diffs.items(), *((k, e) for k, e in money.items() if k not in diffs)]:
            low, high = entry["ci95"]
            rows.append(
                [label, kpi, entry["mean"], low, high]
                + [entry.get(k) for k in ("parameter_sd", "chance_sd", "parameter_share")]
                + list(entry.get("parameter_share_ci95", [None, None]))
            )
    return csv_bytes(rows)
