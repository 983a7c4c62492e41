"""Dotted scenario keys: one syntax read and set the same way by every command and page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sim.scenario import keys
from sim.scenario.loading import load_scenario
from sim.study import calibration
from sim.study.sweep import SweepError, apply, parse_axis

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data() -> dict[str, Any]:
    scenario = load_scenario(ROOT / "scenarios" / "reference-separate.yaml")
    return scenario.model_dump(mode="json", by_alias=True)


def _payer(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in data["payers"] if p["name"] == name)


def test_an_item_by_index_and_by_name_is_the_same_value(data: dict[str, Any]) -> None:
    where = [p["name"] for p in data["payers"]].index("state_medicaid")
    by_name = keys.read(data, "payers[name=state_medicaid].timely_filing_days")
    assert by_name == keys.read(data, f"payers.{where}.timely_filing_days")
    assert by_name == keys.read(data, f"payers[{where}].timely_filing_days")
    assert by_name == _payer(data, "state_medicaid")["timely_filing_days"]


def test_writing_by_name_changes_that_item_only(data: dict[str, Any]) -> None:
    before = {p["name"]: p["timely_filing_days"] for p in data["payers"]}
    paths = keys.write(data, "payers[name=state_medicaid].timely_filing_days", 91)
    assert len(paths) == 1 and paths[0].startswith("payers.")
    after = {p["name"]: p["timely_filing_days"] for p in data["payers"]}
    assert after["state_medicaid"] == 91
    assert {n: v for n, v in after.items() if n != "state_medicaid"} == {
        n: v for n, v in before.items() if n != "state_medicaid"
    }


def test_a_list_field_matches_the_items_holding_only_that_value(data: dict[str, Any]) -> None:
    spots = keys.locate(data, "staff[roles=ic].hours_per_day")
    ic_only = [i for i, p in enumerate(data["staff"]) if p["roles"] == ["ic"]]
    assert [s.path for s in spots] == [f"staff.{i}.hours_per_day" for i in ic_only]
    assert ic_only


def test_every_item_fans_out_with_each_items_name(data: dict[str, Any]) -> None:
    spots = keys.locate(data, "payers[].appeal_window_days")
    assert [s.label for s in spots] == [p["name"] for p in data["payers"]]
    classes = keys.locate(data, "practice.procedures.<class>.fee_usd")
    assert [s.label for s in classes] == list(data["practice"]["procedures"])
    with pytest.raises(keys.KeyPathError, match="names 4 values"):
        keys.read(data, "payers[].appeal_window_days")


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("practice.dentists", "practice has no key 'dentists'; allowed keys: providers"),
        ("practice.providers.9.count", "practice.providers is a list of 2; 9 is not an index"),
        ("payers[name=nobody].lost_share", "no item of payers has name nobody; it has large_ppo_a"),
        ("payers.lost_share", "payers is a list of 4; 'lost_share' is not an index"),
        ("horizon_days.x", "horizon_days is a single value"),
        (
            "payers[name].lost_share",
            r"cannot read \[name\]; a list item is \[0\] or \[field=value\]",
        ),
        ("payers..lost_share", "cannot read '' as part of a key"),
        ("practice[0]", "practice is a section, not a list"),
    ],
)
def test_a_bad_key_says_where_it_stopped_and_what_is_allowed(
    data: dict[str, Any], key: str, words: str
) -> None:
    with pytest.raises(keys.KeyPathError, match=words) as caught:
        keys.read(data, key)
    assert str(caught.value).startswith(key + ": ")


def test_writing_never_adds_a_key_unless_asked(data: dict[str, Any]) -> None:
    with pytest.raises(keys.KeyPathError, match="no key 'ic'"):
        keys.write(data, "staff.0.speed_factor.ic", 1.5)
    assert keys.write(data, "staff.0.speed_factor.ic", 1.5, add=True) == ["staff.0.speed_factor.ic"]
    assert data["staff"][0]["speed_factor"]["ic"] == 1.5


def test_the_assignment_splits_outside_the_brackets() -> None:
    axis = parse_axis("payers[name=state_medicaid].timely_filing_days=90,365")
    assert axis.key == "payers[name=state_medicaid].timely_filing_days"
    assert axis.values == (90, 365)
    fit = calibration.parse_fit("practice.providers[kind=dentist].visits_per_day=6..10")
    assert (fit.key, fit.low, fit.high) == (
        "practice.providers[kind=dentist].visits_per_day",
        6,
        10,
    )


def test_sweep_and_calibration_take_keys_by_name() -> None:
    scenario = load_scenario(ROOT / "scenarios" / "reference-separate.yaml")
    changed = apply(scenario, {"practice.providers[kind=dentist].count": 3})
    dentists = [p for p in changed.practice.providers if p.kind == "dentist"]
    assert [p.count for p in dentists] == [3]
    key = "payers[name=state_medicaid].appeal_window_days"
    medicaid = next(p for p in scenario.payers if p.name == "state_medicaid")
    assert calibration.current_value(scenario, key) == medicaid.appeal_window_days
    with pytest.raises(SweepError, match="no item of payers has name nobody"):
        apply(scenario, {"payers[name=nobody].lost_share": 0.1})


def test_every_form_key_parses_and_reaches_each_preset_that_has_it() -> None:
    """The what-if page walks the steps the build parses here; a key that reaches nothing in
    any bundled scenario is a typo."""
    form = yaml.safe_load((ROOT / "web" / "form.yaml").read_text(encoding="utf-8"))
    scenarios = [
        load_scenario(p).model_dump(mode="json", by_alias=True)
        for p in sorted((ROOT / "scenarios").glob("*.yaml"))
    ]
    for field in form["fields"]:
        steps = keys.as_json(field["key"])
        assert steps and all(len(step) == 1 for step in steps)
        assert keys.text(keys.parse(field["key"])) == field["key"]
        reached = [keys.locate(s, field["key"], missing_ok=True) for s in scenarios]
        assert any(reached), field["key"]
