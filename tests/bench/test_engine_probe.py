"""`make bench` counts what the simulation processed (not timers left past the horizon), and its
replay of a run's events with no model work processes the same events at the same times."""

from __future__ import annotations

from pathlib import Path

import pytest
import simpy

from sim.bench.engine_probe import EventTree, counting_events, recording_event_tree, replay
from sim.bench.run import raw_mm1, run_end_minutes
from sim.model.calendar import MINUTES_PER_DAY
from sim.model.office import simulate
from sim.scenario.loading import load_scenario


def counted_replay(tree: EventTree, until: float | None = None) -> tuple[int, simpy.Environment]:
    """Replay `tree` and say how many events the replay processed."""
    with counting_events() as counter:
        replayed = replay(tree, until=until)
    return counter[0], replayed


def test_timers_past_the_horizon_are_not_counted() -> None:
    env = simpy.Environment()
    env.timeout(5.0)
    env.timeout(50.0)
    with counting_events() as counter:
        env.run(until=10.0)
    assert counter[0] == 2  # the 5-minute timer and the stop at minute 10


def test_raw_reference_counts_every_event_of_every_customer() -> None:
    env = raw_mm1(customers=200)
    with counting_events() as counter:
        env.run()
    # per customer: arrival timeout, process start, request, service timeout, release and
    # process end; plus the source's start and end (the last step finds nothing and is not one)
    assert counter[0] == 6 * 200 + 2


def test_a_replayed_event_tree_processes_the_same_events_at_the_same_times() -> None:
    with recording_event_tree() as tree, counting_events() as counter:
        original = raw_mm1(customers=300, seed=5)
        original.run()
    processed = counter[0]
    replayed_events, replayed = counted_replay(tree)
    assert replayed_events == processed
    assert replayed.now == original.now > 0


def test_a_replay_stops_at_the_horizon_like_the_run_it_copies() -> None:
    with recording_event_tree() as tree, counting_events() as counter:
        original = raw_mm1(customers=300, seed=5)
        original.run(until=100.0)
    processed = counter[0]
    replayed_events, replayed = counted_replay(tree, until=100.0)
    # the original's own stop event was recorded too and is replayed before the replay's stop
    assert replayed_events == processed + 1
    assert replayed.now == original.now == 100.0


def test_a_model_run_is_recorded_whole_timers_and_nudges_included() -> None:
    # the model's timers go straight into SimPy's heap, past `schedule`: a recording that missed
    # them would replay a fraction of the run and flatter the engine
    scenario = load_scenario(Path("scenarios/small-combined.yaml"))
    with recording_event_tree() as tree, counting_events() as counter:
        result = simulate(scenario, 1, 0)
    processed = counter[0]
    # the run goes on past the window: its warm-up before, and the run-out its claims needed
    end = run_end_minutes(scenario.horizon_days, result.kpis)
    assert end > scenario.horizon_days * MINUTES_PER_DAY
    # a hair past the end, so the run's own last stop (at `end`) is replayed like the rest
    replayed_events, replayed = counted_replay(tree, until=end + 1e-6)
    assert processed > 10_000
    assert replayed_events == processed + 1  # and the replay's own stop
    assert replayed.now == end + 1e-6


def test_two_runs_recorded_in_one_block_replay_as_both() -> None:
    with recording_event_tree() as tree, counting_events() as counter:
        first = raw_mm1(customers=200, seed=1)
        first.run()
        second = raw_mm1(customers=200, seed=2)
        second.run()
    processed = counter[0]
    replayed_events, replayed = counted_replay(tree)
    assert replayed_events == processed
    assert replayed.now == max(first.now, second.now)


def test_an_environment_made_before_recording_is_refused() -> None:
    env = raw_mm1(customers=10)
    with recording_event_tree(), pytest.raises(RuntimeError, match="made inside"):
        env.run()
    env.run()  # and it runs as usual once the block has ended
    assert env.now > 0
