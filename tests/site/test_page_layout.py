"""Layout the audit asked for: the RACI keeps its column headings in view, and the home page's
practice-owner path leads to the what-if page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import PageProbe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_raci_column_headings_stay_in_view_when_scrolled(
    make_probe: Callable[..., PageProbe], base_url: str, width: int
) -> None:
    probe = make_probe(viewport={"width": width, "height": 844})
    page = probe.page
    page.goto(base_url + "raci/")
    wrap = page.locator(".raci-matrix .md-typeset__scrollwrap")
    wrap.scroll_into_view_if_needed()
    wrap.evaluate("e => e.scrollTop = 600")
    assert wrap.evaluate("e => e.scrollTop") > 0  # the matrix scrolls in its own box
    heading = page.locator(".raci-matrix thead th").nth(2).bounding_box()
    box = wrap.bounding_box()
    assert abs(heading["y"] - box["y"]) < 2, (heading, box)


def test_the_practice_owner_path_links_the_what_if_page(
    make_probe: Callable[..., PageProbe], base_url: str
) -> None:
    page = make_probe().page
    page.goto(base_url)
    card = page.locator(".grid.cards li", has_text="I own or run a practice")
    assert card.locator("a[href$='try/']").count() == 1
