"""Clearinghouse rejections and payers' requests for information: both keep a claim from
being paid at once, and neither counts as a first pass."""

from __future__ import annotations

from tests.model.conftest import bundled, run_office, with_changes


def _scenario(catch: float = 0.5, rfi: float = 0.0, patient: float = 0.4, **ic):
    base = with_changes(bundled("reference-separate"), horizon_days=150)
    payers = [
        p.model_dump(mode="json", by_alias=True)
        | {"information_request_share": rfi, "information_request_patient_share": patient}
        for p in base.payers
    ]
    work = base.ic_work.model_dump(mode="json", by_alias=True)
    work.update(clearinghouse_catch_share=catch, **ic)
    return with_changes(base, payers=payers, ic_work=work)


def test_rejected_claims_are_reworked_before_they_count_as_sent() -> None:
    # No posting errors: a secondary built on a wrongly posted payment carries a wrong amount,
    # which no clearinghouse edit can see, so it would reach the payer as an error.
    caught = run_office(
        _scenario(catch=1.0, claim_error_share=0.2, posting_error_share=0.0), seed=8
    )
    counts = caught.desk.counts
    assert counts.rejections > 50
    assert counts.denials["error"] == 0  # every error bounced before the payer saw it
    # A rejected first attempt: the claim counts as sent only after the rework, a day or more on.
    bounced = [c for c in caught.ledger.claims if c.first_rejected_day is not None]
    sent = [c for c in bounced if c.first_submitted_day is not None]
    assert len(sent) > 50
    assert all(c.first_submitted_day >= c.first_rejected_day + 1.0 for c in sent)
    missed = run_office(
        _scenario(catch=0.0, claim_error_share=0.2, posting_error_share=0.0), seed=8
    ).desk.counts
    assert missed.rejections == 0 and missed.denials["error"] > 50
    # Either way an error is not a first pass.
    for c in (counts, missed):
        assert c.first_pass_ok / c.first_decided < 0.85


def test_a_request_for_information_keeps_the_claim_open_until_answered() -> None:
    none = run_office(_scenario(rfi=0.0), seed=8)
    assert none.desk.counts.information_requests == 0
    office = run_office(_scenario(rfi=1.0, patient=1.0), seed=8)
    counts = office.desk.counts
    assert counts.information_requests > 500
    assert counts.first_pass_ok == 0  # every claim the payer would pay was pended first
    paid = [c for c in office.ledger.claims if c.paid_day is not None and c.visit_id > 0]
    waits = sorted(c.paid_day - c.first_submitted_day for c in paid)
    fast = sorted(
        c.paid_day - c.first_submitted_day for c in none.ledger.claims if c.paid_day is not None
    )
    # Two adjudication waits and the patient's reply: the median wait at least doubles.
    assert waits[len(waits) // 2] > 2 * fast[len(fast) // 2]
    assert office.kpis()["ar_usd_end"] > none.kpis()["ar_usd_end"]
