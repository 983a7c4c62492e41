"""The staff's section of the scenario: each person's roles, hours, pay and habits under
load, and turnover (who quits, who covers, how long a new hire takes).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from sim.scenario.roles import Role
from sim.scenario.schema_base import (
    WORKING_WEEK,
    Share,
    Strict,
    Weekday,
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
