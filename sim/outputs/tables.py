"""The one writer of every CSV and Markdown table twohats writes.

A cell of text that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`,
`@`, a tab or a carriage return: OWASP's list for CSV injection) gets a leading `'`, so
a duty, payer or --vary value named `=HYPERLINK(...)` shows as text and runs nothing.
Numbers stay numbers: numeric cells are written as they are, and text that is a number as
twohats formats it (`-3.5`, `-$1,200`, `+2.1 points`, `-$32 (-$1,457 to +$1,393)`) is
left alone.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = r"[-+]?\$?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?:%| points)?"
NUMBER_TEXT = re.compile(rf"{_NUMBER}(?: to {_NUMBER}| \({_NUMBER} to {_NUMBER}\))?")
"""A number, a range or a mean with its interval, as twohats writes them."""


def safe_cell(value: object) -> object:
    """`value` as a cell no spreadsheet runs: text that would start a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return value if NUMBER_TEXT.fullmatch(value) else "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows (the header first) as UTF-8 CSV with `\\n` line ends, every cell made safe.

    A carriage return inside text becomes a line feed: Python's writer would leave a bare
    one unquoted, and a reader would start a new row there."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode()


def _csv_cell(value: object) -> object:
    safe = safe_cell(value)
    return safe.replace("\r\n", "\n").replace("\r", "\n") if isinstance(safe, str) else safe


def _markdown_line(cells: Sequence[object]) -> str:
    """One table line; each cell on one line, its `|` escaped, made safe like a CSV cell."""
    texts = (" ".join(str(safe_cell(cell)).splitlines()).replace("|", "\\|") for cell in cells)
    return "|" + "|".join(f" {text} " if text else " " for text in texts) + "|"


def markdown_table(header: Sequence[object], rows: Iterable[Sequence[object]]) -> list[str]:
    """A Markdown table's lines: the header, the rule, one line per row."""
    return [_markdown_line(header), "|" + "---|" * len(header), *map(_markdown_line, rows)]
