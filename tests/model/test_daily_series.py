"""Daily rows kept by column read back exactly as they were recorded, and stay small."""

from __future__ import annotations

import pickle
import tracemalloc
from array import array
from collections.abc import Callable

import pytest

from sim.model.daily import DailySeries

ROWS = [
    {"day": 0, "weekday": "mon", "ar_usd": 10.25, "late": 0, "mixed": 1},
    {"day": 1, "weekday": "tue", "ar_usd": 0.1 + 0.2, "late": 2, "mixed": 2.5},
    {"day": 2, "weekday": "wed", "ar_usd": 1e300, "late": 3, "mixed": 3},
]


def test_rows_read_back_with_the_same_values_and_types() -> None:
    series = DailySeries(ROWS)
    assert len(series) == 3
    assert list(series) == ROWS
    assert [type(v) for row in series for v in row.values()] == [
        type(v) for row in ROWS for v in row.values()
    ]
    assert series[1] == ROWS[1]
    assert series[-1] == ROWS[-1]
    with pytest.raises(IndexError):
        series[3]


def test_numeric_columns_are_typed_arrays_and_mixed_ones_stay_lists() -> None:
    series = DailySeries(ROWS)
    assert isinstance(series.column("ar_usd"), array)
    assert isinstance(series.column("late"), array)
    assert isinstance(series.column("weekday"), list)
    assert isinstance(series.column("mixed"), list)
    assert list(series.column("ar_usd")) == [row["ar_usd"] for row in ROWS]


def test_a_series_survives_the_trip_to_a_pool_worker_and_back() -> None:
    series = DailySeries(ROWS)
    copy = pickle.loads(pickle.dumps(series))
    assert copy == series
    assert list(copy) == ROWS
    assert copy != DailySeries(ROWS[:2])


def test_rows_with_different_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="day 1"):
        DailySeries([{"day": 0, "ar_usd": 1.0}, {"day": 1, "cash_usd": 2.0}])


def test_an_empty_series_has_no_rows() -> None:
    assert list(DailySeries()) == []
    assert len(DailySeries()) == 0


def _held_bytes(build: Callable[[], object]) -> int:
    """Bytes still allocated for what `build` returns."""
    tracemalloc.start()
    try:
        kept = build()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept is not None
    return held


def test_a_year_of_rows_holds_a_fraction_of_the_memory_of_dicts() -> None:
    year = [
        {"day": d, "weekday": "mon", **{f"usd_{k}": d * 1.5 + k for k in range(20)}}
        for d in range(365)
    ]
    as_dicts = _held_bytes(lambda: [dict(row) for row in year])
    as_columns = _held_bytes(lambda: DailySeries(year))
    assert as_columns * 3 < as_dicts
