"""The practice's rules and costs: follow-up and write-off policy, what staff and late cash
cost, and an outside billing team's share of the work and its fee.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.scenario.schema_base import (
    Share,
    Strict,
)


class Policy(Strict):
    """The practice's follow-up and write-off rules."""

    follow_up_age_days: int = Field(
        30,
        ge=1,
        le=365,
        description="Days after submission at which the aging review lists an unanswered claim for follow-up.",
    )
    follow_up_cadence_days: int = Field(
        21,
        ge=1,
        le=365,
        description="Days after a follow-up before the aging review lists the same claim for another.",
    )
    aging_review_every_days: int = Field(
        7,
        ge=1,
        le=90,
        description="Days between aging reviews (the insurance role's look at claims sent and not answered, and denials not yet worked).",
    )
    appeal_threshold_usd: float = Field(
        50.0,
        ge=0,
        description="Denied claims below this amount are written off instead of appealed.",
    )
    write_off_after_days: int = Field(
        365,
        ge=30,
        le=2000,
        description="Open claims with no activity (a submission, an answer, a follow-up) for this many days are written off as aged out.",
    )
    write_off_review_every_days: int = Field(
        30,
        ge=0,
        le=730,
        description=(
            "Days between the practice's write-off reviews: a claim the office has given up "
            "(below the appeal threshold, appeal lost, a deadline missed, aged out) stays on the "
            "books, in A/R and on the aging report, until the next review writes it off. "
            "0: written off the day it is given up."
        ),
    )


class Economics(Strict):
    """What staff and late cash cost the practice."""

    employer_loading_share: float = Field(
        0.28, ge=0, le=1, description="Payroll taxes and benefits on top of the base wage."
    )
    overtime_premium_share: float = Field(
        0.5, ge=0, le=2, description="Extra pay for each overtime hour."
    )
    late_cash_annual_rate_share: float = Field(
        0.08,
        ge=0,
        le=1,
        description="Yearly cost of money tied up in insurance A/R (financing or forgone return).",
    )


ServiceKind = Literal[
    "claim",
    "secondary_claim",
    "payment_posting",
    "denial_review",
    "correct_and_resubmit",
    "appeal",
    "follow_up",
]
"""IC work an outside billing service can take over."""
SERVICE_KINDS: tuple[ServiceKind, ...] = (
    "claim",
    "secondary_claim",
    "payment_posting",
    "denial_review",
    "correct_and_resubmit",
    "appeal",
    "follow_up",
)


class Outsourcing(Strict):
    """An outside billing team: which IC work it takes and what it charges."""

    fee_collections_share: Share = Field(
        0.07, description="Fee as a share of insurance cash collected through the service."
    )
    fee_per_claim_usd: float = Field(
        0.0,
        ge=0,
        le=200,
        description="Fee per claim the service submits (instead of, or on top of, the share).",
    )
    service_level_business_days: int = Field(
        2, ge=0, le=30, description="Promised days from visit to claim submission."
    )
    sized_to_work: bool = Field(
        False,
        description="True: the service's hours a day are what the work it takes needs (at 80% load, so it keeps its promise), whatever its staff entry says; false: the staff entry's hours_per_day.",
    )
    kinds: list[ServiceKind] = Field(
        default_factory=lambda: list(SERVICE_KINDS),
        description="IC work the service takes over; verification, predeterminations and estimates stay in the office.",
    )


OUTSOURCED_WITH = {"aging_review": "follow_up", "posting_correction": "payment_posting"}
"""Work that goes wherever the named kind goes: whoever follows up runs the aging review,
whoever posts payments corrects a wrong posting."""
