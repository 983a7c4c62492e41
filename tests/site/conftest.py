"""Shared fixtures for the site tests: the built site, a local server, and Debian's Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = ROOT / "site"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


ENGINES = ("mkdocs", "zensical")
"""Every site test that takes the built site runs once per engine: Material for MkDocs, and its
successor Zensical reading the same mkdocs.yml (the canary for the move before 2027-05-05)."""


def zensical_command() -> list[str] | None:
    """The `zensical` console script of this interpreter's environment, if it is installed."""
    script = Path(sys.executable).with_name("zensical")
    return [str(script)] if script.is_file() else None


def _zensical_build(dest: Path) -> None:
    """Strict `zensical build` of a copy of the project into `dest`.

    Zensical wants docs_dir and site_dir inside the folder holding the config, and keeps a
    .cache there, so it builds in a scratch copy of mkdocs.yml and docs/ rather than in ROOT.
    """
    with tempfile.TemporaryDirectory(prefix="zensical-") as scratch:
        work = Path(scratch)
        shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
        shutil.copytree(ROOT / "docs", work / "docs")
        done = subprocess.run(
            [*(zensical_command() or ["zensical"]), "build", "--strict", "-f", "mkdocs.yml"],
            cwd=work,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:  # --strict exits 1 on any warning, a broken link for one
            raise subprocess.CalledProcessError(
                done.returncode, done.args, done.stdout, done.stderr
            )
        shutil.copytree(work / "site", dest, dirs_exist_ok=True)


def build_site(dest: Path, engine: str = "mkdocs") -> None:
    """Regenerate the fragments and build the site strictly into `dest` with `engine`."""
    subprocess.run([sys.executable, "-m", "sim.site"], cwd=ROOT, check=True, capture_output=True)
    if engine == "zensical":
        _zensical_build(dest)
        return
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the Zensical runs listed in zensical_differences.yaml as strict expected failures."""
    known = yaml.safe_load((Path(__file__).with_name("zensical_differences.yaml")).read_text())
    reasons = {test: entry["reason"] for entry in known for test in entry["tests"]}
    for item in items:
        reason = reasons.get(item.nodeid.removeprefix("tests/site/"))
        if reason:
            item.add_marker(pytest.mark.xfail(reason=f"Zensical differs: {reason}", strict=True))


@pytest.fixture(scope="session", params=ENGINES)
def site_engine(request: pytest.FixtureRequest) -> str:
    """The site generator under test; Zensical is skipped, with the reason, when not installed."""
    if request.param == "zensical" and zensical_command() is None:
        pytest.skip("zensical is not installed in this environment (pip install -e '.[dev]')")
    return request.param


@pytest.fixture(scope="session")
def site_builder(site_engine: str) -> Callable[[Path], None]:
    """The strict build function, for tests that build into their own directory."""
    return functools.partial(build_site, engine=site_engine)


@pytest.fixture(scope="session")
def built_site(site_engine: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by `make site` (built here if it is missing), or Zensical's build of it."""
    if site_engine == "zensical":
        dest = tmp_path_factory.mktemp("zensical-site")
        build_site(dest, "zensical")
        return dest
    return mkdocs_site()


def mkdocs_site() -> Path:
    """The Material for MkDocs build in site/ that `make site` leaves (built here if missing)."""
    if not (SITE_DIR / "sitemap.xml").is_file():
        build_site(SITE_DIR)
    return SITE_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    def log_message(self, fmt: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 on a free port while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Serve the built site of the engine under test for the whole session."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def nav_paths(built_site: Path) -> list[str]:
    """Every page path listed in the built sitemap, relative to the site root."""
    tree = ET.parse(built_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    paths = [urlparse(loc.text or "").path.lstrip("/") for loc in tree.findall(".//s:loc", ns)]
    assert paths, "the sitemap lists no pages"
    return paths


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Chromium for the session (the system browser, never a download).

    Playwright gives each launch a fresh temporary profile, which is why no
    --user-data-dir is passed.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (run `make browser`)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProbe:
    """A browser page that records console errors, failed requests and off-host requests."""

    def __init__(self, browser: object, **context_options: object) -> None:
        self.context = browser.new_context(reduced_motion="reduce", **context_options)
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.off_host: list[str] = []
        self.cancelled: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _route(self, route: object) -> None:
        """Let loopback requests through; abort and record anything else."""
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.off_host.append(route.request.url)
            route.abort()

    def _request_failed(self, request: object) -> None:
        """Record a failed fetch; a fetch the browser itself cancelled is kept apart.

        Chromium cancels a request still in flight (often the favicon) when the page
        navigates or the test moves on: net::ERR_ABORTED says nothing about the site. A
        missing file still shows as an HTTP error status and an off-host request as
        off-host, so nothing the site could get wrong is hidden by the split.
        """
        line = f"{request.url} {request.failure}"
        if request.failure == "net::ERR_ABORTED":
            self.cancelled.append(line)
        else:
            self.failed.append(line)

    def _console(self, msg: object) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _response(self, response: object) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} HTTP {response.status}")

    def problems(self) -> list[str]:
        """Everything recorded so far that a healthy page must not produce."""
        return (
            [f"console: {m}" for m in self.console_errors]
            + [f"failed: {m}" for m in self.failed]
            + [f"off-host: {m}" for m in self.off_host]
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def make_probe(chromium: object) -> Iterator[Callable[..., PageProbe]]:
    """Create recording browser contexts (desktop viewport by default); all closed afterwards."""
    probes: list[PageProbe] = []

    def factory(**options: object) -> PageProbe:
        probe = PageProbe(chromium, **{"viewport": {"width": 1280, "height": 900}, **options})
        probes.append(probe)
        return probe

    yield factory
    for probe in probes:
        probe.close()


@pytest.fixture()
def probe(make_probe: Callable[..., PageProbe]) -> PageProbe:
    """A fresh, recording browser context for one test."""
    return make_probe()


WHATIF_RUN_TIMEOUT_MS = 300_000
"""Starting Pyodide on a loaded two-core machine has taken over 30 s; replications are short."""


def wait_for_state(probe: PageProbe, *states: str, timeout: float = WHATIF_RUN_TIMEOUT_MS) -> str:
    """Wait until the what-if page's state is one of `states`, and say which it reached."""
    wanted = json.dumps(list(states))
    probe.page.wait_for_function(
        f"() => {wanted}.includes(document.getElementById('whatif').dataset.state)",
        timeout=timeout,
    )
    return probe.page.locator("#whatif").get_attribute("data-state")


@pytest.fixture(scope="module")
def whatif_url() -> Iterator[str]:
    """The "Try your practice" page of the Material for MkDocs build, served for one module."""
    with serving(mkdocs_site()) as url:
        yield url + "try/"


@pytest.fixture(scope="module")
def page_probe(chromium: object) -> Iterator[PageProbe]:
    """One recording browser context for all of a module's tests, each going on from the page
    the one before left (a test that needs a fresh page takes `probe`)."""
    probe = PageProbe(chromium, viewport={"width": 1280, "height": 900})
    yield probe
    probe.close()


def cli_per_replication(tmp_path: Path, scenario: dict, reps: int, seed: int) -> list[dict]:
    """`twohats run` of the same scenario, seed and replications: each replication's KPIs."""
    path = tmp_path / f"{scenario['name']}.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    command = [sys.executable, "-m", "sim", "run", str(path), "--reps", str(reps)]
    command += ["--seed", str(seed), "--out", str(tmp_path / "out"), "--quiet", "--jobs", "1"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    summary = json.loads((tmp_path / "out" / scenario["name"] / "summary.json").read_text())
    return summary["per_replication"]
