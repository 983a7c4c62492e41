"""`make serve` on a fresh clone brings the "Try your practice" page up working.

A copy of the committed files (what `git clone` gives) is served with `python -m sim.site.serve`,
the command `make serve` runs. The page first says its runtime is still being built; when the
terminal says the full site is ready, a reload gives a page that runs the model.

To keep the test offline and within minutes, the copy gets what a first run would fetch or
compute and keep: the package download caches of web/build.py (web/node_modules, web/build)
and the simulated fragments (whose runs are reused when the code has not changed). The
runtime itself, docs/assets/whatif/, is not copied: serving must build it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT, PageProbe

pytestmark = pytest.mark.browser

READY_TIMEOUT_S = 1200
RUN_TIMEOUT_MS = 300_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_clone(dest: Path) -> Path:
    """The committed files, plus the caches a first `make serve` leaves, minus the runtime."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True
    ).stdout.split(b"\0")
    for name in filter(None, listed):
        source = ROOT / name.decode()
        if source.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for cache in (
        "web/node_modules",
        "web/build",
        "docs/_snippets/generated",
        "docs/assets/generated",
    ):
        if (ROOT / cache).is_dir():
            shutil.copytree(ROOT / cache, dest / cache, symlinks=True)
    assert not (dest / "docs" / "assets" / "whatif").exists()
    return dest


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """`python -m sim.site.serve` in a fresh clone: its URL and the lines it prints so far."""
    if not (ROOT / "web" / "node_modules" / "pyodide").is_dir():
        pytest.skip("web/build.py has not fetched Pyodide in this checkout yet (make site)")
    clone = fresh_clone(tmp_path / "clone")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(clone)}
    server = subprocess.Popen(
        [sys.executable, "-m", "sim.site.serve", "--port", str(port)],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()
    try:
        yield f"http://127.0.0.1:{port}/", lines
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_for(lines: list[str], text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(text in line for line in lines):
            return
        time.sleep(1)
    raise AssertionError(f"no '{text}' within {timeout:.0f} s; printed: {''.join(lines)[-3000:]}")


def test_make_serve_builds_the_what_if_runtime_while_serving(
    served: tuple[str, list[str]], make_probe: Callable[..., PageProbe]
) -> None:
    url, lines = served
    _wait_for(lines, "Serving the playbook", 300)
    assert any("runtime is being built" in line for line in lines)
    probe = make_probe()
    page = probe.page
    page.goto(url + "try/?preset=small-combined&horizon=20&reps=1")
    page.wait_for_selector("#whatif-building", state="visible")
    assert "Still being built" in page.locator("#whatif-building").inner_text()

    _wait_for(lines, "Full site ready", READY_TIMEOUT_S)
    page.reload()
    page.wait_for_function(
        "() => document.getElementById('whatif').dataset.state === 'ready'", timeout=60_000
    )
    assert page.locator("#whatif-building").is_hidden()
    page.click("#whatif-run")
    page.wait_for_function(
        "() => ['done', 'failed', 'problems'].includes(document.getElementById('whatif').dataset.state)",
        timeout=RUN_TIMEOUT_MS,
    )
    assert page.locator("#whatif").get_attribute("data-state") == "done"
    record = json.loads(page.locator("#whatif-result").text_content())
    assert record["replications"] == 1 and "small-combined" in record["options"]
    assert probe.off_host == []
