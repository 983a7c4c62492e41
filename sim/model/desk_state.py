"""What the insurance desk's parts share: the counts it keeps for the KPIs, and the state and
helpers `InsuranceDesk` (sim/model/desk.py) sets up, declared once here so that each part (a
mixin in its own module) names what it reads and a type checker can follow it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Unpack

import simpy

from sim.model.calendar import Deadlines, OfficeCalendar
from sim.model.claim import Claim, DenialReason, WriteOffReason
from sim.model.ledger import Ledger
from sim.model.payer import Answer
from sim.model.visit import Visit
from sim.model.work import Doer, ItemFields, Lane, WorkItem
from sim.scenario.distributions import Distribution
from sim.scenario.schema import IcWork, Payer, Policy, Procedure, ProcedureClass


@dataclass
class DeskCounts:
    """What the desk did, for the KPIs."""

    first_decided: int = 0
    first_pass_ok: int = 0
    first_denied: int = 0
    denials: Counter[DenialReason] = field(default_factory=Counter)
    claim_lags: list[float] = field(default_factory=list)
    """Days from service to first submission, primary claims only."""
    secondary_claim_lags: list[float] = field(default_factory=list)
    """The same for secondary claims, which cannot go before the primary's EOB is posted."""
    verifications_done: int = 0
    verifications_missed: int = 0
    verifications_skipped: int = 0
    predeterminations_missed: int = 0
    predetermination_replies_late: int = 0
    rejections: int = 0
    """Claims the clearinghouse rejected (never reached the payer; reworked and sent again)."""
    information_requests: int = 0
    """Claims the payer pended for attachments or a patient's COB update before deciding."""
    """Predeterminations sent in time whose reply came after the treatment."""
    estimates_missed: int = 0
    follow_ups: int = 0
    follow_up_waits: list[float] = field(default_factory=list)
    """Days each follow-up waited after it fell due (how far follow-up slipped)."""
    resubmissions: int = 0
    appeals: int = 0
    appeal_waits: list[float] = field(default_factory=list)
    """Days from each appealable denial to its appeal going out."""
    appeals_won: int = 0
    aging_reviews: int = 0
    aging_review_listed: int = 0
    alerts: int = 0
    posting_errors: int = 0
    verification_errors: int = 0
    service_claims: int = 0
    service_within_level: int = 0


class DeskState:
    """The desk's state and helpers every part uses; `InsuranceDesk` sets and defines them."""

    env: simpy.Environment
    payers: dict[str, Payer]
    procedures: dict[ProcedureClass, Procedure]
    work: IcWork
    policy: Policy
    eligibility_causes: dict[Literal["coverage_ended", "other_plan_primary", "data_error"], float]
    patient_collection_share: float
    cob_reply_days: Distribution
    ledger: Ledger
    deliver: Callable[[WorkItem], None]
    cancel: Callable[[WorkItem], None]
    visits: dict[int, Visit]
    calendar: OfficeCalendar
    counts: DeskCounts
    deadlines: Deadlines
    _next_claim_id: int
    _sent: dict[int, tuple[Claim, float, bool]]
    _denials_seen: dict[int, Claim]
    _follow_ups_done: dict[int, tuple[float, int]]
    _misposted_visits: set[int]
    _review: WorkItem | None

    if TYPE_CHECKING:

        @property
        def today(self) -> float: ...

        def _at(self, minutes_from_now: float, action: Callable[[], None]) -> None: ...

        def _queue(self, item: WorkItem, release: float | None = None) -> None: ...

        def _item(
            self, kind: str, lane: Lane, minutes: float, **kwargs: Unpack[ItemFields]
        ) -> WorkItem: ...

        def new_claim(
            self,
            visit: Visit,
            payer: str,
            expected_cents: int,
            block: int,
            fee: int = 0,
            allowed: int = 0,
            adjustment: int = 0,
        ) -> Claim: ...

        def _watch_limits(self, claim: Claim) -> None: ...

        def queue_submission(self, claim: Claim, visit: Visit | None) -> None: ...

        def _send(
            self, claim: Claim, item: WorkItem, worker: Doer, predetermined: bool
        ) -> None: ...

        def _error_chance(self, base: float, item: WorkItem, worker: Doer) -> float: ...

        def _decided(
            self, claim: Claim, number: int, reply: Answer, first: bool = True
        ) -> None: ...

        def _paid(self, claim: Claim) -> None: ...

        def _eligibility_cause(self, claim: Claim) -> str: ...

        def _rebill(self, claim: Claim, cause: str) -> None: ...

        def _appeal_window_closed(self, claim: Claim, denied_day: float | None) -> None: ...

        def _give_up(self, claim: Claim, reason: WriteOffReason) -> None: ...
