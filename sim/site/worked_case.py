"""The worked case's results and recommendation, written from the staffing options' runs.

The consultants' worked case reads the reference practice as its client: the status quo
(one person in both roles) against protected time, a part-time coordinator and a full-time
one. Its table and the sentences of its recommendation are built here from the paired
differences of the staffing page's runs, so what the page says an option recovers is what
the current model finds, not a claim typed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sim.model.office import Replication
from sim.model.registry import registry
from sim.outputs.text import number as fmt
from sim.study.stats import describe, paired_difference

STATUS_QUO = "reference-combined"
PROTECTED = "reference-protected-time"
PART_TIME = "reference-part-time-ic"
FULL_TIME = "reference-separate"
OPTIONS = (PROTECTED, PART_TIME, FULL_TIME)
CASH = "cohort_collected_usd"
"""The insurance money combining loses: the window's claims' cash, each followed to its end."""
NET = "cohort_net_after_staffing_usd"
LATE = "om_tasks_late"
COLUMNS = (
    "ar_over_90_share_end",
    "cohort_written_off_usd",
    LATE,
    "claim_lag_days_mean",
    "staff_cost_usd",
    NET,
)
FRAGMENT = "worked-case-results.md"
PORTIONS = (
    (0.0, "none"),
    (0.25, "little"),
    (0.5, "less than half"),
    (0.75, "more than half"),
    (0.95, "most"),
)
"""Upper bounds of a recovered share and their words; at or above the last, 'all or nearly all'."""


def portion_words(share: float) -> str:
    """'none', 'little', 'less than half', 'more than half', 'most' or 'all or nearly all'."""
    if share <= PORTIONS[0][0]:
        return PORTIONS[0][1]
    return next((words for bound, words in PORTIONS[1:] if share < bound), "all or nearly all")


def _values(results: Sequence[Replication], key: str) -> list[float | None]:
    return [r.kpis.get(key) for r in results]


def _diff(runs: dict[str, Sequence[Replication]], base: str, other: str, key: str) -> dict:
    return paired_difference(_values(runs[base], key), _values(runs[other], key))


def _mean(runs: dict[str, Sequence[Replication]], name: str, key: str) -> float:
    return float(describe([v for v in _values(runs[name], key) if v is not None])["mean"])


def _cell(entry: dict[str, Any], kind: str) -> str:
    low, high = entry["ci95"]
    return f"{fmt(kind, entry['mean'], True)} ({fmt(kind, low, True)} to {fmt(kind, high, True)})"


def _header(key: str) -> str:
    kpi = registry().kpis[key]
    return f"{kpi.short_label} ({kpi.unit})" if kpi.format == "days" else kpi.short_label


def table(runs: dict[str, Sequence[Replication]], names: dict[str, str]) -> list[str]:
    """Each option against the status quo: paired mean differences with their 95% CIs."""
    kinds = {key: registry().kpis[key].format for key in COLUMNS}
    lines = [
        "| Option against the status quo | " + " | ".join(_header(k) for k in COLUMNS) + " |",
        "| --- " * (len(COLUMNS) + 1) + "|",
    ]
    for option in OPTIONS:
        cells = [_cell(_diff(runs, STATUS_QUO, option, k), kinds[k]) for k in COLUMNS]
        lines.append(f"| {names[option]} | " + " | ".join(cells) + " |")
    return lines


def _late_words(diff: dict[str, Any]) -> str:
    """How the manager's own duties fare, from the paired difference in duties done late."""
    if not diff["distinguishable"]:
        return "the manager's own duties are done late about as often as before"
    more = diff["mean"] > 0
    return (
        f"the manager's own duties are done late {'more' if more else 'less'} often "
        f"({fmt('count', diff['mean'], True)} a year)"
    )


def _recovered(runs: dict[str, Sequence[Replication]], option: str, gap: float) -> float:
    gain = _diff(runs, STATUS_QUO, option, CASH)["mean"] or 0.0
    return gain / gap if gap > 0 else 0.0


def recommendation(runs: dict[str, Sequence[Replication]], names: dict[str, str]) -> list[str]:
    """The recommendation's bullets, each a reading of the paired runs."""
    full_gain = _diff(runs, STATUS_QUO, FULL_TIME, CASH)
    gap = full_gain["mean"] or 0.0
    lines = []
    if gap <= 0 or not full_gain["distinguishable"]:
        lines.append(
            f"- In these runs one person in both roles loses no insurance cash that the runs can "
            f"tell apart from zero against {names[FULL_TIME].lower()} "
            f"({_cell(full_gain, 'usd')} on the window's claims), so the case for any option "
            "rests on the manager's duties and a backup for absences, not on money recovered."
        )
    protected = _recovered(runs, PROTECTED, gap)
    late = _diff(runs, STATUS_QUO, PROTECTED, LATE)
    lines.append(
        f"- Protected time recovers {portion_words(protected)} of the insurance cash that "
        f"combining loses ({fmt('share', max(protected, 0.0))} of the "
        f"{fmt('usd', max(gap, 0.0))} gap to {names[FULL_TIME].lower()} on the year's claims) "
        f"at no extra staff cost, and {_late_words(late)}."
    )
    part = _recovered(runs, PART_TIME, gap)
    net_part, net_full = _mean(runs, PART_TIME, NET), _mean(runs, FULL_TIME, NET)
    net_diff = _diff(runs, PART_TIME, FULL_TIME, NET)
    sure = "" if net_diff["distinguishable"] else ", a difference the runs cannot tell from zero"
    low, high = net_diff["ci95"]
    lines.append(
        f"- {names[PART_TIME]} recovers {portion_words(part)} of it "
        f"({fmt('share', max(part, 0.0))}), and "
        f"{_late_words(_diff(runs, STATUS_QUO, PART_TIME, LATE))}. After staffing, the "
        f"year's claims leave {fmt('usd', net_part)} with a part-time coordinator and "
        f"{fmt('usd', net_full)} with a full-time one: full time minus part time is "
        f"{fmt('usd', net_diff['mean'], True)}, 95% interval {fmt('usd', low, True)} to "
        f"{fmt('usd', high, True)}{sure}."
    )
    nets = {name: _mean(runs, name, NET) for name in (STATUS_QUO, *OPTIONS)}
    best = max(nets, key=nets.get)
    lines.append(
        f"- On money alone, {names[best].lower()} leaves the most after staffing "
        f"({fmt('usd', nets[best])}). Read the intervals in the table before recommending on "
        "money: where a difference cannot be told from zero, the case rests on the manager's "
        "duties, the oldest A/R and a backup for absences."
    )
    return lines


def render(
    runs: dict[str, Sequence[Replication]], names: dict[str, str], reps: int, seed: int
) -> list[str]:
    """The fragment: how it was made, the table, and the recommendation's readings."""
    return [
        f"*From the staffing page's runs of the reference practice ({reps} paired replications "
        f"of one settled year per option, seed {seed}); the window's claims are followed to "
        "their end. Each cell is the option minus the status quo, with its 95% interval.*",
        "",
        *table(runs, names),
        "",
        "What the runs say, in the order the owner will ask:",
        "",
        *recommendation(runs, names),
        "",
    ]
