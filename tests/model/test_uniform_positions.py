"""A visit's uniforms: every named position is its own, inside the block it belongs to."""

import pytest

from sim.model.visit import (
    CLAIM_UNIFORMS,
    PRIMARY_BLOCK,
    SECONDARY_BLOCK,
    VISIT_UNIFORMS,
    C,
    U,
    layout_size,
)


def _positions(names: type) -> dict[str, int]:
    return {name: value for name, value in vars(names).items() if name.isupper()}


def test_visit_positions_are_distinct_and_before_the_claim_blocks():
    positions = _positions(U)
    assert len(set(positions.values())) == len(positions)
    assert all(0 <= index < PRIMARY_BLOCK for index in positions.values())


def test_claim_positions_are_distinct_and_fit_one_block():
    positions = _positions(C)
    assert len(set(positions.values())) == len(positions)
    assert all(0 <= index < SECONDARY_BLOCK - PRIMARY_BLOCK for index in positions.values())
    assert SECONDARY_BLOCK + CLAIM_UNIFORMS == VISIT_UNIFORMS


def test_the_layout_refuses_a_shared_or_outlying_position():
    class Shared:
        ONE = 3
        OTHER = 3

    class Outside:
        LAST = 20

    with pytest.raises(ValueError, match="share position 3"):
        layout_size(Shared, 20)
    with pytest.raises(ValueError, match="outside its block of 20"):
        layout_size(Outside, 20)
