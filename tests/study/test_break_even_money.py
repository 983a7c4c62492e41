"""The compare break-even counts cash collected sooner and the A/R still owed at the end
(issue 12 item 6): the value of timing at the scenario's rate, and what is owed times the
share of expected dollars the option turned into cash."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.model.daily import DailySeries
from sim.model.office import Replication
from sim.outputs.comparison import comparison_markdown
from sim.outputs.exports import comparison_csv, differences_csv
from sim.scenario.schema import Scenario
from sim.study.comparison import cash_timing_value, collectable_share, money_record
from tests.study.conftest import short_file

BASE_KPIS = {
    "collected_usd": 1000.0,
    "payer_adjustment_usd": 0.0,
    "written_off_usd": 0.0,
    "staff_cost_usd": 300.0,
    "outsourcing_fee_usd": 0.0,
    "replacement_cost_usd": 0.0,
    "net_collected_after_staffing_usd": 700.0,
    "outstanding_usd": 0.0,
}


def cash_days(payments: dict[int, float], days: int = 365) -> DailySeries:
    """Daily rows with `payments` (day -> dollars) of insurance cash and none on other days."""
    return DailySeries([{"day": d, "cash_usd": payments.get(d, 0.0)} for d in range(days)])


def run(number: int, payments: dict[int, float], **kpis: float) -> Replication:
    return Replication(number, {**BASE_KPIS, **kpis}, cash_days(payments))


def option(scenario: Scenario, name: str, rate: float) -> Scenario:
    economics = scenario.economics.model_copy(update={"late_cash_annual_rate_share": rate})
    return scenario.model_copy(update={"name": name, "economics": economics})


def test_cash_that_arrives_sooner_is_worth_more_and_nothing_at_a_zero_rate() -> None:
    early, late = cash_days({10: 1000.0}), cash_days({300: 1000.0})
    assert cash_timing_value(early, 0.08) > cash_timing_value(late, 0.08) > 0
    assert cash_timing_value(early, 0.0) == 0.0
    # A dollar held a whole year at 10% earns 10 cents.
    assert cash_timing_value(cash_days({0: 1.0}, days=366), 0.10) == pytest.approx(0.10)


def test_the_collectable_share_is_cash_over_what_was_closed() -> None:
    kpis = {**BASE_KPIS, "payer_adjustment_usd": 150.0, "written_off_usd": 100.0}
    assert collectable_share(kpis) == pytest.approx(1000 / 1250)
    assert collectable_share({**BASE_KPIS, "collected_usd": 0.0}) is None


def sooner_study(short_scenario: Scenario, rate: float) -> tuple[list[Scenario], dict]:
    """'sooner' collects the same total as 'later', 150 days earlier, at equal cost."""
    scenarios = [option(short_scenario, "later", rate), option(short_scenario, "sooner", rate)]
    studies = {
        "later": [run(k, {200 + k: 1000.0}) for k in range(4)],
        "sooner": [run(k, {50 + k: 1000.0}) for k in range(4)],
    }
    return scenarios, studies


def test_an_option_collecting_the_same_total_sooner_gets_a_positive_value(
    short_scenario: Scenario,
) -> None:
    money = money_record(*sooner_study(short_scenario, 0.08))
    diff = money["differences"]["sooner - later"]
    assert diff["collected_usd"]["mean"] == 0
    assert diff["cash_timing_value_usd"]["mean"] > 0
    assert diff["net_with_timing_and_owed_usd"]["mean"] == pytest.approx(
        diff["cash_timing_value_usd"]["mean"]
    )
    assert money["late_cash_annual_rate"] == {"later": 0.08, "sooner": 0.08}


def test_a_zero_rate_gives_timing_no_value(short_scenario: Scenario) -> None:
    money = money_record(*sooner_study(short_scenario, 0.0))
    diff = money["differences"]["sooner - later"]
    assert diff["cash_timing_value_usd"]["mean"] == 0
    assert diff["net_with_timing_and_owed_usd"]["mean"] == 0


def test_money_still_owed_at_the_end_counts_at_its_collectable_share(
    short_scenario: Scenario,
) -> None:
    scenarios = [option(short_scenario, "a", 0.0), option(short_scenario, "b", 0.0)]
    # b collects $400 less in the run, but is still owed $500 more, of which 80% is collectable.
    owed_b = {"collected_usd": 600.0, "payer_adjustment_usd": 150.0, "outstanding_usd": 500.0}
    owed_b["net_collected_after_staffing_usd"] = 300.0
    studies = {
        "a": [run(k, {}) for k in range(3)],
        "b": [run(k, {}, **owed_b) for k in range(3)],
    }
    money = money_record(scenarios, studies)
    b = money["options"]["b"]
    assert b["owed_collectable_share"]["mean"] == pytest.approx(0.8)
    assert b["owed_at_end_collectable_usd"]["mean"] == pytest.approx(400.0)
    diff = money["differences"]["b - a"]
    assert diff["owed_at_end_usd"]["mean"] == pytest.approx(500.0)
    # Net after staffing alone says b is $400 worse; counting what it is still owed evens it.
    assert diff["net_collected_after_staffing_usd"]["mean"] == pytest.approx(-400.0)
    assert diff["net_with_timing_and_owed_usd"]["mean"] == pytest.approx(0.0)


def record_of(short_scenario: Scenario) -> dict:
    scenarios, studies = sooner_study(short_scenario, 0.08)
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
    assert "Value of when the cash came in" in text
    assert "Insurance still owed at the end" in text
    assert "sooner leaves the practice" in text and "better off than later" in text
    rows = list(csv.DictReader(io.StringIO(comparison_csv(record).decode())))
    assert [r["option"] for r in rows] == ["later", "sooner"]
    timing = "Value of when the cash came in (at the scenario's yearly rate) (US dollars): mean"
    assert float(rows[1][timing]) > float(rows[0][timing]) > 0
    diffs = list(csv.DictReader(io.StringIO(differences_csv(record).decode())))
    net = next(r for r in diffs if r["kpi"] == "net_with_timing_and_owed_usd")
    assert float(net["mean difference"]) > 0 and net["distinguishable from 0"] == "yes"


def test_compare_reports_the_break_even_with_timing_and_owed(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr("sim.cli.charts.compare_charts", lambda _studies: {})  # not read here
    out = tmp_path / "out"
    pair = [str(short_file(tmp_path, b, days=20)) for b in ("small-separate", "small-combined")]
    argv = ["compare", *pair, "--reps", "3"]
    assert main([*argv, "--jobs", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Money and break-even" in printed and "Net incl. timing and owed" in printed
    folder = out / "compare-small-separate-small-combined"
    record = json.loads((folder / "comparison.json").read_text())
    for name, money in record["money"]["options"].items():
        parts = {key: entry["mean"] for key, entry in money.items()}
        assert parts["owed_at_end_usd"] == pytest.approx(
            record["kpis"][name]["outstanding_usd"]["mean"]
        )
        assert parts["net_with_timing_and_owed_usd"] == pytest.approx(
            parts["net_collected_after_staffing_usd"]
            + parts["cash_timing_value_usd"]
            + parts["owed_at_end_collectable_usd"],
            abs=0.05,
        )
    assert "## Money and break-even" in (folder / "comparison.md").read_text()


def test_the_sweep_counts_what_is_still_owed_at_its_write_off_share() -> None:
    from sim.study.sweep import AR_DOLLAR_DAYS, net_benefit

    def kpis(owed: float, written_off: float) -> dict[str, float]:
        return {
            "staff_cost_usd": 0.0,
            "written_off_usd": written_off,
            "collected_usd": 9_000.0 - written_off,
            "payer_adjustment_usd": 1_000.0,
            "outstanding_usd": owed,
            AR_DOLLAR_DAYS: 0.0,
        }

    # The other option writes off 10% of closed expected dollars and still owes $20,000 more.
    parts = net_benefit(kpis(0.0, 0.0), kpis(20_000.0, 1_000.0), rate=0.08)
    assert parts["owed_write_offs_avoided_usd"] == pytest.approx(2_000.0)
    assert parts["net_benefit_usd"] == pytest.approx(1_000.0 + 2_000.0)
    # Owing the same at the same write-off share changes nothing.
    same = net_benefit(kpis(5_000.0, 1_000.0), kpis(5_000.0, 1_000.0), rate=0.08)
    assert same["owed_write_offs_avoided_usd"] == 0 and same["net_benefit_usd"] == 0


def test_a_caution_when_what_is_still_owed_turns_the_answer_round(
    short_scenario: Scenario,
) -> None:
    from sim.outputs.money import reading

    scenarios = [option(short_scenario, "a", 0.0), option(short_scenario, "b", 0.0)]
    # b collects $400 less but is still owed $600 more at 80% collectable: +$80 with it.
    owed_b = {"collected_usd": 600.0, "payer_adjustment_usd": 150.0, "outstanding_usd": 600.0}
    owed_b["net_collected_after_staffing_usd"] = 300.0
    studies = {"a": [run(k, {}) for k in range(3)], "b": [run(k, {}, **owed_b) for k in range(3)]}
    parts = money_record(scenarios, studies)["differences"]["b - a"]
    sentences = reading("b - a", parts)
    assert len(sentences) == 2 and "better off" in sentences[0]
    assert "b is owed $600 more" in sentences[1] and "$400 worse off than a" in sentences[1]
    # When what is still owed does not change the answer, there is no caution.
    plain = money_record(*sooner_study(short_scenario, 0.08))["differences"]["sooner - later"]
    assert len(reading("sooner - later", plain)) == 1
