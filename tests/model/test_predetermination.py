"""Predeterminations: a missing one is a reason to deny only where the plan requires it, and
the plan's reply must be back before the treatment."""

from __future__ import annotations

from tests.model.conftest import bundled, run_office, with_changes


def _payers(scenario, **changes) -> list[dict]:
    return [p.model_dump(mode="json", by_alias=True) | changes for p in scenario.payers]


def test_only_plans_that_require_predetermination_deny_for_its_absence() -> None:
    base = with_changes(bundled("reference-separate"), horizon_days=150)
    office = run_office(base, seed=6)
    requiring = {p.name for p in base.payers if p.requires_predetermination}
    assert requiring and requiring != {p.name for p in base.payers}
    denied = [c for c in office.ledger.claims if c.denial_reason == "no_predetermination"]
    assert denied
    assert {c.payer for c in denied} <= requiring
    # No plan requires it: nobody is denied for its absence, however late the replies.
    none = with_changes(base, payers=_payers(base, requires_predetermination=False))
    office = run_office(none, seed=6)
    assert office.desk.counts.denials["no_predetermination"] == 0


def test_a_reply_slower_than_the_booking_lead_leaves_the_work_unapproved() -> None:
    base = with_changes(bundled("reference-separate"), horizon_days=150)
    slow = {"dist": "triangular", "min": 70, "mode": 80, "max": 90}  # beyond any booking lead
    fast = {"dist": "triangular", "min": 0, "mode": 0.01, "max": 0.02}
    runs = {}
    for name, reply in (("slow", slow), ("fast", fast)):
        scenario = with_changes(
            base,
            payers=_payers(base, requires_predetermination=True, predetermination_reply_days=reply),
        )
        runs[name] = run_office(scenario, seed=6).desk.counts
    assert runs["fast"].predetermination_replies_late == 0
    assert runs["slow"].predetermination_replies_late > 50
    assert (
        runs["slow"].denials["no_predetermination"]
        > 3 * runs["fast"].denials["no_predetermination"]
    )
