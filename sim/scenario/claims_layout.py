"""The open-claims export's layout: the documented columns (`claim_columns.yaml`), which
column of a header holds each field, what is missing, and the options the command line
adds to that.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LAYOUT_FILE = Path(__file__).with_name("claim_columns.yaml")


FIELDS_OF_MEANING = ("sent_date", "expected_usd")
"""Fields a row cannot be read without: a wrong guess would change what the row means."""

Estimator = Callable[[str, Decimal], Decimal]
"""The insurance portion of a claim from its scenario payer and its billed amount."""


@dataclass(frozen=True)
class Header:
    """Where the header is and which position holds each field."""

    line: int
    cells: list[str]
    columns: dict[str, int]
    buckets: list[int]


@cache
def layout() -> dict[str, Any]:
    """The documented column layout (`claim_columns.yaml`)."""
    return yaml.safe_load(LAYOUT_FILE.read_text(encoding="utf-8"))


def _key(header: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", header.strip())
    return re.sub(r"[\s._#:]+", " ", spaced.lower()).strip()


def _bucket(header: str) -> bool:
    text = re.sub(r"\s*-\s*", "-", _key(header))
    return bool(re.fullmatch(layout()["bucket_header"], text))


def _names(column: str) -> set[str]:
    spec = layout()["columns"][column]
    return {_key(column), *(_key(a) for a in spec["aliases"])}


def header_score(cells: list[str]) -> int:
    """How many cells name a column the import knows (a header row scores 2 or more)."""
    known = set().union(*(_names(c) for c in layout()["columns"]))
    return sum(1 for c in cells if c.strip() and (_key(c) in known or _bucket(c)))


def header_map(
    cells: list[str], chosen: Mapping[str, str] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Which position holds each field, and problems (doubled or unknown columns).

    `chosen` names a header for a field (--column), overriding the aliases.
    """
    chosen = chosen or {}
    found: dict[str, int] = {}
    problems = []
    for column in layout()["columns"]:
        if chosen.get(column) == "":
            continue  # --column FIELD= : an optional field left unread
        if column in chosen:
            hits = [i for i, h in enumerate(cells) if _key(h) == _key(chosen[column])]
            if not hits:
                problems.append(
                    f"--column {column}={chosen[column]}: no such column; {_seen(cells)}"
                )
                continue
        else:
            hits = [i for i, h in enumerate(cells) if _key(h) in _names(column)]
        if len(hits) > 1:
            both = ", ".join(repr(cells[i]) for i in hits)
            problems.append(
                f"columns {both} both read as {column}; name one with --column {column}=HEADER"
            )
        elif hits:
            found[column] = hits[0]
    return found, problems


def _missing(
    cells: list[str], columns: dict[str, int], has_billed: bool, options: ImportOptions
) -> list[str]:
    """A problem for each field the rows need and no column holds (the payer may come from
    carrier rows instead, and the estimate from the billed amount when asked)."""
    problems = []
    for column, spec in layout()["columns"].items():
        if column in columns or not spec["required"] or column == "payer":
            continue
        if column == "expected_usd" and options.estimator is not None:
            if not has_billed:
                problems.append(
                    f"--estimate-from-billed needs a billed amount, and there is no billed_usd "
                    f"column or aging-bucket column; {_seen(cells)}"
                )
            continue
        advice = f"name it with --column {column}=HEADER"
        if column == "expected_usd":
            advice += (
                ", or give --estimate-from-billed to estimate it from the billed amount and "
                "each payer's coverage in the base scenario (the summary then says so)"
            )
        why = "; it changes what each row means, so it is never assumed" * (
            column in FIELDS_OF_MEANING
        )
        problems.append(
            f"no {column} column ({spec['meaning'].rstrip('.')}){why}. {_seen(cells)}; headers "
            f"read as {column}: {', '.join(spec['aliases'])}; {advice}"
        )
    return problems


def _seen(cells: list[str]) -> str:
    return "columns seen: " + ", ".join(repr(c.strip()) for c in cells if c.strip())


@dataclass(frozen=True)
class ImportOptions:
    """What the command line adds: the scenario's payers, names mapped to them, the date of
    the books, headers named for fields, and how to estimate a missing insurance portion."""

    scenario_payers: list[str]
    mapping: dict[str, str] = field(default_factory=dict)
    as_of: date | None = None
    columns: dict[str, str] = field(default_factory=dict)
    estimator: Estimator | None = None
