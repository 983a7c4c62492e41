"""A patient visit and the uniform numbers drawn for it when it is booked.

All of a visit's randomness (its attributes, its claims' task times and payer decisions) is
drawn at once from the visit stream, so replication k of two scenarios describing the same
practice sees the same patients, claims and payer decisions (common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.model.work import WorkItem
from sim.scenario.schema import ProcedureClass, ProviderKind


class U:
    """Positions of the visit's own uniforms.

    Plain numbers, not an enum: they are read for every visit and claim, and in CPython 3.11
    each read of an enum's member goes through its metaclass's `__getattr__` hook."""

    NO_SHOW = 0
    SAME_DAY = 1
    LEAD = 2
    INSURED = 3
    PAYER = 4
    DUAL = 5
    SECOND_PAYER = 6
    PROCEDURE = 7
    FEE = 8
    ATTACHMENT = 9
    PREDETERMINATION = 10
    ESTIMATE = 11
    VERIFY_ELECTRONIC = 12
    VERIFY_MINUTES = 13
    PREDETERMINATION_MINUTES = 14
    ESTIMATE_MINUTES = 15
    RETURNING = 16
    PREDETERMINATION_REPLY = 17


class C:
    """Positions of a claim's uniforms, from its block's offset (primary 16, secondary 32);
    plain numbers, as `U`'s are."""

    CLAIM_MINUTES = 0
    ATTACHMENT_MINUTES = 1
    POSTING_COMPLEX = 2
    POSTING_MINUTES = 3
    ERROR = 4
    LOST = 5
    DELAY = 6
    ELIGIBILITY = 7
    PREDETERMINATION = 8
    CLINICAL = 9
    OVERTURN = 10
    APPEAL_DELAY = 11
    FOLLOW_UP_MINUTES = 12
    REWORK_MINUTES = 13
    APPEAL_MINUTES = 14
    POSTING_ERROR = 15
    ELIGIBILITY_CAUSE = 16
    ERA = 17
    PAPER = 18


def layout_size(names: type, room: int) -> int:
    """Check that `names`' positions are distinct and lie in 0..room-1, and return `room`.

    The layout is kept in one place: a position added to `U` or `C` past its block's room is
    refused when the model is imported, instead of silently sharing another's number."""
    positions = {name: value for name, value in vars(names).items() if name.isupper()}
    taken: dict[int, str] = {}
    for name, index in positions.items():
        if not 0 <= index < room:
            raise ValueError(f"{names.__name__}.{name} = {index} is outside its block of {room}")
        if index in taken:
            raise ValueError(f"{names.__name__}.{name} and .{taken[index]} share position {index}")
        taken[index] = name
    return room


VISIT_OWN = layout_size(U, 20)
"""The visit's own uniforms come first, with room to add a few without moving the rest."""
CLAIM_UNIFORMS = layout_size(C, 20)
"""Each claim's block: the primary claim's, then a secondary claim's."""
PRIMARY_BLOCK = VISIT_OWN
SECONDARY_BLOCK = PRIMARY_BLOCK + CLAIM_UNIFORMS
VISIT_UNIFORMS = SECONDARY_BLOCK + CLAIM_UNIFORMS
"""Uniform numbers drawn for every visit when it is created (common random numbers)."""


@dataclass(slots=True, eq=False)
class Visit:
    """One booked appointment and what the office did before it."""

    visit_id: int
    day: int
    appointment: float
    uniforms: list[float]
    insured: bool = False
    payer: str = ""
    second_payer: str | None = None
    procedure: ProcedureClass = "preventive"
    fee_cents: int = 0
    needs_attachment: bool = False
    same_day: bool = False
    returning: bool = False
    provider: ProviderKind = "dentist"
    pre_visit_items: list[WorkItem] = field(default_factory=list)
    verified: bool = False
    predetermined: bool = True

    def u(self, index: int) -> float:
        return self.uniforms[index]
