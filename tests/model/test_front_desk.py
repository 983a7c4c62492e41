"""Interruptions the front desk takes are counted without events, and the split is paired.

Whether the front desk takes an interruption is drawn for every interruption, whatever its
share, so changing the share moves interruptions between the front desk and the office
manager without changing how many arrive (common random numbers). The ones the front desk
takes have no event of their own (they are counted when drawn), so this checks that the
counts still add up at the end of the run.
"""

from __future__ import annotations

from sim.model.office import simulate
from sim.scenario.schema import Scenario
from tests.model.conftest import bundled, with_changes


def om_interruptions(share: float) -> tuple[float, float, float]:
    """(reached the office manager, taken by the front desk, unanswered) over 20 days."""
    scenario: Scenario = bundled("reference-separate")
    practice = scenario.practice.model_dump(mode="json", by_alias=True)
    practice["front_desk"] = {"people": 1, "interruption_share": share}
    short = with_changes(scenario, horizon_days=20, practice=practice)
    kpis = simulate(short, 3, 0).kpis
    return (
        kpis["interruptions.om"],
        kpis["interruptions_front_desk.om"],
        kpis["interruptions_unanswered.om"],
    )


def test_the_front_desk_share_moves_interruptions_without_changing_how_many_arrive() -> None:
    nobody, none_taken, _ = om_interruptions(0.0)
    half, half_taken, _ = om_interruptions(0.5)
    everything, all_taken, all_unanswered = om_interruptions(1.0)
    assert none_taken == 0 and nobody > 20
    assert 0 < half < nobody and 0 < half_taken < nobody
    assert half + half_taken == nobody
    assert everything == 0 and all_unanswered == 0 and all_taken == nobody
