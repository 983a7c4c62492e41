"""The floors of `sim/` hold: no module imports from a higher floor, no circle, and no page
generator imports another (sim/bench/import_graph.py measures them with `ast`)."""

from __future__ import annotations

from pathlib import Path

from sim.bench import import_graph

ROOT = Path(__file__).resolve().parents[2]


def test_no_back_arrows_circles_or_sideways_arrows() -> None:
    graph = import_graph.build(ROOT)
    assert len(graph.modules) > 40
    assert import_graph.circles(graph) == []
    assert import_graph.back_arrows(graph) == []
    assert import_graph.sideways_arrows(graph) == []


def test_a_circle_and_a_back_arrow_are_found(tmp_path: Path) -> None:
    for folder in ("model", "outputs", "site"):
        (tmp_path / "sim" / folder).mkdir(parents=True)
        (tmp_path / "sim" / folder / "__init__.py").write_text("")
    (tmp_path / "sim" / "__init__.py").write_text("")
    (tmp_path / "sim" / "model" / "a.py").write_text("from sim.model import b\n")
    (tmp_path / "sim" / "model" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim.model.a import x\n"
    )
    (tmp_path / "sim" / "outputs" / "c.py").write_text("def f():\n    import sim.site.d\n")
    (tmp_path / "sim" / "site" / "d.py").write_text("from ..outputs import c\n")
    (tmp_path / "sim" / "site" / "e.py").write_text("from sim.site import d\n")
    graph = import_graph.build(tmp_path)
    assert import_graph.circles(graph) == [
        ["sim.model.a", "sim.model.b"],
        ["sim.outputs.c", "sim.site.d"],
    ]
    assert import_graph.back_arrows(graph) == [("sim.outputs.c", "sim.site.d")]
    assert import_graph.sideways_arrows(graph) == [("sim.site.e", "sim.site.d")]
