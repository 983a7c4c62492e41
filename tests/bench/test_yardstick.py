"""The practice-year yardstick's arithmetic (`make bench`), not its timings."""

from __future__ import annotations

import pytest

from sim.bench.run import Round, Spread, YearCost, practice_year_cost, verdict


def test_cost_is_seconds_per_year_over_seconds_per_raw_event() -> None:
    # 2 s for half a year is 4 s a year; raw SimPy took 1 s for 100,000 events (10 µs each)
    assert practice_year_cost(2.0, 0.5, 1.0, 100_000) == pytest.approx(400_000)


def test_fewer_model_seconds_lower_the_cost_whatever_the_events() -> None:
    slow = practice_year_cost(3.0, 1.0, 1.0, 120_000)
    fast = practice_year_cost(1.5, 1.0, 1.0, 120_000)
    assert fast == pytest.approx(slow / 2)


def test_a_slower_machine_costs_the_same_raw_events() -> None:
    # the same run on a machine twice as slow: both timings double, the cost does not move
    assert practice_year_cost(4.0, 1.0, 2.0, 120_000) == pytest.approx(
        practice_year_cost(2.0, 1.0, 1.0, 120_000)
    )


def test_spread_reports_least_and_median() -> None:
    spread = Spread.of([5.0, 1.0, 3.0, 4.0])
    assert (spread.least, spread.middle) == (1.0, 3.5)
    with pytest.raises(ValueError):
        Spread.of([])


def test_year_cost_pairs_each_model_timing_with_its_own_raw_timing() -> None:
    rounds = [Round(60_000, 1.0, 2.0), Round(70_000, 2.0, 2.0), Round(80_000, 1.0, 3.0)]
    year = YearCost.of("x", 1.0, 100_000, rounds)
    # costs 200,000 / 100,000 / 300,000: paired, not median model over median raw (200,000)
    assert (year.cost.least, year.cost.middle) == pytest.approx((100_000, 200_000))
    assert (year.events.least, year.events.middle) == (60_000, 70_000)
    assert (year.seconds.least, year.seconds.middle) == (2.0, 2.0)


def test_half_a_year_counts_twice_the_events_per_year() -> None:
    year = YearCost.of("x", 0.5, 100_000, [Round(30_000, 1.0, 1.0)])
    assert year.events.middle == 60_000
    assert year.seconds.middle == 2.0


def test_verdict_line_is_exactly_the_agreed_format() -> None:
    year = YearCost.of("x", 1.0, 120_000, [Round(64_072, 1.0, 1.25)])
    assert verdict(year, 1.8372) == (
        "bench: practice-year cost = 150,000 raw-simpy events "
        "(64,072 events, 1.250 s); parallel speedup = 1.84"
    )


def test_the_cost_splits_into_the_engine_and_the_models_own_work_round_by_round() -> None:
    # raw SimPy 10 µs an event; rounds of 2 s and 3 s whose replays took 0.5 s and 1.5 s
    rounds = [Round(60_000, 1.0, 2.0, 0.5), Round(60_000, 1.0, 3.0, 1.5)]
    year = YearCost.of("x", 1.0, 100_000, rounds)
    assert (year.engine.least, year.engine.middle) == pytest.approx((50_000, 100_000))
    # own work 150,000 in both rounds: paired, not the median cost less the median engine
    assert (year.own_work.least, year.own_work.middle) == pytest.approx((150_000, 150_000))


def test_a_whole_replication_is_not_per_year_and_the_window_is_its_own_part() -> None:
    # raw SimPy 10 µs an event; a half-year window inside a 2 s run, 0.5 s of it the window's
    rounds = [Round(60_000, 1.0, 2.0, 0.5, 20_000, 0.5, (10, 182, 5))]
    year = YearCost.of("x", 0.5, 100_000, rounds)
    assert year.whole.middle == pytest.approx(200_000)
    assert year.cost.middle == pytest.approx(400_000)
    assert year.window.middle == pytest.approx(100_000)
    assert year.window_events.middle == 40_000
    assert year.days == (10, 182, 5)
