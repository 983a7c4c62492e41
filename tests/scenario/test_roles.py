"""The roles' names and the Role type list the same roles, and the schema accepts each."""

from typing import get_args

from sim.scenario.roles import ROLES, Role
from sim.scenario.schema import Person


def test_every_role_has_a_name_and_every_name_is_a_role() -> None:
    assert sorted(ROLES) == sorted(get_args(Role))
    assert len(set(ROLES)) == len(ROLES)


def test_the_schema_takes_each_named_role() -> None:
    for role in ROLES:
        assert Person(name="someone", roles=[role]).roles == [role]
