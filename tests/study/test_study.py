"""Replications give the same numbers serially, in a process pool and on a Dask cluster."""

from __future__ import annotations

from sim.scenario.schema import Scenario
from sim.study.replications import replicate, replicate_each


def _kpis(results) -> list[dict[str, float]]:
    return [r.kpis for r in results]


def test_pool_matches_serial(short_scenario: Scenario) -> None:
    serial = replicate(short_scenario, 5, range(3), jobs=1)
    pooled = replicate(short_scenario, 5, range(3), jobs=2)
    assert [r.replication for r in pooled] == [0, 1, 2]
    assert _kpis(pooled) == _kpis(serial)
    assert [r.daily for r in pooled] == [r.daily for r in serial]


def test_one_pool_for_several_studies_gives_each_study_its_own_results(
    short_scenario: Scenario,
) -> None:
    other = short_scenario.model_copy(update={"horizon_days": short_scenario.horizon_days + 7})
    studies = [(short_scenario, 5, range(3)), (other, 6, [2, 0]), (short_scenario, 5, range(1))]
    pooled = replicate_each(studies, jobs=2)
    for (scenario, seed, replications), results in zip(studies, pooled, strict=True):
        alone = replicate(scenario, seed, replications, jobs=1)
        assert [r.replication for r in results] == list(replications)
        assert _kpis(results) == _kpis(alone)
        assert [r.daily for r in results] == [r.daily for r in alone]
    assert _kpis(pooled[0])[:1] == _kpis(pooled[2])
    assert _kpis(pooled[1]) != _kpis(pooled[0])[:2]


def test_dask_cluster_matches_local(short_scenario: Scenario) -> None:
    from distributed import LocalCluster

    local = replicate(short_scenario, 5, range(3), jobs=1)
    with LocalCluster(n_workers=2, processes=False, dashboard_address=None) as cluster:
        remote = replicate(short_scenario, 5, range(3), scheduler=cluster.scheduler_address)
    assert _kpis(remote) == _kpis(local)


def test_replications_differ_from_each_other(short_scenario: Scenario) -> None:
    results = replicate(short_scenario, 5, range(2))
    assert results[0].kpis["collected_usd"] != results[1].kpis["collected_usd"]
