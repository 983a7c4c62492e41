"""The site's simulating generators (dose, dose_desk, runs) share one cache rule: the cached
records when their fingerprint is current and the other products exist, else a fresh run whose
records read exactly as they will once cached."""

from __future__ import annotations

import json
from pathlib import Path

from sim.site.output import cached_or_simulated


def _simulate(calls: list[int]):
    def simulate() -> dict:
        calls.append(1)
        return {"seed": 1, "replications": 2, "groups": {"small": [(1, 2.5)]}}

    return simulate


def _cache(path: Path, key: str) -> Path:
    path.write_text(json.dumps({"fingerprint": key, "seed": 9, "groups": {}}), encoding="utf-8")
    return path


def test_a_current_cache_is_used_and_nothing_is_simulated(tmp_path: Path) -> None:
    calls: list[int] = []
    data, fresh = cached_or_simulated(_cache(tmp_path / "c.json", "k1"), "k1", _simulate(calls))
    assert (data, fresh, calls) == ({"fingerprint": "k1", "seed": 9, "groups": {}}, False, [])


def test_a_stale_cache_or_a_missing_product_simulates(tmp_path: Path) -> None:
    calls: list[int] = []
    cache = _cache(tmp_path / "c.json", "old")
    data, fresh = cached_or_simulated(cache, "new", _simulate(calls))
    assert fresh and calls == [1] and data["fingerprint"] == "new"
    _cache(cache, "new")
    _data, fresh = cached_or_simulated(cache, "new", _simulate(calls), [tmp_path / "chart.png"])
    assert fresh and calls == [1, 1]
    _data, fresh = cached_or_simulated(tmp_path / "absent.json", "new", _simulate(calls))
    assert fresh and calls == [1, 1, 1]


def test_fresh_records_read_as_they_will_once_cached(tmp_path: Path) -> None:
    """A tuple comes back a list from the cache: the fresh records are already in that form,
    so a page renders the same bytes whether it simulated or read the cache."""
    data, _ = cached_or_simulated(tmp_path / "c.json", "k", _simulate([]))
    (tmp_path / "c.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    again, fresh = cached_or_simulated(tmp_path / "c.json", "k", _simulate([]))
    assert not fresh and again == data
    assert list(data) == ["fingerprint", "seed", "replications", "groups"]
    assert data["groups"]["small"] == [[1, 2.5]]
