"""The scenario schema: everything a practice, its payers, its staff and its policies can set.

Units are in the key names. Defaults describe a mid-size practice: the lists of named items
(providers, procedures, payers, duties, events) in `reference.yaml` beside this module, every
other default with its field. Each default is either sourced or labelled an assumption on the
site's assumptions page (`docs/model/assumptions.md`).
"""

from __future__ import annotations

import copy
import functools
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from sim.scenario.distributions import Distribution, as_written, coerce_number
from sim.scenario.keys import read as read_key
from sim.scenario.roles import Role
from sim.scenario.size import Size, replication_size, too_big

SCENARIO_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
"""What a scenario's name (its results folder's name) may be: letters, digits, _ . -, from a
letter or digit, at most 100 characters."""

Dist = Annotated[Distribution, BeforeValidator(coerce_number)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_WEEK: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
ProcedureClass = Literal["preventive", "basic", "major"]
PROCEDURE_CLASSES: tuple[ProcedureClass, ...] = ("preventive", "basic", "major")

REFERENCE_FILE = Path(__file__).with_name("reference.yaml")
"""The reference practice's lists (providers, procedures, payers, duties, events)."""


@functools.cache
def _reference_data() -> dict[str, Any]:
    return yaml.safe_load(REFERENCE_FILE.read_text(encoding="utf-8"))


def _reference(key: str) -> Any:
    """A fresh copy of one list or map of the reference practice, by its dotted key."""
    return copy.deepcopy(read_key(_reference_data(), key))


class Strict(BaseModel):
    """Base for every scenario section: unknown keys are errors, not silently ignored.

    Strict types (`true` is not a count, "30" is not a number) and finite numbers only, so a
    typo fails at validation instead of crashing a run or its JSON writer.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_default=True,
        strict=True,
        allow_inf_nan=False,
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


def _by_class(preventive: float, basic: float, major: float) -> dict[ProcedureClass, float]:
    return {"preventive": preventive, "basic": basic, "major": major}


class Payer(Strict):
    """One payer in the mix and how it behaves."""

    name: str = Field(min_length=1, max_length=60)
    patient_share: Share = Field(
        description="Share of insured patients whose primary plan is this payer."
    )
    coverage_share: dict[ProcedureClass, Share] = Field(
        default_factory=lambda: _by_class(1.0, 0.8, 0.5),
        description="Share of the allowed amount the plan covers, by procedure class.",
    )
    network: Literal["in", "out"] = Field(
        "in",
        description="in: the office has a contract with this plan (its fee schedule applies); out: it has none.",
    )
    allowance_share: dict[ProcedureClass, Share] = Field(
        default_factory=lambda: _by_class(0.75, 0.7, 0.65),
        description="The plan's allowed amount as a share of the office fee, by procedure class: the contracted fee in network, the plan's maximum out of network (a typical figure).",
    )
    payment_share: Share = Field(
        0.97,
        description="Paid amount as a share of the expected amount (the rest is a payer adjustment).",
    )
    adjudication_days: Dist = Field(
        as_written({"dist": "lognormal", "median": 12, "p90": 28}),
        description="Calendar days from a clean submission to the EOB or ERA.",
    )
    review_days: Dist = Field(
        as_written({"dist": "lognormal", "median": 20, "p90": 60}),
        description="Calendar days from submission to the EOB or ERA for a claim sent with attachments (x-rays, narratives, charting): a dental consultant reviews it before the plan decides.",
    )
    paper_wait_multiple: float = Field(
        1.5,
        ge=1.0,
        description="How many times longer the payer takes over a paper claim than over the same claim sent electronically (mail, and keying it in).",
    )
    lost_share: Share = Field(
        0.03, description="Share of submissions the payer never answers until someone follows up."
    )
    clinical_denial_share: Share = Field(
        0.03,
        description="Share of correct, verified claims denied for coverage reasons (appealable).",
    )
    unverified_denial_share: Share = Field(
        0.12, description="Extra denial chance for a claim whose eligibility was not verified."
    )
    requires_predetermination: bool = Field(
        False,
        description="True for a plan that requires approval before major work; elsewhere a predetermination is only recommended, and its absence is never a reason to deny.",
    )
    no_predetermination_denial_share: Share = Field(
        0.8,
        description="At a plan that requires predetermination: denial chance for major work done without its approved reply (appealable).",
    )
    predetermination_reply_days: Dist = Field(
        as_written({"dist": "lognormal", "median": 5, "p90": 14}),
        description="Calendar days from sending a predetermination to the plan's reply; work done before the reply has none.",
    )
    attachment_request_share: Share = Field(
        0.15,
        description="Share of claims sent with attachments, which the payer would pay, that it first pends with a request for more from the office (an image it cannot read, a narrative or charting its consultant wants).",
    )
    cob_request_share: Share = Field(
        0.08,
        description="Share of claims for a patient with two plans, which the payer would pay, that it first pends until the patient returns a coordination-of-benefits update.",
    )
    timely_filing_days: int = Field(
        365, ge=1, le=1000, description="Days from service within which the payer accepts a claim."
    )
    appeal_window_days: int = Field(
        180, ge=1, le=1000, description="Days from a denial within which an appeal is accepted."
    )
    appeal_overturn_share: Share = Field(
        0.5, description="Share of appeals decided in the practice's favour."
    )
    appeal_decision_days: Dist = Field(
        as_written({"dist": "triangular", "min": 15, "mode": 30, "max": 45}),
        description="Calendar days from an appeal to its decision.",
    )
    cob_method: Literal["standard", "non_duplication"] = Field(
        "standard", description="How this plan pays when it is the secondary plan."
    )
    pays_last: bool = Field(
        False,
        description="True for a payer of last resort (Medicaid): with a second plan, it is always the secondary.",
    )


def _default_payers() -> list[Payer]:
    return [Payer.model_validate(p) for p in _reference("payers")]


class IcWork(Strict):
    """Durations and error rates of insurance-coordinator work."""

    verification_window_business_days: int = Field(
        1,
        ge=0,
        le=20,
        description="Verification is released at opening time this many working days before the visit (1: the working day before, Friday for a Monday visit), or at booking if later.",
    )
    verification_electronic_share: Share = Field(
        0.8, description="Share of verifications done electronically (portal or 270/271)."
    )
    verification_electronic_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 1, "mode": 2, "max": 5})
    )
    verification_manual_minutes: Dist = Field(
        as_written({"dist": "lognormal", "median": 12, "p90": 25})
    )
    predetermination_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 6, "mode": 10, "max": 20})
    )
    estimate_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 5, "mode": 10, "max": 20})
    )
    claim_minutes: Dist = Field(as_written({"dist": "triangular", "min": 2, "mode": 4, "max": 8}))
    attachment_extra_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 5, "mode": 7, "max": 10})
    )
    claim_electronic_share: Share = Field(
        1.0,
        description="Share of claims sent electronically through a clearinghouse; the rest are printed and mailed on paper.",
    )
    paper_claim_extra_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 2, "mode": 4, "max": 6}),
        description="Extra minutes to print, sign and mail a paper claim (copies of any attachments included).",
    )
    posting_simple_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 3, "mode": 4, "max": 5})
    )
    posting_complex_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 8, "mode": 10, "max": 12})
    )
    posting_era_share: Share = Field(
        0.23,
        description="Share of payments that come as an ERA the practice software posts itself; a person only reviews the result.",
    )
    era_posting_saving_share: Share = Field(
        0.675,
        description="Share of the posting time an auto-posted ERA saves against posting the EOB by hand.",
    )
    checks_posted_same_day: bool = Field(
        True,
        description="A payment without an ERA comes as a paper check with its EOB and is posted on the working day it arrives, before the day's deposit, in overtime if need be (false: it waits in the posting queue like an ERA).",
    )
    follow_up_minutes: Dist = Field(as_written({"dist": "lognormal", "median": 8, "p90": 20}))
    resubmission_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 10, "mode": 15, "max": 25})
    )
    appeal_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 50, "mode": 60, "max": 70})
    )
    clearinghouse_catch_share: Share = Field(
        0.5,
        description="Share of claim errors the clearinghouse's edits catch: rejected within a day, reworked and sent again before the payer sees them (the rest are denied).",
    )
    claim_error_share: Share = Field(
        0.04,
        description="Chance that an uninterrupted claim goes out with an error (denied, then corrected).",
    )
    posting_error_share: Share = Field(
        0.02,
        description="Chance that an uninterrupted payment posting is wrong (posted again; a secondary claim built on it is denied for the error).",
    )
    verification_error_share: Share = Field(
        0.02,
        description="Chance that an uninterrupted eligibility check records wrong coverage (the claim then risks an eligibility denial as if unchecked).",
    )
    aging_review_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 10, "mode": 15, "max": 25}),
        description="Minutes to run and read the aging report, before the claims it lists.",
    )
    aging_review_minutes_per_claim: float = Field(
        0.5,
        ge=0,
        le=30,
        description="Minutes the aging review spends on each claim it lists (reading the line, choosing the action).",
    )
    interruptions_per_hour: float = Field(
        0.4,
        ge=0,
        le=60,
        description="Interruptions that reach whoever holds the IC role (patient calls about estimates, payer call-backs).",
    )
    interruption_minutes: Dist = Field(as_written({"dist": "exponential", "mean": 3}))


class OmDuty(Strict):
    """A recurring office-manager duty with a due time."""

    name: str
    every: Literal["day", "week", "month"]
    minutes: Dist
    release_hour: float = Field(ge=0, lt=24, description="Hour the duty becomes available.")
    due_hour: float = Field(ge=0, le=24, description="Hour it must be done by (late after).")
    weekday: Weekday = Field("mon", description="For weekly duties: the day they fall on.")
    month_day: int = Field(
        1, ge=1, le=28, description="For monthly duties: the working day of the month (1 = first)."
    )
    due_days_later: int = Field(0, ge=0, le=20, description="Working days between release and due.")
    hard: bool = Field(
        False,
        description="True for duties done on their day whatever else waits (payroll, the deposit), in overtime if need be.",
    )
    interruptible: bool = Field(
        True, description="False for duties that hold off interruptions (a huddle, a meeting)."
    )
    discretionary: bool = Field(
        False,
        description="True for duties that slip behind insurance work when the person is behind.",
    )


class OmEvent(Strict):
    """A random event that lands on the office manager (equipment failure, staff call-out)."""

    name: str
    per_month: float = Field(ge=0, le=100)
    minutes: Dist


def _default_duties() -> list[OmDuty]:
    return [OmDuty.model_validate(d) for d in _reference("om_work.duties")]


def _default_events() -> list[OmEvent]:
    return [OmEvent.model_validate(e) for e in _reference("om_work.events")]


class OmWork(Strict):
    """Office-manager work: interruptions, fixed duties and random events."""

    interruptions_per_hour: float = Field(
        4.0,
        ge=0,
        le=60,
        description=(
            "Interruptions arriving for whoever holds the OM role during office hours, before"
            " the front desk takes its share (practice.front_desk.interruption_share)."
        ),
    )
    interruption_minutes: Dist = Field(as_written({"dist": "exponential", "mean": 4}))
    duties: list[OmDuty] = Field(default_factory=_default_duties)
    events: list[OmEvent] = Field(default_factory=_default_events)


class Interruptions(Strict):
    """What an interruption costs the work it breaks into."""

    urgent_share: Share = Field(
        0.3,
        description="Share of interruptions that cannot wait (a patient at the desk, a call that must be taken) and break into the task at hand; the rest wait for a natural break.",
    )
    natural_break_minutes: float = Field(
        15.0,
        gt=0,
        le=240,
        description="Minutes of work after which a long task reaches a natural break where waiting interruptions are taken.",
    )
    resumption_simple_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 0.05, "mode": 0.25, "max": 1.0}),
        description="Minutes lost getting back into a short task after an interruption.",
    )
    resumption_complex_minutes: Dist = Field(
        as_written({"dist": "triangular", "min": 0.5, "mode": 1.0, "max": 3.0}),
        description="Minutes lost getting back into a long task with many open details.",
    )
    complex_task_minutes: float = Field(
        15.0,
        ge=0,
        le=480,
        description="Tasks at least this long (base minutes) pay the complex resumption lag.",
    )
    max_lag_share: float = Field(
        0.5,
        ge=0,
        le=2,
        description="Bound on the resumption lag added to one task, as a share of its base duration.",
    )
    error_increase_per_interruption_share: float = Field(
        0.121,
        ge=0,
        le=5,
        description="Relative rise in a task's error chance per interruption suffered while doing it.",
    )


class ProtectedBlock(Strict):
    """A daily window in which insurance work comes first and interruptions wait."""

    start_hour: float = Field(ge=0, lt=24)
    hours: float = Field(gt=0, le=12)


class Habits(Strict):
    """How a person under load chooses work: the behaviours practitioners report (domain facts 7b)."""

    claim_batch_minutes: float = Field(
        60.0,
        ge=0,
        le=480,
        description="Last minutes of the shift in which unsent claims come before other work (the daily claim batch).",
    )
    escalation_days: float = Field(
        14.0,
        ge=0,
        le=365,
        description="Claims, corrections and appeals this close to their filing limit or appeal window jump the queue.",
    )
    send_and_post_within_days: float = Field(
        7.0,
        ge=0,
        le=365,
        description="Claims to send (new or corrected) and payments to post that have waited this many days jump the queue, oldest first (0: never).",
    )
    send_claims_first: bool = Field(
        True,
        description="Among work that has waited past send_and_post_within_days, claims to send come before payments to post and denials to correct, and the daily claim batch is not displaced by those (false: the longest-waiting first, whatever it is).",
    )
    checks_before_backlog: bool = Field(
        True,
        description="Eligibility checks for visits before the end of the next working day come before back-office work that has waited past send_and_post_within_days (the patient is in the chair tomorrow); only work near its filing limit or appeal window comes first.",
    )
    skip_verification_when_behind: bool = Field(
        True,
        description="When behind, skip eligibility checks for returning patients (their claims risk an eligibility denial).",
    )
    behind_hours: float = Field(
        3.0,
        ge=0,
        le=100,
        description="Hours of waiting claims and postings at which the person counts as behind.",
    )


class Overflow(Strict):
    """Another role's work this person takes when that role falls behind (a manager who helps
    the coordinator), after their own work that is due and before their discretionary work."""

    role: Literal["ic"] = Field(
        "ic", description="The role whose overflow this person takes (the coordinator's)."
    )
    behind_hours: float = Field(
        3.0,
        gt=0,
        le=100,
        description="Hours of the role's claims and postings waiting at which this person starts helping; they help while it stays at or above this.",
    )


class Person(Strict):
    """One member of staff."""

    name: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$")
    roles: list[Role] = Field(min_length=1)
    working_days: list[Weekday] = Field(default_factory=lambda: list(WORKING_WEEK))
    start_hour: float = Field(8.0, ge=0, lt=24, description="Hour the shift starts.")
    hours_per_day: float = Field(8.0, ge=0, le=16, description="Paid hours a day.")
    break_minutes: float = Field(
        60.0, ge=0, le=240, description="Unpaid midday break, in the shift but not worked."
    )
    break_start_hour: float = Field(12.0, ge=0, lt=24, description="Hour the break starts.")
    hourly_cost_usd: float = Field(25.0, ge=0, le=500, description="Base hourly wage.")
    speed_factor: dict[Role, Annotated[float, Field(gt=0, le=20)]] = Field(
        default_factory=dict,
        description="Time multiplier per role (1.3 = takes 30% longer). Missing roles are 1.",
    )
    error_factor: dict[Role, Annotated[float, Field(ge=0, le=20)]] = Field(
        default_factory=dict, description="Error-chance multiplier per role. Missing roles are 1."
    )
    overtime_minutes_per_day: float = Field(
        30.0,
        ge=0,
        le=480,
        description="Paid minutes a day this person may stay past the shift to finish a task or send claims (a hard duty due today is finished whatever this allows).",
    )
    vacation_weeks_per_year: float = Field(2.0, ge=0, le=12)
    sick_days_per_year: float = Field(4.0, ge=0, le=60)
    discipline: Literal["triage", "om_first", "protected_blocks", "fixed_split"] = Field(
        "triage", description="How a person holding both roles chooses work."
    )
    habits: Habits = Field(default_factory=Habits)
    protected_blocks: list[ProtectedBlock] = Field(default_factory=list)
    ic_split_share: Share = Field(
        0.5,
        description="fixed_split: share of the shift (at its end) in which IC work comes first.",
    )
    overflow: Overflow | None = Field(
        None,
        description="Another role's work this person takes when it falls behind (none: only their own roles).",
    )

    @model_validator(mode="after")
    def _discipline_fits(self) -> Person:
        if self.discipline == "protected_blocks" and not self.protected_blocks:
            raise ValueError(
                "discipline protected_blocks needs at least one entry in protected_blocks"
            )
        if self.overflow is not None and self.overflow.role in self.roles:
            raise ValueError(
                f"overflow.role: {self.overflow.role} is already one of this person's roles; "
                "overflow is for a role someone else holds (a file that gives this person "
                "both roles while extending one where they help write `overflow: null`)"
            )
        return self


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


class Turnover(Strict):
    """Burnout and turnover: a weekly quit hazard that rises with the strain a person carries,
    vacancies and who covers them, ramp-up."""

    enabled: bool = Field(False, description="Turn quits, vacancies and ramp-up on.")
    baseline_annual_quit_share: float = Field(
        0.15,
        ge=0,
        lt=1,
        description="Share of people carrying no strain who leave within a year (well-run offices).",
    )
    sustainable_utilization_share: Share = Field(
        0.85,
        description="Share of the shift a person can spend busy, week after week, without strain.",
    )
    late_duty_strain_hours: float = Field(
        0.5,
        ge=0,
        le=8,
        description="Strain of one office duty not done by its due time, in hours of extra work.",
    )
    strain_window_weeks: int = Field(
        4, ge=1, le=52, description="Weeks of work the strain index averages (a sustained load)."
    )
    hazard_rise_per_strain_hour: float = Field(
        0.2,
        ge=0,
        le=5,
        description="Rise in the quit hazard for each hour a week of strain (0.2: 5 hours double it).",
    )
    max_hazard_ratio: float = Field(
        4.0, ge=1, le=20, description="The most strain can multiply the quit hazard by."
    )
    vacancy_cover: Literal["colleagues", "none"] = Field(
        "colleagues",
        description=(
            "Who does a vacant post's work: the practice's other people, on top of their own "
            "(colleagues), or nobody, so it waits for the new hire (none)."
        ),
    )
    hiring_delay_days: int = Field(
        60, ge=0, le=365, description="Calendar days a post stays vacant after a quit."
    )
    ramp_up_weeks: float = Field(
        8.0, ge=0, le=52, description="Weeks until a new hire works at full speed and accuracy."
    )
    ramp_up_speed_factor: float = Field(
        1.5, ge=1, le=5, description="Time multiplier on a new hire's first day, falling to 1."
    )
    ramp_up_error_factor: float = Field(
        2.0, ge=1, le=10, description="Error multiplier on a new hire's first day, falling to 1."
    )
    replacement_cost_salary_share: float = Field(
        0.5,
        ge=0,
        le=3,
        description="Cost of replacing someone, as a share of their yearly loaded wage.",
    )


WARM_UP_DAYS = 399
"""Default warm-up: chosen by Welch's method on the bundled scenarios (the most loaded sets it);
`python -m sim.study.welch` reproduces the choice and the validation page shows its plot."""


class Study(Strict):
    """How a run is measured: a warm-up before the measured window, a run-out after it."""

    warm_up_days: int | None = Field(
        None,
        ge=0,
        le=1825,
        description=(
            f"Days simulated before the measured window, so it starts from a settled office; "
            f"empty: {WARM_UP_DAYS} (chosen by Welch's method), or 0 with opening books."
        ),
    )
    run_out_days: int = Field(
        730,
        ge=0,
        le=3650,
        description=(
            "Most days simulated after the window, with no new visits, until every claim of "
            "the window is paid or written off; what is open then is reported as unresolved."
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


def payer_share_message(total: float) -> str:
    """What the payer-share rule says, the same from the schema and from the loader."""
    return f"patient_share values must sum to 1 (they sum to {total:g})"


class Scenario(Strict):
    """A whole scenario: one practice, its payers, staff and policies."""

    name: str | None = Field(
        None,
        pattern=SCENARIO_NAME,
        description="Results folder name (letters, digits, _ . -; starts with a letter or digit); defaults to the file stem.",
    )
    description: str = ""
    client: str = Field(
        "",
        max_length=100,
        description="The practice's name as its owner knows it, for the report's title (say 'Maple Street Dental').",
    )
    label: str = Field(
        "",
        max_length=80,
        description="The option's name in the report, in the client's words (say 'Hire a coordinator'); the name when left out.",
    )
    current: bool = Field(
        False,
        description="This option is the practice's staffing as it stands: a comparison measures every other option against it (else against the first).",
    )
    horizon_days: int = Field(
        365,
        ge=1,
        le=3650,
        description="Calendar days of the measured window (after the warm-up, before the run-out).",
    )
    calendar: Calendar = Field(default_factory=Calendar)
    practice: Practice = Field(default_factory=Practice)
    payers: list[Payer] = Field(default_factory=_default_payers, min_length=1)
    ic_work: IcWork = Field(default_factory=IcWork)
    om_work: OmWork = Field(default_factory=OmWork)
    interruptions: Interruptions = Field(default_factory=Interruptions)
    staff: list[Person] = Field(min_length=0)
    policy: Policy = Field(default_factory=Policy)
    opening: Opening = Field(default_factory=Opening)
    observed: Observed | None = Field(
        None, description="The client's own figures on one day, shown beside the simulated ones."
    )
    study: Study = Field(default_factory=Study)
    economics: Economics = Field(default_factory=Economics)
    turnover: Turnover = Field(default_factory=Turnover)
    outsourcing: Outsourcing = Field(default_factory=Outsourcing)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        total = sum(p.patient_share for p in self.payers)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"payers: {payer_share_message(total)}")
        names = [p.name for p in self.payers]
        if len(set(names)) != len(names):
            raise ValueError("payer names must be unique")
        for n, claim in enumerate(self.opening.claims):
            if claim.payer not in names:
                raise ValueError(
                    f"opening.claims.{n}.payer: {claim.payer!r} is not one of the payers "
                    f"({', '.join(names)})"
                )
        people = [p.name for p in self.staff]
        if len(set(people)) != len(people):
            raise ValueError("staff names must be unique")
        self._observed_day_fits()
        problem = too_big(self.replication_size())
        if problem:
            raise ValueError(problem)
        if self.has_opening_books and self.study.warm_up_days:
            raise ValueError(
                "study.warm_up_days: a scenario with opening books starts from them; "
                "leave warm_up_days out or set it to 0"
            )
        return self

    @property
    def named(self) -> str:
        """The name a study files and labels this scenario's results under: a scenario loaded
        from a file always has one (its file's stem if it gives none)."""
        if self.name is None:
            raise ValueError("a scenario needs a name here (set name:, or load it from a file)")
        return self.name

    @property
    def has_opening_books(self) -> bool:
        """True when the office opens with claims on its books (day 0 is 'where we are')."""
        opening = self.opening
        return bool(opening.claims or opening.unsubmitted_claims or any(opening.ar_usd.values()))

    @property
    def warm_up_days(self) -> int:
        """Days before the measured window: as set, else 0 with opening books, else the default."""
        if self.study.warm_up_days is not None:
            return self.study.warm_up_days
        return 0 if self.has_opening_books else WARM_UP_DAYS

    def _observed_day_fits(self) -> None:
        """The observed day must be a simulated day: from opening.as_of, within the horizon."""
        if self.observed is None:
            return
        when = self.observed.as_of
        if when is not None and self.opening.as_of is None:
            raise ValueError(
                "observed.as_of: a date needs opening.as_of (the model's day 0); "
                "give observed.day instead"
            )
        if when is not None and self.opening.as_of is not None and when < self.opening.as_of:
            raise ValueError(
                f"observed.as_of: {when} is before opening.as_of {self.opening.as_of} (day 0)"
            )
        day = self.observed_day()
        if day is not None and day >= self.horizon_days:
            raise ValueError(
                f"observed.day: day {day} is past the last simulated day "
                f"({self.horizon_days - 1}; horizon_days is {self.horizon_days})"
            )

    def replication_size(self) -> Size:
        """One replication's estimated visits, memory and time (sim/scenario/size.py)."""
        return replication_size(
            sum(g.count * g.visits_per_day for g in self.practice.providers),
            len(set(self.calendar.working_days)),
            self.horizon_days,
            self.practice.growth_per_year_share,
        )

    def observed_day(self) -> int | None:
        """The simulated day the observed figures describe (None without an observed block)."""
        if self.observed is None:
            return None
        if self.observed.as_of is not None and self.opening.as_of is not None:
            return (self.observed.as_of - self.opening.as_of).days
        return self.observed.day or 0
