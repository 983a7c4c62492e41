"""`--precision` and `--trace` on run and compare."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sim.cli import main


def test_run_with_precision_records_how_many_were_needed(
    tmp_path: Path, short_separate: Path
) -> None:
    status = main(
        [
            "run",
            str(short_separate),
            "--precision",
            "0.5",
            "--max-reps",
            "12",
            "--jobs",
            "2",
            "--out",
            str(tmp_path),
            "--quiet",
        ]
    )
    assert status == 0
    record = json.loads((tmp_path / "small-separate" / "summary.json").read_text())
    precision = record["precision"]
    assert precision["target"] == 0.5
    assert precision["replications_used"] == record["replications"]
    if precision["reached"]:
        assert precision["replications_used"] == precision["replications_needed"] + 5


def test_trace_logs_work_and_claims(tmp_path: Path, short_separate: Path) -> None:
    status = main(
        ["run", str(short_separate), "--reps", "1", "--trace", "--out", str(tmp_path), "--quiet"]
    )
    assert status == 0
    rows = list(csv.DictReader((tmp_path / "small-separate" / "trace.csv").open()))
    events = {r["event"] for r in rows}
    assert {"started", "done", "interrupted", "resumed", "claim"} <= events
    started = sum(1 for r in rows if r["event"] == "started")
    done = sum(1 for r in rows if r["event"] == "done")
    set_down = sum(1 for r in rows if r["event"] == "set down")
    assert 0 <= started - done - set_down <= 2
    assert any("unsubmitted -> submitted" in r["detail"] for r in rows)


def test_bad_precision_is_a_usage_error(short_separate: Path) -> None:
    try:
        main(["run", str(short_separate), "--precision", "5"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("expected argparse to refuse --precision 5")


def test_the_results_folder_is_printed_whole_on_one_line(
    tmp_path: Path, short_separate: Path, capsys
) -> None:
    out = tmp_path / ("[client] " + "long-folder-name-" * 8)
    status = main(["run", str(short_separate), "--reps", "1", "--out", str(out), "--quiet"])
    assert status == 0
    assert f"wrote {out / 'small-separate'}\n" in capsys.readouterr().out
