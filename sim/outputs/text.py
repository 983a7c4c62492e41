"""How money reads in every table and report: whole dollars, thousands separated, minus first."""

from __future__ import annotations


def dollars(value: float, signed: bool = False) -> str:
    """`-$1,234` rather than `$-1,234`; with `signed`, gains read `+$1,234`."""
    text = f"${abs(value):,.0f}"
    if value < 0 and round(abs(value)):
        return f"-{text}"
    return f"+{text}" if signed and value > 0 else text
