"""The claims register and the money: every expected dollar ends paid, adjusted, written off or open."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sim.claim import AGING_BUCKETS, Claim, ClaimState, WriteOffReason, aging_bucket


@dataclass
class Ledger:
    """All claims and the running money totals, in whole cents."""

    claims: list[Claim] = field(default_factory=list)
    open_by_id: dict[int, Claim] = field(default_factory=dict)
    expected_cents: int = 0
    collected_cents: int = 0
    adjustment_cents: int = 0
    written_off_cents: Counter[str] = field(default_factory=Counter)
    paid_count: int = 0
    written_off_count: int = 0
    cash_today_cents: int = 0
    written_off_today_cents: Counter[str] = field(default_factory=Counter)

    def open_claim(self, claim: Claim) -> Claim:
        self.claims.append(claim)
        self.open_by_id[claim.claim_id] = claim
        self.expected_cents += claim.expected_cents
        claim.history.append((claim.service_day, claim.state))
        return claim

    def post_payment(self, claim: Claim, day: float) -> None:
        """The EOB is posted: cash is collected and the rest of the expected amount adjusted."""
        claim.move(ClaimState.PAID, day)
        del self.open_by_id[claim.claim_id]
        claim.resolved_day = day
        self.collected_cents += claim.paid_cents
        self.adjustment_cents += claim.expected_cents - claim.paid_cents
        self.cash_today_cents += claim.paid_cents
        self.paid_count += 1

    def write_off(self, claim: Claim, reason: WriteOffReason, day: float) -> None:
        claim.move(ClaimState.WRITTEN_OFF, day)
        del self.open_by_id[claim.claim_id]
        claim.resolved_day = day
        claim.write_off_reason = reason
        self.written_off_cents[reason.value] += claim.expected_cents
        self.written_off_today_cents[reason.value] += claim.expected_cents
        self.written_off_count += 1

    def open_claims(self) -> list[Claim]:
        return list(self.open_by_id.values())

    def outstanding_cents(self) -> int:
        return sum(c.expected_cents for c in self.claims if c.is_open)

    def ar_by_bucket(self, today: float) -> dict[str, int]:
        """Open insurance A/R in cents by age since the date of service."""
        return self.open_totals(today)[0]

    def open_totals(self, today: float) -> tuple[dict[str, int], int, int]:
        """Open A/R in cents by aging bucket, and how many open claims were never sent (and their cents).

        One pass over the open claims; it runs at the end of every simulated day.
        """
        buckets = dict.fromkeys(AGING_BUCKETS, 0)
        unsent = unsent_cents = 0
        for claim in self.open_by_id.values():
            cents = claim.expected_cents
            buckets[aging_bucket(today - claim.service_day)] += cents
            if claim.state is ClaimState.UNSUBMITTED:
                unsent += 1
                unsent_cents += cents
        return buckets, unsent, unsent_cents

    def start_day(self) -> None:
        self.cash_today_cents = 0
        self.written_off_today_cents = Counter()
