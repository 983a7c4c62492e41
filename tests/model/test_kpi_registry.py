"""The KPI registry (sim/model/kpis.yaml) and the KPI step that merges the parts' results.

A KPI the registry names must be one a replication reports and a figure a replication
reports must be named there (a KPI, a person's KPI or a recorded figure); every write-off
reason needs an entry, a malformed entry is refused with its key path, and two parts may not
report the same KPI.
"""

from __future__ import annotations

import copy

import pytest
import yaml

from sim.model.kpis import REASONS, merge
from sim.model.registry import REGISTRY_FILE, RegistryError, parse, registry
from tests.model.conftest import bundled, run_office


@pytest.fixture(scope="module")
def reported() -> dict[str, float]:
    """The KPIs of one replication of a bundled scenario with outsourcing and turnover."""
    return run_office(bundled("reference-outsourced")).kpis()


def test_every_registered_kpi_is_reported(reported: dict[str, float]) -> None:
    missing = [key for key in (*registry().kpis, *registry().recorded) if key not in reported]
    assert not missing, f"in kpis.yaml but not reported by a replication: {missing}"
    stems = {key.partition(".")[0] for key in reported if "." in key}
    unused = sorted(set(registry().people) - stems)
    assert not unused, f"people's KPIs in kpis.yaml no replication reports: {unused}"


def test_every_reported_kpi_is_registered(reported: dict[str, float]) -> None:
    """Issue 27: a figure a replication reports is named in kpis.yaml (a KPI, a person's KPI
    or a recorded figure), so a new one cannot reach the results files unnamed."""
    unnamed = registry().unnamed(reported)
    assert not unnamed, f"reported by a replication but not in kpis.yaml: {unnamed}"


def test_a_new_figure_is_caught_unnamed() -> None:
    keys = ["visits", "utilization.front_desk", "claims_lost_in_the_mail", "utilization"]
    keys += ["visits_per_hour.front_desk", "claims_open.lost", "claims_open.vanished"]
    assert registry().unnamed(keys) == [
        "claims_lost_in_the_mail",
        "utilization",
        "visits_per_hour.front_desk",
        "claims_open.vanished",
    ]


def test_every_write_off_reason_has_an_entry() -> None:
    stems = ("written_off_usd", "cohort_written_off_usd", "opening_cohort_written_off_usd")
    missing = [f"{s}.{r}" for s in stems for r in REASONS if f"{s}.{r}" not in registry().kpis]
    assert not missing, missing


def test_headline_kpis_have_a_direction_and_the_command_uses_them() -> None:
    from sim.cli.common import HEADLINE

    assert registry().headline == HEADLINE
    assert len(HEADLINE) >= 8
    assert all(registry().kpis[k].higher_is_worse is not None for k in HEADLINE)
    assert registry().kpis["collected_usd"].higher_is_worse is False


def test_unregistered_keys_read_by_their_name() -> None:
    assert registry().format_of("utilization.front_desk") == "share"
    assert registry().format_of("overtime_hours.front_desk") == "hours"
    assert registry().label_of("utilization.office_manager") == "Utilisation: office manager"
    assert registry().label_of("quits.office_manager") == "Quits: office manager"
    assert registry().format_of("strain_hours.office_manager") == "hours"
    assert registry().format_of("expected_quits.office_manager") == "count"


def _raw() -> dict:
    return yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["kpis"]["days_in_ar"].update(format="percent"), "kpis.days_in_ar.format"),
        (lambda d: d["kpis"]["denial_rate"].pop("formula"), "kpis.denial_rate"),
        (lambda d: d["kpis"]["denial_rate"]["formula"].pop("denominator"), "formula"),
        (lambda d: d["kpis"]["days_in_ar"].update(higher_is_worse=None), "higher_is_worse"),
        (lambda d: d["tables"]["staffing"].append("no_such_kpi"), "tables.staffing[9]"),
        (lambda d: d["kpis"]["days_in_ar"].update(near_zero=0), "kpis.days_in_ar.near_zero"),
        (lambda d: d["kpis"]["days_in_ar"].update(near_zero="1"), "kpis.days_in_ar.near_zero"),
        (lambda d: d["kpis"]["quits"].update(can_be_negative="yes"), "quits.can_be_negative"),
        (lambda d: d["harm"]["points"].update(some=0.2), "harm.points"),
        (lambda d: d["recorded"].update(quits={"label": "Q", "unit": "people"}), "recorded.quits"),
        (lambda d: d["recorded"]["visits"].pop("unit"), "recorded.visits"),
        (lambda d: d["people"]["quits"].update(label="Quits"), "people.quits.label"),
        (lambda d: d["people"]["quits"].update(format="people"), "people.quits.format"),
        (lambda d: d["harm"]["cash"].update(kpi="quits"), "harm.cash.kpi"),
        (lambda d: d["harm"]["relative"].update(great=-1), "harm.relative.great"),
        (
            lambda d: d["harm"]["words"]["some"].update(heading="{relative} worse"),
            "harm.words.some.heading",
        ),
        (lambda d: d["harm"]["words"].pop("great"), "harm.words"),
    ],
)
def test_malformed_registry_is_refused_with_its_key_path(change, where: str) -> None:
    data = copy.deepcopy(_raw())
    change(data)
    with pytest.raises(RegistryError, match=where.replace("[", r"\[").replace("]", r"\]")):
        parse(data)


def test_only_a_net_amount_can_be_negative() -> None:
    """The what-if page floors every other KPI's interval at zero (web/build.py's bounds)."""
    negative = {k for k, kpi in registry().kpis.items() if kpi.can_be_negative}
    assert negative == {"net_collected_after_staffing_usd", "cohort_net_after_staffing_usd"}
    assert all(registry().kpis[k].format == "usd" for k in negative)


def test_near_zero_scales_are_each_kpis_own_unit() -> None:
    """A share's near-zero scale is a point or two, a dollar amount's at least a dollar."""
    for kpi in registry().kpis.values():
        if kpi.format == "share":
            assert kpi.near_zero <= 0.05, kpi.key
        elif kpi.format == "usd" and kpi.near_zero > 1e-6:
            assert kpi.near_zero >= 1.0, kpi.key
    assert registry().near_zero_of("utilization.front_desk") < 1e-6


def test_a_kpi_reported_by_two_parts_is_refused() -> None:
    with pytest.raises(ValueError, match="visits"):
        merge([{"visits": 1}, {"visits": 2, "no_shows": 0}])


def test_money_kpis_add_up(reported: dict[str, float]) -> None:
    spent = (
        reported["staff_cost_usd"]
        + reported["outsourcing_fee_usd"]
        + reported["replacement_cost_usd"]
    )
    assert reported["outsourcing_fee_usd"] > 0
    assert reported["net_collected_after_staffing_usd"] == pytest.approx(
        reported["collected_usd"] - spent, abs=0.011
    )
