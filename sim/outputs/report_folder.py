"""Reading a results folder for `twohats report`: a compare or sweep folder's record, scenarios,
charts and optional tables, checked, or ReportError naming the file and what is wrong."""

from __future__ import annotations

import functools
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from sim.outputs.results import marker_files
from sim.scenario.schema import Scenario
from sim.study import records
from sim.study.records import (
    CalibrationRecord,
    ComparisonRecord,
    FitRecord,
    ObservedRecord,
    SweepRecord,
)

SETTINGS_FILE = Path(__file__).with_name("report.yaml")
FIT = "fit.json"
"""The several-key fit `twohats calibrate` writes beside calibration.json: its verdict, figure
by figure, is the report's calibration verdict."""
RECORD = "comparison.json"
SWEEP_RECORD = "sweep.json"
OPTIONAL_TABLES: dict[str, type[ObservedRecord] | type[CalibrationRecord]] = {
    "observed.json": ObservedRecord,
    "calibration.json": CalibrationRecord,
}
"""Files another command may leave in a compare folder, with the record each holds."""


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CHART_BYTES = 5_000_000
"""Largest chart the report embeds; twohats' own charts are a few hundred kilobytes at most."""


class ReportError(Exception):
    """The folder cannot be reported on; the message names the file and what is wrong (exit 2)."""


def read_charts(folder: Path) -> dict[str, bytes]:
    """The charts twohats wrote in `folder`: the PNG names its marker lists, each a regular
    file in the folder (a link is not followed), a PNG by its signature, within the size cap.

    Any other file, whatever its name, is never read into a report (a page handed to a
    client must not carry a file that only sits beside the results)."""
    listed = marker_files(folder) or []
    charts = {}
    for name in sorted(n for n in listed if n.endswith(".png") and "/" not in n):
        path = folder / name
        if not path.exists() and not path.is_symlink():
            continue
        charts[name] = _chart_bytes(path)
    return charts


def _chart_bytes(path: Path) -> bytes:
    """The bytes of one listed chart, opened without following a link (so nothing can be
    swapped in between a check and the read), or ReportError saying why it is not one."""
    not_ours = "not a chart twohats wrote; rerun the study"
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError as exc:
        if path.is_symlink():
            raise ReportError(f"{path} is a link: {not_ours}") from None
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise ReportError(f"{path} is not a regular file: {not_ours}")
        content = file.read(MAX_CHART_BYTES + 1)
    if len(content) > MAX_CHART_BYTES:
        raise ReportError(f"{path} is larger than {MAX_CHART_BYTES // 1_000_000} MB: {not_ours}")
    if not content.startswith(PNG_SIGNATURE):
        raise ReportError(f"{path} is not a PNG image: {not_ours}")
    return content


@dataclass(frozen=True)
class Folder:
    """What a compare folder holds, read and checked."""

    path: Path
    record: dict
    scenarios: list[Scenario]
    charts: dict[str, bytes]
    optional: dict[str, list[dict]]
    fit: dict | None = None


@functools.cache
def settings() -> dict:
    """report.yaml: the money rows, chart captions, key assumptions and reading sentences."""
    return yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))


def _read(kind: type[records.Record], path: Path) -> dict:
    """The file's record as this version of twohats writes it (sim.study.records), as data;
    ReportError naming the file and the field when it cannot be read or does not fit."""
    try:
        return records.as_data(records.read(kind, path))
    except records.RecordError as exc:
        raise ReportError(str(exc)) from None


def _scenarios(record: dict, path: Path) -> list[Scenario]:
    scenarios = []
    for n, raw in enumerate(record["scenarios"]):
        try:
            scenarios.append(Scenario.model_validate(raw))
        except ValidationError as exc:
            raise ReportError(f"{path} {records.not_this_version(exc, ('scenarios', n))}") from None
    names = [s.named for s in scenarios]
    if not names or set(names) != set(record["kpis"]):
        raise ReportError(f"{path}: the scenarios ({', '.join(names)}) do not match kpis")
    return scenarios


def _optional_rows(path: Path, kind: type[ObservedRecord] | type[CalibrationRecord]) -> list[dict]:
    """Rows of observed.json or calibration.json."""
    return _read(kind, path)["rows"]


CALIBRATION = "calibration.json"


def calibration_file(given: Path) -> Path:
    """calibration.json itself, or the one in a folder written by `twohats calibrate`."""
    found = given / CALIBRATION if given.is_dir() else given
    if not found.is_file():
        raise ReportError(f"{found} does not exist (give calibration.json or its folder)")
    return found


def read_folder(path: Path, calibration: Path | None = None) -> Folder:
    """Read a compare folder (and a calibration.json from elsewhere, when given); ReportError
    (naming the file) if something cannot be used."""
    if not path.is_dir():
        state = "is not a folder" if path.exists() else "does not exist"
        raise ReportError(f"{path} {state} (give a folder written by twohats compare)")
    record_path = path / RECORD
    if not record_path.is_file():
        run = (
            " (it holds summary.json: a run of one scenario; compare two)"
            if (path / "summary.json").is_file()
            else ""
        )
        raise ReportError(
            f"{path} has no {RECORD} or {SWEEP_RECORD}: not a folder written by twohats "
            f"compare or twohats sweep{run}"
        )
    record = _read(ComparisonRecord, record_path)
    scenarios = _scenarios(record, record_path)
    charts = read_charts(path)
    optional = {
        name: _optional_rows(path / name, kind)
        for name, kind in OPTIONAL_TABLES.items()
        if (path / name).is_file()
    }
    fit = _fit(path / FIT) if (path / FIT).is_file() else None
    if calibration is not None:
        found = calibration_file(calibration)
        optional[CALIBRATION] = _optional_rows(found, OPTIONAL_TABLES[CALIBRATION])
        beside = found.with_name(FIT)
        fit = _fit(beside) if beside.is_file() else None
    return Folder(path, record, scenarios, charts, optional, fit)


def _fit(path: Path) -> dict:
    """fit.json of a several-key calibration, whose verdict the report gives."""
    return _read(FitRecord, path)


@dataclass(frozen=True)
class SweepFolder:
    """What a sweep folder holds, read and checked."""

    path: Path
    record: dict
    charts: dict[str, bytes]


def read_sweep_folder(path: Path) -> SweepFolder:
    """Read a sweep folder's sweep.json; ReportError (naming the file) if it cannot be used."""
    record = _read(SweepRecord, path / SWEEP_RECORD)
    charts = read_charts(path)
    return SweepFolder(path, record, charts)


def read_any(path: Path, calibration: Path | None = None) -> Folder | SweepFolder:
    """A compare folder, or a sweep folder when it holds sweep.json and no comparison.json."""
    if path.is_dir() and not (path / RECORD).is_file() and (path / SWEEP_RECORD).is_file():
        if calibration is not None:
            raise ReportError("--calibration goes with a compare folder, not a sweep folder")
        return read_sweep_folder(path)
    return read_folder(path, calibration)
