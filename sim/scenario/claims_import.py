"""Read a practice's open-claims export into a scenario's exact opening state.

The layout and the header names live in `claim_columns.yaml`; the text itself (encoding,
delimiter, line endings) is read by `export_text`. Every bad row is reported with its line
in one pass; nothing is returned (so nothing is written) on any error. A field that
changes what a row means is never assumed: without its column the import stops.

The layout and header live in `claims_layout`, a cell's value in `claims_values`, the rows
below the header in `claims_rows`; this module reads a file through them and sums it up, and
re-exports the names the command line and tests import from here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sim.scenario.claims_layout import (
    Estimator,
    Header,
    ImportOptions,
    _bucket,
    _missing,
    header_map,
    header_score,
    layout,
)
from sim.scenario.claims_rows import _Reader
from sim.scenario.claims_values import parse_date, parse_money, read_date
from sim.scenario.export_text import DELIMITERS, ExportTextError, best_delimiter, decode, rows
from sim.scenario.files import NotRegular, regular_file_bytes
from sim.scenario.loading import MAX_FILE_BYTES
from sim.scenario.schema import ProcedureClass

__all__ = [
    "MAX_CLAIMS",
    "MAX_CSV_BYTES",
    "MAX_PROBLEMS",
    "SHORTEST_CLAIM_BYTES",
    "ClaimsImportError",
    "Estimator",
    "ImportOptions",
    "ImportedClaims",
    "coverage_estimator",
    "layout",
    "opening_section",
    "parse_date",
    "parse_money",
    "past_filing_limit",
    "read_date",
    "read_open_claims",
]

MAX_CSV_BYTES = 20_000_000
SHORTEST_CLAIM_BYTES = 90
"""The fewest bytes one claim takes in the client file (a line with a short payer name)."""
MAX_CLAIMS = MAX_FILE_BYTES // SHORTEST_CLAIM_BYTES
"""Most claim rows read: more could never fit in a scenario file, so reading stops past it
(the written file's own size is checked again before it is written)."""
MAX_PROBLEMS = 25
"""Problems listed before the rest are summed up in one line."""


class ClaimsImportError(Exception):
    """The export cannot be read; `problems` lists each with its file and line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportedClaims:
    """What a file held: the opening claims (as scenario data) and how they were read."""

    claims: list[dict[str, Any]]
    as_of: date
    skipped_rows: int
    encoding: str = "UTF-8"
    delimiter: str = "comma"
    fed: dict[str, str] = field(default_factory=dict)
    """Each field and where it came from (a header, the carrier rows, an estimate)."""
    ignored: list[str] = field(default_factory=list)
    shape: str = "one row per claim"
    estimated: int = 0


def _text_of(path: Path, shown: str) -> tuple[str, str]:
    try:
        raw = regular_file_bytes(path, MAX_CSV_BYTES)
    except NotRegular as exc:
        raise ClaimsImportError([f"{shown}: is {exc.kind}, not a CSV export"]) from None
    except OSError as exc:
        raise ClaimsImportError([f"{shown}: cannot read ({exc.strerror or exc})"]) from None
    if len(raw) > MAX_CSV_BYTES:
        raise ClaimsImportError([f"{shown}: larger than {MAX_CSV_BYTES // 1_000_000} MB"])
    try:
        return decode(raw)
    except ExportTextError as exc:
        raise ClaimsImportError([f"{shown}: {exc}"]) from None


def _header(shown: str, text: str, options: ImportOptions) -> tuple[Header, str]:
    """The header row and the delimiter; ClaimsImportError naming what is missing."""
    try:
        delimiter, index = best_delimiter(text, header_score)
    except ExportTextError as exc:
        raise ClaimsImportError([f"{shown} {exc}"]) from None
    if index < 0:
        raise ClaimsImportError(
            [
                f"{shown}: no header row found in its first lines (tried comma, tab, semicolon "
                "and bar as the separator); the header names the columns, such as Date of "
                "Service, Date Sent, Carrier, Ins Est"
            ]
        )
    row = next(r for i, r in enumerate(rows(text, delimiter)) if i == index)
    columns, problems = header_map(row.cells, options.columns)
    header = Header(
        row.line, row.cells, columns, [i for i, c in enumerate(row.cells) if _bucket(c)]
    )
    has_billed = "billed_usd" in columns or bool(header.buckets)
    problems += _missing(row.cells, columns, has_billed, options)
    if problems:
        named = DELIMITERS[delimiter]
        raise ClaimsImportError(
            [f"{shown} line {row.line} ({named}-separated): {p}" for p in problems]
        )
    return header, delimiter


def read_open_claims(path: Path, options: ImportOptions) -> ImportedClaims:
    """Every open claim in the export at `path`, or ClaimsImportError listing every bad line."""
    shown = str(path)
    text, encoding = _text_of(path, shown)
    header, delimiter = _header(shown, text, options)
    problems = [
        f"--payer {given}={target}: {target!r} is not a scenario payer "
        f"({', '.join(options.scenario_payers)})"
        for given, target in options.mapping.items()
        if target not in options.scenario_payers
    ]
    reader = _Reader(shown, header, options)
    seen = 0
    try:
        for row in rows(text, delimiter):
            if row.line <= header.line:
                continue
            reader.read(row)
            seen = len(reader.claims) + reader.bad_rows
            if seen > MAX_CLAIMS:
                raise ClaimsImportError(
                    [
                        f"{shown}: more than {MAX_CLAIMS:,} claim rows (stopped reading at line "
                        f"{row.line}); a client scenario file, read up to {MAX_FILE_BYTES:,} "
                        "bytes, cannot hold more. Give the books as totals instead "
                        "(opening.ar_usd by bucket and opening.unsubmitted_claims)"
                    ]
                )
    except ExportTextError as exc:
        problems.append(f"{shown} {exc}")
    problems += reader.problems + _unknown_payers(shown, reader.unknown, options)
    if not reader.claims and not problems:
        problems.append(f"{shown}: no claims below the header on line {header.line}")
    as_of = options.as_of or max(
        (c["sent_date"] or c["service_date"] for c in reader.claims), default=None
    )
    if options.as_of is not None:
        problems += [
            f"{shown} line {line}: dated {c['sent_date'] or c['service_date']}, after "
            f"--as-of {options.as_of}"
            for c, line in zip(reader.claims, reader.lines, strict=True)
            if (c["sent_date"] or c["service_date"]) > options.as_of
        ]
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], f"{shown}: and {more} more problems"]
        raise ClaimsImportError(problems)
    assert as_of is not None
    return ImportedClaims(
        reader.claims,
        as_of,
        reader.skipped,
        encoding=encoding,
        delimiter=DELIMITERS[delimiter],
        fed=_fed(header, reader),
        ignored=_ignored(header),
        shape=_shape(header, reader),
        estimated=reader.estimated,
    )


def _unknown_payers(shown: str, unknown: dict[str, list[int]], options: ImportOptions) -> list[str]:
    allowed = ", ".join(options.scenario_payers)
    return [
        f"{shown} line {lines[0]}: payer {name!r} is not a scenario payer ({allowed}); map it "
        f"with --payer '{name}=PAYER' ({len(lines)} claim{'s' * (len(lines) > 1)} name it)"
        for name, lines in unknown.items()
    ]


def _fed(header: Header, reader: _Reader) -> dict[str, str]:
    """Where each field came from, in words for the summary."""
    fed = {c: repr(header.cells[i].strip()) for c, i in header.columns.items()}
    if "payer" not in fed:
        fed["payer"] = f"the carrier rows above each group ({reader.groups} carriers)"
    if "billed_usd" not in fed and header.buckets:
        names = ", ".join(repr(header.cells[i].strip()) for i in header.buckets)
        fed["billed_usd"] = f"the aging-bucket columns {names}"
    if "expected_usd" not in fed:
        source = fed.get("billed_usd", "the billed amount")
        fed["expected_usd"] = (
            f"ESTIMATED for {reader.estimated} claims: billed amount ({source}) times the "
            "payer's allowance share and its coverage share in the base scenario, for the "
            "procedure class whose mean fee is nearest the billed amount"
        )
    return fed


def _ignored(header: Header) -> list[str]:
    used = set(header.columns.values())
    if "billed_usd" not in header.columns:
        used |= set(header.buckets)
    return [c.strip() for i, c in enumerate(header.cells) if i not in used and c.strip()]


def _shape(header: Header, reader: _Reader) -> str:
    if reader.groups:
        return (
            f"an aging report: header on line {header.line}, {reader.groups} carrier rows, "
            f"{reader.skipped} blank, repeated-header or total rows skipped"
        )
    if header.line > 1:
        return f"one row per claim below a header on line {header.line}"
    return "one row per claim"


def coverage_estimator(
    coverage: Mapping[str, Mapping[ProcedureClass, float]],
    class_fees: Mapping[ProcedureClass, float],
    allowance: Mapping[str, Mapping[ProcedureClass, float]],
) -> Estimator:
    """An estimate of the insurance portion, as the model reckons a claim's: the plan's allowed
    amount (the billed fee times the payer's allowance share, never more than the fee) times its
    coverage, for the procedure class whose mean fee (the scenario's fee schedule) is nearest,
    by ratio."""

    def estimate(payer: str, billed: Decimal) -> Decimal:
        shares = coverage[payer]
        known = [c for c in class_fees if c in shares and class_fees[c] > 0]
        if not known or billed <= 0:
            return Decimal(0)
        nearest = min(known, key=lambda c: abs(math.log(float(billed) / class_fees[c])))
        allowed = min(Decimal(str(allowance[payer][nearest])), Decimal(1))
        share = Decimal(str(shares[nearest]))
        return (billed * allowed * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    return estimate


def opening_section(imported: ImportedClaims) -> dict[str, Any]:
    """The `opening:` mapping for the client scenario (totals zeroed so a base's do not merge in)."""
    return {
        "as_of": imported.as_of,
        "unsubmitted_claims": 0,
        "ar_usd": {"0-30": 0, "31-60": 0, "61-90": 0, "90+": 0},
        "claims": imported.claims,
    }


def past_filing_limit(imported: ImportedClaims, limits: dict[str, int]) -> list[dict[str, Any]]:
    """The claims the payer will refuse as filed too late: unsent ones whose filing limit
    (days from service, by payer) passed before the report's date, and ones sent after it.

    The simulator gives these up on day 0 (written off at its first write-off review); every other claim is inside its limit."""
    late = []
    for claim in imported.claims:
        deadline = claim["service_date"] + timedelta(days=limits[claim["payer"]])
        sent = claim["sent_date"]
        if (sent is None and deadline < imported.as_of) or (sent is not None and sent > deadline):
            late.append(claim)
    return late
