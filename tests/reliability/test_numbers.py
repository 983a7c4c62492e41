"""Numbers are finite and of the right type everywhere, and out-of-range factors and amounts
fail at validation (naming file and key path), not in the middle of a run or its writer."""

from __future__ import annotations

import json
import re

import pytest

from sim.cli import main
from tests.reliability.conftest import GOOD, validate_refused

PERSON = "staff:\n  - name: office_manager\n    roles: [om, ic]\n"


@pytest.mark.parametrize(
    ("text", "key_path"),
    [
        ("ic_work:\n  claim_minutes: .inf\n", "ic_work.claim_minutes"),
        ("ic_work:\n  claim_minutes: .nan\n", "ic_work.claim_minutes"),
        ("policy:\n  appeal_threshold_usd: .inf\n", "policy.appeal_threshold_usd"),
        ("policy:\n  appeal_threshold_usd: .nan\n", "policy.appeal_threshold_usd"),
        ("ic_work:\n  claim_minutes: {dist: fixed, value: .inf}\n", "ic_work.claim_minutes"),
        ("ic_work:\n  claim_minutes: {dist: exponential, mean: .inf}\n", "ic_work.claim_minutes"),
        (
            "ic_work:\n  claim_minutes: {dist: triangular, min: 1, mode: 2, max: .inf}\n",
            "ic_work.claim_minutes",
        ),
        (
            "ic_work:\n  claim_minutes: {dist: lognormal, median: 3, p90: .inf}\n",
            "ic_work.claim_minutes",
        ),
        ("opening:\n  ar_usd: {'0-30': .nan}\n", "opening.ar_usd.0-30"),
        ("opening:\n  ar_usd: {'0-30': -500}\n", "opening.ar_usd.0-30"),
        ("practice:\n  procedures: {}\n", "practice.procedures"),
        ("horizon_days: true\n", "horizon_days"),
        ("horizon_days: '30'\n", "horizon_days"),
        ("policy:\n  appeal_threshold_usd: '30'\n", "policy.appeal_threshold_usd"),
        (
            "practice:\n  providers: [{kind: dentist, count: true, visits_per_day: 8}]\n",
            "practice.providers.0.count",
        ),
    ],
)
def test_bad_numbers_fail_validation(capsys, tmp_path, text, key_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD + text)
    validate_refused(capsys, path, key_path)


@pytest.mark.parametrize(
    ("factor", "value"),
    [
        ("speed_factor", ".inf"),
        ("speed_factor", ".nan"),
        ("speed_factor", "0"),
        ("speed_factor", "-1"),
        ("error_factor", "-0.5"),
        ("error_factor", ".nan"),
    ],
)
def test_person_factors_are_bounded(capsys, tmp_path, factor, value) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(PERSON + f"    {factor}: {{ic: {value}}}\nhorizon_days: 30\n")
    validate_refused(capsys, path, f"staff.0.{factor}.ic")


def test_zero_error_factor_is_allowed(tmp_path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        PERSON + "    error_factor: {ic: 0}\n    speed_factor: {ic: 0.5}\nhorizon_days: 30\n"
    )
    assert main(["validate", str(path)]) == 0


def test_summary_json_is_finite_and_has_no_negative_zero(tmp_path, capsys) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD.replace("horizon_days: 30", "horizon_days: 15"))
    out = tmp_path / "out"
    assert main(["run", str(path), "--reps", "2", "--jobs", "1", "--out", str(out), "--quiet"]) == 0
    text = (out / "tiny" / "summary.json").read_text()
    assert not re.search(r"-0\.0(?![0-9])", text), "negative zero in summary.json"
    assert "NaN" not in text and "Infinity" not in text
    json.loads(text)
    capsys.readouterr()
