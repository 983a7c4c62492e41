"""The payers' section of the scenario: each plan in the mix and how it pays, denies,
answers and sets deadlines.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.scenario.distributions import as_written
from sim.scenario.schema_base import (
    Dist,
    ProcedureClass,
    Share,
    Strict,
    _reference,
)


def _by_class(preventive: float, basic: float, major: float) -> dict[ProcedureClass, float]:
    return {"preventive": preventive, "basic": basic, "major": major}


class Payer(Strict):
    """One payer in the mix and how it behaves."""

    name: str = Field(min_length=1, max_length=60)
    patient_share: Share = Field(
        description="Share of insured patients whose primary plan is this payer."
    )
    coverage_share: dict[ProcedureClass, Share] = Field(
        default_factory=lambda: _by_class(1.0, 0.8, 0.5),
        description="Share of the allowed amount the plan covers, by procedure class.",
    )
    network: Literal["in", "out"] = Field(
        "in",
        description="in: the office has a contract with this plan (its fee schedule applies); out: it has none.",
    )
    allowance_share: dict[ProcedureClass, Share] = Field(
        default_factory=lambda: _by_class(0.75, 0.7, 0.65),
        description="The plan's allowed amount as a share of the office fee, by procedure class: the contracted fee in network, the plan's maximum out of network (a typical figure).",
    )
    payment_share: Share = Field(
        0.97,
        description="Paid amount as a share of the expected amount (the rest is a payer adjustment).",
    )
    adjudication_days: Dist = Field(
        as_written({"dist": "lognormal", "median": 12, "p90": 28}),
        description="Calendar days from a clean submission to the EOB or ERA.",
    )
    review_days: Dist = Field(
        as_written({"dist": "lognormal", "median": 20, "p90": 60}),
        description="Calendar days from submission to the EOB or ERA for a claim sent with attachments (x-rays, narratives, charting): a dental consultant reviews it before the plan decides.",
    )
    paper_wait_multiple: float = Field(
        1.5,
        ge=1.0,
        description="How many times longer the payer takes over a paper claim than over the same claim sent electronically (mail, and keying it in).",
    )
    lost_share: Share = Field(
        0.03, description="Share of submissions the payer never answers until someone follows up."
    )
    clinical_denial_share: Share = Field(
        0.03,
        description="Share of correct, verified claims denied for coverage reasons (appealable).",
    )
    unverified_denial_share: Share = Field(
        0.12, description="Extra denial chance for a claim whose eligibility was not verified."
    )
    requires_predetermination: bool = Field(
        False,
        description="True for a plan that requires approval before major work; elsewhere a predetermination is only recommended, and its absence is never a reason to deny.",
    )
    no_predetermination_denial_share: Share = Field(
        0.8,
        description="At a plan that requires predetermination: denial chance for major work done without its approved reply (appealable).",
    )
    predetermination_reply_days: Dist = Field(
        as_written({"dist": "lognormal", "median": 5, "p90": 14}),
        description="Calendar days from sending a predetermination to the plan's reply; work done before the reply has none.",
    )
    attachment_request_share: Share = Field(
        0.15,
        description="Share of claims sent with attachments, which the payer would pay, that it first pends with a request for more from the office (an image it cannot read, a narrative or charting its consultant wants).",
    )
    cob_request_share: Share = Field(
        0.08,
        description="Share of claims for a patient with two plans, which the payer would pay, that it first pends until the patient returns a coordination-of-benefits update.",
    )
    timely_filing_days: int = Field(
        365, ge=1, le=1000, description="Days from service within which the payer accepts a claim."
    )
    appeal_window_days: int = Field(
        180, ge=1, le=1000, description="Days from a denial within which an appeal is accepted."
    )
    appeal_overturn_share: Share = Field(
        0.5, description="Share of appeals decided in the practice's favour."
    )
    appeal_decision_days: Dist = Field(
        as_written({"dist": "triangular", "min": 15, "mode": 30, "max": 45}),
        description="Calendar days from an appeal to its decision.",
    )
    cob_method: Literal["standard", "non_duplication"] = Field(
        "standard", description="How this plan pays when it is the secondary plan."
    )
    pays_last: bool = Field(
        False,
        description="True for a payer of last resort (Medicaid): with a second plan, it is always the secondary.",
    )


def _default_payers() -> list[Payer]:
    return [Payer.model_validate(p) for p in _reference("payers")]
