"""Money as the payer counts it: allowances, contractual adjustments and the COB cap."""

from __future__ import annotations

from sim.model.payer import (
    allowable_expense_cents,
    allowed_cents,
    contractual_adjustment_cents,
    secondary_expected_cents,
)
from sim.scenario.schema import Payer
from tests.model.conftest import bundled, run_office, with_changes


def _payer(**changes) -> Payer:
    return Payer(name="p", patient_share=1.0, **changes)


def test_in_network_plan_pays_its_coverage_of_the_allowance_not_the_fee() -> None:
    office = run_office(with_changes(bundled("reference-separate"), horizon_days=60), seed=3)
    payers = {p.name: p for p in office.scenario.payers}
    # The claims made at the visits (a claim rebilled to another plan after an eligibility
    # denial carries no fee: the adjustment stays on the visit's first claim).
    primaries = [c for c in office.ledger.claims if not c.is_secondary and c.fee_cents > 0]
    assert primaries
    for claim in primaries:
        payer = payers[claim.payer]
        assert claim.allowed_cents < claim.fee_cents
        assert claim.expected_cents <= claim.allowed_cents
        assert claim.fee_cents == claim.allowed_cents + claim.contractual_adjustment_cents
        assert payer.network == "in"
    adjustment = sum(c.contractual_adjustment_cents for c in office.ledger.claims)
    assert office.ledger.contractual_adjustment_cents == adjustment > 0
    # The KPI is the window's: the adjustments on the claims of its visits (none after it).
    in_window = office.phases.in_window
    window = sum(
        c.contractual_adjustment_cents for c in office.ledger.claims if in_window(c.service_day)
    )
    assert 0 < window < adjustment
    kpis = office.kpis()
    assert kpis["contractual_adjustment_usd"] == round(window / 100, 2)
    # Never a write-off: no written-off amount includes it.
    assert kpis["written_off_usd"] < kpis["contractual_adjustment_usd"]


def test_out_of_network_plan_has_no_contractual_adjustment() -> None:
    payer = _payer(network="out", allowance_share={"preventive": 0.9, "basic": 0.8, "major": 0.7})
    assert allowed_cents(100_000, payer, "major") == 70_000
    assert contractual_adjustment_cents(100_000, payer, "major") == 0
    inside = _payer()
    assert contractual_adjustment_cents(100_000, inside, "major") == 35_000


def test_cob_cap_is_the_allowable_expense_not_the_fee() -> None:
    fee = 100_000
    primary = _payer()  # major allowance 65% -> $650 allowed, pays 50% = $325
    secondary = _payer(allowance_share={"preventive": 0.8, "basic": 0.75, "major": 0.6})
    allowable = allowable_expense_cents(fee, primary, secondary, "major")
    assert allowable == 65_000  # both in network: the higher negotiated fee
    paid = 32_500
    as_primary = round(allowed_cents(fee, secondary, "major") * 0.5)
    standard = secondary_expected_cents(allowable, paid, secondary, as_primary)
    assert standard == 30_000 and paid + standard <= allowable
    # With a generous secondary, the plans together stop at the allowable expense.
    rich = secondary_expected_cents(allowable, paid, secondary, 60_000)
    assert paid + rich == allowable < fee
    out = _payer(network="out", allowance_share={"preventive": 1.0, "basic": 0.9, "major": 0.8})
    assert allowable_expense_cents(fee, out, secondary, "major") == 80_000
