"""The practice's books in the scenario: the open claims and A/R the office starts from on
day 0, and the client's own figures on a day to set beside the simulated ones.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.scenario.schema_base import (
    Share,
    Strict,
)

IsoDate = Annotated[date, Field(strict=False)]
"""A calendar date; YAML's 2024-03-31 and JSON's "2024-03-31" both read."""


class OpeningClaim(Strict):
    """One claim open on the practice's books on day 0 (from its own aging report)."""

    service_date: IsoDate = Field(description="Date of service.")
    sent_date: IsoDate | None = Field(
        None, description="Date the claim was sent to the payer; null if it is still unsent."
    )
    payer: str = Field(min_length=1, description="One of the scenario's payer names.")
    expected_usd: float = Field(
        ge=0,
        le=1_000_000,
        description="Insurance portion expected from the payer (USD, to the cent).",
    )
    billed_usd: float | None = Field(
        None,
        ge=0,
        le=1_000_000,
        description="Amount billed (for the record; the model uses expected_usd).",
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> OpeningClaim:
        if self.sent_date is not None and self.sent_date < self.service_date:
            raise ValueError(
                f"sent_date {self.sent_date} is before service_date {self.service_date}"
            )
        return self


class Opening(Strict):
    """The state of the office on day 0 (a terminating study starts from it).

    Either totals (`unsubmitted_claims`, `ar_usd` by bucket: claims of $250 at random ages in
    the bucket) or the practice's own open claims (`as_of` and `claims`, exact to the cent;
    written by `twohats import-claims`), not both.
    """

    unsubmitted_claims: int = Field(
        0, ge=0, le=100000, description="Claims already waiting to be sent."
    )
    ar_usd: dict[Literal["0-30", "31-60", "61-90", "90+"], Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Insurance A/R already outstanding, by aging bucket (USD).",
    )
    as_of: IsoDate | None = Field(
        None, description="Date of the aging report `claims` comes from: the model's day 0."
    )
    claims: list[OpeningClaim] = Field(
        default_factory=list,
        max_length=100000,
        description="Open claims on day 0, one by one (sent: in A/R; unsent: waiting to be sent).",
    )

    @model_validator(mode="after")
    def _one_form(self) -> Opening:
        if self.claims and (any(self.ar_usd.values()) or self.unsubmitted_claims):
            raise ValueError(
                "give opening.claims (with as_of) or opening.ar_usd/unsubmitted_claims, not both"
            )
        if self.claims and self.as_of is None:
            raise ValueError("opening.claims needs opening.as_of, the date of the aging report")
        for n, claim in enumerate(self.claims):
            latest = claim.sent_date or claim.service_date
            if self.as_of is not None and latest > self.as_of:
                raise ValueError(f"opening.claims.{n}: date {latest} is after as_of {self.as_of}")
        return self


class Observed(Strict):
    """What the client's own books show on one day, to set beside the simulated office.

    The day is `day` (simulated day, 0 = the opening `as_of` day) or `as_of` (a date, which
    needs `opening.as_of`); with neither it is day 0. Give any of the figures; each is
    compared with the simulated office at the end of that day (see `twohats calibrate`).
    """

    day: int | None = Field(
        None,
        ge=0,
        le=3650,
        description="Simulated day the figures describe (0 = the opening day); default 0.",
    )
    as_of: IsoDate | None = Field(
        None, description="Date of the books instead of a day number (needs opening.as_of)."
    )
    ar_usd: dict[Literal["0-30", "31-60", "61-90", "90+"], Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description=(
            "Insurance A/R on the aging report's basis (claims sent and not yet closed; claims "
            "not yet sent are not in it) on the observed day, by days since the date of "
            "service (USD)."
        ),
    )
    ar_total_usd: float | None = Field(
        None,
        ge=0,
        description="The same insurance A/R as one total (USD), if not given by bucket.",
    )
    unsent_claims: int | None = Field(
        None, ge=0, le=100000, description="Claims created but not yet sent to the payer."
    )
    unsent_usd: float | None = Field(
        None, ge=0, description="Expected insurance amount of the claims not yet sent (USD)."
    )
    days_in_ar: float | None = Field(
        None,
        ge=0,
        le=3650,
        description=(
            "Insurance days in A/R on the observed day: the A/R above (claims sent, not yet "
            "closed) divided by the average daily expected insurance of the visits of the 90 "
            "days before it."
        ),
    )
    denial_rate_share: Share | None = Field(
        None, description="Share of first submissions denied (0.08 means 8%)."
    )
    insurance_collected_per_month_usd: float | None = Field(
        None, ge=0, description="Insurance payments received in the last 30 days (USD)."
    )

    @model_validator(mode="after")
    def _one_day_and_a_figure(self) -> Observed:
        if self.day is not None and self.as_of is not None:
            raise ValueError("give observed.day or observed.as_of, not both")
        figures = ("ar_total_usd", "unsent_claims", "unsent_usd", "days_in_ar")
        rest = ("denial_rate_share", "insurance_collected_per_month_usd")
        if not self.ar_usd and all(getattr(self, key) is None for key in (*figures, *rest)):
            raise ValueError(
                "needs at least one figure: ar_usd (by bucket), ar_total_usd, "
                "unsent_claims, unsent_usd, days_in_ar, denial_rate_share or "
                "insurance_collected_per_month_usd"
            )
        return self
