"""The report's first page is the answer a dentist acts on: the client's name in the title,
the recommendation from each option's paired cohort net against the current staffing, the
three figures that matter, and whether the model reproduces the practice's books, with a
figure nothing reproduces named first."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from sim.cli import main
from sim.outputs.money import NET
from sim.outputs.report import settings
from sim.outputs.text import mean_ci, number
from tests.consultant.report_case import (
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
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    where = tmp_path_factory.mktemp("client")
    folder = client_folder(where)
    out = where / "client.html"
    assert report(folder, out, "--calibration", str(fit_folder(where / "calibrate"))) == 0
    return json.loads((folder / "comparison.json").read_text()), out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(case: tuple[dict, str]) -> Page:
    return Page(case[1])


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
    case: tuple[dict, str], page: Page
) -> None:
    record = case[0]
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
    case: tuple[dict, str], page: Page
) -> None:
    record, money = case[0], case[0]["money"]
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
    assert settings()["answer"]["provisional"] in first  # the recommendation says so too
    assert first.index("Recommendation.") < first.index("Does the model look like")


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
