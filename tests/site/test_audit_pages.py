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
