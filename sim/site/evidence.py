"""The evidence page: combined vs separate roles, run from the bundled scenarios.

Runs the small and the reference practice with a fixed seed and number of replications,
and writes the KPI tables, paired differences, charts (each with alt text, caption and a
table equivalent) and a plain-language reading whose every number is taken from the same
records as the tables, so the prose cannot disagree with them.

The simulated records come from `sim.site.runs` (cached there); which KPIs the tables show,
their labels, formats and which direction is harm come from the KPI registry.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.model.kpis import REASONS
from sim.model.registry import registry
from sim.outputs.text import mean_ci
from sim.outputs.text import number as fmt
from sim.site.output import write_all
from sim.site.paths import ASSETS, IMAGE_PREFIX, SNIPPETS
from sim.site.runs import CACHE, GROUPS, PRACTICE_NAMES, load

KPIS: tuple[str, ...] = registry().tables["evidence"]
"""The rows of the KPI and difference tables (then each person's utilisation and hours)."""
HARM_WHEN_HIGHER = {key: registry().kpis[key].higher_is_worse for key in registry().headline}
"""The KPIs the reading judges, and in which direction a change is harm."""


def kind_of(kpi: str) -> str:
    """The display format of a KPI key (usd, share, days, count, hours)."""
    return registry().format_of(kpi)


def label_of(kpi: str) -> str:
    """The plain-language row label of a KPI."""
    return registry().label_of(kpi)


def person_label(name: str) -> str:
    """'office_manager' -> 'office manager'."""
    return name.replace("_", " ")


# --------------------------------------------------------------------------- tables


def kpi_rows(record: dict[str, Any]) -> list[str]:
    """The KPI keys shown for a practice: the fixed list, then each person's utilisation."""
    present = set().union(*(set(s) for s in record["kpis"].values()))
    people = sorted(k for k in present if k.startswith(("utilization.", "overtime_hours.")))
    return [k for k in KPIS if k in present] + people


def kpi_table(record: dict[str, Any]) -> str:
    """Markdown: one row per KPI, one column per scenario, mean (95% CI)."""
    names = list(record["kpis"])
    lines = ["| KPI | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for kpi in kpi_rows(record):
        cells = []
        for name in names:
            entry = record["kpis"][name].get(kpi)
            cells.append("not in this scenario" if entry is None else mean_ci(entry, kind_of(kpi)))
        lines.append(f"| {label_of(kpi)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def all_differences(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every paired comparison of a practice, 'B - A' -> {kpi: difference}."""
    return {**record["differences"], **record.get("more_differences", {})}


def difference_table(record: dict[str, Any]) -> str:
    """Markdown: paired differences with 95% CIs, one column per comparison."""
    diffs = all_differences(record)
    labels = [label.replace(" - ", " minus ") for label in diffs]
    lines = ["| KPI | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for kpi in kpi_rows(record):
        cells = []
        for diff in diffs.values():
            d = diff.get(kpi)
            if d is None:
                cells.append("not in both")
                continue
            clear = "" if d["distinguishable"] else " (not distinguishable from 0)"
            cells.append(mean_ci(d, kind_of(kpi), signed=True) + clear)
        lines.append(f"| {label_of(kpi)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- reading


def _change(record: dict, first: str, second: str, kpi: str, diff_label: str) -> str:
    """'rose from X to Y (paired difference Z, 95% CI a to b)' for one KPI."""
    kind = kind_of(kpi)
    a = record["kpis"][first][kpi]["mean"]
    b = record["kpis"][second][kpi]["mean"]
    d = all_differences(record)[diff_label][kpi]
    low, high = d["ci95"]
    tail = (
        f"(paired difference {fmt(kind, d['mean'], True)}, "
        f"95% CI {fmt(kind, low, True)} to {fmt(kind, high, True)})"
    )
    unit = " days" if kind == "days" else ""
    if not d["distinguishable"]:
        return (
            f"were {fmt(kind, a)}{unit} and {fmt(kind, b)}{unit}, a difference the runs "
            f"cannot tell from zero {tail}"
        )
    verb = "rose" if d["mean"] > 0 else "fell"
    return f"{verb} from {fmt(kind, a)} to {fmt(kind, b)}{unit} {tail}"


def harm_level(record: dict, first: str, second: str, kpi: str, diff_label: str) -> str:
    """'little', 'some' or 'great': how much worse `second` is than `first` on a KPI.

    Little: not distinguishable from zero, better, or under 10% worse (under 2 points
    for shares). Great: at least 50% worse (10 points for shares). Some: in between.
    """
    d = all_differences(record)[diff_label][kpi]
    base = record["kpis"][first][kpi]["mean"]
    worse = d["mean"] if HARM_WHEN_HIGHER[kpi] else -d["mean"]
    if not d["distinguishable"] or worse <= 0:
        return "little"
    if kind_of(kpi) == "share":
        return "great" if worse >= 0.10 else "some" if worse >= 0.02 else "little"
    relative = worse / abs(base) if base else float("inf")
    return "great" if relative >= 0.5 else "some" if relative >= 0.10 else "little"


def _harm_lists(record: dict, first: str, second: str, diff_label: str) -> list[str]:
    """Bullet lines naming where combining did little and great harm."""
    levels: dict[str, list[str]] = {"little": [], "some": [], "great": []}
    for kpi in HARM_WHEN_HIGHER:
        if kpi in record["kpis"][first] and kpi in record["kpis"][second]:
            level = harm_level(record, first, second, kpi, diff_label)
            label = label_of(kpi)
            levels[level].append(label[0].lower() + label[1:])
    words = {
        "little": "Little or no harm (no clear difference, an improvement, or under 10% worse)",
        "some": "Some harm (10% to 50% worse)",
        "great": "Great harm (50% worse or more; 10 points or more for shares)",
    }
    return [
        f"- **{words[level]}:** {', '.join(names)}." for level, names in levels.items() if names
    ]


def _money_sentence(record: dict, first: str, second: str, diff_label: str) -> str:
    """Where the lost cash went: write-offs already, or A/R still open at year end."""
    diffs = all_differences(record)[diff_label]
    cash = -diffs["collected_usd"]["mean"]
    written = diffs["written_off_usd"]["mean"]
    ar = diffs["ar_usd_end"]["mean"]
    if cash <= 0:
        return "Combining did not reduce the cash collected in the year in these runs."
    text = (
        f"Of the {fmt('usd', cash)} less cash, write-offs account for {fmt('usd', written, True)} "
        f"and the insurance A/R still open at year end is {fmt('usd', ar, True)} higher. "
    )
    if written < 0.25 * cash:
        return text + (
            "So within one year most of the harm shows up as aged A/R and delayed cash, not yet "
            f"as write-offs. {_filing_limits(record)} Claims that are months old at the end "
            "of the run have not all been lost yet, but the older they get the closer they "
            "come to those limits."
        )
    return text + "A large part of the lost cash has already been written off within the year."


def _filing_limits(record: dict) -> str:
    """The payers' timely-filing limits, read from the first scenario of the record."""
    limits: dict[int, list[str]] = {}
    for payer in record["scenarios"][0]["payers"]:
        limits.setdefault(payer["timely_filing_days"], []).append(payer["name"])
    parts = [f"{days} days for {', '.join(names)}" for days, names in sorted(limits.items())]
    return "The timely-filing limits are " + "; ".join(parts) + "."


def _reasons_sentence(record: dict, diff_label: str) -> str:
    """Which write-off reasons moved, with their paired differences."""
    diffs = all_differences(record)[diff_label]
    moved = [
        f"{reason.replace('_', ' ')} {fmt('usd', diffs[key]['mean'], True)}"
        for reason in REASONS
        if (key := f"written_off_usd.{reason}") in diffs and diffs[key]["distinguishable"]
    ]
    if not moved:
        return "No write-off reason changed clearly."
    return (
        "By reason, the write-offs that changed clearly were: " + "; ".join(moved) + ". "
        "A claim that is never appealed cannot lose its appeal, so fewer appeal-lost "
        "write-offs here mean less appeal work done, not better results."
        if any(r.startswith("appeal lost -") for r in moved)
        else "By reason, the write-offs that changed clearly were: " + "; ".join(moved) + "."
    )


def _people_sentence(record: dict, names: Sequence[str]) -> str:
    """Utilisation of each person in each scenario, and OM duties done late."""
    parts = []
    for name in names:
        kpis = record["kpis"][name]
        people = [
            f"{person_label(k.split('.', 1)[1])} {fmt('share', kpis[k]['mean'])}"
            for k in sorted(kpis)
            if k.startswith("utilization.")
        ]
        parts.append(f"{name}: {', '.join(people)}")
    return "Utilisation (share of scheduled time spent working): " + "; ".join(parts) + "."


def reading(group: str, record: dict) -> str:
    """The plain-language reading of one practice, every number taken from `record`."""
    names = list(record["kpis"])
    first, second = names[0], names[1]
    label = f"{second} - {first}"
    where = PRACTICE_NAMES[group]
    c = functools.partial(_change, record, first, second, diff_label=label)
    lines = [
        f"In the {where}, when the office manager also does the insurance work "
        f"(`{second}` against `{first}`):",
        "",
        f"- Days in A/R {c(kpi='days_in_ar')}.",
        f"- The share of A/R over 90 days at year end {c(kpi='ar_over_90_share_end')}.",
        f"- Claim lag {c(kpi='claim_lag_days_mean')}; claims not yet sent at year end "
        f"{c(kpi='unsubmitted_claims_end')}.",
        f"- Insurance cash collected in the year {c(kpi='collected_usd')}.",
        f"- Write-offs {c(kpi='written_off_usd')}.",
        f"- Office-manager duties done late {c(kpi='om_tasks_late')}.",
        "",
        _money_sentence(record, first, second, label),
        "",
        _reasons_sentence(record, label),
        "",
        _people_sentence(record, names),
        "",
        *_harm_lists(record, first, second, label),
        "",
    ]
    if len(names) > 2:
        lines += _protected_reading(record, names)
    return "\n".join(lines)


def _protected_reading(record: dict, names: Sequence[str]) -> list[str]:
    """The third option: combined, with protected insurance blocks."""
    separate, combined, protected = names[:3]
    vs_combined = functools.partial(
        _change, record, combined, protected, diff_label=f"{protected} - {combined}"
    )
    vs_separate = functools.partial(
        _change, record, separate, protected, diff_label=f"{protected} - {separate}"
    )
    return [
        f"With protected insurance time (`{protected}`), against the plain combined role:",
        "",
        f"- Days in A/R {vs_combined(kpi='days_in_ar')}.",
        f"- The share of A/R over 90 days {vs_combined(kpi='ar_over_90_share_end')}.",
        f"- Insurance cash collected {vs_combined(kpi='collected_usd')}.",
        f"- Office-manager duties done late {vs_combined(kpi='om_tasks_late')}.",
        "",
        "Against two separate people, protected time still leaves:",
        "",
        f"- days in A/R that {vs_separate(kpi='days_in_ar')};",
        f"- insurance cash collected that {vs_separate(kpi='collected_usd')}.",
        "",
        *_harm_lists(record, separate, protected, f"{protected} - {separate}"),
        "",
    ]


def summary(data: dict[str, Any]) -> str:
    """One line per practice for the top of the page."""
    lines = []
    for group, record in data["groups"].items():
        first, second = list(record["kpis"])[:2]
        label = f"{second} - {first}"
        d = all_differences(record)[label]
        lines.append(
            f"- **{PRACTICE_NAMES[group].capitalize()}:** combining the roles changed days in A/R "
            f"by {fmt('days', d['days_in_ar']['mean'], True)} days, the share of A/R over 90 days "
            f"by {fmt('share', d['ar_over_90_share_end']['mean'], True)}, cash collected in the "
            f"year by {fmt('usd', d['collected_usd']['mean'], True)} and write-offs by "
            f"{fmt('usd', d['written_off_usd']['mean'], True)} (paired means over "
            f"{record['replications']} replications)."
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- figures


def _cell(kind: str, value: Any) -> str:
    if isinstance(value, list):
        mid, low, high = value
        return f"{fmt(kind, mid)} ({fmt(kind, low)} to {fmt(kind, high)})"
    return fmt(kind, value)


def chart_table(table: dict[str, Any], kind: str, first_header: str = "Day") -> str:
    """A chart's table equivalent as Markdown."""
    cols = table["columns"]
    lines = [f"| {first_header} | " + " | ".join(cols) + " |", "|---:|" + "---:|" * len(cols)]
    for day, *values in table["rows"]:
        lines.append(f"| {day} | " + " | ".join(_cell(kind, v) for v in values) + " |")
    return "\n".join(lines)


def _last(table: dict[str, Any], kind: str) -> str:
    """The last row of a chart table in words, for alt text."""
    day, *values = table["rows"][-1]
    parts = []
    for name, value in zip(table["columns"], values, strict=True):
        shown = value[0] if isinstance(value, list) else value
        parts.append(f"{name} {fmt(kind, shown)}")
    return f"On day {day}: " + ", ".join(parts) + "."


def figure(number: int, image: str, alt: str, caption: str, table_md: str) -> str:
    """A figure with alt text and caption, followed by its collapsible table equivalent."""
    indented = "\n".join(f"    {line}" for line in table_md.splitlines())
    return (
        f'<figure markdown="span">\n'
        f"  ![{alt}]({IMAGE_PREFIX}{image}){{ loading=lazy }}\n"
        f"  <figcaption>Figure {number}. {caption}</figcaption>\n"
        f"</figure>\n\n"
        f'??? note "Figure {number} as a table"\n\n{indented}\n'
    )


def _overlay_caption(what: str) -> str:
    return (
        f"{what} The line is the median over replications; the shaded band runs from the "
        "10th to the 90th percentile."
    )


def group_figures(group: str, record: dict[str, Any], start: int) -> tuple[str, int]:
    """All figures of one practice; returns the Markdown and the next figure number."""
    tables, names, out, n = record["tables"], list(record["kpis"]), [], start
    specs = [
        ("backlog", "count", "claims waiting to be sent", "Claims waiting to be sent, by day."),
        (
            "ar-over-90",
            "usd",
            "insurance A/R over 90 days in USD",
            "Insurance A/R over 90 days old, by day.",
        ),
        ("cash", "usd", "cumulative insurance cash in USD", "Cumulative insurance cash collected."),
    ]
    for key, kind, what, caption in specs:
        alt = f"Line chart of {what} for {', '.join(names)}. " + _last(tables[key], kind)
        table = chart_table(tables[key], kind)
        out.append(figure(n, f"evidence-{group}-{key}.png", alt, _overlay_caption(caption), table))
        n += 1
    for name in names:
        for key, what, caption in (
            ("aging", "mean insurance A/R by aging bucket", "Mean insurance A/R by aging bucket"),
            (
                "write-offs",
                "mean cumulative write-offs by reason",
                "Mean cumulative write-offs by reason",
            ),
        ):
            table = tables[f"{key}-{name}"]
            alt = f"Stacked or line chart of {what} for {name}, in USD. " + _last(table, "usd")
            out.append(
                figure(
                    n,
                    f"evidence-{group}-{key}-{name}.png",
                    alt,
                    f"{caption}: {name} (USD, mean over replications).",
                    chart_table(table, "usd"),
                )
            )
            n += 1
    return "\n".join(out), n


# --------------------------------------------------------------------------- page parts


def method(data: dict[str, Any]) -> str:
    """Where the numbers come from and how to reproduce them."""
    lines = [
        f"All numbers on this page come from {data['replications']} replications of one "
        f"simulated year per scenario, study seed {data['seed']}, with common random numbers: "
        "replication *k* of each scenario sees the same patients, claims and payer decisions, "
        "so the differences are paired. The scenario files are:",
        "",
    ]
    for group, names in GROUPS.items():
        files = ", ".join(f"`scenarios/{n}.yaml`" for n in names)
        lines.append(f"- {PRACTICE_NAMES[group].capitalize()}: {files}")
    lines += ["", "To reproduce the tables:", "", "```sh"]
    for names in GROUPS.values():
        files = " ".join(f"scenarios/{n}.yaml" for n in names)
        lines.append(
            f"twohats compare {files} --reps {data['replications']} --seed {data['seed']} --out results/"
        )
    lines += ["```", ""]
    return "\n".join(lines)


def render(data: dict[str, Any]) -> dict[str, str]:
    """Every Markdown fragment of the evidence page, keyed by file name."""
    files = {"evidence-method.md": method(data), "evidence-summary.md": summary(data)}
    number = 1
    for group, record in data["groups"].items():
        files[f"evidence-{group}-reading.md"] = reading(group, record)
        files[f"evidence-{group}-kpis.md"] = kpi_table(record)
        files[f"evidence-{group}-differences.md"] = difference_table(record)
        figures, number = group_figures(group, record, number)
        files[f"evidence-{group}-figures.md"] = figures
    return files


def generate(root: Path) -> list[Path]:
    """Run (or reuse) the evidence runs and write the fragments, charts and cache that changed."""
    data = load(root)
    cached = {k: v for k, v in data.items() if k != "charts"}
    outputs = {**render(data), CACHE.name: json.dumps(cached, indent=1) + "\n"}
    return write_all(root / ASSETS, data["charts"]) + write_all(root / SNIPPETS, outputs)
