"""`twohats report`: one self-contained HTML file from a `compare` results folder, for a client.

Everything the page shows is read from the folder (comparison.json, the chart PNGs, and
observed.json / calibration.json when present) or worked out from it here: the money of
each option, the paired differences with their 95% CIs, a plain-language reading generated
from those differences, the workload check of each scenario (the same count as
`twohats check`), and the assumptions that matter most, ranked by a sensitivity run on the
folder's own scenarios and seed (sensitivity_plan says what; the CLI runs it). Charts
are embedded as data: URIs and the stylesheet is inline, so the file opens and prints with
no request to any other host. What it says in words lives in report.yaml and
templates/report.html.j2, not here. Same folder and --sensitivity-reps, same bytes.

The parts live beside this module (report_folder reads the folder, report_pairs,
report_practice, report_calibration, report_answer and report_sweep build the sections); this
one renders the page and is what callers import.
"""

from __future__ import annotations

import base64
import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sim.model.registry import registry
from sim.outputs import draws_text
from sim.outputs.names import display_name
from sim.outputs.report_answer import _answer_rows, direction, page_one_figures, recommendation
from sim.outputs.report_calibration import (
    _calibration_rows,
    _day,
    _observed_rows,
    books_check,
    calibration_verdict,
    unchecked_verdict,
)
from sim.outputs.report_folder import (
    Folder,
    ReportError,
    SweepFolder,
    calibration_file,
    read_any,
    read_folder,
    settings,
)
from sim.outputs.report_pairs import (
    _money_section,
    _percent,
    _rate,
    kpi_differences,
    money_differences,
    money_rows,
    opening_rows,
    pairs,
    reading,
    year_tables,
)
from sim.outputs.report_practice import (
    assumption_section,
    option,
    practice,
    sensitivity_design,
    sensitivity_plan,
    subtitle,
    workload,
)
from sim.outputs.report_sweep import _sweep_charts, _sweep_command, _sweep_pair
from sim.outputs.results import ResultsError, write_file
from sim.outputs.sweep_report import _intro as net_benefit_words  # the one definition
from sim.scenario.workload import verdict_scale
from sim.study.comparison import base_of

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "Folder",
    "ReportError",
    "SweepFolder",
    "any_report_html",
    "assumption_section",
    "calibration_file",
    "charts",
    "default_out",
    "read_any",
    "read_folder",
    "reading",
    "report_html",
    "rerun",
    "sensitivity_design",
    "sensitivity_plan",
    "settings",
    "spread",
    "sweep_report_html",
    "write_report",
]


TEMPLATES = Path(__file__).with_name("templates")


def rerun(folder: Folder) -> dict:
    """The command that reproduces the comparison, and the versions it was written with."""
    record = folder.record
    files = " ".join(f"{s.name}.yaml" for s in folder.scenarios)
    command = f"twohats compare {files} --reps {record['replications']} --seed {record['seed']}"
    versions = record.get("versions")
    shown = [(k, str(v)) for k, v in versions.items()] if isinstance(versions, dict) else []
    return {"command": command, "versions": shown, "precision": _precision(folder)}


def _report_command(folder: Folder, measured: dict | None) -> str:
    """The command that writes this report again, its assumptions measured the same way."""
    reps = measured["replications"] if measured is not None else 0
    return f"twohats report {folder.path.name} --sensitivity-reps {reps}"


def _precision(folder: Folder) -> dict | None:
    """The record's precision search, if any (its shape checked on reading)."""
    return folder.record.get("precision")


def charts(folder: Folder) -> list[dict]:
    """Every chart of the folder as a data: URI, with its caption as the alt text."""
    captions = settings()["charts"]
    per_option = {f"ar_aging.{s.name}.png": display_name(s) for s in folder.scenarios}
    order = [*captions, *per_option]
    shown = []
    ranked = sorted(folder.charts, key=lambda n: (order.index(n) if n in order else len(order), n))
    for name in ranked:
        content = folder.charts[name]
        if name in per_option:
            caption = captions["ar_aging.{name}.png"].format(name=per_option[name])
        else:
            caption = captions.get(name, name)
        uri = "data:image/png;base64," + base64.b64encode(content).decode("ascii")
        shown.append({"caption": caption, "uri": uri})
    return shown


def _environment() -> jinja2.Environment:
    """The templates' environment; Jinja2 is imported here, so other commands start faster."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(template: str, context: dict) -> str:
    """The page; a value the template needs and the folder lacks is a ValueError (a results
    file out of shape), not Jinja2's own error."""
    import jinja2

    try:
        return _environment().get_template(template).render(**context)
    except jinja2.UndefinedError as exc:
        raise ValueError(f"the page needs a value the folder lacks ({exc.message})") from None


def report_html(folder: Folder, measured: dict | None = None) -> str:
    """The report page for a compare folder (a pure function of the folder's contents and of
    `measured`, the sensitivity record of sensitivity_plan, None when not run); the current
    staffing comes first in every table, whatever the order it was compared in."""
    as_run = folder
    base = base_of(folder.scenarios)
    current = next(s for s in folder.scenarios if s.name == base)
    scenarios = [current, *(s for s in folder.scenarios if s.name != base)]
    folder = dataclasses.replace(folder, scenarios=scenarios)
    found = pairs(folder)
    observed = folder.optional.get("observed.json")
    calibration = folder.optional.get("calibration.json")
    verdict_found = calibration_verdict(folder) or unchecked_verdict()
    trusted = verdict_found["fits"]
    figures = page_one_figures(trusted)
    context = {
        "practice": practice(current),
        "subtitle": subtitle(current, len(scenarios)),
        "current": display_name(current),
        "options": [option(s, base) for s in scenarios],
        "names": [display_name(s) for s in scenarios],
        "replications": folder.record["replications"],
        "seed": folder.record["seed"],
        "rate": _percent(_rate(folder)),
        "answer": {
            "trusted": trusted,
            "figures": [f["label"] for f in figures],
            "rows": _answer_rows(folder, found, figures),
            "books_check": books_check(folder),
            **(recommendation(folder, found) if trusted else direction(folder, found)),
        },
        "verdict": verdict_found,
        "money": money_rows(folder),
        "money_section": _money_section(folder.record) is not None,
        "opening_books": opening_rows(folder),
        "years": year_tables(folder),
        "years_clipped": settings()["years_clipped"],
        "comparisons": [
            {
                "option": p.option_name,
                "base": p.base_name,
                "money": money_differences(folder, p),
                "kpis": kpi_differences(folder, p),
                "reading": reading(folder, p),
            }
            for p in found
        ],
        "workloads": [workload(s) for s in scenarios],
        "workload_scale": verdict_scale(),
        "observed": _observed_rows(observed, base) if observed is not None else None,
        "observed_day": _day(observed),
        "calibration": _calibration_rows(calibration) if calibration is not None else None,
        "spread": spread(folder.record),
        "assumptions": assumption_section(folder, measured, trusted),
        "rerun": {**rerun(as_run), "report": _report_command(as_run, measured)},
        "charts": charts(folder),
    }
    return _render("report.html.j2", context)


def spread(record: dict) -> dict | None:
    """For a comparison run over a fit's drawn offices: how much of each paired difference's
    spread is not knowing the office and how much is chance (None for any other run)."""
    if "calibration" not in record:
        return None
    return {
        "about": draws_text.about(record),
        "columns": list(draws_text.COLUMNS),
        "tables": [
            {
                "label": label,
                "rows": [
                    [registry().label_of(kpi), *draws_text.cells(kpi, entry)]
                    for kpi, entry in draws_text.spread_rows(record, label)
                ],
            }
            for label in record["differences"]
        ],
    }


def default_out(folder: Path) -> Path:
    """The report beside its folder as named (inside, it would be a file `compare --force`
    refuses); through a link to a folder, beside the link, not beside its target."""
    place = Path(os.path.abspath(folder))
    if not place.name:
        raise ReportError(f"{folder} has no folder beside it for the report; give --out FILE.html")
    return place.with_name(place.name + ".html")


def write_report(html: str, out: Path, force: bool) -> None:
    """Write the report in one step; never replace one without force."""
    try:
        write_file(out, html, force)
    except ResultsError as exc:
        raise ReportError(str(exc)) from None


def sweep_report_html(folder: SweepFolder) -> str:
    """The report page for a sweep folder (a pure function of the folder's contents)."""
    record = folder.record
    context = {
        "options": record["options"],
        "keys": record["keys"],
        "replications": record["replications"],
        "seed": record["seed"],
        "rate": _percent(float(record["late_cash_annual_rate"])),
        "pairs": [_sweep_pair(record, label, pair) for label, pair in record["break_even"].items()],
        "charts": _sweep_charts(folder),
        "command": _sweep_command(record),
        "definition": net_benefit_words(record, bold=""),
    }
    return _render("sweep_report.html.j2", context)


def any_report_html(folder: Folder | SweepFolder, measured: dict | None = None) -> str:
    """The page for what the folder holds: a comparison (with its assumptions measured, when
    given), or a sweep."""
    if isinstance(folder, SweepFolder):
        return sweep_report_html(folder)
    return report_html(folder, measured)
