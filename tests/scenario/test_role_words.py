"""Each role has one set of plain words, kept in sim/scenario/role_words.yaml and read through
`sim.scenario.roles.role_words` by both `twohats check` and the report."""

from __future__ import annotations

import yaml

from sim.scenario.roles import ROLES, WORDS_FILE, role_words


def test_every_role_and_only_the_roles_have_words() -> None:
    words = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    assert set(words) == set(ROLES)
    assert all(isinstance(text, str) and text.strip() for text in words.values())


def test_a_role_reads_as_its_words_and_anything_else_as_itself() -> None:
    assert role_words("ic") == "insurance coordinator"
    assert role_words("front_desk") == "front_desk"
