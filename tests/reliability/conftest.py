"""Helpers for the reliability tests: run the CLI in-process and check how it failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
GOOD = "staff:\n  - name: office_manager\n    roles: [om, ic]\nhorizon_days: 30\n"


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the CLI; expect exit 2 and no traceback; return what it printed on stderr."""
    status = main(list(argv))
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    return err


def validate_refused(capsys: pytest.CaptureFixture[str], path: Path, *expected: str) -> str:
    """`twohats validate path` exits 2 naming the file and every text in `expected`."""
    err = refused(capsys, "validate", str(path))
    for text in (str(path), *expected):
        assert text in err, f"{text!r} not in {err!r}"
    return err
