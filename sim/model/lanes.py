"""Where a person looks for work, first to last: each role's lanes and each discipline's order.

A person holding one role works its lanes in a fixed order; someone holding both the manager's
and the coordinator's roles follows their discipline (triage, the manager's work first, or the
insurance work first in a protected block), and someone who takes another role's overflow
fits it in after their own due work. The worker (`sim.model.staff`) reads these orders.
"""

from __future__ import annotations

from sim.model.work import Lane
from sim.scenario.roles import BILLING_SERVICE, IC, OM, VERIFICATION, Role

IC_ROLES = frozenset({IC, BILLING_SERVICE})
L = Lane
IC_LANES = {
    "normal": (L.POSTING, L.PRE_VISIT, L.CLAIM, L.DENIAL, L.APPEAL, L.FOLLOW_UP),
    "batch": (L.CLAIM, L.POSTING, L.PRE_VISIT, L.DENIAL, L.APPEAL, L.FOLLOW_UP),
}
OM_LANES = (L.URGENT_EVENT, L.DUTY, L.DISCRETIONARY)
TRIAGE: dict[str, tuple[tuple[Role, Lane], ...]] = {
    "normal": (
        (OM, L.URGENT_EVENT),
        (OM, L.DUTY),
        *((IC, lane) for lane in IC_LANES["normal"][:4]),
        (OM, L.DISCRETIONARY),
        (IC, L.APPEAL),
        (IC, L.FOLLOW_UP),
    ),
    "batch": (
        (OM, L.URGENT_EVENT),
        (IC, L.CLAIM),
        (OM, L.DUTY),
        *((IC, lane) for lane in IC_LANES["batch"][1:4]),
        (OM, L.DISCRETIONARY),
        (IC, L.APPEAL),
        (IC, L.FOLLOW_UP),
    ),
}


def role_lanes(role: Role, mode: str) -> tuple[tuple[Role, Lane], ...]:
    """One role's own lanes, in the order someone holding only that role works them."""
    if role == OM:
        return tuple((role, lane) for lane in OM_LANES)
    if role == VERIFICATION:
        return ((role, L.PRE_VISIT),)
    return tuple((role, lane) for lane in IC_LANES["batch" if mode == "batch" else "normal"])


def lane_order(
    roles: tuple[Role, ...], discipline: str, mode: str
) -> tuple[tuple[Role, Lane], ...]:
    """Where a person looks for work, first to last: waiting interruptions, then by discipline.

    `mode` is "normal", "batch" (the end-of-day claim batch) or "ic_first" (a protected block,
    or the insurance part of a fixed split)."""
    order: list[tuple[Role, Lane]] = [(role, L.INTERRUPTION) for role in roles]
    both = OM in roles and IC in roles
    if both and mode == "ic_first":
        order += role_lanes(IC, "normal") + role_lanes(OM, "normal")
    elif both and discipline == "om_first":
        order += role_lanes(OM, mode) + role_lanes(IC, mode)
    elif both:
        order += TRIAGE["batch" if mode == "batch" else "normal"]
    else:
        for role in roles:
            order += role_lanes(role, mode)
    if both:
        order += [pair for role in roles if role not in (OM, IC) for pair in role_lanes(role, mode)]
    return tuple(order)


def with_overflow(
    order: tuple[tuple[Role, Lane], ...], role: Role, mode: str
) -> tuple[tuple[Role, Lane | None], ...]:
    """`order` with another role's work (its interruptions aside) for someone who takes its
    overflow: after their own work that is due, before their discretionary work; its escalated
    work (the lane None) first, so a helper sends the oldest claims, not the newest."""
    help_lanes = ((role, None), *role_lanes(role, mode))
    cut = next((n for n, pair in enumerate(order) if pair[1] is L.DISCRETIONARY), len(order))
    return order[:cut] + help_lanes + order[cut:]
