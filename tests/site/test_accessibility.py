"""axe-core finds no serious or critical accessibility problems on the key pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "roles/office-manager/",
    "roles/insurance-coordinator/",
    "raci/",
    "evidence/",
    "trainees/onboarding/",
    "trainees/self-check/",
    "roles/office-manager-checklist/",
    "try/",
]

ALLOWED: dict[str, str] = {}
"""Rule id -> why it is allowed. Theme-level false positives only; keep this short."""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(
    make_probe: Callable[..., object], base_url: str, path: str, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    probe = make_probe(color_scheme=scheme)
    probe.page.goto(base_url + path)
    results = Axe().run(probe.page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] not in ALLOWED
    ]
    assert bad == []


def _serious(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical") and v["id"] not in ALLOWED
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_trainee_tools_in_use_stay_accessible(
    make_probe: Callable[..., object], base_url: str, scheme: str
) -> None:
    """After ticking boxes and answering questions (feedback shown, answers opened)."""
    probe = make_probe(color_scheme=scheme)
    page = probe.page
    page.goto(base_url + "trainees/onboarding/")
    page.locator(".task-list-item input[type=checkbox]").first.focus()
    page.keyboard.press("Space")
    assert page.locator(".task-list-item input[type=checkbox]").first.is_checked()
    assert _serious(page) == []
    page.goto(base_url + "trainees/self-check/")
    page.locator(".self-check input[type=radio]").first.check()
    page.locator(".self-check-submit").first.click()
    page.locator(".self-check-text").first.fill("31-60")
    page.locator(".self-check[data-kind=text] .self-check-submit").first.click()
    assert _serious(page) == []
