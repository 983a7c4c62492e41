"""Two scenarios of the same practice see the same patients, claims and payer decisions."""

from __future__ import annotations

from tests.model.conftest import bundled, run_office


def primary_claims(office) -> list[tuple[int, str, int, float]]:
    """The claims made at the visits. A claim billed to another plan after an eligibility
    denial is left out: whether it exists depends on which checks were skipped, which is
    what the compared offices do differently."""
    return sorted(
        (c.visit_id, c.payer, c.expected_cents, round(c.service_day, 6))
        for c in office.ledger.claims
        if not c.is_secondary and c.fee_cents > 0
    )


def test_reference_scenarios_share_claims_in_each_replication() -> None:
    separate, combined = bundled("reference-separate"), bundled("reference-combined")
    for replication in (0, 1):
        a = run_office(separate, seed=11, replication=replication)
        b = run_office(combined, seed=11, replication=replication)
        claims_a, claims_b = primary_claims(a), primary_claims(b)
        assert len(claims_a) > 1000
        assert claims_a == claims_b
        assert a.om.interruptions == b.om.interruptions
        assert a.demand.visits_seen == b.demand.visits_seen


def test_replications_differ_from_each_other() -> None:
    scenario = bundled("small-separate")
    assert primary_claims(run_office(scenario, 1, 0)) != primary_claims(run_office(scenario, 1, 1))
