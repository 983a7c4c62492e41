"""The KPIs of one replication: each part of the office reports its own, this step merges them.

Like desmod's result hooks: the ledger, the insurance desk, the office-manager work, the
daily recorder, turnover and each worker have a `results()` method returning their KPI
entries; `kpis` merges those and adds the two money KPIs that need more than one part
(the outside billing fee and the net cash after staffing). Nothing here looks inside a part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sim.model.claim import WriteOffReason
from sim.scenario.schema import Outsourcing

BUCKET_COLUMNS = {
    "0-30": "ar_usd_0_30",
    "31-60": "ar_usd_31_60",
    "61-90": "ar_usd_61_90",
    "90+": "ar_usd_90_plus",
}
"""Aging bucket -> the column (daily rows) and KPI stem (`<stem>_end`) of its dollars."""
REASONS = tuple(r.value for r in WriteOffReason)

Kpi = float | None
"""A KPI's value: None where it has nothing to measure (no claim paid, no one employed)."""
Results = Mapping[str, Kpi]


def usd(cents: int | float) -> float:
    """Whole cents as dollars, rounded to the cent."""
    return round(cents / 100.0, 2)


def cents(dollars: float) -> int:
    """Dollars from `usd` back to whole cents (exact below about $90 billion)."""
    return round(dollars * 100)


def amount(results: Results, key: str) -> float:
    """A money or count KPI that always has a value (only shares and averages can be empty)."""
    value = results[key]
    if value is None:
        raise ValueError(f"KPI {key} has no value")
    return value


def merge(parts: Sequence[Results]) -> dict[str, Kpi]:
    """One dict of every part's entries, in the parts' order; a KPI reported twice is a bug."""
    merged: dict[str, Kpi] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"KPIs reported by two parts: {', '.join(sorted(twice))}")
        merged.update(part)
    return merged


def money(results: Results, service: Outsourcing) -> dict[str, float]:
    """The outside billing fee and the insurance cash left after paying for the work."""
    fee_cents = round(
        cents(amount(results, "collected_via_service_usd")) * service.fee_collections_share
    )
    fee_cents += round(amount(results, "outsourced_claims") * service.fee_per_claim_usd * 100)
    spent = (
        cents(amount(results, "staff_cost_usd"))
        + fee_cents
        + cents(amount(results, "replacement_cost_usd"))
    )
    return {
        "outsourcing_fee_usd": usd(fee_cents),
        "net_collected_after_staffing_usd": usd(cents(amount(results, "collected_usd")) - spent),
    }


COSTS = ("staff_cost_usd", "outsourcing_fee_usd", "replacement_cost_usd")
"""What the work of the window cost."""


def cohort_net(results: Results) -> dict[str, float]:
    """The window's claims' cash, followed to their end, less waiting for it and the window's
    costs: the money the break-even compares options on."""
    spent = sum(cents(amount(results, key)) for key in ("cohort_cash_wait_cost_usd", *COSTS))
    return {
        "cohort_net_after_staffing_usd": usd(cents(amount(results, "cohort_collected_usd")) - spent)
    }


def kpis(
    parts: Sequence[Results], people: Sequence[Results], service: Outsourcing
) -> dict[str, Kpi]:
    """The end-of-horizon KPIs of one replication: the parts', the money, then each person's."""
    merged = merge(parts)
    merged.update(money(merged, service))
    return merge([merged, *people])
