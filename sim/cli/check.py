"""`twohats check`: the hours a day each role's and each person's work demands, before any
simulation, in tables; exit 1 when some work cannot fit."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from sim.cli.arguments import allow_root
from sim.cli.common import load_all, out
from sim.scenario.roles import BILLING_SERVICE, role_words
from sim.scenario.schema import Scenario
from sim.scenario.ways_of_working import (
    COORDINATOR_HOURS,
    booked_visits,
    choices,
    ways_of_working,
)
from sim.scenario.workload import (
    FITS_SHARE,
    TIGHT_SHARE,
    backlog_words,
    broken_promise,
    insurance_work_by_kind,
    opening_backlog,
    person_loads,
    role_backlog_days,
    role_loads,
    unstaffed_roles,
    verdict,
    verdict_scale,
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "check",
        help="workload check: hours a day each role and person's work demands (exit 1 if some cannot fit)",
    )
    cmd.add_argument("files", nargs="+", type=Path)
    allow_root(cmd)
    cmd.set_defaults(handler=cmd_check)


def _hours(minutes: float) -> str:
    return f"{minutes / 60:.1f}"


def _print_backlog(scenario: Scenario) -> None:
    """The opening books as work to clear once, apart from the daily demand, and how many
    working days of each coordinator's spare time it takes."""
    backlog = opening_backlog(scenario)
    if backlog.minutes <= 0:
        return
    table = Table(title=f"{scenario.name}: opening backlog, hours once (not a day)")
    for column in ("person (roles)", "backlog", "spare a day", "days to clear"):
        wide = column == "person (roles)"
        table.add_column(column, justify="left" if wide else "right", no_wrap=not wide)
    for load in person_loads(scenario):
        if load.backlog_minutes > 0:
            days = load.days_to_clear
            table.add_row(
                f"{load.name}\n({', '.join(load.roles)})",
                _hours(load.backlog_minutes),
                _hours(load.spare_minutes),
                "NEVER" if days is None else f"{days:.0f}",
            )
    out.print(table)
    age = scenario.policy.follow_up_age_days
    out.print(
        f"Opening backlog: {backlog.unsent_claims:.0f} claims to send and "
        f"{backlog.aged_claims:.0f} sent claims past the {age:g}-day follow-up age to chase, "
        f"{_hours(backlog.minutes)} h once; it "
        f"{backlog_words(role_backlog_days(scenario))}.",
        highlight=False,
    )


def _print_insurance_work(scenario: Scenario) -> None:
    """What the insurance hours are made of, largest first, so each can be questioned."""
    rows = insurance_work_by_kind(scenario)
    if not rows:
        return
    table = Table(title=f"{scenario.name}: insurance work by kind, hours a day")
    for column in ("work", "hours", "share"):
        table.add_column(column, justify="left" if column == "work" else "right")
    for row in rows:
        table.add_row(row.work, _hours(row.minutes), f"{row.share:.0%}")
    out.print(table)


def _print_ways_of_working(scenario: Scenario) -> None:
    """The hours each way of checking, posting and sending implies, and the visits a day one
    full-time coordinator carries with it."""
    words = {c.choice: c.words for c in choices()} | {"all": "All three"}
    table = Table(title=f"{scenario.name}: how the office works, insurance hours a day")
    tight, full = f"visits/day\n{TIGHT_SHARE:.0%}", f"at\n{FITS_SHARE:.0%}"
    for column in ("choice", "way", "its work", "all IC\ntasks", tight, full):
        wide = column in ("choice", "way")
        table.add_column(column, justify="left" if wide else "right", overflow="fold")
    previous = None
    for way in ways_of_working(scenario):
        table.add_row(
            words[way.choice] if way.choice != previous else "",
            way.label,
            f"{way.kind_hours:.1f}",
            f"{way.ic_hours:.1f}",
            f"{way.visits_tight:.0f}",
            f"{way.visits_full:.0f}",
        )
        previous = way.choice
    out.print(table)
    out.print(
        f"Visits/day: booked visits (this practice books {booked_visits(scenario):g}) one "
        f"full-time coordinator ({COORDINATOR_HOURS:g} h, interruptions included) carries at "
        f"{TIGHT_SHARE:.0%} and {FITS_SHARE:.0%} load, everything else as the scenario sets it. Set the shares in "
        "ic_work: verification_electronic_share, posting_era_share, claim_electronic_share.",
        highlight=False,
    )


def _check_one(scenario: Scenario) -> bool:
    """Print one scenario's workload tables; True when everything fits in people's hours."""
    roles = Table(title=f"{scenario.name}: work demanded, hours a day")
    for column in ("role", "tasks", "interruptions", "total"):
        roles.add_column(column, justify="left" if column == "role" else "right")
    for role, load in role_loads(scenario).items():
        roles.add_row(
            role_words(role),
            _hours(load.task_minutes),
            _hours(load.interruption_minutes),
            _hours(load.total_minutes),
        )
    out.print(roles)
    people = Table(title=f"{scenario.name}: each person, hours a day against hours paid")
    for column in ("person (roles)", "tasks", "with\ninterr.", "paid", "load", "verdict"):
        wide = column in ("person (roles)", "verdict")
        people.add_column(
            column, justify="left" if wide else "right", no_wrap=not wide, overflow="fold"
        )
    fits = True
    promises = []
    for person in person_loads(scenario):
        word = verdict(person.share)
        fits = fits and word != "cannot fit"
        broken = broken_promise(scenario, person)
        if broken:
            fits = False
            promises.append(broken)
            word = "cannot keep its promise"
        held = ", ".join(person.roles)
        if person.overflow_from:
            held += f"; {person.overflow_from} overflow"
        people.add_row(
            f"{person.name}\n({held})",
            _hours(person.demand_minutes - person.interruption_minutes),
            _hours(person.demand_minutes),
            _hours(person.paid_minutes),
            f"{person.share:.0%}",
            word.upper() if word.startswith("cannot") else word,
        )
    out.print(people)
    for broken in promises:
        out.print(f"CANNOT KEEP ITS PROMISE: {broken}", highlight=False)
    if scenario.outsourcing.sized_to_work and any(
        BILLING_SERVICE in p.roles for p in scenario.staff
    ):
        out.print(
            "The billing team's paid hours are sized to its work (outsourcing.sized_to_work).",
            highlight=False,
        )
    if any(load.overflow_from for load in person_loads(scenario)):
        out.print(
            "Overflow: what the coordinators' paid hours cannot hold is counted on whoever "
            "takes their overflow.",
            highlight=False,
        )
    _print_insurance_work(scenario)
    _print_ways_of_working(scenario)
    _print_backlog(scenario)
    for role in unstaffed_roles(scenario):
        fits = False
        out.print(f"CANNOT FIT: nobody holds the {role_words(role)} role ({role})")
    out.print(
        "A count before simulation: volumes times mean task times, without queues or deadlines. "
        + verdict_scale(),
        highlight=False,
    )
    return fits


def cmd_check(args: argparse.Namespace) -> int:
    """Workload check of each scenario; exit 1 when someone's work cannot fit, 2 on bad input."""
    scenarios = load_all(args.files, args.allow_root)
    results = [_check_one(scenario) for scenario in scenarios]
    return 0 if all(results) else 1
