"""The generated evidence, scenario reference and assumptions pages agree with their sources.

- The evidence tables match a direct `twohats compare` run of the same scenarios, seed
  and replications, and the generated prose quotes the numbers in those tables.
- The scenario reference lists every leaf field of the schema.
- The assumptions page documents every field, so adding a field without a source or an
  assumption fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sim.scenario.schema import Scenario
from sim.site import assumptions, evidence, paths, reference, runs

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / paths.SNIPPETS


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    """The evidence records, generated (or reused from the cache) for this checkout."""
    evidence.generate(ROOT)
    return runs.load(ROOT)


def _snippet(name: str) -> str:
    return (SNIPPETS / name).read_text(encoding="utf-8")


def test_tables_agree_with_a_direct_compare_run(data: dict[str, Any], tmp_path: Path) -> None:
    names = runs.GROUPS["small"]
    files = [str(ROOT / "scenarios" / f"{n}.yaml") for n in names]
    subprocess.run(
        [sys.executable, "-m", "sim", "compare", *files, "--reps", str(runs.REPS)]
        + ["--seed", str(runs.SEED), "--out", str(tmp_path), "--quiet"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    direct = json.loads(
        (tmp_path / f"compare-{'-'.join(names)}" / "comparison.json").read_text(encoding="utf-8")
    )
    record = data["groups"]["small"]
    table = _snippet("evidence-small-kpis.md")
    for kpi in ("days_in_ar", "collected_usd", "ar_over_90_share_end"):
        for name in names:
            assert record["kpis"][name][kpi] == direct["kpis"][name][kpi], (name, kpi)
            assert evidence.mean_ci(direct["kpis"][name][kpi], evidence.kind_of(kpi)) in table
    assert record["differences"] == direct["differences"]


@pytest.mark.parametrize("group", list(runs.GROUPS))
def test_prose_quotes_the_table_numbers(data: dict[str, Any], group: str) -> None:
    record = data["groups"][group]
    prose = _snippet(f"evidence-{group}-reading.md")
    table = _snippet(f"evidence-{group}-kpis.md")
    first, second = list(record["kpis"])[:2]
    diff = record["differences"][f"{second} - {first}"]
    for kpi in ("days_in_ar", "ar_over_90_share_end", "collected_usd", "written_off_usd"):
        kind = evidence.kind_of(kpi)
        for name in (first, second):
            number = evidence.fmt(kind, record["kpis"][name][kpi]["mean"])
            assert number in prose, (kpi, name, number)
            assert number in table, (kpi, name, number)
        assert evidence.fmt(kind, diff[kpi]["mean"], signed=True) in prose, kpi


def test_every_chart_has_alt_text_caption_and_table(data: dict[str, Any]) -> None:
    for group in runs.GROUPS:
        figures = _snippet(f"evidence-{group}-figures.md")
        assert figures.count("<figure") == figures.count("<figcaption>")
        assert figures.count("<figure") == figures.count("as a table")
        assert "![](" not in figures
    for name in runs._chart_names():
        assert (ROOT / paths.ASSETS / name).is_file(), name


def _schema_leaves(schema: dict[str, Any]) -> list[str]:
    """Leaf key paths of the JSON schema, found independently of the generator."""
    defs = schema["$defs"]
    distributions = {"Fixed", "Exponential", "LogNormal", "Triangular"}

    def target(sub: dict[str, Any]) -> str | None:
        ref = sub.get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        return name if ref and name not in distributions else None

    def walk(model: dict[str, Any], prefix: str) -> list[str]:
        out = []
        for key, sub in model["properties"].items():
            path = prefix + key
            if target(sub):
                out += walk(defs[target(sub)], path + ".")
            elif isinstance(sub.get("items"), dict) and target(sub["items"]):
                out += walk(defs[target(sub["items"])], path + "[].")
            elif isinstance(sub.get("additionalProperties"), dict) and target(
                sub["additionalProperties"]
            ):
                out += walk(defs[target(sub["additionalProperties"])], path + ".<class>.")
            else:
                out.append(path)
        return out

    return walk(schema, "")


def test_scenario_reference_lists_every_leaf_field() -> None:
    reference.generate(ROOT)
    page = (ROOT / reference.OUT).read_text(encoding="utf-8")
    leaves = _schema_leaves(Scenario.model_json_schema(by_alias=True))
    assert len(leaves) > 80
    missing = [path for path in leaves if f"| `{path}` |" not in page]
    assert not missing, f"not in the scenario reference: {missing}"


def test_assumptions_page_documents_every_field(data: dict[str, Any]) -> None:
    assumptions.generate(ROOT)
    page = _snippet("assumptions-defaults.md")
    leaves = _schema_leaves(Scenario.model_json_schema(by_alias=True))
    _sources, entries = assumptions.read_all(ROOT)
    undocumented = [path for path in leaves if path not in entries]
    assert not undocumented, f"add a source or an assumption for: {undocumented}"
    missing = [path for path in leaves if f"`{path}`" not in page]
    assert not missing, f"not on the assumptions page: {missing}"


def test_assumptions_page_shows_measured_calibration(data: dict[str, Any]) -> None:
    kpis = data["groups"]["reference"]["kpis"]["reference-separate"]
    page = _snippet("assumptions-calibration.md")
    for kpi in ("days_in_ar", "denial_rate", "utilization.insurance_coordinator"):
        assert evidence.mean_ci(kpis[kpi], evidence.kind_of(kpi)) in page


def test_regenerating_writes_nothing(data: dict[str, Any]) -> None:
    for generate in (evidence.generate, reference.generate, assumptions.generate):
        assert generate(ROOT) == []
