"""The claims register and the money: every expected dollar ends paid, adjusted, written off or open.

Cash counts when the payer pays; the books (the aging report) drop a claim only when its EOB
is posted, so unposted payments make A/R look older than it is, as in a real office. The
running totals cover the whole run; the KPIs cover the measured window (totals since its start,
stocks at its end), and the cohorts (the window's claims, the opening books) are followed to
their end.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import fmean

from sim.model.claim import (
    AGING_BUCKETS,
    AGING_LIMITS,
    Claim,
    ClaimState,
    WriteOffReason,
    aging_bucket,
)
from sim.model.kpis import BUCKET_COLUMNS, REASONS, usd

UNSUBMITTED = ClaimState.UNSUBMITTED
"""Read on every move of every claim; bound once (an enum member's read is slow in CPython 3.11)."""
DAYS_IN_YEAR = 365.0
DAYS_IN_AR_WINDOW = 90
"""Days of recent charges that days in A/R divides by (average daily charges)."""


@dataclass(frozen=True)
class Totals:
    """The register's running totals at one moment (the window's start), to measure from."""

    day: float = -math.inf
    created: int = 0
    expected_cents: int = 0
    collected_cents: int = 0
    adjustment_cents: int = 0
    written_off_cents: Counter[str] = field(default_factory=Counter)
    paid_count: int = 0
    written_off_count: int = 0
    open_count: int = 0
    outstanding_cents: int = 0
    contractual_adjustment_cents: int = 0
    rebilled_count: int = 0
    moved_to_patient_cents: int = 0
    patient_collected_cents: int = 0
    moved_to_other_plan_cents: int = 0


@dataclass
class Ledger:
    """All claims and the running money totals, in whole cents.

    `cohort_start`/`cohort_end` bound the service days of the window's claims; those claims
    and the opening books' (visit ids below 0) are counted in `followed_open` while open, so
    the run-out knows when every one is closed."""

    cohort_start: float = 0.0
    cohort_end: float = math.inf
    followed_open: int = 0
    base: Totals = field(default_factory=Totals)
    claims: list[Claim] = field(default_factory=list)
    open_by_id: dict[int, Claim] = field(default_factory=dict)
    expected_cents: int = 0
    collected_cents: int = 0
    adjustment_cents: int = 0
    contractual_adjustment_cents: int = 0
    rebilled_count: int = 0
    moved_to_patient_cents: int = 0
    """Insurance parts moved to the patient's bill when the payer owed nothing (coverage ended)."""
    patient_collected_cents: int = 0
    moved_to_other_plan_cents: int = 0
    """Amounts the payer did not owe because another plan is primary (billed to that plan)."""
    """Office fees above in-network allowances, claim by claim: contra-revenue, never a write-off."""
    written_off_cents: Counter[str] = field(default_factory=Counter)
    paid_count: int = 0
    written_off_count: int = 0
    cash_today_cents: int = 0
    written_off_today_cents: Counter[str] = field(default_factory=Counter)
    unsent_count: int = 0
    unsent_cents: int = 0
    unposted_count: int = 0
    unposted_cents: int = 0
    """Payments received (cash in the bank) whose EOB nobody has posted yet."""
    unposted_expected_cents: int = 0
    open_by_service_day: dict[int, dict[int, Claim]] = field(default_factory=dict)
    """Open claims by whole day of service, so the daily aging reads a few hundred day totals
    instead of every open claim (thousands in an office with a backlog)."""
    open_cents_by_service_day: dict[int, int] = field(default_factory=dict)
    unsent_by_service_day: dict[int, dict[int, Claim]] = field(default_factory=dict)
    """The open claims never sent, by whole day of service: a backlog apart from the A/R."""
    unsent_cents_by_service_day: dict[int, int] = field(default_factory=dict)

    def followed(self, claim: Claim) -> bool:
        """A claim of the window's cohort or of the opening books."""
        return claim.visit_id < 0 or self.cohort_start <= claim.service_day < self.cohort_end

    def open_claim(self, claim: Claim) -> Claim:
        if self.followed(claim):
            self.followed_open += 1
        self.claims.append(claim)
        self.open_by_id[claim.claim_id] = claim
        self.expected_cents += claim.expected_cents
        self.contractual_adjustment_cents += claim.contractual_adjustment_cents
        claim.history.append((claim.service_day, claim.state))
        claim.register = self
        day = math.floor(claim.service_day)
        _add(self.open_by_service_day, self.open_cents_by_service_day, day, claim)
        if claim.state is UNSUBMITTED:
            self.unsent_count += 1
            self.unsent_cents += claim.expected_cents
            _add(self.unsent_by_service_day, self.unsent_cents_by_service_day, day, claim)
        return claim

    def moved(self, claim: Claim, before: ClaimState) -> None:
        """Keep the unsent totals right: a claim leaves the unsent state once and never returns."""
        if before is UNSUBMITTED and claim.state is not UNSUBMITTED:
            self.unsent_count -= 1
            self.unsent_cents -= claim.expected_cents
            day = math.floor(claim.service_day)
            _remove(self.unsent_by_service_day, self.unsent_cents_by_service_day, day, claim)

    def _close(self, claim: Claim) -> None:
        if self.followed(claim):
            self.followed_open -= 1
        del self.open_by_id[claim.claim_id]
        day = math.floor(claim.service_day)
        _remove(self.open_by_service_day, self.open_cents_by_service_day, day, claim)

    def receive_payment(self, claim: Claim, day: float) -> None:
        """The payer pays (EFT with its ERA, or a check): cash is collected, the shortfall adjusted.

        The claim stays open on the books until someone posts the EOB."""
        claim.move(ClaimState.EOB_RECEIVED, day)
        claim.paid_day = day
        self.collected_cents += claim.paid_cents
        self.adjustment_cents += claim.expected_cents - claim.paid_cents
        self.cash_today_cents += claim.paid_cents
        self.unposted_count += 1
        self.unposted_cents += claim.paid_cents
        self.unposted_expected_cents += claim.expected_cents

    def post_payment(self, claim: Claim, day: float) -> None:
        """The EOB is posted: the claim leaves the books as paid."""
        claim.move(ClaimState.PAID, day)
        self._close(claim)
        claim.resolved_day = day
        self.paid_count += 1
        self.unposted_count -= 1
        self.unposted_cents -= claim.paid_cents
        self.unposted_expected_cents -= claim.expected_cents

    def write_off(self, claim: Claim, reason: WriteOffReason, day: float) -> None:
        claim.move(ClaimState.WRITTEN_OFF, day)
        self._close(claim)
        claim.resolved_day = day
        claim.write_off_reason = reason
        self.written_off_cents[reason.value] += claim.expected_cents
        self.written_off_today_cents[reason.value] += claim.expected_cents
        self.written_off_count += 1

    def rebill(self, claim: Claim, to: str, day: float, patient_pays: bool = False) -> None:
        """Close a claim the payer did not owe: its amount goes to the patient or another plan."""
        claim.move(ClaimState.REBILLED, day)
        self._close(claim)
        claim.resolved_day = day
        claim.rebilled_to = to
        self.rebilled_count += 1
        if to == "patient":
            self.moved_to_patient_cents += claim.expected_cents
            claim.patient_paid = patient_pays
            if patient_pays:
                self.patient_collected_cents += claim.expected_cents
        else:
            self.moved_to_other_plan_cents += claim.expected_cents

    def open_claims(self) -> list[Claim]:
        return list(self.open_by_id.values())

    def outstanding_cents(self) -> int:
        """Expected insurance money not yet paid nor written off (unposted payments are paid)."""
        return sum(c.expected_cents for c in self.claims if c.is_open and c.paid_day is None)

    def ar_by_bucket(self, today: float) -> dict[str, int]:
        """Insurance A/R (open claims sent to a payer) in cents by age since the date of service."""
        return self.open_totals(today)[0]

    def open_totals(self, today: float) -> tuple[dict[str, int], int, int]:
        """A/R in cents by aging bucket, and how many open claims were never sent (and their cents).

        A/R is what payers owe on claims sent (at the payer, lost, denied, in appeal, or paid
        and not yet posted); claims never sent are a backlog of their own, as a practice's
        aging report and its list of unsent claims keep them apart. A whole day of service
        lies in one bucket unless a bucket limit falls within a day of it; only those few days
        are split claim by claim.
        """
        buckets = dict.fromkeys(AGING_BUCKETS, 0)
        split = {math.floor(today - limit) + d for limit in AGING_LIMITS for d in (-1, 0, 1)}
        unsent_by_day = self.unsent_cents_by_service_day
        for day, cents in self.open_cents_by_service_day.items():
            if day in split:
                for claim in self.open_by_service_day[day].values():
                    if claim.state is not UNSUBMITTED:
                        buckets[aging_bucket(today - claim.service_day)] += claim.expected_cents
            else:
                buckets[aging_bucket(today - day - 0.5)] += cents - unsent_by_day.get(day, 0)
        return buckets, self.unsent_count, self.unsent_cents

    def oldest_unsent_age(self, today: float) -> float | None:
        """Days since the date of service of the oldest claim never sent; None when none waits."""
        if not self.unsent_by_service_day:
            return None
        oldest = self.unsent_by_service_day[min(self.unsent_by_service_day)]
        return today - min(claim.service_day for claim in oldest.values())

    def start_window(self, today: float) -> None:
        """The measured window begins: its flows count from the totals now."""
        self.base = Totals(
            day=today,
            created=len(self.claims),
            expected_cents=self.expected_cents,
            collected_cents=self.collected_cents,
            adjustment_cents=self.adjustment_cents,
            written_off_cents=Counter(self.written_off_cents),
            paid_count=self.paid_count,
            written_off_count=self.written_off_count,
            open_count=len(self.open_by_id),
            outstanding_cents=self.outstanding_cents(),
            contractual_adjustment_cents=self.contractual_adjustment_cents,
            rebilled_count=self.rebilled_count,
            moved_to_patient_cents=self.moved_to_patient_cents,
            patient_collected_cents=self.patient_collected_cents,
            moved_to_other_plan_cents=self.moved_to_other_plan_cents,
        )

    def start_day(self) -> None:
        self.cash_today_cents = 0
        self.written_off_today_cents = Counter()

    def expected_cents_by_visit_day(self) -> Counter[int]:
        """The expected insurance cents of every claim registered so far, by the day of its
        visit: the basis of days in A/R's denominator, day by day."""
        found: Counter[int] = Counter()
        for claim in self.claims:
            found[math.floor(claim.service_day)] += claim.expected_cents
        return found

    def results(self, today: float) -> dict[str, float | None]:
        """The register's KPIs at the window's end (`today`): the window's claims by outcome and
        its money, and the stocks at its end (open claims, A/R, what is still owed).

        The two identities hold over the window with its opening stocks: claims open at the
        start plus created = paid + written off + open at the end, and the dollars likewise.
        A ratio with nothing to measure is None (not available), not 0: days in A/R with no
        charges in the last 90 days, the share over 90 days with no A/R, the net collection
        rate with nothing collected or written off, the age of unsent claims with none."""
        base = self.base
        open_claims = self.open_claims()
        by_state = Counter(c.state.value for c in open_claims)
        buckets = self.ar_by_bucket(today)
        ar = sum(buckets.values())
        recent = sum(
            c.expected_cents
            for c in self.claims
            if today - DAYS_IN_AR_WINDOW <= c.service_day < today
        )
        daily_charges = recent / DAYS_IN_AR_WINDOW
        written_off_cents = self.written_off_cents - base.written_off_cents
        written_off = sum(written_off_cents.values())
        collected = self.collected_cents - base.collected_cents
        resolved = collected + written_off
        return {
            "claims_open_start": base.open_count,
            "claims_created": len(self.claims) - base.created,
            "claims_paid": self.paid_count - base.paid_count,
            "claims_written_off": self.written_off_count - base.written_off_count,
            "claims_rebilled": self.rebilled_count - base.rebilled_count,
            "claims_open": len(open_claims),
            **{
                f"claims_open.{s.value}": by_state.get(s.value, 0)
                for s in ClaimState
                if s.value not in ("paid", "written_off", "rebilled")
            },
            "outstanding_usd_start": usd(base.outstanding_cents),
            "insurance_expected_usd": usd(self.expected_cents - base.expected_cents),
            "collected_usd": usd(collected),
            "written_off_usd": usd(written_off),
            **{f"written_off_usd.{r}": usd(written_off_cents[r]) for r in REASONS},
            "payer_adjustment_usd": usd(self.adjustment_cents - base.adjustment_cents),
            "contractual_adjustment_usd": usd(
                self.contractual_adjustment_cents - base.contractual_adjustment_cents
            ),
            "moved_to_patient_usd": usd(self.moved_to_patient_cents - base.moved_to_patient_cents),
            "moved_to_patient_collected_usd": usd(
                self.patient_collected_cents - base.patient_collected_cents
            ),
            "moved_to_other_plan_usd": usd(
                self.moved_to_other_plan_cents - base.moved_to_other_plan_cents
            ),
            "outstanding_usd": usd(
                sum(c.expected_cents for c in open_claims if c.paid_day is None)
            ),
            "ar_usd_end": usd(ar),
            **{f"{column}_end": usd(buckets[name]) for name, column in BUCKET_COLUMNS.items()},
            "ar_over_90_share_end": buckets["90+"] / ar if ar else None,
            "days_in_ar": ar / daily_charges if daily_charges else None,
            "unsent_usd_end": usd(self.unsent_cents),
            "net_collection_rate": collected / resolved if resolved else None,
            "unsubmitted_claims_end": by_state.get("unsubmitted", 0),
            "unsent_claim_age_days_mean_end": fmean(
                today - c.service_day for c in open_claims if c.state is ClaimState.UNSUBMITTED
            )
            if by_state.get("unsubmitted")
            else None,
            "unposted_payments_end": self.unposted_count,
            "unposted_payments_usd_end": usd(self.unposted_cents),
            "collected_via_service_usd": usd(
                sum(
                    c.paid_cents
                    for c in self.claims
                    if c.via_service and c.paid_day is not None and c.paid_day >= base.day
                )
            ),
        }

    def cohort_results(self, annual_rate: float) -> dict[str, float | None]:
        """The window's claims and the opening books' claims, each followed to its end; waiting
        for the cash costs `annual_rate` a year."""
        window = [c for c in self.claims if c.visit_id > 0 and self.followed(c)]
        opening = [c for c in self.claims if c.visit_id < 0]
        return {
            **cohort("cohort", window, lambda c: c.service_day, annual_rate),
            **cohort("opening_cohort", opening, lambda _c: self.cohort_start, annual_rate),
        }


def cohort(
    prefix: str, claims: list[Claim], since: Callable[[Claim], float], annual_rate: float
) -> dict[str, float | None]:
    """What became of a set of claims: collected, adjusted, written off by reason, moved to the
    patient or another plan after an eligibility denial (rebilled), unresolved; the collection
    share is over what the payers were still owed (expected less moved).

    Collected is what the payers paid (the day they paid), never a share of what is still
    owed; a claim still open and unpaid at the end is unresolved. `since` gives the day each
    claim's days to cash count from; each paid dollar's wait costs `annual_rate` a year."""
    expected = sum(c.expected_cents for c in claims)
    paid = [(c, c.paid_day) for c in claims if c.paid_day is not None]
    collected = sum(c.paid_cents for c, _ in paid)
    written_off: Counter[str] = Counter()
    for c in claims:
        if c.state is ClaimState.WRITTEN_OFF:
            assert c.write_off_reason is not None, "a written-off claim has its reason"
            written_off[c.write_off_reason.value] += c.expected_cents
    unresolved = [c for c in claims if c.is_open and c.paid_day is None]
    moved = sum(c.expected_cents for c in claims if c.state is ClaimState.REBILLED)
    owed = expected - moved
    dollar_days = sum(c.paid_cents * (day - since(c)) for c, day in paid)
    return {
        f"{prefix}_claims": len(claims),
        f"{prefix}_expected_usd": usd(expected),
        f"{prefix}_collected_usd": usd(collected),
        f"{prefix}_payer_adjustment_usd": usd(
            sum(c.expected_cents - c.paid_cents for c, _ in paid)
        ),
        f"{prefix}_written_off_usd": usd(sum(written_off.values())),
        **{f"{prefix}_written_off_usd.{r}": usd(written_off[r]) for r in REASONS},
        f"{prefix}_unresolved_usd": usd(sum(c.expected_cents for c in unresolved)),
        f"{prefix}_unresolved_claims": len(unresolved),
        f"{prefix}_moved_usd": usd(moved),
        f"{prefix}_collection_share": collected / owed if owed else None,
        f"{prefix}_days_to_cash_mean": (fmean(day - since(c) for c, day in paid) if paid else None),
        f"{prefix}_cash_wait_cost_usd": usd(dollar_days * annual_rate / DAYS_IN_YEAR),
    }


def _add(
    claims: dict[int, dict[int, Claim]], cents: dict[int, int], day: int, claim: Claim
) -> None:
    """Enter a claim in a by-day index and its running cents."""
    claims.setdefault(day, {})[claim.claim_id] = claim
    cents[day] = cents.get(day, 0) + claim.expected_cents


def _remove(
    claims: dict[int, dict[int, Claim]], cents: dict[int, int], day: int, claim: Claim
) -> None:
    """Take a claim out of a by-day index, dropping the day when it empties."""
    same_day = claims[day]
    del same_day[claim.claim_id]
    if same_day:
        cents[day] -= claim.expected_cents
    else:
        del claims[day]
        del cents[day]
