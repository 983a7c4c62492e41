"""`make serve`'s quick pass: a strict site from a tree with no simulated fragments, in seconds.

The project is copied without its generated files, as a fresh clone has it, so these tests
see what a new user sees before the simulations have run.
"""

from __future__ import annotations

import shutil
import time
import urllib.request
from pathlib import Path

import pytest

from sim.site import serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def fresh_tree(tmp_path: Path) -> Path:
    """mkdocs.yml and docs/ as committed: no generated fragments or charts."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(
        ROOT / "docs",
        tmp_path / "docs",
        ignore=shutil.ignore_patterns("generated"),
    )
    return tmp_path


def _generated(tree: Path) -> set[str]:
    folders = [tree / serve.SNIPPETS / "generated", tree / serve.CHARTS]
    return {str(p.relative_to(tree)) for f in folders if f.exists() for p in f.rglob("*")}


def test_a_fresh_tree_lacks_the_simulated_fragments(fresh_tree: Path) -> None:
    missing = {p.name for p in serve.missing_fragments(fresh_tree)}
    assert {
        "evidence-answer.md",
        "evidence-dose.md",
        "staffing-options.md",
        "validation.md",
    } <= missing
    assert {p.name for p in serve.missing_charts(fresh_tree)} >= {"staffing-cash.png"}


def test_quick_pass_builds_strictly_and_leaves_no_stand_in(fresh_tree: Path) -> None:
    started = time.perf_counter()
    stand_ins = serve.quick_site(fresh_tree)
    took = time.perf_counter() - started
    site = fresh_tree / "site"
    evidence = (site / "evidence" / "index.html").read_text("utf-8")
    assert "Still being simulated" in evidence
    assert "Still being simulated" not in (site / "raci" / "index.html").read_text("utf-8")
    assert (site / "assets" / "generated" / "staffing-cash.png").is_file()
    assert stand_ins >= 10
    # Only the read-only generators' files stay behind: no stand-in survives the pass.
    left = _generated(fresh_tree)
    assert "docs/_snippets/generated/raci-matrix.md" in left
    assert not any("evidence" in name or "staffing" in name for name in left), left
    assert took < 120, f"quick pass took {took:.0f} s"


def test_stand_ins_never_replace_an_existing_fragment(fresh_tree: Path) -> None:
    kept = fresh_tree / serve.SNIPPETS / "generated" / "validation.md"
    kept.parent.mkdir(parents=True)
    kept.write_text("real numbers\n", "utf-8")
    written = serve.write_stand_ins(fresh_tree)
    assert kept not in written
    assert kept.read_text("utf-8") == "real numbers\n"


def test_blank_png_is_a_png() -> None:
    data = serve.blank_png()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


def test_server_follows_a_swapped_in_build(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("quick", "utf-8")
    server = serve.start_server(tmp_path, 0)
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    try:
        assert urllib.request.urlopen(url, timeout=10).read() == b"quick"
        built = tmp_path / "next"
        built.mkdir()
        (built / "index.html").write_text("full", "utf-8")
        serve.publish(tmp_path, built)
        assert urllib.request.urlopen(url, timeout=10).read() == b"full"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    finally:
        server.shutdown()
        server.server_close()


def test_a_bad_port_is_refused_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        serve.parse_args(["--port", "70000"])
    assert exit_info.value.code == 2
    assert "--port must be between 1 and 65535" in capsys.readouterr().err
