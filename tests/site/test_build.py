"""The site builds strictly, references no other host, and regenerates without changes."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "font",
    "apple-touch-icon",
    "manifest",
}


class AssetCollector(HTMLParser):
    """Collects every URL an HTML page would fetch by itself when loaded."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and "src" in a:
            self.urls.append(f"<{tag} src> {a['src']}")
        if tag in ("img", "source") and "srcset" in a:
            self.urls.append(f"<{tag} srcset> {a['srcset']}")
        if tag == "link" and set(a.get("rel", "").lower().split()) & LINK_RELS:
            self.urls.append(f"<link {a.get('rel')}> {a.get('href', '')}")
        if tag == "iframe":
            self.urls.append(f"<iframe> {a.get('src', '(inline)')}")
        if "style" in a:
            self.urls.extend(f"style url() {u}" for u in css_urls(a["style"]))


def css_urls(css: str) -> list[str]:
    """URLs fetched by a stylesheet: url(...) values and @import targets."""
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    urls += re.findall(r"@import\s+(?:url\()?\s*['\"]?([^'\"\s;)]+)", css)
    return urls


@pytest.fixture(scope="module")
def fresh_site(
    tmp_path_factory: pytest.TempPathFactory, site_builder: Callable[[Path], None]
) -> Path:
    """A strict build into a temporary directory; fails the test if mkdocs warns."""
    dest = tmp_path_factory.mktemp("site")
    try:
        site_builder(dest)
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"strict build failed:\n{exc.stdout}\n{exc.stderr}")
    return dest


def test_strict_build_succeeds(fresh_site: Path) -> None:
    assert (fresh_site / "index.html").is_file()
    assert (fresh_site / "raci" / "index.html").is_file()


def test_no_page_fetches_from_another_host(fresh_site: Path) -> None:
    offenders = []
    for page in sorted(fresh_site.rglob("*.html")):
        collector = AssetCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for entry in collector.urls:
            if any(REMOTE.match(part) for part in entry.split("> ", 1)[1].split(",")):
                offenders.append(f"{page.relative_to(fresh_site)}: {entry}")
        if "<iframe" in page.read_text(encoding="utf-8"):
            offenders.append(f"{page.relative_to(fresh_site)}: contains an iframe")
    assert offenders == []


def test_no_stylesheet_fetches_from_another_host(fresh_site: Path) -> None:
    offenders = []
    for sheet in sorted(fresh_site.rglob("*.css")):
        css = sheet.read_text(encoding="utf-8", errors="replace")
        offenders += [
            f"{sheet.relative_to(fresh_site)}: {u}" for u in css_urls(css) if REMOTE.match(u)
        ]
    assert offenders == []


def test_fonts_are_not_requested(fresh_site: Path) -> None:
    html = (fresh_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def _snapshot(paths: list[Path]) -> dict[str, str]:
    """Content hash and modification time of every generated file."""
    out = {}
    for base in paths:
        for f in sorted(base.rglob("*")) if base.exists() else []:
            if f.is_file():
                out[str(f)] = f"{hashlib.sha256(f.read_bytes()).hexdigest()} {f.stat().st_mtime_ns}"
    return out


def test_regenerating_changes_no_bytes() -> None:
    generated = [ROOT / "docs/_snippets/generated", ROOT / "docs/assets/generated"]
    run = [sys.executable, "-m", "sim.site"]
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    before = _snapshot(generated)
    second = subprocess.run(run, cwd=ROOT, check=True, capture_output=True, text=True)
    assert _snapshot(generated) == before
    assert "updated" not in second.stdout
