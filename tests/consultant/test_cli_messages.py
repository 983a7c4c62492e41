"""`--version` and the defaults shown in `--help`."""

from __future__ import annotations

import pytest

from sim.cli import main


def test_version(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("twohats 0.")


def test_help_shows_defaults(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "results folder (default: results)" in text
    assert "(default: None)" not in text and "(default: False)" not in text
