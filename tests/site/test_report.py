"""The client report of `twohats report` in Chromium: it loads with no failed or off-host
request, axe finds no serious or critical problem, and it prints to a PDF of sane length."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.consultant.report_case import compare_folder, report, sweep_folder
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
    return served


@pytest.mark.parametrize("page", ["report.html", "sweep.html"])
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


def test_report_prints(make_probe: Callable[..., object], report_dir: Path) -> None:
    probe = make_probe()
    with serving(report_dir) as url:
        probe.page.goto(url + "report.html")
        probe.page.emulate_media(media="print")
        breaks = dict(
            probe.page.eval_on_selector_all(
                "section", "els => els.map(e => [e.id, getComputedStyle(e).breakBefore])"
            )
        )
        pdf = probe.page.pdf(format="Letter")
    assert probe.problems() == []
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert len(breaks) - 1 <= pages <= 30  # a page per section at least, charts two a page
    # the practice and the options share the first page; every later section starts a page
    assert [s for s, value in breaks.items() if value != "page"] == ["practice", "options"]
