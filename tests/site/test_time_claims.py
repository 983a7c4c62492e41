"""The consultants' pages never promise seconds for a client's work: wherever they time a
comparison or the report's screening, a client with several options is set in minutes."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "consultants"


def _paragraphs(name: str) -> list[str]:
    text = (DOCS / name).read_text(encoding="utf-8")
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]


def test_a_time_in_seconds_for_a_comparison_comes_with_the_client_s_minutes() -> None:
    timed = [p for p in _paragraphs("index.md") if re.search(r"about \d+ seconds", p)]
    assert timed, "the guide no longer times a comparison: update this test"
    for paragraph in timed:
        assert "A real client takes minutes, not seconds" in paragraph
        assert re.search(r"five options.*about \d+ minutes", paragraph)


def test_the_screening_s_time_is_given_for_a_busy_machine_too() -> None:
    for name in ("index.md", "worked-case.md"):
        screening = [p for p in _paragraphs(name) if "screening" in p and "minute" in p]
        assert screening, name
        for paragraph in screening:
            assert re.search(r"about \d+ minutes", paragraph), (name, paragraph)
            assert re.search(r"\bbusy\b", paragraph), (name, paragraph)
