"""Welch's method: the moving average, the day a curve settles, and a curve that never does."""

from __future__ import annotations

import numpy as np
import pytest

from sim.study.welch import drift, moving_average, settles, truncation_day, warm_up_days


def test_the_moving_average_is_welchs() -> None:
    """A centred window of 2w+1 days, shrunk to 2i-1 days near the start; the last w dropped."""
    y = np.arange(10, dtype=float) ** 2
    smoothed = moving_average(y, 2)
    assert len(smoothed) == 8
    assert smoothed[0] == y[0]
    assert smoothed[1] == pytest.approx(y[0:3].mean())
    assert smoothed[5] == pytest.approx(y[3:8].mean())
    with pytest.raises(ValueError, match="too short"):
        moving_average(y[:4], 2)


def test_a_climb_to_a_level_settles_where_it_comes_within_the_band() -> None:
    days = np.arange(1000)
    curve = 100.0 * (1 - np.exp(-days / 100.0))  # within 10% of 100 from day 230.3
    assert truncation_day(curve) == 230
    assert settles(curve)
    assert warm_up_days([truncation_day(curve), 50]) == 231  # rounded up to 33 weeks


def test_a_late_excursion_does_not_push_the_warm_up_back() -> None:
    days = np.arange(1000)
    curve = 100.0 * (1 - np.exp(-days / 100.0))
    curve[900:920] += 30.0  # noise near the end of the run
    assert truncation_day(curve) <= 230


def test_a_curve_that_keeps_growing_does_not_settle() -> None:
    days = np.arange(1000, dtype=float)
    growing = 50.0 + days * 0.3
    assert drift(growing) == pytest.approx(0.3 * 500, rel=0.01)
    assert not settles(growing)


def test_a_level_near_zero_is_settled_inside_its_own_noise() -> None:
    rng = np.random.default_rng(1)
    tiny = np.abs(rng.normal(0.0, 5.0, 1000))
    assert settles(tiny)
    assert truncation_day(tiny) < 50
