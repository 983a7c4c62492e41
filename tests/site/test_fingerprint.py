"""The stamp that decides whether a page's simulations are run again: it moves with what the
numbers come from (scenarios, the model's floors, the generator, its settings) and with nothing
else, so editing the command line or the bench does not cost a fresh `make site`."""

from __future__ import annotations

from pathlib import Path

from sim.site.output import fingerprint


def _project(root: Path) -> Path:
    for name in ("scenarios/a.yaml", "sim/model/office.py", "sim/study/sweep.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n")
    for name in ("sim/cli/main.py", "sim/bench/run.py", "sim/whatif.py", "sim/site/page.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("y = 1\n")
    return root


def _stamp(root: Path, settings: list[object] | None = None) -> str:
    return fingerprint(root, "sim/site/page.py", settings or [1, 20])


def test_stamp_moves_with_the_model_the_scenarios_the_generator_and_its_settings(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path)
    before = _stamp(root)
    assert _stamp(root, [1, 21]) != before
    for name in ("sim/model/office.py", "scenarios/a.yaml", "sim/site/page.py"):
        path = root / name
        original = path.read_text()
        path.write_text(original + "z = 2\n")
        assert _stamp(root) != before, name
        path.write_text(original)
    assert _stamp(root) == before


def test_stamp_ignores_the_command_line_and_the_bench(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = _stamp(root)
    for name in ("sim/cli/main.py", "sim/bench/run.py", "sim/whatif.py"):
        (root / name).write_text("y = 2\n")
    assert _stamp(root) == before
