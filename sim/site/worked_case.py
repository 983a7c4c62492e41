"""The worked case's results and recommendation, written from the staffing options' runs.

The consultants' worked case reads the reference practice as its client: the status quo
(one person in both roles) against protected time, a part-time coordinator and a full-time
one. Its table and the sentences of its recommendation are built here from the paired
differences of the staffing page's runs, so what the page says an option recovers is what
the current model finds, not a claim typed once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.model.office import Replication
from sim.model.registry import registry
from sim.outputs.text import number as fmt
from sim.study.stats import Difference, describe, paired_difference

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


def _diff(runs: Mapping[str, Sequence[Replication]], base: str, other: str, key: str) -> Difference:
    return paired_difference(_values(runs[base], key), _values(runs[other], key))


def _mean(runs: Mapping[str, Sequence[Replication]], name: str, key: str) -> float:
    mean = describe([v for v in _values(runs[name], key) if v is not None])["mean"]
    if mean is None:
        raise ValueError(f"{key}: no replication of {name} has a value")
    return mean


def _cell(entry: Difference, kind: str) -> str:
    low, high = entry["ci95"]
    return f"{fmt(kind, entry['mean'], True)} ({fmt(kind, low, True)} to {fmt(kind, high, True)})"


def _header(key: str) -> str:
    kpi = registry().kpis[key]
    return f"{kpi.short_label} ({kpi.unit})" if kpi.format == "days" else kpi.short_label


def table(runs: Mapping[str, Sequence[Replication]], names: dict[str, str]) -> list[str]:
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


def _late_words(diff: Difference) -> str:
    """How the manager's own duties fare, from the paired difference in duties done late."""
    mean = diff["mean"]
    if not diff["distinguishable"] or mean is None:  # a distinguishable one has its mean
        return "the manager's own duties are done late about as often as before"
    more = mean > 0
    return (
        f"the manager's own duties are done late {'more' if more else 'less'} often "
        f"({fmt('count', abs(mean))} {'more' if more else 'fewer'} a year)"
    )


def _signed_ci(entry: Difference) -> str:
    low, high = entry["ci95"]
    return (
        f"{fmt('usd', entry['mean'], True)} (95% interval {fmt('usd', low, True)} to "
        f"{fmt('usd', high, True)})"
    )


def recovery_words(gain: Difference, gap: float) -> str:
    """How much of the cash combining loses an option wins back, from its paired cash gain."""
    against = f"its year's claims bring in {_signed_ci(gain)} against the status quo"
    mean = gain["mean"]
    if not gain["distinguishable"] or mean is None:  # a distinguishable one has its mean
        return (
            "recovers none of the insurance cash that combining loses that the runs can tell "
            f"from zero ({against})"
        )
    if mean < 0:
        return f"recovers none of it and collects less than the status quo ({against})"
    share = mean / gap if gap > 0 else 0.0
    return (
        f"recovers {portion_words(share)} of the insurance cash that combining loses "
        f"({fmt('share', share)} of the gap; {against})"
    )


def _option_line(runs: Mapping[str, Sequence[Replication]], option: str, gap: float) -> str:
    """What one option wins back, what it costs in staff and what it does to the duties."""
    gain = _diff(runs, STATUS_QUO, option, CASH)
    cost = _diff(runs, STATUS_QUO, option, "staff_cost_usd")
    late = _diff(runs, STATUS_QUO, option, LATE)
    return (
        f"{recovery_words(gain, gap)}; its staff cost changes by "
        f"{fmt('usd', cost['mean'], True)} a year, and {_late_words(late)}"
    )


def recommendation(runs: Mapping[str, Sequence[Replication]], names: dict[str, str]) -> list[str]:
    """The recommendation's bullets, each a reading of the paired runs."""
    full_gain = _diff(runs, STATUS_QUO, FULL_TIME, CASH)
    gap = full_gain["mean"] or 0.0
    if gap > 0 and full_gain["distinguishable"]:
        first = (
            f"- Combining the roles costs insurance cash: with {names[FULL_TIME].lower()} the "
            f"year's claims bring in {_signed_ci(full_gain)} against the status quo. That is "
            "the gap the other options try to close."
        )
    else:
        first = (
            f"- In these runs one person in both roles loses no insurance cash that the runs "
            f"can tell from zero against {names[FULL_TIME].lower()} ({_signed_ci(full_gain)} "
            "on the year's claims), so the case for any option rests on the manager's duties "
            "and a backup for absences, not on money recovered."
        )
    net_diff = _diff(runs, PART_TIME, FULL_TIME, NET)
    sure = "" if net_diff["distinguishable"] else ", a difference the runs cannot tell from zero"
    nets = {name: _mean(runs, name, NET) for name in (STATUS_QUO, *OPTIONS)}
    best = max(nets, key=lambda name: nets[name])
    return [
        first,
        f"- {names[PROTECTED]} {_option_line(runs, PROTECTED, gap)}.",
        f"- {names[PART_TIME]} {_option_line(runs, PART_TIME, gap)}.",
        f"- After staffing, the year's claims leave {fmt('usd', nets[PART_TIME])} with a "
        f"part-time coordinator and {fmt('usd', nets[FULL_TIME])} with a full-time one: full "
        f"time minus part time is {_signed_ci(net_diff)}{sure}.",
        f"- On money alone, {names[best].lower()} leaves the most after staffing "
        f"({fmt('usd', nets[best])}). Read the intervals in the table before recommending on "
        "money: where a difference cannot be told from zero, the case rests on the manager's "
        "duties, the oldest A/R and a backup for absences.",
    ]


def render(
    runs: Mapping[str, Sequence[Replication]], names: dict[str, str], reps: int, seed: int
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
