"""The queue's escalation look-ups: which waiting money work an overdue person takes first.

`pop_waiting_since` is what `habits.send_and_post_within_days` and `habits.send_claims_first`
rest on: claims to send and postings or corrections are kept apart, so a person can send a
week-old claim before a month-old posting, or take the longest-waiting first.
"""

from __future__ import annotations

from sim.model.work import Lane, WorkItem, WorkQueue

DAY = 1440.0


def queued(*items: tuple[str, Lane, float]) -> WorkQueue:
    queue = WorkQueue("ic")
    for kind, lane, created_day in items:
        queue.push(WorkItem(kind, "ic", lane, 5.0, created=created_day * DAY))
    return queue


def test_claims_can_go_before_older_postings_and_corrections() -> None:
    queue = queued(
        ("posting", Lane.POSTING, 1), ("correction", Lane.DENIAL, 2), ("claim", Lane.CLAIM, 20)
    )
    limit = 25 * DAY
    assert queue.pop_waiting_since(limit, claims=True).kind == "claim"
    assert queue.pop_waiting_since(limit, claims=True) is None
    assert queue.pop_waiting_since(limit, claims=False).kind == "posting"
    assert queue.pop_waiting_since(limit, claims=False).kind == "correction"
    assert len(queue) == 0


def test_without_the_split_the_longest_waiting_goes_first() -> None:
    queue = queued(("claim", Lane.CLAIM, 3), ("posting", Lane.POSTING, 1), ("late", Lane.CLAIM, 2))
    kinds = [queue.pop_waiting_since(10 * DAY).kind for _ in range(3)]
    assert kinds == ["posting", "late", "claim"]


def test_nothing_newer_than_the_limit_is_taken() -> None:
    queue = queued(("claim", Lane.CLAIM, 9), ("posting", Lane.POSTING, 8))
    assert queue.pop_waiting_since(7 * DAY) is None
    assert queue.pop_waiting_since(7 * DAY, claims=True) is None
    assert queue.pop_waiting_since(7 * DAY, claims=False) is None
    assert len(queue) == 2


def test_work_taken_from_its_lane_is_not_taken_again_by_age() -> None:
    queue = queued(("claim", Lane.CLAIM, 1), ("posting", Lane.POSTING, 2))
    assert queue.pop(Lane.CLAIM).kind == "claim"
    assert queue.pop_waiting_since(10 * DAY).kind == "posting"
    assert queue.pop_waiting_since(10 * DAY) is None


def listed(kind: str, created_day: float) -> WorkItem:
    """Work the aging review found (the review itself or a follow-up it listed)."""
    return WorkItem(kind, "ic", Lane.FOLLOW_UP, 5.0, created=created_day * DAY, kept_within=True)


def test_after_the_claims_older_work_goes_first_whatever_its_kind() -> None:
    """An aging review that has waited three weeks is not starved by week-old postings: an
    office always behind on posting would otherwise never look at its aged claims again."""
    queue = queued(("posting", Lane.POSTING, 14), ("claim", Lane.CLAIM, 15))
    queue.push(listed("aging_review", 3))
    limit = 21 * DAY
    assert queue.pop_waiting_since(limit, claims=True).kind == "claim"
    assert queue.pop_oldest_after_claims(limit).kind == "aging_review"
    assert queue.pop_oldest_after_claims(limit).kind == "posting"
    assert queue.pop_oldest_after_claims(limit) is None
