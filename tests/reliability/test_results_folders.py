"""Results folders never lose a user's files: foreign folders are left alone, earlier results
are kept (or replaced only with --force), names are safe, modes follow the umask, the place
is checked before the study runs, and a full disk is reported with its path."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from sim.cli import main
from sim.outputs import results
from sim.outputs.results import MARKER, ResultsError, plan_folder, to_json, write_folder
from tests.reliability.conftest import GOOD, refused

FILES = {"summary.json": b"{}\n", "daily.csv": b"a\n"}


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD.replace("horizon_days: 30", "horizon_days: 10"))
    return path


def run(out: Path, scenario: Path, *extra: str) -> int:
    argv = ["run", str(scenario), "--reps", "1", "--jobs", "1", "--out", str(out), "--quiet"]
    return main([*argv, *extra])


def test_a_foreign_folder_is_never_touched(tmp_path) -> None:
    out = tmp_path / "project"
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "index.md").write_text("my work\n")
    for force in (False, True):
        with pytest.raises(ResultsError, match="not written by twohats"):
            write_folder(out, "docs", FILES, force=force)
    assert [p.name for p in (out / "docs").iterdir()] == ["index.md"]
    assert sorted(p.name for p in out.iterdir()) == ["docs"]


def test_name_docs_is_refused_before_the_study_runs(capsys, tmp_path, monkeypatch) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("my work\n")
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: docs\n" + GOOD)

    def no_study(*_args, **_kwargs):
        raise AssertionError("the study ran before the output place was checked")

    monkeypatch.setattr("sim.cli.replicate.run_all", no_study)
    err = refused(capsys, "run", str(scenario), "--reps", "1", "--out", str(project), "--quiet")
    assert str(project / "docs") in err and "not written by twohats" in err
    assert (project / "docs" / "index.md").read_text() == "my work\n"


@pytest.mark.parametrize("name", [".", "..", ".hidden", "a/b", "", "x" * 300])
def test_unsafe_folder_names_are_refused(tmp_path, name) -> None:
    with pytest.raises(ResultsError, match="cannot name a results folder"):
        plan_folder(tmp_path, name)
    assert list(tmp_path.iterdir()) == []


def test_a_name_too_long_says_how_long_it_may_be(tmp_path) -> None:
    compare_of_three = "compare-" + "-".join(["a" * 80] * 3)
    with pytest.raises(ResultsError, match=r"\(250 characters\): at most 230"):
        plan_folder(tmp_path, compare_of_three)
    assert plan_folder(tmp_path, "a" * 230).target == tmp_path / ("a" * 230)


@pytest.mark.parametrize("name", [".", "..", ".hidden"])
def test_unsafe_scenario_names_fail_validation(capsys, tmp_path, name) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: {json.dumps(name)}\n" + GOOD)
    out = tmp_path / "out"
    out.mkdir()
    err = refused(capsys, "run", str(scenario), "--reps", "1", "--out", str(out), "--quiet")
    assert f"{scenario}: name" in err
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "s.yaml"]


def test_a_rerun_keeps_the_earlier_folder_and_says_where_it_wrote(capsys, tmp_path, scenario):
    out = tmp_path / "out"
    assert run(out, scenario, "--trace") == 0
    first = out / "tiny"
    trace = (first / "trace.csv").read_bytes()
    capsys.readouterr()
    assert run(out, scenario) == 0
    said = capsys.readouterr().out
    assert f"wrote {out / 'tiny-2'}" in said and "--force" in said
    assert (first / "trace.csv").read_bytes() == trace
    assert not (out / "tiny-2" / "trace.csv").exists()


def test_force_replaces_our_folder_and_names_what_it_dropped(capsys, tmp_path, scenario):
    out = tmp_path / "out"
    assert run(out, scenario, "--trace") == 0
    capsys.readouterr()
    assert run(out, scenario, "--force") == 0
    said = capsys.readouterr().out
    assert f"wrote {out / 'tiny'} (replaced" in said and "trace.csv" in said
    assert not (out / "tiny" / "trace.csv").exists()
    assert sorted(p.name for p in out.iterdir()) == ["tiny"]


def test_force_never_deletes_a_file_the_user_added(capsys, tmp_path, scenario):
    out = tmp_path / "out"
    assert run(out, scenario) == 0
    (out / "tiny" / "notes.txt").write_text("call the payer\n")
    before = sorted(p.name for p in (out / "tiny").iterdir())
    capsys.readouterr()
    assert run(out, scenario, "--force") == 2
    err = capsys.readouterr().err
    assert "notes.txt" in err and "nothing was replaced" in err
    assert sorted(p.name for p in (out / "tiny").iterdir()) == before
    assert sorted(p.name for p in out.iterdir()) == ["tiny"]


def test_force_never_deletes_a_folder_put_where_a_listed_file_was(capsys, tmp_path, scenario):
    out = tmp_path / "out"
    assert run(out, scenario) == 0
    (out / "tiny" / "daily.csv").unlink()
    (out / "tiny" / "daily.csv").mkdir()
    (out / "tiny" / "daily.csv" / "client notes.txt").write_text("keep me\n")
    capsys.readouterr()
    assert run(out, scenario, "--force") == 2
    err = capsys.readouterr().err
    assert "daily.csv/" in err and "nothing was replaced" in err
    assert (out / "tiny" / "daily.csv" / "client notes.txt").read_text() == "keep me\n"


def test_folders_follow_the_umask(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        destination = write_folder(tmp_path / "out", "study", FILES)
    finally:
        os.umask(old)
    assert stat.S_IMODE(destination.target.stat().st_mode) == 0o755
    assert stat.S_IMODE((destination.target / "summary.json").stat().st_mode) == 0o644


def test_marker_lists_the_files(tmp_path) -> None:
    destination = write_folder(tmp_path, "study", FILES)
    marker = json.loads((destination.target / MARKER).read_text())
    assert marker == {"written_by": "twohats", "files": ["daily.csv", "summary.json"]}


def test_out_that_is_a_file_is_refused_before_the_study(capsys, tmp_path, scenario) -> None:
    out = tmp_path / "taken"
    out.write_text("a file\n")
    err = refused(capsys, "run", str(scenario), "--reps", "1", "--out", str(out), "--quiet")
    assert str(out) in err and "not a folder" in err
    assert out.read_text() == "a file\n"


def test_disk_full_names_the_path_and_leaves_nothing(tmp_path, monkeypatch) -> None:
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.name == "daily.csv":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    out = tmp_path / "out"
    with pytest.raises(ResultsError) as caught:
        write_folder(out, "study", FILES)
    assert str(out / "study" / "daily.csv") in str(caught.value)
    assert "disk is full" in str(caught.value)
    assert list(out.iterdir()) == []


def test_disk_full_from_the_cli_exits_2(capsys, tmp_path, scenario, monkeypatch) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    out = tmp_path / "out"
    err = refused(capsys, "run", str(scenario), "--reps", "1", "--jobs", "1", "--out", str(out))
    assert str(out / "tiny") in err and "disk is full" in err
    assert list(out.iterdir()) == []


def test_a_full_standard_output_is_not_called_a_results_failure(
    capsys, scenario, monkeypatch
) -> None:
    """`twohats validate x.yaml > /dev/full`: no results are involved, and none are blamed."""

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("sim.cli.common.out.print", full)
    err = refused(capsys, "validate", str(scenario))
    assert "error: cannot write output" in err and "No space left on device" in err
    assert "results" not in err


def test_negative_zero_never_reaches_json() -> None:
    text = to_json({"a": -0.0, "b": [-0.0, 1.5], "c": {"d": -0.0}}).decode()
    assert "-0" not in text
    assert json.loads(text) == {"a": 0.0, "b": [0.0, 1.5], "c": {"d": 0.0}}


def test_numbered_names_run_out_cleanly(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(results, "MAX_SUFFIX", 3)
    for _ in range(3):
        write_folder(tmp_path, "study", FILES)
    with pytest.raises(ResultsError, match="already holds"):
        write_folder(tmp_path, "study", FILES)


def test_force_never_deletes_a_file_added_while_the_run_writes(
    capsys, tmp_path, scenario, monkeypatch
):
    """A file put in the old folder after the plan (once staging began) is kept, and the
    run is refused: the old folder is looked at again after it is moved aside."""
    out = tmp_path / "out"
    assert run(out, scenario) == 0
    before = {p.name: p.read_bytes() for p in (out / "tiny").iterdir()}
    fresh = results._fresh_folder

    def staging_then_a_user_writes(parent: Path, prefix: str) -> Path:
        folder = fresh(parent, prefix)
        if prefix == "tiny":
            (out / "tiny" / "my-notes.txt").write_text("call the payer\n")
        return folder

    monkeypatch.setattr(results, "_fresh_folder", staging_then_a_user_writes)
    capsys.readouterr()
    assert run(out, scenario, "--force") == 2
    err = capsys.readouterr().err
    assert "my-notes.txt" in err and "nothing was replaced" in err
    assert (out / "tiny" / "my-notes.txt").read_text() == "call the payer\n"
    assert {p.name: p.read_bytes() for p in (out / "tiny").iterdir() if p.name in before} == before
    assert sorted(p.name for p in out.iterdir()) == ["tiny"]


def test_files_removed_from_staging_mean_nothing_was_written(
    capsys, tmp_path, scenario, monkeypatch
):
    """Another process emptying the hidden staging folder while the run writes: no success
    line, no folder with the marker alone."""
    out = tmp_path / "out"
    write_bytes = Path.write_bytes

    def others_removed_first(self: Path, data: bytes) -> int:
        if self.name == MARKER:
            for entry in self.parent.iterdir():
                entry.unlink()
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", others_removed_first)
    assert run(out, scenario) == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err and "Traceback" not in err
    assert list(out.iterdir()) == []


def test_force_refuses_a_folder_holding_an_input_of_the_run(capsys, tmp_path, scenario):
    out = tmp_path / "out"
    assert run(out, scenario) == 0
    inside = out / "tiny" / "daily.csv"
    inside.write_text("name: tiny\n" + scenario.read_text())
    capsys.readouterr()
    assert run(out, inside, "--force") == 2
    err = capsys.readouterr().err
    assert "is an input" in err and str(inside) in err
    assert inside.read_text().startswith("name: tiny\n")
