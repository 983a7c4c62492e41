"""Pages that state what the model does (issue 26's M findings), pinned to the model.

Each test names the finding it protects and reads the page or data a reader sees beside
the registry or schema it must agree with, so a change to either side shows here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import yaml

from sim.model.registry import registry
from sim.scenario.schema import (
    IcWork,
    Observed,
    Payer,
    Practice,
    _default_payers,
    _default_procedures,
)

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BASIS = "claims sent and not yet closed"
"""The insurance aging report's basis, on which the model measures days in A/R and aging."""


def _page(rel: str) -> str:
    return (DOCS / rel).read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _kpi_sections(text: str) -> dict[str, str]:
    """kpis.md split at its headings, keyed by the heading's explicit id."""
    parts = re.split(r"^#{2,3} .*\{ #([a-z0-9-]+) \}\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _glossary() -> dict[str, str]:
    terms = yaml.safe_load(_page("_data/glossary.yaml"))
    return {t["term"]: _flat(t["definition"]) for t in terms}


def test_the_claim_lag_band_is_quoted_in_the_kpis_own_unit() -> None:
    """Finding 14: the vendors' band is in business days; the KPI counts primary claims in
    calendar days."""
    kpi = registry().kpis["claim_lag_days_mean"]
    text = _page("kpis.md")
    section = _kpi_sections(text)["claim-lag"]
    summary = next(line for line in text.splitlines() if line.startswith("| [Claim lag]"))
    for block in (section, summary):
        assert kpi.unit in block and "primary" in block
    band = section.partition("Target band")[2].partition("Owner")[0]
    assert kpi.unit in band
    signs = _page("roles/office-manager.md")
    lag_line = _flat(signs.partition("[claim lag]")[2].split("\n\n")[0])
    assert "primary claims" in lag_line and kpi.unit in lag_line
    assert "calendar days" in _glossary()["Claim lag"] and "primary" in _glossary()["Claim lag"]


def test_days_in_ar_and_the_share_over_90_are_on_one_basis_and_period() -> None:
    """Finding 15: the KPI page, the glossary and the scenario reference say the same basis
    and the same day."""
    sections = _kpi_sections(_page("kpis.md"))
    for key in ("days-in-ar", "share-of-ar-over-90-days"):
        formula = _flat(sections[key].partition("Formula")[2].partition("Target band")[0])
        assert BASIS in formula and "measured window" in formula and "not yet sent" in formula
    days = _glossary()["Days in A/R"]
    assert BASIS in days and "90 days before" in days and "over-90 bucket" in days
    for key in ("ar_usd", "days_in_ar"):
        description = Observed.model_fields[key].description or ""
        assert "not yet closed" in description and "observed day" in description


def test_verification_timing_is_the_models() -> None:
    """Finding 16: the page and the assumptions entry give the model's release rule and its
    default window, read from the schema."""
    default = IcWork.model_fields["verification_window_business_days"].default
    assert default == 1, "the pages below describe a one-day window; say what changed"
    when = _flat(_page("workflows/eligibility-verification.md").partition("## When")[2])
    when = when.partition("## ")[0]
    for words in (
        "opening time on the working day before the visit",
        f"default {default}",
        "new and returning patients alike",
        "same-day visit",
        "missed",
    ):
        assert words in when
    entry = yaml.safe_load(_page("_data/assumptions.yaml"))[
        "ic_work.verification_window_business_days"
    ]
    assert "opening time on the working day before the visit" in _flat(entry["text"])


def _section(page: str, heading: str) -> str:
    return _flat(page.partition(heading)[2].partition("\n## ")[0])


def test_predetermination_is_described_as_the_model_does_it() -> None:
    """Finding 18: needed for a share of major work, denied without a reply only where a plan
    requires it, with the schema's defaults."""
    major = _default_procedures()["major"]
    payer = Payer.model_fields
    requiring = [p.name for p in _default_payers() if p.requires_predetermination]
    assert requiring == ["state_medicaid"], "the page says the Medicaid plan; say what changed"
    text = _section(_page("workflows/predetermination.md"), "## How long replies take")
    share = payer["no_predetermination_denial_share"].default
    for words in (
        f"{major.predetermination_share:.0%} by default",
        f"{share:.0%} by default",
        "`requires_predetermination`",
        "state Medicaid plan",
        "`predetermination_reply_days`",
        "changes neither the claim nor what it pays",
    ):
        assert words in text, words


def test_allowed_fees_are_described_as_the_model_does_it() -> None:
    """Finding 18: coverage applies to the allowance; the fee above it in network is a
    contractual adjustment; the COB methods are the schema's."""
    estimates = _section(_page("workflows/patient-estimates.md"), "### In the simulator")
    for words in ("`allowance_share`", "contractual adjustment", "never more than the fee"):
        assert words in estimates, words
    methods = get_args(Payer.model_fields["cob_method"].annotation)
    cob = _flat(_page("workflows/coordination-of-benefits.md"))
    assert f"`payers[].cob_method`: {' or '.join(f'`{m}`' for m in methods)}" in cob
    lifecycle = _page("workflows/claim-lifecycle.md")
    row = next(r for r in lifecycle.splitlines() if r.startswith("| submitted | eob_received"))
    assert "allowed amount" in row and "contractual adjustment" in row
    left_out = _section(lifecycle, "## What the model leaves out")
    assert "`ic_work.clearinghouse_catch_share`" in left_out
    assert "`payers[].attachment_request_share`" in left_out
    assert "`payers[].cob_request_share`" in left_out
    assert "`payers[].review_days`" in left_out
    assert "has no rejection state" not in left_out and "no pending state" not in left_out


def test_an_eligibility_denial_follows_its_cause_as_the_model_does() -> None:
    """Finding 17 after the payer merge: the page names the model's causes and defaults."""
    causes = Practice.model_fields["eligibility_denial_causes"].default_factory()
    intro = _flat(_page("workflows/eligibility-verification.md").partition("**Owner:**")[0])
    for cause, words in (
        ("coverage_ended", "coverage ended"),
        ("other_plan_primary", "another plan primary"),
        ("data_error", "a data error"),
    ):
        assert f"{causes[cause]:.0%} {words}" in intro, cause
    assert "`rebilled`" in intro and "the first way" not in intro
