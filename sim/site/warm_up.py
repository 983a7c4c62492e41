"""The validation page's warm-up section: Welch's plot and the day each bundled office settles.

Runs `sim.study.welch` on every bundled scenario (cached like the other simulated fragments,
keyed by a fingerprint of the scenarios, the simulator's code and this file), draws the
smoothed money-waiting curve of each with the default warm-up marked, and says whether the
default in the schema is still the one the routine finds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.outputs.charts import SCENARIO_COLOURS, SCENARIO_LINES, _png, plt
from sim.outputs.text import number
from sim.scenario.loading import load_scenario
from sim.scenario.schema import WARM_UP_DAYS
from sim.site.output import fingerprint, write_if_changed
from sim.site.paths import ASSETS, IMAGE_PREFIX, SCENARIOS, SNIPPETS
from sim.study import welch
from sim.study.replications import default_jobs, replicate_each

OUT = SNIPPETS / "warm-up.md"
CACHE = SNIPPETS / "welch-runs.json"
CHART = "validation-welch.png"
SERIES_WORDS = {
    "money_waiting_usd": "insurance A/R plus claims not yet sent",
    "ar_usd_90_plus": "insurance A/R over 90 days",
}


def load(root: Path) -> dict[str, Any]:
    """Every bundled scenario's Welch curves: from the cache if current, else by simulating."""
    settings = [welch.DAYS, welch.REPLICATIONS, welch.SEED, welch.SMOOTHING_DAYS]
    key = fingerprint(root, "sim/site/warm_up.py", [*settings, welch.TOLERANCE_SHARE])
    cache = root / CACHE
    if cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("fingerprint") == key:
            return data
    paths = sorted((root / SCENARIOS).glob("*.yaml"))
    studies = [
        (welch.from_empty(load_scenario(path), welch.DAYS), welch.SEED, range(welch.REPLICATIONS))
        for path in paths
    ]
    curves = []
    for path, results in zip(paths, replicate_each(studies, default_jobs()), strict=True):
        for curve in welch.curves_of(path.stem, results):
            curves.append(
                {
                    "scenario": curve.scenario,
                    "series": curve.series,
                    "truncation": curve.truncation,
                    "drift": round(curve.drift, 2),
                    "settled": curve.settled,
                    "smoothed": [round(v, 2) for v in curve.smoothed],
                }
            )
    data = {"fingerprint": key, "curves": curves}
    write_if_changed(cache, json.dumps(data, sort_keys=True))
    return data


def chart(curves: list[dict[str, Any]], chosen: int) -> bytes:
    """The smoothed money-waiting curve of each scenario, with the default warm-up marked."""
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    ax.set_title("Welch's plot: offices started empty, smoothed over 5 replications")
    ax.set_xlabel("day from an empty office")
    ax.set_ylabel("USD: insurance A/R plus claims not yet sent")
    shown = [c for c in curves if c["series"] == "money_waiting_usd"]
    styles = zip(SCENARIO_COLOURS * 3, SCENARIO_LINES * 3, strict=True)
    for curve, (colour, line) in zip(shown, styles, strict=False):
        ax.plot(curve["smoothed"], color=colour, linestyle=line, label=curve["scenario"])
    ax.axvline(chosen, color="#333333", linewidth=1)
    ax.annotate(f"warm-up {chosen} days", (chosen, ax.get_ylim()[1] * 0.95), fontsize=8)
    ax.legend(loc="lower right", fontsize=7, ncols=2)
    ax.set_ylim(bottom=0)
    return _png(fig)


def render(curves: list[dict[str, Any]], found: int) -> str:
    lines = [
        "| Scenario | Series | Settles by day |",
        "|---|---|---:|",
    ]
    for curve in curves:
        words = SERIES_WORDS[curve["series"]]
        when = (
            str(curve["truncation"])
            if curve["settled"]
            else f"does not settle (still {number('usd', curve['drift'], True)} over the "
            "second half)"
        )
        lines.append(f"| `{curve['scenario']}` | {words} | {when} |")
    settled = [c for c in curves if c["settled"]]
    longest = max(settled, key=lambda c: c["truncation"])
    growing = sorted({c["scenario"] for c in curves if c not in settled})
    status = (
        f"The default warm-up, **{WARM_UP_DAYS} days**, is the one the routine finds."
        if found == WARM_UP_DAYS
        else f"**The routine now finds {found} days, but the default is {WARM_UP_DAYS}: "
        "update `WARM_UP_DAYS` in `sim/scenario/schema.py`.**"
    )
    last = len(curves[0]["smoothed"]) - 1
    alt = (
        "Line chart of the smoothed money waiting (A/R plus unsent claims) for each bundled "
        f"scenario from an empty office; the vertical line marks the warm-up of {found} days. "
        f"Last smoothed values (day {last}): "
        + ", ".join(
            f"{c['scenario']} {number('usd', c['smoothed'][-1])}"
            for c in curves
            if c["series"] == "money_waiting_usd"
        )
        + "."
    )
    return (
        "\n".join(lines)
        + "\n\n"
        + f"The longest of the curves that settle is `{longest['scenario']}` "
        f"({SERIES_WORDS[longest['series']]}, day {longest['truncation']}); rounded up to whole "
        f"weeks, {found} days. {status}"
        + (
            " "
            + ", ".join(f"`{name}`" for name in growing)
            + " did not settle in three years: its backlog keeps growing, so it has no settled "
            "state to warm up to, and its results depend on how long it has run."
            if growing
            else ""
        )
        + "\n\n"
        + f'<figure markdown="span">\n  ![{alt}]({IMAGE_PREFIX}{CHART}){{ loading=lazy }}\n'
        + "  <figcaption>Welch's plot: each line is the across-replication mean, smoothed "
        f"with a moving average of {2 * welch.SMOOTHING_DAYS + 1} days.</figcaption>\n"
        + "</figure>\n"
    )


def generate(root: Path) -> list[Path]:
    """Write the warm-up snippet and Welch's plot if they changed."""
    data = load(root)
    curves = data["curves"]
    found = welch.warm_up_days([c["truncation"] for c in curves if c["settled"]])
    stamp = f"<!-- runs {data['fingerprint']} -->"
    changed = []
    if write_if_changed(root / OUT, f"{stamp}\n\n{render(curves, found)}"):
        changed.append(root / OUT)
    if write_if_changed(root / ASSETS / CHART, chart(curves, found)):
        changed.append(root / ASSETS / CHART)
    return changed
