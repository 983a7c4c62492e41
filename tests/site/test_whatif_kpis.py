"""The what-if page's KPIs come from the registry, checked without a browser.

Issue 27: the registry (sim/model/kpis.yaml) is the only description of a KPI; web/build.py
hands the page its `whatif` table as kpis.json, and the page keeps no list of its own.
Issue 23: the page's money is the window's claims followed to their end (the cohort), as on
the command line's break-even and the staffing page.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from sim import whatif
from sim.model.registry import registry
from sim.scenario.loading import load_scenario

ROOT = Path(__file__).resolve().parents[2]
PAGE_SCRIPT = ROOT / "docs" / "assets" / "javascripts" / "whatif.js"
BUILT = ROOT / "docs" / "assets" / "whatif" / "kpis.json"


def _web_build():
    spec = importlib.util.spec_from_file_location("web_build", ROOT / "web" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def described() -> list[dict]:
    return _web_build().kpi_descriptions()


@pytest.fixture(scope="module")
def replication() -> dict[str, float]:
    """The KPIs of one short replication of a bundled practice, as the page gets them."""
    scenario = load_scenario(ROOT / "scenarios" / "small-combined.yaml")
    data = scenario.model_dump(mode="json", by_alias=True) | {"horizon_days": 30}
    checked = json.loads(whatif.check(json.dumps(data), "small-combined"))["scenario"]
    return json.loads(whatif.replicate(json.dumps(checked), 1, 0))["kpis"]


def test_the_page_gets_the_registry_table_in_its_order(described: list[dict]) -> None:
    table = registry().table("whatif")
    assert [d["key"] for d in described] == [k.key for k in table]
    for entry, kpi in zip(described, table, strict=True):
        assert (entry["label"], entry["short_label"]) == (kpi.label, kpi.short_label)
        assert (entry["format"], entry["higher_is_worse"]) == (kpi.format, kpi.higher_is_worse)


def test_the_page_money_is_the_window_claims_followed_to_their_end(described: list[dict]) -> None:
    keys = [d["key"] for d in described]
    assert keys[:2] == ["cohort_net_after_staffing_usd", "cohort_collected_usd"]
    assert "cohort_written_off_usd" in keys
    window_money = {"net_collected_after_staffing_usd", "collected_usd", "written_off_usd"}
    assert not window_money & set(keys)


def test_every_kpi_the_page_shows_is_reported_by_a_replication(
    described: list[dict], replication: dict[str, float]
) -> None:
    missing = [d["key"] for d in described if d["key"] not in replication]
    assert not missing, missing


def test_the_cohort_net_adds_up_from_the_figures_the_answer_names(
    replication: dict[str, float],
) -> None:
    """The answer says: cash the claims brought in, less staffing costs and waiting."""
    staffing = sum(
        replication[k] for k in ("staff_cost_usd", "outsourcing_fee_usd", "replacement_cost_usd")
    )
    net = replication["cohort_collected_usd"] - staffing - replication["cohort_cash_wait_cost_usd"]
    assert replication["cohort_net_after_staffing_usd"] == pytest.approx(net, abs=0.011)


def _inside(value: float, entry: dict) -> bool:
    low = -float("inf") if entry["min"] is None else entry["min"]
    high = float("inf") if entry["max"] is None else entry["max"]
    return low <= value <= high


def test_bounds_follow_the_format_and_hold_for_a_replication(
    described: list[dict], replication: dict[str, float]
) -> None:
    for entry in described:
        if entry["format"] == "share":
            assert (entry["min"], entry["max"]) == (0, 1), entry
        else:
            assert entry["max"] is None, entry
        value = replication[entry["key"]]
        assert value is None or _inside(value, entry), (entry, value)


def test_a_net_amount_has_no_floor_because_it_can_be_below_zero(described: list[dict]) -> None:
    """An office that costs more than its claims bring in has a net below zero: the page must
    not clip that interval at zero, as it does an amount that cannot be negative."""
    scenario = load_scenario(ROOT / "scenarios" / "small-combined.yaml")
    data = scenario.model_dump(mode="json", by_alias=True) | {"horizon_days": 30}
    for person in data["staff"]:
        person["hourly_cost_usd"] = 500
    checked = json.loads(whatif.check(json.dumps(data), "dear"))["scenario"]
    kpis = json.loads(whatif.replicate(json.dumps(checked), 1, 0))["kpis"]
    by_key = {d["key"]: d for d in described}
    net = by_key["cohort_net_after_staffing_usd"]
    assert kpis[net["key"]] < 0
    assert net["min"] is None
    floored = [d["key"] for d in described if d["min"] == 0 and kpis[d["key"]] < 0]
    assert not floored, floored


def test_the_page_script_names_only_kpis_the_registry_hands_it() -> None:
    """The script keeps no KPI list: a KPI key it names (the answer's figures) is one of the
    registry's `whatif` table, so it arrives in kpis.json with its label and format."""
    named = set(re.findall(r'"([a-z0-9_.]+)"', PAGE_SCRIPT.read_text(encoding="utf-8")))
    registered = named & set(registry().kpis)
    assert registered, "the answer names its figures by their registry keys"
    assert registered <= set(registry().tables["whatif"]), registered - set(
        registry().tables["whatif"]
    )
    assert "const KPIS" not in PAGE_SCRIPT.read_text(encoding="utf-8")


def test_the_built_runtime_carries_the_registry_kpis(described: list[dict]) -> None:
    if not BUILT.is_file():
        pytest.skip("the what-if runtime is not built (python web/build.py)")
    assert json.loads(BUILT.read_text(encoding="utf-8")) == described
