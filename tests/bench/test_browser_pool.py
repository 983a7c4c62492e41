"""The what-if page's bench rows in Chromium: the speedup's arithmetic and what it reports, not
its timings (those are `make bench`'s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.bench.browser import BrowserTiming, Measured, why_not_measured


def test_speedup_is_each_rounds_one_worker_time_over_its_two_worker_time() -> None:
    timing = BrowserTiming(
        {1: Measured(7.5, 0.4), 2: Measured(9.0, 0.6)},
        (Measured(30.0, 0.5), Measured(33.0, 3.0)),
        (Measured(16.0, 0.5), Measured(22.0, 3.1)),
    )
    assert timing.speedups == pytest.approx((30.0 / 16.0, 1.5))
    rows = dict(timing.rows())
    first = rows[
        "reference-separate: what-if page in Chromium, Run to first result, 1 worker(s) (s)"
    ]
    assert first == "7.5 (load 0.4)"
    round_two = next(v for k, v in rows.items() if k.endswith("round 2 (s)"))
    assert round_two == "33.0 (load 3.0) / 22.0 (load 3.1): speedup 1.50"
    assert rows["what-if page: speedup with 2 workers (median)"] == f"{(30 / 16 + 1.5) / 2:.2f}"


def test_a_site_without_the_runtime_is_reported_not_timed(tmp_path: Path) -> None:
    reason = why_not_measured(tmp_path)
    assert reason is not None and reason.startswith("not measured:")
