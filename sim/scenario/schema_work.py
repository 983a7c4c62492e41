"""The work's section of the scenario: how long insurance-coordinator and office-manager
work takes, how often it goes wrong, and what interruptions cost it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.scenario.distributions import as_written
from sim.scenario.schema_base import (
    Dist,
    Share,
    Strict,
    Weekday,
    _reference,
)


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
    posting_complex_share: Share = Field(
        0.2,
        description="Share of a primary claim's payments whose EOB is complex to post (a partial payment, a partial denial, several codes) and takes posting_complex_minutes; a secondary claim's EOB, read beside the primary's (COB), is always complex.",
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
