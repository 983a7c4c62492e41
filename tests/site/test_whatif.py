"""The "Try your practice" page runs the real model in the browser, offline, with the CLI's numbers.

One browser page is shared by the module: Pyodide starts once (several seconds), and each
test then drives the same page. The first test is the one that starts it. The page is the
Material for MkDocs build only: a test parametrized by engine would make pytest run this
module in two pieces, and the shared page would be torn down between them.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from conftest import ROOT, PageProbe, cli_per_replication, wait_for_state

from sim.scenario.loading import load_scenario

pytestmark = pytest.mark.browser

PRESET, REPS, SEED, HORIZON = "small-combined", 2, 3, 45
PLAIN = "One person in both roles"
"""PRESET's plain name (docs/_data/options.yaml), as the page shows it."""
PARTNER = "small-separate"
"""The option the page ticks beside PRESET by default: two people against one."""
COHORT_MONEY = (
    "cohort_net_after_staffing_usd",
    "cohort_collected_usd",
    "cohort_cash_wait_cost_usd",
    "cohort_written_off_usd",
)
"""The window's claims followed to their end: the money the page's answer is in."""


def money(v: float) -> str:
    return ("-$" if v < 0 else "$") + f"{abs(v):,.0f}"


def test_preset_link_runs_by_itself_with_the_cli_numbers(
    page_probe: PageProbe, whatif_url: str, tmp_path: Path
) -> None:
    query = f"?preset={PRESET}&reps={REPS}&seed={SEED}&horizon={HORIZON}&run=1"
    page_probe.page.goto(whatif_url + query)
    assert wait_for_state(page_probe, "done", "failed", "problems") == "done"
    record = json.loads(page_probe.page.locator("#whatif-result").text_content())
    scenario = load_scenario(ROOT / "scenarios" / f"{PRESET}.yaml").model_dump(
        mode="json", by_alias=True
    )
    scenario["horizon_days"] = HORIZON
    expected = cli_per_replication(tmp_path, scenario, REPS, SEED)
    assert list(record["options"]) == [PRESET, PARTNER]  # a comparison is ticked by default
    assert record["options"][PRESET] == expected
    assert [r["replication"] for r in expected] == list(range(REPS))
    # The money the answer reads (issue 23): the window's claims followed to their end, as the
    # command line reports them, in every replication.
    for key in COHORT_MONEY:
        assert [r[key] for r in record["options"][PRESET]] == [r[key] for r in expected], key
    net = statistics.fmean(r["cohort_net_after_staffing_usd"] for r in expected)
    answer = page_probe.page.locator("#whatif-answer").inner_text()
    assert f"{PLAIN}: {money(net)} net from the claims of the {HORIZON} days" in answer
    assert page_probe.problems() == []


def test_answer_chart_and_table_are_shown(page_probe: PageProbe) -> None:
    page = page_probe.page
    assert PLAIN in page.locator("#whatif-answer").inner_text()
    assert page.locator("#whatif-charts svg polygon").count() == 4  # a band per option and chart
    assert page.locator("#whatif-table tbody tr").count() >= 8
    assert "(" in page.locator("#whatif-table tbody td").first.inner_text()  # the CI


def test_bad_answer_is_reported_beside_its_field_by_the_schema(page_probe: PageProbe) -> None:
    page = page_probe.page
    page.fill("#whatif-f-dentists", "-2")
    page.click("#whatif-run")
    assert wait_for_state(page_probe, "problems", "done", "failed") == "problems"
    error = page.locator("#whatif-f-dentists-error").inner_text()
    assert "greater than or equal to 0" in error
    assert page.locator("#whatif-f-dentists").get_attribute("aria-invalid") == "true"
    assert "d=-2" in page.url  # the answer is in the address, to share
    page.fill("#whatif-f-dentists", page.locator("#whatif-f-dentists").get_attribute("data-preset"))


def test_custom_practice_compares_two_options_paired(page_probe: PageProbe) -> None:
    page = page_probe.page
    page.check("#whatif-o-small-separate")
    page.fill("#whatif-f-dentists", "2")
    page.fill("#whatif-f-om_interruptions", "5")
    page.fill("#whatif-f-front_desk", "20")
    page.fill("#whatif-reps", "2")
    page.click("#whatif-run")
    assert wait_for_state(page_probe, "done", "failed", "problems") == "done"
    record = json.loads(page.locator("#whatif-result").text_content())
    assert sorted(record["options"]) == ["small-combined", "small-separate"]
    visits = [[r["visits"] for r in reps] for reps in record["options"].values()]
    assert visits[0] == visits[1]  # the same random visits for both options
    assert (
        "more" in page.locator("#whatif-answer").inner_text()
        or "less" in page.locator("#whatif-answer").inner_text()
    )
    assert page_probe.problems() == []


def test_download_gives_a_scenario_the_cli_accepts(page_probe: PageProbe, tmp_path: Path) -> None:
    with page_probe.page.expect_download() as info:
        page_probe.page.click("#whatif-download")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    scenario = load_scenario(path)
    # Edited answers make another practice: not the bundled file's name or description.
    assert path.name == "my-practice.yaml" and scenario.name == "my-practice"
    bundled = load_scenario(ROOT / "scenarios" / f"{PRESET}.yaml")
    assert bundled.description not in scenario.description
    dentists = next(g for g in scenario.practice.providers if g.kind == "dentist")
    assert dentists.count == 2
    assert scenario.om_work.interruptions_per_hour == 5
    assert scenario.practice.front_desk.interruption_share == 0.2
    assert "fd=20" in page_probe.page.url  # the answer is in the address, to share


def test_loaded_file_with_an_unknown_key_is_refused_with_its_key_path(
    page_probe: PageProbe,
) -> None:
    text = "staff: []\npractice:\n  insured_shares: 0.5\n"
    page_probe.page.set_input_files(
        "#whatif-load",
        files=[{"name": "mine.yaml", "mimeType": "text/yaml", "buffer": text.encode()}],
    )
    assert wait_for_state(page_probe, "problems", "loaded", "failed") == "problems"
    listed = page_probe.page.locator("#whatif-problems").inner_text()
    assert "practice.insured_shares" in listed and "insured_share" in listed


def test_loaded_file_becomes_the_practice_to_run(page_probe: PageProbe) -> None:
    text = (ROOT / "scenarios" / "small-separate.yaml").read_text()
    page_probe.page.set_input_files(
        "#whatif-load",
        files=[{"name": "ours.yaml", "mimeType": "text/yaml", "buffer": text.encode()}],
    )
    assert wait_for_state(page_probe, "loaded", "problems", "failed") == "loaded"
    assert page_probe.page.locator("#whatif-preset").input_value() == "loaded"
    assert page_probe.page.locator("#whatif-f-dentists").input_value() == "1"


def test_stop_ends_a_long_run_between_replications(page_probe: PageProbe) -> None:
    page = page_probe.page
    page.select_option("#whatif-preset", PRESET)
    page.fill("#whatif-f-horizon", "30")
    page.fill("#whatif-reps", "200")
    page.click("#whatif-run")
    wait_for_state(page_probe, "running")
    # replication 0 of both options ticked (PRESET and PARTNER), so there is a pair to report
    # when the run stops; with a pool of workers, two replications done need not be a pair
    page.wait_for_function("() => document.getElementById('whatif').dataset.complete >= 1")
    page.click("#whatif-stop")
    assert wait_for_state(page_probe, "stopped", "done", "failed") == "stopped"
    record = json.loads(page.locator("#whatif-result").text_content())
    assert record["stopped"] is True
    assert 1 <= record["replications"] < 200


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_with_results_has_no_serious_accessibility_problem(
    page_probe: PageProbe, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page_probe.page.emulate_media(color_scheme=scheme)
    results = Axe().run(page_probe.page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []
    assert page_probe.problems() == []
