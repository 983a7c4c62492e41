"""The plain copy the model reads: the same values and methods as the validated scenario,
read-only, and without the attribute hook that made reading pydantic models slow."""

from pathlib import Path

import pytest
from pydantic import BaseModel

from sim.scenario.distributions import Exponential, LogNormal, Triangular
from sim.scenario.loading import load_scenario
from sim.scenario.plain import plain

SCENARIO = Path("scenarios/reference-separate.yaml")


def _same(original: object, copy: object, where: str) -> None:
    if isinstance(original, BaseModel):
        assert type(copy).__name__ == type(original).__name__, where
        assert not isinstance(copy, BaseModel), where
        for name in type(original).model_fields:
            _same(getattr(original, name), getattr(copy, name), f"{where}.{name}")
    elif isinstance(original, list | tuple):
        assert type(copy) is type(original) and len(copy) == len(original), where
        for n, (a, b) in enumerate(zip(original, copy, strict=True)):
            _same(a, b, f"{where}.{n}")
    elif isinstance(original, dict):
        assert list(copy) == list(original), where
        for key in original:
            _same(original[key], copy[key], f"{where}.{key}")
    else:
        assert copy == original, where


def test_every_value_of_a_bundled_scenario_is_copied():
    scenario = load_scenario(SCENARIO)
    _same(scenario, plain(scenario), "scenario")


def test_twins_have_no_getattr_hook():
    copy = plain(load_scenario(SCENARIO))
    for part in (
        copy,
        copy.practice,
        copy.staff[0],
        copy.staff[0].habits,
        copy.ic_work.claim_minutes,
    ):
        assert not any("__getattr__" in vars(klass) for klass in type(part).__mro__)


@pytest.mark.parametrize(
    "dist",
    [
        LogNormal(dist="lognormal", median=4.0, p90=11.0),
        Exponential(dist="exponential", mean=3.0),
        Triangular(dist="triangular", min=1.0, mode=2.0, max=6.0),
    ],
)
def test_distribution_twins_draw_and_describe_alike(dist):
    twin = plain(dist)
    for u in (0.0, 0.01, 0.37, 0.5, 0.93, 0.999999):
        assert twin.from_uniform(u) == dist.from_uniform(u)
        assert twin.cdf(u * 10) == dist.cdf(u * 10)
    assert twin.mean == dist.mean


def test_a_copy_is_read_only_and_the_original_unchanged():
    scenario = load_scenario(SCENARIO)
    copy = plain(scenario)
    with pytest.raises(AttributeError, match="read-only"):
        copy.horizon_days = 10
    assert copy.staff is not scenario.staff
    copy.staff.clear()
    assert scenario.staff


def test_a_copy_reads_changes_made_before_it():
    scenario = load_scenario(SCENARIO)
    scenario.interruptions.urgent_share = 0.9
    assert plain(scenario).interruptions.urgent_share == 0.9
