"""How the office checks, posts and sends: the simulated coordinator's time follows the choice."""

from __future__ import annotations

import pytest

from tests.model.conftest import bundled, run_office, with_changes


def coordinator_busy_minutes(**ic_work: float) -> float:
    scenario = bundled("reference-separate")
    work = {**scenario.ic_work.model_dump(mode="json", by_alias=True), **ic_work}
    staff = [p.model_dump(mode="json") for p in scenario.staff]
    staff[0].pop("overflow")
    short = with_changes(
        scenario,
        ic_work=work,
        staff=staff,
        horizon_days=60,
        study={"warm_up_days": 30, "run_out_days": 0},
    )
    office = run_office(short)
    worker = next(w for w in office.workers if w.name == "insurance_coordinator")
    return worker.busy_minutes


@pytest.mark.parametrize(
    ("key", "slow", "fast"),
    [
        ("posting_era_share", 0.0, 1.0),
        ("claim_electronic_share", 0.0, 1.0),
        ("verification_electronic_share", 0.0, 1.0),
    ],
)
def test_the_electronic_way_takes_the_coordinator_less_time(key: str, slow: float, fast: float):
    assert coordinator_busy_minutes(**{key: fast}) < coordinator_busy_minutes(**{key: slow})


def test_era_auto_posting_saves_the_stated_share_of_posting_time() -> None:
    from sim.scenario.ways_of_working import _with
    from sim.scenario.workload import ic_task_minutes_by_kind

    scenario = bundled("reference-separate")
    by_hand = ic_task_minutes_by_kind(_with(scenario, {"posting_era_share": 0.0}))
    by_era = ic_task_minutes_by_kind(_with(scenario, {"posting_era_share": 1.0}))
    saving = scenario.ic_work.era_posting_saving_share
    assert by_era["payment_posting"] == pytest.approx(by_hand["payment_posting"] * (1 - saving))
    assert by_era["claim"] == by_hand["claim"]


def payer_waits(electronic_share: float) -> list[float]:
    """Days from first sending to the payer's first answer, claim by claim (primary claims the
    payer answered at once: not lost, not pended for information), in claim order."""

    scenario = bundled("reference-separate")
    work = scenario.ic_work.model_dump(mode="json", by_alias=True)
    work["claim_electronic_share"] = electronic_share
    short = with_changes(
        scenario, ic_work=work, horizon_days=90, study={"warm_up_days": 0, "run_out_days": 0}
    )
    office = run_office(short)
    waits = {}
    for claim in office.ledger.claims:
        if claim.is_secondary or claim.first_submitted_day is None or claim.submissions != 1:
            continue
        answered = [day for day, state in claim.history if state.name in ("EOB_RECEIVED", "DENIED")]
        if answered:
            waits[claim.claim_id] = answered[0] - claim.first_submitted_day
    return waits


def test_a_paper_claim_waits_longer_at_the_payer() -> None:
    """Prompt-pay laws give payers 45 days for a paper claim against 30 for an electronic one:
    the same claims, mailed, wait the payer's `paper_wait_multiple` (1.5) times as long."""
    mailed, sent = payer_waits(0.0), payer_waits(1.0)
    both = sorted(set(mailed) & set(sent))
    assert len(both) > 300
    ratios = [mailed[c] / sent[c] for c in both if sent[c] > 1.0]
    assert sorted(ratios)[len(ratios) // 2] == pytest.approx(1.5, rel=0.02)


def test_more_complex_postings_take_the_coordinator_more_time() -> None:
    """The share of complex EOBs (partial payments, several codes) is the scenario's, in the
    simulated desk and in the workload estimate alike."""
    from sim.scenario.ways_of_working import _with
    from sim.scenario.workload import ic_task_minutes_by_kind

    assert coordinator_busy_minutes(posting_complex_share=0.8) > coordinator_busy_minutes(
        posting_complex_share=0.0
    )
    # With no patient on two plans there is no secondary claim, whose posting is always complex.
    reference = bundled("reference-separate")
    practice = {**reference.practice.model_dump(mode="json"), "dual_coverage_share": 0.0}
    scenario = with_changes(reference, practice=practice)
    simple = ic_task_minutes_by_kind(_with(scenario, {"posting_complex_share": 0.0}))
    every = ic_task_minutes_by_kind(_with(scenario, {"posting_complex_share": 1.0}))
    work = scenario.ic_work
    ratio = work.posting_complex_minutes.mean / work.posting_simple_minutes.mean
    assert every["payment_posting"] == pytest.approx(simple["payment_posting"] * ratio)
    assert every["claim"] == simple["claim"]
