"""The what-if page's pool of workers: any number of them gives the numbers one worker gives and
the command line gives (replication k of each option on seed stream k, results in replication
order whichever worker finished first), one worker per core but one, and Stop ends them all.
Material for MkDocs build only, as in test_whatif.py."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import ROOT, PageProbe, cli_per_replication, wait_for_state

from sim.scenario.loading import load_scenario

pytestmark = pytest.mark.browser

PRESET, PARTNER, REPS, SEED, HORIZON = "small-combined", "small-separate", 3, 5, 30


def run_record(probe: PageProbe, url: str, workers: int) -> dict:
    query = f"?preset={PRESET}&reps={REPS}&seed={SEED}&horizon={HORIZON}&workers={workers}&run=1"
    probe.page.goto(url + query)
    assert wait_for_state(probe, "done", "failed", "problems") == "done"
    assert probe.problems() == []
    return json.loads(probe.page.locator("#whatif-result").text_content())


def model_workers(probe: PageProbe) -> list[object]:
    """The page's workers that run the model (the site search has one of its own)."""
    return [w for w in probe.page.workers if w.url.endswith("/whatif-worker.js")]


def workers_started(probe: PageProbe, count: int) -> list[object]:
    """The model's workers once `count` have started (and, a second later, no more)."""
    deadline = time.monotonic() + 60
    while len(model_workers(probe)) < count and time.monotonic() < deadline:
        probe.page.wait_for_timeout(100)
    probe.page.wait_for_timeout(1000)
    return model_workers(probe)


def test_two_workers_give_the_numbers_of_one_and_of_the_cli(
    make_probe: object, whatif_url: str, tmp_path: Path
) -> None:
    one = run_record(make_probe(), whatif_url, 1)
    two = run_record(make_probe(), whatif_url, 2)
    assert one["timing"]["workers"] == 1 and two["timing"]["workers"] == 2
    assert list(two["options"]) == [PRESET, PARTNER]
    assert two["options"] == one["options"]
    for name in (PRESET, PARTNER):
        scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml").model_dump(
            mode="json", by_alias=True
        )
        scenario["horizon_days"] = HORIZON
        (tmp_path / name).mkdir()
        expected = cli_per_replication(tmp_path / name, scenario, REPS, SEED)
        assert [r["replication"] for r in expected] == list(range(REPS))
        assert two["options"][name] == expected
        # Including the money the answer reads: the window's claims followed to their end.
        net = [r["cohort_net_after_staffing_usd"] for r in two["options"][name]]
        assert net == [r["cohort_net_after_staffing_usd"] for r in expected]


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (3, 2), (64, 4)])
def test_the_pool_has_a_worker_per_core_but_one_at_least_one_and_at_most_four(
    make_probe: object, whatif_url: str, cores: int, workers: int
) -> None:
    probe = make_probe()
    probe.context.add_init_script(
        f"Object.defineProperty(navigator, 'hardwareConcurrency', {{get: () => {cores}}})"
    )
    probe.page.goto(whatif_url + f"?preset={PRESET}&reps=50&horizon=20&run=1")
    assert len(workers_started(probe, workers)) == workers


def test_stop_ends_every_worker_and_the_next_run_has_a_fresh_pool(
    probe: PageProbe, whatif_url: str
) -> None:
    page = probe.page
    started: list[object] = []
    closed: list[object] = []

    def watch(worker: object) -> None:
        if worker.url.endswith("/whatif-worker.js"):
            started.append(worker)
            worker.on("close", lambda ended: closed.append(ended))

    page.on("worker", watch)
    page.goto(whatif_url + f"?preset={PRESET}&reps=200&horizon={HORIZON}&workers=2&run=1")
    assert wait_for_state(probe, "running", "problems", "failed", "done") == "running"
    # replication 0 of both options, so the stopped run has a pair to report (two replications
    # done need not be a pair: the lead may finish two of one option before the other loads)
    page.wait_for_function("() => document.getElementById('whatif').dataset.complete >= 1")
    pool = list(started)
    assert len(pool) == 2 and closed == []
    page.click("#whatif-stop")
    assert wait_for_state(probe, "stopped", "done", "failed", timeout=5000) == "stopped"
    deadline = time.monotonic() + 10
    while len(closed) < len(pool) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert sorted(map(id, closed)) == sorted(map(id, pool))  # both ended, mid-replication
    assert len(model_workers(probe)) == 1  # a fresh one loads for the next run
    assert model_workers(probe)[0] not in pool
    record = json.loads(page.locator("#whatif-result").text_content())
    assert record["stopped"] is True and 1 <= record["replications"] < 200
    for name in (PRESET, PARTNER):
        replications = [r["replication"] for r in record["options"][name]]
        assert replications == list(range(record["replications"]))
    page.fill("#whatif-reps", "2")
    page.click("#whatif-run")
    assert wait_for_state(probe, "done", "failed", "problems") == "done"
    assert json.loads(page.locator("#whatif-result").text_content())["replications"] == 2
    assert len(model_workers(probe)) == 2
