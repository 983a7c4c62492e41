"""The generated fragments and charts, kept per machine by a hash of everything they come from.

Simulating the site's fragments takes minutes, and a fresh clone has none of them. After every
full run, `python -m sim.site` copies what it generated into a cache folder outside the checkout
(`$TWOHATS_SITE_CACHE`, else `$XDG_CACHE_HOME/twohats/site`, else `~/.cache/twohats/site`),
named by a hash of the inputs: the scenarios, the simulator's code, the site's hand-written
pages and data, mkdocs.yml and the package versions. A checkout whose inputs hash the same gets
the missing files copied back before the generators run. The generators still check their own
fingerprints and recompute anything stale, so a copy can save time but never change a page.
`TWOHATS_SITE_CACHE=off` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sim.outputs.results import versions
from sim.site.paths import ASSETS, SCENARIOS, SNIPPETS

GENERATED = (SNIPPETS, ASSETS)
"""The folders the generators write, copied to and from the cache."""
INPUTS = (SCENARIOS, Path("sim"), Path("docs"), Path("mkdocs.yml"))
"""What the generated files can depend on, less GENERATED and NOT_INPUTS."""
NOT_INPUTS = (Path("docs/assets/whatif"),)
"""Built beside the inputs by web/build.py from the same sources."""
SKIPPED_NAMES = ("__pycache__",)
KEEP = 4
"""Snapshots kept; the least recently used go first."""


def folder() -> Path | None:
    """The cache folder for this user, or None when TWOHATS_SITE_CACHE=off."""
    chosen = os.environ.get("TWOHATS_SITE_CACHE", "")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "twohats" / "site"


def _input_files(root: Path) -> Iterator[Path]:
    excluded = {root / p for p in (*GENERATED, *NOT_INPUTS)}
    for start in INPUTS:
        path = root / start
        if path.is_file():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            skipped = any(part in SKIPPED_NAMES for part in found.parts)
            if found.is_file() and not skipped and not any(map(found.is_relative_to, excluded)):
                yield found


def inputs_key(root: Path) -> str:
    """Hash of every input's path and bytes, and the package versions."""
    digest = hashlib.sha256()
    for path in _input_files(root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(json.dumps(versions(), sort_keys=True).encode())
    return digest.hexdigest()[:32]


def restore(root: Path) -> list[Path]:
    """Copy the cached files for these inputs into the checkout where they are missing."""
    cache = folder()
    snapshot = cache / inputs_key(root) if cache else None
    if snapshot is None or not snapshot.is_dir():
        return []
    restored = []
    for cached in sorted(p for p in snapshot.rglob("*") if p.is_file()):
        target = root / cached.relative_to(snapshot)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(cached, target)
            restored.append(target)
    os.utime(snapshot)
    return restored


def store(root: Path) -> list[Path]:
    """Keep a copy of the generated files under these inputs' hash; changes nothing here.

    Written into a scratch folder and renamed into place, so a reader never sees half a copy.
    A failure to write the cache (a full or read-only disk) is not the site's failure."""
    cache = folder()
    if cache is None:
        return []
    snapshot = cache / inputs_key(root)
    if snapshot.is_dir():
        return []
    try:
        cache.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".new-", dir=cache))
        for generated in GENERATED:
            if (root / generated).is_dir():
                shutil.copytree(root / generated, scratch / generated)
        try:
            scratch.rename(snapshot)
        except OSError:  # another run stored the same inputs first
            shutil.rmtree(scratch, ignore_errors=True)
        _prune(cache)
    except OSError:
        pass
    return []


def _prune(cache: Path) -> None:
    """Drop all but the KEEP most recently used snapshots."""
    snapshots = sorted(
        (p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in snapshots[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
