"""Read a practice's open-claims export into a scenario's exact opening state.

The layout and the header names live in `claim_columns.yaml`; the text itself (encoding,
delimiter, line endings) is read by `export_text`. Every bad row is reported with its line
in one pass; nothing is returned (so nothing is written) on any error. A field that
changes what a row means is never assumed: without its column the import stops.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from sim.scenario.export_text import DELIMITERS, ExportTextError, Row, best_delimiter, decode, rows
from sim.scenario.files import NotRegular, regular_file_bytes
from sim.scenario.loading import MAX_FILE_BYTES
from sim.scenario.schema import ProcedureClass

LAYOUT_FILE = Path(__file__).with_name("claim_columns.yaml")
MAX_CSV_BYTES = 20_000_000
SHORTEST_CLAIM_BYTES = 90
"""The fewest bytes one claim takes in the client file (a line with a short payer name)."""
MAX_CLAIMS = MAX_FILE_BYTES // SHORTEST_CLAIM_BYTES
"""Most claim rows read: more could never fit in a scenario file, so reading stops past it
(the written file's own size is checked again before it is written)."""
MAX_PROBLEMS = 25
"""Problems listed before the rest are summed up in one line."""
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%m-%d-%Y")
EARLIEST, LATEST = date(1980, 1, 1), date(2099, 12, 31)
"""Dates outside these are typing slips (year 0001 or 9999), not claims on today's books."""
FIELDS_OF_MEANING = ("sent_date", "expected_usd")
"""Fields a row cannot be read without: a wrong guess would change what the row means."""

Estimator = Callable[[str, Decimal], Decimal]
"""The insurance portion of a claim from its scenario payer and its billed amount."""


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


AMOUNT = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")
"""ASCII digits with an optional decimal point: no exponent (1e3), digit separator (1_000),
nan or inf."""
GROUPED = re.compile(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?")
"""Thousands written with commas, in groups of three (1,234,567.89)."""


def parse_money(text: str) -> Decimal:
    """'$1,234.56', '1234.56' or '1,234' as an exact amount; negative or odd text is an error."""
    cleaned = text.strip()
    if cleaned.startswith(("(", "-", "$-", "$(")):
        raise ValueError(
            f"{text!r} is negative (an open claim expects money, credits are not read)"
        )
    body = cleaned[1:].strip() if cleaned.startswith("$") else cleaned
    if GROUPED.fullmatch(body):
        body = body.replace(",", "")
    if not AMOUNT.fullmatch(body):
        raise ValueError(f"{text!r} is not an amount (use 1234.56 or $1,234.56)")
    amount = Decimal(body)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{text!r} has fractions of a cent")
    if amount > 1_000_000:
        raise ValueError(f"{text!r} is over $1,000,000 for one claim")
    return amount


def read_date(text: str) -> date:
    """A US date (03/31/2024, 3/31/24) or an ISO one (2024-03-31), any year."""
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date (use MM/DD/YYYY or YYYY-MM-DD)")


def parse_date(text: str) -> date:
    """A date as `read_date` reads it, from 1980 to 2099 (outside is a typing slip)."""
    found = read_date(text)
    if not EARLIEST <= found <= LATEST:
        raise ValueError(
            f"{text!r} is outside {EARLIEST.year}-{LATEST.year} (a typing slip in the year?)"
        )
    return found


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def _status(text: str) -> str | None:
    """'sent', 'unsent', or None for a blank status."""
    word = text.strip().lower()
    if not word:
        return None
    for meaning, words in layout()["statuses"].items():
        if word in words:
            return meaning
    allowed = ", ".join(w for words in layout()["statuses"].values() for w in words)
    raise ValueError(
        f"status {text!r} is not one this import knows ({allowed}); the date sent already says "
        "whether a claim was sent, so the status column can be left unread with --column status="
    )


@dataclass(frozen=True)
class ImportOptions:
    """What the command line adds: the scenario's payers, names mapped to them, the date of
    the books, headers named for fields, and how to estimate a missing insurance portion."""

    scenario_payers: list[str]
    mapping: dict[str, str] = field(default_factory=dict)
    as_of: date | None = None
    columns: dict[str, str] = field(default_factory=dict)
    estimator: Estimator | None = None


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _total_row(cells: list[str], header: Header) -> bool:
    """A subtotal or total row: its first filled cell says so and it has no date of service."""
    filled = [c.strip() for c in cells if c.strip()]
    if not filled or _is_date(_cell(cells, header.columns.get("service_date"))):
        return False
    words = set(_key(filled[0]).split())
    return any(set(_key(w).split()) <= words for w in layout()["total_words"])


def _group_name(cells: list[str], header: Header) -> str | None:
    """The carrier a group row names, when the file has no payer column, else None."""
    if "payer" in header.columns or _is_date(_cell(cells, header.columns.get("service_date"))):
        return None
    filled = [c.strip() for c in cells if c.strip()]
    if not filled or any(_amount_like(_cell(cells, i)) for i in _money_positions(header)):
        return None
    name = filled[0]
    for prefix in sorted(layout()["group_prefixes"], key=len, reverse=True):
        match = re.match(rf"{re.escape(prefix)}\s*(name)?\s*[:\-]\s*", name, re.IGNORECASE)
        if match:
            name = name[match.end() :]
            break
    phone = r"\s*(ph(one)?\.?:?\s*)?\(?\d{3}\)?[\s.\-]*\d{3}[\s.\-]*\d{4}.*$"
    return re.sub(phone, "", name).strip() or None


def _money_positions(header: Header) -> list[int]:
    named = [header.columns.get(c) for c in ("expected_usd", "billed_usd")]
    return [i for i in named if i is not None] + header.buckets


def _amount_like(text: str) -> bool:
    return bool(re.fullmatch(r"\(?-?\$?\s*[0-9][0-9,]*(\.[0-9]*)?\)?", text.strip()))


class _Reader:
    """Turns rows below the header into claims, problems, and what was skipped."""

    def __init__(self, shown: str, header: Header, options: ImportOptions):
        self.shown = shown
        self.header = header
        self.options = options
        self.payers = {_key(p): p for p in options.scenario_payers}
        self.claims: list[dict[str, Any]] = []
        self.lines: list[int] = []
        self.bad_rows = 0
        self.alike: dict[str, list[int]] = {}
        """Each problem a row had, with the lines of every row that had it."""
        self.unknown: dict[str, list[int]] = {}
        self.skipped = 0
        self.groups = 0
        self.estimated = 0
        self.group: str | None = None
        self.group_line = 0

    def read(self, row: Row) -> None:
        cells = row.cells
        if not any(c.strip() for c in cells) or _total_row(cells, self.header):
            self.skipped += 1
            return
        if [_key(c) for c in cells] == [_key(c) for c in self.header.cells]:
            self.skipped += 1
            return
        group = _group_name(cells, self.header)
        if group is not None:
            self.group, self.group_line, self.groups = group, row.line, self.groups + 1
            return
        try:
            claim = self.claim(cells)
        except ValueError as exc:
            self.alike.setdefault(str(exc), []).append(row.line)
            self.bad_rows += 1
            return
        except _UnknownPayer as exc:
            self.unknown.setdefault(exc.name, []).append(row.line)
            return
        self.claims.append(claim)
        self.lines.append(row.line)

    @property
    def problems(self) -> list[str]:
        """One line a problem, at its first row, with how many rows after it had the same."""
        out = []
        for message, lines in sorted(self.alike.items(), key=lambda item: item[1][0]):
            more = ""
            if len(lines) > 1:
                shown = ", ".join(map(str, lines[1:6])) + (", ..." if len(lines) > 6 else "")
                more = f" (and {len(lines) - 1} more rows alike: lines {shown})"
            out.append(f"{self.shown} line {lines[0]}: {message}{more}")
        return out

    def claim(self, cells: list[str]) -> dict[str, Any]:
        """One open claim as scenario data; ValueError names what is wrong."""
        columns = self.header.columns

        def cell(column: str) -> str:
            return _cell(cells, columns.get(column))

        if not cell("service_date"):
            raise ValueError("date of service is blank")
        claim: dict[str, Any] = {"service_date": parse_date(cell("service_date"))}
        sent_text = cell("sent_date")
        claim["sent_date"] = parse_date(sent_text) if sent_text else None
        if claim["sent_date"] is not None and claim["sent_date"] < claim["service_date"]:
            raise ValueError(
                f"date sent {claim['sent_date']} is before the date of service "
                f"{claim['service_date']}"
            )
        status = _status(cell("status"))
        if status == "sent" and claim["sent_date"] is None:
            raise ValueError(f"status {cell('status')!r} says sent but the date sent is blank")
        if status == "unsent" and claim["sent_date"] is not None:
            raise ValueError(f"status {cell('status')!r} says unsent but a date sent is given")
        claim["payer"] = self.payer(cell("payer"))
        billed = self.billed(cells)
        if "expected_usd" in columns:
            if not cell("expected_usd"):
                raise ValueError("insurance estimate is blank")
            claim["expected_usd"] = float(parse_money(cell("expected_usd")))
        else:
            if billed is None:
                raise ValueError("billed amount is blank, and the estimate is made from it")
            assert self.options.estimator is not None
            claim["expected_usd"] = float(self.options.estimator(claim["payer"], billed))
            self.estimated += 1
        if billed is not None:
            claim["billed_usd"] = float(billed)
        return claim

    def payer(self, name: str) -> str:
        if "payer" not in self.header.columns:
            if self.group is None:
                raise ValueError(
                    "no payer: the file has no payer column and no carrier row above this one"
                )
            name = self.group
        if not name:
            raise ValueError("payer is blank")
        target = self.options.mapping.get(name) or self.payers.get(_key(name))
        if target is None:
            mapped = {_key(k): v for k, v in self.options.mapping.items()}
            target = mapped.get(_key(name))
        if target is None:
            raise _UnknownPayer(name)
        return target

    def billed(self, cells: list[str]) -> Decimal | None:
        if "billed_usd" in self.header.columns:
            text = _cell(cells, self.header.columns["billed_usd"])
            return parse_money(text) if text else None
        filled = [_cell(cells, i) for i in self.header.buckets if _cell(cells, i)]
        if not filled:
            return None
        return sum((parse_money(t) for t in filled), Decimal(0))


class _UnknownPayer(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


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

    The simulator writes these off on day 0; every other claim is inside its limit."""
    late = []
    for claim in imported.claims:
        deadline = claim["service_date"] + timedelta(days=limits[claim["payer"]])
        sent = claim["sent_date"]
        if (sent is None and deadline < imported.as_of) or (sent is not None and sent > deadline):
            late.append(claim)
    return late
