"""The practice's demand: appointments booked ahead (or same day), visits, no-shows."""

from __future__ import annotations

import math
from collections.abc import Callable

import simpy
from simpy.events import ProcessGenerator

from sim.model.calendar import MINUTES_PER_DAY, OfficeCalendar, at
from sim.model.desk import InsuranceDesk
from sim.model.engine import call_later
from sim.model.phases import Phases
from sim.model.streams import Shares, Stream
from sim.model.visit import VISIT_UNIFORMS, U, Visit
from sim.scenario.schema import PROCEDURE_CLASSES, ProviderGroup, ProviderKind, Scenario

VISIT_MINUTES = 50.0


DayStreams = Callable[[int], tuple[Stream, Stream]]
"""A day's two streams (how many visits, what each visit is), keyed by the day of the window."""


class Demand:
    """Generates each open day's visits ahead of time and hands them to the insurance desk.

    Visits come until the window ends (none in the run-out). Each day draws from streams of its
    own, keyed by its day in the window, so the window's patients are the same whatever the
    warm-up: warm-up visits are just earlier days."""

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        calendar: OfficeCalendar,
        desk: InsuranceDesk,
        phases: Phases,
        day_streams: DayStreams,
    ) -> None:
        self.env = env
        self.scenario = scenario
        self.practice = scenario.practice
        self.calendar = calendar
        self.desk = desk
        self.phases = phases
        self.day_streams = day_streams
        self.max_lead_days = max(1, math.ceil(self.practice.booking_lead_days.from_uniform(0.999)))
        payers = [(p.name, p.patient_share) for p in scenario.payers]
        self.payers = Shares(payers)
        self.pays_last = {p.name: p.pays_last for p in scenario.payers}
        """Medicaid pays last: a commercial plan is never secondary to it (COB order)."""
        self.second_payers = {
            name: Shares([(n, s) for n, s in payers if n != name]) for name, _ in payers
        }
        self.procedure_mix = {
            kind: Shares([(c, mix[c]) for c in PROCEDURE_CLASSES if mix.get(c, 0.0) > 0])
            for kind, mix in self.practice.procedure_mix.items()
        }
        self.visits_seen = 0
        self.no_shows = 0
        self._next_id = 0
        env.process(self._run())

    def volume_factor(self, day: int) -> float:
        """Growth and seasonality multiplier on booked visits for `day` of the window."""
        practice = self.practice
        growth = (1.0 + practice.growth_per_year_share) ** (day / 365.0)
        season = 1.0 + practice.seasonality_amplitude_share * math.sin(2 * math.pi * day / 365.0)
        return growth * season

    def _run(self) -> ProcessGenerator:
        spec = self.scenario.calendar
        for day in self.calendar.open_days(0, self.phases.end):
            plan_at = max(0.0, at(day, 0) - self.max_lead_days * MINUTES_PER_DAY)
            if plan_at > self.env.now:
                yield self.env.timeout(plan_at - self.env.now)
            streams = self.day_streams(day - self.phases.start)
            for group in self.practice.providers:
                for _ in range(group.count):
                    self._book_day(day, group, spec.open_hour, spec.close_hour, streams)

    def _book_day(
        self,
        day: int,
        group: ProviderGroup,
        open_hour: float,
        close_hour: float,
        streams: tuple[Stream, Stream],
    ) -> None:
        visits_rng, attributes_rng = streams
        wanted = group.visits_per_day * self.volume_factor(day - self.phases.start)
        slots = int(wanted) + (1 if visits_rng.random() < wanted - int(wanted) else 0)
        length = (close_hour - open_hour) * 60.0 / max(slots, 1)
        if not slots:
            return
        draw = attributes_rng.random
        uniforms = [[draw() for _ in range(VISIT_UNIFORMS)] for _ in range(slots)]
        for slot in range(slots):
            appointment = at(day, open_hour) + (slot + 0.5) * length
            self._schedule(self._new_visit(day, appointment, uniforms[slot], group.kind))

    def _new_visit(
        self, day: int, appointment: float, uniforms: list[float], provider: ProviderKind
    ) -> Visit:
        """A visit described by its own uniforms (drawn a day's visits at a time, same numbers)."""
        self._next_id += 1
        visit = Visit(self._next_id, day, appointment, uniforms, provider=provider)
        practice, u = self.practice, uniforms
        visit.same_day = u[U.SAME_DAY] < practice.same_day_share
        visit.insured = u[U.INSURED] < practice.insured_share
        if not visit.insured:
            return visit  # only counted (seen or no-show): it makes no insurance work
        visit.payer = self.payers.pick(u[U.PAYER])
        second_payers = self.second_payers[visit.payer]
        if u[U.DUAL] < practice.dual_coverage_share and second_payers.choices:
            visit.second_payer = second_payers.pick(u[U.SECOND_PAYER])
            if self.pays_last[visit.payer] and not self.pays_last[visit.second_payer]:
                visit.payer, visit.second_payer = visit.second_payer, visit.payer
        visit.returning = u[U.RETURNING] < practice.returning_patient_share
        visit.procedure = self.procedure_mix[provider].pick(u[U.PROCEDURE])
        procedure = practice.procedures[visit.procedure]
        visit.fee_cents = round(procedure.fee_usd.from_uniform(u[U.FEE]) * 100)
        visit.needs_attachment = u[U.ATTACHMENT] < procedure.attachment_share
        return visit

    def _schedule(self, visit: Visit) -> None:
        """Book the visit's insurance work and its arrival; an uninsured visit needs no events."""
        if not visit.insured:
            self._count(visit)
            return
        now = self.env.now
        if not visit.same_day:
            lead = min(
                self.practice.booking_lead_days.from_uniform(visit.uniforms[U.LEAD]),
                self.max_lead_days,
            )
            booked = max(now, visit.appointment - lead * MINUTES_PER_DAY)
            call_later(self.env, booked - now, lambda: self.desk.book(visit))
        call_later(self.env, visit.appointment - now, lambda: self._arrive(visit))

    def _count(self, visit: Visit) -> bool:
        """Count the visit as seen or a no-show if its day is in the window (an uninsured visit
        is counted when booked); True if the patient came."""
        counted = self.phases.start <= visit.day < self.phases.end
        if visit.uniforms[U.NO_SHOW] < self.practice.no_show_share:
            self.no_shows += counted
            return False
        self.visits_seen += counted
        return True

    def _arrive(self, visit: Visit) -> None:
        self.desk.appointment(visit)
        if self._count(visit):
            call_later(self.env, VISIT_MINUTES, lambda: self.desk.visit_done(visit))

    def results(self) -> dict[str, float]:
        """Visits seen and missed on the window's days."""
        return {"visits": self.visits_seen, "no_shows": self.no_shows}
