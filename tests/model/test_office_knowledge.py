"""What the office can know, duties that cannot slip, errors from interrupted work, and the
write-off age (issue 23, items 2 to 5).

Each test here fails on the model before the aging review: follow-up started from timers at a
claim's hidden age, payroll could wait behind week-old claims, only one interruption per break
counted towards errors, and the write-off age ran from the date of service whatever the payer
was doing.
"""

from __future__ import annotations

from sim.model.claim import ClaimState, WriteOffReason
from sim.model.office import Office
from sim.model.om import _end_of_day
from sim.model.routine import Routine, WorkWatcher
from sim.model.work import WorkItem
from sim.study.stats import paired_difference
from tests.model.conftest import bundled, run_office, simulated, with_changes

MINUTES_PER_DAY = 1440.0
FROM_EMPTY = {"warm_up_days": 0, "run_out_days": 0}
"""An office started empty on day 0 and read on its last day."""


def _payers(scenario, **fields):
    return [p.model_dump(mode="json", by_alias=True) | fields for p in scenario.payers]


def _lost_claims_office(review_every_days: int, alerts: bool = False):
    """A separate-roles office whose payers lose half the claims sent, with a 60-day filing limit,
    started empty and seen for 85 days."""
    base = bundled("reference-separate")
    policy = base.policy.model_dump(mode="json") | {"aging_review_every_days": review_every_days}
    practice = base.practice.model_dump(mode="json", by_alias=True)
    practice["software"] = {"timely_filing_alerts": alerts, "alert_days_before_limit": 30}
    return with_changes(
        base,
        horizon_days=85,
        policy=policy,
        practice=practice,
        payers=_payers(base, lost_share=0.5, timely_filing_days=60),
        study=FROM_EMPTY,
    )


def test_a_lost_claim_no_review_has_listed_gets_no_follow_up_or_rescue() -> None:
    """Reviews every 90 days: none runs in the 85 days, so nobody knows a claim is lost; the
    first weeks' lost claims stay lost, with no follow-up and no resend (the clearinghouse's
    acceptance report proves they were filed on time, so nothing is written off at the limit
    either: the money just never comes)."""
    office = run_office(_lost_claims_office(review_every_days=90), seed=2)
    kpis = office.kpis()
    assert kpis["aging_reviews"] == 0
    assert kpis["follow_ups"] == 0
    assert _lost_then_resent(office) == 0
    assert kpis["claims_open.lost"] > 0


def _lost_then_resent(office) -> int:
    """Claims sent again after the payer lost them (only a follow-up finds a lost claim)."""
    resent = 0
    for claim in office.ledger.claims:
        states = [state for _day, state in claim.history]
        resent += any(
            a == ClaimState.LOST and b == ClaimState.SUBMITTED
            for a, b in zip(states, states[1:], strict=False)
        )
    return resent


def test_a_weekly_review_finds_lost_claims_and_sends_them_again() -> None:
    office = run_office(_lost_claims_office(review_every_days=7), seed=2)
    kpis = office.kpis()
    assert kpis["aging_reviews"] >= 10
    assert kpis["follow_ups"] > 100
    assert _lost_then_resent(office) > 100
    blind = run_office(_lost_claims_office(review_every_days=90), seed=2).kpis()
    assert kpis["claims_open.lost"] < blind["claims_open.lost"]


def test_filing_limit_alerts_find_claims_without_a_review() -> None:
    """With the software's alerts on, claims no review listed are flagged 30 days before their
    limit, followed up and sent again: fewer filing-limit write-offs."""
    blind = run_office(_lost_claims_office(review_every_days=90), seed=2).kpis()
    alerted = run_office(_lost_claims_office(review_every_days=90, alerts=True), seed=2).kpis()
    assert alerted["filing_limit_alerts"] > 100
    assert alerted["resubmissions"] > blind["resubmissions"] + 100
    assert alerted["claims_open.lost"] < blind["claims_open.lost"]


def test_every_follow_up_is_on_a_claim_a_review_or_alert_had_listed() -> None:
    """Follow-up work exists only for claims the office has seen, in a loaded combined office."""
    scenario = bundled("reference-combined")
    office = Office(with_changes(scenario, horizon_days=150), 1, 0)
    desk = office.desk
    listed: set[int] = set()
    report = desk._aging_report

    def remembering_report():
        claims = report()
        listed.update(c.claim_id for c in claims)
        return claims

    desk._aging_report = remembering_report
    queued = desk._queue_follow_up
    followed: list[int] = []

    def remembering_follow_up(claim):
        followed.append(claim.claim_id)
        queued(claim)

    desk._queue_follow_up = remembering_follow_up
    office.run()
    assert len(followed) > 50
    assert set(followed) <= listed


def _loaded_without_front_desk(name: str, per_hour: float, horizon_days: int = 365):
    scenario = bundled(name)
    om_work = scenario.om_work.model_dump(mode="json", by_alias=True)
    om_work["interruptions_per_hour"] = per_hour
    practice = scenario.practice.model_dump(mode="json", by_alias=True)
    practice["front_desk"]["people"] = 0
    return with_changes(scenario, om_work=om_work, practice=practice, horizon_days=horizon_days)


def test_payroll_and_the_deposit_are_never_skipped_under_load() -> None:
    """4 interruptions an hour and no front desk: every payroll and deposit released is done on
    its day (in time past the shift if need be)."""
    office = run_office(_loaded_without_front_desk("reference-combined", 4.0), seed=1)
    kpis = office.kpis()
    assert kpis["om_hard_duties_missed"] == 0
    # The duties planned to the run-out's cap that the run reached (it stops once the window's
    # claims are closed): warm-up, window and run-out alike.
    released = [d for d in office.om.open_duties if d.created < office.env.now]
    hard = [d for d in released if d.kind in ("payroll", "daily_deposit")]
    payrolls = [d for d in hard if d.kind == "payroll"]
    assert len(payrolls) >= 45
    assert all(d.done_at is not None and d.done_at < _end_of_day(d.due) for d in hard)
    # The manager is overloaded: discretionary duties still slip, as they should.
    assert kpis["om_tasks_late"] > 20


def test_no_duty_is_released_inside_an_unpaid_break() -> None:
    """A duty set for 12:30 with the manager at lunch 12:00-13:00 is released at 13:00."""
    scenario = bundled("reference-separate")
    om_work = scenario.om_work.model_dump(mode="json", by_alias=True)
    om_work["duties"].append(
        {
            "name": "lunch_time_task",
            "every": "day",
            "minutes": {"dist": "triangular", "min": 5, "mode": 10, "max": 15},
            "release_hour": 12.5,
            "due_hour": 14,
        }
    )
    office = Office(with_changes(scenario, om_work=om_work, horizon_days=30), 1, 0)
    manager = next(p for p in scenario.staff if "om" in p.roles)
    lunch_start = manager.break_start_hour * 60
    lunch_end = lunch_start + manager.break_minutes
    for duty in office.om.open_duties:
        minute = duty.created % MINUTES_PER_DAY
        assert not lunch_start <= minute < lunch_end, (duty.kind, minute)
    moved = [d for d in office.om.open_duties if d.kind == "lunch_time_task"]
    assert moved and all(d.created % MINUTES_PER_DAY == lunch_end for d in moved)
    assert all(d.due % MINUTES_PER_DAY == 14.5 * 60 for d in moved)


def test_error_denials_rise_with_interruption_load() -> None:
    """Small combined office, no front desk: 0 against 6 interruptions an hour, paired.

    Twenty-four pairs: since interruptions that can wait are answered between tasks rather than
    charged to the open one, the rise is small (a few error denials in 240 days, on about 45)
    and eligibility denials, which rise with load too, take the place of some error denials on
    the same claims, so the pairs are noisy: replications 0-11 gave +2.5 before claims went
    ahead of older postings and +0.8 after (the end-of-day batch, where a claim is interrupted
    less, now sends more of them), replications 12-23 gave +6.6; all 24 give +3.7 (95% CI 1.5
    to 5.9).

    Warmed up 120 days, not the default 399, and read at the window's end (error denials are a
    window KPI, so the run-out is not needed): with the default warm-up and run-out the 24
    pairs gave +3.4 (95% CI 1.7 to 5.1), with these +3.5 (2.2 to 4.8), in under half the
    time."""
    reps = 24
    short = {"warm_up_days": 120, "run_out_days": 0}
    quiet = _loaded_without_front_desk("small-combined", 0.0, horizon_days=240)
    noisy = _loaded_without_front_desk("small-combined", 6.0, horizon_days=240)
    quiet, noisy = with_changes(quiet, study=short), with_changes(noisy, study=short)
    first = [simulated(quiet, 5, r).kpis["error_denials"] for r in range(reps)]
    second = [simulated(noisy, 5, r).kpis["error_denials"] for r in range(reps)]
    diff = paired_difference(first, second)
    assert diff["mean"] > 0 and diff["distinguishable"]


def test_each_interruption_served_inside_a_task_counts_towards_its_errors() -> None:
    """Every interruption served while a task is in hand counts on it, several at one natural
    break included (one per break was counted before)."""
    office = Office(_loaded_without_front_desk("reference-combined", 12.0, 20), 1, 0)
    worker = office.workers[0]
    served = [0]
    checked: list[tuple[int, int]] = []

    class Checking(WorkWatcher):
        def __init__(self) -> None:
            self.open: list[tuple[int, bool]] = []

        def resumed(self, worker: Routine, task: WorkItem, taken: int) -> None:
            served[0] += taken

        def started(self, worker: Routine, item: WorkItem) -> None:
            self.open.append((served[0], item.remaining is None and item.interruptions == 0))

        def ended(self, worker: Routine, item: WorkItem) -> None:
            before, fresh = self.open.pop()
            if fresh and not item.is_interruption and item.remaining is None:
                checked.append((served[0] - before, item.interruptions))

    worker.watcher = Checking()
    office.run()
    assert all(taken == counted for taken, counted in checked)
    assert any(taken > 1 for taken, _ in checked)


def test_the_write_off_age_never_falls_on_a_claim_sent_inside_it() -> None:
    """A claim rescued near its filing limit and sent again is not aged out while the payer
    answers: the write-off age runs from the claim's last activity."""
    scenario = _loaded_without_front_desk("reference-combined", 6.0, horizon_days=200)
    staff = [p.model_dump(mode="json") for p in scenario.staff]
    staff[0]["habits"]["send_and_post_within_days"] = 0  # old claims wait for the filing rescue
    policy = scenario.policy.model_dump(mode="json") | {"write_off_after_days": 60}
    scenario = with_changes(
        scenario, staff=staff, policy=policy, payers=_payers(scenario, timely_filing_days=70)
    )
    office = run_office(scenario, seed=1)
    late_sent = [
        c
        for c in office.ledger.claims
        if c.first_submitted_day is not None
        and c.first_submitted_day > c.service_day + 40
        and c.first_submitted_day < 140
    ]
    assert len(late_sent) > 20, "precondition: claims sent late, near their filing limit"
    for claim in office.ledger.claims:
        if claim.write_off_reason != WriteOffReason.AGED_OUT:
            continue
        before = [day for day, state in claim.history if state != ClaimState.WRITTEN_OFF]
        last = max([claim.service_day, *before])
        assert claim.resolved_day - last >= 60 - 1e-6, (claim.claim_id, last, claim.history)
