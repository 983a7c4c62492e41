"""The staffing-options page: every bundled option for the reference practice on one footing.

Each option is run on the same random numbers as the combined baseline, so the table's
differences are paired: they come from the staffing, not from luck.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from sim.model.office import Replication
from sim.model.registry import Kpi, registry
from sim.outputs import charts
from sim.outputs.text import number as fmt
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.site import worked_case
from sim.site.options import plain_name
from sim.site.output import fingerprint, is_current, write_all
from sim.site.paths import ASSETS, SCENARIOS, SNIPPETS
from sim.site.shared_runs import replicate_each
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
TURNOVER_COLUMNS: tuple[Kpi, ...] = tuple(
    registry().kpis[k]
    for k in (
        "quits",
        "quits_om",
        "quits_ic",
        "vacancy_days",
        "replacement_cost_usd",
        "cohort_net_after_staffing_usd",
    )
)
"""The turnover table's columns: what quitting costs, and the net cash with it."""


def _cell(values: Sequence[float | None], kind: str) -> str:
    summary = describe(values)
    low, high = summary["ci95"]
    return f"{fmt(kind, summary['mean'])}<br><small>{fmt(kind, low)} to {fmt(kind, high)}</small>"


def _mean(values: Sequence[float | None]) -> float:
    """The replications' mean, as the results files give it; every option here has one."""
    mean = describe(values)["mean"]
    if mean is None:
        raise ValueError("no replication has a value")
    return mean


def with_turnover(scenario: Scenario) -> Scenario:
    """The same option with quits, vacancies and ramp-up switched on (the schema's defaults)."""
    data = scenario.model_dump(mode="json", by_alias=True)
    data["turnover"]["enabled"] = True
    return Scenario.model_validate(data)


def _run_all(root: Path, turnover: bool = False) -> dict[str, list[Replication]]:
    """Every option, keyed by its plain name, on the same random numbers."""
    scenarios = [load_scenario(root / SCENARIOS / f"{name}.yaml") for name in OPTIONS]
    if turnover:
        scenarios = [with_turnover(scenario) for scenario in scenarios]
    results = replicate_each([(s, SEED, range(REPS)) for s in scenarios])
    return {plain_name(root, name): r for name, r in zip(OPTIONS, results, strict=True)}


def _turnover_table(
    plain: dict[str, list[Replication]], churn: dict[str, list[Replication]]
) -> list[str]:
    """Each option with turnover on: quits, vacant shifts, replacement cost, net cash and its change."""
    header = [kpi.short_label for kpi in TURNOVER_COLUMNS] + [
        "Net from the year's claims: change from turnover (paired)"
    ]
    lines = ["| Option | " + " | ".join(header) + " |", "|---" * (len(header) + 1) + "|"]
    for name, results in churn.items():
        cells = [
            _cell([r.kpis.get(kpi.key, 0.0) for r in results], kpi.format)
            for kpi in TURNOVER_COLUMNS
        ]
        key = "cohort_net_after_staffing_usd"
        diff = paired_difference([r.kpis[key] for r in plain[name]], [r.kpis[key] for r in results])
        low, high = diff["ci95"]
        cells.append(
            f"{fmt('usd', diff['mean'], True)}<br><small>{fmt('usd', low, True)} to {fmt('usd', high, True)}</small>"
        )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _table(runs: dict[str, list[Replication]]) -> list[str]:
    lines = [
        "| Option | " + " | ".join(kpi.short_label for kpi in COLUMNS) + " |",
        "|---" * (len(COLUMNS) + 1) + "|",
    ]
    for name, results in runs.items():
        cells = [_cell([r.kpis[kpi.key] for r in results], kpi.format) for kpi in COLUMNS]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _returns(runs: dict[str, list[Replication]], baseline: str) -> list[str]:
    base = [r.kpis["cohort_net_after_staffing_usd"] for r in runs[baseline]]
    lines = [
        f"| Option | Net from the year's claims after staffing, minus {baseline.lower()} (paired mean) | 95% CI | Distinguishable from zero |",
        "|---|---|---|---|",
    ]
    for name, results in runs.items():
        if name == baseline:
            continue
        diff = paired_difference(base, [r.kpis["cohort_net_after_staffing_usd"] for r in results])
        low, high = diff["ci95"]
        lines.append(
            f"| {name} | {fmt('usd', diff['mean'])} | {fmt('usd', low)} to {fmt('usd', high)} | {'yes' if diff['distinguishable'] else 'no'} |"
        )
    return lines


def _reading(runs: dict[str, list[Replication]]) -> list[str]:
    means = {
        name: _mean([r.kpis["cohort_net_after_staffing_usd"] for r in results])
        for name, results in runs.items()
    }
    ranked = sorted(means, key=lambda name: means[name], reverse=True)
    over90 = {
        name: _mean([r.kpis["ar_over_90_share_end"] for r in results])
        for name, results in runs.items()
    }
    best, worst = ranked[0], ranked[-1]
    return [
        f"Following one settled year's claims to their end, {best.lower()} leaves the most insurance cash after staffing costs "
        f"({fmt('usd', means[best])} on average) and {worst.lower()} the least ({fmt('usd', means[worst])}). "
        f"The options rank, best first: {'; '.join(n.lower() for n in ranked)}.",
        "",
        f"The share of insurance A/R older than 90 days at the end of the year runs from {min(over90.values()):.1%} "
        f"({min(over90, key=lambda name: over90[name]).lower()}) to {max(over90.values()):.1%} ({max(over90, key=lambda name: over90[name]).lower()}). "
        "An option that keeps follow-up and appeals up to date costs wages or fees; one that saves "
        "them leaves more money in older A/R, at the payer or waiting for follow-up, and more of it "
        "is written off or paid late. The net counts the cash the year's claims brought in, each "
        "followed after the year until paid or written off, less staffing, fees and the cost "
        "of waiting for it. Read the paired table to see which differences are larger than the "
        "noise.",
    ]


def generate(root: Path) -> list[Path]:
    """Write the staffing-options tables, reading and charts, simulating only when inputs changed."""
    names = {name: plain_name(root, name) for name in OPTIONS}
    words = hashlib.sha256((root / "sim/site/worked_case.py").read_bytes()).hexdigest()
    settings = [SEED, REPS, OPTIONS, names, words]
    stamp = f"<!-- runs {fingerprint(root, 'sim/site/staffing.py', settings)} -->"
    products = [root / ASSETS / name for name in CHARTS] + [root / SNIPPETS / worked_case.FRAGMENT]
    if is_current(root / SNIPPETS / FRAGMENT, stamp, products):
        return []
    runs = _run_all(root)
    churn = _run_all(root, turnover=True)
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
        f"*Generated from {REPS} replications of one year per option, seed {SEED}; every option sees "
        "the same patients, claims and payer decisions in each replication. The scenario files are "
        'in the "reproduce it" box below.*',
        "",
        *_reading(runs),
        "",
        "### Each option (mean, 95% CI below)",
        "",
        *_table(runs),
        "",
        f"### Return of each option against {names[BASELINE].lower()} (paired over replications)",
        "",
        *_returns(runs, names[BASELINE]),
        "",
        "### With turnover",
        "",
        "The same options with `turnover.enabled: true` (the schema's default quit rates, hiring "
        "delay, ramp-up and replacement cost): each week a person may quit, more likely the "
        "more strain they carried over the last four weeks (busy time beyond a sustainable "
        "share of the shift, time past the shift, duties finished late); the post then stands "
        "vacant until the replacement starts, colleagues cover what they can (a sole person's "
        "work waits), and replacing the person costs a share of a year's loaded pay. The last "
        "column is the paired change in net collected after staffing against the same option "
        "without turnover.",
        "",
        *_turnover_table(runs, churn),
        "",
        '??? info "Reproduce it: the scenario files and commands"',
        "",
        "    | Option | Scenario file |",
        "    |---|---|",
        *(f"    | {names[n]} | `scenarios/{n}.yaml` |" for n in OPTIONS),
        "",
        "    ```sh",
        "    twohats compare "
        + " ".join(
            f"scenarios/{n}.yaml" for n in (BASELINE, *(o for o in OPTIONS if o != BASELINE))
        )
        + " \\",
        f"        --reps {REPS} --seed {SEED} --out results/",
        "    ```",
        "",
        "    For the turnover table, add `turnover: {enabled: true}` to each file (or to a file "
        "that `extends:` it) and run the same command.",
        "",
    ]
    by_scenario = {name: runs[names[name]] for name in OPTIONS}
    fragments = {
        FRAGMENT: "\n".join(text),
        worked_case.FRAGMENT: "\n".join(worked_case.render(by_scenario, names, REPS, SEED)),
    }
    return write_all(root / ASSETS, pictures) + write_all(root / SNIPPETS, fragments)
