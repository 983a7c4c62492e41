"""The client report of `twohats report` in Chromium: it loads with no failed or off-host
request, axe finds no serious or critical problem, its tables fit a 1280 px screen, and it
prints on Letter and A4 with the answer alone on page one."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.consultant.report_case import (
    client_folder,
    compare_folder,
    fit_folder,
    report,
    sweep_folder,
)
from tests.site.conftest import serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding only the reports of a tiny comparison and sweep (served as it is)."""
    where = tmp_path_factory.mktemp("report-site")
    served = where / "served"
    served.mkdir()
    assert report(compare_folder(where), served / "report.html") == 0
    assert report(sweep_folder(where), served / "sweep.html") == 0
    client = where / "client"
    client.mkdir()
    calibration = str(fit_folder(client / "calibrate"))
    ranked = ("--sensitivity-reps", "2", "--jobs", "1")  # the assumptions measured and ranked
    assert (
        report(client_folder(client), served / "client.html", "--calibration", calibration, *ranked)
        == 0
    )
    return served


PAGES = ["report.html", "sweep.html", "client.html"]

OVERFLOW = """() => [...document.querySelectorAll('table, pre, img, figure')]
  .filter(e => {
    const box = e.getBoundingClientRect(), parent = e.parentElement.getBoundingClientRect();
    return box.right > parent.right + 1 || e.scrollWidth > e.clientWidth + 1;
  })
  .map(e => e.tagName + ': ' + ((e.caption && e.caption.textContent)
    || e.textContent.trim().slice(0, 60)))"""
"""Tables, code blocks and charts wider than the column holding them (or scrolling inside)."""


@pytest.mark.parametrize("page", PAGES)
def test_tables_fit_1280_px(make_probe: Callable[..., object], report_dir: Path, page: str) -> None:
    probe = make_probe(viewport={"width": 1280, "height": 900})
    with serving(report_dir) as url:
        probe.page.goto(url + page)
        probe.page.wait_for_load_state("load")
        wide = probe.page.evaluate(OVERFLOW)
        page_width = probe.page.evaluate("document.documentElement.scrollWidth")
    assert probe.problems() == []
    assert wide == []
    assert page_width <= 1280


@pytest.mark.parametrize("page", PAGES)
def test_report_loads_alone_and_passes_axe(
    make_probe: Callable[..., object], report_dir: Path, page: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    probe = make_probe()
    with serving(report_dir) as url:
        probe.page.goto(url + page)
        probe.page.wait_for_load_state("load")
        images = probe.page.eval_on_selector_all(
            "img", "els => els.map(e => e.complete && e.naturalWidth > 0)"
        )
        results = Axe().run(probe.page)
    assert probe.problems() == []
    assert images and all(images)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_report_prints(make_probe: Callable[..., object], report_dir: Path, paper: str) -> None:
    width = {"Letter": 725, "A4": 703}[paper]  # the printed column at 96 px an inch
    probe = make_probe(viewport={"width": width, "height": 1000})
    with serving(report_dir) as url:
        probe.page.goto(url + "client.html")
        probe.page.emulate_media(media="print")
        breaks = dict(
            probe.page.eval_on_selector_all(
                "section",
                "els => els.map(e => [e.id || e.getAttribute('aria-labelledby'),"
                " getComputedStyle(e).breakBefore])",
            )
        )
        answer_bottom = probe.page.evaluate(
            "document.getElementById('answer').getBoundingClientRect().bottom"
        )
        wide = probe.page.evaluate(OVERFLOW)
        pdf = probe.page.pdf(format=paper)
    assert probe.problems() == []
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert len(breaks) <= pages <= 30  # a page per section at least, charts two a page
    # the answer is page one; every later section starts a page of its own
    assert [s for s, value in breaks.items() if value != "page"] == ["answer"]
    # page one holds the whole answer: at 96 px an inch, a Letter page less its margins is
    # about 950 px tall and an A4 page about 1015 px
    assert answer_bottom < 940
    assert wide == []  # nothing runs off the printed page either
