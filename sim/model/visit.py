"""A patient visit and the uniform numbers drawn for it when it is booked.

All of a visit's randomness (its attributes, its claims' task times and payer decisions) is
drawn at once from the visit stream, so replication k of two scenarios describing the same
practice sees the same patients, claims and payer decisions (common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.model.work import WorkItem


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
    RETURNING = 48
    PREDETERMINATION_REPLY = 49


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
    ELIGIBILITY_CAUSE = 15


PRIMARY_BLOCK = 16
SECONDARY_BLOCK = 32


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
    procedure: str = "preventive"
    fee_cents: int = 0
    needs_attachment: bool = False
    same_day: bool = False
    returning: bool = False
    provider: str = "dentist"
    pre_visit_items: list[WorkItem] = field(default_factory=list)
    verified: bool = False
    predetermined: bool = True

    def u(self, index: int) -> float:
        return self.uniforms[index]
