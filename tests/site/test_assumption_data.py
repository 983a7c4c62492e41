"""The assumptions page's data (docs/_data/sources.yaml, assumptions.yaml) is checked on reading.

A citation of an unlisted source, a schema field without an entry and an entry for no field
are each refused, naming the file and the key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.site import assumptions, fields
from sim.site.paths import DATA

ROOT = Path(__file__).resolve().parents[2]


def _copy_data(tmp_path: Path) -> tuple[Path, dict, dict]:
    (tmp_path / DATA).mkdir(parents=True)
    sources = yaml.safe_load((ROOT / assumptions.SOURCES_FILE).read_text(encoding="utf-8"))
    entries = yaml.safe_load((ROOT / assumptions.ENTRIES_FILE).read_text(encoding="utf-8"))
    return tmp_path, sources, entries


def _write(root: Path, sources: dict, entries: dict) -> None:
    (root / assumptions.SOURCES_FILE).write_text(yaml.safe_dump(sources), encoding="utf-8")
    (root / assumptions.ENTRIES_FILE).write_text(yaml.safe_dump(entries), encoding="utf-8")


def test_the_bundled_data_is_complete() -> None:
    sources, entries = assumptions.read_all(ROOT)
    assert set(entries) == {leaf.path for leaf in fields.leaves()}
    cited = {s for entry in entries.values() for s in entry.sources}
    assert cited <= set(sources)


def test_an_unlisted_source_is_refused(tmp_path: Path) -> None:
    root, sources, entries = _copy_data(tmp_path)
    entries["horizon_days"]["sources"] = ["no_such_source"]
    _write(root, sources, entries)
    with pytest.raises(assumptions.DataError, match=r"horizon_days\.sources\[0\]"):
        assumptions.read_all(root)


def test_a_field_without_an_entry_and_a_stale_entry_are_refused(tmp_path: Path) -> None:
    root, sources, entries = _copy_data(tmp_path)
    del entries["horizon_days"]
    entries["practice.no_such_field"] = {"basis": "assumption", "text": "Gone."}
    _write(root, sources, entries)
    with pytest.raises(assumptions.DataError) as caught:
        assumptions.read_all(root)
    assert "horizon_days: no entry" in str(caught.value)
    assert "practice.no_such_field: entry for a field" in str(caught.value)


def test_an_unknown_tier_is_refused(tmp_path: Path) -> None:
    root, sources, entries = _copy_data(tmp_path)
    sources["iom"]["tier"] = "D"
    _write(root, sources, entries)
    with pytest.raises(assumptions.DataError, match=r"iom\.tier.*allowed"):
        assumptions.read_all(root)
