"""One cell's value in an open-claims export: an exact amount of money, a date, a claim
status; odd text is an error that says what was expected.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from sim.scenario.claims_layout import (
    layout,
)

DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%m-%d-%Y")
EARLIEST, LATEST = date(1980, 1, 1), date(2099, 12, 31)
"""Dates outside these are typing slips (year 0001 or 9999), not claims on today's books."""


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
