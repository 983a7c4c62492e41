"""Entry point: `python -m sim.site` runs every site generator and reports what changed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from sim.model.registry import RegistryError
from sim.site import (
    assumptions,
    break_even,
    cache,
    dose_desk,
    evidence,
    glossary,
    kpi_formulas,
    raci,
    reference,
    self_check,
    staffing,
    validation_page,
    warm_up,
    ways_of_working,
)
from sim.site.data import DataFileError
from sim.site.options import OptionsError
from sim.site.self_check import SelfCheckError

Generator = Callable[[Path], list[Path]]

GENERATORS: list[Generator] = [
    cache.restore,
    raci.generate,
    glossary.generate,
    self_check.generate,
    validation_page.generate,
    warm_up.generate,
    evidence.generate,
    dose_desk.generate,
    reference.generate,
    assumptions.generate,
    staffing.generate,
    ways_of_working.generate,
    break_even.generate,
    kpi_formulas.generate,
    cache.store,
]
"""Each generator takes the repository root and returns the paths it changed. The first copies
in what a run with the same inputs generated before, the last keeps what this run generated
(sim/site/cache.py): the generators in between check their own fingerprints either way."""


def project_root() -> Path:
    """The repository root: the folder holding mkdocs.yml, two levels above this package."""
    return Path(__file__).resolve().parents[2]


def main(root: Path | None = None) -> int:
    """Run all generators in order; print each changed file relative to the root."""
    root = root or project_root()
    changed: list[Path] = []
    try:
        for generate in GENERATORS:
            changed.extend(generate(root))
    except (
        assumptions.DataError,
        DataFileError,
        RegistryError,
        OptionsError,
        SelfCheckError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"updated {path.relative_to(root)}")
    if not changed:
        print("site fragments up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
