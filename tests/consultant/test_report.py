"""`twohats report`: one self-contained HTML page of a compare folder, its numbers those of the
record (formatted by sim/outputs/text.py), the workload those of `twohats check`, and clear
errors with nothing written for a bad folder."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sim.cli import main
from sim.model.registry import registry
from sim.outputs.money import NET
from sim.outputs.names import site_data
from sim.outputs.observed import calibration_json, observed_json
from sim.outputs.report import settings
from sim.outputs.text import mean_ci
from tests.consultant.report_case import (
    OPTIONS,
    SCENARIOS,
    compare_folder,
    fit_folder,
    report,
    sweep_folder,
)


def calibration_row(parameter: str, best: float, low: float, high: float, **more) -> dict:
    """A calibration.json row as `twohats calibrate` writes it, with the fields the report
    needs and no score grid."""
    row = {"parameter": parameter, "best": best, "low": low, "high": high, "range": [0, 1]}
    row |= {"day": 20, "replications": 2, "at_edge": False, "fits": True, "method": "grid"}
    return row | more


class Page(HTMLParser):
    """The parts of the report the tests read: section ids, table rows, list items, links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[str] = []
        self.rows: list[tuple[str, list[str]]] = []
        self.items: list[str] = []
        self.paragraphs: list[str] = []
        self.sources: list[str] = []
        self.scripts = 0
        self._cells: list[str] | None = None
        self._text: list[str] | None = None
        self._section = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "section":
            self._section = values.get("id") or values.get("aria-labelledby") or ""
            self.sections.append(self._section)
        elif tag == "tr":
            self._cells = []
        elif tag in ("th", "td", "li", "p") and self._text is None:
            self._text = []
        elif tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            if values.get(name):
                self.sources.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._text is not None and self._cells is not None:
            self._cells.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag in ("li", "p") and self._text is not None:
            target = self.items if tag == "li" else self.paragraphs
            target.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._cells:
            self.rows.append((self._section, self._cells))
            self._cells = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def row(self, section: str, label: str) -> list[str]:
        """The cells after the header cell of the first row labelled `label` in `section`."""
        for where, cells in self.rows:
            if where == section and cells[0] == label:
                return cells[1:]
        raise AssertionError(f"no row {label!r} in section {section!r}")


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Path]:
    """The compare folder, its record and its report (written once for the module)."""
    where = tmp_path_factory.mktemp("report")
    folder = compare_folder(where)
    out = where / "client.html"
    assert report(folder, out) == 0
    return folder, json.loads((folder / "comparison.json").read_text()), out


@pytest.fixture(scope="module")
def page(case: tuple[Path, dict, Path]) -> Page:
    return Page(case[2].read_text(encoding="utf-8"))


def test_every_section_is_there(page: Page) -> None:
    for section in ("answer", "practice", "money", "workload", "charts", "assumptions", "rerun"):
        assert section in page.sections
    assert page.sections[0] == "answer"
    assert "reading-1" in page.sections
    assert "observed" not in page.sections and "calibration" not in page.sections


def test_nothing_is_fetched_from_anywhere(case: tuple[Path, dict, Path], page: Page) -> None:
    html = case[2].read_text(encoding="utf-8")
    assert page.scripts == 0
    assert page.sources and all(s.startswith("data:image/png;base64,") for s in page.sources)
    assert not re.search(r"https?://", " ".join(page.sources))
    assert "@import" not in html and "url(" not in html
    charts = sorted(p.name for p in case[0].glob("*.png"))
    assert len(page.sources) == len(charts) >= 5


def test_money_cells_are_the_record_s(case: tuple[Path, dict, Path], page: Page) -> None:
    record = case[1]
    cells = page.row("money", "Insurance cash from the year's claims, each followed to its end")
    for name, cell in zip(OPTIONS, cells, strict=True):
        entry = record["money"]["options"][name]["cohort_collected_usd"]
        assert cell == mean_ci(entry, "usd")
    staff = page.row("money", "Staff cost (wages, payroll load, overtime)")
    separate, combined = (record["kpis"][n]["staff_cost_usd"]["mean"] for n in OPTIONS)
    assert separate > combined  # two people cost more than one
    assert staff[0].startswith(f"${separate:,.0f} (")


def test_differences_and_their_reading(case: tuple[Path, dict, Path], page: Page) -> None:
    """Every headline KPI and money row: its paired difference as text.py writes it, and the
    reading puts it among the clear, the indistinguishable or the n/a."""
    record, label = case[1], f"{OPTIONS[1]} - {OPTIONS[0]}"
    money_diffs = record.get("money", {}).get("differences", {}).get(label, {})
    money = {row["key"] for row in settings()["money"]}  # these read in the money table
    rows = [
        (registry().label_of(k), record["differences"][label][k], registry().format_of(k))
        for k in registry().headline
        if k not in money
    ]
    for row in settings()["money"]:
        entry = money_diffs.get(row["key"]) or record["differences"][label].get(row["key"])
        if entry is not None and not (money_diffs and row.get("without_money_only")):
            rows.append((row["label"].format(rate="8%"), entry, row["format"]))
    assert len(rows) >= 12
    clear = " ".join(page.items)
    unclear = " ".join(p for p in page.paragraphs if "cannot be told apart" in p)
    for name, entry, kind in rows:
        cells = page.row("reading-1", name)
        assert cells[0] == mean_ci(entry, kind, signed=True)
        if entry["mean"] is None:
            assert cells[1] == "n/a"
        elif entry["ci95"] == [0, 0]:
            assert cells[1] == "zero in both" and name not in clear + unclear
        elif entry["distinguishable"]:
            assert cells[1] == "clear" and f"{name}: " in clear
        else:
            assert cells[1] == "not distinguishable" and name in unclear


def test_a_kpi_without_basis_reads_not_available(
    case: tuple[Path, dict, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(case[0], folder)
    record = json.loads((folder / "comparison.json").read_text())
    label = f"{OPTIONS[1]} - {OPTIONS[0]}"
    record["differences"][label]["claim_lag_days_mean"] = {
        "mean": None,
        "ci95": [None, None],
        "distinguishable": False,
    }
    (folder / "comparison.json").write_text(json.dumps(record))
    assert report(folder, tmp_path / "r.html") == 0
    page = Page((tmp_path / "r.html").read_text())
    claim_lag = registry().label_of("claim_lag_days_mean")
    assert page.row("reading-1", claim_lag) == ["n/a", "n/a"]
    missing = [p for p in page.paragraphs if p.startswith("Not available")]
    assert len(missing) == 1 and claim_lag in missing[0]
    assert not any(item.startswith(claim_lag) for item in page.items)


def test_workload_is_what_twohats_check_prints(
    case: tuple[Path, dict, Path], page: Page, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(case[0].parents[1] / f"{name}.yaml") for name in OPTIONS]
    capsys.readouterr()
    main(["check", *files, "--allow-root", str(SCENARIOS)])
    printed = capsys.readouterr().out
    rows = [cells for where, cells in page.rows if where == "workload" and "%" in cells[-2]]
    verdicts = r"\b(fits|tight|CANNOT)\b"  # the person rows, not the ways-of-working table
    lines = [
        ln for ln in printed.splitlines() if re.search(r"\d+%", ln) and re.search(verdicts, ln)
    ]
    lines = [ln for ln in lines if "Above" not in ln]
    assert len(rows) == len(lines) == 3  # two people in the first option, one in the second
    for cells, line in zip(rows, lines, strict=True):
        assert cells[0].split(" (")[0].replace(" ", "_") in line  # the report names people in words
        assert re.findall(r"\d+%", line) == [cells[-2]]
        assert cells[1:4] == re.findall(r"\d+\.\d", line)[:3]
    # the manager who takes the coordinator's overflow is said to, as check says "ic overflow"
    assert "(om; ic overflow)" in printed
    assert rows[0][0] == "office manager (office manager; insurance coordinator overflow)"


def test_the_insurance_work_by_kind_is_the_table_check_prints(
    case: tuple[Path, dict, Path], page: Page, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(case[0].parents[1] / f"{name}.yaml") for name in OPTIONS]
    capsys.readouterr()
    main(["check", *files, "--allow-root", str(SCENARIOS)])
    printed = capsys.readouterr().out
    tables = printed.split("insurance work by kind, hours a day")[1:]
    rows = [cells for where, cells in page.rows if where == "workload" and len(cells) == 3]
    shown = [r for r in rows if r[0] != "Work"]
    kinds = [r for t in tables for r in re.findall(r"│ ([A-Za-z ]+?) +│ +(\d+\.\d) │ +(\d+%) │", t)]
    assert len(tables) == len(OPTIONS) and kinds
    assert [tuple(r) for r in shown] == kinds
    assert shown[-1][0] == "all insurance tasks" and shown[-1][2] == "100%"


def test_rerun_names_the_command_seed_and_versions(case: tuple[Path, dict, Path]) -> None:
    html = case[2].read_text(encoding="utf-8")
    files = " ".join(f"{name}.yaml" for name in OPTIONS)
    assert f"twohats compare {files} --reps 2 --seed 7" in html
    versions = case[1]["versions"]
    assert versions["python"] in html and versions["numpy"] in html


def test_same_folder_same_bytes(case: tuple[Path, dict, Path], tmp_path: Path) -> None:
    assert report(case[0], tmp_path / "again.html") == 0
    assert (tmp_path / "again.html").read_bytes() == case[2].read_bytes()


def test_observed_and_calibration_tables_when_present(
    case: tuple[Path, dict, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(case[0], folder)
    observed = [
        {
            "kpi": "days_in_ar",
            "label": "Days in A/R",
            "observed": 41.0,
            "simulated": 38.25,
            "low": 35.5,
            "high": 41.0,
            "distance": -2.75,
            "relative_distance": -0.067073,
            "key": "observed.days_in_ar",
            "format": "days",
            "day": 39,
            "replications": 2,
            "option": OPTIONS[0],
        },
        {
            "kpi": "unsent_claims",
            "label": "Claims not yet sent",
            "observed": 120.0,
            "simulated": 80.0,
            "low": 70.0,
            "high": 90.0,
            "distance": -40.0,
            "relative_distance": -0.333333,
            "key": "observed.unsent_claims",
            "format": "count",
            "day": 39,
            "replications": 2,
            "option": OPTIONS[1],
        },
    ]
    calibration = [
        calibration_row(
            "om_work.interruptions_per_hour", 3.5, 2.5, 4.5, score=0.01, range=[1, 6], fits=False
        )
    ]
    (folder / "observed.json").write_bytes(observed_json(observed))
    (folder / "calibration.json").write_bytes(calibration_json(calibration))
    assert report(folder, tmp_path / "r.html") == 0
    page = Page((tmp_path / "r.html").read_text())
    # only the current staffing (the first, none being marked) is set beside the books
    assert not [cells for where, cells in page.rows if where == "observed" and "120" in cells]
    assert page.row("observed", "Days in A/R") == [
        "41.0",
        "38.2",
        "35.5 to 41.0",
        "-2.8",
    ]
    cells = page.row("calibration", "om_work.interruptions_per_hour")
    assert cells[:3] == ["3.5", "2.5 to 4.5", "1 to 6"]
    assert any(p.startswith("No value of om_work.interruptions_per_hour") for p in page.paragraphs)
    # a long key may break after a dot on a printed page, never inside a word
    assert "<code>om_work.<wbr>interruptions_per_hour</code>" in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("missing", "does not exist"),
        ("no-record", "has no comparison.json"),
        ("broken-json", "is not valid JSON"),
        (
            "not-a-record",
            "comparison.json was not written by this version of twohats: replications",
        ),
        ("older", "comparison.json was not written by this version of twohats: schema_version"),
        ("broken-observed", "observed.json was not written by this version of twohats: rows.0"),
        ("broken-sweep", "sweep.json was not written by this version of twohats: keys"),
        ("mean-as-text", ".days_in_ar.mean: expected a number, got str"),
        ("interval-deleted", ".days_in_ar.ci95: Field required"),
    ],
)
def test_a_bad_folder_is_named_and_nothing_is_written(
    case: tuple[Path, dict, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: str,
    message: str,
) -> None:
    folder = tmp_path / "compare"
    if damage != "missing":
        shutil.copytree(case[0], folder)
    if damage == "no-record":
        (folder / "comparison.json").unlink()
    elif damage == "broken-json":
        (folder / "comparison.json").write_text('{"scenarios": [')
    elif damage == "not-a-record":
        (folder / "comparison.json").write_text('{"schema_version": 1, "scenarios": [], "seed": 1}')
    elif damage == "older":
        record = json.loads((folder / "comparison.json").read_text())
        (folder / "comparison.json").write_text(json.dumps({**record, "schema_version": 0}))
    elif damage == "broken-sweep":
        (folder / "comparison.json").unlink()
        (folder / "sweep.json").write_text(
            '{"schema_version": 1, "seed": 1, "replications": 2, "late_cash_annual_rate": 0.08, '
            '"summaries": [], "break_even": {}}'
        )
    elif damage == "broken-observed":
        (folder / "observed.json").write_text('{"schema_version": 1, "rows": [{"kpi": "x"}]}')
    elif damage in ("mean-as-text", "interval-deleted"):
        record = json.loads((folder / "comparison.json").read_text())
        difference = next(iter(record["differences"].values()))["days_in_ar"]
        if damage == "mean-as-text":
            difference["mean"] = "x"
        else:
            del difference["ci95"]
        (folder / "comparison.json").write_text(json.dumps(record))
    out = tmp_path / "r.html"
    capsys.readouterr()
    assert report(folder, out) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error
    assert not out.exists() and list(tmp_path.glob(".*partial")) == []


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("no-options", "keys and options must not be empty"),
        ("point-not-a-mapping", ".points.0.point: Input should be a valid dictionary"),
        ("summaries-a-number", "summaries: Input should be a valid list"),
        ("stray-field", "note: Extra inputs are not permitted"),
    ],
)
def test_a_sweep_edited_by_hand_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str, message: str
) -> None:
    folder = sweep_folder(tmp_path)
    record = json.loads((folder / "sweep.json").read_text())
    if damage == "no-options":
        record["options"] = []
    elif damage == "point-not-a-mapping":
        next(iter(record["break_even"].values()))["points"][0]["point"] = 5
    elif damage == "summaries-a-number":
        record["summaries"] = 5
    else:
        record["note"] = "edited by hand"
    (folder / "sweep.json").write_text(json.dumps(record))
    out = tmp_path / "r.html"
    capsys.readouterr()
    assert report(folder, out) == 2
    error = capsys.readouterr().err
    assert f"{folder / 'sweep.json'} was not written by this version of twohats: " in error
    assert message in error and "Traceback" not in error and not out.exists()


def test_a_folder_with_nowhere_beside_it_needs_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "/"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: / has no comparison.json") and "Traceback" not in error


def test_an_existing_report_is_kept_without_force(
    case: tuple[Path, dict, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "client.html"
    out.write_text("the consultant's edited copy")
    assert report(case[0], out) == 2
    assert "give --force" in capsys.readouterr().err
    assert out.read_text() == "the consultant's edited copy"
    assert report(case[0], out, "--force") == 0
    assert out.read_bytes() == case[2].read_bytes()
    assert report(case[0], tmp_path / "client.pdf") == 2


def test_without_a_money_section_cash_sooner_is_worked_out(
    case: tuple[Path, dict, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(case[0], folder)
    record = json.loads((folder / "comparison.json").read_text())
    record.pop("money", None)
    (folder / "comparison.json").write_text(json.dumps(record))
    assert report(folder, tmp_path / "r.html") == 0
    page = Page((tmp_path / "r.html").read_text())
    carrying = record["differences"][f"{OPTIONS[1]} - {OPTIONS[0]}"]["ar_carrying_cost_usd"]
    low, high = carrying["ci95"]
    sooner = {"mean": -carrying["mean"], "ci95": [-high, -low]}
    assert page.row("reading-1", "Cash collected sooner, valued at 8% a year")[0] == mean_ci(
        sooner, "usd", signed=True
    )


def test_a_sweep_folder_gets_its_break_even_page(tmp_path: Path) -> None:
    folder = sweep_folder(tmp_path)
    out = tmp_path / "sweep.html"
    assert report(folder, out) == 0
    page = Page(out.read_text(encoding="utf-8"))
    record = json.loads((folder / "sweep.json").read_text())
    assert {"pair-1", "charts", "rerun"} <= set(page.sections)
    assert page.scripts == 0
    assert all(s.startswith("data:image/png;base64,") for s in page.sources)
    assert len(page.sources) == len(list(folder.glob("*.png")))
    (pair,) = record["break_even"].values()
    for point in pair["points"]:
        cells = page.row(
            "pair-1", f"practice.providers.0.count = {point['point']['practice.providers.0.count']}"
        )
        assert mean_ci(point["net_benefit_usd"], "usd", signed=True) in cells
    header = next(cells for where, cells in page.rows if where == "pair-1")
    for part in settings()["sweep"]["parts"]:
        assert (part["label"] in header) == (part["key"] in pair["points"][0])
    assert len(header) >= 7
    (found,) = pair["break_even"]
    sentence = page.items[0]
    assert ("pays for itself from" in sentence) == (found["value"] is not None)
    command = "twohats sweep small-separate.yaml small-combined.yaml --vary practice.providers.0.count=1,2 --reps 2 --seed 5"
    assert command in out.read_text(encoding="utf-8")


def test_calibration_from_a_calibrate_folder(
    case: tuple[Path, dict, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calibrated = tmp_path / "calibrate-small-separate"
    calibrated.mkdir()
    row = calibration_row("ic_work.claim_error_share", 0.05, 0.03, 0.07)
    (calibrated / "calibration.json").write_bytes(calibration_json([row]))
    out = tmp_path / "r.html"
    assert report(case[0], out, "--calibration", str(calibrated)) == 0
    page = Page(out.read_text())
    assert page.row("calibration", "ic_work.claim_error_share")[:2] == ["0.05", "0.03 to 0.07"]
    capsys.readouterr()
    assert report(case[0], tmp_path / "s.html", "--calibration", str(tmp_path / "nowhere")) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "s.html").exists()


def test_bottom_line_warns_when_claims_were_left_unresolved(
    case: tuple[Path, dict, Path], tmp_path: Path
) -> None:
    """When some of the window's claims were still open at the run-out's cap, the bottom line
    says how much and that it counts as nothing (the caution comparison.md carries too)."""
    folder = tmp_path / "compare"
    shutil.copytree(case[0], folder)
    record = json.loads((folder / "comparison.json").read_text())
    parts = record["money"]["differences"][f"{OPTIONS[1]} - {OPTIONS[0]}"]
    parts[NET] = {"mean": -5000.0, "ci95": [-9000.0, -1000.0], "distinguishable": True}
    parts["cohort_unresolved_usd"] = {
        "mean": 2000.0,
        "ci95": [1500.0, 2500.0],
        "distinguishable": True,
    }
    (folder / "comparison.json").write_text(json.dumps(record))
    fitted = str(fit_folder(tmp_path / "fit", fits=True))  # page one then recommends
    assert report(folder, tmp_path / "r.html", "--calibration", fitted) == 0
    paragraphs = Page((tmp_path / "r.html").read_text()).paragraphs
    bottom = next(p for p in paragraphs if p.startswith("Bottom line:"))
    assert "$5,000 worse off" in bottom
    caution = [p for p in paragraphs if "counted as nothing" in p and "run-out" in p]
    assert len(caution) == 2  # on page one, under the recommendation, and in the comparison
    assert all(f"{site_data('options')[OPTIONS[1]]} had $2,000 more" in p for p in caution)


def test_no_credit_for_money_still_owed(case: tuple[Path, dict, Path], page: Page) -> None:
    parts = case[1]["money"]["differences"][f"{OPTIONS[1]} - {OPTIONS[0]}"]
    assert not any("owed" in key or "collectable" in key for key in parts)
    assert not any("collectable" in p for p in page.paragraphs)
    unresolved = parts["cohort_unresolved_usd"]["mean"]
    assert any("counted as nothing" in p and "run-out" in p for p in page.paragraphs) == bool(
        unresolved
    )


def _charts_in(html: str) -> list[bytes]:
    import base64

    found = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    return [base64.b64decode(text) for text in found]


def test_only_the_charts_twohats_wrote_are_embedded(
    case: tuple[Path, dict, Path], tmp_path: Path
) -> None:
    """A link to a private file named like a chart, and any PNG the marker does not list,
    never reach the client's page."""
    folder = tmp_path / "compare"
    shutil.copytree(case[0], folder)
    secret = tmp_path / "passwords.txt"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nroot:secret\n")
    (folder / "zz-notes.png").symlink_to(secret)
    (folder / "holiday.png").write_bytes((folder / "ar_total.png").read_bytes() + b"mine")
    out = tmp_path / "r.html"
    assert report(folder, out) == 0
    embedded = _charts_in(out.read_text(encoding="utf-8"))
    listed = json.loads((folder / ".twohats-results").read_text())["files"]
    assert sorted(embedded) == sorted((folder / n).read_bytes() for n in listed if ".png" in n)
    assert not any(b"root:secret" in chart or chart.endswith(b"mine") for chart in embedded)


@pytest.mark.parametrize("damage", ["link", "fake", "huge"])
def test_a_listed_chart_that_is_not_ours_is_refused(
    case: tuple[Path, dict, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: str,
) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(case[0], folder)
    chart = folder / "ar_total.png"
    chart.unlink()
    if damage == "link":
        (tmp_path / "secret").write_bytes(b"\x89PNG\r\n\x1a\nsecret")
        chart.symlink_to(tmp_path / "secret")
    elif damage == "fake":
        chart.write_text("root:x:0:0:root:/root:/bin/bash\n")
    else:
        chart.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(6_000_000))
    out = tmp_path / "r.html"
    capsys.readouterr()
    assert report(folder, out) == 2
    error = capsys.readouterr().err
    assert f"{chart} is" in error and "not a chart twohats wrote" in error
    assert "Traceback" not in error and not out.exists()


def test_a_precision_edited_to_text_is_an_error_not_a_traceback(
    case: tuple[Path, dict, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "compare"
    shutil.copytree(case[0], folder)
    record = json.loads((folder / "comparison.json").read_text())
    record["precision"] = "five percent"
    (folder / "comparison.json").write_text(json.dumps(record))
    out = tmp_path / "r.html"
    capsys.readouterr()
    assert report(folder, out) == 2
    error = capsys.readouterr().err
    assert "precision" in error and "Traceback" not in error and not out.exists()


def test_through_a_linked_folder_the_report_goes_beside_the_link(
    case: tuple[Path, dict, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copytree(case[0], elsewhere / "compare")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "client").symlink_to(elsewhere / "compare")
    assert main(["report", str(mine / "client"), "--sensitivity-reps", "0"]) == 0
    assert (mine / "client.html").is_file()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["compare"]


def test_the_report_never_replaces_its_calibration_file(
    case: tuple[Path, dict, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calibration = tmp_path / "calibration.html"
    calibration.write_bytes(calibration_json([calibration_row("p", 1, 0, 1)]))
    before = calibration.read_bytes()
    assert report(case[0], calibration, "--calibration", str(calibration), "--force") == 2
    assert "--calibration file" in capsys.readouterr().err
    assert calibration.read_bytes() == before
    assert report(case[0], case[0] / "r.html") == 2
    assert "inside the results folder" in capsys.readouterr().err
    assert not (case[0] / "r.html").exists()
