"""Insurance claims: their states, the allowed moves between them, and aging buckets."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sim.scenario.schema import ProcedureClass


class ClaimState(StrEnum):
    """Where a claim stands in its life, as the office (or the payer) sees it."""

    UNSUBMITTED = "unsubmitted"
    SUBMITTED = "submitted"
    LOST = "lost"
    DENIED = "denied"
    APPEALED = "appealed"
    EOB_RECEIVED = "eob_received"
    PAID = "paid"
    WRITTEN_OFF = "written_off"
    REBILLED = "rebilled"


class WriteOffReason(StrEnum):
    """Why an expected insurance amount was given up."""

    TIMELY_FILING = "timely_filing"
    APPEAL_WINDOW = "appeal_window"
    APPEAL_LOST = "appeal_lost"
    BELOW_APPEAL_THRESHOLD = "below_appeal_threshold"
    AGED_OUT = "aged_out"


class DenialReason(StrEnum):
    """Why a payer denied a submission."""

    ERROR = "error"
    """A data or coding error the clearinghouse's edits did not catch."""
    ELIGIBILITY = "eligibility"
    """The patient's coverage was not (or wrongly) verified."""
    NO_PREDETERMINATION = "no_predetermination"
    """The plan required a predetermination the office did not get."""
    CLINICAL = "clinical"
    """The plan's dental consultant found the treatment not covered or not necessary."""


S = ClaimState
TRANSITIONS: dict[ClaimState, frozenset[ClaimState]] = {
    S.UNSUBMITTED: frozenset({S.SUBMITTED, S.WRITTEN_OFF}),
    S.SUBMITTED: frozenset({S.EOB_RECEIVED, S.DENIED, S.LOST, S.WRITTEN_OFF}),
    S.LOST: frozenset({S.SUBMITTED, S.WRITTEN_OFF}),
    S.DENIED: frozenset({S.SUBMITTED, S.APPEALED, S.WRITTEN_OFF, S.REBILLED}),
    S.APPEALED: frozenset({S.EOB_RECEIVED, S.WRITTEN_OFF}),
    S.EOB_RECEIVED: frozenset({S.PAID}),
    S.PAID: frozenset(),
    S.WRITTEN_OFF: frozenset(),
    S.REBILLED: frozenset(),
}
"""Every move a claim may make; the site's lifecycle diagram is checked against this."""

OPEN_STATES = frozenset(s for s in ClaimState if s not in (S.PAID, S.WRITTEN_OFF, S.REBILLED))


AGING_BUCKETS = ("0-30", "31-60", "61-90", "90+")
AGING_LIMITS = (30, 60, 90)
"""The oldest age, in days, of each bucket but the last."""


def aging_bucket(age_days: float) -> str:
    """Name the aging bucket for a claim whose service date is `age_days` ago.

    Written out rather than looped over AGING_LIMITS: the daily snapshot calls it hundreds of
    thousands of times in a long run (a test holds the two together)."""
    if age_days <= 30:
        return "0-30"
    if age_days <= 60:
        return "31-60"
    if age_days <= 90:
        return "61-90"
    return "90+"


class IllegalTransition(RuntimeError):
    """A claim was asked to make a move the lifecycle does not allow (a model bug)."""


@dataclass(slots=True, eq=False)
class Claim:
    """One claim to one payer for one visit; money is held in whole cents."""

    claim_id: int
    visit_id: int
    payer: str
    service_day: float
    expected_cents: int
    procedure: ProcedureClass | None = None
    """The visit's procedure class (None for an opening claim, which the report gives no fee for)."""
    fee_cents: int = 0
    """The office's fee for the visit (0 for an opening claim, whose fee the report does not give)."""
    allowed_cents: int = 0
    """The plan's allowed amount: coverage applies to it, not to the fee."""
    contractual_adjustment_cents: int = 0
    """Fee above an in-network plan's contracted allowance: given up by contract, not written off."""
    is_secondary: bool = False
    needs_attachment: bool = False
    paper: bool = False
    """Printed and mailed rather than sent through the clearinghouse: the payer takes longer."""
    dual_coverage: bool = False
    """The patient has a second plan (a secondary claim, or a primary one with a secondary to
    follow): the claims a payer may pend for a coordination-of-benefits update."""
    verified: bool = True
    state: ClaimState = ClaimState.UNSUBMITTED
    submissions: int = 0
    first_submitted_day: float | None = None
    first_rejected_day: float | None = None
    """When the clearinghouse rejected the claim before it was ever accepted (it is not sent
    until reworked)."""
    denied_day: float | None = None
    denial_reason: DenialReason | None = None
    has_error: bool = False
    paid_cents: int = 0
    paid_day: float | None = None
    resolved_day: float | None = None
    write_off_reason: WriteOffReason | None = None
    given_up: WriteOffReason | None = None
    """The office has given the claim up for this reason; it leaves the books at the next
    write-off review (until then it is open, on the aging report, and nobody works it)."""
    given_up_day: float | None = None
    rebilled_to: str | None = None
    """After an eligibility denial the payer does not owe: "patient", or the plan that does."""
    patient_paid: bool = False
    deadline_day: float = float("inf")
    u: list[float] = field(default_factory=list)
    pending: Any = None
    via_service: bool = False
    history: list[tuple[float, ClaimState]] = field(default_factory=list)
    register: Any = None
    """The ledger the claim is entered in; told of every move so its running totals stay right."""

    def move(self, to: ClaimState, day: float) -> None:
        """Change state, refusing any move the lifecycle does not allow."""
        before = self.state
        if to not in TRANSITIONS[before]:
            raise IllegalTransition(f"claim {self.claim_id}: {before} -> {to}")
        self.state = to
        self.history.append((day, to))
        if self.register is not None:
            self.register.moved(self, before)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
