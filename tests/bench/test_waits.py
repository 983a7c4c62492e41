"""The bench's wall-clock waits: the compare it times is the one a consultant types, and the
browser's first result counts loading the runtime as well as the first replication."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.bench.pyodide import PyodideTiming
from sim.bench.waits import OPTIONS, CompareWait, compare_command
from sim.cli.parser import parser

ROOT = Path(__file__).resolve().parents[2]


def test_the_timed_compare_is_the_bundled_two_options_on_the_cores_asked_for() -> None:
    command = compare_command(Path("out"), jobs=3)
    assert command[1:4] == ["-m", "sim", "compare"]
    args = parser().parse_args(command[3:])
    assert [Path(f).stem for f in args.files] == list(OPTIONS)
    assert all((ROOT / f).is_file() for f in args.files)
    assert (args.reps, args.jobs, args.seed, args.quiet) == (20, 3, 1, True)


def test_a_compare_wait_reports_replications_per_second_of_all_options() -> None:
    wait = CompareWait(OPTIONS, 20, 2, 16.0)
    assert wait.describe() == "16.0 (2.50 replications/s)"
    assert "--jobs 2" in wait.label()


def test_the_first_result_waits_for_loading_and_the_first_replication() -> None:
    timing = PyodideTiming((3.0, 2.0, 2.5), (1.0, 1.1, 1.2), 6.0)
    assert timing.first_result_seconds == pytest.approx(9.0)
    rows = dict(timing.rows())
    first = next(value for label, value in rows.items() if "first result" in label)
    each = next(value for label, value in rows.items() if "per replication" in label)
    assert first == "9.0"
    assert each == "2.00 / 2.50"
