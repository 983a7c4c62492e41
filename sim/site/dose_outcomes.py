"""The second dose-response table: what the load does to the claims themselves.

Beside the cash table of `turning.dose_rows`, one row per level with the window's claims
followed to their end (write-offs, with the paired difference and the reasons behind the one
person's), the share of A/R over 90 days, days in A/R, claim lag and the office duties the one
person missed. Every number comes from the dose records (`sim.site.dose`).
"""

from __future__ import annotations

from typing import Any

from sim.model.claim import WriteOffReason
from sim.model.registry import registry
from sim.outputs.text import number as fmt

WRITE_OFFS = "cohort_written_off_usd"
REASONS = tuple(
    r.value
    for r in (
        WriteOffReason.APPEAL_LOST,
        WriteOffReason.APPEAL_WINDOW,
        WriteOffReason.TIMELY_FILING,
        WriteOffReason.AGED_OUT,
    )
)
"""Write-off reasons shown under the one person's total, named as the registry's labels of
their write-offs end (`... write-offs, appeal lost`)."""
COLUMNS = (
    (WRITE_OFFS, "two people / one person"),
    ("cohort_collection_share", "two / one"),
    ("ar_over_90_share_end", "two / one"),
    ("days_in_ar", "two / one"),
    ("claim_lag_days_mean", "one"),
    ("om_hard_duties_missed", "one"),
)
"""The table's KPI columns, headed by the registry's short labels, and whose figures they show."""


def reason_words(reason: str) -> str:
    """'appeal lost': a write-off reason as the registry's labels name it."""
    return reason.replace("_", " ")


def header() -> str:
    """The table's header row: the KPIs by their registry short labels."""
    kpis = registry().kpis
    cells = [f"{kpis[key].short_label}<br><small>{whose}</small>" for key, whose in COLUMNS]
    cells.insert(1, "One person against two (95% interval)")
    return "| Interruptions an hour | " + " | ".join(cells) + " |"


def _mean(kpis: dict[str, Any], name: str) -> float | None:
    entry = kpis.get(name)
    return None if entry is None else entry["mean"]


def _reasons(kpis: dict[str, Any]) -> str:
    """The one person's write-offs by reason, largest first, leaving out those near zero."""
    parts = [
        (value, reason_words(key))
        for key in REASONS
        if (value := _mean(kpis, f"{WRITE_OFFS}.{key}")) and value >= 0.5
    ]
    return "; ".join(f"{words} {fmt('usd', value)}" for value, words in sorted(parts, reverse=True))


def outcome_rows(record: dict[str, Any]) -> list[str]:
    """The table: one row per level, two people beside one where both matter."""
    separate, combined = record["options"]
    lines = [header(), "|---:|" + "---:|" * (len(COLUMNS) + 1)]
    for point in record["points"]:
        two, one = (point["options"][name]["kpis"] for name in (separate, combined))
        difference = point["differences"][WRITE_OFFS]
        low, high = difference["ci95"]
        reasons = _reasons(one)
        lines.append(
            f"| {point['interruptions_per_hour']:g} "
            f"| {fmt('usd', _mean(two, WRITE_OFFS))} / {fmt('usd', _mean(one, WRITE_OFFS))}"
            + (f"<br><small>{reasons}</small>" if reasons else "")
            + f" | {fmt('usd', difference['mean'], True)}<br><small>{fmt('usd', low, True)} to "
            f"{fmt('usd', high, True)}</small> "
            f"| {fmt('share', _mean(two, 'cohort_collection_share'))} / "
            f"{fmt('share', _mean(one, 'cohort_collection_share'))} "
            f"| {fmt('share', _mean(two, 'ar_over_90_share_end'))} / "
            f"{fmt('share', _mean(one, 'ar_over_90_share_end'))} "
            f"| {fmt('days', _mean(two, 'days_in_ar'))} / {fmt('days', _mean(one, 'days_in_ar'))} "
            f"| {fmt('days', _mean(one, 'claim_lag_days_mean'))} "
            f"| {fmt('count', _mean(one, 'om_hard_duties_missed'))} |"
        )
    return lines


def outcome_intro() -> str:
    """What the second table shows and why the year's claims are followed past the year."""
    return (
        "The same runs, read for the claims themselves. Each year's claims are followed after "
        "the year until they are paid or written off (or two years have passed), so a write-off "
        "that falls after the year's end is still counted against the year that made it. The "
        "share of A/R over 90 days is the practice's aging report at the year's end."
    )
