"""Results files are written and read through their records (sim/study/records.py): each
file twohats writes reads back to the same bytes, a file edited out of shape or from another
version is refused naming the field (exit 2, no traceback), and a bug inside twohats is not
passed off as a bad folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from sim.cli import main
from sim.outputs import report as report_module
from sim.outputs import report_folder
from sim.outputs.results import record_json, to_json
from sim.study import records
from sim.study.records import (
    SCHEMA_VERSION,
    CalibrationRecord,
    ComparisonRecord,
    FitRecord,
    ObservedRecord,
    RunRecord,
    SensitivityRecord,
    SweepRecord,
)

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
OPTIONS = ("small-separate", "small-combined")
STUDY = (
    "horizon_days: 40\nstudy:\n  warm_up_days: 14\n  run_out_days: 120\n"
    "observed:\n  day: 20\n  unsent_claims: 3\n"
)
"""Short runs of the bundled small options with an observed block (so runs write observed.json
and the options can be calibrated): plumbing, not a settled office."""


def _twohats(where: Path, *args: str) -> None:
    common = ["--reps", "2", "--jobs", "1", "--quiet", "--allow-root", str(SCENARIOS)]
    assert main([*args, *common, "--out", str(where)]) == 0


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One folder of each kind, written by the CLI: run, compare, sweep, calibrations of one
    key and of two, and a sensitivity screening."""
    where = tmp_path_factory.mktemp("records")
    files = []
    for name in OPTIONS:
        path = where / f"{name}.yaml"
        path.write_text(f"extends: {SCENARIOS / name}.yaml\n{STUDY}")
        files.append(str(path))
    _twohats(where / "out", "run", files[1])
    _twohats(where / "out", "compare", *files)
    _twohats(where / "out", "sweep", *files, "--vary", "practice.providers.0.count=1,2")
    one = "om_work.interruptions_per_hour=0..4"
    _twohats(where / "one", "calibrate", files[1], "--fit", one, "--points", "3")
    two = ["--fit", "om_work.interruptions_per_hour=0..6"]
    two += ["--fit", "practice.providers.0.visits_per_day=4..12", "--points", "8", "--waves", "1"]
    _twohats(where / "two", "calibrate", files[1], *two)
    morris = ["--vary", "om_work.interruptions_per_hour=0..4", "--trajectories", "2"]
    _twohats(where / "morris", "sensitivity", *files, *morris)
    return {
        "run": where / "out" / OPTIONS[1],
        "compare": where / "out" / f"compare-{'-'.join(OPTIONS)}",
        "sweep": where / "out" / f"sweep-{'-'.join(OPTIONS)}-practice_providers_0_count",
        "one": next((where / "one").iterdir()),
        "two": next((where / "two").iterdir()),
        "morris": next((where / "morris").iterdir()),
    }


KINDS = [
    ("run", "summary.json", RunRecord),
    ("run", "observed.json", ObservedRecord),
    ("compare", "comparison.json", ComparisonRecord),
    ("compare", "observed.json", ObservedRecord),
    ("sweep", "sweep.json", SweepRecord),
    ("one", "calibration.json", CalibrationRecord),
    ("two", "calibration.json", CalibrationRecord),
    ("two", "fit.json", FitRecord),
    ("morris", "sensitivity.json", SensitivityRecord),
]


@pytest.mark.parametrize(("folder", "name", "kind"), KINDS)
def test_each_file_reads_back_to_the_same_bytes(
    written: dict[str, Path], folder: str, name: str, kind: type[records.Record]
) -> None:
    path = written[folder] / name
    text = path.read_bytes()
    assert next(iter(json.loads(text))) == "schema_version"
    record = records.read(kind, path)
    assert record.schema_version == SCHEMA_VERSION
    assert to_json(records.as_data(record)) == text
    data = {key: value for key, value in json.loads(text).items() if key != "schema_version"}
    assert record_json(kind, data) == text


def _damaged(written: dict[str, Path], tmp_path: Path, folder: str, name: str, change) -> Path:
    copy = tmp_path / written[folder].name
    shutil.copytree(written[folder], copy)
    data = json.loads((copy / name).read_text())
    change(data)
    (copy / name).write_text(json.dumps(data))
    return copy


def _first_summary(data: dict) -> dict:
    return next(iter(next(iter(data["kpis"].values())).values()))


DAMAGE = [
    # (folder, file, change, field named, problem said)
    ("compare", "comparison.json", lambda d: d.pop("seed"), "seed", "Field required"),
    ("compare", "comparison.json", lambda d: d.update(replications="2"), "replications", "integer"),
    ("compare", "comparison.json", lambda d: d.update(schema_version=0), "schema_version", "0;"),
    ("compare", "comparison.json", lambda d: d.pop("schema_version"), "schema_version", "missing"),
    ("compare", "comparison.json", lambda d: _first_summary(d).update(p10=True), ".p10", "number"),
    ("compare", "comparison.json", lambda d: d.update(note="mine"), "note", "Extra inputs"),
    ("compare", "observed.json", lambda d: d["rows"][0].pop("observed"), "rows.0.observed", ""),
    ("sweep", "sweep.json", lambda d: d.update(keys="x"), "keys", "valid list"),
    ("sweep", "sweep.json", lambda d: d["summaries"][0].pop("option"), "summaries.0.option", ""),
]


@pytest.mark.parametrize(("folder", "name", "change", "field", "problem"), DAMAGE)
def test_a_damaged_file_is_refused_by_the_report_naming_the_field(
    written: dict[str, Path],
    tmp_path: Path,
    folder: str,
    name: str,
    change,
    field: str,
    problem: str,
) -> None:
    copy = _damaged(written, tmp_path, folder, name, change)
    out = tmp_path / "r.html"
    done = subprocess.run(
        [sys.executable, "-m", "sim", "report", str(copy), "--out", str(out)]
        + ["--sensitivity-reps", "0"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    said = f"error: {copy / name} was not written by this version of twohats: "
    assert done.returncode == 2, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
    line = done.stderr.split(said, 1)[1]
    where, _, what = line.partition(": ")
    assert where.endswith(field) and problem in what
    assert not out.exists()


def test_a_damaged_fit_is_refused_by_compare_over_draws(
    written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = _damaged(written, tmp_path, "two", "fit.json", lambda d: d.update(sample=[["x"]]))
    files = [str(written["run"].parents[1] / f"{name}.yaml") for name in OPTIONS]
    args = ["compare", *files, "--calibration", str(copy), "--draws", "2", "--reps", "2"]
    assert main([*args, "--out", str(tmp_path / "out"), "--allow-root", str(SCENARIOS)]) == 2
    error = capsys.readouterr().err
    said = f"{copy / 'fit.json'} was not written by this version of twohats: sample.0.0: expected"
    assert said in error and not (tmp_path / "out").exists()


def test_an_older_calibration_file_given_to_the_report_is_refused(
    written: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """calibration.json written as a bare list of rows, as before records carried a version."""
    older = tmp_path / "calibration.json"
    rows = json.loads((written["one"] / "calibration.json").read_text())["rows"]
    older.write_text(json.dumps(rows))
    args = ["report", str(written["compare"]), "--calibration", str(older)]
    assert main([*args, "--out", str(tmp_path / "r.html"), "--sensitivity-reps", "0"]) == 2
    error = capsys.readouterr().err
    assert f"{older} was not written by this version of twohats: expected a JSON object" in error


def test_a_bug_in_the_report_is_not_called_a_bad_folder(
    written: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyError inside twohats' own code reaches the caller as it is (a traceback on the
    command line), whether it happens while the folder is read or while the page is built."""

    def broken(*_args, **_kwargs):
        raise KeyError("a bug in twohats")

    args = ["report", str(written["compare"]), "--sensitivity-reps", "0"]
    for module, helper in ((report_folder, "_scenarios"), (report_module, "reading")):
        with monkeypatch.context() as patch:
            patch.setattr(module, helper, broken)
            with pytest.raises(KeyError, match="a bug in twohats"):
                main([*args, "--out", str(tmp_path / f"{helper}.html")])
        assert not (tmp_path / f"{helper}.html").exists()


def test_a_writer_that_drifts_from_its_record_fails_loudly(written: dict[str, Path]) -> None:
    """A study adding a field its record does not describe is a bug: writing raises it."""
    data = json.loads((written["sweep"] / "sweep.json").read_text())
    del data["schema_version"]
    assert record_json(SweepRecord, data) == (written["sweep"] / "sweep.json").read_bytes()
    with pytest.raises(ValidationError, match="new_section"):
        record_json(SweepRecord, {**data, "new_section": 1})
    with pytest.raises(ValidationError, match="late_cash_annual_rate"):
        record_json(SweepRecord, {**data, "late_cash_annual_rate": "8%"})
