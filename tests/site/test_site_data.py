"""The site's data files (docs/_data) are read with the scenario loader's rules.

YAML's safe loader silently keeps the last of two equal keys; a stale second copy of an
assumption once replaced the real one on the assumptions page (issue 26, finding 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.site import __main__ as site_main
from sim.site import data

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted((ROOT / "docs" / "_data").glob("*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_data_file_reads_without_a_repeated_key(path: Path) -> None:
    assert data.read(path)


def test_a_key_given_twice_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("a:\n  title: one\nb:\n  title: two\na:\n  title: three\n", encoding="utf-8")
    with pytest.raises(data.DataFileError) as caught:
        data.read(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 5" in message
    assert "'a' is given more than once" in message


def test_the_site_build_stops_on_a_repeated_key(tmp_path: Path, capsys) -> None:
    """`python -m sim.site` exits 2 with the file named, before writing anything."""
    (tmp_path / "docs" / "_data").mkdir(parents=True)
    (tmp_path / "docs" / "_snippets").mkdir()
    raci = (ROOT / "docs" / "_data" / "raci.yaml").read_text(encoding="utf-8")
    (tmp_path / "docs" / "_data" / "raci.yaml").write_text(raci + raci, encoding="utf-8")
    assert site_main.main(tmp_path) == 2
    err = capsys.readouterr().err
    assert "raci.yaml" in err and "more than once" in err
    assert not list((tmp_path / "docs" / "_snippets").iterdir())
