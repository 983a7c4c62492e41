"""The site's generators share replications: one asked for twice is simulated once, and is the
replication `replicate` gives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sim.scenario.schema import Scenario
from sim.site import shared_runs
from sim.study.replications import replicate
from tests.scenario.conftest import bundled, with_changes


@pytest.fixture
def short() -> Iterator[Scenario]:
    shared_runs.forget()
    yield with_changes(
        bundled("small-separate"),
        horizon_days=30,
        study={"warm_up_days": 10, "run_out_days": 20},
    )
    shared_runs.forget()


def test_a_shared_replication_is_the_one_replicate_gives(short: Scenario) -> None:
    other = with_changes(short, horizon_days=31)
    first, second = shared_runs.replicate_each([(short, 2, range(3)), (other, 2, [1])], jobs=2)
    assert [r.kpis for r in first] == [r.kpis for r in replicate(short, 2, range(3))]
    assert [r.daily for r in first] == [r.daily for r in replicate(short, 2, range(3))]
    assert [r.kpis for r in second] == [r.kpis for r in replicate(other, 2, [1])]


def test_a_replication_asked_for_again_is_not_simulated_again(
    short: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    (before,) = shared_runs.replicate_each([(short, 2, range(2))], jobs=1)
    ran: list[object] = []

    def counting_run_all(function, work, jobs):
        ran.extend(work)
        return [function(task) for task in work]

    monkeypatch.setattr(shared_runs, "run_all", counting_run_all)
    same, more = shared_runs.replicate_each([(short, 2, [1, 0]), (short, 2, [0, 2])], jobs=1)
    assert [r.replication for r in same] == [1, 0]
    assert same[0] is before[1] and same[1] is before[0] and more[0] is before[0]
    assert [task[2] for task in ran] == [2]
    assert more[1].kpis == replicate(short, 2, [2])[0].kpis
