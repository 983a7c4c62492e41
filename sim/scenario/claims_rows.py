"""The rows below an export's header: claims, carrier (group) rows, totals and blank rows
told apart, and each bad row's problem kept with its line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sim.scenario.claims_layout import (
    Header,
    ImportOptions,
    _key,
    layout,
)
from sim.scenario.claims_values import _is_date, _status, parse_date, parse_money
from sim.scenario.export_text import Row


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
