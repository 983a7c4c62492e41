"""A target band is shown only beside the measure it was published for.

The day counts billing firms quote (30 to 45 days and the like) are for total A/R over
gross production; the simulator's measure is insurance A/R over insurance charges. Once the
insurance measure carried those bands, and the combined office looked 'healthy' (issue 26,
finding 6).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim.site import assumptions

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

TOTAL_AR_BANDS = ("30 to 40", "30 to 45", "45 to 50", "18 to 45", "below 25", "1.0 or below")
"""Bands published for total A/R days (domain facts s.1a), not for insurance A/R alone."""
INSURANCE_MEASURE = re.compile(r"insurance days in a/r|days-in-ar\)|`days_in_ar`", re.I)
OTHER_MEASURE_NAMED = re.compile(r"total (days in )?a/r", re.I)


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if "_snippets/generated" not in p.as_posix())


def _blocks(text: str) -> list[str]:
    """Table rows one by one, other text paragraph by paragraph."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        rows = [line for line in para.splitlines() if line.lstrip().startswith("|")]
        out += rows if rows else [para]
    return out


def misplaced(text: str) -> list[str]:
    """Blocks that name the insurance measure and quote a total-A/R band as if it were its own."""
    return [
        block
        for block in _blocks(text)
        if INSURANCE_MEASURE.search(block)
        and any(band in block for band in TOTAL_AR_BANDS)
        and not OTHER_MEASURE_NAMED.search(block)
    ]


def _kpi_sections(text: str) -> dict[str, str]:
    """kpis.md split at its headings, keyed by the heading's explicit id."""
    parts = re.split(r"^#{2,3} .*\{ #([a-z0-9-]+) \}\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_page_gives_the_insurance_measure_a_total_ar_band(page: Path) -> None:
    assert misplaced(page.read_text(encoding="utf-8")) == []


def test_the_insurance_days_section_quotes_no_other_measure_band() -> None:
    sections = _kpi_sections((DOCS / "kpis.md").read_text(encoding="utf-8"))
    band = sections["days-in-ar"].partition("Target band")[2].partition("Owner")[0]
    assert band.strip()
    assert not [b for b in TOTAL_AR_BANDS if b in band]
    assert any(b in sections["total-days-in-ar"] for b in TOTAL_AR_BANDS)


def test_the_checker_catches_the_old_wording() -> None:
    old = "| [Insurance days in A/R](#days-in-ar) | Insurance coordinator | Monthly | About 30 to 45 days (C) |"
    assert misplaced(old) == [old]


def test_the_calibration_table_gives_no_verdict_on_insurance_days() -> None:
    entry = {"mean": 45.1, "ci95": [43.0, 47.0]}
    kpis = {
        key: entry
        for key in (
            "utilization.insurance_coordinator",
            "days_in_ar",
            "ar_over_90_share_end",
            "denial_rate",
        )
    }
    table = assumptions.calibration(
        {"groups": {"reference": {"kpis": {"reference-separate": kpis}}}}
    )
    row = next(line for line in table.splitlines() if line.startswith("| Insurance days in A/R"))
    assert misplaced(row) == []
    assert "yes" not in row.split("|")[-2] and "no**" not in row
