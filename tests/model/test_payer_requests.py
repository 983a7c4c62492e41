"""Clearinghouse rejections and payers' requests for information: both keep a claim from
being paid at once, and neither counts as a first pass."""

from __future__ import annotations

import pytest

from tests.model.conftest import bundled, run_office, with_changes


def _scenario(catch: float = 0.5, attachments: float = 0.0, cob: float = 0.0, **ic):
    base = with_changes(bundled("reference-separate"), horizon_days=150)
    payers = [
        p.model_dump(mode="json", by_alias=True)
        | {"attachment_request_share": attachments, "cob_request_share": cob}
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


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _paid_waits(office, pick) -> list[float]:
    return [
        c.paid_day - c.first_submitted_day
        for c in office.ledger.claims
        if c.paid_day is not None and c.visit_id > 0 and c.submissions == 1 and pick(c)
    ]


@pytest.fixture(scope="module")
def every_claim_pended():
    """Every claim that can draw a request draws one; two tests read the same finished office."""
    return run_office(_scenario(attachments=1.0, cob=1.0), seed=8)


def test_a_request_for_information_keeps_the_claim_open_until_answered(
    every_claim_pended,
) -> None:
    none = run_office(_scenario(), seed=8)
    assert none.desk.counts.information_requests == 0
    office = every_claim_pended
    counts = office.desk.counts
    assert counts.information_requests > 150
    # Two payer waits, and for a COB update the patient's reply: the median wait of the
    # claims that can be pended at least doubles.
    for pick in (lambda c: c.needs_attachment, lambda c: c.dual_coverage):
        assert _median(_paid_waits(office, pick)) > 1.8 * _median(_paid_waits(none, pick))
    assert office.kpis()["ar_usd_end"] > none.kpis()["ar_usd_end"]


def test_requests_fall_only_on_the_claims_that_can_draw_them(every_claim_pended) -> None:
    """Attachments are asked for only on claims sent with some (x-rays, narratives: major work
    above all), a coordination-of-benefits update only for a patient with two plans; a claim
    with neither is never pended, even when every claim that could be is."""
    office = every_claim_pended
    plain = lambda c: not c.needs_attachment and not c.dual_coverage  # noqa: E731
    waits = _paid_waits(office, plain)
    assert len(waits) > 500
    # A plain claim is paid after one payer wait; the slowest stay inside its range.
    slowest = max(p.adjudication_days.from_uniform(0.9999) for p in office.desk.payers.values())
    assert max(waits) < slowest + 1.0
    dollars = {True: 0, False: 0}
    for c in office.ledger.claims:
        if c.visit_id > 0 and not c.dual_coverage:
            dollars[c.needs_attachment] += c.expected_cents
    # Claims with attachments are a minority of claims but carry much of the money.
    attached = [c for c in office.ledger.claims if c.visit_id > 0 and c.needs_attachment]
    share_of_claims = len(attached) / sum(1 for c in office.ledger.claims if c.visit_id > 0)
    share_of_dollars = dollars[True] / (dollars[True] + dollars[False])
    assert share_of_claims < 0.3 and share_of_dollars > 1.5 * share_of_claims


def test_a_claim_sent_with_attachments_waits_for_the_consultants_review() -> None:
    """The payer's wait for a claim with attachments is `review_days`, for the others
    `adjudication_days`: with the two set apart, the paid waits of the two kinds part too."""
    base = _scenario()
    fast = {"dist": "lognormal", "median": 10, "p90": 20}
    slow = {"dist": "lognormal", "median": 30, "p90": 60}
    payers = [
        p.model_dump(mode="json", by_alias=True) | {"adjudication_days": fast, "review_days": slow}
        for p in base.payers
    ]
    office = run_office(with_changes(base, payers=payers), seed=8)
    reviewed = _paid_waits(office, lambda c: c.needs_attachment and not c.dual_coverage)
    plain = _paid_waits(office, lambda c: not c.needs_attachment and not c.dual_coverage)
    assert len(reviewed) > 100 and len(plain) > 500
    assert 25 < _median(reviewed) < 36
    assert 8 < _median(plain) < 13
    same = [p | {"review_days": fast} for p in payers]
    alike = run_office(with_changes(base, payers=same), seed=8)
    reviewed_alike = _paid_waits(alike, lambda c: c.needs_attachment and not c.dual_coverage)
    assert _median(reviewed_alike) < 13
