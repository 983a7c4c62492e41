"""Workload check: the hours a day each role's work demands, from volumes and mean task times.

A back-of-the-envelope count, before any simulation: it multiplies the scenario's volumes by
its mean task times, so a consultant can see at once whether one person's work fits their
hours. It ignores queueing, deadlines and who does what first; the simulation adds those.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.distributions import Distribution
from sim.scenario.opening_layout import claims_in_bucket, share_older_than
from sim.scenario.schema import Person, Practice, Scenario

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


def _visits_per_day(practice: Practice) -> dict[str, float]:
    visits: dict[str, float] = {}
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
    """Insurance work a day: checks before visits, claims, postings (and wrong ones redone),
    denials, the aging review (its base time spread over the days between reviews, and a line
    for each claim it lists) and follow-up."""
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
    attachment = sum(shares.get(c, 0.0) * p.attachment_share for c, p in procedures.items())
    claims = seen * (1.0 + practice.dual_coverage_share)
    claim = work.claim_minutes.mean + attachment * work.attachment_extra_minutes.mean
    secondary_extra = practice.dual_coverage_share * work.attachment_extra_minutes.mean
    posting = 0.8 * work.posting_simple_minutes.mean + 0.2 * work.posting_complex_minutes.mean
    payers = scenario.payers
    age = scenario.policy.follow_up_age_days
    chased = sum(
        p.patient_share
        * (
            p.lost_share
            + (1.0 - attachment) * _share_above(p.adjudication_days, age)
            + attachment * _share_above(p.review_days, age)
        )
        for p in payers
    )
    appealed = sum(p.patient_share * p.clinical_denial_share for p in payers)
    review = work.posting_simple_minutes.mean
    denial = work.claim_error_share * (review + work.resubmission_minutes.mean) + appealed * (
        review + work.appeal_minutes.mean
    )
    working_days = scenario.policy.aging_review_every_days * len(scenario.calendar.working_days) / 7
    aging_review = work.aging_review_minutes.mean / max(working_days, 1.0)
    return (
        ahead * (verify + predetermination * work.predetermination_minutes.mean)
        + ahead * estimate * work.estimate_minutes.mean
        + claims * claim
        + seen * secondary_extra
        + claims * posting * (1.0 + work.posting_error_share)
        + claims * (chased * work.follow_up_minutes.mean + denial)
        + aging_review
        + claims * chased * work.aging_review_minutes_per_claim
    )


def _share_above(dist: Distribution, limit: float) -> float:
    """P(draw > limit), by bisection on the distribution's inverse CDF."""
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        if dist.from_uniform(middle) > limit:
            high = middle
        else:
            low = middle
    return 1.0 - low


def opening_backlog(scenario: Scenario) -> Backlog:
    """The work the opening books bring, counted the way the model creates their claims.

    Imported claims age from their sent date (follow-up is due that long after sending); the
    totals form's claims count from the date of service, spread evenly over each bucket.
    """
    opening, age = scenario.opening, scenario.policy.follow_up_age_days
    if opening.claims:
        unsent = sum(1 for row in opening.claims if row.sent_date is None)
        aged = sum(
            1
            for row in opening.claims
            if row.sent_date is not None and (opening.as_of - row.sent_date).days > age
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
    if role == "om":
        work = scenario.om_work
        desk = scenario.practice.front_desk
        taken = desk.interruption_share if desk.people else 0.0
        rate = work.interruptions_per_hour * (1.0 - taken)
    elif role == "ic":
        work = scenario.ic_work
        rate = work.interruptions_per_hour
    else:
        return 0.0
    return rate * hours * (work.interruption_minutes.mean + lag)


def role_loads(scenario: Scenario) -> dict[str, RoleLoad]:
    return {
        "om": RoleLoad(
            "om", om_task_minutes(scenario), interruption_minutes_per_day(scenario, "om")
        ),
        "ic": RoleLoad(
            "ic", ic_task_minutes(scenario), interruption_minutes_per_day(scenario, "ic")
        ),
    }


def _paid_minutes(person: Person) -> float:
    return person.hours_per_day * 60.0


def person_loads(scenario: Scenario) -> list[PersonLoad]:
    """Each person's share of the OM and IC demand, split evenly among those holding a role.

    A cross-trained front desk or an outside billing team takes insurance work up to its own
    hours (a rough allowance: in the model they take only the kinds of work they are set up
    for); the rest falls to whoever holds the coordinator role.
    """
    roles = role_loads(scenario)
    helpers = [p for p in scenario.staff if set(p.roles) <= {"verification", "billing_service"}]
    ic_left = roles["ic"].task_minutes
    taken: dict[str, float] = {}
    for person in helpers:
        taken[person.name] = min(ic_left, _paid_minutes(person))
        ic_left -= taken[person.name]
    shares = {"om": roles["om"], "ic": RoleLoad("ic", ic_left, roles["ic"].interruption_minutes)}
    holders = {role: [p for p in scenario.staff if role in p.roles] for role in shares}
    backlog = opening_backlog(scenario).minutes
    loads = []
    for person in scenario.staff:
        demand = taken.get(person.name, 0.0)
        interruptions = 0.0
        for role, load in shares.items():
            if person in holders[role]:
                demand += load.total_minutes / len(holders[role])
                interruptions += load.interruption_minutes / len(holders[role])
        mine = backlog / len(holders["ic"]) if person in holders["ic"] else 0.0
        paid = _paid_minutes(person)
        loads.append(
            PersonLoad(person.name, tuple(person.roles), demand, interruptions, paid, mine)
        )
    return loads


def role_backlog_days(scenario: Scenario) -> float | None:
    """Working days the coordinator role's holders, together, take to clear the opening backlog
    in their spare time; None when they have no spare time, 0 with no backlog."""
    backlog = opening_backlog(scenario).minutes
    if backlog <= 0:
        return 0.0
    spare = sum(load.spare_minutes for load in person_loads(scenario) if "ic" in load.roles)
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


def verdict(share: float) -> str:
    """A person's load in words: "cannot fit", "tight" or "fits"."""
    if share > FITS_SHARE:
        return "cannot fit"
    if share > TIGHT_SHARE:
        return "tight"
    return "fits"


def unstaffed_roles(scenario: Scenario) -> list[str]:
    """Roles with work to do that nobody on the staff list holds."""
    held = {role for person in scenario.staff for role in person.roles}
    return [
        role
        for role, load in role_loads(scenario).items()
        if load.total_minutes > 0 and role not in held and not (role == "ic" and _ic_helped(held))
    ]


def _ic_helped(held: set[str]) -> bool:
    return "billing_service" in held


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
    backlog = opening_backlog(scenario)
    if backlog.minutes > 0:
        parts.append(
            f"opening backlog {backlog.minutes / 60:.1f} h once "
            f"({backlog_words(role_backlog_days(scenario))})"
        )
    return "workload: " + ("; ".join(parts) if parts else "no staff")
