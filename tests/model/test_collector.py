"""The cycle collector is paused while replications run and always put back as it was."""

from __future__ import annotations

import gc
from contextlib import ExitStack

import pytest

from sim.model import collector
from sim.model.collector import paused_collections


def test_collector_comes_back_when_the_last_overlapping_run_ends() -> None:
    assert gc.isenabled()
    with ExitStack() as first_run:
        first_run.enter_context(paused_collections())
        with paused_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failing_run_still_restores_the_collector() -> None:
    with pytest.raises(RuntimeError), paused_collections():
        raise RuntimeError("replication failed")
    assert gc.isenabled()


def test_collector_left_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_garbage_is_collected_while_runs_overlap_without_a_break(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(collector, "COLLECT_EVERY_RUNS", 3)
    started: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(note)
    try:
        with paused_collections():
            for _ in range(7):
                with paused_collections():
                    pass
            assert started == [2, 2]
    finally:
        gc.callbacks.remove(note)
    assert gc.isenabled()
