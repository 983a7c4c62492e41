"""The what-if page in headless Chromium: the wait from Run to the first result, and how much a
pool of two workers speeds a run against one.

It drives the built page itself (site/, from `make site`) with Debian's Chromium through
Playwright, as a reader would: one page with `?workers=1` and one with `?workers=2`. Each
first run times the load (Run to the first replication done, Pyodide loaded on Run); then the
two pages run the same comparison in turn, with their workers loaded, and the speedup is the
ratio of their wall times in each round. The machine's load average is read beside each
figure, since a shared machine's neighbours take cores from the second worker.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
SITE = Path("site")
PRESET = "reference-separate"
"""The page ticks its partner (reference-combined) too: the bundled two-option compare."""
REPLICATIONS = 4
"""Of each option: 8 replications a run, 4 for each of two workers."""
ROUNDS = 2
SEED = 1
RUN_TIMEOUT_MS = 900_000


@dataclass(frozen=True)
class Measured:
    """One figure with the one-minute load average read when it was taken."""

    seconds: float
    load: float


@dataclass(frozen=True)
class BrowserTiming:
    """First results of a page loading on Run, and paired runs with one and two workers."""

    first_result: dict[int, Measured]
    one_worker: tuple[Measured, ...]
    two_workers: tuple[Measured, ...]

    @property
    def speedups(self) -> tuple[float, ...]:
        return tuple(
            a.seconds / b.seconds for a, b in zip(self.one_worker, self.two_workers, strict=True)
        )

    def rows(self) -> list[tuple[str, str]]:
        runs = f"{PRESET} and its partner, {REPLICATIONS} replications each"
        rows = [
            (
                f"{PRESET}: what-if page in Chromium, Run to first result, {n} worker(s) (s)",
                f"{m.seconds:.1f} (load {m.load:.1f})",
            )
            for n, m in sorted(self.first_result.items())
        ]
        for i, (a, b) in enumerate(zip(self.one_worker, self.two_workers, strict=True)):
            rows.append(
                (
                    f"what-if page, {runs}: 1 worker / 2 workers, round {i + 1} (s)",
                    f"{a.seconds:.1f} (load {a.load:.1f}) / {b.seconds:.1f} (load {b.load:.1f})"
                    f": speedup {self.speedups[i]:.2f}",
                )
            )
        rows.append(
            ("what-if page: speedup with 2 workers (median)", f"{median(self.speedups):.2f}")
        )
        return rows


def why_not_measured(root: Path = Path()) -> str | None:
    """What is missing to drive the page here, or None when everything is in place."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "not measured: playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"not measured: {CHROMIUM} is missing (make browser)"
    built = root / SITE / "assets" / "whatif" / "manifest.json"
    if not built.is_file():
        return f"not measured: {built} is missing (make site)"
    fresh = root / "docs" / "assets" / "whatif" / "manifest.json"
    if fresh.is_file() and fresh.read_bytes() != built.read_bytes():
        return "not measured: site/ holds an older what-if runtime than docs/ (make site)"
    return None


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, fmt: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(ConnectionError):  # a worker ended mid-download by Stop
            super().handle()


@contextlib.contextmanager
def _serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _finished_run(page: Page) -> dict:
    """The timing the page records when the run it is doing ends; it must end done."""
    page.wait_for_function(
        "() => ['done', 'failed', 'problems', 'stopped']"
        ".includes(document.getElementById('whatif').dataset.state)",
        timeout=RUN_TIMEOUT_MS,
    )
    state = page.locator("#whatif").get_attribute("data-state")
    if state != "done":
        status = page.locator("#whatif-status").inner_text()
        raise RuntimeError(f"the page ended its run {state}: {status}")
    result = page.locator("#whatif-result").text_content()
    if result is None:
        raise RuntimeError("the page ended its run done but shows no result")
    return json.loads(result)["timing"]


def time_browser(root: Path = Path()) -> BrowserTiming:
    """Drive the built page as described in the module docstring."""
    from playwright.sync_api import sync_playwright

    query = f"?preset={PRESET}&reps={REPLICATIONS}&seed={SEED}"
    first: dict[int, Measured] = {}
    runs: dict[int, list[Measured]] = {1: [], 2: []}
    with _serving(root / SITE) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pages = {}
            for workers in (1, 2):
                page = browser.new_page()
                page.goto(f"{url}try/{query}&workers={workers}&run=1")
                timing = _finished_run(page)
                first[workers] = Measured(timing["first_result_seconds"], os.getloadavg()[0])
                pages[workers] = page
            for _ in range(ROUNDS):
                for workers, page in pages.items():
                    page.click("#whatif-run")
                    timing = _finished_run(page)
                    runs[workers].append(Measured(timing["run_seconds"], os.getloadavg()[0]))
        finally:
            browser.close()
    return BrowserTiming(first, tuple(runs[1]), tuple(runs[2]))


def browser_rows(root: Path = Path()) -> list[tuple[str, str]]:
    """The bench table's rows for the page in Chromium, or one row saying why not measured."""
    reason = why_not_measured(root)
    if reason is None:
        try:
            return time_browser(root).rows()
        except Exception as error:  # noqa: BLE001 - the bench reports it and goes on
            reason = f"not measured: {type(error).__name__}: {str(error)[:120]}"
    return [(f"{PRESET}: what-if page in Chromium", reason)]


if __name__ == "__main__":
    for label, value in browser_rows():
        print(f"{label}: {value}")
