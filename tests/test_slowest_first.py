"""The slowest-first list names modules that exist, each once (a renamed module would
silently drop back to collection order)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import SLOWEST_FIRST

ROOT = Path(__file__).resolve().parents[1]


def test_every_listed_module_exists_once() -> None:
    listed = yaml.safe_load(SLOWEST_FIRST.read_text(encoding="utf-8"))
    assert len(listed) == len(set(listed))
    assert [m for m in listed if not (ROOT / m).is_file()] == []
