"""The evidence page's plain-language reading of each practice: what combining the roles changed.

Every number in the reading is taken from the same records as the evidence tables
(`sim.site.evidence`), and each change is judged harmless, harmful or clearly harmful by the
thresholds in the KPI registry, so the prose cannot disagree with the tables or the answer.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sim.model.kpis import REASONS
from sim.model.registry import HARM_LEVELS, registry
from sim.outputs.text import number as fmt
from sim.site import turning
from sim.site.runs import PRACTICE_NAMES

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


def all_differences(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every paired comparison of a practice, 'B - A' -> {kpi: difference}."""
    return {**record["differences"], **record.get("more_differences", {})}


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

    Little: not distinguishable from zero, or better; otherwise by the registry's thresholds
    (kpis.yaml `harm:`), relative to `first`'s mean, in points for shares. Insurance cash is
    judged by the answer's own thresholds (`turning.cash_level`), so the lists and the answer
    at the top of the page give one verdict.
    """
    d = all_differences(record)[diff_label][kpi]
    base = record["kpis"][first][kpi]["mean"]
    if kpi == turning.CASH:
        return turning.cash_level(d, base)
    worse = d["mean"] if HARM_WHEN_HIGHER[kpi] else -d["mean"]
    if not d["distinguishable"] or worse <= 0:
        return "little"
    if kind_of(kpi) == "share":
        return turning.HARM.points.level(worse)
    relative = worse / abs(base) if base else float("inf")
    return turning.HARM.relative.level(relative)


def _harm_lists(record: dict, first: str, second: str, diff_label: str) -> list[str]:
    """Bullet lines naming where combining did little and great harm."""
    levels: dict[str, list[str]] = {level: [] for level in HARM_LEVELS}
    for kpi in HARM_WHEN_HIGHER:
        if kpi in record["kpis"][first] and kpi in record["kpis"][second]:
            level = harm_level(record, first, second, kpi, diff_label)
            label = label_of(kpi)
            levels[level].append(label[0].lower() + label[1:])
    return [
        f"- **{turning.harm_heading(level)}:** {', '.join(names)}."
        for level, names in levels.items()
        if names
    ]


def _money_sentence(record: dict, first: str, second: str, diff_label: str) -> str:
    """What became of the year's claims, each followed to its end: cash, write-offs, unresolved."""
    diffs = all_differences(record)[diff_label]
    cash = -diffs["cohort_collected_usd"]["mean"]
    written = diffs["cohort_written_off_usd"]["mean"]
    unresolved = diffs["cohort_unresolved_usd"]["mean"]
    days = _two_means(record, "cohort_days_to_cash_mean", first, second)
    waited = (
        f" Their cash took {fmt('days', days[0])} days from the visit on average with "
        f"{first.lower()} and {fmt('days', days[1])} with {second.lower()}."
        if days
        else ""
    )
    if cash <= 0:
        return (
            "Followed to their end, the year's claims brought in no less cash with "
            f"{second.lower()} in these runs.{waited}"
        )
    text = (
        f"Followed after the year until each was paid or written off, the year's claims "
        f"brought in {fmt('usd', cash)} less with {second.lower()}: write-offs account for "
        f"{fmt('usd', written, True)}"
    )
    if unresolved:
        text += (
            f", and claims still open when the follow-up ended (counted as nothing) for "
            f"{fmt('usd', unresolved, True)}"
        )
    return text + f"; the rest is the payers' contractual shortfall on what was paid.{waited}"


def _two_means(record: dict, kpi: str, first: str, second: str) -> list[float] | None:
    """A KPI's mean in each of two options, or None when either lacks it."""
    means = [record["kpis"][name].get(kpi, {}).get("mean") for name in (first, second)]
    return None if None in means else means


def _unsent_age(record: dict, first: str, second: str) -> str:
    """'; they had waited 0.3 and 7.0 days since their visit, on average': unsent claims' age."""
    ages = _two_means(record, "unsent_claim_age_days_mean_end", first, second)
    if ages is None:
        return ""
    return (
        f"; they had waited {fmt('days', ages[0])} and {fmt('days', ages[1])} days since their "
        "visit, on average"
    )


def _follow_up_wait(record: dict, first: str, second: str) -> str:
    """How long the follow-up calls made had waited since they fell due, in each option."""
    waits = _two_means(record, "follow_up_wait_days_mean", first, second)
    if waits is None:
        return "the wait for a follow-up call is not available in both options."
    return (
        f"the calls made had waited on average {fmt('days', waits[0])} days from the day they "
        f"fell due with {first.lower()}, and {fmt('days', waits[1])} days with {second.lower()}."
    )


def _reasons_sentence(record: dict, diff_label: str) -> str:
    """Which write-off reasons moved, with their paired differences."""
    diffs = all_differences(record)[diff_label]
    moved = [
        f"{reason.replace('_', ' ')} {fmt('usd', diffs[key]['mean'], True)}"
        for reason in REASONS
        if (key := f"cohort_written_off_usd.{reason}") in diffs and diffs[key]["distinguishable"]
    ]
    if not moved:
        return "No write-off reason of the year's claims changed clearly."
    return (
        "By reason, the write-offs of the year's claims that changed clearly were: "
        + "; ".join(moved)
        + ". "
        "A claim that is never appealed cannot lose its appeal, so fewer appeal-lost "
        "write-offs here mean less appeal work done, not better results."
        if any(r.startswith("appeal lost -") for r in moved)
        else "By reason, the write-offs of the year's claims that changed clearly were: "
        + "; ".join(moved)
        + "."
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
        f"({second.lower()}, against {first.lower()}):",
        "",
        f"- Insurance days in A/R {c(kpi='days_in_ar')}.",
        f"- The share of insurance A/R over 90 days at year end {c(kpi='ar_over_90_share_end')}.",
        f"- Claim lag {c(kpi='claim_lag_days_mean')}; claims not yet sent at year end "
        f"{c(kpi='unsubmitted_claims_end')}{_unsent_age(record, first, second)}.",
        f"- Follow-up calls on unpaid claims in the year {c(kpi='follow_ups')}; "
        f"{_follow_up_wait(record, first, second)}",
        f"- Insurance cash collected in the year {c(kpi='collected_usd')}.",
        f"- Write-offs of the year's claims, each followed to its end, "
        f"{c(kpi='cohort_written_off_usd')}.",
        f"- The share of the year's expected insurance collected "
        f"{c(kpi='cohort_collection_share')}.",
        f"- Office-manager duties done late or undone past due {c(kpi='om_tasks_late')}.",
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
        f"{protected}, against one person without protected time:",
        "",
        f"- Insurance days in A/R {vs_combined(kpi='days_in_ar')}.",
        f"- The share of insurance A/R over 90 days {vs_combined(kpi='ar_over_90_share_end')}.",
        f"- Insurance cash collected {vs_combined(kpi='collected_usd')}.",
        f"- Office-manager duties done late or undone past due {vs_combined(kpi='om_tasks_late')}.",
        "",
        "Against two separate people, protected time still leaves:",
        "",
        f"- insurance days in A/R that {vs_separate(kpi='days_in_ar')};",
        f"- insurance cash collected that {vs_separate(kpi='collected_usd')}.",
        "",
        *_harm_lists(record, separate, protected, f"{protected} - {separate}"),
        "",
    ]
