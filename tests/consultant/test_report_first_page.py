"""The report's first page is the answer a dentist acts on: the client's name in the title,
the recommendation from each option's paired cohort net against the current staffing, the
three figures that matter, and whether the model reproduces the practice's books, with a
figure nothing reproduces named first. A model not shown to reproduce the books (its fit
fails, or no calibration was given) leads with that, and gives the direction only, on the
operating figures, with no dollar recommendation; the books' collections are set beside the
simulated ones as a check."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from sim.cli import main
from sim.model.registry import registry
from sim.outputs.money import NET
from sim.outputs.report import settings
from sim.outputs.report_calibration import calibration_verdict
from sim.outputs.text import mean_ci, number
from tests.consultant.report_case import (
    BOOKS_COLLECTED,
    CLIENT,
    CLIENT_OPTIONS,
    LOST,
    SCENARIOS,
    client_files,
    client_folder,
    fit_folder,
    report,
)
from tests.consultant.test_report import Page

HIRE, AS_NOW = CLIENT_OPTIONS["hire"], CLIENT_OPTIONS["as-now"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, str]]:
    """One comparison's report three ways: with a fit that fails, one that fits, and none."""
    where = tmp_path_factory.mktemp("client")
    folder = client_folder(where)
    record = json.loads((folder / "comparison.json").read_text())
    record["observed"] = json.loads((folder / "observed.json").read_text())["rows"]
    written = {}
    for name, extra in (
        ("misfit", ["--calibration", str(fit_folder(where / "misfit"))]),
        ("fits", ["--calibration", str(fit_folder(where / "fits", fits=True))]),
        ("none", []),
    ):
        out = where / f"{name}.html"
        assert report(folder, out, *extra) == 0
        written[name] = (record, out.read_text(encoding="utf-8"))
    return written


@pytest.fixture(scope="module")
def case(reports: dict[str, tuple[dict, str]]) -> tuple[dict, str]:
    """The report whose calibration does not fit."""
    return reports["misfit"]


@pytest.fixture(scope="module")
def fitted(reports: dict[str, tuple[dict, str]]) -> tuple[dict, str]:
    """The report whose calibration fits."""
    return reports["fits"]


@pytest.fixture(scope="module")
def page(case: tuple[dict, str]) -> Page:
    return Page(case[1])


@pytest.fixture(scope="module")
def fitted_page(fitted: tuple[dict, str]) -> Page:
    return Page(fitted[1])


def _first_page(html: str) -> str:
    """The text of the header and the answer section, tags dropped."""
    start, end = html.index("<header>"), html.index('<section id="practice"')
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html[start:end])).split())


def test_the_title_is_the_client_s_name_never_a_file_name(case: tuple[dict, str]) -> None:
    html = case[1]
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert title == heading == f"Staffing options for {CLIENT}"
    first = _first_page(html)
    for name in CLIENT_OPTIONS:  # the option files' names are for the rerun command only
        assert not re.search(rf"\b{re.escape(name)}\b(?!-)", first.replace(AS_NOW, "")), name
    assert HIRE in first and AS_NOW in first


def test_every_option_is_measured_against_the_current_staffing(case: tuple[dict, str]) -> None:
    record = case[0]
    assert list(record["differences"]) == ["hire - as-now"]  # as-now is marked current
    assert list(record["money"]["differences"]) == ["hire - as-now"]


def test_the_recommendation_reads_the_cohort_net_against_current(
    fitted: tuple[dict, str], fitted_page: Page
) -> None:
    record, page = fitted[0], fitted_page
    net = record["money"]["differences"]["hire - as-now"][NET]
    sentence = next(p for p in page.paragraphs if p.startswith("Recommendation."))
    amount = number("usd", abs(net["mean"]))
    words = settings()["answer"]
    if net["distinguishable"] and net["mean"] > 0:
        opening = words["better"].split("{")[0] + HIRE
    elif net["distinguishable"]:
        opening = words["keep"].split("{")[0] + AS_NOW
    else:
        opening = words["unclear"].split("{")[0] + AS_NOW
        amount = number("usd", net["mean"], signed=True)
    assert sentence.removeprefix("Recommendation. ").startswith(opening)
    assert (
        amount in sentence and f"over the {record['scenarios'][0]['horizon_days']} days" in sentence
    )


def test_the_three_figures_are_the_record_s_cohort_money_and_duties(
    fitted: tuple[dict, str], fitted_page: Page
) -> None:
    record, money, page = fitted[0], fitted[0]["money"], fitted_page
    header = next(cells for where, cells in page.rows if where == "answer")
    assert header[1:] == [f["label"] for f in settings()["answer"]["figures"]]
    assert header[1].startswith("Net from the year's insurance claims")
    current = page.row("answer", f"{AS_NOW}current staffing")
    assert current[0] == mean_ci(money["options"]["as-now"][NET], "usd")
    assert current[1] == mean_ci(money["options"]["as-now"]["cohort_collected_usd"], "usd")
    hire = page.row("answer", f"{HIRE}against current")
    difference = money["differences"]["hire - as-now"][NET]
    assert hire[0].startswith(mean_ci(difference, "usd", signed=True))
    late = record["differences"]["hire - as-now"]["om_tasks_late"]
    assert hire[2].startswith(mean_ci(late, "count", signed=True))


def test_the_calibration_verdict_names_what_nothing_reproduces_first(
    case: tuple[dict, str], page: Page
) -> None:
    first = _first_page(case[1])
    assert "Does the model look like this office? The model does not reproduce" in first
    lost = next(i for i in page.items if "reproduces" in i)
    assert lost.startswith(f"Nothing in the ranges searched reproduces {LOST}: 120 on the books")
    assert first.index(LOST) < first.index(settings()["verdict"]["distrust"][:40])


def _answer_text(first: str) -> str:
    """Page one after the title and subtitle: what the answer section says, in order."""
    return first[first.index("The answer") :]


@pytest.mark.parametrize("calibration", ["misfit", "none"])
def test_a_model_not_shown_to_fit_leads_with_that_and_gives_the_direction_only(
    reports: dict[str, tuple[dict, str]], calibration: str
) -> None:
    record, html = reports[calibration]
    answer = _answer_text(_first_page(html))
    verdict = settings()["verdict"]
    headline = verdict["does_not_fit" if calibration == "misfit" else "unchecked"]
    lead = "Does the model look like this office? " + headline.split("{")[0]
    assert answer.removeprefix("The answer ").startswith(lead)
    # nothing about money comes before the verdict and what it means
    meaning = verdict["distrust" if calibration == "misfit" else "unchecked_meaning"]
    assert "$" not in answer[: answer.index(meaning) + len(meaning)]
    assert "Recommendation." not in answer and "Direction only." in answer
    # no dollar figure of any option's money on page one: its table is the operating figures
    page = Page(html)
    header = next(cells for where, cells in page.rows if where == "answer")
    assert header[1:] == [f["label"] for f in settings()["answer"]["operating"]]
    net = record["money"]["differences"]["hire - as-now"][NET]
    for figure in (mean_ci(net, "usd", signed=True), number("usd", abs(net["mean"]))):
        assert figure not in answer
    # the direction is read from the operating figures' clear differences
    lag = record["differences"]["hire - as-now"]["claim_lag_days_mean"]
    hire = page.row("answer", f"{HIRE}against current")
    assert hire[0].startswith(mean_ci(lag, "days", signed=True))


def test_the_books_collections_are_set_beside_the_simulated_ones(
    reports: dict[str, tuple[dict, str]],
) -> None:
    record, html = reports["misfit"]
    answer = _answer_text(_first_page(html))
    books = next(r for r in record["observed"] if r["option"] == "as-now")
    check = next(s for s in answer.split(". ") if "on the books" in s and "collects" in s)
    assert books["observed"] == BOOKS_COLLECTED
    assert f"collects {number('usd', books['simulated'])} of insurance" in check
    assert f"in the 30 days to day 20, against {number('usd', BOOKS_COLLECTED)}" in check
    days = record["scenarios"][0]["horizon_days"]
    year = record["kpis"]["as-now"]["collected_usd"]["mean"]
    assert f"over the {days} days it collects {number('usd', year / days * 30)} a month" in check
    assert answer.index("on the books") < answer.index("Direction only.")


def test_a_model_that_fits_leads_with_the_recommendation(fitted: tuple[dict, str]) -> None:
    answer = _answer_text(_first_page(fitted[1]))
    assert answer.removeprefix("The answer ").startswith("Recommendation.")
    assert "Direction only." not in answer
    assert answer.index("Recommendation.") < answer.index("Does the model look like")
    assert "The model reproduces the practice's books" in answer


def test_dates_come_from_the_books_as_of_day(case: tuple[dict, str]) -> None:
    html = case[1]
    assert "open claims as of 31 Mar 2025" in html
    assert "Year 1 (31 Mar 2025 to 9 May 2025)" in html  # 40 days from day 0


def test_two_options_marked_current_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = client_files(tmp_path)
    (tmp_path / "also.yaml").write_text("extends: as-now.yaml\nlabel: Overtime\n")
    args = ["compare", *map(str, files), str(tmp_path / "also.yaml"), "--reps", "1"]
    capsys.readouterr()
    status = main([*args, "--out", str(tmp_path / "out"), "--allow-root", str(SCENARIOS)])
    error = capsys.readouterr().err
    assert status == 2 and "as-now, also" in error and "set current: false" in error
    assert "Traceback" not in error and not (tmp_path / "out").exists()


def test_the_subtitle_names_the_practice_not_an_option_s_description(
    case: tuple[dict, str],
) -> None:
    record, html = case
    lead = unescape(re.search(r'<p class="lead">(.*?)</p>', html).group(1))
    current = next(s for s in record["scenarios"] if s["current"])
    assert current["description"] and current["description"] not in lead
    booked = sum(g["count"] * g["visits_per_day"] for g in current["practice"]["providers"])
    assert lead.startswith(f"{CLIENT}: ") and f"about {booked:g} booked visits a day" in lead
    assert f"as it stands, {AS_NOW}, set beside one other option" in lead


def test_the_a_r_chart_is_the_books_a_r_of_claims_sent(case: tuple[dict, str]) -> None:
    """The books' A/R is claims sent; the chart says it counts the same, and starts from the
    books' sent figure, with the unsent claims elsewhere (sent 420.50 + 180.00, one unsent)."""
    html = unescape(case[1])
    caption = re.search(
        r'<img src="data:image/png;base64,[^"]*" alt="(Insurance A/R owed[^"]*)"', html
    )
    assert caption is not None and "claims sent to payers" in caption.group(1)
    assert "claims not yet sent are in the chart of claims waiting to be sent" in caption.group(1)
    note = next(p for p in Page(case[1]).paragraphs if p.startswith("The A/R charts count"))
    assert f"start from the {number('usd', 420.5 + 180.0)} the books show on 31 Mar 2025" in note
    assert f"not yet sent on the books (1, {number('usd', 95.25)}) are in the chart" in note


def test_office_duties_late_read_one_way_in_the_whole_report(case: tuple[dict, str]) -> None:
    """Page one, the comparison and the year table count a duty late when it was done late or
    is still undone past due; the year table shows both parts beside it, labelled."""
    record, html = case
    page = Page(html)
    measure = next(r for r in settings()["years"] if r["key"] == "om_tasks_late_or_undone")
    shown = ["as-now", "hire"]  # the report's columns: the current staffing first
    for n, name in enumerate(shown):  # one year: the year is the whole window
        kpi = record["kpis"][name]["om_tasks_late"]
        figures = record["years"][name][0]["kpis"]
        assert figures["om_tasks_late_or_undone"]["mean"] == pytest.approx(kpi["mean"])
        parts = figures["om_tasks_done_late"]["mean"] + figures["om_tasks_undone_end"]["mean"]
        assert parts == pytest.approx(kpi["mean"])
        cell = page.row("by-year", measure["label"])[n]  # (the years' CIs are not clipped at 0)
        assert cell.startswith(mean_ci(kpi, "count").split(" (")[0] + " (")
    assert "not counting duties still undone" not in html
    label = next(
        f["label"] for f in settings()["answer"]["operating"] if f["key"] == "om_tasks_late"
    )
    assert "undone past due" in label and "undone past due" in registry().label_of("om_tasks_late")


@pytest.mark.parametrize(
    ("drawn", "says"), [(None, "only the chance"), ({"draws": 6}, "6 offices")]
)
def test_page_one_says_what_the_money_s_ranges_hold(drawn: dict | None, says: str) -> None:
    """A comparison run over offices drawn from the fit (compare --calibration) has ranges that
    carry what the books leave open; page one must not say they hold chance only (the Northgate
    walk's report did)."""
    fit = {"fits": True, "figures": [], "parameters": [], "day": 90}
    record = {"calibration": drawn} if drawn else {}
    verdict = calibration_verdict(SimpleNamespace(fit=fit, record=record, optional={}))
    assert verdict is not None and verdict["fits"]
    assert says in verdict["meaning"]
    assert ("only the chance" in verdict["meaning"]) is (drawn is None)
