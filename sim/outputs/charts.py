"""Charts of a study's daily series, as PNGs with deterministic bytes."""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from sim.model.kpis import BUCKET_COLUMNS, REASONS  # noqa: E402
from sim.model.office import Replication  # noqa: E402
from sim.outputs.names import display_name  # noqa: E402
from sim.outputs.text import number  # noqa: E402
from sim.scenario.schema import Scenario  # noqa: E402

plt.rcParams.update(
    {"svg.hashsalt": "twohats", "font.size": 9, "axes.grid": True, "grid.alpha": 0.3}
)

BUCKET_COLOURS = ("#4c9f70", "#e0b040", "#e07b39", "#c0392b")
SCENARIO_COLOURS = ("#1f6fb2", "#c0392b", "#7b4fa8", "#2e8b57", "#d4860b", "#555555")
SCENARIO_LINES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 2)))
"""A line style per scenario, so the lines still differ when printed in grey."""
REASON_COLOURS = ("#c0392b", "#e07b39", "#7b4fa8", "#888888", "#1f6fb2")


def series(results: Sequence[Replication], column: str) -> np.ndarray:
    """A (replications x days) array of one daily column."""
    return np.array([r.daily.column(column) for r in results], dtype=float)


def _band(
    ax: Axes, days: np.ndarray, values: np.ndarray, colour: str, label: str, line: object = "-"
) -> None:
    """Median line with a 10-90% band across replications."""
    low, mid, high = np.percentile(values, [10, 50, 90], axis=0)
    ax.fill_between(days, low, high, color=colour, alpha=0.2, linewidth=0)
    ax.plot(days, mid, color=colour, label=label, linewidth=1.5, linestyle=line)


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def axis_label(ylabel: str, value: float) -> str:
    """A y-axis tick as a client reads it: dollars with separators on a USD axis ($1,500,000,
    not 1.5 with "1e6" above the axis), whole counts with separators otherwise."""
    if "USD" in ylabel:
        return number("usd", value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


MOST_DATE_TICKS = 8


def month_starts(start: datetime.date, days: int) -> list[datetime.date]:
    """The first day of each month from `start` to `days` later, thinned to at most
    MOST_DATE_TICKS evenly spaced months (a tick a month, two months, a quarter...)."""
    found, when = [], datetime.date(start.year, start.month, 1)
    while (when - start).days <= days:
        if when >= start:
            found.append(when)
        when = datetime.date(when.year + when.month // 12, when.month % 12 + 1, 1)
    step = -(-len(found) // MOST_DATE_TICKS) or 1
    return found[::step]


def date_axis(ax: Axes, start: datetime.date, days: int) -> None:
    """Calendar dates on a day-number x axis: day 0 is `start` (the books' as-of date)."""
    ticks = month_starts(start, days)
    ax.set_xticks([(t - start).days for t in ticks])
    years = [None, *(t.year for t in ticks)]
    ax.set_xticklabels(
        [
            f"{t:%b}\n{t.year}" if t.year != before else f"{t:%b}"
            for t, before in zip(ticks, years, strict=False)
        ]
    )
    ax.set_xlim(0, days)
    ax.set_xlabel(f"date (the books are as of {start.day} {start:%b %Y})")


def _figure(title: str, ylabel: str) -> tuple[Figure, Axes]:
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.set_title(title)
    ax.set_xlabel("day of the simulated period")
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: axis_label(ylabel, value)))
    return fig, ax


def _dated(ax: Axes, start: datetime.date | None, days: int) -> None:
    if start is not None:
        date_axis(ax, start, days - 1)


def overlay(
    studies: Mapping[str, Sequence[Replication]],
    column: str,
    title: str,
    ylabel: str,
    start: datetime.date | None = None,
) -> bytes:
    """One daily column for several scenarios (keyed by the name the legend shows): median
    and 10-90% band each; dated from `start` when the scenario has an as-of date."""
    fig, ax = _figure(title, ylabel)
    styles = zip(SCENARIO_COLOURS * 3, SCENARIO_LINES * 3, strict=True)
    for (name, results), (colour, line) in zip(studies.items(), styles, strict=False):
        values = series(results, column)
        _band(ax, np.arange(values.shape[1]), values, colour, name, line)
        _dated(ax, start, values.shape[1])
    ax.legend(loc="upper left", fontsize=8)
    ax.set_ylim(bottom=0)
    return _png(fig)


def aging_stack(
    results: Sequence[Replication], title: str, start: datetime.date | None = None
) -> bytes:
    """Mean insurance A/R by aging bucket, stacked."""
    fig, ax = _figure(title, "insurance A/R (USD)")
    layers = [series(results, column).mean(axis=0) for column in BUCKET_COLUMNS.values()]
    ax.stackplot(
        np.arange(len(layers[0])),
        layers,
        labels=[f"{b} days" for b in BUCKET_COLUMNS],
        colors=BUCKET_COLOURS,
    )
    _dated(ax, start, len(layers[0]))
    ax.legend(loc="upper left", fontsize=8)
    return _png(fig)


def write_offs_by_reason(results: Sequence[Replication], title: str) -> bytes:
    """Mean cumulative write-offs, one line per reason."""
    fig, ax = _figure(title, "cumulative write-offs (USD)")
    for reason, colour in zip(REASONS, REASON_COLOURS, strict=True):
        daily = series(results, f"written_off_usd.{reason}").mean(axis=0)
        ax.plot(
            np.arange(len(daily)), np.cumsum(daily), label=reason.replace("_", " "), color=colour
        )
    ax.legend(loc="upper left", fontsize=8)
    ax.set_ylim(bottom=0)
    return _png(fig)


def write_offs_overlay(
    studies: dict[str, Sequence[Replication]], title: str, start: datetime.date | None = None
) -> bytes:
    """Cumulative write-offs (all reasons) for several scenarios."""
    fig, ax = _figure(title, "cumulative write-offs (USD)")
    styles = zip(SCENARIO_COLOURS * 3, SCENARIO_LINES * 3, strict=True)
    for (name, results), (colour, line) in zip(studies.items(), styles, strict=False):
        values = series(results, "cumulative_written_off_usd")
        _band(ax, np.arange(values.shape[1]), values, colour, name, line)
        _dated(ax, start, values.shape[1])
    ax.legend(loc="upper left", fontsize=8)
    ax.set_ylim(bottom=0)
    return _png(fig)


def run_charts(name: str, results: Sequence[Replication]) -> dict[str, bytes]:
    """The four charts of a single-scenario run."""
    one = {name: results}
    return {
        "unsubmitted_backlog.png": overlay(
            one, "unsubmitted_claims", f"Claims waiting to be sent: {name}", "claims"
        ),
        "ar_aging.png": aging_stack(results, f"Insurance A/R by age: {name}"),
        "write_offs_by_reason.png": write_offs_by_reason(
            results, f"Cumulative write-offs by reason: {name}"
        ),
        "cumulative_cash.png": overlay(
            one, "cumulative_cash_usd", f"Cumulative insurance cash: {name}", "USD"
        ),
    }


def compare_charts(
    studies: Mapping[str, Sequence[Replication]], scenarios: Sequence[Scenario] = ()
) -> dict[str, bytes]:
    """Side-by-side charts for a comparison: the options by their display names, the days as
    dates when the scenarios open with books as of a date (day 0)."""
    shown = {s.name: display_name(s) for s in scenarios}
    starts = {s.opening.as_of for s in scenarios}
    start = starts.pop() if len(starts) == 1 else None
    named = {shown.get(name, name): results for name, results in studies.items()}
    charts = {
        "unsubmitted_backlog.png": overlay(
            named, "unsubmitted_claims", "Claims waiting to be sent", "claims", start
        ),
        "ar_total.png": overlay(
            named, "ar_usd", "Insurance A/R on claims sent (the aging report's basis)", "USD", start
        ),
        "ar_over_90.png": overlay(
            named, "ar_usd_90_plus", "Insurance A/R over 90 days", "USD", start
        ),
        "write_offs.png": write_offs_overlay(named, "Cumulative write-offs", start),
        "cumulative_cash.png": overlay(
            named, "cumulative_cash_usd", "Cumulative insurance cash", "USD", start
        ),
    }
    for name, results in studies.items():
        title = f"Insurance A/R by age: {shown.get(name, name)}"
        charts[f"ar_aging.{name}.png"] = aging_stack(results, title, start)
    return charts
