"""A several-key fit says when a key's accepted interval reaches an end of the range searched,
so a consultant widens that range rather than reads the edge as the answer."""

from __future__ import annotations

import numpy as np

from sim.outputs.fit_text import report_rows
from sim.study.calibration import Fit
from sim.study.history_matching import Space, _parameters


def test_an_interval_against_an_end_of_its_range_is_flagged() -> None:
    box = Space(
        (Fit("staff.0.speed_factor.ic", 0.4, 1.0), Fit("policy.follow_up_age_days", 30, 120)),
        (False, True),
    )
    rng = np.random.default_rng(1)
    accepted = np.column_stack([rng.uniform(0.40, 0.44, 400), rng.uniform(60, 80, 400)])
    speed, follow_up = _parameters(box, accepted)
    assert speed["at_edge"] and speed["narrowed"]
    assert not follow_up["at_edge"] and follow_up["narrowed"]


def test_the_report_carries_the_flag() -> None:
    row = {
        "keys": ["a", "b"],
        "fits": True,
        "accepted": 30,
        "candidates": 8192,
        "cutoff": 3.0,
        "waves": 1,
        "figures": [],
        "day": 90,
        "replications": 3,
        "method": "history matching",
        "parameters": [
            {
                "key": "a",
                "range": [0, 1],
                "median": 0.01,
                "low": 0.0,
                "high": 0.05,
                "narrowed": True,
                "at_edge": True,
            },
            {
                "key": "b",
                "range": [0, 1],
                "median": 0.5,
                "low": 0.4,
                "high": 0.6,
                "narrowed": True,
                "at_edge": False,
            },
        ],
    }
    rows = report_rows(row)
    assert [r["at_edge"] for r in rows] == [True, False]
