"""`make serve`'s full pass builds the what-if page's runtime and republishes when it changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.site import serve


def test_the_runtime_digest_follows_its_files(tmp_path: Path) -> None:
    assert serve.runtime_digest(tmp_path) == ""  # not built
    folder = tmp_path / serve.RUNTIME
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{}")
    first = serve.runtime_digest(tmp_path)
    assert first
    (folder / "presets.json").write_text("[]")
    assert serve.runtime_digest(tmp_path) != first


@pytest.mark.parametrize(("runtime_changed", "rebuilt"), [(True, True), (False, False)])
def test_the_full_pass_republishes_when_only_the_runtime_changed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, runtime_changed: bool, rebuilt: bool
) -> None:
    built: list[Path] = []
    monkeypatch.setattr(serve, "GENERATORS", [])
    monkeypatch.setattr(serve, "build_and_publish", built.append)
    assert serve.full_site(tmp_path, 0, runtime=lambda _root: runtime_changed) is rebuilt
    assert built == ([tmp_path] if rebuilt else [])


def test_a_failed_runtime_build_is_reported_and_serving_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    builder = tmp_path / serve.RUNTIME_BUILDER
    builder.parent.mkdir(parents=True)
    builder.write_text("import sys\nprint('no network for npm')\nsys.exit(1)\n")
    assert serve.build_runtime(tmp_path) is False
    err = capsys.readouterr().err
    assert "no network for npm" in err and "could not be built" in err


def test_a_runtime_build_that_writes_the_runtime_counts_as_a_change(tmp_path: Path) -> None:
    builder = tmp_path / serve.RUNTIME_BUILDER
    builder.parent.mkdir(parents=True)
    builder.write_text(
        "from pathlib import Path\n"
        "out = Path('docs/assets/whatif'); out.mkdir(parents=True, exist_ok=True)\n"
        "(out / 'manifest.json').write_text('{}')\n"
    )
    assert serve.build_runtime(tmp_path) is True
    assert serve.build_runtime(tmp_path) is False  # the same files again: nothing to republish
