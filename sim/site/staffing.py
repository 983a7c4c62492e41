"""The staffing-options page: every bundled option for the reference practice on one footing.

Each option is run on the same random numbers as the combined baseline, so the table's
differences are paired: they come from the staffing, not from luck.
"""

from __future__ import annotations

from pathlib import Path

from sim.model.office import Replication
from sim.model.registry import Kpi, registry
from sim.outputs import charts
from sim.outputs.text import number as fmt
from sim.scenario.loading import load_scenario
from sim.site.output import fingerprint, is_current, write_all
from sim.site.paths import ASSETS, SCENARIOS, SNIPPETS
from sim.study.replications import default_jobs, replicate
from sim.study.stats import describe, paired_difference

SEED = 1
REPS = 8
BASELINE = "reference-combined"
OPTIONS = (
    "reference-separate",
    "reference-combined",
    "reference-protected-time",
    "reference-part-time-ic",
    "reference-cross-trained",
    "reference-overtime",
    "reference-outsourced",
)
FRAGMENT = "staffing-options.md"
CHARTS = ("staffing-cash.png", "staffing-ar90.png")
COLUMNS: tuple[Kpi, ...] = registry().table("staffing")
"""The table's KPI columns, headed by their short labels (from the KPI registry)."""


def _cell(values: list[float], kind: str) -> str:
    summary = describe(values)
    low, high = summary["ci95"]
    return f"{fmt(kind, summary['mean'])}<br><small>{fmt(kind, low)} to {fmt(kind, high)}</small>"


def _run_all(root: Path) -> dict[str, list[Replication]]:
    jobs = default_jobs()
    runs = {}
    for name in OPTIONS:
        scenario = load_scenario(root / SCENARIOS / f"{name}.yaml")
        runs[name] = replicate(scenario, SEED, range(REPS), jobs)
    return runs


def _table(runs: dict[str, list[Replication]]) -> list[str]:
    lines = [
        "| Option | " + " | ".join(kpi.short_label for kpi in COLUMNS) + " |",
        "|---" * (len(COLUMNS) + 1) + "|",
    ]
    for name, results in runs.items():
        cells = [_cell([r.kpis[kpi.key] for r in results], kpi.format) for kpi in COLUMNS]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return lines


def _returns(runs: dict[str, list[Replication]]) -> list[str]:
    base = [r.kpis["net_collected_after_staffing_usd"] for r in runs[BASELINE]]
    lines = [
        "| Option | Net collected after staffing, minus the combined baseline (paired mean) | 95% CI | Distinguishable from zero |",
        "|---|---|---|---|",
    ]
    for name, results in runs.items():
        if name == BASELINE:
            continue
        diff = paired_difference(
            base, [r.kpis["net_collected_after_staffing_usd"] for r in results]
        )
        low, high = diff["ci95"]
        lines.append(
            f"| `{name}` | {fmt('usd', diff['mean'])} | {fmt('usd', low)} to {fmt('usd', high)} | {'yes' if diff['distinguishable'] else 'no'} |"
        )
    return lines


def _reading(runs: dict[str, list[Replication]]) -> list[str]:
    means = {
        name: describe([r.kpis["net_collected_after_staffing_usd"] for r in results])["mean"]
        for name, results in runs.items()
    }
    ranked = sorted(means, key=means.get, reverse=True)
    over90 = {
        name: describe([r.kpis["ar_over_90_share_end"] for r in results])["mean"]
        for name, results in runs.items()
    }
    best, worst = ranked[0], ranked[-1]
    return [
        f"Over one simulated year, `{best}` leaves the most insurance cash after staffing costs "
        f"({fmt('usd', means[best])} on average) and `{worst}` the least ({fmt('usd', means[worst])}). "
        f"The options rank, best first: {', '.join(f'`{n}`' for n in ranked)}.",
        "",
        f"The share of A/R older than 90 days at the end of the year runs from {min(over90.values()):.1%} "
        f"(`{min(over90, key=over90.get)}`) to {max(over90.values()):.1%} (`{max(over90, key=over90.get)}`). "
        "An option that keeps claims moving costs wages or fees; one that saves them leaves cash waiting "
        "at the payer or never sent. Read the paired table to see which differences are larger than the noise.",
    ]


def generate(root: Path) -> list[Path]:
    """Write the staffing-options tables, reading and charts, simulating only when inputs changed."""
    stamp = f"<!-- runs {fingerprint(root, 'sim/site/staffing.py', [SEED, REPS, OPTIONS])} -->"
    if is_current(root / SNIPPETS / FRAGMENT, stamp, [root / ASSETS / name for name in CHARTS]):
        return []
    runs = _run_all(root)
    pictures = {
        "staffing-cash.png": charts.overlay(
            runs, "cumulative_cash_usd", "Cumulative insurance cash by staffing option", "USD"
        ),
        "staffing-ar90.png": charts.overlay(
            runs, "ar_usd_90_plus", "Insurance A/R over 90 days by staffing option", "USD"
        ),
    }
    text = [
        stamp,
        "",
        f"*Generated from the seven `scenarios/reference-*.yaml` files, {REPS} replications each, seed {SEED}, "
        "one year; every option sees the same patients, claims and payer decisions in each replication.*",
        "",
        *_reading(runs),
        "",
        "### Each option (mean, 95% CI below)",
        "",
        *_table(runs),
        "",
        f"### Return of each option against `{BASELINE}` (paired over replications)",
        "",
        *_returns(runs),
        "",
    ]
    fragments = {FRAGMENT: "\n".join(text)}
    return write_all(root / ASSETS, pictures) + write_all(root / SNIPPETS, fragments)
