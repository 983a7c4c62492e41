"""Chart y-axes read as a client reads numbers: dollars with separators, no "1e6" offset."""

from __future__ import annotations

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
