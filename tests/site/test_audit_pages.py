"""Page facts the issue-26 audit found wrong, pinned so they stay right.

Each test names the finding it protects; each reads the page or data a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path

from sim.model.registry import registry
from sim.site import data

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _page(rel: str) -> str:
    return (DOCS / rel).read_text(encoding="utf-8")


def test_evidence_tables_show_checks_missed_beside_checks_skipped() -> None:
    """Finding 10: a separate coordinator skips fewer checks but may miss them; show both."""
    table = [k.key for k in registry().table("evidence")]
    assert "verifications_skipped" in table and "verifications_missed" in table


def test_no_page_cites_the_project_s_internal_notes() -> None:
    """Finding 11: a reader cannot open 'the project's domain facts'; cite the pages."""
    texts = [p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md") if "generated" not in str(p)]
    texts += [p.read_text(encoding="utf-8") for p in (DOCS / "_data").glob("*.yaml")]
    assert not [t for t in texts if re.search(r"domain[- ]facts|MODEL\.md", t, re.I)]


def test_disciplines_are_labelled_assumptions_with_sources() -> None:
    """Finding 11: how one person orders two queues is an assumption about people."""
    page = _page("model/index.md")
    section = page.partition("## One person, two roles")[2].partition("\n## ")[0]
    assert "assumptions about people" in section
    entries = data.read(DOCS / "_data" / "assumptions.yaml")
    assert entries["staff[].discipline"]["basis"] == "assumption"
    assert entries["staff[].discipline"]["sources"]


def _raci_task(task_id: str) -> dict[str, str]:
    tasks = data.read(DOCS / "_data" / "raci.yaml")["tasks"]
    return next(t["raci"] for t in tasks if t["id"] == task_id)


def test_payroll_and_deposit_have_the_owner_the_model_gives_them() -> None:
    """Finding 19: the model's manager does payroll and the daily deposit; so does the RACI."""
    from sim.scenario.schema import OmWork

    duties = {d.name for d in OmWork().duties}
    assert {"payroll", "daily_deposit"} <= duties
    for task_id in ("payroll", "deposit-reconciliation"):
        raci = _raci_task(task_id)
        assert "R" in raci["office-manager"] and "A" in raci["office-manager"], task_id
        assert not [role for role, v in raci.items() if "R" in v and role != "office-manager"]
    posting = _page("workflows/payment-posting.md")
    assert "**Reconciliation:** bookkeeper" not in posting


def test_the_front_desk_answers_the_phones_and_the_input_counts_arrivals() -> None:
    """Finding 20: the rate is counted before the front desk's share; say so everywhere."""
    assert "R" in _raci_task("phones")["front-desk"]
    form = data.read(ROOT / "web" / "form.yaml")["fields"]
    rate = next(f for f in form if f["key"] == "om_work.interruptions_per_hour")
    assert "arriving" in rate["label"] and "reaching" not in rate["label"]
    from sim.scenario.schema import OmWork

    assert "before the front desk" in OmWork.model_fields["interruptions_per_hour"].description


CITED = [
    # (page, a phrase of the fact, an address its Sources list must hold)
    ("workflows/denials-and-appeals.md", "at least 180 days", "29cfr2560.503-1"),
    ("workflows/denials-and-appeals.md", "extenuating circumstances", "late-claim-submission"),
    ("workflows/predetermination.md", "date of service", "consumertoolkit.com"),
    ("workflows/patient-estimates.md", "missing-tooth clause", "houstonisd.org"),
    ("workflows/patient-estimates.md", "deductible", "sagph.org"),
    ("workflows/patient-estimates.md", "42 CFR 447.15", "section-447.15"),
    ("workflows/coordination-of-benefits.md", "payment in full", "section-447.15"),
    ("workflows/coordination-of-benefits.md", "Self-funded", "2005-R-0753"),
    ("workflows/coordination-of-benefits.md", "Joint custody", "model-law-120"),
    ("workflows/coordination-of-benefits.md", "Maintenance of benefits", "zenefits.com"),
    ("workflows/payment-posting.md", "within 60 days", "1320a-7k"),
    ("workflows/clean-claim-checklist.md", "assignment of benefits", "ada-dental-claim-form"),
    ("workflows/clean-claim-checklist.md", "NPI", "section-162.410"),
    ("workflows/clean-claim-checklist.md", "missing-teeth chart", "ada-dental-claim-form"),
    ("workflows/aging-follow-up.md", "self-funded", "ameridenti.com"),
    ("workflows/aging-follow-up.md", "99% within 90 days", "section-447.45"),
    ("workflows/aging-follow-up.md", "91-120", "physicianspractice.com"),
    ("trainees/glossary.md", "", "glossary-of-dental-clinical-and-administrative-terms"),
]


def test_each_added_fact_has_its_source_on_the_page() -> None:
    """Findings 4, 7, 24-30: the fact is on the page and its source on the Sources list."""
    for page, phrase, address in CITED:
        text = _page(page)
        body, _, sources = text.partition("## Sources")
        assert phrase in body, (page, phrase)
        assert address in sources, (page, address)


def test_the_glossary_defines_the_billing_terms_a_trainee_meets() -> None:
    """Finding 29, and finding 13's secondary rule: the lesser of its benefit and the balance."""
    entries = {e["term"]: e["definition"] for e in data.read(DOCS / "_data" / "glossary.yaml")}
    for term in (
        "Allowed amount",
        "Contractual adjustment",
        "Usual, customary and reasonable",
        "Alternate benefit",
        "Missing-tooth clause",
        "Rejection",
    ):
        assert term in entries, term
    assert "lesser of" in entries["Standard coordination of benefits"]
    assert "full fee minus the allowed amount" in entries["Contractual adjustment"]


def test_the_lifecycle_page_says_what_the_model_leaves_out() -> None:
    """Finding 21."""
    page = _page("workflows/claim-lifecycle.md")
    left_out = page.partition("## What the model leaves out")[2].partition("\n## ")[0]
    for step in ("Partial denials", "Rejections", "Requests for more information"):
        assert step in left_out
    assert "filing limit passed" in page.partition("denied --> written_off")[2].splitlines()[0]
