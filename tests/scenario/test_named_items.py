"""A restated list of named items (payers, providers, duties, events) merges by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from sim.scenario.loading import ScenarioError, load_scenario
from sim.scenario.schema import Payer, Scenario

STAFF = [{"name": "office_manager", "roles": ["om", "ic"]}]


def _defaults() -> Scenario:
    return Scenario(staff=[])


def _load(tmp_path: Path, data: dict[str, Any], name: str = "client.yaml") -> Scenario:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"staff": STAFF, **data}))
    return load_scenario(path)


def _payers_restated(changes: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Every default payer by name and share only, with the given fields changed."""
    return [
        {"name": p.name, "patient_share": p.patient_share, **changes.get(p.name, {})}
        for p in _defaults().payers
    ]


def test_restating_payers_to_change_one_share_keeps_medicaids_limits(tmp_path: Path) -> None:
    """The case that once reset state_medicaid to the generic payer: timely filing 180 -> 365,
    appeal window 90 -> 180, pays-last off."""
    medicaid = next(p for p in _defaults().payers if p.name == "state_medicaid")
    generic = Payer.model_fields
    assert medicaid.timely_filing_days != generic["timely_filing_days"].default
    assert medicaid.appeal_window_days != generic["appeal_window_days"].default
    assert medicaid.pays_last != generic["pays_last"].default

    payers = _payers_restated({"large_ppo_a": {"clinical_denial_share": 0.09}})
    loaded = {p.name: p for p in _load(tmp_path, {"payers": payers}).payers}

    assert loaded["state_medicaid"] == medicaid
    assert loaded["large_ppo_a"].clinical_denial_share == 0.09
    others = {n for n in loaded if n != "large_ppo_a"}
    assert all(loaded[n] == p for p in _defaults().payers if (n := p.name) in others)


def test_a_restated_payer_keeps_the_fields_it_does_not_give(tmp_path: Path) -> None:
    payers = _payers_restated({"state_medicaid": {"clinical_denial_share": 0.2}})
    loaded = {p.name: p for p in _load(tmp_path, {"payers": payers}).payers}
    medicaid = next(p for p in _defaults().payers if p.name == "state_medicaid")
    assert loaded["state_medicaid"].clinical_denial_share == 0.2
    assert loaded["state_medicaid"].model_copy(update={"clinical_denial_share": 0.03}) == (
        medicaid.model_copy(update={"clinical_denial_share": 0.03})
    )


def test_a_payer_left_out_is_dropped_and_a_new_name_is_added(tmp_path: Path) -> None:
    kept = [p for p in _defaults().payers if p.name != "state_medicaid"]
    medicaid_share = 1.0 - sum(p.patient_share for p in kept)
    payers = [{"name": p.name, "patient_share": p.patient_share} for p in kept]
    payers.append({"name": "county_plan", "patient_share": medicaid_share})
    loaded = _load(tmp_path, {"payers": payers}).payers
    assert [p.name for p in loaded] == [p.name for p in kept] + ["county_plan"]
    county = loaded[-1]
    assert county.timely_filing_days == Payer.model_fields["timely_filing_days"].default
    assert county.pays_last is Payer.model_fields["pays_last"].default


def test_a_restated_payer_list_that_no_longer_sums_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="payers"):
        _load(tmp_path, {"payers": [{"name": "large_ppo_a", "timely_filing_days": 90}]})


def test_providers_merge_by_kind(tmp_path: Path) -> None:
    loaded = _load(tmp_path, {"practice": {"providers": [{"kind": "dentist", "count": 3}]}})
    dentist = next(p for p in _defaults().practice.providers if p.kind == "dentist")
    assert [(p.kind, p.count) for p in loaded.practice.providers] == [("dentist", 3)]
    assert loaded.practice.providers[0].visits_per_day == dentist.visits_per_day


def test_a_file_that_extends_another_merges_its_payers_by_name(tmp_path: Path) -> None:
    payers = _payers_restated({"regional_plan": {"timely_filing_days": 120}})
    _load(tmp_path, {"payers": payers}, "base.yaml")
    child = tmp_path / "child.yaml"
    child.write_text(
        yaml.safe_dump(
            {
                "extends": "base.yaml",
                "payers": _payers_restated({"large_ppo_b": {"lost_share": 0.05}}),
            }
        )
    )
    loaded = {p.name: p for p in load_scenario(child).payers}
    assert loaded["large_ppo_b"].lost_share == 0.05
    assert loaded["regional_plan"].timely_filing_days == 120


def test_a_distribution_of_another_kind_replaces_the_default(tmp_path: Path) -> None:
    payers = _payers_restated(
        {"state_medicaid": {"adjudication_days": {"dist": "fixed", "value": 21}}}
    )
    loaded = {p.name: p for p in _load(tmp_path, {"payers": payers}).payers}
    assert loaded["state_medicaid"].adjudication_days.model_dump()["dist"] == "fixed"
