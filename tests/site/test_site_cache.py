"""The per-machine cache of generated fragments: a checkout gets back only what was generated
from exactly its inputs, never over a file it has, and nothing when the cache is off."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sim.site import cache

FRAGMENT = Path("docs/_snippets/generated/evidence-answer.md")
CHART = Path("docs/assets/generated/backlog.png")


def _checkout(root: Path) -> Path:
    for name, text in {
        "scenarios/small.yaml": "name: small\n",
        "sim/model/office.py": "RATE = 1\n",
        "docs/index.md": "# Home\n",
        "mkdocs.yml": "site_name: t\n",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _generate(root: Path) -> None:
    for path, data in ((FRAGMENT, b"simulated answer\n"), (CHART, b"\x89PNG chart")):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)


@pytest.fixture
def two_clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("TWOHATS_SITE_CACHE", str(tmp_path / "cache"))
    first = _checkout(tmp_path / "first")
    _generate(first)
    cache.store(first)
    return first, _checkout(tmp_path / "second")


def test_a_clone_with_the_same_inputs_gets_the_generated_files_back(two_clones) -> None:
    first, second = two_clones
    restored = cache.restore(second)
    assert sorted(restored) == sorted([second / FRAGMENT, second / CHART])
    for path in (FRAGMENT, CHART):
        assert (second / path).read_bytes() == (first / path).read_bytes()


@pytest.mark.parametrize("changed", ["scenarios/small.yaml", "sim/model/office.py", "mkdocs.yml"])
def test_a_changed_input_gets_nothing(two_clones, changed: str) -> None:
    _, second = two_clones
    (second / changed).write_text((second / changed).read_text() + "# edited\n")
    assert cache.restore(second) == []
    assert not (second / FRAGMENT).exists()


def test_generated_files_and_the_whatif_runtime_are_not_inputs(two_clones) -> None:
    first, second = two_clones
    (second / "docs/assets/whatif").mkdir(parents=True)
    (second / "docs/assets/whatif/manifest.json").write_text("{}")
    (second / "sim/model/__pycache__").mkdir()
    (second / "sim/model/__pycache__/office.pyc").write_bytes(b"compiled")
    assert cache.inputs_key(second) == cache.inputs_key(first)


def test_a_file_the_checkout_has_is_never_replaced(two_clones) -> None:
    _, second = two_clones
    (second / FRAGMENT).parent.mkdir(parents=True)
    (second / FRAGMENT).write_text("mine\n")
    assert cache.restore(second) == [second / CHART]
    assert (second / FRAGMENT).read_text() == "mine\n"


def test_off_stores_and_restores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWOHATS_SITE_CACHE", "off")
    first = _checkout(tmp_path / "first")
    _generate(first)
    assert cache.store(first) == []
    second = _checkout(tmp_path / "second")
    assert cache.restore(second) == []
    assert not any((tmp_path / "cache").glob("*"))


def test_only_the_most_recently_used_snapshots_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWOHATS_SITE_CACHE", str(tmp_path / "cache"))
    root = _checkout(tmp_path / "clone")
    _generate(root)
    for edit in range(cache.KEEP + 2):
        (root / "scenarios/small.yaml").write_text(f"name: small\n# {edit}\n")
        cache.store(root)
    assert len(list((tmp_path / "cache").iterdir())) == cache.KEEP
    assert cache.restore(_copy_without_generated(root, tmp_path / "fresh")) != []


def _copy_without_generated(root: Path, dest: Path) -> Path:
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("generated"))
    return dest


def _web_build():
    """web/build.py as a module (it is a script, not part of the package)."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "web" / "build.py"
    spec = importlib.util.spec_from_file_location("web_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_whatif_runtime_is_kept_beside_the_site_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As web/build.py says: `$TWOHATS_SITE_CACHE/../whatif`, else the user cache's
    twohats/whatif, and nothing when the cache is off."""
    build = _web_build()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TWOHATS_SITE_CACHE", raising=False)
    assert build.cache_folder() == tmp_path / "xdg" / "twohats" / "whatif"
    monkeypatch.setenv("TWOHATS_SITE_CACHE", str(tmp_path / "elsewhere" / "fragments"))
    assert build.cache_folder() == tmp_path / "elsewhere" / "whatif"
    monkeypatch.setenv("TWOHATS_SITE_CACHE", "off")
    assert build.cache_folder() is None
