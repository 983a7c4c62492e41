"""Read a practice's open-claims export (CSV) into a scenario's exact opening state.

The layout and the header aliases live in `claim_columns.yaml`. Every bad row is reported
with its line number in one pass; nothing is returned (so nothing is written) on any error.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sim.scenario.files import NotRegular, regular_file_bytes

LAYOUT_FILE = Path(__file__).with_name("claim_columns.yaml")
MAX_CSV_BYTES = 20_000_000
MAX_PROBLEMS = 25
"""Problems listed before the rest are summed up in one line."""
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%m-%d-%Y")


class ClaimsImportError(Exception):
    """The export cannot be read; `problems` lists each with its file and line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportedClaims:
    """What a file held: the opening claims (as scenario data) and totals to show the user."""

    claims: list[dict[str, Any]]
    as_of: date
    skipped_rows: int


@cache
def layout() -> dict[str, Any]:
    """The documented column layout (`claim_columns.yaml`)."""
    return yaml.safe_load(LAYOUT_FILE.read_text(encoding="utf-8"))


def _key(header: str) -> str:
    return re.sub(r"[\s._#]+", " ", header.strip().lower()).strip()


def header_map(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Which position holds each model column, and problems (missing or doubled columns)."""
    found: dict[str, int] = {}
    problems = []
    for column, spec in layout()["columns"].items():
        names = {_key(column), *(_key(a) for a in spec["aliases"])}
        hits = [i for i, h in enumerate(headers) if _key(h) in names]
        if len(hits) > 1:
            both = ", ".join(repr(headers[i]) for i in hits)
            problems.append(f"columns {both} both read as {column}; keep one")
        elif hits:
            found[column] = hits[0]
        elif spec["required"]:
            problems.append(
                f"no {column} column ({spec['meaning']}); headers accepted: "
                + ", ".join(spec["aliases"])
            )
    return found, problems


AMOUNT = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
"""ASCII digits with an optional decimal point: no exponent (1e3), digit separator (1_000),
nan or inf."""


def parse_money(text: str) -> Decimal:
    """'$1,234.56', '1234.56' or '1,234' as an exact amount; negative or odd text is an error."""
    cleaned = text.strip().replace("$", "").replace(",", "").strip()
    if cleaned.startswith("(") or cleaned.startswith("-"):
        raise ValueError(
            f"{text!r} is negative (an open claim expects money, credits are not read)"
        )
    if not AMOUNT.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not an amount (use 1234.56 or $1,234.56)")
    amount = Decimal(cleaned)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{text!r} has fractions of a cent")
    if amount > 1_000_000:
        raise ValueError(f"{text!r} is over $1,000,000 for one claim")
    return amount


def parse_date(text: str) -> date:
    """A US date (03/31/2024, 3/31/24) or an ISO one (2024-03-31)."""
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (use MM/DD/YYYY or YYYY-MM-DD)")


def _status(text: str) -> str | None:
    """'sent', 'unsent', or None for a blank status."""
    word = text.strip().lower()
    if not word:
        return None
    for meaning, words in layout()["statuses"].items():
        if word in words:
            return meaning
    allowed = ", ".join(w for words in layout()["statuses"].values() for w in words)
    raise ValueError(f"status {text!r} is not one this import knows ({allowed})")


def _skippable(cells: list[str]) -> bool:
    """Blank rows and total rows."""
    filled = [c.strip() for c in cells if c.strip()]
    return not filled or filled[0].lower().startswith(("total", "grand total", "subtotal"))


def _row(cells: list[str], columns: dict[str, int], payers: dict[str, str]) -> dict[str, Any]:
    """One open claim as scenario data; ValueError names what is wrong."""

    def cell(column: str) -> str:
        i = columns.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    if not cell("service_date"):
        raise ValueError("date of service is blank")
    claim: dict[str, Any] = {"service_date": parse_date(cell("service_date"))}
    sent_text = cell("sent_date")
    claim["sent_date"] = parse_date(sent_text) if sent_text else None
    status = _status(cell("status"))
    if status == "sent" and claim["sent_date"] is None:
        raise ValueError(f"status {cell('status')!r} says sent but the date sent is blank")
    if status == "unsent" and claim["sent_date"] is not None:
        raise ValueError(f"status {cell('status')!r} says unsent but a date sent is given")
    payer = cell("payer")
    if not payer:
        raise ValueError("payer is blank")
    if _key(payer) not in payers:
        raise ValueError(
            f"payer {payer!r} is not a scenario payer ({', '.join(sorted(set(payers.values())))}); "
            f"map it with --payer '{payer}=PAYER'"
        )
    claim["payer"] = payers[_key(payer)]
    if not cell("expected_usd"):
        raise ValueError("expected amount is blank")
    claim["expected_usd"] = float(parse_money(cell("expected_usd")))
    if cell("billed_usd"):
        claim["billed_usd"] = float(parse_money(cell("billed_usd")))
    return claim


def read_open_claims(
    path: Path, scenario_payers: list[str], mapping: dict[str, str], as_of: date | None
) -> ImportedClaims:
    """Every open claim in the export at `path`, or ClaimsImportError listing every bad line."""
    shown = str(path)
    try:
        raw = regular_file_bytes(path, MAX_CSV_BYTES)
    except NotRegular as exc:
        raise ClaimsImportError([f"{shown}: is {exc.kind}, not a CSV export"]) from None
    except OSError as exc:
        raise ClaimsImportError([f"{shown}: cannot read ({exc.strerror or exc})"]) from None
    if len(raw) > MAX_CSV_BYTES:
        raise ClaimsImportError([f"{shown}: larger than {MAX_CSV_BYTES // 1_000_000} MB"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    header_line = next((i for i, r in enumerate(rows) if not _skippable(r)), None)
    if header_line is None:
        raise ClaimsImportError([f"{shown}: no header row (the file is empty)"])
    columns, problems = header_map(rows[header_line])
    if problems:
        raise ClaimsImportError([f"{shown} line {header_line + 1}: {p}" for p in problems])
    payers = {_key(p): p for p in scenario_payers}
    for given, target in mapping.items():
        if target not in scenario_payers:
            problems.append(
                f"--payer {given}={target}: {target!r} is not a scenario payer "
                f"({', '.join(scenario_payers)})"
            )
        payers[_key(given)] = target
    claims, skipped = [], 0
    for number, cells in enumerate(rows[header_line + 1 :], start=header_line + 2):
        if _skippable(cells):
            skipped += 1
            continue
        try:
            claims.append(_row(cells, columns, payers))
        except ValueError as exc:
            problems.append(f"{shown} line {number}: {exc}")
    if not claims and not problems:
        problems.append(f"{shown}: no claims below the header on line {header_line + 1}")
    latest = max((c["sent_date"] or c["service_date"] for c in claims), default=None)
    if as_of is None:
        as_of = latest
    elif latest is not None and latest > as_of:
        problems.append(f"{shown}: a claim is dated {latest}, after --as-of {as_of}")
    if problems:
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], f"{shown}: and {more} more problems"]
        raise ClaimsImportError(problems)
    return ImportedClaims(claims, as_of, skipped)


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

    The simulator writes these off on day 0; every other claim is inside its limit."""
    late = []
    for claim in imported.claims:
        deadline = claim["service_date"] + timedelta(days=limits[claim["payer"]])
        sent = claim["sent_date"]
        if (sent is None and deadline < imported.as_of) or (sent is not None and sent > deadline):
            late.append(claim)
    return late
