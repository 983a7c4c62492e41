"""Reading the site's data files (docs/_data/*.yaml) with the scenario loader's rules.

YAML's safe loader keeps the last of two equal keys without a word, so a stale copy of an
entry can silently replace the real one; these files are read with the same loader as
scenario files, which refuses a key given twice and says where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sim.scenario.loading import parse_yaml


class DataFileError(ValueError):
    """A data file is not valid YAML or gives a key twice; the message names file and line."""


def read(path: Path) -> Any:
    """The parsed content of one data file (safe tags only, no key given twice)."""
    try:
        return parse_yaml(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(f"{path}:{where} {problem}") from None
