"""The reading-results page describes the files `twohats run` and `compare` really write.

Its JSON examples are abridged by hand, so this checks them against a real run: the same
top-level keys, the same keys in a KPI block and a difference block, KPI names that exist,
and every file the page names present in the output folders.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "consultants" / "reading-results.md"
FIRST, SECOND = "small-separate", "small-combined"


def _examples() -> list[dict[str, Any]]:
    text = PAGE.read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]


SHORT = "horizon_days: 60\nstudy:\n  warm_up_days: 30\n"
"""The files' shape is checked, not their numbers: the bundled practices over 60 days after a
30-day warm-up (a year after the default 399 days took most of this module's time)."""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results")
    folder = tmp_path_factory.mktemp("scenarios")
    files = []
    for name in (FIRST, SECOND):
        path = folder / f"{name}.yaml"
        path.write_text(f"extends: {ROOT / 'scenarios' / name}.yaml\n{SHORT}", encoding="utf-8")
        files.append(str(path))
    for command in (["run", files[0]], ["compare", *files]):
        subprocess.run(
            [sys.executable, "-m", "sim", *command, "--reps", "2", "--out", str(out), "--quiet"]
            + ["--allow-root", str(ROOT / "scenarios")],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return out


def test_summary_example_has_the_real_shape(outputs: Path) -> None:
    summary, _ = _examples()
    real = json.loads((outputs / FIRST / "summary.json").read_text(encoding="utf-8"))
    assert set(summary) == set(real)
    for name, block in summary["kpis"].items():
        assert name in real["kpis"]
        assert set(block) == set(real["kpis"][name])
    assert set(summary["per_replication"][0]) <= set(real["per_replication"][0])


def test_comparison_example_has_the_real_shape(outputs: Path) -> None:
    _, comparison = _examples()
    folder = outputs / f"compare-{FIRST}-{SECOND}"
    real = json.loads((folder / "comparison.json").read_text(encoding="utf-8"))
    assert set(comparison) == set(real)
    assert set(comparison["differences"]) == set(real["differences"])
    for label, kpis in comparison["differences"].items():
        for name, block in kpis.items():
            assert set(block) == set(real["differences"][label][name])


def test_named_files_exist(outputs: Path) -> None:
    text = PAGE.read_text(encoding="utf-8")
    run_folder, compare_folder = outputs / FIRST, outputs / f"compare-{FIRST}-{SECOND}"
    for name in ("summary.json", "daily.csv"):
        assert f"`{name}`" in text and (run_folder / name).is_file()
    for name in ("comparison.json", "comparison.md"):
        assert f"`{name}`" in text and (compare_folder / name).is_file()
    assert list(run_folder.glob("*.png")) and list(compare_folder.glob("*.png"))
