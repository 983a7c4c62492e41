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
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import functools
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from sim.model.registry import FORMATS, registry
from sim.outputs import draws_text
from sim.outputs.money import NET, unresolved_caution
from sim.outputs.money import reading as money_reading
from sim.outputs.names import display_name, site_data
from sim.outputs.results import ResultsError, marker_files, write_file
from sim.outputs.sweep_report import _intro as net_benefit_words  # the one definition
from sim.outputs.text import NOT_AVAILABLE, mean_ci, number
from sim.scenario import keys as scenario_keys
from sim.scenario.schema import Scenario
from sim.scenario.workload import (
    insurance_work_by_kind,
    person_loads,
    role_loads,
    unstaffed_roles,
    verdict,
    verdict_scale,
)
from sim.study import records, relative_sensitivity, sensitivity
from sim.study.comparison import base_of
from sim.study.records import (
    CalibrationRecord,
    ComparisonRecord,
    FitRecord,
    ObservedRecord,
    SweepRecord,
)

if TYPE_CHECKING:
    import jinja2

SETTINGS_FILE = Path(__file__).with_name("report.yaml")
TEMPLATES = Path(__file__).with_name("templates")
FIT = "fit.json"
"""The several-key fit `twohats calibrate` writes beside calibration.json: its verdict, figure
by figure, is the report's calibration verdict."""
RECORD = "comparison.json"
SWEEP_RECORD = "sweep.json"
OPTIONAL_TABLES: dict[str, type[ObservedRecord] | type[CalibrationRecord]] = {
    "observed.json": ObservedRecord,
    "calibration.json": CalibrationRecord,
}
"""Files another command may leave in a compare folder, with the record each holds."""
ROLE_WORDS = {
    "om": "office manager",
    "ic": "insurance coordinator",
    "verification": "eligibility checks",
    "billing_service": "outside billing",
}


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_CHART_BYTES = 5_000_000
"""Largest chart the report embeds; twohats' own charts are a few hundred kilobytes at most."""


class ReportError(Exception):
    """The folder cannot be reported on; the message names the file and what is wrong (exit 2)."""


def read_charts(folder: Path) -> dict[str, bytes]:
    """The charts twohats wrote in `folder`: the PNG names its marker lists, each a regular
    file in the folder (a link is not followed), a PNG by its signature, within the size cap.

    Any other file, whatever its name, is never read into a report (a page handed to a
    client must not carry a file that only sits beside the results)."""
    listed = marker_files(folder) or []
    charts = {}
    for name in sorted(n for n in listed if n.endswith(".png") and "/" not in n):
        path = folder / name
        if not path.exists() and not path.is_symlink():
            continue
        charts[name] = _chart_bytes(path)
    return charts


def _chart_bytes(path: Path) -> bytes:
    """The bytes of one listed chart, opened without following a link (so nothing can be
    swapped in between a check and the read), or ReportError saying why it is not one."""
    not_ours = "not a chart twohats wrote; rerun the study"
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError as exc:
        if path.is_symlink():
            raise ReportError(f"{path} is a link: {not_ours}") from None
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise ReportError(f"{path} is not a regular file: {not_ours}")
        content = file.read(MAX_CHART_BYTES + 1)
    if len(content) > MAX_CHART_BYTES:
        raise ReportError(f"{path} is larger than {MAX_CHART_BYTES // 1_000_000} MB: {not_ours}")
    if not content.startswith(PNG_SIGNATURE):
        raise ReportError(f"{path} is not a PNG image: {not_ours}")
    return content


@dataclass(frozen=True)
class Folder:
    """What a compare folder holds, read and checked."""

    path: Path
    record: dict
    scenarios: list[Scenario]
    charts: dict[str, bytes]
    optional: dict[str, list[dict]]
    fit: dict | None = None


@functools.cache
def settings() -> dict:
    """report.yaml: the money rows, chart captions, key assumptions and reading sentences."""
    return yaml.safe_load(SETTINGS_FILE.read_text(encoding="utf-8"))


def _read(kind: type[records.Record], path: Path) -> dict:
    """The file's record as this version of twohats writes it (sim.study.records), as data;
    ReportError naming the file and the field when it cannot be read or does not fit."""
    try:
        return records.as_data(records.read(kind, path))
    except records.RecordError as exc:
        raise ReportError(str(exc)) from None


def _scenarios(record: dict, path: Path) -> list[Scenario]:
    scenarios = []
    for n, raw in enumerate(record["scenarios"]):
        try:
            scenarios.append(Scenario.model_validate(raw))
        except ValidationError as exc:
            raise ReportError(f"{path} {records.not_this_version(exc, ('scenarios', n))}") from None
    names = [s.named for s in scenarios]
    if not names or set(names) != set(record["kpis"]):
        raise ReportError(f"{path}: the scenarios ({', '.join(names)}) do not match kpis")
    return scenarios


def _optional_rows(path: Path, kind: type[ObservedRecord] | type[CalibrationRecord]) -> list[dict]:
    """Rows of observed.json or calibration.json."""
    return _read(kind, path)["rows"]


CALIBRATION = "calibration.json"


def calibration_file(given: Path) -> Path:
    """calibration.json itself, or the one in a folder written by `twohats calibrate`."""
    found = given / CALIBRATION if given.is_dir() else given
    if not found.is_file():
        raise ReportError(f"{found} does not exist (give calibration.json or its folder)")
    return found


def read_folder(path: Path, calibration: Path | None = None) -> Folder:
    """Read a compare folder (and a calibration.json from elsewhere, when given); ReportError
    (naming the file) if something cannot be used."""
    if not path.is_dir():
        state = "is not a folder" if path.exists() else "does not exist"
        raise ReportError(f"{path} {state} (give a folder written by twohats compare)")
    record_path = path / RECORD
    if not record_path.is_file():
        run = (
            " (it holds summary.json: a run of one scenario; compare two)"
            if (path / "summary.json").is_file()
            else ""
        )
        raise ReportError(
            f"{path} has no {RECORD} or {SWEEP_RECORD}: not a folder written by twohats "
            f"compare or twohats sweep{run}"
        )
    record = _read(ComparisonRecord, record_path)
    scenarios = _scenarios(record, record_path)
    charts = read_charts(path)
    optional = {
        name: _optional_rows(path / name, kind)
        for name, kind in OPTIONAL_TABLES.items()
        if (path / name).is_file()
    }
    fit = _fit(path / FIT) if (path / FIT).is_file() else None
    if calibration is not None:
        found = calibration_file(calibration)
        optional[CALIBRATION] = _optional_rows(found, OPTIONAL_TABLES[CALIBRATION])
        beside = found.with_name(FIT)
        fit = _fit(beside) if beside.is_file() else None
    return Folder(path, record, scenarios, charts, optional, fit)


def _fit(path: Path) -> dict:
    """fit.json of a several-key calibration, whose verdict the report gives."""
    return _read(FitRecord, path)


def _percent(share: float) -> str:
    return f"{share * 100:.4g}%"


def _format(key: str) -> str:
    return registry().format_of(key)


def _money_label(row: dict, rate: float) -> str:
    return row["label"].format(rate=_percent(rate))


def _cell(entry: dict | None, kind: str, signed: bool = False) -> str:
    if entry is None or entry.get("mean") is None:
        return NOT_AVAILABLE
    return mean_ci(entry, kind, signed)


def _money_section(record: dict) -> dict | None:
    """The record's `money` section (each option's money, paired parts), if it has a usable one."""
    money = record.get("money")
    if not isinstance(money, dict):
        return None
    if not isinstance(money.get("options"), dict) or not isinstance(money.get("differences"), dict):
        return None
    return money


def _shown_money_rows(record: dict) -> list[dict]:
    with_money = _money_section(record) is not None
    return [r for r in settings()["money"] if not (with_money and r.get("without_money_only"))]


def _option_entry(record: dict, option: str, key: str) -> dict | None:
    """An option's money entry: from the `money` section, else from its KPIs."""
    money = _money_section(record)
    found = (money or {}).get("options", {}).get(option, {}).get(key)
    return found if isinstance(found, dict) else record["kpis"].get(option, {}).get(key)


def _difference_entry(record: dict, label: str, key: str) -> dict | None:
    money = _money_section(record)
    found = (money or {}).get("differences", {}).get(label, {}).get(key)
    return found if isinstance(found, dict) else record["differences"].get(label, {}).get(key)


def money_rows(folder: Folder) -> list[dict]:
    """Each money row some option reports: its label and each option's mean (95% CI)."""
    record, rate, rows = folder.record, _rate(folder), []
    for row in _shown_money_rows(record):
        entries = [_option_entry(record, s.named, row["key"]) for s in folder.scenarios]
        if all(e is None for e in entries):
            continue
        cells = [_figure_cell(e, row["format"]) for e in entries]
        rows.append({"label": _money_label(row, rate), "cells": cells})
    return rows


def opening_rows(folder: Folder) -> list[dict]:
    """What became of the opening books in each option; empty without opening books."""
    if not folder.scenarios[0].has_opening_books:
        return []
    record = folder.record
    return [
        {
            "label": row["label"],
            "cells": [
                _figure_cell(record["kpis"].get(s.name, {}).get(row["key"]), row["format"])
                for s in folder.scenarios
            ],
        }
        for row in settings()["opening_books"]
    ]


def year_tables(folder: Folder) -> list[dict]:
    """Each year of the horizon, one table: a row per figure, a column per option."""
    years = folder.record.get("years")
    if not isinstance(years, dict) or not years:
        return []
    names = [s.name for s in folder.scenarios if s.name in years]
    tables = []
    for index, year in enumerate(years[names[0]]):
        first, last = year["days"]
        start = folder.scenarios[0].opening.as_of
        span = (
            f"{_date(start, first)} to {_date(start, last)}"
            if start is not None
            else f"days {first} to {last}"
        )
        rows = [
            {
                "label": row["label"],
                "cells": [
                    _figure_cell(years[n][index]["kpis"].get(row["key"]), row["format"])
                    for n in names
                ],
            }
            for row in settings()["years"]
        ]
        tables.append({"year": year["year"], "days": span, "rows": rows})
    return tables


def _date(start: datetime.date, day: int) -> str:
    """The calendar date of a simulated day (day 0 is the books' as-of date): 3 Apr 2025."""
    when = start + datetime.timedelta(days=day)
    return f"{when.day} {when:%b %Y}"


def _rate(folder: Folder) -> float:
    return folder.scenarios[0].economics.late_cash_annual_rate_share


@dataclass(frozen=True)
class Pair:
    """One option against the current staffing, by the label of the record's paired
    differences; `option_name` and `base_name` are the display names the client reads."""

    option: str
    base: str
    option_name: str = ""
    base_name: str = ""

    @property
    def label(self) -> str:
        return f"{self.option} - {self.base}"


def display_names(folder: Folder) -> dict[str, str]:
    return {s.named: display_name(s) for s in folder.scenarios}


def pairs(folder: Folder) -> list[Pair]:
    """Every other option against the current staffing (marked `current: true`, else the
    first), where the record holds their paired differences."""
    base, shown = base_of(folder.scenarios), display_names(folder)
    return [
        Pair(s.named, base, shown[s.named], shown[base])
        for s in folder.scenarios
        if s.named != base and f"{s.named} - {base}" in folder.record["differences"]
    ]


def _verdict(entry: dict) -> str:
    """clear, not distinguishable, n/a, or none (zero in every replication, such as a fee
    neither option pays)."""
    if entry.get("mean") is None or None in (entry.get("ci95") or [None]):
        return "n/a"
    if entry["mean"] == 0 and list(entry["ci95"]) == [0, 0]:
        return "none"
    return "clear" if entry.get("distinguishable") else "not distinguishable"


def _difference_row(label: str, entry: dict, kind: str) -> dict:
    return {
        "label": label,
        "difference": _figure_cell(entry, kind, signed=True),
        "verdict": _verdict(entry),
    }


def carrying_difference(record: dict, pair: Pair) -> dict | None:
    """Without a `money` section: cash collected sooner, the negated paired difference in the
    cost of carrying insurance A/R at the scenario's rate."""
    if _money_section(record) is not None:
        return None
    entry = record["differences"].get(pair.label, {}).get(settings()["carrying"]["key"])
    if entry is None:
        return None
    mean, (low, high) = entry.get("mean"), entry.get("ci95") or (None, None)
    flip = [None if v is None else -v for v in (mean, high, low)]
    return {"mean": flip[0], "ci95": flip[1:], "distinguishable": entry.get("distinguishable")}


def _money_items(folder: Folder, pair: Pair) -> list[tuple[str, dict, str, bool | None]]:
    """(label, paired difference, format, higher is worse) of each money row, then the cash
    collected sooner when it is worked out here."""
    record, rate, items = folder.record, _rate(folder), []
    sooner = carrying_difference(record, pair)
    carrying = settings()["carrying"]["key"] if sooner is not None else None
    for row in _shown_money_rows(record):
        entry = _difference_entry(record, pair.label, row["key"])
        if entry is not None and row["key"] != carrying:
            items.append((_money_label(row, rate), entry, row["format"], row["higher_is_worse"]))
    if sooner is not None:
        label = settings()["carrying"]["label"].format(rate=_percent(rate))
        items.append((label, sooner, "usd", False))
    return items


def money_differences(folder: Folder, pair: Pair) -> list[dict]:
    """The money rows' paired differences with their 95% CIs."""
    return [_difference_row(label, e, kind) for label, e, kind, _ in _money_items(folder, pair)]


def reading_kpis(folder: Folder) -> list[str]:
    """The KPIs of the differences table: headline ones, then each person's utilisation."""
    keys = {k for s in folder.record["kpis"].values() for k in s}
    people = sorted(k for k in keys if k.startswith("utilization."))
    return [k for k in (*registry().headline, *people) if k in keys]


def kpi_differences(folder: Folder, pair: Pair) -> list[dict]:
    """The work and A/R KPIs' paired differences (money KPIs are in the money table)."""
    money_keys = {row["key"] for row in _shown_money_rows(folder.record)}
    rows = []
    for key in reading_kpis(folder):
        if key in money_keys:
            continue
        entry = folder.record["differences"][pair.label].get(key)
        if entry is not None:
            rows.append(_difference_row(registry().label_of(key), entry, _format(key)))
    return rows


def _direction(key: str) -> bool | None:
    kpi = registry().kpis.get(key)
    return None if kpi is None else kpi.higher_is_worse


def _side(pair: Pair, entry: dict, higher_is_worse: bool | None) -> str | None:
    """The option a clear difference favours (None when neither way is better)."""
    if higher_is_worse is None or entry["mean"] == 0:
        return None
    return pair.option_name if (entry["mean"] < 0) == higher_is_worse else pair.base_name


def _sentence(pair: Pair, label: str, entry: dict, kind: str) -> str:
    low, high = entry["ci95"]
    return settings()["reading"]["item"].format(
        label=label,
        option=pair.option_name,
        base=pair.base_name,
        difference=number(kind, entry["mean"], signed=True),
        low=number(kind, low, signed=True),
        high=number(kind, high, signed=True),
    )


def _grouped(pair: Pair, clear: list[tuple[str | None, str]]) -> list[dict]:
    """Clear differences under a heading each: in favour of the option, of the base, neither."""
    words = settings()["reading"]
    groups = []
    for side in (pair.option_name, pair.base_name, None):
        sentences = [s for favoured, s in clear if favoured == side]
        if sentences:
            title = words["in_favour"].format(side=side) if side else words["neutral"]
            groups.append({"title": title, "sentences": sentences})
    return groups


def _bottom_line(record: dict, pair: Pair) -> tuple[str, str]:
    """The break-even sentence and, when some of the window's claims were still open at the
    run-out's cap, the caution, from `sim.outputs.money.reading` (the same words as
    comparison.md)."""
    money = _money_section(record)
    parts = (money or {}).get("differences", {}).get(pair.label)
    if not isinstance(parts, dict) or not isinstance(parts.get(NET), dict):
        return "", ""
    sentence, *caution = money_reading(_shown_label(pair), parts)
    return sentence, " ".join(caution)


def _shown_label(pair: Pair) -> str:
    """'option - base' in display names, for the money sentences that split it at ' - '."""
    return f"{pair.option_name.replace(' - ', ' – ')} - {pair.base_name}"


def reading(folder: Folder, pair: Pair) -> dict:
    """What the differences say, in sentences: what is clear, what cannot be told apart, n/a."""
    words, diffs = settings()["reading"], folder.record["differences"][pair.label]
    money_keys = {row["key"] for row in _shown_money_rows(folder.record)}
    items = [
        (registry().label_of(k), diffs.get(k), _format(k), _direction(k))
        for k in reading_kpis(folder)
        if not k.startswith("utilization.") and k not in money_keys
    ]
    items += _money_items(folder, pair)
    clear, unclear, missing = [], [], []
    for label, entry, kind, worse in items:
        if entry is None:
            continue
        verdict_word = _verdict(entry)
        if verdict_word == "n/a":
            missing.append(label)
        elif verdict_word == "none":
            continue
        elif verdict_word == "clear":
            clear.append((_side(pair, entry, worse), _sentence(pair, label, entry, kind)))
        else:
            unclear.append(label)
    fill = {
        "option": pair.option_name,
        "base": pair.base_name,
        "replications": folder.record["replications"],
    }
    bottom_line, caution = _bottom_line(folder.record, pair)
    return {
        "bottom_line": bottom_line,
        "caution": caution,
        "groups": _grouped(pair, clear),
        "unclear": words["unclear"].format(labels="; ".join(unclear), **fill) if unclear else "",
        "missing": words["not_available"].format(labels="; ".join(missing)) if missing else "",
    }


def _hours(minutes: float) -> str:
    """Hours a day as `twohats check` prints them."""
    return f"{minutes / 60:.1f}"


def workload(scenario: Scenario) -> dict:
    """The workload check of one scenario, in the numbers `twohats check` prints."""
    roles = [
        {
            "role": ROLE_WORDS.get(role, role),
            "tasks": _hours(load.task_minutes),
            "interruptions": _hours(load.interruption_minutes),
            "total": _hours(load.total_minutes),
        }
        for role, load in role_loads(scenario).items()
    ]
    people = [
        {
            "name": load.name.replace("_", " "),
            "roles": ", ".join(ROLE_WORDS.get(r, r) for r in load.roles)
            + (
                f"; {ROLE_WORDS.get(load.overflow_from, load.overflow_from)} overflow"
                if load.overflow_from
                else ""
            ),
            "tasks": _hours(load.demand_minutes - load.interruption_minutes),
            "with_interruptions": _hours(load.demand_minutes),
            "paid": _hours(load.paid_minutes),
            "load": f"{load.share:.0%}",
            "verdict": verdict(load.share),
        }
        for load in person_loads(scenario)
    ]
    unstaffed = [ROLE_WORDS.get(r, r) for r in unstaffed_roles(scenario)]
    overloaded = [p["name"] for p in people if p["verdict"] == "cannot fit"]
    warning = ""
    if overloaded:
        warning = settings()["reading"]["workload_cannot_fit"].format(
            option=display_name(scenario), people=", ".join(overloaded)
        )
    kinds = [
        {"work": row.work, "hours": _hours(row.minutes), "share": f"{row.share:.0%}"}
        for row in insurance_work_by_kind(scenario)
    ]
    return {
        "name": display_name(scenario),
        "overloaded": overloaded,
        "roles": roles,
        "kinds": kinds,
        "people": people,
        "unstaffed": unstaffed,
        "warning": warning,
    }


def option(scenario: Scenario, base: str) -> dict:
    """An option in plain words: its display name, its description and who does what."""
    people = [
        {
            "name": p.name.replace("_", " "),
            "roles": ", ".join(ROLE_WORDS.get(r, r) for r in p.roles),
            "hours": f"{p.hours_per_day:g}",
            "wage": f"${p.hourly_cost_usd:,.2f}",
        }
        for p in scenario.staff
    ]
    return {
        "name": display_name(scenario),
        "current": scenario.name == base,
        "description": scenario.description,
        "people": people,
    }


def practice(scenario: Scenario) -> dict:
    """The client's practice as the current staffing's scenario describes it; its name is the
    scenario's `client` (never a file name)."""
    providers = [
        {"kind": g.kind, "count": g.count, "visits": f"{g.visits_per_day:g}"}
        for g in scenario.practice.providers
    ]
    booked = sum(g.count * g.visits_per_day for g in scenario.practice.providers)
    claims = scenario.opening.claims
    opening = None
    if claims:
        as_of = scenario.opening.as_of
        assert as_of is not None, "the schema requires opening.as_of with opening.claims"
        sent = [c for c in claims if c.sent_date is not None]
        opening = {
            "as_of": _date(as_of, 0),
            "claims": len(claims),
            "sent_usd": number("usd", sum(c.expected_usd for c in sent)),
            "unsent": len(claims) - len(sent),
            "unsent_usd": number("usd", sum(c.expected_usd for c in claims if c.sent_date is None)),
        }
    return {
        "name": scenario.client,
        "providers": providers,
        "booked": f"{booked:g}",
        "insured": f"{scenario.practice.insured_share:.0%}",
        "payers": len(scenario.payers),
        "horizon": scenario.horizon_days,
        "opening": opening,
    }


def subtitle(current: Scenario, options: int) -> str:
    """The line under the title: the practice (its name, providers and booked visits) and what
    is compared, never one option's own description."""
    counts: dict[str, int] = {}
    for group in current.practice.providers:
        counts[group.kind] = counts.get(group.kind, 0) + group.count
    providers = [f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in counts.items() if n]
    booked = sum(g.count * g.visits_per_day for g in current.practice.providers)
    return settings()["subtitle"].format(
        practice=current.client or settings()["no_client"],
        providers=_listed(providers) if providers else settings()["no_providers"],
        booked=f"{booked:g}",
        others=settings()["other_options"][min(options - 1, 2)].format(count=options - 1),
        current=display_name(current),
    )


def _plain_value(value: object) -> str:
    """A scenario value in words: a distribution as `triangular: min 2, mode 4, max 8`."""
    if isinstance(value, dict):
        kind = value.get("dist")
        parts = ", ".join(f"{k} {_plain_value(v)}" for k, v in value.items() if k != "dist")
        return f"{kind}: {parts}" if kind else parts
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _unit_words(path: str, value: float) -> str:
    """A number in the unit its key names: 8% for a share, $34.00 for dollars, 12 days."""
    if path.endswith("_share"):
        return f"{value * 100:.3g}%"
    if path.endswith("_usd"):
        return f"${value:,.2f}" if value < 1000 else number("usd", value)
    for suffix, unit in (("_days", "days"), ("_minutes", "minutes"), ("_per_hour", "an hour")):
        if path.endswith(suffix):
            return f"{value:g} {unit}"
    return f"{value:g}"


def _value_words(path: str, value: object) -> str:
    """A scenario value in words, in its unit: a distribution as 'usually 4 minutes (2 to 8)'."""
    if isinstance(value, dict):
        kind = value.get("dist")
        give = {k: _unit_words(path, v) for k, v in value.items() if isinstance(v, int | float)}
        words = settings()["distribution_words"]
        if kind in words:
            return words[kind].format(**give)
        return _plain_value(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _unit_words(path, value)
    return _plain_value(value)


def _value_in_words(data: object, path: str) -> list[str]:
    """The scenario's value at an assumptions key in words; one line a payer or a person for
    a `payers[].x` or `staff[].x` key (the keys module walks the path)."""
    spots = scenario_keys.locate(data, path, missing_ok=True)
    last = path.rsplit(".", 1)[-1]
    if all(isinstance(step, scenario_keys.Name) for step in scenario_keys.parse(path)):
        return [_value_words(path, spot.value) for spot in spots[:1]]
    return [
        f"{spot.label.replace('_', ' ')}: {_value_words(last, spot.value)}"
        for spot in spots
        if spot.value is not None
    ]


def assumptions(scenario: Scenario) -> list[dict]:
    """The assumptions that may move the results most, in words: what each is, the
    scenario's value in its unit, the range it is tried over, how to pin it down, its basis
    and the titles of its sources (from the site's data), in report.yaml's order."""
    basis, sources = site_data("assumptions"), site_data("sources")
    data = scenario.model_dump(mode="json", by_alias=True)
    rows = []
    for item in settings()["assumptions"]:
        key = item["key"]
        entry = basis.get(key)
        if not isinstance(entry, dict):
            continue
        cited = [sources.get(s, {}) for s in entry.get("sources", [])]
        rows.append(
            {
                "key": key,
                "words": item["words"],
                "value": _value_in_words(data, key),
                "range": _range_words(data, key, item["range"]),
                "why": item["why"],
                "measure": item.get("measure", ""),
                "known": item.get("known", ""),
                "basis": entry.get("basis", ""),
                "text": " ".join(str(entry.get("text", "")).split()),
                "sources": [s.get("title", "") for s in cited if s.get("title")],
            }
        )
    return rows


def _range_words(data: object, key: str, factors: Sequence[float]) -> str:
    """The range an input is tried over: in its unit for one number, else as multiples."""
    words = settings()["measured"]
    low, high = (f"{f:g}" for f in factors)
    spots = scenario_keys.locate(data, key, missing_ok=True)
    value = spots[0].value if len(spots) == 1 else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return words["range_factors"].format(low_factor=low, high_factor=high)
    return words["range_values"].format(
        low=_unit_words(key, value * factors[0]),
        high=_unit_words(key, value * factors[1]),
        low_factor=low,
        high_factor=high,
        value_used=_unit_words(key, value),
    )


def sensitivity_plan(folder: Folder) -> tuple[list[Scenario], sensitivity.Inputs] | None:
    """What the assumptions section measures: the net benefit of the option page one rests
    on over the current staffing, with report.yaml's inputs as multiples of their own values
    (None when the comparison holds no net to measure)."""
    found = _choice(folder, pairs(folder))
    if found is None:
        return None
    pair = found[1]
    by_name = {s.name: s for s in folder.scenarios}
    ranges = {a["key"]: tuple(a["range"]) for a in settings()["assumptions"]}
    return [by_name[pair.option], by_name[pair.base]], relative_sensitivity.inputs(ranges)


def sensitivity_design() -> dict:
    """The Morris design of the assumptions section (trajectories and levels)."""
    return dict(settings()["sensitivity"])


def assumption_section(folder: Folder, measured: dict | None) -> dict:
    """The assumptions that matter most: ranked by their measured effect on the net benefit
    of the option page one rests on over the current staffing, with what to measure first;
    unranked, and saying why, when nothing was measured."""
    words, base = settings()["measured"], base_of(folder.scenarios)
    current = next(s for s in folder.scenarios if s.name == base)
    rows = assumptions(current)
    if measured is None:
        reason = "no_pair" if sensitivity_plan(folder) is None else "skipped"
        return {"rows": rows, "measured": False, "sentences": [words[reason]], "advice": []}
    shown = display_names(folder)
    option, other = (shown[name] for name in measured["options"])
    effects = {r["key"]: r for r in measured["inputs"]}
    rows = [row for row in rows if row["key"] in effects]
    for row in rows:
        effect = effects[row["key"]]
        row["rank"] = effect["rank"]
        row["effect"] = number("usd", effect["mu_star_usd"])
        row["interval"] = "\u00b1" + number("usd", effect["mu_star_conf_usd"])
        row["clear"] = effect["beyond_noise"]
        row["direction"] = _leaning(effect, option, other)
        if not row["clear"]:
            row["direction"] += "; " + words["within_noise"]
    rows.sort(key=lambda row: row["rank"])
    fill = {
        "option": option,
        "current": other,
        "days": current.horizon_days,
        **{k: measured[k] for k in ("settings", "trajectories", "replications", "seed")},
    }
    low, high = measured["benefit_low_usd"], measured["benefit_high_usd"]
    sentences = [
        words["intro"].format(**fill),
        words["span"].format(
            low=number("usd", low, signed=True), high=number("usd", high, signed=True), **fill
        ),
        words["turns" if low < 0 < high else "holds"],
    ]
    return {"rows": rows, "measured": True, "sentences": sentences, "advice": _advice(rows, fill)}


def _leaning(effect: dict, option: str, other: str) -> str:
    """Which option a higher value favours, when the effects mostly lean one way."""
    words, lean = settings()["measured"], effect["mu_usd"] or 0.0
    if abs(lean) < 0.5 * (effect["mu_star_usd"] or 0.0) or lean == 0:
        return words["mixed"]
    return words["higher"].format(name=option if lean > 0 else other)


def _advice(rows: list[dict], fill: dict) -> list[str]:
    """What to measure in the office first: the input that can be measured there and moves
    the answer most beyond chance; first a word on a larger input that is known, not measured."""
    words = settings()["measured"]
    clear = [row for row in rows if row["clear"]]
    measurable = [row for row in rows if row["measure"]]
    advice = []
    if clear and not clear[0]["measure"]:
        top = clear[0]
        value = "; ".join(top["value"])
        advice.append(
            words["known_first"].format(words=top["words"], known=top["known"], value=value)
        )
    chosen = next((row for row in clear if row["measure"]), None)
    if chosen is not None:
        effect = f"{chosen['effect']} ({chosen['interval']})"
        how = _lower_first(chosen["measure"])
        advice.append(words["first"].format(words=chosen["words"], how=how, effect=effect))
    elif measurable:
        top = measurable[0]
        how = _lower_first(top["measure"])
        advice.append(words["none_clear"].format(words=top["words"], how=how, **fill))
    return advice


def _lower_first(text: str) -> str:
    return (text[:1].lower() + text[1:]).rstrip(".")


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


def _day(rows: list[dict] | None) -> int | None:
    """The simulated day the observed figures are set beside, when every row gives the same."""
    days = {r.get("day") for r in rows or []}
    return days.pop() if len(days) == 1 and isinstance(next(iter(days)), int) else None


def _kind(row: dict) -> str:
    """A row's number format: its own `format` if it is one the registry knows, else the KPI's."""
    given = row.get("format")
    return given if given in FORMATS else registry().format_of(str(row.get("kpi", "")))


def _observed_rows(rows: list[dict], base: str) -> list[dict]:
    """observed.json's rows for the table: each figure observed and simulated, in its format,
    for the current staffing only (the other options are offices that do not exist yet, so
    the books say nothing about them)."""
    shown = []
    for row in rows:
        if row.get("option") not in (None, "", base):
            continue
        kind = _kind(row)
        shown.append(
            {
                "option": str(row.get("option", "")),
                "label": str(row.get("label") or registry().label_of(str(row["kpi"]))),
                "observed": _number_or_text(kind, row.get("observed")),
                "simulated": _number_or_text(kind, row.get("simulated")),
                "interval": _interval(kind, row.get("low"), row.get("high")),
                "distance": _number_or_text(kind, row.get("distance"), signed=True),
            }
        )
    return shown


def _number_or_text(kind: str, value: object, signed: bool = False) -> str:
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if kind:
        return number(kind, float(value), signed)
    return f"{value:.4g}"


def _interval(kind: str, low: object, high: object) -> str:
    if low is None or high is None:
        return NOT_AVAILABLE
    return f"{_number_or_text(kind, low)} to {_number_or_text(kind, high)}"


CALIBRATION_COLUMNS = {
    "score": "score",
    "fit_threshold": "fits below",
    "day": "at day",
    "replications": "reps a value",
}
"""Scalar keys of a calibration row shown beside the best value, when present."""


def _searched(row: dict) -> str:
    span = row.get("range")
    if isinstance(span, list) and len(span) == 2:
        return _interval("", span[0], span[1])
    return NOT_AVAILABLE


def _calibration_rows(rows: list[dict]) -> dict:
    """calibration.json's rows: the input, the best value and its interval, the fit's score."""
    columns = [c for c in CALIBRATION_COLUMNS if any(c in r for r in rows)]
    body = [
        {
            "parameter": str(r["parameter"]),
            "best": _number_or_text("", r["best"]),
            "interval": _interval("", r.get("low"), r.get("high")),
            "searched": _searched(r),
            "cells": [_number_or_text("", r.get(c)) if c in r else "" for c in columns],
            "at_edge": r.get("at_edge") is True,
            "fits": r.get("fits") is not False,
            "method": str(r.get("method", "")),
        }
        for r in rows
    ]
    joint = None
    methods = {row["method"] for row in body}
    if len(body) > 1 and len(methods) == 1 and methods != {""}:
        # One fit of several keys at once: its verdict and method are said once, not per key.
        joint = {"fits": all(row["fits"] for row in body), "method": methods.pop()}
        for row in body:
            row["fits"], row["method"] = True, ""
    return {"columns": [CALIBRATION_COLUMNS[c] for c in columns], "rows": body, "joint": joint}


def _figure_value(figure: dict, key: str) -> str:
    value = figure.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        return NOT_AVAILABLE
    kind = figure.get("format") if figure.get("format") in FORMATS else ""
    if kind == "count" and float(value).is_integer():
        return f"{int(value):,}"  # a count on the books is whole
    return number(kind, float(value)) if kind else f"{value:,.4g}"


def calibration_verdict(folder: Folder) -> dict | None:
    """Whether the model reproduces the practice's books, for page one: the figures no setting
    reproduces named first, then the verdict and what it means for trusting the rest. From
    fit.json when the calibration fitted several keys at once, else from calibration.json."""
    words = settings()["verdict"]
    if folder.fit is not None:
        fit = folder.fit
        lost = [
            words["lost"].format(
                label=f["label"],
                observed=_figure_value(f, "observed"),
                closest=_figure_value(f, "closest_emulated"),
            )
            for f in fit["figures"]
            if f["reproduced"] is False
        ]
        fits = fit["fits"] and not lost
        keys = [
            words["key"].format(
                key=p["key"],
                median=_plain_value(p["median"]),
                low=_plain_value(p["low"]),
                high=_plain_value(p["high"]),
            )
            for p in fit["parameters"]
            if isinstance(p, dict) and "median" in p
        ]
        day = fit.get("day")
    else:
        rows = folder.optional.get(CALIBRATION)
        if not rows:
            return None
        lost = [
            words["no_value"].format(key=r["parameter"], searched=_searched(r))
            for r in rows
            if r.get("fits") is False
        ]
        fits = not lost
        keys = [
            words["key"].format(
                key=r["parameter"],
                median=_plain_value(r["best"]),
                low=_plain_value(r.get("low")),
                high=_plain_value(r.get("high")),
            )
            for r in rows
        ]
        day = rows[0].get("day")
    when = words["day"].format(day=day) if isinstance(day, int) else ""
    return {
        "fits": fits,
        "headline": (words["fits"] if fits else words["does_not_fit"]).format(when=when),
        "lost": lost,
        "keys": keys,
        "meaning": words["trust"] if fits else words["distrust"],
    }


def _figure_cell(entry: dict | None, kind: str, signed: bool = False) -> dict:
    """A mean and its 95% CI apart, so a table can set the interval below the mean (the text
    still reads as `mean_ci` writes it)."""
    if entry is None or entry.get("mean") is None:
        return {"mean": NOT_AVAILABLE, "ci": ""}
    mean, _, interval = mean_ci(entry, kind, signed).partition(" (")
    return {"mean": mean, "ci": interval.removesuffix(")")}


def unchecked_verdict() -> dict:
    """Page one's verdict when no calibration was given: the model is not shown to look like
    the office, so it is read as one that does not fit."""
    words = settings()["verdict"]
    return {
        "fits": False,
        "headline": words["unchecked"],
        "lost": [],
        "keys": [],
        "meaning": words["unchecked_meaning"],
    }


def page_one_figures(trusted: bool) -> list[dict]:
    """The figures of page one's table: the money when the model reproduces the books, else
    the operating figures its direction is read from."""
    return settings()["answer"]["figures" if trusted else "operating"]


def _answer_rows(folder: Folder, found: list[Pair], figures: list[dict]) -> list[dict]:
    """Page one's table: the current staffing's figures, then each option's difference from it."""
    record, base = folder.record, base_of(folder.scenarios)
    shown = display_names(folder)
    rows = [
        {
            "name": shown[base],
            "current": True,
            "cells": [
                {
                    **_figure_cell(_option_entry(record, base, f["key"]), f["format"]),
                    "verdict": "",
                    "better": False,
                    "worse": False,
                }
                for f in figures
            ],
        }
    ]
    for pair in found:
        cells = []
        for f in figures:
            entry = _difference_entry(record, pair.label, f["key"])
            cell = _figure_cell(entry, f["format"], signed=True)
            cell["verdict"] = "n/a" if entry is None else _verdict(entry)
            clear = cell["verdict"] == "clear"  # "n/a" when there is no entry
            side = _side(pair, entry, f["higher_is_worse"]) if entry is not None and clear else None
            cell["better"] = side == pair.option_name
            cell["worse"] = side == pair.base_name
            cells.append(cell)
        rows.append({"name": pair.option_name, "current": False, "cells": cells})
    return rows


def _choice(folder: Folder, found: list[Pair]) -> tuple[str, Pair, dict] | None:
    """The advice of page one (better, unclear or keep) and the option pair it rests on, from
    each option's paired net against the current staffing; None without a net to go on."""
    nets: list[tuple[Pair, dict]] = []
    for p in found:
        e = _difference_entry(folder.record, p.label, NET)
        if e and e.get("mean") is not None and e.get("ci95"):
            nets.append((p, e))
    if not nets:
        return None
    better = [(p, e) for p, e in nets if e.get("distinguishable") and e["mean"] > 0]
    unclear = [(p, e) for p, e in nets if not e.get("distinguishable")]
    advice, among = (
        ("better", better) if better else ("unclear", unclear) if unclear else ("keep", nets)
    )
    pair, entry = max(among, key=lambda item: item[1]["mean"])
    return advice, pair, entry


def _operating_sides(folder: Folder, pair: Pair) -> tuple[list[str], list[str]]:
    """The operating figures on which an option is clearly better, and clearly worse, than the
    current staffing (paired differences whose 95% CI leaves out zero)."""
    better, worse = [], []
    for f in settings()["answer"]["operating"]:
        entry = _difference_entry(folder.record, pair.label, f["key"])
        if entry is None or _verdict(entry) != "clear":
            continue
        side = _side(pair, entry, f["higher_is_worse"])
        if side == pair.option_name:
            better.append(_lower_first(f["label"]))
        elif side == pair.base_name:
            worse.append(_lower_first(f["label"]))
    return better, worse


def direction(folder: Folder, found: list[Pair]) -> dict:
    """Page one's answer when the model is not shown to reproduce the books: the option that
    runs the office better on the operating figures (most clearly better less clearly worse),
    with no dollar figure, and a workload that does not fit in it said beside."""
    words, record = settings()["answer"], folder.record
    base = display_names(folder)[base_of(folder.scenarios)]
    scored = [(p, *_operating_sides(folder, p)) for p in found]
    scored = [(p, better, worse) for p, better, worse in scored if len(better) > len(worse)]
    if not scored:
        sentence = words["no_direction"].format(current=base, replications=record["replications"])
        return {"sentence": sentence, "cautions": [], "why": words["direction_why"]}

    def score(item: tuple[Pair, list[str], list[str]]) -> tuple[int, int]:
        return len(item[1]) - len(item[2]), len(item[1])

    top = [item for item in scored if score(item) == max(map(score, scored))]
    sentences, cautions = [], []
    for pair, better, worse in top:  # options equally far ahead are each named
        sentences.append(
            words["direction"].format(
                option=pair.option_name,
                current=base,
                better=_listed(better)
                if len(better) < len(words["operating"])
                else words["direction_all"].format(count=len(better)),
                worse=words["direction_worse"].format(worse=_listed(worse)) if worse else "",
            )
        )
        load = workload(next(s for s in folder.scenarios if s.name == pair.option))
        if load["overloaded"]:
            people = ", ".join(load["overloaded"])
            cautions.append(words["overloaded"].format(option=load["name"], people=people))
    return {"sentence": " ".join(sentences), "cautions": cautions, "why": words["direction_why"]}


def _listed(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def books_check(folder: Folder) -> str:
    """The insurance the current staffing collects as simulated beside the practice's books'
    last 30 days (observed.json), and its month on average over the horizon: a check on the
    money a reader can make without the model. Empty when the books do not give it."""
    words, record = settings()["answer"], folder.record
    base = base_of(folder.scenarios)
    row = next(
        (
            r
            for r in folder.optional.get("observed.json") or []
            if r.get("key") == "observed.insurance_collected_per_month_usd"
            and r.get("option") in (None, "", base)
        ),
        None,
    )
    if row is None:
        return ""
    observed, simulated = row.get("observed"), row.get("simulated")
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (observed, simulated)
    ):
        return ""
    gap = (simulated - observed) / observed if observed else None
    gap_words = (
        "no books figure to set it against"
        if gap is None
        else f"{abs(gap):.0%} {'more' if gap > 0 else 'less'}"
        if round(gap, 2)
        else "about the same"
    )
    days = folder.scenarios[0].horizon_days
    year = (record["kpis"].get(base, {}).get("collected_usd") or {}).get("mean")
    average = ""
    if isinstance(year, int | float) and days:
        average = words["books_average"].format(
            days=days, per_month=number("usd", year / days * 30)
        )
    return words["books_check"].format(
        current=display_names(folder)[base],
        simulated=number("usd", simulated),
        observed=number("usd", observed),
        day=row.get("day", 0),
        gap=gap_words,
        average=average,
    )


def recommendation(folder: Folder, found: list[Pair]) -> dict:
    """The answer in a sentence, from each option's paired net against the current staffing,
    with what could undercut it: a workload that does not fit, claims still open at the end.
    Only for a model that reproduces the books; otherwise `direction` answers."""
    words, record = settings()["answer"], folder.record
    base = display_names(folder)[base_of(folder.scenarios)]
    fill = {"current": base, "days": folder.scenarios[0].horizon_days}
    fill["replications"] = record["replications"]
    found_choice = _choice(folder, found)
    if found_choice is None:
        return {"sentence": words["no_money"].format(**fill), "cautions": []}
    advice, pair, entry = found_choice
    template = words[advice]
    chosen = pair.option if advice == "better" else base_of(folder.scenarios)
    low, high = entry["ci95"]
    sentence = template.format(
        option=pair.option_name,
        amount=number("usd", abs(entry["mean"])),
        difference=number("usd", entry["mean"], signed=True),
        low=number("usd", low, signed=True),
        high=number("usd", high, signed=True),
        **fill,
    )
    cautions = []
    chosen_scenario = next(s for s in folder.scenarios if s.name == chosen)
    load = workload(chosen_scenario)
    if load["overloaded"]:
        cautions.append(
            words["overloaded"].format(option=load["name"], people=", ".join(load["overloaded"]))
        )
    parts = (_money_section(record) or {}).get("differences", {}).get(pair.label)
    caution = unresolved_caution(_shown_label(pair), parts) if isinstance(parts, dict) else None
    if caution:
        cautions.append(caution)
    return {"sentence": sentence, "cautions": cautions}


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
        "assumptions": assumption_section(folder, measured),
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


@dataclass(frozen=True)
class SweepFolder:
    """What a sweep folder holds, read and checked."""

    path: Path
    record: dict
    charts: dict[str, bytes]


def read_sweep_folder(path: Path) -> SweepFolder:
    """Read a sweep folder's sweep.json; ReportError (naming the file) if it cannot be used."""
    record = _read(SweepRecord, path / SWEEP_RECORD)
    charts = read_charts(path)
    return SweepFolder(path, record, charts)


def read_any(path: Path, calibration: Path | None = None) -> Folder | SweepFolder:
    """A compare folder, or a sweep folder when it holds sweep.json and no comparison.json."""
    if path.is_dir() and not (path / RECORD).is_file() and (path / SWEEP_RECORD).is_file():
        if calibration is not None:
            raise ReportError("--calibration goes with a compare folder, not a sweep folder")
        return read_sweep_folder(path)
    return read_folder(path, calibration)


def _point_words(point: dict) -> str:
    return ", ".join(f"{k} = {_plain_value(v)}" for k, v in point.items())


def _break_even_sentence(record: dict, first: str, found: dict) -> str:
    words, key = settings()["sweep"], record["keys"][0]
    given = _point_words(found.get("given") or {})
    fill = {"given": f"With {given}, " if given else "", "first": first, "key": key}
    net = found.get("net_benefit_usd")
    if found.get("value") is None or not isinstance(net, dict):
        return words["not_found"].format(**fill).capitalize()
    low, high = net["ci95"]
    sure = (
        "distinguishable from 0" if net.get("distinguishable") else "not yet distinguishable from 0"
    )
    sentence = words["found"].format(
        value=_plain_value(found["value"]),
        net=number("usd", net["mean"], signed=True),
        low=number("usd", low, signed=True),
        high=number("usd", high, signed=True),
        sure=sure,
        **fill,
    )
    return sentence[0].upper() + sentence[1:]


def _sweep_pair(record: dict, label: str, pair: dict) -> dict:
    """One option pair of a sweep: break-even sentences and the per-point parts."""
    first = record["options"][0]
    parts = [p for p in settings()["sweep"]["parts"] if any(p["key"] in r for r in pair["points"])]
    net_key = settings()["sweep"]["net"]
    rows = []
    for row in pair["points"]:
        cells = []
        for part in parts:
            entry = row.get(part["key"])
            if not isinstance(entry, dict):
                cells.append(NOT_AVAILABLE)
            elif part["key"] == net_key:
                cells.append(_cell(entry, "usd", signed=True))
            else:
                cells.append(number("usd", entry.get("mean"), signed=True))
        net = row.get(net_key)
        verdict_word = _verdict(net) if isinstance(net, dict) else "n/a"
        rows.append(
            {"point": _point_words(row.get("point", {})), "cells": cells, "verdict": verdict_word}
        )
    sentences = [_break_even_sentence(record, first, f) for f in pair.get("break_even", [])]
    return {
        "label": label.replace(" vs ", " against "),
        "sentences": sentences,
        "columns": [p["label"] for p in parts],
        "rows": rows,
    }


def _sweep_charts(folder: SweepFolder) -> list[dict]:
    words, record = settings()["sweep"]["charts"], folder.record
    fill = {"first": record["options"][0], "key": record["keys"][0]}
    shown = []
    ranked = sorted(folder.charts, key=lambda n: (n not in words, n))
    for name in ranked:
        content = folder.charts[name]
        if name in words:
            caption = words[name].format(**fill)
        else:
            label = registry().label_of(name.removesuffix(".png"))
            caption = words["kpi.png"].format(label=label, **fill)
        uri = "data:image/png;base64," + base64.b64encode(content).decode("ascii")
        shown.append({"caption": caption, "uri": uri})
    return shown


def _sweep_command(record: dict) -> str:
    values: dict[str, list[str]] = {key: [] for key in record["keys"]}
    for summary in record.get("summaries", []):
        for key, value in (summary.get("point") or {}).items():
            text = _plain_value(value)
            if key in values and text not in values[key]:
                values[key].append(text)
    files = " ".join(f"{name}.yaml" for name in record["options"])
    vary = " ".join(f"--vary {key}={','.join(v)}" for key, v in values.items())
    rate = _plain_value(float(record["late_cash_annual_rate"]))
    return (
        f"twohats sweep {files} {vary} --reps {record['replications']} --seed {record['seed']} "
        f"--late-cash-rate {rate}"
    )


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
