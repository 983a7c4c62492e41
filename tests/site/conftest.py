"""Shared fixtures for the site tests: the built site, a local server, and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

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


def build_site(dest: Path) -> None:
    """Regenerate the fragments and run a strict mkdocs build into `dest`."""
    subprocess.run([sys.executable, "-m", "sim.site"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def site_builder() -> Callable[[Path], None]:
    """The strict build function, for tests that build into their own directory."""
    return build_site


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site built by `make site`; built here if it is missing."""
    if not (SITE_DIR / "sitemap.xml").is_file():
        build_site(SITE_DIR)
    return SITE_DIR


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that does not log every request to stderr."""

    def log_message(self, fmt: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 on a free port for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        self.page.on("requestfailed", lambda req: self.failed.append(f"{req.url} {req.failure}"))
        self.page.on("response", self._response)

    def _route(self, route: object) -> None:
        """Let loopback requests through; abort and record anything else."""
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.off_host.append(route.request.url)
            route.abort()

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
