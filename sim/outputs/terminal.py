"""Tables for the terminal that fit its width: one line a row when they fit, else a block a row.

rich cuts a header it cannot fit ("ar_over_9…") and a wide table wraps cell by cell at 80
columns. Here nothing is ever cut: a table whose rows fit on one line each is printed as
columns; otherwise each row becomes a block (its label, then one line per column), which
reads at any width from about 40 columns.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

GAP = "  "
MIN_WIDTH = 40


@dataclass(frozen=True)
class TextTable:
    """A title, the label column's header, the other columns' headers, and labelled rows."""

    title: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]


def terminal_width() -> int:
    """The terminal's width (COLUMNS when set, 80 when not a terminal)."""
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def render(table: TextTable, width: int | None = None) -> str:
    """The table as columns if every row fits in `width`, else as one block per row."""
    width = terminal_width() if width is None else max(MIN_WIDTH, width)
    widths = [
        max(len(text) for text in (header, *cells))
        for header, *cells in zip(
            (table.corner, *table.columns),
            *((label, *cells) for label, cells in table.rows),
            strict=True,
        )
    ]
    if sum(widths) + len(GAP) * (len(widths) - 1) <= width:
        return _columns(table, widths)
    return _blocks(table, width)


def _line(texts: Sequence[str], widths: Sequence[int]) -> str:
    first, *rest = texts
    cells = [first.ljust(widths[0])] + [t.rjust(w) for t, w in zip(rest, widths[1:], strict=True)]
    return GAP.join(cells).rstrip()


def _columns(table: TextTable, widths: list[int]) -> str:
    lines = [table.title, _line((table.corner, *table.columns), widths)]
    lines.append(GAP.join("-" * w for w in widths))
    lines += [_line((label, *cells), widths) for label, cells in table.rows]
    return "\n".join(lines) + "\n"


def _blocks(table: TextTable, width: int) -> str:
    """Each row: its label (wrapped, never cut), then `column  value` lines, indented."""
    name_width = max(len(c) for c in table.columns)
    lines = [table.title]
    for label, cells in table.rows:
        lines.append("")
        lines += textwrap.wrap(label, width) or [""]
        for column, cell in zip(table.columns, cells, strict=True):
            line = f"  {column.ljust(name_width)}{GAP}{cell}"
            if len(line) <= width:
                lines.append(line.rstrip())
            else:
                lines += textwrap.wrap(column, width, initial_indent="  ", subsequent_indent="  ")
                lines += textwrap.wrap(cell, width, initial_indent="    ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"


def paragraph(text: str, width: int | None = None) -> str:
    """A sentence or paragraph wrapped to the terminal's width at spaces."""
    width = terminal_width() if width is None else max(MIN_WIDTH, width)
    return "\n".join(textwrap.wrap(text, width)) + "\n"
