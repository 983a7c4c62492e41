"""A claim already at the payer on day 0 waits what is left of the payer's wait, not a fresh one.

Its remaining wait is the payer's wait W given W > the days since it was sent, and a claim
long unanswered is more likely lost; so no imported claim is paid sooner after its sent date
than the payer's shortest wait.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from sim.model.claim import Claim
from sim.model.payer import answer_after_waiting
from sim.scenario.distributions import LogNormal
from tests.model.conftest import bundled, run_office, with_changes
from tests.model.test_identities import assert_identities

AS_OF = date(2025, 3, 31)
SHORTEST_WAIT = 10.0
TRIANGULAR = {"dist": "triangular", "min": SHORTEST_WAIT, "mode": 14.0, "max": 40.0}


def _payer(adjudication: dict, lost_share: float = 0.05):
    payer = bundled("small-separate").payers[0]
    data = payer.model_dump(mode="json", by_alias=True)
    data.update(adjudication_days=adjudication, lost_share=lost_share)
    return type(payer).model_validate(data)


def _answers(
    payer, waited: float, n: int = 4000, seed: int = 7, attachment_share: float | None = None
) -> list:
    rng = random.Random(seed)
    replies = []
    for k in range(n):
        u = [rng.random() for _ in range(16)]
        claim = Claim(k + 1, -(k + 1), payer.name, -waited - 3, 20_000, u=u)
        replies.append(answer_after_waiting(claim, payer, u, waited, attachment_share))
    return replies


def test_remaining_wait_is_the_payers_wait_beyond_the_days_already_waited() -> None:
    """Given W > 40, (F(40 + remaining) - F(40)) / (1 - F(40)) is uniform on 0..1."""
    lognormal = {"dist": "lognormal", "median": 16.0, "p90": 35.0}
    dist = LogNormal.model_validate(lognormal)
    waited = 40.0
    answered = [r for r in _answers(_payer(lognormal), waited) if not r.lost]
    below = dist.cdf(waited)
    spread = np.array([(dist.cdf(waited + r.delay_days) - below) / (1 - below) for r in answered])
    assert len(answered) > 500
    grid = np.linspace(0, 1, 101)
    gap = max(abs(np.mean(spread <= x) - x) for x in grid)
    assert gap < 1.63 / np.sqrt(len(spread))  # Kolmogorov-Smirnov at the 1% level
    # A fresh claim's wait would be under 40 days nine times in ten; here none is.
    fresh = [r.delay_days for r in _answers(_payer(lognormal), 0.0) if not r.lost]
    assert np.mean(np.array(fresh) < waited) > 0.8


def test_a_long_silence_makes_a_lost_claim_likelier() -> None:
    payer = _payer({"dist": "lognormal", "median": 16.0, "p90": 35.0}, lost_share=0.05)
    lost = {w: np.mean([r.lost for r in _answers(payer, w)]) for w in (0.0, 30.0, 60.0)}
    assert lost[0.0] == pytest.approx(0.05, abs=0.015)
    assert lost[0.0] < lost[30.0] < lost[60.0]
    assert lost[60.0] > 0.5


def test_an_imported_claim_of_unknown_kind_may_be_under_review_rather_than_lost() -> None:
    """Issue 24 item 6: the books do not say which claims went with attachments; a claim
    unanswered 45 days is then lost only with the probability the mixture of the two waits
    implies, p / (p + (1 - p) S), S = (1 - a) S_clean + a S_review; and the ones not lost are
    mostly the slow, reviewed kind."""
    payer = _payer(TRIANGULAR, lost_share=0.05)  # a clean claim is always answered by day 40
    review = LogNormal.model_validate(payer.review_days.model_dump())
    share, waited = 0.25, 45.0
    silent_reviewed = share * (1.0 - review.cdf(waited))
    expected_lost = 0.05 / (0.05 + 0.95 * silent_reviewed)
    replies = _answers(payer, waited, attachment_share=share)
    lost = np.mean([r.lost for r in replies])
    assert lost == pytest.approx(expected_lost, abs=0.03)
    assert lost < 0.9  # with one clean wait it would be lost for certain
    # Not lost: answered after the reviewed wait given the silence (beyond day 45).
    left = [r.delay_days for r in replies if not r.lost]
    assert left and min(left) >= 0.0


def test_no_wait_left_means_lost() -> None:
    """A payer that always answers within 40 days has not answered in 45: the claim is lost."""
    assert all(r.lost for r in _answers(_payer(TRIANGULAR, lost_share=0.0), 45.0, n=200))
    early = _answers(_payer(TRIANGULAR, lost_share=0.0), 2.0, n=500)
    assert not any(r.lost for r in early)
    assert min(r.delay_days for r in early) >= SHORTEST_WAIT - 2.0


@pytest.fixture(scope="module")
def imported_office():
    """An office opening with 300 imported claims sent 0 to 59 days before the report."""
    base = bundled("small-separate")
    payers = []
    for payer in base.payers:
        data = payer.model_dump(mode="json", by_alias=True)
        data["adjudication_days"] = TRIANGULAR
        data["review_days"] = TRIANGULAR  # an imported claim may be of either kind
        payers.append(data)
    rng = random.Random(3)
    claims = []
    for n in range(300):
        sent_age = n % 60
        claims.append(
            {
                "service_date": (AS_OF - timedelta(days=sent_age + rng.randint(0, 5))).isoformat(),
                "sent_date": (AS_OF - timedelta(days=sent_age)).isoformat(),
                "payer": base.payers[n % len(base.payers)].name,
                "expected_usd": round(rng.uniform(80, 600), 2),
            }
        )
    opening = {"as_of": AS_OF.isoformat(), "claims": claims}
    return run_office(with_changes(base, payers=payers, opening=opening, horizon_days=90))


def test_imported_claims_are_never_paid_before_the_payers_shortest_wait(imported_office) -> None:
    office = imported_office
    assert_identities(office)
    imported = [c for c in office.ledger.claims if c.visit_id < 0]
    assert len(imported) == 300
    first_answers = [c for c in imported if c.paid_day is not None and c.submissions == 1]
    assert len(first_answers) > 50
    for claim in first_answers:
        assert claim.paid_day >= claim.first_submitted_day + SHORTEST_WAIT - 1e-9
    # Claims sent more than 40 days before the report (past the longest wait) were not
    # answered at first submission: only follow-up and a new submission get them paid.
    old = [c for c in imported if -c.first_submitted_day > TRIANGULAR["max"]]
    assert old and all(c.submissions > 1 or c.paid_day is None for c in old)


def test_imported_sent_dates_set_the_first_submission(imported_office) -> None:
    office = imported_office
    imported = [c for c in office.ledger.claims if c.visit_id < 0]
    for claim in imported:
        assert claim.service_day <= claim.first_submitted_day <= 0.0
    assert min(c.first_submitted_day for c in imported) == pytest.approx(-58.0)
