"""Workload check: the hours a day each role's work demands, from volumes and mean task times.

A back-of-the-envelope count, before any simulation: it multiplies the scenario's volumes by
its mean task times, so a consultant can see at once whether one person's work fits their
hours. It ignores queueing, deadlines and who does what first; the simulation adds those.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.scenario import claim_work
from sim.scenario.opening_layout import claims_in_bucket, share_older_than
from sim.scenario.roles import BILLING_SERVICE, IC, OM, VERIFICATION, Role
from sim.scenario.schema import (
    OUTSOURCED_WITH,
    IcWork,
    OmWork,
    Person,
    Practice,
    ProviderKind,
    Scenario,
)

WEEKS_PER_MONTH = 52.0 / 12.0


@dataclass(frozen=True)
class RoleLoad:
    """Minutes a day of one role's work: its own tasks, and the interruptions that reach it."""

    role: str
    task_minutes: float
    interruption_minutes: float

    @property
    def total_minutes(self) -> float:
        return self.task_minutes + self.interruption_minutes


@dataclass(frozen=True)
class Backlog:
    """The opening books as work to clear once: claims to send and aged A/R to chase.

    Each unsent claim is sent (claim minutes) and each claim sent but unanswered past the
    practice's follow-up age is followed up (follow-up minutes; a lost one is resent in the
    same call, as the model does). Not in the daily demand: it comes once, on top of it.
    Posting the opening claims' EOBs is left out: every practice holds some A/R, and posting
    it is the daily posting the demand already counts.
    """

    unsent_claims: float
    aged_claims: float
    minutes: float


@dataclass(frozen=True)
class PersonLoad:
    """One person's share of the demand against the hours they are paid for."""

    name: str
    roles: tuple[str, ...]
    demand_minutes: float
    interruption_minutes: float
    paid_minutes: float
    backlog_minutes: float = 0.0
    """This person's share of the opening backlog (once, not a day)."""
    overflow_from: str | None = None
    """The role whose overflow this person takes, if any (its excess is in `demand_minutes`)."""

    @property
    def spare_minutes(self) -> float:
        """Paid minutes a working day left after the daily demand (never below 0)."""
        return max(self.paid_minutes - self.demand_minutes, 0.0)

    @property
    def days_to_clear(self) -> float | None:
        """Working days of spare time the backlog share takes; None when there is no spare time
        (the backlog then never clears without overtime or help), 0 with no backlog."""
        if self.backlog_minutes <= 0:
            return 0.0
        return self.backlog_minutes / self.spare_minutes if self.spare_minutes > 0 else None

    @property
    def share(self) -> float:
        """Demand, interruptions included, as a share of paid time."""
        return self.demand_minutes / self.paid_minutes if self.paid_minutes else float("inf")

    @property
    def share_before_interruptions(self) -> float:
        task = self.demand_minutes - self.interruption_minutes
        return task / self.paid_minutes if self.paid_minutes else float("inf")


def _visits_per_day(practice: Practice) -> dict[ProviderKind, float]:
    visits: dict[ProviderKind, float] = {}
    for group in practice.providers:
        visits[group.kind] = visits.get(group.kind, 0.0) + group.count * group.visits_per_day
    return visits


def _class_shares(practice: Practice) -> dict[str, float]:
    """Share of all booked visits by procedure class, across provider kinds."""
    visits = _visits_per_day(practice)
    total = sum(visits.values())
    shares: dict[str, float] = {}
    for kind, count in visits.items():
        for procedure, share in practice.procedure_mix.get(kind, {}).items():
            shares[procedure] = shares.get(procedure, 0.0) + share * count / (total or 1.0)
    return shares


def ic_task_minutes(scenario: Scenario) -> float:
    """Insurance work a day: the sum of `ic_task_minutes_by_kind`."""
    return sum(ic_task_minutes_by_kind(scenario).values())


def claim_minutes_mean(work: IcWork) -> float:
    """Mean minutes to create and send one claim, paper claims' extra time included."""
    paper = 1.0 - work.claim_electronic_share
    return work.claim_minutes.mean + paper * work.paper_claim_extra_minutes.mean


def posting_minutes_mean(work: IcWork, complex_share: float | None = None) -> float:
    """Mean minutes to post one payment (`posting_complex_share` of them complex, unless
    `complex_share` says otherwise: a secondary claim's posting always is), ERA
    auto-posting's saving taken."""
    if complex_share is None:
        complex_share = work.posting_complex_share
    by_hand = (
        1.0 - complex_share
    ) * work.posting_simple_minutes.mean + complex_share * work.posting_complex_minutes.mean
    return by_hand * (1.0 - work.posting_era_share * work.era_posting_saving_share)


def claims_with_attachments_share(practice: Practice) -> float:
    """The share of a practice's primary claims sent with attachments, from its procedure mix
    weighted by each provider kind's visits (what an imported claim of unknown kind is)."""
    shares = _class_shares(practice)
    return sum(shares.get(c, 0.0) * p.attachment_share for c, p in practice.procedures.items())


def ic_task_minutes_by_kind(scenario: Scenario) -> dict[str, float]:
    """Insurance work a day by the model's kinds of work: checks before visits, claims,
    postings (and wrong ones redone), denials and appeals, payers' requests for information,
    the aging review (its base time spread over the days between reviews, and a line for each
    claim it lists each time) and follow-up. What a claim brings is counted as the model
    reckons claims (sim/scenario/claim_work.py), with all the work done in time."""
    practice, work = scenario.practice, scenario.ic_work
    booked = sum(_visits_per_day(practice).values()) * practice.insured_share
    seen = booked * (1.0 - practice.no_show_share)
    ahead = booked * (1.0 - practice.same_day_share)
    shares = _class_shares(practice)
    procedures = practice.procedures
    electronic = work.verification_electronic_share
    verify = (
        electronic * work.verification_electronic_minutes.mean
        + (1.0 - electronic) * work.verification_manual_minutes.mean
    )
    predetermination = sum(
        shares.get(c, 0.0) * p.predetermination_share for c, p in procedures.items()
    )
    estimate = sum(shares.get(c, 0.0) * p.estimate_share for c, p in procedures.items())
    attachment = claims_with_attachments_share(practice)
    denied = claim_work.denials(scenario, shares)
    primaries = seen * (1.0 + claim_work.rebilled_share(scenario, denied))
    second = claim_work.secondaries(scenario, shares)
    secondaries = seen * second.share * (1.0 - denied.unpaid)
    claims = primaries + secondaries
    paid = primaries * (1.0 - denied.unpaid) + secondaries
    claim = claim_minutes_mean(work)
    extra = work.attachment_extra_minutes.mean
    posting = posting_minutes_mean(work)
    complex_posting = posting_minutes_mean(work, complex_share=1.0)
    posted = (paid - secondaries) * posting + secondaries * complex_posting
    dual = (seen * practice.dual_coverage_share + secondaries) / claims if claims else 0.0
    informed = claim_work.information_share(scenario, attachment, dual, denied)
    chased = claim_work.chased_per_claim(scenario, attachment, listed=False)
    listed = claim_work.chased_per_claim(scenario, attachment, listed=True)
    review = work.posting_simple_minutes.mean
    working_days = scenario.policy.aging_review_every_days * len(scenario.calendar.working_days) / 7
    return {
        "verification": ahead * verify,
        "predetermination": ahead * predetermination * work.predetermination_minutes.mean,
        "patient_estimate": ahead * estimate * work.estimate_minutes.mean,
        "claim": primaries * (claim + attachment * extra),
        "secondary_claim": secondaries * (claim + extra),
        "payment_posting": posted,
        "posting_correction": posted * work.posting_error_share,
        "denial_review": claims * denied.reviewed * review,
        "correct_and_resubmit": claims * denied.corrected * work.resubmission_minutes.mean,
        "appeal": (
            primaries * denied.appealed + secondaries * denied.appealable * second.above_threshold
        )
        * work.appeal_minutes.mean,
        "information_request": claims * informed * extra,
        "follow_up": claims * chased * work.follow_up_minutes.mean,
        "aging_review": work.aging_review_minutes.mean / max(working_days, 1.0)
        + claims * listed * work.aging_review_minutes_per_claim,
    }


KIND_WORDS_FILE = Path(__file__).with_name("ic_work_kinds.yaml")
ALL_INSURANCE_TASKS = "all insurance tasks"


@dataclass(frozen=True)
class KindRow:
    """One line of the insurance work by kind: its plain words, minutes a day, share of all."""

    work: str
    minutes: float
    share: float


@functools.cache
def _kind_words() -> dict[str, str]:
    return yaml.safe_load(KIND_WORDS_FILE.read_text(encoding="utf-8"))


def insurance_work_by_kind(scenario: Scenario) -> list[KindRow]:
    """What the insurance hours are made of, largest first, in plain words, then the total:
    the table `twohats check` prints and the report carries (empty without insurance work)."""
    by_kind = ic_task_minutes_by_kind(scenario)
    total = sum(by_kind.values())
    if total <= 0:
        return []
    words = _kind_words()
    rows = [
        KindRow(words.get(kind, kind), minutes, minutes / total)
        for kind, minutes in sorted(by_kind.items(), key=lambda item: -item[1])
    ]
    return [*rows, KindRow(ALL_INSURANCE_TASKS, total, 1.0)]


def opening_backlog(scenario: Scenario) -> Backlog:
    """The work the opening books bring, counted the way the model creates their claims.

    Imported claims age from their sent date (follow-up is due that long after sending); the
    totals form's claims count from the date of service, spread evenly over each bucket.
    """
    opening, age = scenario.opening, scenario.policy.follow_up_age_days
    unsent: int
    aged: float
    if opening.claims:
        as_of = opening.as_of
        assert as_of is not None, "the schema requires opening.as_of with opening.claims"
        unsent = sum(1 for row in opening.claims if row.sent_date is None)
        aged = sum(
            1
            for row in opening.claims
            if row.sent_date is not None and (as_of - row.sent_date).days > age
        )
    else:
        unsent = opening.unsubmitted_claims
        counts = {bucket: claims_in_bucket(usd) for bucket, usd in opening.ar_usd.items()}
        aged = sum(n * share_older_than(bucket, age) for bucket, n in counts.items())
    work = scenario.ic_work
    minutes = unsent * work.claim_minutes.mean + aged * work.follow_up_minutes.mean
    return Backlog(unsent, aged, minutes)


def om_task_minutes(scenario: Scenario) -> float:
    """Office-manager duties and random events a day, averaged over the working week."""
    days_a_week = max(1, len(scenario.calendar.working_days))
    per_day = {
        "day": 1.0,
        "week": 1.0 / days_a_week,
        "month": 1.0 / (WEEKS_PER_MONTH * days_a_week),
    }
    duties = sum(d.minutes.mean * per_day[d.every] for d in scenario.om_work.duties)
    events = sum(e.per_month * e.minutes.mean for e in scenario.om_work.events)
    return duties + events * per_day["month"]


def interruption_minutes_per_day(scenario: Scenario, role: str) -> float:
    """Interruptions reaching `role` in a day's office hours, with their resumption lag."""
    calendar = scenario.calendar
    hours = calendar.close_hour - calendar.open_hour
    lag = scenario.interruptions.resumption_simple_minutes.mean
    work: OmWork | IcWork
    if role == OM:
        work = scenario.om_work
        desk = scenario.practice.front_desk
        taken = desk.interruption_share if desk.people else 0.0
        rate = work.interruptions_per_hour * (1.0 - taken)
    elif role == IC:
        work = scenario.ic_work
        rate = work.interruptions_per_hour
    else:
        return 0.0
    return rate * hours * (work.interruption_minutes.mean + lag)


def role_loads(scenario: Scenario) -> dict[str, RoleLoad]:
    return {
        OM: RoleLoad(OM, om_task_minutes(scenario), interruption_minutes_per_day(scenario, OM)),
        IC: RoleLoad(IC, ic_task_minutes(scenario), interruption_minutes_per_day(scenario, IC)),
    }


def _paid_minutes(person: Person) -> float:
    return person.hours_per_day * 60.0


def routed_role(kind: str, held: Set[str], outsourced: Set[str]) -> str:
    """Who does a kind of insurance work, as the model routes it: a cross-trained front desk
    checks eligibility, an outside billing team takes its kinds, the coordinator the rest."""
    if kind == "verification" and VERIFICATION in held:
        return VERIFICATION
    if OUTSOURCED_WITH.get(kind, kind) in outsourced and BILLING_SERVICE in held:
        return BILLING_SERVICE
    return IC


def _ic_by_role(scenario: Scenario) -> dict[str, float]:
    """Insurance task minutes a day by the role that does them."""
    held = {role for person in scenario.staff for role in person.roles}
    outsourced = set(scenario.outsourcing.kinds)
    by_role = {IC: 0.0, VERIFICATION: 0.0, BILLING_SERVICE: 0.0}
    for kind, minutes in ic_task_minutes_by_kind(scenario).items():
        by_role[routed_role(kind, held, outsourced)] += minutes
    return by_role


def _backlog_by_role(scenario: Scenario) -> dict[str, float]:
    """The opening backlog's minutes by the role that sends its claims and chases its A/R."""
    held = {role for person in scenario.staff for role in person.roles}
    outsourced = set(scenario.outsourcing.kinds)
    backlog, work = opening_backlog(scenario), scenario.ic_work
    by_role = {IC: 0.0, BILLING_SERVICE: 0.0}
    by_role[routed_role("claim", held, outsourced)] += (
        backlog.unsent_claims * work.claim_minutes.mean
    )
    by_role[routed_role("follow_up", held, outsourced)] += (
        backlog.aged_claims * work.follow_up_minutes.mean
    )
    return by_role


SIZED_SHARE = 0.8
"""Load an outside billing team sized to its work is given: below `TIGHT_SHARE`, so a bad day
does not break its promise."""


def sized_service(scenario: Scenario) -> Scenario:
    """The scenario with an outside billing team's hours set to what its work needs, when
    `outsourcing.sized_to_work` asks for it (to the next quarter hour, at most 16 h a person)."""
    holders = [p for p in scenario.staff if BILLING_SERVICE in p.roles]
    if not scenario.outsourcing.sized_to_work or not holders:
        return scenario
    minutes = _ic_by_role(scenario)[BILLING_SERVICE] / len(holders)
    hours = min(16.0, math.ceil(minutes / SIZED_SHARE / 15.0) / 4.0)
    staff = [
        p.model_copy(update={"hours_per_day": hours}) if p in holders else p for p in scenario.staff
    ]
    return scenario.model_copy(update={"staff": staff})


def person_loads(scenario: Scenario) -> list[PersonLoad]:
    """Each person's share of the work, split evenly among those holding a role.

    Insurance work goes where the model sends it (`routed_role`): eligibility checks to a
    cross-trained front desk, an outside billing team's kinds to it, the rest to whoever holds
    the coordinator role. Someone who takes the coordinator's overflow takes what the
    coordinators' paid hours leave over. A person's `speed_factor` for a role scales the time
    their share of it takes, as in the model (a fitted speed changes the check's verdict).
    """
    scenario = sized_service(scenario)
    roles = role_loads(scenario)
    ic = _ic_by_role(scenario)
    shares: dict[Role, RoleLoad] = {
        OM: roles[OM],
        IC: RoleLoad(IC, ic[IC], roles[IC].interruption_minutes),
        VERIFICATION: RoleLoad(VERIFICATION, ic[VERIFICATION], 0.0),
        BILLING_SERVICE: RoleLoad(BILLING_SERVICE, ic[BILLING_SERVICE], 0.0),
    }
    holders = {role: [p for p in scenario.staff if role in p.roles] for role in shares}
    backlog = _backlog_by_role(scenario)
    demand = {p.name: 0.0 for p in scenario.staff}
    interruptions = dict(demand)
    mine = dict(demand)
    for person in scenario.staff:
        for role, load in shares.items():
            if person in holders[role]:
                speed = _speed(person, role)
                demand[person.name] += speed * load.total_minutes / len(holders[role])
                interruptions[person.name] += speed * load.interruption_minutes / len(holders[role])
                mine[person.name] += speed * backlog.get(role, 0.0) / len(holders[role])
    _pass_overflow(scenario, demand)
    return [
        PersonLoad(
            p.name,
            tuple(p.roles),
            demand[p.name],
            interruptions[p.name],
            _paid_minutes(p),
            mine[p.name],
            overflow_from=p.overflow.role if p.overflow is not None else None,
        )
        for p in scenario.staff
    ]


def _pass_overflow(scenario: Scenario, demand: dict[str, float]) -> None:
    """Move what the coordinators' paid hours cannot hold to those who take their overflow,
    split evenly among them, as work: each helper's own speed at it sets the time it takes."""
    helpers = [p for p in scenario.staff if p.overflow is not None and p.overflow.role == IC]
    holders = [p for p in scenario.staff if IC in p.roles]
    if not helpers or not holders:
        return
    excess = 0.0
    for person in holders:
        over = max(demand[person.name] - _paid_minutes(person), 0.0)
        demand[person.name] -= over
        excess += over / _speed(person, IC)
    for person in helpers:
        demand[person.name] += _speed(person, IC) * excess / len(helpers)


def _speed(person: Person, role: Role) -> float:
    """The person's time multiplier for a role's work, as the model applies it to every item
    of that role, its interruptions included (1 where the file sets none)."""
    return person.speed_factor.get(role, 1.0)


def role_backlog_days(scenario: Scenario) -> float | None:
    """Working days those who carry the opening backlog (coordinators, a billing team) take,
    together, to clear it in their spare time; None when they have no spare time, 0 with no
    backlog."""
    backlog = opening_backlog(scenario).minutes
    if backlog <= 0:
        return 0.0
    spare = sum(load.spare_minutes for load in person_loads(scenario) if load.backlog_minutes)
    return backlog / spare if spare > 0 else None


def backlog_words(days: float | None) -> str:
    """Days to clear a backlog in words: "clears in 12 working days of spare time", or never."""
    if days is None:
        return "never clears in paid hours, with no spare time left"
    return f"clears in {days:.0f} working day{'s' if round(days) != 1 else ''} of spare time"


FITS_SHARE = 1.0
"""Demand above this share of a person's paid hours cannot fit in their day."""
TIGHT_SHARE = 0.85
"""Demand above this share leaves too little slack for a bad day (queues grow fast near 1)."""


def verdict_scale() -> str:
    """What the verdicts mean, from their thresholds, as `twohats check` and the report say it."""
    return (
        f"Above {TIGHT_SHARE:.0%} is tight; above {FITS_SHARE:.0%} the work cannot fit and will "
        "pile up or be dropped."
    )


def verdict(share: float) -> str:
    """A person's load in words: "cannot fit", "tight" or "fits"."""
    if share > FITS_SHARE:
        return "cannot fit"
    if share > TIGHT_SHARE:
        return "tight"
    return "fits"


def unstaffed_roles(scenario: Scenario) -> list[str]:
    """Roles with work to do that nobody on the staff list holds (insurance work an outside
    billing team or a cross-trained front desk takes does not count)."""
    held = {role for person in scenario.staff for role in person.roles}
    roles = role_loads(scenario)
    left = {OM: roles[OM].total_minutes, IC: _ic_by_role(scenario)[IC]}
    return [role for role, minutes in left.items() if minutes > 0 and role not in held]


def broken_promise(scenario: Scenario, load: PersonLoad) -> str | None:
    """Why an outside billing team cannot keep its promise of claims within
    `service_level_business_days`, or None when it can (or `load` is not such a team).

    Its work above its paid hours piles up day after day, so claims wait longer and longer;
    a same-day promise needs the team at work when the office's last visits end."""
    if BILLING_SERVICE not in load.roles:
        return None
    days = scenario.outsourcing.service_level_business_days
    promise = f"its promise of claims within {days} business day{'s' if days != 1 else ''}"
    if load.share > FITS_SHARE:
        need = load.demand_minutes / SIZED_SHARE / 60
        return (
            f"{load.name} cannot keep {promise}: its work takes "
            f"{load.demand_minutes / 60:.1f} h a day and it has {load.paid_minutes / 60:g} h; "
            f"give it about {need:.1f} h a day (or outsourcing.sized_to_work: true)"
        )
    person = next(p for p in sized_service(scenario).staff if p.name == load.name)
    ends = person.start_hour + person.hours_per_day + person.break_minutes / 60
    if days == 0 and ends < scenario.calendar.close_hour:
        return (
            f"{load.name} cannot keep {promise}: its day ends at {ends:g}:00, before the office "
            f"closes at {scenario.calendar.close_hour:g}:00, so the last visits' claims wait a day"
        )
    return None


def summary_line(scenario: Scenario) -> str:
    """One line for `run` and `compare`: each person's demand against paid hours, and flags."""
    parts = []
    for load in person_loads(scenario):
        parts.append(
            f"{load.name} {load.share_before_interruptions:.0%} of {load.paid_minutes / 60:g} h "
            f"({load.share:.0%} with interruptions, {verdict(load.share)})"
        )
    for role in unstaffed_roles(scenario):
        parts.append(f"nobody holds the {role} role (cannot fit)")
    for load in person_loads(scenario):
        if broken_promise(scenario, load):
            parts.append(f"{load.name} cannot keep its promise")
    backlog = opening_backlog(scenario)
    if backlog.minutes > 0:
        parts.append(
            f"opening backlog {backlog.minutes / 60:.1f} h once "
            f"({backlog_words(role_backlog_days(scenario))})"
        )
    return "workload: " + ("; ".join(parts) if parts else "no staff")
