"""The comparison report (comparison.md) and the rows of the command's KPI table."""

from __future__ import annotations

from sim.model.registry import registry
from sim.outputs.money import money_markdown
from sim.outputs.tables import markdown_table
from sim.outputs.terminal import TextTable
from sim.outputs.text import NOT_AVAILABLE, number


def show(kpi: str, value: float) -> str:
    """A KPI value as the command's table and comparison.md show it."""
    return number(registry().format_of(kpi), value)


def headline_rows(summaries: dict) -> list[str]:
    """The headline KPIs any scenario reports, then each person's utilisation."""
    extra = sorted({k for s in summaries.values() for k in s if k.startswith("utilization.")})
    keys = (*registry().headline, *extra)
    return [k for k in keys if any(k in s for s in summaries.values())]


def mean_and_interval(entry: dict | None, kpi: str, between: str = " ") -> str:
    """'mean (low to high)', or n/a when the scenario does not report the KPI."""
    if entry is None or entry["mean"] is None:
        return NOT_AVAILABLE
    low, high = entry["ci95"]
    return f"{show(kpi, entry['mean'])}{between}({show(kpi, low)} to {show(kpi, high)})"


def short_label(kpi: str) -> str:
    """The registry's short label (a column or row header), a person's KPI by the person."""
    entry = registry().kpis.get(kpi)
    return entry.short_label if entry is not None else registry().label_of(kpi)


def kpi_table(summaries: dict, reps: int) -> TextTable:
    """The command's KPI table: headline KPIs by short label, each option's mean (95% CI)."""
    rows = tuple(
        (short_label(kpi), tuple(mean_and_interval(s.get(kpi), kpi) for s in summaries.values()))
        for kpi in headline_rows(summaries)
    )
    return TextTable(f"KPIs: mean (95% CI), {reps} replications", "KPI", tuple(summaries), rows)


def _difference_cells(kpi: str, d: dict) -> list[str]:
    low, high = d["ci95"]
    interval = NOT_AVAILABLE if low is None else f"{show(kpi, low)} to {show(kpi, high)}"
    yes = "yes" if d["distinguishable"] else "no"
    return [registry().label_of(kpi), show(kpi, d["mean"]), interval, yes]


def comparison_markdown(record: dict) -> str:
    """A KPI table with 95% CIs, the paired differences, then the money and break-even."""
    summaries, names = record["kpis"], list(record["kpis"])
    lines = [f"# Comparison ({record['replications']} replications, seed {record['seed']})", ""]
    lines += markdown_table(
        ["KPI", *names],
        (
            [
                registry().label_of(kpi),
                *(mean_and_interval(summaries[n].get(kpi), kpi) for n in names),
            ]
            for kpi in headline_rows(summaries)
        ),
    )
    for label, diffs in record["differences"].items():
        lines += ["", f"## {label} (paired over replications)", ""]
        lines += markdown_table(
            ["KPI", "mean difference", "95% CI", "distinguishable from 0"],
            (
                _difference_cells(kpi, diffs[kpi])
                for kpi in headline_rows(summaries)
                if kpi in diffs
            ),
        )
    if "money" in record:
        lines += money_markdown(record)
    return "\n".join(lines) + "\n"
