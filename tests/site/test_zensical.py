"""Zensical canary: `zensical build` on the same mkdocs.yml gives the same pages as MkDocs.

Every other site test that takes `built_site` or `site_builder` (the offline guard, the page
and browser checks) already runs once per engine; see ENGINES in conftest.py. This file
checks what those cannot: that the two builds hold the same pages and sitemap entries.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import SITE_DIR, build_site, zensical_command

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


def _sitemap(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    return [urlparse(loc.text or "").path for loc in tree.findall(".//s:loc", SITEMAP_NS)]


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The MkDocs build `make site` made (built here if missing) and a fresh Zensical build."""
    if zensical_command() is None:
        pytest.skip("zensical is not installed in this environment (pip install -e '.[dev]')")
    if not (SITE_DIR / "sitemap.xml").is_file():
        build_site(SITE_DIR)
    zensical = tmp_path_factory.mktemp("zensical-site")
    build_site(zensical, "zensical")
    return SITE_DIR, zensical


def test_zensical_builds_the_same_pages(both_sites: tuple[Path, Path]) -> None:
    mkdocs, zensical = both_sites
    assert _pages(zensical) == _pages(mkdocs)


def test_zensical_sitemap_lists_the_same_pages(both_sites: tuple[Path, Path]) -> None:
    """The same entries, each once; Zensical orders them differently (README: Zensical canary)."""
    mkdocs, zensical = both_sites
    entries = _sitemap(zensical)
    assert len(entries) == len(set(entries))
    assert sorted(entries) == sorted(_sitemap(mkdocs))


def test_zensical_keeps_the_generated_fragments(both_sites: tuple[Path, Path]) -> None:
    """Snippets, abbreviations and generated images come through, not just the page shells."""
    _, zensical = both_sites
    evidence = (zensical / "evidence" / "index.html").read_text("utf-8")
    raci = (zensical / "raci" / "index.html").read_text("utf-8")
    assert "--8&lt;--" not in evidence and "--8<--" not in evidence
    assert "<abbr" in raci
    assert (zensical / "assets" / "generated" / "staffing-cash.png").is_file()
