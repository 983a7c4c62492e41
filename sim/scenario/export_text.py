"""A practice-software export as rows of cells: its encoding and delimiter found and named.

Exports come as UTF-8 (with or without a byte-order mark), UTF-16 (Windows' "Unicode text")
or a Windows code page (Latin-1 and its superset cp1252); separated by commas, tabs,
semicolons or bars; with any line ending (LF, CRLF or a lone CR). Each row keeps the line
it starts on, so a problem can name it. A cell longer than `MAX_CELL` characters is an
error on its line, not a traceback.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

DELIMITERS = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}
MAX_CELL = 10_000
"""Longest cell read; a longer one (no real export has one) is a line error."""
HEADER_SEARCH_ROWS = 60
"""Rows searched for the header (report title lines come before it)."""


class ExportTextError(ValueError):
    """The text cannot be read as rows; the message names the line when there is one."""


@dataclass(frozen=True)
class Row:
    """One record of the export and the line of the file it starts on."""

    line: int
    cells: list[str]


def decode(raw: bytes) -> tuple[str, str]:
    """The file's text and the name of its encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _utf16(raw, "utf-16"), "UTF-16"
    if len(raw) >= 2 and raw.count(b"\x00") > len(raw) // 4:
        order = "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
        return _utf16(raw, order), "UTF-16 (no byte-order mark)"
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def _utf16(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise ExportTextError(
            f"looks like UTF-16 but byte {exc.start} does not decode; save the export again "
            "as UTF-8 or 'CSV (Comma delimited)'"
        ) from None


def rows(text: str, delimiter: str) -> Iterator[Row]:
    """The records of `text`, any line ending, each with the line it starts on."""
    stream = io.StringIO(text, newline=None)
    old = csv.field_size_limit(MAX_CELL)
    try:
        reader = csv.reader(stream, delimiter=delimiter)
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ExportTextError(f"line {start}: {_csv_problem(exc)}") from None
            yield Row(start, cells)
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(old)


def _csv_problem(exc: csv.Error) -> str:
    if "field larger" in str(exc):
        return f"a cell is longer than {MAX_CELL:,} characters (is this an export of claims?)"
    return f"cannot be read as delimited text ({exc})"


def best_delimiter(text: str, score: Callable[[list[str]], int]) -> tuple[str, int]:
    """The delimiter under which some early row scores best as a header, and that row's index.

    `score` counts the cells of a row that name a column the import knows. Ties go to the
    order of DELIMITERS (comma first).
    """
    best = (",", -1, 0)
    problem: ExportTextError | None = None
    for delimiter in DELIMITERS:
        try:
            early = [r.cells for r in islice(rows(text, delimiter), HEADER_SEARCH_ROWS)]
        except ExportTextError as exc:
            problem = problem or exc
            continue
        for index, cells in enumerate(early):
            points = score(cells)
            if points > best[2]:
                best = (delimiter, index, points)
    if best[1] < 0 and problem is not None:
        raise problem
    return best[0], best[1]
