"""The scenario file reference page: one table per section of the schema, every leaf field.

Each row gives the field's key path, meaning, unit, default, allowed values and a link to
its row on the assumptions page; the fields themselves come from `sim.site.fields`.
"""

from __future__ import annotations

from pathlib import Path

from sim.site.fields import (
    Leaf,
    allowed,
    anchor,
    default_value,
    escape,
    leaves,
    meaning,
    section_of,
    show,
    unit,
)
from sim.site.output import write_if_changed
from sim.site.paths import SNIPPETS

OUT = SNIPPETS / "scenario-reference.md"
ASSUMPTIONS_PAGE = "../model/assumptions.md"


def render(found: list[Leaf]) -> str:
    """One table per section: key, meaning, unit, default, allowed, source."""
    out: list[str] = []
    current = None
    for leaf in found:
        section = section_of(leaf.path)
        if section != current:
            current = section
            title = "Top-level keys" if section == "(top level)" else f"`{section}`"
            out += ["", f"### {title}", "", "| Key | Meaning | Unit | Default | Allowed | Source |"]
            out.append("|---|---|---|---|---|---|")
        out.append(
            f"| `{leaf.path}` | {escape(meaning(leaf))} | {unit(leaf.path) or '-'} | "
            f"{escape(show(default_value(leaf)))} | {escape(allowed(leaf.schema))} | "
            f"[source]({ASSUMPTIONS_PAGE}#{anchor(leaf.path)}) |"
        )
    return "\n".join(out).lstrip("\n") + "\n"


def generate(root: Path) -> list[Path]:
    """Write the scenario reference fragment if it changed."""
    path = root / OUT
    return [path] if write_if_changed(path, render(leaves())) else []
