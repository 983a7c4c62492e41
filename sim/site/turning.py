"""The parts of the evidence page that judge harm: the answer at the top and the turning load.

`harm_words` turns a paired difference in insurance cash into words with the registry's
thresholds (kpis.yaml `harm:`), which also give the words of the evidence reading's harm lists;
`answer` and `answer_chart` are the page's opening (one picture: cash and aged A/R for each
practice, two people against one, with 95% intervals); `dose_section` and `dose_chart` show
how the answer changes as more interruptions reach the manager, beside the workload of the
one person as a share of their paid hours. Every number comes from the records passed in.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from sim.model.registry import HARM_LEVELS, registry  # noqa: E402
from sim.outputs.text import number as fmt  # noqa: E402

HARM = registry().harm
"""The thresholds and words of the judgement of harm (kpis.yaml `harm:`)."""
COLOURS = ("#1f6fb2", "#c0392b")
CASH, AGED = HARM.cash_kpi, "ar_usd_90_plus_end"
LATE = "om_tasks_late"
"""Office-manager duties done late or still undone past due: where an overloaded one person's
time runs short once the claims have to go out within a week."""


def cash_level(difference: dict[str, Any], separate_mean: float) -> str:
    """'little', 'some' or 'great': the harm of the paired cash difference, by the cash
    thresholds (less cash as a share of two people's; no clear difference is little)."""
    loss = -difference["mean"] / separate_mean if separate_mean else 0.0
    return HARM.cash.level(loss) if difference["distinguishable"] else "little"


def harm_words(difference: dict[str, Any], separate_mean: float) -> str:
    """'does little harm', 'does some harm' or 'clearly hurts', from the paired cash difference."""
    return HARM.verdicts[cash_level(difference, separate_mean)]


def thresholds_in_words() -> dict[str, str]:
    """Each threshold as the page's sentences state it, by its placeholder name."""
    shown = {}
    for level in HARM_LEVELS[1:]:
        shown[f"relative_{level}"] = f"{getattr(HARM.relative, level):.0%}"
        shown[f"points_{level}"] = f"{round(getattr(HARM.points, level) * 100, 6):g}"
        shown[f"cash_{level}"] = fmt("share", getattr(HARM.cash, level))
    return shown


def harm_heading(level: str) -> str:
    """The heading of one harm list, its thresholds written in from the registry."""
    return HARM.headings[level].format(**thresholds_in_words())


def verdict_key() -> str:
    """What the three verdicts mean, from the thresholds."""
    little, clear = fmt("share", HARM.cash.some), fmt("share", HARM.cash.great)
    return (
        f"*Little harm* means less than {little} less insurance cash than two people, or a "
        f"difference the runs cannot tell from zero; *some harm* {little} to {clear}; "
        f"*clearly hurts* {clear} or more."
    )


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _ci(entry: dict[str, Any]) -> str:
    low, high = entry["ci95"]
    return f"95% interval {fmt('usd', low, True)} to {fmt('usd', high, True)}"


def answer_lines(where: str, names: dict[str, str], record: dict[str, Any]) -> list[str]:
    """One practice's answer: the cash and aged A/R of one person against two, in words."""
    separate, combined = list(record["kpis"])[:2]
    diff = record["differences"][f"{combined} - {separate}"]  # names: scenario -> plain name
    cash = record["kpis"][separate][CASH]["mean"]
    loss = -diff[CASH]["mean"]
    verdict = harm_words(diff[CASH], cash)
    return [
        f"- **{where.capitalize()}: combining {verdict}.** {names[combined]} collected "
        f"{fmt('usd', abs(loss))} {'less' if loss > 0 else 'more'} insurance cash in the year "
        f"than two people in the two roles ({fmt('share', abs(loss) / cash if cash else 0.0)} of "
        f"{fmt('usd', cash)}; {_ci(diff[CASH])}), and ended the year with "
        f"{fmt('usd', abs(diff[AGED]['mean']))} "
        f"{'more' if diff[AGED]['mean'] > 0 else 'less'} insurance A/R over 90 days "
        f"({_ci(diff[AGED])})."
    ]


def answer_chart(groups: dict[str, dict[str, Any]], labels: dict[str, str]) -> bytes:
    """Two panels (cash, aged A/R): for each practice, two people and one, mean with 95% CI."""
    fig, axes = plt.subplots(1, 2, figsize=(8.5, 3.4))
    practices = list(groups)
    for ax, (kpi, title) in zip(
        axes,
        (
            (CASH, "Insurance cash collected in the year"),
            (AGED, "Insurance A/R over 90 days, year end"),
        ),
        strict=True,
    ):
        for k in range(2):
            means: list[float] = []
            errors: list[list[float]] = [[], []]
            for group in practices:
                entry = groups[group]["kpis"][list(groups[group]["kpis"])[k]][kpi]
                low, high = entry["ci95"]
                means.append(entry["mean"] / 1000)
                errors[0].append((entry["mean"] - low) / 1000)
                errors[1].append((high - entry["mean"]) / 1000)
            xs = [i + (k - 0.5) * 0.38 for i in range(len(practices))]
            label = ("Two people", "One person in both roles")[k]
            ax.bar(xs, means, 0.36, yerr=errors, capsize=4, color=COLOURS[k], label=label)
        ax.set_xticks(range(len(practices)), [labels[g].capitalize() for g in practices])
        ax.set_title(title)
        ax.set_ylabel("thousand USD")
    axes[0].legend(loc="lower left", fontsize=8)
    return _png(fig)


# --------------------------------------------------------------------------- turning load


def _person(point: dict[str, Any], name: str) -> dict[str, float]:
    """The load of the person doing the insurance work in option `name` at one point."""
    loads = point["options"][name]["loads"]
    key = "insurance_coordinator" if "insurance_coordinator" in loads else next(iter(loads))
    return loads[key]


def _short(kpi: str) -> str:
    """A KPI's column header: its registry short label."""
    return registry().kpis[kpi].short_label


def _span(values: list[float], kind: str = "usd") -> str:
    low, high = min(values), max(values)
    return fmt(kind, low) if low == high else f"{fmt(kind, low)} to {fmt(kind, high)}"


def dose_rows(record: dict[str, Any], names: dict[str, str]) -> list[str]:
    """A line on the two-person option, then one row per level for the one person."""
    separate, combined = record["options"]
    two = [p["options"][separate]["kpis"] for p in record["points"]]
    lines = [
        f"Two people: insurance cash {_span([k[CASH]['mean'] for k in two])}, insurance A/R "
        f"over 90 days {_span([k[AGED]['mean'] for k in two])} at year end and "
        f"{_span([k[LATE]['mean'] for k in two], 'count')} office-manager duties done late or "
        "undone past due, over these levels. The last column counts the one person's "
        "office-manager duties done late or still undone past due.",
        "",
        "| Interruptions an hour | One person's workload (before / with interruptions) | "
        f"{_short(CASH)} | Against two people (95% interval) and verdict | {_short(AGED)} | "
        f"{_short(LATE)} |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for point in record["points"]:
        a, b = point["options"][separate]["kpis"], point["options"][combined]["kpis"]
        d = point["differences"][CASH]
        low, high = d["ci95"]
        load = _person(point, combined)
        lines.append(
            f"| {point['interruptions_per_hour']:g} | {fmt('share', load['before'])} / "
            f"{fmt('share', load['with'])} | {fmt('usd', b[CASH]['mean'])} | "
            f"{fmt('usd', d['mean'], True)}<br><small>{fmt('usd', low, True)} to "
            f"{fmt('usd', high, True)}</small><br>{harm_words(d, a[CASH]['mean'])} | "
            f"{fmt('usd', b[AGED]['mean'])} | {fmt('count', b[LATE]['mean'])} |"
        )
    return lines


def turning_sentence(where: str, record: dict[str, Any]) -> str:
    """How the verdict changes over the levels run, each stretch with the one person's load.

    For example: "In the small practice, combining does little harm at 0 to 2 interruptions
    an hour (the one person's work takes 83% to 99% of their paid hours) and does some harm
    at 3 to 4 (107% to 116%)."
    """
    separate, combined = record["options"]
    stretches: list[tuple[str, list[dict[str, Any]]]] = []
    for point in record["points"]:
        base = point["options"][separate]["kpis"][CASH]["mean"]
        words = harm_words(point["differences"][CASH], base)
        if stretches and stretches[-1][0] == words:
            stretches[-1][1].append(point)
        else:
            stretches.append((words, [point]))
    parts = []
    for n, (words, points) in enumerate(stretches):
        first, last = points[0], points[-1]
        levels = f"{first['interruptions_per_hour']:g}"
        loads = fmt("share", _person(first, combined)["with"])
        if len(points) > 1:
            levels += f" to {last['interruptions_per_hour']:g}"
            loads += f" to {fmt('share', _person(last, combined)['with'])}"
        unit = " interruptions an hour" if n == 0 else ""
        whose = "the one person's work takes " if n == 0 else ""
        tail = " of their paid hours" if n == 0 else ""
        parts.append(f"{words} at {levels}{unit} ({whose}{loads}{tail})")
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"In the {where}, combining {joined}."


def dose_chart(groups: dict[str, dict[str, Any]], labels: dict[str, str]) -> bytes:
    """Cash and aged A/R against interruptions an hour, two people and one, mean with 95% CI."""
    fig, axes = plt.subplots(2, len(groups), figsize=(8.5, 5.6), squeeze=False)
    for col, (group, record) in enumerate(groups.items()):
        for row, (kpi, what) in enumerate(
            ((CASH, "insurance cash in the year"), (AGED, "A/R over 90 days, year end"))
        ):
            ax = axes[row][col]
            xs = [p["interruptions_per_hour"] for p in record["points"]]
            for k, name in enumerate(record["options"]):
                entries = [p["options"][name]["kpis"][kpi] for p in record["points"]]
                means = [e["mean"] / 1000 for e in entries]
                err = [
                    [(e["mean"] - e["ci95"][0]) / 1000 for e in entries],
                    [(e["ci95"][1] - e["mean"]) / 1000 for e in entries],
                ]
                label = ("Two people", "One person in both roles")[k]
                ax.errorbar(
                    xs, means, yerr=err, capsize=3, marker="o", color=COLOURS[k], label=label
                )
            ax.set_title(f"{labels[group].capitalize()}: {what}")
            ax.set_ylabel("thousand USD")
            ax.set_xlabel("interruptions an hour reaching the manager")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    return _png(fig)
