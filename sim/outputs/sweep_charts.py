"""Sweep charts: a KPI against the swept value, one line per option, with its 95% CI band."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes

from sim.outputs.charts import SCENARIO_COLOURS, _png, plt

LINESTYLES = ("-", "--", ":", "-.")


def _ci_line(
    ax: Axes, xs: list, entries: list[dict[str, Any]], colour: str, style: str, label: str
) -> None:
    """A mean line with markers over its shaded 95% confidence band."""
    low = [e["ci95"][0] for e in entries]
    high = [e["ci95"][1] for e in entries]
    ax.fill_between(xs, low, high, color=colour, alpha=0.2, linewidth=0)
    ax.plot(xs, [e["mean"] for e in entries], style, color=colour, marker="o", label=label)


def kpi_chart(analysis: dict[str, Any], kpi: str) -> bytes:
    """Mean and 95% CI of `kpi` over the first swept key; second key (if any) by line style."""
    keys = analysis["keys"]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.set_title(f"{kpi} against {keys[0]}")
    ax.set_xlabel(keys[0])
    ax.set_ylabel(kpi)
    rests = list(
        dict.fromkeys(tuple(s["point"][k] for k in keys[1:]) for s in analysis["summaries"])
    )
    for option, colour in zip(analysis["options"], SCENARIO_COLOURS * 3, strict=False):
        for rest, style in zip(rests, LINESTYLES * 5, strict=False):
            rows = [
                s
                for s in analysis["summaries"]
                if s["option"] == option and tuple(s["point"][k] for k in keys[1:]) == rest
            ]
            rows.sort(key=lambda s: s["point"][keys[0]])
            xs = [s["point"][keys[0]] for s in rows]
            entries = [s["kpis"][kpi] for s in rows]
            label = option + "".join(f", {k}={v}" for k, v in zip(keys[1:], rest, strict=True))
            _ci_line(ax, xs, entries, colour, style, label)
    ax.legend(fontsize=8)
    return _png(fig)


def benefit_chart(analysis: dict[str, Any]) -> bytes:
    """Net benefit of the first option over each other option, with 95% CI, and the zero line."""
    keys = analysis["keys"]
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.set_title(f"Net benefit of keeping {analysis['options'][0]}")
    ax.set_xlabel(keys[0])
    ax.set_ylabel("USD over the horizon")
    ax.axhline(0.0, color="#333333", linewidth=0.8)
    for (label, pair), colour in zip(
        analysis["break_even"].items(), SCENARIO_COLOURS[1:] * 3, strict=False
    ):
        rests = list(dict.fromkeys(tuple(r["point"][k] for k in keys[1:]) for r in pair["points"]))
        for rest, style in zip(rests, LINESTYLES * 5, strict=False):
            rows = sorted(
                (r for r in pair["points"] if tuple(r["point"][k] for k in keys[1:]) == rest),
                key=lambda r: r["point"][keys[0]],
            )
            xs = [r["point"][keys[0]] for r in rows]
            nb = [r["net_benefit_usd"] for r in rows]
            name = label + "".join(f", {k}={v}" for k, v in zip(keys[1:], rest, strict=True))
            _ci_line(ax, xs, nb, colour, style, name)
    ax.legend(fontsize=8)
    return _png(fig)
