"""The small engine pieces the model's speed rests on behave like what they replaced.

- `Nudge` hands a worker its reason at once, urgent as SimPy's interrupt is, and `Alarm` is
  processed where a timeout would be (both lean on SimPy internals, so a SimPy upgrade that
  changes them fails here).
- `Shares` picks exactly as a running sum of shares does.
- `call_later` runs its action at the given minute, in scheduling order with other events at
  that minute, and at once for a negative delay.
- `Clock` keeps time as SimPy's environment does: the same events at the same times, in the
  same order, with `now` and `_now` always the same value.
- `skip_ahead` gives the same run as waiting on a timeout: every event at the same time and in
  the same order, whether another event falls inside the wait, at its very end, or after it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
import simpy
from simpy.events import URGENT

from sim.model.engine import Alarm, Clock, Nudge, call_later, skip_ahead
from sim.model.streams import Shares


def test_nudge_hands_its_reason_over_at_once_ahead_of_a_timeout_due_then() -> None:
    """A nudge is urgent at the current minute, as SimPy's interrupt is: it comes before a
    timeout due at that very minute, even one scheduled earlier."""
    env = simpy.Environment()
    seen: list[tuple[float, object]] = []
    env.timeout(30.0).callbacks.append(lambda _event: seen.append((env.now, "timeout")))
    env.run(until=30.0)
    Nudge(env, lambda reason: seen.append((env.now, reason)), "wake")
    env.run()
    assert seen == [(30.0, "wake"), (30.0, "timeout")]


def test_alarm_rings_as_a_timeout_would_and_an_urgent_one_first() -> None:
    """An alarm is processed where a timeout of the same delay made at the same moment would
    be, and hands itself over; an urgent one comes before the normal events of its minute."""
    env = simpy.Environment()
    order: list[str] = []
    rang: list[Alarm] = []
    env.timeout(5.0).callbacks.append(lambda _event: order.append("timeout before"))
    alarm = Alarm(env, 5.0, lambda a: (order.append("alarm"), rang.append(a)))
    env.timeout(5.0).callbacks.append(lambda _event: order.append("timeout after"))
    env.timeout(0.0).callbacks.append(lambda _event: order.append("now"))
    Alarm(env, 0.0, lambda _a: order.append("urgent"), URGENT)
    env.run()
    assert order == ["urgent", "now", "timeout before", "alarm", "timeout after"]
    assert rang == [alarm] and alarm.processed


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


def _trace_of_a_worker_among_timers(skipping: bool) -> list[tuple[float, str]]:
    """A process working segments of 3, 2, 4, 1 minutes, three times over, among timers at
    minutes that fall inside a segment, exactly at a segment's end, and between segments."""
    env = simpy.Environment()
    trace: list[tuple[float, str]] = []
    for minute in (4.0, 5.0, 9.5, 10.0, 20.0, 30.0, 30.0):
        call_later(env, minute, lambda m=minute: trace.append((env.now, f"timer {m}")))

    def worker() -> Iterator[simpy.Event]:
        for segment in (3.0, 2.0, 4.0, 1.0) * 3:
            if not (skipping and skip_ahead(env, segment)):
                yield env.timeout(segment)
            trace.append((env.now, f"segment of {segment} done"))

    env.process(worker())
    env.run(until=60.0)
    return trace


def test_skip_ahead_gives_the_same_run_as_a_timeout() -> None:
    with_timeouts = _trace_of_a_worker_among_timers(skipping=False)
    assert _trace_of_a_worker_among_timers(skipping=True) == with_timeouts
    assert (5.0, "timer 5.0") in with_timeouts
    assert with_timeouts.index((5.0, "timer 5.0")) < with_timeouts.index(
        (5.0, "segment of 2.0 done")
    )


def test_skip_ahead_refuses_a_wait_that_another_event_falls_inside() -> None:
    env = simpy.Environment()
    call_later(env, 10.0, lambda: None)
    assert not skip_ahead(env, 10.0)
    assert env.now == 0.0
    assert skip_ahead(env, 9.0)
    assert env.now == 9.0


def _clinic_day(env: simpy.Environment) -> list[tuple[float, float, str]]:
    """Processes, timeouts, timers and a skip on one environment; what each saw and when."""
    rng = random.Random(7)
    seen: list[tuple[float, float, str]] = []

    def patient(name: str) -> Iterator[simpy.Event]:
        for _ in range(3):
            yield env.timeout(rng.expovariate(0.2))
            seen.append((env.now, env._now, name))
            if skip_ahead(env, 0.5):
                seen.append((env.now, env._now, f"{name} skipped"))

    for n in range(4):
        env.process(patient(f"p{n}"))
        call_later(env, 3.0 * n, lambda n=n: seen.append((env.now, env._now, f"timer {n}")))
    env.run(until=60.0)
    return seen


def test_clock_keeps_time_as_simpy_does() -> None:
    clock = _clinic_day(Clock())
    assert clock == _clinic_day(simpy.Environment())
    assert all(now == internal for now, internal, _ in clock)
    assert len(clock) > 12
