"""`twohats compare --calibration`: options run over offices drawn from a fitted sample.

Protects the pairing (replication k of every option is the same drawn office on the same
seed), the split of each difference's spread into the office and chance, reproducibility
whatever --jobs, and the refusals of a fit that does not belong to the options.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from sim.cli import main
from sim.study.draws import _summary, decompose

OFFICE: dict[str, Any] = {
    "horizon_days": 30,
    "study": {"run_out_days": 60},
    "payers": [
        {
            "name": "plan",
            "patient_share": 1.0,
            "adjudication_days": {"dist": "lognormal", "median": 12, "p90": 30},
        }
    ],
    "practice": {
        "front_desk": {"people": 0, "interruption_share": 0},
        "providers": [
            {"kind": "dentist", "count": 2, "visits_per_day": 8},
            {"kind": "hygienist", "count": 1, "visits_per_day": 8},
        ],
    },
    "staff": [{"name": "om", "roles": ["om", "ic"], "hourly_cost_usd": 34}],
    "opening": {"unsubmitted_claims": 6},
    "observed": {"day": 29, "ar_usd": {"0-30": 40_000}, "unsent_claims": 3},
}
SEPARATE = {
    "extends": "combined.yaml",
    "staff": [
        {"name": "om", "roles": ["om"], "hourly_cost_usd": 34},
        {"name": "coordinator", "roles": ["ic"], "hourly_cost_usd": 21},
    ],
}
KEYS = ("practice.providers.0.visits_per_day", "om_work.interruptions_per_hour")


def _options(folder: Path, office: dict[str, Any] = OFFICE) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "combined.yaml").write_text(yaml.safe_dump(office))
    (folder / "separate.yaml").write_text(yaml.safe_dump(SEPARATE))
    return [str(folder / "combined.yaml"), str(folder / "separate.yaml")]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], Path]:
    """The options, and a real two-key fit of the first (few runs: its sample is what counts)."""
    root = tmp_path_factory.mktemp("draws")
    options = _options(root / "client")
    args = ["calibrate", options[0], "--reps", "2", "--points", "6", "--waves", "1"]
    args += ["--fit", f"{KEYS[0]}=5..11", "--fit", f"{KEYS[1]}=0..6"]
    assert main([*args, "--jobs", "2", "--quiet", "--out", str(root / "fit")]) == 0
    (folder,) = (root / "fit").iterdir()
    return options, folder


def _compare(
    options: list[str], folder: Path, out: Path, *extra: str, jobs: str = "2"
) -> dict[str, Any]:
    args = ["compare", *options, "--calibration", str(folder), "--seed", "3", "--quiet"]
    assert main([*args, "--jobs", jobs, "--out", str(out), *extra]) == 0
    (written,) = out.iterdir()
    return {
        "record": json.loads((written / "comparison.json").read_text()),
        "folder": written,
    }


def _with_sample(folder: Path, target: Path, sample: list[list[float]]) -> Path:
    """A copy of the fit's folder with another accepted sample."""
    shutil.copytree(folder, target)
    row = json.loads((target / "fit.json").read_text())
    row["sample"] = sample
    (target / "fit.json").write_text(json.dumps(row))
    return target


# The split of the spread (the analysis of variance itself) --------------------------------


def test_the_split_recovers_known_variances() -> None:
    rng = np.random.default_rng(0)
    draws, reps = 400, 3
    office = rng.normal(0, 2.0, size=(draws, 1))
    values = (10 + office + rng.normal(0, 1.0, size=(draws, reps))).ravel()
    split = decompose(values.tolist(), draws, reps)
    assert split["parameter_sd"] == pytest.approx(2.0, rel=0.1)
    assert split["chance_sd"] == pytest.approx(1.0, rel=0.1)
    assert split["parameter_share"] == pytest.approx(0.8, abs=0.05)
    assert split["ci95"][0] < 10 < split["ci95"][1]
    low, high = split["parameter_share_ci95"]
    assert low < 0.8 < high and high - low < 0.2


def test_without_differences_between_offices_the_office_share_is_about_0() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(5, 1.0, size=400 * 2)
    split = decompose(values.tolist(), 400, 2)
    assert split["parameter_share"] < 0.05
    assert split["parameter_share_ci95"][0] == 0.0
    # Identical draws' means: no part of the spread is the office, exactly.
    same = np.tile([1.0, 3.0], 5)
    assert decompose(same.tolist(), 5, 2)["parameter_share"] == 0.0


def test_without_chance_all_the_spread_is_the_office() -> None:
    split = decompose([1, 1, 2, 2, 4, 4], 3, 2)
    assert split["parameter_share"] == 1.0 and split["chance_sd"] == 0.0
    assert decompose([7.0] * 6, 3, 2)["parameter_share"] is None


def test_replications_without_a_basis_are_left_out() -> None:
    split = decompose([1.0, None, 2.0, 2.2, None, None], 3, 2)
    assert split["mean"] == pytest.approx((1.0 + 2.1) / 2)


# The comparison over draws ------------------------------------------------------------------


def test_every_option_runs_the_same_drawn_office_on_the_same_seed(
    fitted: tuple[list[str], Path], tmp_path: Path
) -> None:
    options, folder = fitted
    found = _compare(options, folder, tmp_path / "out", "--draws", "3", "--reps", "2")
    record = found["record"]
    assert record["replications"] == 6
    assert record["calibration"]["keys"] == list(KEYS)
    assert len(record["calibration"]["settings"]) == 3
    # Visits depend on the drawn volume and the seed, never on the staffing: paired by draw
    # and seed, the two options see the same visits in every replication.
    visits = record["differences"]["separate - combined"]["visits"]
    assert visits["mean"] == 0 and visits["chance_sd"] == 0 and visits["parameter_sd"] == 0
    # Within an option, the visits move with the drawn volume: mostly the office.
    assert record["kpis"]["combined"]["visits"]["parameter_share"] > 0.5
    # With opening books the record has the year's figures: over the drawn offices too.
    (year,) = record["years"]["combined"]
    assert all("parameter_share" in entry for entry in year["kpis"].values())
    rows = list(csv.DictReader((found["folder"] / "spread.csv").open()))
    assert {r["kpi"] for r in rows} >= {"visits", "cohort_net_after_staffing_usd"}
    text = (found["folder"] / "comparison.md").read_text()
    assert "Where the spread comes from" in text and "office share" in text
    # The client's report says it too (issue 25 item 2), with each difference's split.
    page = tmp_path / "report.html"
    assert (
        main(["report", str(found["folder"]), "--out", str(page), "--sensitivity-reps", "0"]) == 0
    )
    html = page.read_text(encoding="utf-8")
    assert "Where the spread comes from: the office or chance" in html
    assert html.count(">SD from the office</th>") == len(record["differences"])


def test_a_sample_of_one_office_leaves_the_spread_to_chance(
    fitted: tuple[list[str], Path], tmp_path: Path
) -> None:
    options, folder = fitted
    row = json.loads((folder / "fit.json").read_text())
    one = _with_sample(folder, tmp_path / "one", [row["sample"][0]] * 50)
    record = _compare(options, one, tmp_path / "out", "--draws", "4", "--reps", "2")["record"]
    found = [
        d
        for d in record["differences"]["separate - combined"].values()
        if d.get("parameter_share") is not None
    ]
    assert len(found) > 10
    # Every draw is the same office: the estimate is 0 or near it, as chance allows, and the
    # share's interval excludes 0 about 2.5 times in 100.
    assert float(np.median([d["parameter_share"] for d in found])) < 0.1
    excluding = [d for d in found if d["parameter_share_ci95"][0] > 0]
    assert len(excluding) <= 0.1 * len(found)


def test_the_same_seed_gives_the_same_files_whatever_the_workers(
    fitted: tuple[list[str], Path], tmp_path: Path
) -> None:
    options, folder = fitted
    written = []
    for jobs in ("1", "2"):
        found = _compare(options, folder, tmp_path / jobs, "--draws", "2", "--reps", "2", jobs=jobs)
        written.append(
            [(found["folder"] / n).read_bytes() for n in ("comparison.md", "spread.csv")]
        )
        record = found["record"]
        record.pop("versions")
        written[-1].append(json.dumps(record, sort_keys=True).encode())
    assert written[0] == written[1]


# Refusals: exit 2, the file, the key and what was wrong; nothing written ------------------


def _refused(args: list[str], out: Path, capsys: pytest.CaptureFixture) -> str:
    assert main([*args, "--quiet", "--out", str(out)]) == 2
    assert not out.exists()
    return capsys.readouterr().err


def test_a_fit_of_other_books_is_refused(
    fitted: tuple[list[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    _options_, folder = fitted
    other = {**OFFICE, "observed": {"day": 29, "ar_usd": {"0-30": 90_000}}}
    options = _options(tmp_path / "other", other)
    err = _refused(["compare", *options, "--calibration", str(folder)], tmp_path / "out", capsys)
    assert "combined.yaml: observed: differs from the books" in err
    assert "fit.json" in err and "Traceback" not in err


def test_a_fitted_key_an_option_lacks_is_refused(
    fitted: tuple[list[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    options, folder = fitted
    copy = tmp_path / "fit"
    shutil.copytree(folder, copy)
    row = json.loads((copy / "fit.json").read_text())
    row["keys"][1] = "staff.1.hourly_cost_usd"
    row["ranges"][1] = [18, 30]
    row["sample"] = [[s[0], 20.0] for s in row["sample"]]
    (copy / "fit.json").write_text(json.dumps(row))
    err = _refused(["compare", *options, "--calibration", str(copy)], tmp_path / "out", capsys)
    assert "combined.yaml: key staff.1.hourly_cost_usd" in err
    assert "every option must have every fitted key" in err


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ("one-key", "one-key fit (calibration.json)"),
        ("empty", "sample: empty; the fit accepted no setting"),
        ("old", "not written by this version of twohats: books: Field required"),
        ("outside", "must stay within its fitted range"),
        ("broken", "is not valid JSON"),
    ],
)
def test_a_folder_without_a_usable_sample_is_refused(
    fitted: tuple[list[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    change: str,
    said: str,
) -> None:
    options, folder = fitted
    copy = tmp_path / "fit"
    shutil.copytree(folder, copy)
    row = json.loads((copy / "fit.json").read_text())
    if change == "one-key":
        (copy / "fit.json").unlink()
    elif change == "broken":
        (copy / "fit.json").write_text("{")
    else:
        if change == "empty":
            row["sample"] = []
        elif change == "old":
            del row["books"]
        else:
            row["sample"][0][0] = 99.0
        (copy / "fit.json").write_text(json.dumps(row))
    err = _refused(["compare", *options, "--calibration", str(copy)], tmp_path / "out", capsys)
    assert str(copy / "fit.json") in err and said in err


def test_replications_and_draws_are_checked_before_anything_runs(
    fitted: tuple[list[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    options, folder = fitted
    base = ["compare", *options, "--calibration", str(folder)]
    assert "--reps must be at least 2" in _refused([*base, "--reps", "1"], tmp_path / "a", capsys)
    assert "has 2000 settings" in _refused([*base, "--draws", "5000"], tmp_path / "b", capsys)
    assert "--draws needs --calibration" in _refused(
        ["compare", *options, "--draws", "3"], tmp_path / "c", capsys
    )


def test_an_interval_over_draws_is_never_clipped_below_values_the_runs_took() -> None:
    """A coordinator's utilisation runs over 100% with overtime: the interval over the draws
    must hold its mean, as `describe` keeps a replication's own values (the Northgate walk
    printed 101.5% (101.4% to 100.0%))."""
    summary: dict[str, Any] = {"mean": 1.0}
    values = [1.014, 1.016, 1.015, 1.013, 1.017, 1.015]
    _summary(summary, values, 3, 2, "utilization.insurance_coordinator")
    low, high = summary["ci95"]
    assert low <= summary["mean"] <= high
    assert high > 1.0
    shares = [0.98, 0.99, 0.97, 0.99, 0.98, 0.99]
    clipped_summary: dict[str, Any] = {"mean": 1.0}
    _summary(clipped_summary, shares, 3, 2, "utilization.insurance_coordinator")
    assert clipped_summary["ci95"][1] <= 1.0


def test_drawing_from_a_fit_no_run_bore_out_is_said(
    fitted: tuple[list[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A fit whose accepted settings no run reproduced may still be drawn from, but the
    terminal says so (the Northgate walk drew from such a fit without a word)."""
    options, folder = fitted
    target = tmp_path / "unconfirmed"
    shutil.copytree(folder, target)
    row = json.loads((target / "fit.json").read_text())
    row["fits"] = True
    for run in row["design"]:
        for figure in row["figures"]:
            run["simulated"][figure["kpi"]] = figure["observed"] + 10 * figure["spread"]
    (target / "fit.json").write_text(json.dumps(row))
    _compare(options, target, tmp_path / "out", "--draws", "2", "--reps", "2")
    assert "BUT no setting actually run came within" in capsys.readouterr().err
