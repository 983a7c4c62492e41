"""Page facts the issue-26 audit found wrong, pinned so they stay right.

Each test names the finding it protects; each reads the page or data a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from sim.model.registry import registry
from sim.site import data

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _page(rel: str) -> str:
    return (DOCS / rel).read_text(encoding="utf-8")


def test_evidence_tables_show_checks_missed_beside_checks_skipped() -> None:
    """Finding 10: a separate coordinator skips fewer checks but may miss them; show both."""
    table = [k.key for k in registry().table("evidence")]
    assert "verifications_skipped" in table and "verifications_missed" in table


def test_no_page_cites_the_project_s_internal_notes() -> None:
    """Finding 11: a reader cannot open 'the project's domain facts'; cite the pages."""
    texts = [p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md") if "generated" not in str(p)]
    texts += [p.read_text(encoding="utf-8") for p in (DOCS / "_data").glob("*.yaml")]
    assert not [t for t in texts if re.search(r"domain[- ]facts|MODEL\.md", t, re.I)]


def test_disciplines_are_labelled_assumptions_with_sources() -> None:
    """Finding 11: how one person orders two queues is an assumption about people."""
    page = _page("model/index.md")
    section = page.partition("## One person, two roles")[2].partition("\n## ")[0]
    assert "assumptions about people" in section
    entries = data.read(DOCS / "_data" / "assumptions.yaml")
    assert entries["staff[].discipline"]["basis"] == "assumption"
    assert entries["staff[].discipline"]["sources"]
