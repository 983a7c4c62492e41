"""The report's assumptions that matter most come from a sensitivity run on the practice's
own options: ranked by their measured effect on the net benefit of the option page one rests
on over the current staffing, with what to measure in the office first; the same bytes with
one worker or two; a bad --sensitivity-reps is refused before anything runs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from sim.cli import main
from sim.outputs import report as report_module
from tests.consultant.report_case import (
    CLIENT_OPTIONS,
    SCENARIOS,
    client_files,
    client_folder,
    report,
)

WAGE = "staff[].hourly_cost_usd"
REPS = "2"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A client whose coordinator would cost $300 an hour: the wages then decide the net
    benefit of hiring, far beyond anything else tried. The report written with 1 and 2 workers."""
    where = tmp_path_factory.mktemp("assumptions")
    files = client_files(where)
    hire = where / "hire.yaml"
    hire.write_text(
        hire.read_text() + "staff:\n"
        "  - {name: office_manager, roles: [om], hourly_cost_usd: 34}\n"
        "  - {name: insurance_coordinator, roles: [ic], hourly_cost_usd: 300}\n"
    )
    args = ["compare", *map(str, files), "--reps", "2", "--jobs", "1", "--seed", "7"]
    out = where / "out"
    assert main([*args, "--out", str(out), "--quiet", "--allow-root", str(SCENARIOS)]) == 0
    folder = out / f"compare-{'-'.join(CLIENT_OPTIONS)}"
    found = {}
    for jobs in ("1", "2"):
        page = where / f"report-{jobs}.html"
        assert report(folder, page, "--sensitivity-reps", REPS, "--jobs", jobs) == 0
        found[jobs] = page.read_text(encoding="utf-8")
    return found


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client's compare folder as report_case writes it."""
    return client_folder(tmp_path_factory.mktemp("plain"))


def _section(page: str) -> str:
    start = page.index('<section id="assumptions"')
    return page[start : page.index("</section>", start)]


def _rows(page: str) -> list[tuple[str, float]]:
    """Each ranked row's key and effect in dollars, in the order the table shows them."""
    body = _section(page).split("<tbody>")[1]
    found = []
    for row in body.split("</tr>")[:-1]:
        key = re.search(r'<span class="key">([^<]+)</span>', row).group(1)
        effect = re.search(r"<td class=\"effect\">\$([\d,]+) ", row).group(1)
        found.append((html.unescape(key), float(effect.replace(",", ""))))
    return found


def test_one_or_two_workers_write_the_same_report(pages: dict[str, str]) -> None:
    assert pages["1"] == pages["2"]


def test_the_input_that_dominates_ranks_first_and_the_rest_follow_their_effects(
    pages: dict[str, str],
) -> None:
    rows = _rows(pages["1"])
    assert len(rows) == len(report_module.settings()["assumptions"])
    assert rows[0][0] == WAGE  # eighth in report.yaml's order: ranked, not listed
    effects = [effect for _key, effect in rows]
    assert effects == sorted(effects, reverse=True)
    assert effects[0] > 10 * effects[1]
    section = html.unescape(_section(pages["1"]))
    wage_row = section.split("<tbody>")[1].split("</tr>")[0]
    assert f"higher favours {CLIENT_OPTIONS['as-now']}" in wage_row  # dearer staff, two people
    assert "within chance" not in wage_row


def test_the_report_says_what_was_run_and_what_to_measure_first(pages: dict[str, str]) -> None:
    section = html.unescape(_section(pages["1"]))
    assert f"{REPS} replications a setting" in section
    assert f"twohats report compare-hire-as-now --sensitivity-reps {REPS}</code>" in pages["1"]
    assert f"net benefit of {CLIENT_OPTIONS['hire']} over {CLIENT_OPTIONS['as-now']}" in section
    assert "Each person's hourly wage, is not measured in the office" in section
    advice = re.findall(r'<p class="advice"><strong>(.*?)</strong></p>', section, re.S)
    named = {
        item["key"]: item["words"]
        for item in report_module.settings()["assumptions"]
        if item.get("measure")
    }
    # The largest measurable effect beyond chance, else the largest measurable one.
    body = section.split("<tbody>")[1].split("</tr>")[:-1]
    clear = {
        key
        for (key, _e), row in zip(_rows(pages["1"]), body, strict=True)
        if "within chance" not in row
    }
    measurable = [key for key, _e in _rows(pages["1"]) if key in named]
    first_measurable = next((key for key in measurable if key in clear), measurable[0])
    assert len(advice) == 2
    assert named[first_measurable] in advice[1]
    assert "measure it first" in advice[1] or advice[1].startswith("Measure first")


def _measured(effects: dict[str, tuple[float, bool]]) -> dict:
    """A sensitivity record with these (effect, beyond chance) by key, ranked by effect."""
    ranked = sorted(effects.items(), key=lambda item: -item[1][0])
    inputs = [
        {
            "key": key,
            "rank": rank,
            "mu_star_usd": effect,
            "mu_star_conf_usd": effect / 10,
            "mu_usd": -effect,
            "beyond_noise": clear,
        }
        for rank, (key, (effect, clear)) in enumerate(ranked, start=1)
    ]
    return {
        "options": list(CLIENT_OPTIONS),
        "trajectories": 3,
        "settings": 30,
        "replications": 4,
        "seed": 7,
        "benefit_low_usd": -900.0,
        "benefit_high_usd": 1200.0,
        "inputs": inputs,
    }


def test_measure_first_is_the_largest_clear_input_the_office_can_measure(plain: Path) -> None:
    folder = report_module.read_folder(plain)
    effects = {item["key"]: (10.0, False) for item in report_module.settings()["assumptions"]}
    effects["economics.late_cash_annual_rate_share"] = (5000.0, True)  # known, not measured
    effects["ic_work.claim_minutes"] = (3000.0, True)
    effects["om_work.interruptions_per_hour"] = (4000.0, False)  # larger, but within chance
    section = report_module.assumption_section(folder, _measured(effects), trusted=False)
    assert [r["key"] for r in section["rows"]][:3] == [
        "economics.late_cash_annual_rate_share",
        "om_work.interruptions_per_hour",
        "ic_work.claim_minutes",
    ]
    known, first = section["advice"]
    assert "Yearly cost of waiting for cash" in known
    assert first.startswith("Measure first in the office: Time to prepare and send one claim")
    assert "$3,000" in first
    assert any("changed sign" in s for s in section["sentences"])  # -$900 to +$1,200


def test_with_nothing_clear_the_largest_measurable_input_is_named(plain: Path) -> None:
    folder = report_module.read_folder(plain)
    effects = {item["key"]: (10.0, False) for item in report_module.settings()["assumptions"]}
    effects["payers[].clinical_denial_share"] = (700.0, False)
    (advice,) = report_module.assumption_section(folder, _measured(effects), trusted=False)[
        "advice"
    ]
    assert "no input that can be measured in the office moved the net benefit" in advice
    assert "Share of correct claims each payer denies for coverage reasons" in advice


@pytest.mark.parametrize(("low", "high"), [(-900.0, 1200.0), (300.0, 1200.0)])
def test_the_section_says_what_page_one_says(plain: Path, low: float, high: float) -> None:
    """With no calibration page one gives a direction only, so the assumptions section has no
    recommendation to turn round: it says page one gives a direction only. Where the model
    reproduces the books, it speaks of the recommendation."""
    folder = report_module.read_folder(plain)
    effects = {item["key"]: (10.0, False) for item in report_module.settings()["assumptions"]}
    measured = {**_measured(effects), "benefit_low_usd": low, "benefit_high_usd": high}
    page = html.unescape(report_module.report_html(folder, measured))
    assert "<strong>Direction only.</strong>" in page
    section = _section(page)
    assert "recommendation round" not in section
    assert "Page one gives a direction only" in section or "gives a direction only" in section
    assert "no dollar recommendation" in section
    trusted = report_module.assumption_section(folder, measured, trusted=True)["sentences"]
    assert any("the recommendation round" in sentence for sentence in trusted)
    assert not any("direction only" in sentence for sentence in trusted)


def test_left_out_the_inputs_are_listed_unranked_and_say_so(plain: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert report(plain, out) == 0  # the helper gives --sensitivity-reps 0
    section = html.unescape(_section(out.read_text(encoding="utf-8")))
    assert "written with --sensitivity-reps 0" in section
    assert "not ranked" in section
    assert "Effect on the net benefit" not in section


@pytest.mark.parametrize(
    ("given", "allowed"),
    [("-1", "0 (leave the ranking out) or more"), ("two", "whole number"), ("101", "at most 100")],
)
def test_a_bad_sensitivity_reps_is_refused_before_anything_runs(
    plain: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str, allowed: str
) -> None:
    out = tmp_path / "r.html"
    with pytest.raises(SystemExit) as stop:
        main(["report", str(plain), "--out", str(out), "--sensitivity-reps", given])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--sensitivity-reps" in err and allowed in err and given in err
    assert "Traceback" not in err
    assert not out.exists()


def test_a_practice_whose_range_breaks_the_scenario_is_told_how_to_go_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Claims sent with an error 60% of the time: doubling that is no share, so the ranking
    cannot be run; the error names the input and the way out, and nothing is written."""
    files = client_files(tmp_path)
    practice = tmp_path / "practice.yaml"
    practice.write_text(practice.read_text() + "ic_work:\n  claim_error_share: 0.6\n")
    args = ["compare", *map(str, files), "--reps", "2", "--jobs", "1", "--seed", "7"]
    out = tmp_path / "out"
    assert main([*args, "--out", str(out), "--quiet", "--allow-root", str(SCENARIOS)]) == 0
    capsys.readouterr()
    page = tmp_path / "r.html"
    folder = out / f"compare-{'-'.join(CLIENT_OPTIONS)}"
    assert report(folder, page, "--sensitivity-reps", "2") == 2
    err = capsys.readouterr().err
    assert "ic_work.claim_error_share x 2" in err and "--sensitivity-reps 0" in err
    assert "Traceback" not in err
    assert not page.exists()
