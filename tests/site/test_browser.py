"""The served site works in a real browser: pages, diagrams, search, the matrix, print."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

IMAGES_SETTLED = "() => [...document.images].every(i => i.complete)"
BROKEN_IMAGES = "() => [...document.images].filter(i => i.naturalWidth === 0).map(i => i.src)"
LOAD_LAZY_IMAGES = (
    "() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
)

MERMAID_DONE = (
    "() => !document.querySelector('pre.mermaid') && !!document.querySelector('div.mermaid')"
)


def test_every_nav_page_loads_cleanly(probe: object, base_url: str, nav_paths: list[str]) -> None:
    problems: dict[str, list[str]] = {}
    for path in nav_paths:
        probe.page.goto(base_url + path, wait_until="networkidle")
        if probe.page.locator("pre.mermaid").count():
            probe.page.wait_for_function(MERMAID_DONE, timeout=15_000)
        probe.page.evaluate(LOAD_LAZY_IMAGES)
        probe.page.wait_for_function(IMAGES_SETTLED, timeout=15_000)
        broken = probe.page.evaluate(BROKEN_IMAGES)
        found = probe.problems() + [f"broken image: {src}" for src in broken]
        if found:
            problems[path or "/"] = found
        probe.console_errors.clear()
        probe.failed.clear()
        probe.off_host.clear()
    assert problems == {}
    assert len(nav_paths) >= 30


def test_claim_lifecycle_diagram_renders(probe: object, base_url: str) -> None:
    probe.page.goto(base_url + "workflows/claim-lifecycle/")
    probe.page.wait_for_function(MERMAID_DONE, timeout=15_000)
    box = probe.page.locator("div.mermaid").first.bounding_box()
    assert box and box["height"] > 100
    assert probe.problems() == []


def test_search_for_appeal_finds_the_appeals_page(probe: object, base_url: str) -> None:
    probe.page.goto(base_url)
    box = probe.page.locator("input.md-search__input")
    box.wait_for(state="attached", timeout=5_000)  # Material renders it with the page
    box.click()
    box.press_sequentially("appeal", delay=30)
    results = probe.page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("workflows/denials-and-appeals/" in h for h in hrefs), hrefs
    assert probe.problems() == []


def test_raci_page_shows_the_matrix(probe: object, base_url: str) -> None:
    probe.page.goto(base_url + "raci/")
    table = probe.page.locator(".raci-matrix table").first
    assert table.is_visible()
    headers = table.locator("thead th").all_inner_texts()
    assert {"OM", "IC", "Front desk"} <= {h.strip() for h in headers}
    assert table.locator("tbody tr").count() >= 25


@pytest.mark.parametrize("page", ["roles/office-manager/", "roles/insurance-coordinator/"])
def test_role_checklists_print_cleanly(probe: object, base_url: str, page: str) -> None:
    probe.page.goto(base_url + page)
    probe.page.emulate_media(media="print")
    for selector in (".md-sidebar--primary", ".md-header", ".md-footer", ".md-tabs"):
        locator = probe.page.locator(selector)
        assert locator.count() == 0 or not locator.first.is_visible(), selector
    checklist = probe.page.locator("ul.task-list").first
    assert checklist.is_visible()
    marker = probe.page.locator(".task-list-indicator").first
    style = marker.evaluate(
        "el => { const s = getComputedStyle(el, '::before');"
        " return {w: s.width, border: s.borderTopStyle}; }"
    )
    assert style["border"] == "solid" and style["w"] != "0px", style
