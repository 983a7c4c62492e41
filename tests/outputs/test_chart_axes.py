"""Chart y-axes read as a client reads numbers: dollars with separators, no "1e6" offset."""

from __future__ import annotations

import datetime

import matplotlib.pyplot as plt

from sim.outputs import charts


def test_dollar_and_count_ticks_have_separators() -> None:
    assert charts.axis_label("USD", 1_750_000) == "$1,750,000"
    assert charts.axis_label("cumulative write-offs (USD)", 50_000) == "$50,000"
    assert charts.axis_label("claims", 2_000) == "2,000"
    assert charts.axis_label("claims", 2.5) == "2.5"


def test_a_large_dollar_axis_has_no_offset_text() -> None:
    fig, ax = charts._figure("Cumulative insurance cash", "USD")
    ax.plot([0, 1, 2], [0, 900_000, 1_750_000])
    fig.canvas.draw()
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert ax.yaxis.get_offset_text().get_text() == ""
    assert any(label.startswith("$") and "," in label for label in labels)
    plt.close(fig)


def test_a_scenario_with_books_as_of_a_date_gets_dated_days() -> None:
    """Day 0 is the books' as-of date; ticks fall on the first of a month, the year shown on
    the first tick and where it changes, the axis says the as-of date."""
    start = datetime.date(2025, 3, 31)
    fig, ax = charts._figure("Insurance A/R", "USD")
    ax.plot([0, 364], [0, 1])
    charts.date_axis(ax, start, 364)
    fig.canvas.draw()
    ticks = [start + datetime.timedelta(days=int(t)) for t in ax.get_xticks()]
    labels = [tick.get_text() for tick in ax.get_xticklabels()]
    assert all(t.day == 1 for t in ticks) and 4 <= len(ticks) <= charts.MOST_DATE_TICKS
    assert labels[0] == "Apr\n2025" and any(label.endswith("\n2026") for label in labels)
    assert sum("\n" in label for label in labels) == 2
    assert "31 Mar 2025" in ax.get_xlabel() and "day" not in ax.get_xlabel()
    plt.close(fig)


def test_month_ticks_thin_out_over_a_long_horizon() -> None:
    ticks = charts.month_starts(datetime.date(2025, 1, 15), 3 * 365)
    assert len(ticks) <= charts.MOST_DATE_TICKS
    assert ticks[0] == datetime.date(2025, 2, 1)
    gaps = {
        (b.year - a.year) * 12 + b.month - a.month for a, b in zip(ticks, ticks[1:], strict=False)
    }
    assert len(gaps) == 1  # evenly spaced
