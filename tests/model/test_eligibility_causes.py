"""Eligibility denials by cause: some are fixed by a corrected claim, some are not this
payer's to pay (the other plan or the patient owes them), and part of what moves to the
patient is never collected."""

from __future__ import annotations

from sim.model.claim import ClaimState
from tests.model.conftest import bundled, run_office, with_changes


def _office(causes: dict[str, float], collection: float = 0.7):
    base = bundled("reference-combined")
    practice = base.practice.model_dump(mode="json", by_alias=True)
    practice["eligibility_denial_causes"] = causes
    practice["patient_collection_share"] = collection
    # Many unverified claims: no returning patient is checked when the coordinator is busy.
    payers = [
        p.model_dump(mode="json", by_alias=True) | {"unverified_denial_share": 0.5}
        for p in base.payers
    ]
    from_empty = {"warm_up_days": 0, "run_out_days": 0}  # KPIs and claims read on day 200
    scenario = with_changes(
        base, practice=practice, payers=payers, horizon_days=200, study=from_empty
    )
    return run_office(scenario, seed=11)


def test_data_errors_are_corrected_and_paid_by_the_same_payer() -> None:
    office = _office({"coverage_ended": 0.0, "other_plan_primary": 0.0, "data_error": 1.0})
    kpis = office.kpis()
    assert office.desk.counts.denials["eligibility"] > 20
    assert kpis["claims_rebilled"] == 0 and kpis["moved_to_patient_usd"] == 0


def test_ended_coverage_moves_the_insurance_part_to_the_patient_and_part_is_lost() -> None:
    office = _office({"coverage_ended": 1.0, "other_plan_primary": 0.0, "data_error": 0.0})
    kpis = office.kpis()
    rebilled = [c for c in office.ledger.claims if c.state is ClaimState.REBILLED]
    assert len(rebilled) > 20 and all(c.rebilled_to == "patient" for c in rebilled)
    assert all(c.denial_reason == "eligibility" for c in rebilled)
    moved = kpis["moved_to_patient_usd"]
    collected = kpis["moved_to_patient_collected_usd"]
    assert 0.4 * moved < collected < 0.95 * moved  # about 70% collected, by claim
    # None of it is a write-off of the insurance desk, and none of it is insurance cash.
    assert all(c.write_off_reason is None and c.paid_cents == 0 for c in rebilled)
    nobody_pays = _office({"coverage_ended": 1.0}, collection=0.0).kpis()
    assert nobody_pays["moved_to_patient_collected_usd"] == 0


def test_another_primary_plan_is_billed_instead() -> None:
    office = _office({"coverage_ended": 0.0, "other_plan_primary": 1.0, "data_error": 0.0})
    kpis = office.kpis()
    rebilled = [c for c in office.ledger.claims if c.state is ClaimState.REBILLED]
    assert len(rebilled) > 20
    # A secondary plan that is not owed has no third plan to turn to: the patient owes it.
    to_patient = [c for c in rebilled if c.rebilled_to == "patient"]
    assert all(c.is_secondary for c in to_patient)
    assert kpis["moved_to_patient_usd"] == round(sum(c.expected_cents for c in to_patient) / 100, 2)
    claims = office.ledger.claims
    for old in (c for c in rebilled if not c.is_secondary):
        assert old.rebilled_to != old.payer
        new = [c for c in claims if c.visit_id == old.visit_id and c.payer == old.rebilled_to]
        assert new and new[0].verified and new[0].claim_id > old.claim_id
    assert kpis["moved_to_other_plan_usd"] > 0
