"""The small engine pieces the model's speed rests on behave like what they replaced.

- `Nudge` resumes a waiting process with its reason, like SimPy's interrupt without the
  exception, and the event it was waiting on no longer resumes it (this leans on SimPy
  internals, so a SimPy upgrade that changes them fails here).
- `Shares` picks exactly as a running sum of shares does.
- `call_later` runs its action at the given minute, in scheduling order with other events at
  that minute, and at once for a negative delay.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
import simpy

from sim.model.calendar import call_later
from sim.model.staff import Nudge
from sim.model.streams import Shares


def test_nudge_resumes_a_waiting_process_with_its_reason() -> None:
    env = simpy.Environment()
    seen: list[tuple[float, object]] = []

    def sleeper() -> Iterator[simpy.Event]:
        reason = yield env.timeout(100.0)
        seen.append((env.now, reason))
        reason = yield env.timeout(5.0)
        seen.append((env.now, reason))

    process = env.process(sleeper())
    env.run(until=30.0)
    Nudge(process, "wake")
    env.run()
    assert seen == [(30.0, "wake"), (35.0, None)]
    assert not process.is_alive


def test_nudge_to_a_finished_process_does_nothing() -> None:
    env = simpy.Environment()

    def quick() -> Iterator[simpy.Event]:
        yield env.timeout(1.0)

    process = env.process(quick())
    env.run()
    Nudge(process, "wake")
    env.run()
    assert not process.is_alive


def _running_sum_pick(shares: list[tuple[str, float]], u: float) -> str:
    total = sum(share for _, share in shares)
    running = 0.0
    for name, share in shares:
        running += share / total
        if u < running:
            return name
    return shares[-1][0]


def test_shares_pick_like_a_running_sum() -> None:
    draws = random.Random(3)
    for _ in range(200):
        shares = [(f"p{i}", draws.random()) for i in range(draws.randint(1, 6))]
        prepared = Shares(shares)
        for u in [draws.random() for _ in range(50)] + [0.0, 0.999999999]:
            assert prepared.pick(u) == _running_sum_pick(shares, u)


def test_shares_without_a_positive_share_say_so() -> None:
    with pytest.raises(ValueError, match="positive share"):
        Shares([("a", 0.0)]).pick(0.5)


def test_call_later_runs_actions_at_their_minute_in_scheduling_order() -> None:
    env = simpy.Environment()
    ran: list[tuple[float, str]] = []
    env.run(until=10.0)
    call_later(env, 5.0, lambda: ran.append((env.now, "first")))
    env.timeout(5.0).callbacks.append(lambda _event: ran.append((env.now, "timeout")))
    call_later(env, 5.0, lambda: ran.append((env.now, "second")))
    call_later(env, -3.0, lambda: ran.append((env.now, "overdue")))
    env.run()
    assert ran == [(10.0, "overdue"), (15.0, "first"), (15.0, "timeout"), (15.0, "second")]
