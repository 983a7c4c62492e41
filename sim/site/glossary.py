"""The glossary: one YAML file drives both the glossary page and the site-wide tooltips.

Entries with an `abbr` become Markdown abbreviation definitions, which `pymdownx.snippets`
appends to every page so `content.tooltips` can explain them wherever they appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.site import data as data_file
from sim.site.output import write_all
from sim.site.paths import DATA, SNIPPETS

DATA_FILE = DATA / "glossary.yaml"


class GlossaryError(ValueError):
    """The glossary data is malformed."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One glossary term, with its optional abbreviation."""

    term: str
    definition: str
    abbr: str | None = None


def parse(data: Any) -> list[Entry]:
    """Check and convert parsed YAML into entries sorted by term."""
    if not isinstance(data, list) or not data:
        raise GlossaryError("the glossary must be a non-empty list of entries")
    entries = []
    for item in data:
        if not isinstance(item, dict) or not item.get("term") or not item.get("definition"):
            raise GlossaryError(f"glossary entry {item!r} needs term and definition")
        abbr = item.get("abbr")
        entries.append(
            Entry(
                str(item["term"]),
                " ".join(str(item["definition"]).split()),
                str(abbr) if abbr else None,
            )
        )
    abbrs = [e.abbr for e in entries if e.abbr]
    if len(abbrs) != len(set(abbrs)):
        raise GlossaryError("an abbreviation is defined twice")
    return sorted(entries, key=lambda e: e.term.lower())


def render_abbreviations(entries: list[Entry]) -> str:
    """Abbreviation definitions in Markdown `*[ABBR]: expansion` form."""
    return "".join(f"*[{e.abbr}]: {e.term}\n" for e in entries if e.abbr)


def render_glossary(entries: list[Entry]) -> str:
    """A definition list of every term, abbreviation in brackets."""
    blocks = []
    for e in entries:
        title = f"{e.term} ({e.abbr})" if e.abbr else e.term
        blocks.append(f"{title}\n:   {e.definition}\n")
    return "\n".join(blocks)


def generate(root: Path) -> list[Path]:
    """Write the abbreviation file and the glossary fragment if either changed."""
    entries = parse(data_file.read(root / DATA_FILE))
    outputs = {
        "abbreviations.md": render_abbreviations(entries),
        "glossary.md": render_glossary(entries),
    }
    return write_all(root / SNIPPETS, outputs)
