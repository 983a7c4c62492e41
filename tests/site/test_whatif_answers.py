"""The "Try your practice" page speaks a practice owner's language and shows honest ranges.

Issue 26: options by their plain names, a comparison ticked by default, the answer in net
money after staffing costs (issue 23: from the window's claims followed to their end), the
registry's KPIs (issue 27), intervals that stay inside what a count or share can be, no
interval from one replication, chart labels readable on a phone, how many interruptions
reach the manager, and set-up problems shown to the reader. One page boots Pyodide once for
the module; the set-up tests use pages of their own with the runtime's files blocked.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable

import pytest
from conftest import ROOT, PageProbe, wait_for_state

from sim.model.registry import registry
from sim.site import data

pytestmark = pytest.mark.browser

OPTIONS = data.read(ROOT / "docs" / "_data" / "options.yaml")


def run(probe: PageProbe, reps: int) -> dict:
    page = probe.page
    page.fill("#whatif-reps", str(reps))
    page.click("#whatif-run")
    assert wait_for_state(probe, "done", "failed", "problems") == "done"
    return json.loads(page.locator("#whatif-result").text_content())


def money(v: float) -> str:
    return ("-$" if v < 0 else "$") + f"{abs(v):,.0f}"


def test_options_are_named_plainly_with_a_comparison_ticked(
    page_probe: PageProbe, whatif_url: str
) -> None:
    page = page_probe.page
    page.goto(whatif_url + "?preset=reference-combined")
    wait_for_state(page_probe, "ready")
    assert page.locator("#whatif-building").is_hidden()  # the runtime is there: no notice
    assert page.locator("#whatif-setup-error").is_hidden()
    labels = page.locator("#whatif-options label").all_inner_texts()
    family = [name for name in OPTIONS if name.startswith("reference-")]
    assert sorted(labels) == sorted(OPTIONS[name] for name in family)
    assert not [label for label in labels if "reference-" in label]
    ticked = page.locator("#whatif-options input:checked").evaluate_all("n => n.map(i => i.value)")
    assert ticked == ["reference-separate", "reference-combined"] or sorted(ticked) == [
        "reference-combined",
        "reference-separate",
    ]


def test_the_page_says_how_many_interruptions_reach_the_manager(page_probe: PageProbe) -> None:
    page = page_probe.page
    label = page.locator("label[for=whatif-f-om_interruptions]").inner_text()
    assert "arriving" in label
    page.fill("#whatif-f-om_interruptions", "6")
    page.fill("#whatif-f-front_desk", "25")
    assert (
        "about 4.5 an hour reach the office manager" in page.locator("#whatif-reach").inner_text()
    )


def test_one_replication_gives_no_interval(page_probe: PageProbe, whatif_url: str) -> None:
    page = page_probe.page
    page.goto(whatif_url + "?preset=small-combined&horizon=30")
    wait_for_state(page_probe, "ready")
    run(page_probe, 1)
    answer = page.locator("#whatif-answer").inner_text()
    assert "no range yet" in answer and "95% CI" not in answer
    cells = page.locator("#whatif-table tbody td").all_inner_texts()
    assert cells and all(c == "n/a" or c.endswith("(one replication)") for c in cells)


def _kpi(record: dict, option: str, key: str) -> list[float]:
    return [r[key] for r in record["options"][option]]


STAFFING = ("staff_cost_usd", "outsourcing_fee_usd", "replacement_cost_usd")


def _staffing(record: dict, option: str) -> list[float]:
    return [sum(r[k] for k in STAFFING) for r in record["options"][option]]


def _paired(record: dict, first: str, other: str, values) -> float:
    return statistics.fmean(
        b - a for a, b in zip(values(record, first), values(record, other), strict=True)
    )


def _more(v: float) -> str:
    return f"{money(abs(v))} {'more' if v >= 0 else 'less'}"


def test_the_answer_is_net_money_from_the_window_claims_followed_to_their_end(
    page_probe: PageProbe,
) -> None:
    """Issue 23: the answer's money is the cohort outcome (the window's claims, each followed
    to its end, less staffing and waiting), as on the command line's break-even."""
    record = run(page_probe, 3)
    answer = page_probe.page.locator("#whatif-answer").inner_text()
    first, other = list(record["options"])
    net, cash = "cohort_net_after_staffing_usd", "cohort_collected_usd"
    wait, written = "cohort_cash_wait_cost_usd", "cohort_written_off_usd"
    claims = "the claims of the 30 days, followed to the end"  # the page's horizon=30
    diff = _paired(record, first, other, lambda r, o: _kpi(r, o, net))
    assert f"{OPTIONS[other]}: {_more(diff)} net than {OPTIONS[first]} from {claims}" in answer

    def mean(key: str) -> float:
        return statistics.fmean(_kpi(record, first, key))

    assert f"{OPTIONS[first]}: {money(mean(net))} net from {claims}" in answer
    assert f"Those claims brought in {money(mean(cash))} of insurance cash" in answer
    staffing = statistics.fmean(_staffing(record, first))
    assert f"less {money(staffing)} of staffing costs and {money(mean(wait))} for waiting" in answer
    assert f"{money(mean(written))} of what they were owed was written off" in answer
    spent = _paired(record, first, other, _staffing)
    assert f"it spends {_more(spent)} on staffing" in answer
    brought = _paired(record, first, other, lambda r, o: _kpi(r, o, cash))
    assert f"Its claims bring in {_more(brought)} insurance cash" in answer


def test_the_table_shows_the_registry_kpis_in_its_order(page_probe: PageProbe) -> None:
    """Issue 27: the rows are the registry's `whatif` table, with the registry's labels."""
    rows = page_probe.page.locator("#whatif-table tbody th").all_inner_texts()
    assert rows == [k.label for k in registry().table("whatif")]
    assert rows[0].startswith("Net") and any("Staff cost" in r for r in rows)


PERCENT = re.compile(r"^(-?[\d.]+)% \((-?[\d.]+)% to (-?[\d.]+)%\)$")
COUNT = re.compile(r"^(-?[\d.,$]+) \((-?[\d.,$-]+) to (-?[\d.,$-]+)\)$")


def test_intervals_stay_inside_what_the_kpi_can_be(page_probe: PageProbe) -> None:
    table = page_probe.page.locator("#whatif-table tbody tr")
    checked = 0
    for i in range(table.count()):
        label = table.nth(i).locator("th").inner_text()
        if label.startswith("Net"):
            continue  # net money can be below zero
        for cell in table.nth(i).locator("td").all_inner_texts():
            share = PERCENT.match(cell)
            if share:
                low, high = float(share[2]), float(share[3])
                assert low >= 0 and high <= 100, (label, cell)
                checked += 1
                continue
            count = COUNT.match(cell)
            if count:
                assert not count[2].startswith("-"), (label, cell)
                checked += 1
    assert checked >= 10


def test_phone_charts_keep_readable_labels(page_probe: PageProbe) -> None:
    page = page_probe.page
    page.set_viewport_size({"width": 390, "height": 844})
    run(page_probe, 1)
    sizes = page.locator("#whatif-charts svg").evaluate_all(
        """svgs => svgs.map(s => {
             const text = s.querySelector('text.whatif-axis');
             const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
             return parseFloat(getComputedStyle(text).fontSize) * scale;
           })"""
    )
    assert sizes and min(sizes) >= 11, sizes
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page_probe.problems() == []


@pytest.mark.parametrize(
    ("status", "shown"), [(404, "#whatif-building"), (500, "#whatif-setup-error")]
)
def test_a_page_that_cannot_start_says_so_to_the_reader(
    make_probe: Callable[..., PageProbe], whatif_url: str, status: int, shown: str
) -> None:
    """A missing runtime (make serve still building it) or a broken one is shown, not hidden."""
    fresh = make_probe()
    fresh.context.route(
        "**/assets/whatif/manifest.json", lambda route: route.fulfill(status=status, body="x")
    )
    fresh.page.goto(whatif_url)
    fresh.page.wait_for_selector(shown, state="visible")
    assert fresh.page.locator("#whatif-size").is_hidden()
    assert fresh.page.locator("#whatif").is_hidden()
    text = fresh.page.locator(shown).inner_text()
    assert ("Still being built" in text) if status == 404 else ("could not set up" in text)
