"""The evidence page: combined vs separate roles, run from the bundled scenarios.

Runs the small and the reference practice with a fixed seed and number of replications,
and writes the KPI tables, paired differences, charts (each with alt text, caption and a
table equivalent) and a plain-language reading whose every number is taken from the same
records as the tables, so the prose cannot disagree with them.

Simulating takes about a minute, so the records are cached in a JSON file beside the
generated fragments, keyed by a fingerprint of the scenario files, the simulator's code,
this file and the package versions. Any change to those reruns the simulation.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.cli import comparison_record
from sim.model.kpis import BUCKET_COLUMNS, REASONS
from sim.model.office import Replication
from sim.outputs import charts
from sim.outputs.text import dollars
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.site.output import fingerprint, write_all
from sim.study.replications import default_jobs, replicate, summarise
from sim.study.stats import paired_difference

SEED = 1
REPS = 20
GROUPS: dict[str, tuple[str, ...]] = {
    "small": ("small-separate", "small-combined"),
    "reference": ("reference-separate", "reference-combined", "reference-protected-time"),
}
PRACTICE_NAMES = {"small": "small practice", "reference": "reference practice"}
SNIPPETS = Path("docs/_snippets/generated")
ASSETS = Path("docs/assets/generated")
CACHE = SNIPPETS / "evidence-runs.json"
IMAGE_PREFIX = "../assets/generated/"
SAMPLE_DAYS_EVERY = 30

KPIS: tuple[tuple[str, str, str], ...] = (
    ("days_in_ar", "Days in A/R", "days"),
    ("ar_over_90_share_end", "Share of A/R over 90 days (year end)", "share"),
    ("claim_lag_days_mean", "Claim lag: days from visit to first submission", "days"),
    ("unsubmitted_claims_end", "Claims not yet sent (year end)", "count"),
    ("ar_usd_end", "Insurance A/R (year end)", "usd"),
    ("collected_usd", "Insurance cash collected in the year", "usd"),
    ("written_off_usd", "Write-offs, all reasons", "usd"),
    *(
        (f"written_off_usd.{reason}", f"Write-offs: {reason.replace('_', ' ')}", "usd")
        for reason in REASONS
    ),
    ("denial_rate", "First-submission denial rate", "share"),
    ("om_tasks_late", "Office-manager duties done late", "count"),
)
HARM_WHEN_HIGHER = {
    "days_in_ar": True,
    "ar_over_90_share_end": True,
    "claim_lag_days_mean": True,
    "unsubmitted_claims_end": True,
    "collected_usd": False,
    "written_off_usd": True,
    "denial_rate": True,
    "om_tasks_late": True,
}
"""The KPIs the reading judges, and in which direction a change is harm."""


# --------------------------------------------------------------------------- formatting


def fmt(kind: str, value: float, signed: bool = False) -> str:
    """Format a KPI value (or, with `signed`, a difference) the same way everywhere."""
    sign = "+" if signed and value > 0 else ""
    if kind == "usd":
        return dollars(value, signed)
    if kind == "share":
        if signed:
            return f"{sign}{value * 100:.1f} points"
        return f"{value * 100:.1f}%"
    if kind == "hours":
        return f"{sign}{value:,.0f}"
    return f"{sign}{value:,.1f}"


def kind_of(kpi: str) -> str:
    """The display kind of a KPI key (usd, share, days, count)."""
    for key, _label, kind in KPIS:
        if key == kpi:
            return kind
    if kpi.startswith("utilization."):
        return "share"
    if kpi.startswith("overtime_hours."):
        return "hours"
    return "count"


def person_label(name: str) -> str:
    """'office_manager' -> 'office manager'."""
    return name.replace("_", " ")


def label_of(kpi: str) -> str:
    """The plain-language row label of a KPI."""
    for key, label, _kind in KPIS:
        if key == kpi:
            return label
    role, _, person = kpi.partition(".")
    if role == "utilization":
        return f"Utilisation: {person_label(person)}"
    if role == "overtime_hours":
        return f"Hours past the end of the shift: {person_label(person)}"
    return kpi


def mean_ci(entry: dict[str, Any], kind: str, signed: bool = False) -> str:
    """'55.2 (52.7 to 57.8)': a mean and its 95% CI."""
    low, high = entry["ci95"]
    return (
        f"{fmt(kind, entry['mean'], signed)} "
        f"({fmt(kind, low, signed)} to {fmt(kind, high, signed)})"
    )


# --------------------------------------------------------------------------- running


def _series(results: Sequence[Replication], column: str) -> np.ndarray:
    return charts.series(results, column)


def sample_days(horizon: int) -> list[int]:
    """Month-end days (every 30 days) and the last day: the rows of chart tables."""
    days = list(range(SAMPLE_DAYS_EVERY - 1, horizon, SAMPLE_DAYS_EVERY))
    if not days or days[-1] != horizon - 1:
        days.append(horizon - 1)
    return days


def _overlay_table(studies: dict[str, list[Replication]], column: str) -> dict[str, Any]:
    """Median and 10th-90th percentiles at sample days, per scenario (what the chart draws)."""
    horizon = len(next(iter(studies.values()))[0].daily)
    days = sample_days(horizon)
    rows = []
    for day in days:
        row: list[Any] = [day]
        for results in studies.values():
            values = _series(results, column)[:, day]
            low, mid, high = np.percentile(values, [10, 50, 90])
            row.append([round(float(mid), 2), round(float(low), 2), round(float(high), 2)])
        rows.append(row)
    return {"columns": list(studies), "rows": rows}


def _mean_table(results: list[Replication], columns: dict[str, str], cumulative: bool) -> dict:
    """Means across replications at sample days, one column per series."""
    days = sample_days(len(results[0].daily))
    means = {}
    for label, column in columns.items():
        daily = _series(results, column).mean(axis=0)
        means[label] = np.cumsum(daily) if cumulative else daily
    rows = [[day, *(round(float(means[c][day]), 2) for c in columns)] for day in days]
    return {"columns": list(columns), "rows": rows}


def _busy_hours_per_open_day(
    results: list[Replication], person: str, shift_hours: float, open_days: int
) -> float:
    """Mean hours a person was busy per open day (daily utilisation x shift length)."""
    daily = _series(results, f"utilization.{person}").sum(axis=1) * shift_hours
    return float(daily.mean() / open_days)


def _workload(scenario: Scenario, results: list[Replication]) -> dict[str, float]:
    """Volume and each person's load per open day, for the assumptions page."""
    cal = scenario.calendar
    open_days = sum(
        1
        for row in results[0].daily
        if row["weekday"] in cal.working_days and row["day"] not in cal.holidays_days
    )
    visits = float(np.mean([r.kpis["visits"] for r in results])) / open_days
    claims = float(np.mean([r.kpis["claims_created"] for r in results])) / open_days
    out = {
        "open_days": open_days,
        "visits_per_day": visits,
        "insured_visits_per_day": visits * scenario.practice.insured_share,
        "claims_per_day": claims,
    }
    for person in scenario.staff:
        out[f"busy_hours_per_day.{person.name}"] = _busy_hours_per_open_day(
            results, person.name, person.hours_per_day, open_days
        )
    return out


def _group_charts(group: str, studies: dict[str, list[Replication]]) -> dict[str, bytes]:
    """The PNGs of one practice, keyed by file name."""
    where = PRACTICE_NAMES[group]
    out = {
        f"evidence-{group}-backlog.png": charts.overlay(
            studies, "unsubmitted_claims", f"Claims waiting to be sent: {where}", "claims"
        ),
        f"evidence-{group}-ar-over-90.png": charts.overlay(
            studies, "ar_usd_90_plus", f"Insurance A/R over 90 days: {where}", "USD"
        ),
        f"evidence-{group}-cash.png": charts.overlay(
            studies, "cumulative_cash_usd", f"Cumulative insurance cash: {where}", "USD"
        ),
    }
    for name, results in studies.items():
        out[f"evidence-{group}-aging-{name}.png"] = charts.aging_stack(
            results, f"Insurance A/R by age: {name}"
        )
        out[f"evidence-{group}-write-offs-{name}.png"] = charts.write_offs_by_reason(
            results, f"Cumulative write-offs by reason: {name}"
        )
    return out


def _group_tables(studies: dict[str, list[Replication]]) -> dict[str, Any]:
    """The table equivalent of every chart of one practice."""
    tables: dict[str, Any] = {
        "backlog": _overlay_table(studies, "unsubmitted_claims"),
        "ar-over-90": _overlay_table(studies, "ar_usd_90_plus"),
        "cash": _overlay_table(studies, "cumulative_cash_usd"),
    }
    for name, results in studies.items():
        tables[f"aging-{name}"] = _mean_table(results, BUCKET_COLUMNS, cumulative=False)
        reasons = {r: f"written_off_usd.{r}" for r in REASONS}
        tables[f"write-offs-{name}"] = _mean_table(results, reasons, cumulative=True)
    return tables


def _run_group(root: Path, group: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Simulate one practice's scenarios; return its data record and its charts."""
    scenarios = [load_scenario(root / "scenarios" / f"{name}.yaml") for name in GROUPS[group]]
    studies = {s.name: replicate(s, SEED, range(REPS), default_jobs()) for s in scenarios}
    summaries = {name: summarise(results) for name, results in studies.items()}
    record = comparison_record(scenarios, SEED, studies, summaries)
    if len(scenarios) > 2:
        base, other = scenarios[1].name, scenarios[2].name
        record["more_differences"] = {
            f"{other} - {base}": {
                kpi: paired_difference(
                    [r.kpis[kpi] for r in studies[base]], [r.kpis[kpi] for r in studies[other]]
                )
                for kpi in summaries[base]
                if kpi in summaries[other]
            }
        }
    record["tables"] = _group_tables(studies)
    record["workload"] = {s.name: _workload(s, studies[s.name]) for s in scenarios}
    return record, _group_charts(group, studies)


@functools.cache
def load(root: Path) -> dict[str, Any]:
    """The evidence records: from the cache if it is current, else by simulating.

    Returns {"fingerprint", "groups": {group: record}, "charts": {file: bytes}}; charts
    are only present when the simulation actually ran (otherwise the PNGs on disk are
    already the ones these records belong to).
    """
    key = fingerprint(root, "sim/site/evidence.py", [SEED, REPS, GROUPS])
    cache = root / CACHE
    expected = _chart_names()
    if cache.is_file() and all((root / ASSETS / n).is_file() for n in expected):
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("fingerprint") == key:
            return {**data, "charts": {}}
    groups, pngs = {}, {}
    for group in GROUPS:
        groups[group], group_charts = _run_group(root, group)
        pngs.update(group_charts)
    data = {"fingerprint": key, "seed": SEED, "replications": REPS, "groups": groups}
    # Round-trip through JSON so a fresh run renders exactly as a cached one.
    return {**json.loads(json.dumps(data)), "charts": pngs}


def _chart_names() -> list[str]:
    """Every PNG the evidence page uses."""
    names = []
    for group, scenarios in GROUPS.items():
        names += [f"evidence-{group}-{c}.png" for c in ("backlog", "ar-over-90", "cash")]
        for name in scenarios:
            names += [
                f"evidence-{group}-aging-{name}.png",
                f"evidence-{group}-write-offs-{name}.png",
            ]
    return names


# --------------------------------------------------------------------------- tables


def kpi_rows(record: dict[str, Any]) -> list[str]:
    """The KPI keys shown for a practice: the fixed list, then each person's utilisation."""
    present = set().union(*(set(s) for s in record["kpis"].values()))
    people = sorted(k for k in present if k.startswith(("utilization.", "overtime_hours.")))
    return [k for k, _l, _k in KPIS if k in present] + people


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
