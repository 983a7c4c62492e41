"""What twohats prints is what was given: a path or a key is shown as written (never read as
rich markup or emoji, never turned into a number by YAML), and a date or a count that makes
no sense is a one-line error, not a pass or a wall of digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from tests.reliability.conftest import GOOD, refused

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("folder", ["a[/b]", "q[bold]w", "n[/]", "e:warning:"])
def test_paths_print_as_written(capsys, tmp_path, folder) -> None:
    place = tmp_path / folder
    place.mkdir(parents=True)
    good = place / "s.yaml"
    good.write_text(GOOD)
    missing = place / "x.yaml"
    assert main(["validate", str(good), str(missing)]) == 2
    said = capsys.readouterr()
    assert f"ok: {good}" in said.out
    assert f"error: {missing}: file not found" in said.err and "Traceback" not in said.err


@pytest.mark.parametrize(("key", "shown"), [("yes", "yes"), ("no", "no"), ("on", "on"), ("1", "1")])
def test_a_key_yaml_would_read_as_a_value_is_named_as_written(capsys, tmp_path, key, shown):
    path = tmp_path / "s.yaml"
    path.write_text(GOOD + f"practice:\n  {key}: 3\n")
    err = refused(capsys, "validate", str(path))
    assert f"{path}: practice.{shown}: unknown key" in err
    assert "Keys should be strings" not in err


def test_a_range_of_1e300_says_how_many_briefly(capsys, tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(GOOD)
    err = refused(capsys, "sweep", str(path), "--vary", "horizon_days=1..1e300")
    assert "about 1.0e+300 values" in err and len(err) < 300


def test_an_aging_report_dated_in_the_future_is_refused(capsys, tmp_path) -> None:
    base = tmp_path / "client-practice.yaml"
    base.write_text((EXAMPLES / "client-practice.yaml").read_text())
    out = tmp_path / "client.yaml"
    argv = ["import-claims", str(EXAMPLES / "open-claims.csv"), "--extends", str(base)]
    err = refused(capsys, *argv, "--out", str(out), "--as-of", "2100-01-01")
    assert "--as-of: 2100-01-01 is after today" in err
    assert not out.exists()
