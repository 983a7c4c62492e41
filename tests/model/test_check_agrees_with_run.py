"""`twohats check`'s insurance hours by kind against the work a run actually creates.

The check is a count before any simulation; it must count what the model does (which denials
are appealed, which claims the payer pends, how often a silent claim is chased and listed),
or a consultant reads hours the simulated office never works.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from sim.model.calendar import MINUTES_PER_DAY
from sim.model.office import Office
from sim.model.work import WorkItem
from sim.scenario.roles import OM
from sim.scenario.schema import Scenario
from sim.scenario.workload import ic_task_minutes_by_kind
from tests.model.conftest import bundled, with_changes

SETTLE_DAYS = 90
"""Days after the start before counting: follow-up, appeals and the aging report's lines only
reach their steady level once the first claims are that old."""


def created_work(office: Office) -> tuple[dict[str, float], dict[str, int]]:
    """Minutes of insurance work the desk creates per working day, by kind, and how many items,
    over the window's settled days: from `SETTLE_DAYS` in to the last day whose visits were all
    booked (the window's last weeks book no later visits, so fewer predeterminations)."""
    phases, desk = office.phases, office.desk
    start = phases.start + SETTLE_DAYS
    end = phases.end - office.demand.max_lead_days
    minutes: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    seen: dict[int, WorkItem] = {}  # kept alive, so an id is never reused
    deliver = desk.deliver

    def counted(item: WorkItem) -> None:
        day = office.env.now / MINUTES_PER_DAY
        if item.role != OM and start <= day < end and id(item) not in seen:
            seen[id(item)] = item  # an appeal re-queued by the aging review is one appeal
            minutes[item.kind] += item.minutes
            counts[item.kind] += 1
        deliver(item)

    desk.deliver = counted  # type: ignore[method-assign]  # an observer: it draws nothing
    office.run()
    days = len(office.calendar.open_days(start, end))
    return {kind: m / days for kind, m in minutes.items()}, dict(counts)


def test_checks_hours_by_kind_match_a_runs_work() -> None:
    """Separate roles at the reference practice (nobody overloaded, so the run does all its
    work in time, as the check assumes). Tolerance for each kind: 15% for what the check leaves
    out (a returning patient's check skipped when the queue is momentarily behind, interruptions
    raising error rates, second and third submissions' draws), measured at up to 13% (aging
    review), plus three standard errors of the run's count (Poisson: 1/sqrt(n) relative)."""
    scenario = bundled("reference-separate")
    office = Office(scenario, 1, 0)
    model, counts = created_work(office)
    check = ic_task_minutes_by_kind(scenario)
    assert set(model) <= set(check), "every kind of work the model creates is counted"
    for kind, minutes in check.items():
        n = counts.get(kind, 0)
        assert n > 30, f"{kind}: too few items to compare ({n})"
        tolerance = 0.15 + 3.0 / math.sqrt(n)
        assert model[kind] == pytest.approx(minutes, rel=tolerance), kind
    assert sum(model.values()) == pytest.approx(sum(check.values()), rel=0.05)


def with_threshold(scenario: Scenario, usd: float) -> Scenario:
    policy = {**scenario.policy.model_dump(mode="json"), "appeal_threshold_usd": usd}
    return with_changes(scenario, policy=policy)


def test_denials_below_the_appeal_threshold_are_not_appealed_in_the_check() -> None:
    """The model writes off a denied claim below `policy.appeal_threshold_usd` unappealed; the
    check counts appeals only for denials at or above it."""
    scenario = bundled("reference-separate")
    appeals = {
        usd: ic_task_minutes_by_kind(with_threshold(scenario, usd))["appeal"]
        for usd in (0, 50, 150, 100_000)
    }
    assert appeals[0] > appeals[50] > appeals[150] > 0
    assert appeals[100_000] == 0
    high = with_changes(with_threshold(scenario, 100_000), horizon_days=120)
    model, _ = created_work(Office(high, 1, 0))
    assert model.get("appeal", 0.0) == 0
