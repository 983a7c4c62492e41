"""Bad input: a clear message naming file, key path and what is allowed; exit 2; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sim.cli import main
from tests.scenario.conftest import SCENARIOS

GOOD_STAFF = [{"name": "office_manager", "roles": ["om", "ic"]}]


def run_bad(capsys, tmp_path: Path, path: Path, *expected: str) -> str:
    """Run the scenario; expect exit 2, the file name and each text in stderr, and no output."""
    out = tmp_path / "results"
    status = main(["run", str(path), "--reps", "1", "--out", str(out), "--quiet"])
    message = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in message
    for text in (str(path), *expected):
        assert text in message, f"{text!r} not in {message!r}"
    assert not out.exists()
    return message


def test_missing_file(capsys, tmp_path) -> None:
    run_bad(capsys, tmp_path, tmp_path / "nope.yaml", "file not found")


def test_invalid_yaml(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("broken.yaml", "staff: [unclosed\n")
    run_bad(capsys, tmp_path, path, "not valid YAML", "line")


def test_not_a_mapping(capsys, tmp_path, write_yaml) -> None:
    run_bad(capsys, tmp_path, write_yaml("list.yaml", "- a\n- b\n"), "must be a mapping")


def test_unknown_key_suggests_the_right_one(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("typo.yaml", {"staff": GOOD_STAFF, "horizon_dayz": 30})
    message = run_bad(
        capsys,
        tmp_path,
        path,
        "horizon_dayz",
        "unknown key",
        "did you mean 'horizon_days'",
        "allowed keys here",
    )
    assert "payers" in message


def test_unknown_nested_key(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("nested.yaml", {"staff": GOOD_STAFF, "policy": {"follow_up_days": 30}})
    run_bad(capsys, tmp_path, path, "policy.follow_up_days", "follow_up_age_days")


def test_wrong_type(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("type.yaml", {"staff": GOOD_STAFF, "horizon_days": "a year"})
    run_bad(capsys, tmp_path, path, "horizon_days", "valid integer", "'a year'")


def test_share_out_of_range(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("share.yaml", {"staff": GOOD_STAFF, "practice": {"no_show_share": 1.5}})
    run_bad(capsys, tmp_path, path, "practice.no_show_share", "less than or equal to 1")


def test_bad_distribution(capsys, tmp_path, write_yaml) -> None:
    dist = {"dist": "lognormal", "median": 20, "p90": 10}
    path = write_yaml("dist.yaml", {"staff": GOOD_STAFF, "ic_work": {"claim_minutes": dist}})
    run_bad(capsys, tmp_path, path, "ic_work.claim_minutes", "p90 must be greater than median")


def test_unknown_distribution_kind(capsys, tmp_path, write_yaml) -> None:
    dist = {"dist": "gaussian", "mean": 3}
    path = write_yaml("kind.yaml", {"staff": GOOD_STAFF, "ic_work": {"claim_minutes": dist}})
    run_bad(
        capsys,
        tmp_path,
        path,
        "ic_work.claim_minutes",
        "fixed",
        "exponential",
        "lognormal",
        "triangular",
    )


def test_unknown_role(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("role.yaml", {"staff": [{"name": "ann", "roles": ["dentist"]}]})
    run_bad(capsys, tmp_path, path, "staff.0.roles.0", "'om'", "'ic'", "'billing_service'")


def test_payer_shares_must_sum_to_one(capsys, tmp_path, write_yaml) -> None:
    payers = [{"name": "a", "patient_share": 0.5}, {"name": "b", "patient_share": 0.2}]
    path = write_yaml("payers.yaml", {"staff": GOOD_STAFF, "payers": payers})
    run_bad(capsys, tmp_path, path, "must sum to 1")


def test_protected_blocks_required(capsys, tmp_path, write_yaml) -> None:
    staff = [{"name": "om", "roles": ["om", "ic"], "discipline": "protected_blocks"}]
    path = write_yaml("blocks.yaml", {"staff": staff})
    run_bad(capsys, tmp_path, path, "staff.0", "protected_blocks")


def test_extends_cycle(capsys, tmp_path, write_yaml) -> None:
    write_yaml("a.yaml", {"extends": "b.yaml", "staff": GOOD_STAFF})
    write_yaml("b.yaml", {"extends": "a.yaml"})
    run_bad(capsys, tmp_path, tmp_path / "a.yaml", "extends", "cycle")


def test_extends_missing_file(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("child.yaml", {"extends": "parent.yaml", "staff": GOOD_STAFF})
    run_bad(capsys, tmp_path, path, "extends", "parent.yaml", "not found")


def test_validate_reports_every_error_of_a_file(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml(
        "many.yaml",
        {"staff": GOOD_STAFF, "horizon_days": -5, "practice": {"no_show_share": 2}, "bogus": 1},
    )
    good = SCENARIOS / "small-separate.yaml"
    status = main(["validate", str(good), str(path)])
    captured = capsys.readouterr()
    assert status == 2
    assert f"ok: {good}" in captured.out
    errors = [line for line in captured.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    for key in ("horizon_days", "practice.no_show_share", "bogus"):
        assert any(key in line and str(path) in line for line in errors)


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--reps", "0", "must be at least 1"),
        ("--seed", "-1", "must be 0 or more"),
        ("--reps", "x", "whole number"),
    ],
)
def test_bad_command_line_values(capsys, tmp_path, option, value, expected) -> None:
    args = [
        "run",
        str(SCENARIOS / "small-separate.yaml"),
        option,
        value,
        "--out",
        str(tmp_path / "r"),
    ]
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_compare_needs_distinct_names(capsys, tmp_path) -> None:
    path = str(SCENARIOS / "small-separate.yaml")
    status = main(["compare", path, path, "--reps", "1", "--out", str(tmp_path / "r"), "--quiet"])
    assert status == 2
    assert "names must differ" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_lognormal_with_mean_and_sd_says_it_takes_median_and_p90(
    capsys, tmp_path, write_yaml
) -> None:
    dist = {"dist": "lognormal", "mean": 5, "sd": 2}
    path = write_yaml("mean-sd.yaml", {"staff": GOOD_STAFF, "ic_work": {"claim_minutes": dist}})
    message = run_bad(
        capsys, tmp_path, path, "ic_work.claim_minutes.mean", "lognormal takes median and p90"
    )
    assert "allowed keys here: dist, median, p90" in message
    assert "mode" not in message  # not the triangular keys
    assert ".lognormal." not in message  # the key path is the file's, not pydantic's tag


def test_a_list_as_a_distribution_says_what_a_distribution_is(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("list.yaml", {"staff": GOOD_STAFF, "ic_work": {"claim_minutes": [3, 5, 8]}})
    message = run_bad(
        capsys,
        tmp_path,
        path,
        "ic_work.claim_minutes",
        "a distribution is a number or a mapping with dist:",
    )
    assert "valid dictionary" not in message


def test_a_share_written_as_a_percentage_gets_a_hint(capsys, tmp_path, write_yaml) -> None:
    path = write_yaml("percent.yaml", {"staff": GOOD_STAFF, "practice": {"insured_share": 70}})
    run_bad(capsys, tmp_path, path, "practice.insured_share", "shares run 0-1", "0.70 for 70%")


@pytest.mark.parametrize(("written", "hint"), [("2e0", "2.0e+0"), ("2.0e0", "2.0e+0")])
def test_an_exponent_yaml_reads_as_text_gets_a_hint_yaml_reads_as_a_number(
    capsys, tmp_path, written, hint
) -> None:
    path = tmp_path / "exponent.yaml"
    path.write_text(f"staff: []\nom_work:\n  interruptions_per_hour: {written}\n")
    key = "om_work.interruptions_per_hour"
    run_bad(capsys, tmp_path, path, key, f"(got '{written}')", f"write {hint},")
    assert yaml.safe_load(hint) == 2.0


def test_payer_share_sum_has_its_key_path_and_comes_with_other_problems(
    capsys, tmp_path, write_yaml
) -> None:
    payers = [{"name": "a", "patient_share": 0.5}, {"name": "b", "patient_share": 0.2}]
    alone = write_yaml("sum.yaml", {"staff": GOOD_STAFF, "payers": payers})
    run_bad(capsys, tmp_path, alone, f"{alone}: payers: patient_share values must sum to 1")
    both = write_yaml(
        "both.yaml", {"staff": GOOD_STAFF, "payers": payers, "practice": {"insured_share": 70}}
    )
    run_bad(
        capsys,
        tmp_path,
        both,
        "practice.insured_share",
        f"{both}: payers: patient_share values must sum to 1 (they sum to 0.7)",
    )
