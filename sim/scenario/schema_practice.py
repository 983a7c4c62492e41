"""The practice's section of the scenario: office hours, providers, procedures, the front
desk, its software, and the visits and insurance mix they make.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from sim.scenario.distributions import as_written
from sim.scenario.schema_base import (
    WORKING_WEEK,
    Dist,
    ProcedureClass,
    Share,
    Strict,
    Weekday,
    _reference,
)


class Calendar(Strict):
    """Office hours and the working week."""

    open_hour: float = Field(8.0, ge=0, lt=24, description="Hour the office opens (24-hour clock).")
    close_hour: float = Field(17.0, gt=0, le=24, description="Hour the office closes.")
    working_days: list[Weekday] = Field(
        default_factory=lambda: list(WORKING_WEEK),
        description="Days the office is open.",
    )
    start_weekday: Weekday = Field("mon", description="Weekday of simulated day 0.")
    holidays_days: list[int] = Field(
        default_factory=list, description="Day numbers (from 0) on which the office is closed."
    )

    @model_validator(mode="after")
    def _hours_ordered(self) -> Calendar:
        if self.close_hour <= self.open_hour:
            raise ValueError("close_hour must be after open_hour")
        return self


class ProviderGroup(Strict):
    """A group of providers with the same daily schedule."""

    kind: Literal["dentist", "hygienist"]
    count: int = Field(ge=0, le=50, description="How many providers of this kind.")
    visits_per_day: float = Field(ge=0, le=60, description="Booked visits per provider per day.")


class Procedure(Strict):
    """One class of treatment: what it costs and what it needs."""

    fee_usd: Dist = Field(description="Office fee for the visit's billed procedures (USD).")
    attachment_share: Share = Field(
        0.0, description="Share of these claims needing attachments (x-rays, narratives)."
    )
    predetermination_share: Share = Field(
        0.0, description="Share of these visits that need a predetermination first."
    )
    estimate_share: Share = Field(
        0.0, description="Share of these visits that need a written patient estimate."
    )


def _default_procedures() -> dict[ProcedureClass, Procedure]:
    return {k: Procedure.model_validate(v) for k, v in _reference("practice.procedures").items()}


ProviderKind = Literal["dentist", "hygienist"]


def _default_procedure_mix() -> dict[ProviderKind, dict[ProcedureClass, float]]:
    return _reference("practice.procedure_mix")


class FrontDesk(Strict):
    """Reception and scheduling: takes most patient-facing interruptions before they reach the manager."""

    people: int = Field(1, ge=0, le=20, description="Front-desk staff on duty in office hours.")
    interruption_share: Share = Field(
        0.5,
        description="Share of front-office interruptions the front desk absorbs (with nobody there: 0).",
    )


MAX_PROVIDER_GROUPS = 10
"""Most provider groups (a group is providers of one kind with one schedule; two kinds exist,
so ten leaves room for schedules without letting a list multiply the volumes)."""


class Software(Strict):
    """What the practice-management software tells the office without anyone looking."""

    timely_filing_alerts: bool = Field(
        False,
        description="The software flags sent claims with no answer as their filing limit nears, without an aging review.",
    )
    alert_days_before_limit: int = Field(
        30,
        ge=1,
        le=365,
        description="With alerts on: days before a claim's filing limit at which an unanswered claim is flagged.",
    )


EligibilityCause = Literal["coverage_ended", "other_plan_primary", "data_error"]


def _default_eligibility_causes() -> dict[EligibilityCause, float]:
    return {"coverage_ended": 0.4, "other_plan_primary": 0.2, "data_error": 0.4}


class Practice(Strict):
    """The demand side: providers, visits, insurance and procedures."""

    providers: list[ProviderGroup] = Field(
        max_length=MAX_PROVIDER_GROUPS,
        default_factory=lambda: [
            ProviderGroup.model_validate(g) for g in _reference("practice.providers")
        ],
    )
    no_show_share: Share = Field(
        0.08, description="Share of booked visits where the patient does not come."
    )
    same_day_share: Share = Field(
        0.08, description="Share of visits booked the same day (emergencies): no time to verify."
    )
    booking_lead_days: Dist = Field(
        as_written({"dist": "triangular", "min": 1, "mode": 10, "max": 60}),
        description="Days between booking and the visit, for visits booked ahead.",
    )
    insured_share: Share = Field(0.65, description="Share of visits billed to dental insurance.")
    dual_coverage_share: Share = Field(
        0.12, description="Share of insured visits with a second plan (COB)."
    )
    growth_per_year_share: float = Field(
        0.0, ge=-0.5, le=1.0, description="Yearly growth in visit volume."
    )
    seasonality_amplitude_share: Share = Field(
        0.0, description="Peak-to-mean swing of visit volume over the year (sinusoidal)."
    )
    returning_patient_share: Share = Field(
        0.8, description="Share of booked visits by returning patients whose plan is on file."
    )
    eligibility_denial_causes: dict[EligibilityCause, Share] = Field(
        default_factory=_default_eligibility_causes,
        description="Why an unverified claim is denied for eligibility: coverage ended (the patient owes it), another plan is primary (bill that plan), or a data error (correct and resend).",
    )
    cob_update_reply_days: Dist = Field(
        as_written({"dist": "lognormal", "median": 14, "p90": 60}),
        description="Calendar days a patient takes to return a payer's coordination-of-benefits questionnaire.",
    )
    patient_collection_share: Share = Field(
        0.7,
        description="Share of the insurance amounts moved to the patient's bill that the practice collects.",
    )
    front_desk: FrontDesk = Field(default_factory=FrontDesk)
    software: Software = Field(default_factory=Software)
    procedures: dict[ProcedureClass, Procedure] = Field(
        default_factory=_default_procedures, min_length=1
    )
    procedure_mix: dict[ProviderKind, dict[ProcedureClass, Share]] = Field(
        default_factory=_default_procedure_mix,
        description="Share of each provider kind's insured visits by procedure class.",
    )

    @model_validator(mode="after")
    def _mix_fits(self) -> Practice:
        causes = sum(self.eligibility_denial_causes.values())
        if abs(causes - 1.0) > 1e-6:
            raise ValueError(
                f"eligibility_denial_causes shares must sum to 1 (they sum to {causes:g})"
            )
        for kind, mix in self.procedure_mix.items():
            total = sum(mix.values())
            if abs(total - 1.0) > 1e-6:
                raise ValueError(
                    f"procedure_mix.{kind} shares must sum to 1 (they sum to {total:g})"
                )
            missing = [c for c, share in mix.items() if share > 0 and c not in self.procedures]
            if missing:
                raise ValueError(
                    f"procedure_mix.{kind} names {', '.join(missing)}, which procedures does not define"
                )
        for group in self.providers:
            if group.count and group.kind not in self.procedure_mix:
                raise ValueError(f"procedure_mix has no entry for {group.kind}")
        return self
