"""Plain names of the bundled staffing options (docs/_data/options.yaml), for page labels."""

from __future__ import annotations

import functools
from pathlib import Path

from sim.site import data as data_file
from sim.site.paths import DATA

FILE = "options.yaml"


class OptionsError(ValueError):
    """options.yaml is malformed or lacks a bundled option: names the file and the key."""


@functools.cache
def _names(root: Path) -> dict[str, str]:
    data = data_file.read(root / DATA / FILE)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise OptionsError(f"{DATA / FILE}: expected a mapping of scenario names to plain names")
    return {str(k): v for k, v in data.items()}


def plain_name(root: Path, scenario: str) -> str:
    """The option's plain name; a scenario not listed is an error naming the file and key."""
    names = _names(root)
    if scenario not in names:
        raise OptionsError(f"{DATA / FILE}: {scenario}: no plain name; add one (any short text)")
    return names[scenario]
