"""The scenario schema: everything a practice, its payers, its staff and its policies can set.

Units are in the key names. Defaults describe a mid-size practice: the lists of named items
(providers, procedures, payers, duties, events) in `reference.yaml` beside this module, every
other default with its field. Each default is either sourced or labelled an assumption on the
site's assumptions page (`docs/model/assumptions.md`).

Each section's models live in a module beside this one (schema_practice, schema_payers,
schema_work, schema_staff, schema_policy, schema_books; schema_base holds the strict base and
shared field types); this module holds the whole scenario and re-exports every section's names,
so `from sim.scenario.schema import Payer` reads as it always has.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from sim.scenario.roles import Role
from sim.scenario.schema_base import (
    PROCEDURE_CLASSES,
    REFERENCE_FILE,
    WEEKDAYS,
    Dist,
    ProcedureClass,
    Share,
    Strict,
    Weekday,
)
from sim.scenario.schema_books import IsoDate, Observed, Opening, OpeningClaim
from sim.scenario.schema_payers import Payer, _default_payers
from sim.scenario.schema_policy import OUTSOURCED_WITH, Economics, Outsourcing, Policy
from sim.scenario.schema_practice import (
    MAX_PROVIDER_GROUPS,
    Calendar,
    FrontDesk,
    Practice,
    Procedure,
    ProviderGroup,
    ProviderKind,
    Software,
)
from sim.scenario.schema_practice import _default_procedures as _default_procedures
from sim.scenario.schema_staff import Habits, Overflow, Person, ProtectedBlock, Turnover
from sim.scenario.schema_work import IcWork, Interruptions, OmDuty, OmEvent, OmWork
from sim.scenario.size import Size, replication_size, too_big

__all__ = [
    "MAX_PROVIDER_GROUPS",
    "OUTSOURCED_WITH",
    "PROCEDURE_CLASSES",
    "REFERENCE_FILE",
    "SCENARIO_NAME",
    "WARM_UP_DAYS",
    "WEEKDAYS",
    "Calendar",
    "Dist",
    "Economics",
    "FrontDesk",
    "Habits",
    "IcWork",
    "Interruptions",
    "IsoDate",
    "Observed",
    "OmDuty",
    "OmEvent",
    "OmWork",
    "Opening",
    "OpeningClaim",
    "Outsourcing",
    "Overflow",
    "Payer",
    "Person",
    "Policy",
    "Practice",
    "ProcedureClass",
    "Procedure",
    "ProtectedBlock",
    "ProviderGroup",
    "ProviderKind",
    "Role",
    "Scenario",
    "Share",
    "Software",
    "Strict",
    "Study",
    "Turnover",
    "Weekday",
    "payer_share_message",
]

SCENARIO_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
"""What a scenario's name (its results folder's name) may be: letters, digits, _ . -, from a
letter or digit, at most 100 characters."""

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
