"""Opening books: a claim sent within its filing limit is never written off on day 0, and the
claims already past it are the ones the import summary names."""

from __future__ import annotations

from datetime import date, timedelta

from sim.model.claim import ClaimState, WriteOffReason
from sim.model.office import Office
from sim.scenario.claims_import import ImportedClaims, past_filing_limit
from tests.model.conftest import bundled, with_changes

AS_OF = date(2025, 3, 31)


def _claim(age: int, sent_after: int | None, usd: float, payer: str) -> dict:
    service = AS_OF - timedelta(days=age)
    sent = None if sent_after is None else service + timedelta(days=sent_after)
    return {"service_date": service, "sent_date": sent, "payer": payer, "expected_usd": usd}


def test_only_claims_past_their_limit_are_written_off_on_day_0_and_they_are_named() -> None:
    base = bundled("small-separate")
    payer = base.payers[0]
    limit = payer.timely_filing_days
    claims = [
        _claim(limit + 40, 5, 111.11, payer.name),  # sent in time long ago: now past the limit
        _claim(limit + 40, None, 222.22, payer.name),  # never sent, past the limit
        _claim(limit + 40, limit + 10, 333.33, payer.name),  # sent after the limit
        _claim(limit - 20, None, 444.44, payer.name),  # unsent, still inside the limit
        *[_claim(age, 3, 50.0, payer.name) for age in range(100, limit, 7)],  # long unanswered
    ]
    imported = ImportedClaims(claims, AS_OF, 0)
    named = past_filing_limit(imported, {p.name: p.timely_filing_days for p in base.payers})
    assert sorted(c["expected_usd"] for c in named) == [222.22, 333.33]
    payers = [p.model_dump(mode="json", by_alias=True) | {"lost_share": 0.9} for p in base.payers]
    opening = {"as_of": AS_OF.isoformat(), "claims": [_json(c) for c in claims]}
    # The practice's own age limit is another rule (aged out); here it is set past every claim.
    policy = base.policy.model_dump(mode="json") | {"write_off_after_days": 2000}
    scenario = with_changes(base, payers=payers, opening=opening, policy=policy, horizon_days=30)
    office = Office(scenario, seed=3, replication=0)
    office.env.run(until=1439.0)
    given_up = [c for c in office.ledger.claims if c.given_up is not None]
    assert sorted(c.expected_cents for c in given_up) == [22222, 33333]
    assert all(c.given_up is WriteOffReason.TIMELY_FILING for c in given_up)
    assert all(c.is_open for c in given_up), "they stay on the books until the write-off review"
    review = office.calendar.first_open_day(scenario.policy.write_off_review_every_days)
    office.env.run(until=(review + 1) * 1440.0)
    written = [c for c in office.ledger.claims if c.state is ClaimState.WRITTEN_OFF]
    assert sorted(c.expected_cents for c in written) == [22222, 33333]
    assert all(c.write_off_reason is WriteOffReason.TIMELY_FILING for c in written)
    assert all(int(c.resolved_day or 0) == review for c in written)
    # The claim sent in time and since lost is resent with proof of timely filing, not dropped.
    proof = next(c for c in office.ledger.claims if c.expected_cents == 11111)
    assert proof.is_open
    office.env.run(until=40 * 1440.0)
    assert proof.state is not ClaimState.WRITTEN_OFF


def _json(claim: dict) -> dict:
    sent = claim["sent_date"]
    return claim | {
        "service_date": claim["service_date"].isoformat(),
        "sent_date": None if sent is None else sent.isoformat(),
    }
