"""Where the site generators read and write, relative to the repository root (declared once)."""

from __future__ import annotations

from pathlib import Path

SNIPPETS = Path("docs/_snippets/generated")
"""Markdown fragments the pages include (`--8<-- "generated/<name>"`)."""
ASSETS = Path("docs/assets/generated")
"""Charts the pages show."""
IMAGE_PREFIX = "../assets/generated/"
"""How a page one folder below `docs/` links to a chart in ASSETS."""
DATA = Path("docs/_data")
"""Hand-written data the generators read: RACI, glossary, sources, assumptions."""
SCENARIOS = Path("scenarios")
"""The bundled scenario files."""
