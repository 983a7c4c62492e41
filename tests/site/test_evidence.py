"""The generated evidence, scenario reference and assumptions pages agree with their sources.

- The evidence tables match a direct `twohats compare` run of the same scenarios, seed
  and replications, and the generated prose quotes the numbers in those tables.
- The scenario reference lists every leaf field of the schema.
- The assumptions page documents every field, so adding a field without a source or an
  assumption fails here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sim.model.registry import HARM_LEVELS, registry
from sim.scenario.loading import load_scenario
from sim.scenario.schema import Scenario
from sim.scenario.workload import person_loads
from sim.site import (
    assumptions,
    dose,
    dose_outcomes,
    evidence,
    evidence_reading,
    options,
    paths,
    reference,
    runs,
    staffing,
    turning,
)

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
    for kpi in ("days_in_ar", "ar_over_90_share_end", "collected_usd", "cohort_written_off_usd"):
        kind = evidence.kind_of(kpi)
        for name in (first, second):
            number = evidence.fmt(kind, record["kpis"][name][kpi]["mean"])
            assert number in prose, (kpi, name, number)
            assert number in table, (kpi, name, number)
        assert evidence.fmt(kind, diff[kpi]["mean"], signed=True) in prose, kpi


def test_answer_opens_with_each_practice_and_the_paired_cash_difference(
    data: dict[str, Any],
) -> None:
    answer = _snippet("evidence-answer.md")
    assert answer.startswith("- **Small practice: combining ")
    for group, record in data["groups"].items():
        first, second = list(record["kpis"])[:2]
        diff = record["differences"][f"{second} - {first}"]
        loss = -diff["collected_usd"]["mean"]
        assert evidence.fmt("usd", abs(loss)) in answer, group
        verdict = turning.harm_words(
            diff["collected_usd"], record["kpis"][first]["collected_usd"]["mean"]
        )
        assert f"{evidence.PRACTICE_NAMES[group].capitalize()}: combining {verdict}" in answer
    assert (
        "evidence-answer.png" in answer and (ROOT / paths.ASSETS / "evidence-answer.png").is_file()
    )


def test_labels_are_plain_and_file_names_only_in_the_reproduce_box() -> None:
    scenario_names = [n for names in runs.GROUPS.values() for n in names]
    labelled = ["evidence-answer.md", "evidence-dose.md"]
    labelled += [
        f"evidence-{g}-{part}.md"
        for g in runs.GROUPS
        for part in ("kpis", "differences", "reading")
    ]
    for fragment in labelled:
        text = _snippet(fragment)
        assert not [n for n in scenario_names if n in text], fragment
    box = _snippet("evidence-reproduce.md")
    assert box.startswith('??? info "Reproduce it')
    for name in scenario_names:
        assert f"`scenarios/{name}.yaml`" in box
    assert "One person in both roles" in _snippet("evidence-small-kpis.md").splitlines()[0]


def test_turning_load_has_every_level_with_the_estimated_workload(data: dict[str, Any]) -> None:
    doses = dose.load(ROOT)
    section = _snippet("evidence-dose.md")
    for group, (_separate, combined) in dose.PAIRS.items():
        record = doses["groups"][group]
        assert [p["interruptions_per_hour"] for p in record["points"]] == list(dose.LEVELS)
        base = load_scenario(ROOT / "scenarios" / f"{combined}.yaml")
        for point in record["points"]:
            scenario = dose.at_level(base, point["interruptions_per_hour"])
            assert scenario.practice.front_desk.interruption_share == 0
            (one,) = person_loads(scenario)
            row = f"| {point['interruptions_per_hour']:g} | {evidence.fmt('share', one.share_before_interruptions)} / {evidence.fmt('share', one.share)} |"
            assert row in section, (group, row)
        assert turning.turning_sentence(evidence.PRACTICE_NAMES[group], record) in section
    assert f"{dose.REPS} replications" in _snippet("evidence-reproduce.md")


def test_dose_response_follows_the_claims_at_every_level() -> None:
    """Issue 23 item 7: write-offs of the year's claims (paired), aged share, days in A/R, claim
    lag and hard duties, one row per level, each cell the record's own mean."""
    doses = dose.load(ROOT)
    section = _snippet("evidence-dose.md")
    for record in doses["groups"].values():
        separate, combined = record["options"]
        for point in record["points"]:
            one = point["options"][combined]["kpis"]
            two = point["options"][separate]["kpis"]
            written_off = dose_outcomes.WRITE_OFFS
            cells = (
                f"| {point['interruptions_per_hour']:g} "
                f"| {evidence.fmt('usd', two[written_off]['mean'])} / "
                f"{evidence.fmt('usd', one[written_off]['mean'])}"
            )
            assert cells in section, cells
            aged = f"{evidence.fmt('share', one['ar_over_90_share_end']['mean'])} |"
            assert aged in section
            assert point["differences"][written_off]["ci95"][0] is not None


@pytest.mark.parametrize("group", list(runs.GROUPS))
def test_reading_says_where_the_time_went(data: dict[str, Any], group: str) -> None:
    """The reading quotes the follow-up calls made and the age of the claims still unsent."""
    record = data["groups"][group]
    prose = _snippet(f"evidence-{group}-reading.md")
    first, second = list(record["kpis"])[:2]
    for name in (first, second):
        kpis = record["kpis"][name]
        assert evidence.fmt("count", kpis["follow_ups"]["mean"]) in prose, name
        assert evidence.fmt("days", kpis["follow_up_wait_days_mean"]["mean"]) in prose, name


@pytest.mark.parametrize("group", list(runs.GROUPS))
def test_harm_lists_give_cash_the_answers_verdict(data: dict[str, Any], group: str) -> None:
    """Insurance cash sits in the harm list the answer at the top of the page names."""
    record = data["groups"][group]
    first, second = list(record["kpis"])[:2]
    diff = record["differences"][f"{second} - {first}"]["collected_usd"]
    verdict = turning.harm_words(diff, record["kpis"][first]["collected_usd"]["mean"])
    heading = {"does little harm": "Little", "does some harm": "Some", "clearly hurts": "Great"}
    cash = evidence.label_of("collected_usd").lower()
    lists = _snippet(f"evidence-{group}-reading.md").splitlines()
    lists = [line for line in lists if line.startswith("- **") and cash in line]
    # The first practice-level lists; the protected-time lists follow with their own verdict.
    assert lists[0].startswith(f"- **{heading[verdict]}"), lists[0]


def test_dose_tables_count_the_managers_late_duties(data: dict[str, Any]) -> None:
    doses = dose.load(ROOT)
    section = _snippet("evidence-dose.md")
    assert f"| {registry().kpis['om_tasks_late'].short_label} |" in section
    for group, (_separate, combined) in dose.PAIRS.items():
        for point in doses["groups"][group]["points"]:
            late = point["options"][combined]["kpis"]["om_tasks_late"]["mean"]
            row = next(
                line
                for line in section.splitlines()
                if line.startswith(f"| {point['interruptions_per_hour']:g} | ")
                and evidence.fmt("usd", point["options"][combined]["kpis"]["collected_usd"]["mean"])
                in line
            )
            assert row.endswith(f"| {evidence.fmt('count', late)} |"), (group, row)


def test_dose_tables_name_each_kpi_as_the_registry_does() -> None:
    """Issue 27: one KPI, one name. Every KPI column of the dose tables is headed by its
    registry short label, and the write-off reasons under a total by the words the
    registry's labels of those write-offs end with."""
    fixed = {"Interruptions an hour", "One person against two (95% interval)"}
    shorts = {kpi.short_label for kpi in registry().kpis.values()}
    headers = [cell.split("<br>")[0] for cell in dose_outcomes.header().strip("| ").split(" | ")]
    assert {h for h in headers if h not in fixed} <= shorts, headers
    assert len(headers) == len(fixed) + len(dose_outcomes.COLUMNS)
    for reason in dose_outcomes.REASONS:
        label = registry().kpis[f"{dose_outcomes.WRITE_OFFS}.{reason}"].label
        assert label.endswith(", " + dose_outcomes.reason_words(reason)), label
    kpis = {k: {"mean": 1.0} for k in (turning.CASH, turning.AGED, turning.LATE)}
    option = {"kpis": kpis, "loads": {"office_manager": {"before": 0.9, "with": 1.1}}}
    difference = {"mean": -1.0, "ci95": [-2.0, 0.0], "distinguishable": False}
    point = {
        "interruptions_per_hour": 1,
        "options": {"a": option, "b": option},
        "differences": {turning.CASH: difference},
    }
    cash_header = turning.dose_rows({"options": ["a", "b"], "points": [point]}, {})[2]
    for kpi in (turning.CASH, turning.AGED, turning.LATE):
        assert f"| {registry().kpis[kpi].short_label} |" in cash_header


def test_harm_words_follow_the_thresholds() -> None:
    def diff(mean: float, clear: bool = True) -> dict[str, Any]:
        return {"mean": mean, "ci95": [mean - 1, mean + 1], "distinguishable": clear}

    assert turning.harm_words(diff(-10), 1000) == "does little harm"
    assert turning.harm_words(diff(-30), 1000) == "does some harm"
    assert turning.harm_words(diff(-50), 1000) == "clearly hurts"
    assert turning.harm_words(diff(-500, clear=False), 1000) == "does little harm"
    assert turning.harm_words(diff(40), 1000) == "does little harm"


def test_harm_list_headings_state_the_registry_thresholds_and_no_other_number() -> None:
    """The headings are written from kpis.yaml `harm:` (which types no number in its words),
    so the thresholds the reading judges by and the ones it states cannot drift apart."""
    harm = registry().harm
    assert not any(ch.isdigit() for text in harm.headings.values() for ch in text)
    stated = sorted(
        float(n)
        for level in HARM_LEVELS
        for n in re.findall(r"\d+(?:\.\d+)?", turning.harm_heading(level))
    )
    thresholds = [harm.relative, harm.points, harm.cash]
    expected = sorted(100 * getattr(t, level) for t in thresholds for level in ("some", "great"))
    assert sorted(set(stated)) == pytest.approx(sorted(set(expected)))


def _one_kpi(kpi: str, base: float, mean: float, clear: bool = True) -> dict[str, Any]:
    difference = {"mean": mean, "ci95": [mean - 1e-9, mean + 1e-9], "distinguishable": clear}
    return {"kpis": {"A": {kpi: {"mean": base}}}, "differences": {"B - A": {kpi: difference}}}


def test_harm_levels_follow_the_registry_thresholds() -> None:
    harm = registry().harm

    def level(kpi: str, base: float, worse: float, clear: bool = True) -> str:
        return evidence_reading.harm_level(
            _one_kpi(kpi, base, worse, clear), "A", "B", kpi, "B - A"
        )

    share, days = "ar_over_90_share_end", "days_in_ar"
    assert level(share, 0.2, harm.points.some * 0.9) == "little"
    assert level(share, 0.2, harm.points.some * 1.1) == "some"
    assert level(share, 0.2, harm.points.great * 1.1) == "great"
    assert level(days, 40.0, 40.0 * harm.relative.some * 0.9) == "little"
    assert level(days, 40.0, 40.0 * harm.relative.some * 1.1) == "some"
    assert level(days, 40.0, 40.0 * harm.relative.great * 1.1) == "great"
    assert level(days, 40.0, 40.0, clear=False) == "little"
    assert level(days, 40.0, -40.0) == "little"  # fewer days is better
    cash = turning.CASH
    assert level(cash, 1000.0, -1000.0 * harm.cash.great * 1.1) == "great"
    assert level(cash, 1000.0, -1000.0 * harm.cash.some * 1.1) == "some"


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
        not_null = [s for s in sub.get("anyOf", []) if s.get("type") != "null"]
        if len(not_null) == 1 and len(sub["anyOf"]) == 2:
            sub = not_null[0]  # an optional section, such as `observed:`
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


def test_the_built_site_shows_the_generated_scenario_reference(built_site: Path) -> None:
    """The page in docs/ holds only a snippet line; the built page must hold the table the
    snippet brings in, a row for every leaf field of the schema (issue 25 item 8)."""
    page = (built_site / "consultants" / "scenario-reference" / "index.html").read_text()
    leaves = _schema_leaves(Scenario.model_json_schema(by_alias=True))
    rows = re.findall(r"<tr>\s*<td><code>([^<]+)</code></td>", page)
    missing = [
        path for path in leaves if path.replace("<", "&lt;").replace(">", "&gt;") not in rows
    ]
    assert len(rows) >= len(leaves) > 80
    assert not missing, f"not on the built scenario reference page: {missing}"


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


def check_staffing_fragment(text: str) -> None:
    """The staffing page names each option plainly, keeps file names in its box, shows turnover."""
    body, _, box = text.partition('??? info "Reproduce it')
    for name in staffing.OPTIONS:
        assert name not in body, name
        assert f"`scenarios/{name}.yaml`" in box, name
    rows = [line for line in body.splitlines() if line.startswith("| ")]
    plain = {options.plain_name(ROOT, name) for name in staffing.OPTIONS}
    assert {row.split(" | ")[0].removeprefix("| ") for row in rows} >= plain
    turnover = body.partition("### With turnover")[2]
    header = next(line for line in turnover.splitlines() if line.startswith("| Option"))
    for kpi in staffing.TURNOVER_COLUMNS:
        assert kpi.short_label in header
    assert sum(line.startswith("| ") for line in turnover.splitlines()) == len(plain) + 1


def test_staffing_page_has_plain_names_and_turnover() -> None:
    staffing.generate(ROOT)
    check_staffing_fragment(_snippet(staffing.FRAGMENT))
