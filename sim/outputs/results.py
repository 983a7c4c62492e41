"""Writing a study's results: summary.json, daily.csv and charts, all or nothing.

A results folder is written beside its final place and renamed into it in one step, so it is
either complete or absent. Every folder twohats writes holds a marker, `.twohats-results`
(a small JSON listing its files). Policy for an existing folder of the same name:

- no marker (the folder is not ours, e.g. a project's `docs/`): never touched; error;
- ours, without `--force`: kept; the new results get the first free numbered name
  (`name-2`, `name-3`, ...);
- ours, with `--force`: replaced, unless it holds files the marker does not list (a user
  added them): then nothing is touched and the error names them. Files of an earlier run
  that the new one does not write (an old `trace.csv`) are named in the "wrote" line.

Folder names are checked (letters, digits, `_ . -`, starting with a letter or digit), and
folders are created with the user's umask like any other, not 0700.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import platform
import re
import secrets
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from sim.model.office import Replication
from sim.outputs.tables import csv_bytes
from sim.scenario.schema import Scenario
from sim.study import records
from sim.study.years import YEAR_DAYS, by_year

PACKAGES = ("twohats", "simpy", "numpy", "scipy", "matplotlib", "pydantic", "pyyaml")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def _no_negative_zero(data: object) -> object:
    """`-0.0` becomes `0.0` (a mean of zeros can come out as -0.0; readers should not see it)."""
    if isinstance(data, float):
        return 0.0 if data == 0 else data
    if isinstance(data, dict):
        return {key: _no_negative_zero(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_no_negative_zero(value) for value in data]
    return data


def to_json(data: object) -> bytes:
    """Indented JSON; finite numbers only (ValueError otherwise), never `-0.0`."""
    return (json.dumps(_no_negative_zero(data), indent=2, allow_nan=False) + "\n").encode()


def record_json(kind: type[records.Record], data: dict) -> bytes:
    """A results file written through its record model (sim.study.records), with its
    schema_version: a record that does not fit the model is a bug here, raised as it is."""
    return to_json(records.as_data(records.build(kind, data)))


def daily_csv(results: Sequence[Replication]) -> bytes:
    """One row per replication and day: the warm-up's days (numbered below 0, `phase`
    warm_up), then the window's."""
    columns = list(results[0].daily.columns)
    body = (
        [result.replication, *(row[column] for column in columns)]
        for result in results
        for row in itertools.chain(result.warm_up, result.daily)
    )
    return csv_bytes([["replication", *columns], *body])


def study_record(scenario: Scenario, seed: int, results: Sequence[Replication], kpis: dict) -> dict:
    """Everything needed to reproduce and read a study, without clocks or paths."""
    record = {
        "scenario": scenario.model_dump(mode="json", by_alias=True),
        "seed": seed,
        "replications": len(results),
        "horizon_days": scenario.horizon_days,
        "warm_up_days": scenario.warm_up_days,
        "run_out_days_cap": scenario.study.run_out_days,
        "versions": versions(),
        "kpis": kpis,
        "per_replication": [{"replication": r.replication, **r.kpis} for r in results],
    }
    if scenario.has_opening_books or scenario.horizon_days > YEAR_DAYS:
        record["years"] = by_year(results)
    return record


MARKER = ".twohats-results"
"""The file that marks a folder as written by twohats (JSON: who wrote it and its files)."""
MAX_NAME = 230
"""Longest results-folder name: room left under the usual 255-byte limit for '-999' and the
hidden staging folder's prefix and suffix."""
SAFE_NAME = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_.-]{{0,{MAX_NAME - 1}}}$")
MAX_SUFFIX = 999


class ResultsError(Exception):
    """The results cannot be written where asked; the message names the place (exit 2)."""


def write_file(out: Path, text: str, force: bool) -> None:
    """Write one file in one step (a temporary file beside it, renamed into place), so a
    reader never sees half of it; an existing file is replaced only with `force`."""
    if out.is_dir():
        raise ResultsError(f"{out} is a folder; --out takes the name of the file")
    if (out.exists() or out.is_symlink()) and not force:
        raise ResultsError(f"{out} exists; give --force to replace it, or another --out")
    if not out.parent.is_dir():
        raise ResultsError(f"cannot write {out}: {out.parent} is not a folder")
    partial = out.with_name(f".{out.name}.{secrets.token_hex(4)}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ResultsError(
            f"cannot write {out}: {exc.strerror or exc}; nothing was written"
        ) from None


@dataclass(frozen=True)
class Destination:
    """Where a study's folder goes, decided before the study runs."""

    target: Path
    wanted: Path
    replaces: bool = False
    dropped: tuple[str, ...] = field(default=())

    def note(self) -> str:
        """What the "wrote" line adds: a numbered name, or what a replacement dropped."""
        if self.target != self.wanted:
            return f" ({self.wanted} already holds earlier results; --force replaces them)"
        if self.replaces:
            extra = (
                f"; dropped {', '.join(self.dropped)} of the earlier run" if self.dropped else ""
            )
            return f" (replaced the earlier results{extra})"
        return ""


def marker_files(folder: Path) -> list[str] | None:
    """The files the marker in `folder` lists, or None if the folder is not ours."""
    try:
        record = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("written_by") != "twohats":
        return None
    files = record.get("files")
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def _check_writable(out: Path) -> None:
    """`out` is a folder (or can be made one) that this user may write in."""
    place = out
    while not place.exists() and not place.is_symlink() and place != place.parent:
        place = place.parent
    if not place.is_dir():
        raise ResultsError(f"cannot write results under {out}: {place} is not a folder")
    if not os.access(place, os.W_OK | os.X_OK):
        raise ResultsError(f"cannot write results under {out}: {place} is not writable")


def plan_folder(
    out: Path,
    name: str,
    force: bool = False,
    new_files: Sequence[str] = (),
    inputs: Sequence[Path] = (),
) -> Destination:
    """Decide where the results folder `name` under `out` goes; raise ResultsError if nowhere.

    Called before a study runs, so a bad place costs nothing; called again just before
    writing (with `new_files`), in case the folder changed in between. A folder to be
    replaced may not hold any of the study's `inputs` (scenario files it read).
    """
    if len(name) > MAX_NAME and SAFE_NAME.match(name[:MAX_NAME]):
        raise ResultsError(
            f"cannot name a results folder {name[:40]}... ({len(name)} characters): at most "
            f"{MAX_NAME}; give the scenarios shorter names (name: in each file)"
        )
    if not SAFE_NAME.match(name):
        raise ResultsError(
            f"cannot name a results folder {name!r}: use letters, digits, '_', '.' and '-', "
            "starting with a letter or digit"
        )
    _check_writable(out)
    wanted = out / name
    if not wanted.exists() and not wanted.is_symlink():
        return Destination(wanted, wanted)
    ours = marker_files(wanted) if wanted.is_dir() and not wanted.is_symlink() else None
    if ours is None:
        raise ResultsError(
            f"{wanted} exists and was not written by twohats (it has no {MARKER} file); "
            "it is left as it is: choose another --out or scenario name"
        )
    if not force:
        return Destination(_free_name(out, name), wanted)
    foreign = sorted(_foreign(wanted, ours))
    if foreign:
        raise ResultsError(
            f"{wanted} holds files twohats did not write ({', '.join(foreign)}); "
            "nothing was replaced: move them away, or run without --force to write beside it"
        )
    _refuse_inputs(wanted, inputs)
    dropped = tuple(sorted(set(ours) - set(new_files))) if new_files else ()
    return Destination(wanted, wanted, replaces=True, dropped=dropped)


def _refuse_inputs(folder: Path, inputs: Sequence[Path]) -> None:
    """An input file inside a folder that --force would replace would be lost: refuse."""
    place = folder.resolve()
    for path in inputs:
        if Path(path).resolve().is_relative_to(place):
            raise ResultsError(
                f"{path} is an input of this study and lies in {folder}, which --force would "
                "replace; nothing was replaced: move the file, or give another --out"
            )


def _foreign(folder: Path, ours: Sequence[str]) -> Iterator[str]:
    """What in a folder of ours twohats did not write: a name the marker does not list, or a
    folder (shown with a trailing /) where the marker lists a file, since twohats writes none."""
    listed = {*ours, MARKER}
    for entry in folder.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            yield entry.name + "/"
        elif entry.name not in listed:
            yield entry.name


def _free_name(out: Path, name: str) -> Path:
    for number in range(2, MAX_SUFFIX + 1):
        candidate = out / f"{name}-{number}"
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise ResultsError(f"{out} already holds {MAX_SUFFIX} results folders named {name}-N")


def _fresh_folder(parent: Path, prefix: str) -> Path:
    """A new hidden folder in `parent`, created with the user's umask (mkdtemp would use 0700)."""
    while True:
        folder = parent / f".{prefix}.{secrets.token_hex(4)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue


def _marker(files: dict[str, bytes]) -> bytes:
    return to_json({"written_by": "twohats", "files": sorted(files)})


def write_folder(
    out: Path,
    name: str,
    files: dict[str, bytes],
    force: bool = False,
    inputs: Sequence[Path] = (),
) -> Destination:
    """Write `files` as the results folder `name` under `out`, whole or not at all.

    The place is decided again (the plan made before the study may be stale); the files go
    into a fresh folder beside it, checked, then renamed into place in one step.
    """
    if MARKER in files:
        raise ValueError(f"{MARKER} is written by write_folder itself")
    destination = plan_folder(out, name, force, list(files), inputs)
    target = destination.target
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = _fresh_folder(out, target.name)
    except OSError as exc:
        raise ResultsError(f"cannot write results under {out}: {_reason(exc)}") from None
    try:
        for file_name, content in {**files, MARKER: _marker(files)}.items():
            try:
                (staging / file_name).write_bytes(content)
            except OSError as exc:
                raise ResultsError(
                    f"cannot write {target / file_name}: {_reason(exc)}; nothing was written"
                ) from None
        _check_staged(staging, target, {**files, MARKER: _marker(files)})
        _swap_in(staging, target, destination.replaces)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return destination


def _check_staged(staging: Path, target: Path, written: dict[str, bytes]) -> None:
    """The staging folder holds exactly the files written, whole (another process may have
    removed or added some while they were written); else nothing is renamed into place."""
    try:
        found = {entry.name: entry for entry in staging.iterdir()}
        whole = set(found) == set(written) and all(
            found[name].is_file()
            and not found[name].is_symlink()
            and found[name].stat().st_size == len(content)
            for name, content in written.items()
        )
    except OSError:
        whole = False
    if not whole:
        raise ResultsError(
            f"the files for {target} changed while they were written (something else removed "
            "or added files in its staging folder); nothing was written"
        )


def _swap_in(staging: Path, target: Path, replaces: bool) -> None:
    """Rename `staging` to `target`. An earlier folder of ours is moved aside, looked at again
    (a file added since the plan is the user's: it is put back and the run refused), then
    removed."""
    try:
        if not replaces:
            if target.exists() or target.is_symlink():
                raise ResultsError(f"{target} appeared while the study ran; nothing was written")
            os.rename(staging, target)
            return
        old = _fresh_folder(target.parent, f"{target.name}.old")
        aside = old / target.name
        os.replace(target, aside)
        ours = marker_files(aside)
        foreign = sorted(_foreign(aside, ours)) if ours is not None else [f"{MARKER} (gone)"]
        if foreign:
            os.replace(aside, target)
            old.rmdir()
            raise ResultsError(
                f"{target} changed while the study ran: it now holds files twohats did not "
                f"write ({', '.join(foreign)}); nothing was replaced: move them away, or run "
                "without --force to write beside it"
            )
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except ResultsError:
        raise
    except OSError as exc:
        raise ResultsError(f"cannot write {target}: {_reason(exc)}; nothing was written") from None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc)
