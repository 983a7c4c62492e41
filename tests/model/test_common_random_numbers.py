"""Two scenarios of the same practice see the same patients, claims and payer decisions."""

from __future__ import annotations

from tests.model.conftest import bundled, run_office, with_changes


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
        # The window is paired; the run-out after it lasts as long as each office needs.
        window_a, window_b = a.kpis(), b.kpis()
        for key in ("interruptions.om", "interruptions.ic", "visits", "no_shows"):
            assert window_a[key] == window_b[key], key


def test_window_patients_do_not_depend_on_the_warm_up() -> None:
    """Warm-up visits are earlier days: the window's visits are the same whatever its length."""
    scenario = bundled("small-separate")

    def window_visits(warm_up: int) -> list[tuple[int, int]]:
        office = run_office(with_changes(scenario, study={"warm_up_days": warm_up}), 3, 0)
        start = office.phases.start
        return sorted(
            (round(c.service_day - start, 6), c.expected_cents)
            for c in office.ledger.claims
            # claims made at visits (a claim rebilled to another plan carries no fee)
            if not c.is_secondary and c.fee_cents > 0 and office.phases.in_window(c.service_day)
        )

    assert window_visits(0) == window_visits(28)


def test_replications_differ_from_each_other() -> None:
    """Two months from an empty office already hold hundreds of claims to tell them apart."""
    short = {"warm_up_days": 0, "run_out_days": 0}
    scenario = with_changes(bundled("small-separate"), horizon_days=60, study=short)
    first, second = (primary_claims(run_office(scenario, 1, r)) for r in (0, 1))
    assert len(first) > 200 and len(second) > 200
    assert first != second
