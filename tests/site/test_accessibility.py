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
