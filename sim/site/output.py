"""Atomic, change-aware file writing, so regenerating the site writes no unchanged bytes."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sim.outputs.results import versions


def write_if_changed(path: Path, content: bytes | str) -> bool:
    """Write `content` to `path` atomically; return False and leave the file alone if equal."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = Path(path)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return True


SIMULATED_FROM = ("scenario", "model", "study", "outputs")
"""The packages of `sim` whose code a page's simulated numbers and charts depend on."""


def fingerprint(root: Path, generator: str, settings: list[object]) -> str:
    """Hash of everything a generator's simulated numbers depend on.

    The scenarios, the simulator's code (the floors results come from: scenario, model, study
    and outputs, not the command line or the bench), the generator's own file, package
    versions and the generator's run settings (seed, replications, which scenarios).
    """
    digest = hashlib.sha256()
    files = sorted((root / "scenarios").glob("*.yaml"))
    for package in SIMULATED_FROM:
        files += sorted((root / "sim" / package).rglob("*.py"))
    files.append(root / generator)
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps([versions(), *settings], sort_keys=True).encode())
    return digest.hexdigest()


def is_current(fragment: Path, stamp: str, products: Iterable[Path] = ()) -> bool:
    """True when `fragment` begins with `stamp` and every other product exists.

    Generators that simulate put a stamp of their inputs on the first line of their fragment,
    so an unchanged project is not simulated again.
    """
    if not fragment.is_file() or not all(Path(p).is_file() for p in products):
        return False
    return fragment.read_text(encoding="utf-8").startswith(stamp)


def cached_or_simulated(
    cache: Path,
    key: str,
    simulate: Callable[[], dict[str, Any]],
    products: Iterable[Path] = (),
) -> tuple[dict[str, Any], bool]:
    """A generator's records: the cache's when it carries `key` (the generator's
    `fingerprint`) and every other product exists, else `simulate()`'s under that key.

    Returns the records and whether they were simulated afresh. Fresh records are passed
    through JSON, so they render exactly as the same records read back from the cache do.
    """
    if cache.is_file() and all(Path(p).is_file() for p in products):
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("fingerprint") == key:
            return data, False
    return json.loads(json.dumps({"fingerprint": key, **simulate()})), True


def write_all(folder: Path, files: Mapping[str, bytes | str]) -> list[Path]:
    """Write each named file into `folder` if it changed; return the paths written."""
    return [
        folder / name for name, content in files.items() if write_if_changed(folder / name, content)
    ]
