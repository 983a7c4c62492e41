"""The break-even example on the consultants page, from a sweep run when the site is built.

The page explains `twohats sweep` with the small bundled practice: separate roles against one
person in both, from one to three dentists, over one year and over two. This generator runs
that sweep (the same grid, seed and analysis as the command) and writes the table and the
sentence the page includes, so the figures come from the current model and cannot go stale.

Cached like the staffing options: the fragment starts with a stamp of its inputs, and an
unchanged project is not simulated again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.outputs.text import number as fmt
from sim.scenario.loading import load_scenario
from sim.site.output import fingerprint, is_current, write_all
from sim.site.paths import SCENARIOS, SNIPPETS
from sim.site.shared_runs import replicate_each
from sim.study.sweep import Axis, analyse, grid

SEED = 1
REPS = 10
OPTIONS = ("small-separate", "small-combined")
KEY = "practice.providers.0.count"
VALUES = (1, 2, 3)
HORIZONS = (365, 730)
FRAGMENT = "consultants-break-even.md"


def _sweep(root: Path, horizon: int) -> dict[str, Any]:
    """The break-even analysis of the first option against the second at one horizon."""
    options = [load_scenario(root / SCENARIOS / f"{name}.yaml") for name in OPTIONS]
    points = grid(options, [Axis(KEY, VALUES)], {"horizon_days": horizon})
    results = replicate_each([(point.scenario, SEED, range(REPS)) for point in points])
    analysis = analyse(points, results, options[0].economics.late_cash_annual_rate_share)
    return analysis["break_even"][f"{OPTIONS[0]} vs {OPTIONS[1]}"]


WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _spelled(count: float) -> str:
    return WORDS.get(int(count), f"{count:g}") if count == int(count) else f"{count:g}"


def _years(horizon: int) -> str:
    years = horizon / 365
    return f"{_spelled(years)} year{'' if years == 1 else 's'}"


def _dentists(count: int) -> str:
    return f"{_spelled(count)} dentist{'' if count == 1 else 's'}"


def _usd_ci(entry: dict[str, Any]) -> str:
    low, high = entry["ci95"]
    return (
        f"{fmt('usd', entry['mean'], True)}<br><small>{fmt('usd', low, True)} to "
        f"{fmt('usd', high, True)}</small>"
    )


def _finding(horizon: int, pair: dict[str, Any]) -> str:
    """'a one-year sweep finds no break-even' or '... that separate roles pay from N dentists'."""
    found = pair["break_even"][0]
    sweep = f"a {_spelled(horizon / 365)}-year sweep"
    if found["value"] is None:
        return f"{sweep} finds no break-even from {_spelled(VALUES[0])} to {_dentists(VALUES[-1])}"
    nb = found["net_benefit_usd"]
    low, high = nb["ci95"]
    sure = "" if nb["distinguishable"] else ", not distinguishable from zero"
    return (
        f"{sweep} finds that separate roles pay from {_dentists(found['value'])}: "
        f"{fmt('usd', nb['mean'])} over {_years(horizon)} (95% CI {fmt('usd', low)} to "
        f"{fmt('usd', high)}{sure})"
    )


def _agreement(pairs: dict[int, dict[str, Any]]) -> str:
    """Whether the longer window changes where separate roles pay, in words."""
    found = [pairs[h]["break_even"][0]["value"] for h in HORIZONS]
    if len(set(found)) > 1:
        return (
            "The answer changes with the window's length, so judge a client on the length the "
            "owner plans for (`--set horizon_days=730` for two years)."
        )
    where = (
        f"separate roles pay from {_dentists(found[0])} at every length"
        if found[0] is not None
        else f"separate roles pay at no size from {_spelled(VALUES[0])} to {_dentists(VALUES[-1])}"
    )
    return f"The longer window does not change the answer: {where}."


def _unresolved(pairs: dict[int, dict[str, Any]]) -> str:
    """Whether any window's claims were still open when the run-out ended, in words."""
    points = [p for h in HORIZONS for p in pairs[h]["points"]]
    still_open = [p for p in points if (p.get("unresolved_avoided_usd") or {}).get("mean")]
    if not still_open:
        return (
            "Every point's difference in claims still open at the run-out's end is zero, so "
            "no money still owed stands outside the answer."
        )
    return (
        f"At {len(still_open)} of {len(points)} points the two options differ in claims still "
        "open when the run-out ended; those count as nothing, and a longer run-out "
        "(`--set study.run_out_days=1095`) follows them further."
    )


def render(pairs: dict[int, dict[str, Any]]) -> list[str]:
    """The sentence and the table: net benefit and write-offs avoided, per horizon and point."""
    findings = [_finding(h, pairs[h]) for h in HORIZONS]
    lines = [
        "For the small bundled practice (one dentist, one hygienist; "
        f"`scenarios/{OPTIONS[0]}.yaml` against `scenarios/{OPTIONS[1]}.yaml`, {REPS} paired "
        f"replications per point, seed {SEED}), "
        + "; ".join(findings)
        + ". "
        + _agreement(pairs)
        + " "
        + _unresolved(pairs),
        "",
        "| Dentists | "
        + " | ".join(
            f"Net benefit of separate roles, {_years(h)} | Write-offs of the window's claims, "
            f"one person minus two, {_years(h)}"
            for h in HORIZONS
        )
        + " |",
        "|---:|" + "---:|" * (2 * len(HORIZONS)),
    ]
    for i, value in enumerate(VALUES):
        cells = []
        for horizon in HORIZONS:
            row = pairs[horizon]["points"][i]
            cells += [
                _usd_ci(row["net_benefit_usd"]),
                fmt("usd", row["write_offs_avoided_usd"]["mean"], True),
            ]
        lines.append(f"| {value} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Both read the claims of the measured window (after a warm-up), each followed to its "
        "end: paid, written off, or still open when the run-out ended (counted as nothing). "
        "The net benefit is the paired mean with its 95% interval; write-offs are the paired "
        "mean. The commands:",
        "",
        "```sh",
        *(
            f"twohats sweep scenarios/{OPTIONS[0]}.yaml scenarios/{OPTIONS[1]}.yaml \\\n"
            f"  --vary {KEY}={VALUES[0]}..{VALUES[-1]}"
            + (f" --set horizon_days={h}" if h != 365 else "")
            + f" --reps {REPS} --seed {SEED} --out results/"
            for h in HORIZONS
        ),
        "```",
        "",
    ]
    return lines


def generate(root: Path) -> list[Path]:
    """Write the break-even fragment, simulating only when its inputs changed."""
    settings = [SEED, REPS, OPTIONS, KEY, VALUES, HORIZONS]
    stamp = f"<!-- runs {fingerprint(root, 'sim/site/break_even.py', settings)} -->"
    if is_current(root / SNIPPETS / FRAGMENT, stamp):
        return []
    pairs = {horizon: _sweep(root, horizon) for horizon in HORIZONS}
    return write_all(root / SNIPPETS, {FRAGMENT: "\n".join([stamp, "", *render(pairs)])})
