"""A study's results year by year of its window, read from the daily rows.

A client's scenario with opening books asks "from where we are": what each year of the
horizon brings, not only their sum. Flows (cash, write-offs, duties done late, overtime) are
summed over each year's days; stocks (A/R, its aged part, claims not yet sent, duties undone
past their due) are read on its last day. A year's duties late or undone (done late in it,
or undone past due at its end) is the om_tasks_late KPI's definition, year by year. A last year shorter than 365 days is reported for the days it has.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.model.daily import number
from sim.model.kpis import REASONS
from sim.model.office import Replication
from sim.study.stats import describe

YEAR_DAYS = 365
FLOWS = {
    "collected_usd": ("cash_usd",),
    "written_off_usd": tuple(f"written_off_usd.{r}" for r in REASONS),
}
STOCKS = {
    "ar_usd_end": "ar_usd",
    "ar_usd_90_plus_end": "ar_usd_90_plus",
    "unsubmitted_claims_end": "unsubmitted_claims",
    "unsubmitted_usd_end": "unsubmitted_usd",
}


def year_kpis(result: Replication, first: int, last: int) -> dict[str, float | None]:
    """One replication's figures for window days first..last (inclusive)."""
    daily = result.daily
    figures: dict[str, float | None] = {}
    for kpi, columns in FLOWS.items():
        figures[kpi] = round(
            sum(number(v) for c in columns for v in daily.column(c)[first : last + 1]), 2
        )
    stocks = {kpi: number(daily.column(column)[last]) for kpi, column in STOCKS.items()}
    figures.update(stocks)
    ar, aged = stocks["ar_usd_end"], stocks["ar_usd_90_plus_end"]
    figures["ar_over_90_share_end"] = aged / ar if ar else None
    late = daily.column("om_tasks_late_cumulative")
    done_late = number(late[last]) - (number(late[first - 1]) if first else 0.0)
    undone = number(daily.column("om_tasks_overdue")[last])
    figures["om_tasks_done_late"] = done_late
    figures["om_tasks_undone_end"] = undone
    figures["om_tasks_late_or_undone"] = done_late + undone
    overtime = [c for c in daily.columns if c.startswith("overtime_minutes.")]
    figures["overtime_hours"] = round(
        sum(number(v) for c in overtime for v in daily.column(c)[first : last + 1]) / 60.0, 2
    )
    return figures


def by_year(results: Sequence[Replication]) -> list[dict]:
    """Each year of the window: its days and every figure's mean and 95% CI over replications."""
    days = len(results[0].daily)
    years = []
    for year, first in enumerate(range(0, days, YEAR_DAYS), start=1):
        last = min(first + YEAR_DAYS, days) - 1
        rows = [year_kpis(r, first, last) for r in results]
        years.append(
            {
                "year": year,
                "days": [first, last],
                "kpis": {k: describe([row[k] for row in rows]) for k in rows[0]},
            }
        )
    return years
