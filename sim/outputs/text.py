"""How numbers read in every table, report and page: money in whole dollars, minus first;
shares as percentages (differences in points); days, counts and hours by their format."""

from __future__ import annotations


def dollars(value: float, signed: bool = False) -> str:
    """`-$1,234` rather than `$-1,234`; with `signed`, gains read `+$1,234`."""
    text = f"${abs(value):,.0f}"
    if value < 0 and round(abs(value)):
        return f"-{text}"
    return f"+{text}" if signed and value > 0 else text


NOT_AVAILABLE = "n/a"


def number(kind: str, value: float | None, signed: bool = False) -> str:
    """A value (or, with `signed`, a difference) of a KPI whose format is `kind`.

    `kind` is a registry format: usd, share (a difference reads in points), days, count
    or hours. Every table, report and page formats KPI numbers through here. None (a KPI
    with no basis, such as claim lag when no claim was sent) reads n/a, never 0.
    """
    if value is None:
        return NOT_AVAILABLE
    if kind == "usd":
        return dollars(value, signed)
    if kind == "share":
        return _shown(value * 100, 1, signed, " points" if signed else "%")
    return _shown(value, 0 if kind == "hours" else 1, signed, "")


def _shown(value: float, places: int, signed: bool, unit: str) -> str:
    """`value` to `places` decimals; what rounds to zero reads 0, never -0.0 (nor +0.0)."""
    shown = round(value, places) + 0.0  # + 0.0 turns -0.0 into 0.0
    sign = "+" if signed and shown > 0 else ""
    return f"{sign}{shown:,.{places}f}{unit}"


def mean_ci(entry: dict, kind: str, signed: bool = False) -> str:
    """'55.2 (52.7 to 57.8)': a mean and its 95% CI; n/a when the KPI had no basis."""
    if entry["mean"] is None:
        return NOT_AVAILABLE
    low, high = entry["ci95"]
    return (
        f"{number(kind, entry['mean'], signed)} "
        f"({number(kind, low, signed)} to {number(kind, high, signed)})"
    )
