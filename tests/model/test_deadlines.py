"""Deadlines kept in the model's own heap run each action at its own time, in the order set,
with only the earliest in SimPy's queue."""

from __future__ import annotations

import simpy

from sim.model.calendar import Deadlines
from sim.model.engine import call_later


def test_each_action_runs_at_its_own_time_and_equal_times_in_the_order_set() -> None:
    env = simpy.Environment()
    deadlines = Deadlines(env)
    ran: list[tuple[str, float]] = []
    for name, delay in (("c", 30.0), ("a", 10.0), ("b", 30.0), ("past", -5.0)):
        deadlines.call_later(delay, lambda n=name: ran.append((n, env.now)))
    env.run()
    assert ran == [("past", 0.0), ("a", 10.0), ("c", 30.0), ("b", 30.0)]


def test_only_the_earliest_deadline_waits_in_simpys_queue() -> None:
    env = simpy.Environment()
    deadlines = Deadlines(env)
    for day in range(1, 101):
        deadlines.call_later(day * 1440.0, lambda: None)
    assert len(env._queue) == 1


def test_an_earlier_deadline_set_later_still_runs_first_and_once() -> None:
    env = simpy.Environment()
    deadlines = Deadlines(env)
    ran: list[tuple[str, float]] = []
    deadlines.call_later(100.0, lambda: ran.append(("late", env.now)))
    call_later(
        env, 20.0, lambda: deadlines.call_later(30.0, lambda: ran.append(("early", env.now)))
    )
    env.run()
    assert ran == [("early", 50.0), ("late", 100.0)]


def test_a_deadline_set_while_others_run_is_not_lost() -> None:
    env = simpy.Environment()
    deadlines = Deadlines(env)
    ran: list[float] = []
    deadlines.call_later(10.0, lambda: deadlines.call_later(5.0, lambda: ran.append(env.now)))
    env.run()
    assert ran == [15.0]
