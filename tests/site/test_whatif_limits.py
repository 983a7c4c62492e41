"""The "Try your practice" page under strain: Stop ends a replication in progress at once, a
model that dies says so and what to try, and seeds and files are read as the command line
reads them (safe-integer seeds only, UTF-8 files only). Material for MkDocs build only, as in
test_whatif.py."""

from __future__ import annotations

import json
import time

import pytest
from conftest import PageProbe, wait_for_state

pytestmark = pytest.mark.browser

PRESET = "small-combined"


@pytest.mark.parametrize("seed", ["9007199254740992", "9007199254740993", "1e300"])
def test_a_seed_the_page_cannot_carry_exactly_is_refused(
    probe: PageProbe, whatif_url: str, seed: str
) -> None:
    probe.page.goto(whatif_url + f"?preset={PRESET}&reps=1&seed={seed}&run=1")
    assert wait_for_state(probe, "problems", "running", "done", "failed") == "problems"
    listed = probe.page.locator("#whatif-problems").inner_text()
    assert "Seed" in listed and "9007199254740991" in listed


def test_the_largest_safe_seed_is_accepted(probe: PageProbe, whatif_url: str) -> None:
    probe.page.goto(whatif_url + f"?preset={PRESET}&reps=1&seed=9007199254740991")
    wait_for_state(probe, "ready")
    probe.page.click("#whatif-run")
    assert wait_for_state(probe, "checking", "running", "done", "problems", "failed") != "problems"


def test_a_file_that_is_not_utf8_is_refused_as_on_the_command_line(
    probe: PageProbe, whatif_url: str
) -> None:
    probe.page.goto(whatif_url)
    wait_for_state(probe, "ready")
    text = "name: caf\xe9\nstaff:\n  - name: om\n    roles: [om, ic]\n"
    probe.page.set_input_files(
        "#whatif-load",
        files=[{"name": "latin.yaml", "mimeType": "text/yaml", "buffer": text.encode("latin-1")}],
    )
    assert wait_for_state(probe, "problems", "loaded", "failed") == "problems"
    listed = probe.page.locator("#whatif-problems").inner_text()
    assert "not UTF-8" in listed and "latin.yaml" in listed


def test_stop_ends_a_replication_in_progress_within_a_second(
    probe: PageProbe, whatif_url: str
) -> None:
    """A replication of a large practice takes minutes in the page; Stop must not wait for it,
    and the next run still works."""
    page = probe.page
    query = f"?preset={PRESET}&reps=3&seed=1&d=20&dv=20&horizon=900&run=1"
    page.goto(whatif_url + query)
    assert wait_for_state(probe, "running", "problems", "failed", "done") == "running"
    page.wait_for_timeout(3000)
    assert page.locator("#whatif-progress").evaluate("bar => bar.value") == 0
    started = time.monotonic()
    page.click("#whatif-stop")
    assert wait_for_state(probe, "stopped", "done", "failed", timeout=5000) == "stopped"
    assert time.monotonic() - started < 1.0
    page.fill("#whatif-f-dentists", "1")
    page.fill("#whatif-f-dentist_visits", "8")
    page.fill("#whatif-f-horizon", "20")
    page.fill("#whatif-reps", "1")
    page.click("#whatif-run")
    assert wait_for_state(probe, "done", "failed", "problems") == "done"
    assert json.loads(page.locator("#whatif-result").text_content())["replications"] == 1


def test_a_model_that_dies_is_reported_with_what_to_try(probe: PageProbe, whatif_url: str) -> None:
    """The worker dies mid-replication (as when the WebAssembly heap runs out): the page says
    the model stopped working and what to try, instead of showing junk or waiting."""

    def dying_worker(route: object) -> None:
        body = route.fetch().text()
        doomed = body.replace(
            "const result = JSON.parse(model.replicate(",
            "setTimeout(() => { throw new Error('memory access out of bounds'); });"
            " await new Promise(() => {});\n      const result = JSON.parse(model.replicate(",
        )
        assert doomed != body
        route.fulfill(body=doomed, content_type="text/javascript")

    probe.context.route("**/whatif-worker.js", dying_worker)
    probe.page.goto(whatif_url + f"?preset={PRESET}&reps=2&horizon=20&run=1")
    assert wait_for_state(probe, "failed", "done", "problems") == "failed"
    status = probe.page.locator("#whatif-status").inner_text()
    assert "stopped working" in status and "out of bounds" in status
    assert "Try fewer replications" in status


def test_a_practice_too_big_for_the_page_is_refused_before_it_runs(
    probe: PageProbe, whatif_url: str
) -> None:
    """Issue 29's link: 50 dentists and 50 hygienists at 60 visits a day for a year took about
    two minutes a replication and then exhausted the page's memory; the schema's estimate
    refuses it, with the estimate and the limit, as on the command line."""
    probe.page.goto(whatif_url + f"?preset={PRESET}&d=50&dv=60&h=50&hv=60&horizon=365&run=1")
    assert wait_for_state(probe, "problems", "running", "done", "failed") == "problems"
    listed = probe.page.locator("#whatif-problems").inner_text()
    assert "GB of memory" in listed and "at most 1.5 GB" in listed
