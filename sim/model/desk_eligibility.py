"""Eligibility denials the payer does not owe: coverage ended (the patient is billed) or
another plan is primary (it gets the claim). A mixin of `InsuranceDesk`
(sim/model/desk.py), whose state it uses.
"""

from __future__ import annotations

from sim.model.claim import Claim
from sim.model.desk_state import DeskState
from sim.model.payer import allowed_cents
from sim.model.streams import Shares, rotate
from sim.model.visit import C
from sim.scenario.schema import Payer


class EligibilityRebilling(DeskState):
    """Finds why an unverified claim was denied and bills whoever owes it instead."""

    def _eligibility_cause(self, claim: Claim) -> str:
        """Why the unverified claim was denied, from its own uniform (found when it is reworked)."""
        u, causes = claim.u[C.ELIGIBILITY_CAUSE], self.eligibility_causes
        ended = causes.get("coverage_ended", 0.0)
        if u < ended:
            return "coverage_ended"
        if u < ended + causes.get("other_plan_primary", 0.0):
            return "other_plan_primary"
        return "data_error"

    def _rebill(self, claim: Claim, cause: str) -> None:
        """Coverage ended (the patient owes the insurance part) or another plan is primary
        (bill it); the denying payer's claim closes as rebilled, never as a write-off."""
        claim.pending = None
        other = self._primary_instead(claim) if cause == "other_plan_primary" else None
        if other is None:
            pays = rotate(claim.u[C.ELIGIBILITY_CAUSE], 1) < self.patient_collection_share
            self.ledger.rebill(claim, "patient", self.today, pays)
            return
        self.ledger.rebill(claim, other.name, self.today)
        self.queue_submission(self._claim_to(claim, other), None)

    def _primary_instead(self, claim: Claim) -> Payer | None:
        """The plan that is primary after all: the visit's second plan if it has one (the two
        swap, so the first becomes the secondary), else another plan of the mix. A plan that
        pays last (Medicaid) is never primary to one that does not."""
        if claim.is_secondary:
            return None
        before_last = not self.payers[claim.payer].pays_last
        visit = self.visits.get(claim.visit_id)
        second = None if visit is None else visit.second_payer
        if (
            visit is not None
            and second is not None
            and visit.payer == claim.payer
            and not (before_last and self.payers[second].pays_last)
        ):
            visit.payer, visit.second_payer = second, visit.payer
            return self.payers[second]
        others = [
            (p, p.patient_share)
            for p in self.payers.values()
            if p.name != claim.payer and not (before_last and p.pays_last)
        ]
        if not any(share > 0 for _, share in others):
            return None
        return Shares(others).pick(rotate(claim.u[C.ELIGIBILITY_CAUSE], 2))

    def _claim_to(self, old: Claim, payer: Payer) -> Claim:
        """The same visit's claim to the plan that owes it, verified this time; its
        uniforms are the old claim's, shifted, so runs stay paired."""
        if old.fee_cents and old.procedure is not None:
            allowed = allowed_cents(old.fee_cents, payer, old.procedure)
            expected = round(allowed * payer.coverage_share[old.procedure])
        else:
            allowed, expected = old.allowed_cents, old.expected_cents
        self._next_claim_id += 1
        claim = Claim(
            claim_id=self._next_claim_id,
            visit_id=old.visit_id,
            payer=payer.name,
            service_day=old.service_day,
            expected_cents=expected,
            procedure=old.procedure,
            allowed_cents=allowed,
            needs_attachment=old.needs_attachment,
            dual_coverage=old.dual_coverage,
            u=[rotate(x, 3) for x in old.u],
        )
        claim.deadline_day = claim.service_day + payer.timely_filing_days
        self.ledger.open_claim(claim)
        self._watch_limits(claim)
        return claim
