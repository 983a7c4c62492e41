"""A visit's uniforms: every named position is its own, inside the block it belongs to."""

from sim.model.streams import VISIT_UNIFORMS
from sim.model.visit import PRIMARY_BLOCK, SECONDARY_BLOCK, C, U


def _positions(names: type) -> dict[str, int]:
    return {name: value for name, value in vars(names).items() if name.isupper()}


def test_visit_positions_are_distinct_and_outside_the_claim_blocks():
    positions = _positions(U)
    assert len(set(positions.values())) == len(positions)
    for name, index in positions.items():
        assert index < PRIMARY_BLOCK or SECONDARY_BLOCK + 16 <= index < VISIT_UNIFORMS, name


def test_claim_positions_are_distinct_and_fit_one_block():
    positions = _positions(C)
    assert len(set(positions.values())) == len(positions)
    assert all(0 <= index < SECONDARY_BLOCK - PRIMARY_BLOCK for index in positions.values())
