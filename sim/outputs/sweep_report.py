"""The break-even report of a sweep (break_even.md), from `sim.study.sweep.analyse`."""

from __future__ import annotations

from typing import Any

from sim.outputs.text import dollars


def report_markdown(analysis: dict[str, Any], reps: int, seed: int) -> str:
    """The break-even report a consultant reads."""
    first_key = analysis["keys"][0]
    rate = analysis["late_cash_annual_rate"]
    lines = [
        f"# Break-even over {first_key} ({reps} paired replications per point, seed {seed})",
        "",
        f"Net benefit of keeping **{analysis['options'][0]}** = write-offs avoided + cost of late "
        f"cash avoided (A/R carrying cost at {rate:.0%} a year) - extra staff cost. A/R still "
        "outstanding at the horizon is shown but not valued, so this leans towards combining.",
    ]
    for label, pair in analysis["break_even"].items():
        lines += ["", f"## {label}", ""]
        for found in pair["break_even"]:
            given = ", ".join(f"{k} = {v}" for k, v in found["given"].items())
            prefix = f"With {given}: " if given else ""
            if found["value"] is None:
                lines.append(f"{prefix}no swept value of {first_key} pays for itself.")
            else:
                nb = found["net_benefit_usd"]
                sure = (
                    "distinguishable from 0"
                    if nb["distinguishable"]
                    else "not yet distinguishable from 0"
                )
                lines.append(
                    f"{prefix}break-even at {first_key} = {found['value']} "
                    f"(net benefit {dollars(nb['mean'])}, 95% CI {dollars(nb['ci95'][0])} to {dollars(nb['ci95'][1])}, {sure})."
                )
        lines += [
            "",
            "| point | write-offs avoided | late-cash cost avoided | extra staff cost | net benefit (95% CI) | collected sooner | still owed at end |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in pair["points"]:
            point = ", ".join(f"{k}={v}" for k, v in row["point"].items())
            nb = row["net_benefit_usd"]
            cells = [
                dollars(row[name]["mean"])
                for name in (
                    "write_offs_avoided_usd",
                    "late_cash_cost_avoided_usd",
                    "extra_staff_cost_usd",
                )
            ]
            lines.append(
                f"| {point} | {' | '.join(cells)} | {dollars(nb['mean'])} ({dollars(nb['ci95'][0])} to {dollars(nb['ci95'][1])}) "
                f"| {dollars(row['collected_sooner_usd']['mean'])} | {dollars(row['outstanding_at_end_difference_usd']['mean'])} |"
            )
        unvalued = [point for point in pair["points"] if _backlog_outweighs_saving(point)]
        if unvalued:
            lines += ["", BACKLOG_NOTE.format(count=len(unvalued), total=len(pair["points"]))]
    return "\n".join(lines) + "\n"


BACKLOG_NOTE = (
    "At {count} of {total} points keeping the roles separate does not pay on this valuation, yet "
    "the other option ends the horizon owing more than the extra staff cost. Those claims "
    "are not written off yet; many will pass their payers' filing limits after the horizon. "
    "Rerun with a longer horizon (`--set horizon_days=730`) to count them."
)


def _backlog_outweighs_saving(point: dict[str, Any]) -> bool:
    """Combining looks cheaper only while its larger unpaid balance at the horizon goes unvalued."""
    return (
        point["net_benefit_usd"]["mean"] < 0
        and point["outstanding_at_end_difference_usd"]["mean"]
        > point["extra_staff_cost_usd"]["mean"]
    )
