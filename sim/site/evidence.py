"""The evidence page: combined vs separate roles, run from the bundled scenarios.

Runs the small and the reference practice with a fixed seed and number of replications,
and writes the KPI tables, paired differences, charts (each with alt text, caption and a
table equivalent) and a plain-language reading whose every number is taken from the same
records as the tables, so the prose cannot disagree with them.

The simulated records come from `sim.site.runs` (cached there); which KPIs the tables show,
their labels, formats and which direction is harm come from the KPI registry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sim.model.registry import registry
from sim.outputs.text import mean_ci
from sim.outputs.text import number as fmt
from sim.site import dose, dose_outcomes, turning
from sim.site.evidence_reading import (
    all_differences,
    kind_of,
    label_of,
    reading,
)
from sim.site.options import plain_name
from sim.site.output import write_all
from sim.site.paths import ASSETS, IMAGE_PREFIX, SNIPPETS
from sim.site.runs import CACHE, GROUPS, PRACTICE_NAMES, load

KPIS: tuple[str, ...] = registry().tables["evidence"]
"""The rows of the KPI and difference tables (then each person's utilisation and hours)."""


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


def group_figures(
    group: str, record: dict[str, Any], files: Sequence[str], start: int
) -> tuple[str, int]:
    """All figures of one practice; returns the Markdown and the next figure number.

    `record` carries plain option names; `files` the scenario names in the same order,
    which name the chart files and their tables.
    """
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
    for name, file in zip(names, files, strict=True):
        for key, what, caption in (
            ("aging", "mean insurance A/R by aging bucket", "Mean insurance A/R by aging bucket"),
            (
                "write-offs",
                "mean cumulative write-offs by reason",
                "Mean cumulative write-offs by reason",
            ),
        ):
            table = tables[f"{key}-{file}"]
            alt = f"Stacked or line chart of {what} for {name.lower()}, in USD. " + _last(
                table, "usd"
            )
            out.append(
                figure(
                    n,
                    f"evidence-{group}-{key}-{file}.png",
                    alt,
                    f"{caption}: {name} (USD, mean over replications).",
                    chart_table(table, "usd"),
                )
            )
            n += 1
    return "\n".join(out), n


# --------------------------------------------------------------------------- page parts


def _plainly(root: Path, record: dict[str, Any]) -> dict[str, Any]:
    """The record with each scenario name replaced by the option's plain name, for labels."""
    names = {name: plain_name(root, name) for name in record["kpis"]}

    def pair(label: str) -> str:
        second, first = label.split(" - ")
        return f"{names[second]} - {names[first]}"

    return {
        **record,
        "kpis": {names[k]: v for k, v in record["kpis"].items()},
        "differences": {pair(k): v for k, v in record["differences"].items()},
        "more_differences": {pair(k): v for k, v in record.get("more_differences", {}).items()},
        "tables": {
            key: {**table, "columns": [names.get(c, c) for c in table["columns"]]}
            for key, table in record["tables"].items()
        },
    }


def reproduce(data: dict[str, Any], doses: dict[str, Any]) -> str:
    """The "reproduce it" box: which scenario file is which option, and the commands."""
    lines = [
        '??? info "Reproduce it: the scenario files and commands"',
        "",
        f"    The tables and the first picture come from {data['replications']} replications "
        f"of one simulated year per option, study seed {data['seed']}, with common random "
        "numbers: replication *k* of each option sees the same patients, claims and payer "
        "decisions, so the differences are paired.",
        "",
        "    | Practice | Option | Scenario file |",
        "    |---|---|---|",
    ]
    for group, names in GROUPS.items():
        for name in names:
            lines.append(
                f"    | {PRACTICE_NAMES[group].capitalize()} | {data['names'][name]} | "
                f"`scenarios/{name}.yaml` |"
            )
    lines += ["", "    ```sh"]
    for names in GROUPS.values():
        files = " ".join(f"scenarios/{n}.yaml" for n in names)
        lines.append(
            f"    twohats compare {files} --reps {data['replications']} --seed {data['seed']} "
            "--out results/"
        )
    levels = ", ".join(f"{x:g}" for x in dose.LEVELS)
    lines += [
        "    ```",
        "",
        f"    The turning-load section runs the two-people and one-person files of each "
        f"practice with `practice.front_desk.interruption_share: 0` and "
        f"`om_work.interruptions_per_hour` set to {levels}, {doses['replications']} "
        f"replications each (few, to keep the site build affordable; the intervals are "
        f"wide for that reason), seed {doses['seed']}. The workload shares are the "
        "estimate of `sim/scenario/workload.py` (volumes times mean task times, against "
        "paid hours), which `twohats validate` also prints.",
        "",
    ]
    return "\n".join(lines)


def answer(data: dict[str, Any]) -> str:
    """The page's opening: one line per practice and the picture."""
    lines = [
        turning.answer_lines(PRACTICE_NAMES[group], data["names"], record)[0]
        for group, record in data["groups"].items()
    ]
    lines += ["", turning.verdict_key()]
    alt = "Bar chart of insurance cash in the year and insurance A/R over 90 days at year end, "
    alt += "two people against one person, for each practice, with 95% intervals."
    table = _answer_table(data)
    lines += [
        "",
        figure(
            0,
            "evidence-answer.png",
            alt,
            "What combining the roles does, for each practice (mean over "
            f"{data['replications']} replications; the whiskers are 95% intervals).",
            table,
        )
        .replace("Figure 0. ", "")
        .replace("Figure 0 as a table", "The picture as a table"),
    ]
    return "\n".join(lines) + "\n"


def _answer_table(data: dict[str, Any]) -> str:
    lines = [
        f"| Practice | Option | {label_of(turning.CASH)} | {label_of(turning.AGED)} |",
        "|---|---|---:|---:|",
    ]
    for group, record in data["groups"].items():
        for name in list(record["kpis"])[:2]:
            cells = [mean_ci(record["kpis"][name][k], "usd") for k in (turning.CASH, turning.AGED)]
            lines.append(
                f"| {PRACTICE_NAMES[group].capitalize()} | {data['names'][name]} | "
                + " | ".join(cells)
                + " |"
            )
    return "\n".join(lines)


def dose_section(doses: dict[str, Any], names: dict[str, str]) -> str:
    """The turning load: sentences, the picture and one table per practice."""
    lines = [turning.turning_sentence(PRACTICE_NAMES[g], r) for g, r in doses["groups"].items()]
    alt = (
        "Line charts of insurance cash in the year and insurance A/R over 90 days against "
        "interruptions an hour reaching the manager, two people and one person, for each "
        "practice."
    )
    tables = []
    for group, record in doses["groups"].items():
        tables += [
            f"**{PRACTICE_NAMES[group].capitalize()}**",
            "",
            *turning.dose_rows(record, names),
            "",
            dose_outcomes.outcome_intro(),
            "",
            *dose_outcomes.outcome_rows(record),
            "",
        ]
    lines = [" ".join(lines), ""]
    lines.append(
        figure(
            0,
            "evidence-dose.png",
            alt,
            f"Insurance cash and aged A/R as interruptions rise (mean of {doses['replications']} "
            "replications per point; the whiskers are 95% intervals of each option's mean, "
            "which include how much one year differs from another. The differences in the "
            "tables below are paired, so their intervals are much narrower.",
            "",
        )
        .split("??? note")[0]
        .replace("Figure 0. ", "")
    )
    lines += tables
    return "\n".join(lines) + "\n"


def render(data: dict[str, Any], doses: dict[str, Any], root: Path) -> dict[str, str]:
    """Every Markdown fragment of the evidence page, keyed by file name."""
    data = {**data, "names": {n: plain_name(root, n) for names in GROUPS.values() for n in names}}
    files = {
        "evidence-answer.md": answer(data),
        "evidence-dose.md": dose_section(doses, data["names"]),
        "evidence-reproduce.md": reproduce(data, doses),
    }
    number = 1
    for group, raw in data["groups"].items():
        record = _plainly(root, raw)
        files[f"evidence-{group}-reading.md"] = reading(group, record)
        files[f"evidence-{group}-kpis.md"] = kpi_table(record)
        files[f"evidence-{group}-differences.md"] = difference_table(record)
        figures, number = group_figures(group, record, GROUPS[group], number)
        files[f"evidence-{group}-figures.md"] = figures
    return files


def generate(root: Path) -> list[Path]:
    """Run (or reuse) the evidence runs and write the fragments, charts and caches that changed."""
    data = load(root)
    doses = dose.load(root)
    cached = {k: v for k, v in data.items() if k != "charts"}
    outputs = {
        **render(data, doses, root),
        CACHE.name: json.dumps(cached, indent=1) + "\n",
        dose.CACHE.name: json.dumps(doses, indent=1) + "\n",
    }
    labels = {g: PRACTICE_NAMES[g] for g in GROUPS}
    pictures = {
        **data["charts"],
        "evidence-answer.png": turning.answer_chart(data["groups"], labels),
        "evidence-dose.png": turning.dose_chart(doses["groups"], labels),
    }
    return write_all(root / ASSETS, pictures) + write_all(root / SNIPPETS, outputs)
