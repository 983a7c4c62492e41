"""The compare break-even reads the window's claims followed to their end (issue 23): their
cash less the cost of waiting for it and what the window's work cost. Nothing is credited for
A/R still owed at a share taken from other claims; claims open at the run-out's cap count as
nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.model.claim import Claim, ClaimState
from sim.model.kpis import cohort_net
from sim.model.ledger import cohort
from sim.model.office import Replication
from sim.outputs.comparison import comparison_markdown
from sim.outputs.exports import comparison_csv, differences_csv
from sim.scenario.schema import Scenario
from sim.study.comparison import NET, money_record
from sim.study.sweep import net_benefit
from tests.study.conftest import short_file

BASE_KPIS = {
    "cohort_collected_usd": 1000.0,
    "cohort_written_off_usd": 0.0,
    "cohort_unresolved_usd": 0.0,
    "cohort_collection_share": 0.95,
    "cohort_cash_wait_cost_usd": 0.0,
    "staff_cost_usd": 300.0,
    "outsourcing_fee_usd": 0.0,
    "replacement_cost_usd": 0.0,
}


def run(number: int, **kpis: float) -> Replication:
    values = {**BASE_KPIS, **kpis}
    return Replication(number, {**values, **cohort_net(values)}, None)


def option(scenario: Scenario, name: str, rate: float) -> Scenario:
    economics = scenario.economics.model_copy(update={"late_cash_annual_rate_share": rate})
    return scenario.model_copy(update={"name": name, "economics": economics})


def paid_claim(claim_id: int, service_day: float, paid_day: float, cents: int) -> Claim:
    claim = Claim(claim_id, claim_id, "p", service_day, cents, state=ClaimState.PAID)
    claim.paid_day, claim.paid_cents = paid_day, cents
    return claim


def test_cash_that_comes_sooner_costs_less_to_wait_for_and_nothing_at_a_zero_rate() -> None:
    early = cohort("c", [paid_claim(1, 0.0, 20.0, 100_000)], lambda c: c.service_day, 0.08)
    late = cohort("c", [paid_claim(1, 0.0, 200.0, 100_000)], lambda c: c.service_day, 0.08)
    assert 0 < early["c_cash_wait_cost_usd"] < late["c_cash_wait_cost_usd"]
    # $1,000 waited for 365 days at 10% costs $100.
    year = cohort("c", [paid_claim(1, 0.0, 365.0, 100_000)], lambda c: c.service_day, 0.10)
    assert year["c_cash_wait_cost_usd"] == pytest.approx(100.0)
    free = cohort("c", [paid_claim(1, 0.0, 200.0, 100_000)], lambda c: c.service_day, 0.0)
    assert free["c_cash_wait_cost_usd"] == 0


def test_a_claim_still_open_is_unresolved_and_brings_no_cash() -> None:
    still_open = Claim(2, 2, "p", 0.0, 50_000, state=ClaimState.DENIED)
    result = cohort("c", [paid_claim(1, 0.0, 30.0, 90_000), still_open], lambda c: 0.0, 0.08)
    assert result["c_collected_usd"] == 900.0
    assert result["c_unresolved_usd"] == 500.0
    assert result["c_collection_share"] == pytest.approx(900 / 1400)


def test_the_net_is_the_cohort_cash_less_waiting_and_costs() -> None:
    kpis = {**BASE_KPIS, "cohort_cash_wait_cost_usd": 25.0, "outsourcing_fee_usd": 70.0}
    assert cohort_net(kpis)[NET] == pytest.approx(1000.0 - 25.0 - 300.0 - 70.0)


def test_an_option_whose_claims_pay_sooner_comes_out_ahead(short_scenario: Scenario) -> None:
    scenarios = [option(short_scenario, "later", 0.08), option(short_scenario, "sooner", 0.08)]
    studies = {
        "later": [run(k, cohort_cash_wait_cost_usd=40.0 + k) for k in range(4)],
        "sooner": [run(k, cohort_cash_wait_cost_usd=10.0 + k) for k in range(4)],
    }
    money = money_record(scenarios, studies)
    diff = money["differences"]["sooner - later"]
    assert diff["cohort_collected_usd"]["mean"] == 0
    assert diff[NET]["mean"] == pytest.approx(30.0)
    assert money["late_cash_annual_rate"] == {"later": 0.08, "sooner": 0.08}


def test_money_still_owed_earns_no_credit(short_scenario: Scenario) -> None:
    """An option that leaves $500 of its claims unresolved is $500 worse, not evened out by
    a collectable share of what it is still owed."""
    scenarios = [option(short_scenario, "a", 0.0), option(short_scenario, "b", 0.0)]
    studies = {
        "a": [run(k) for k in range(3)],
        "b": [run(k, cohort_collected_usd=500.0, cohort_unresolved_usd=500.0) for k in range(3)],
    }
    diff = money_record(scenarios, studies)["differences"]["b - a"]
    assert diff[NET]["mean"] == pytest.approx(-500.0)
    assert not any("owed" in key or "collectable" in key for key in diff)


def test_a_caution_when_claims_were_left_unresolved(short_scenario: Scenario) -> None:
    from sim.outputs.money import reading

    scenarios = [option(short_scenario, "a", 0.0), option(short_scenario, "b", 0.0)]
    studies = {
        "a": [run(k) for k in range(3)],
        "b": [run(k, cohort_collected_usd=400.0, cohort_unresolved_usd=600.0) for k in range(3)],
    }
    sentences = reading("b - a", money_record(scenarios, studies)["differences"]["b - a"])
    assert len(sentences) == 2 and "worse off" in sentences[0]
    assert "b had $600 more" in sentences[1] and "counted as nothing" in sentences[1]
    plain = {"a": [run(k) for k in range(3)], "b": [run(k, staff_cost_usd=200.0) for k in range(3)]}
    assert len(reading("b - a", money_record(scenarios, plain)["differences"]["b - a"])) == 1


def record_of(short_scenario: Scenario) -> dict:
    scenarios = [option(short_scenario, "later", 0.08), option(short_scenario, "sooner", 0.08)]
    studies = {
        "later": [run(k, cohort_cash_wait_cost_usd=40.0 + k) for k in range(4)],
        "sooner": [run(k, cohort_cash_wait_cost_usd=10.0 + 2 * k) for k in range(4)],
    }
    return {
        "replications": 4,
        "seed": 1,
        "kpis": {name: {} for name in studies},
        "differences": {"sooner - later": {}},
        "money": money_record(scenarios, studies),
    }


def test_the_money_shows_in_the_markdown_and_both_csvs(short_scenario: Scenario) -> None:
    record = record_of(short_scenario)
    text = comparison_markdown(record)
    assert "## Money and break-even" in text and "8% a year" in text
    assert "cost of waiting for the cash" in text
    assert "still owed" not in text.lower()
    assert "sooner leaves the practice" in text and "better off than later" in text
    rows = list(csv.DictReader(io.StringIO(comparison_csv(record).decode())))
    assert [r["option"] for r in rows] == ["later", "sooner"]
    waiting = next(k for k in rows[0] if k.startswith("The window's claims: cost of waiting"))
    assert float(rows[0][waiting]) > float(rows[1][waiting]) > 0
    diffs = list(csv.DictReader(io.StringIO(differences_csv(record).decode())))
    net = next(r for r in diffs if r["kpi"] == NET)
    assert float(net["mean difference"]) > 0 and net["distinguishable from 0"] == "yes"


def test_compare_reports_the_break_even_on_the_cohort(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sim.outputs.charts.compare_charts", lambda _studies, _scenarios=(): {})
    out = tmp_path / "out"
    pair = [str(short_file(tmp_path, b, days=20)) for b in ("small-separate", "small-combined")]
    argv = ["compare", *pair, "--reps", "3"]
    assert main([*argv, "--jobs", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Money and break-even" in printed and "Net (window's claims)" in printed
    folder = out / "compare-small-separate-small-combined"
    record = json.loads((folder / "comparison.json").read_text())
    for money in record["money"]["options"].values():
        parts = {key: entry["mean"] for key, entry in money.items()}
        assert parts[NET] == pytest.approx(
            parts["cohort_collected_usd"]
            - parts["cohort_cash_wait_cost_usd"]
            - parts["staff_cost_usd"]
            - parts["outsourcing_fee_usd"]
            - parts["replacement_cost_usd"],
            abs=0.05,
        )
    assert "## Money and break-even" in (folder / "comparison.md").read_text()


def test_the_sweep_counts_unresolved_claims_as_lost_cash() -> None:
    def kpis(collected: float, written_off: float, unresolved: float) -> dict[str, float]:
        return {
            "staff_cost_usd": 100.0,
            "cohort_collected_usd": collected,
            "cohort_written_off_usd": written_off,
            "cohort_unresolved_usd": unresolved,
            "cohort_cash_wait_cost_usd": 0.0,
        }

    parts = net_benefit(kpis(9_000.0, 0.0, 0.0), kpis(6_000.0, 1_000.0, 2_000.0))
    assert parts["write_offs_avoided_usd"] == 1_000.0
    assert parts["unresolved_avoided_usd"] == 2_000.0
    assert parts["net_benefit_usd"] == pytest.approx(3_000.0)
    same = net_benefit(kpis(9_000.0, 0.0, 0.0), kpis(9_000.0, 0.0, 0.0))
    assert same["net_benefit_usd"] == 0
