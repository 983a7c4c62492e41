"""The money rows and paired differences of a compare folder, and the plain-language reading
of each pair generated from those differences."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sim.model.registry import registry
from sim.outputs.money import NET
from sim.outputs.money import reading as money_reading
from sim.outputs.names import display_name
from sim.outputs.report_folder import Folder, settings
from sim.outputs.text import NOT_AVAILABLE, mean_ci, number
from sim.study.comparison import base_of


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
                "cells": [year_cell(years[n][index]["kpis"].get(row["key"]), row) for n in names],
            }
            for row in settings()["years"]
        ]
        clipped = any(cell["clipped"] for row in rows for cell in row["cells"])
        tables.append({"year": year["year"], "days": span, "rows": rows, "clipped": clipped})
    return tables


def year_cell(entry: dict | None, row: dict) -> dict:
    """A year table's cell: the mean and its 95% CI, the interval shown from zero (and marked
    `clipped`) where it reaches below zero for a figure the registry says cannot be negative:
    mean plus or minus t times the spread can, near zero, but a count or an amount cannot."""
    kpi = registry().kpis[row.get("kpi", row["key"])]
    clipped = False
    if entry is not None and entry.get("mean") is not None and not kpi.can_be_negative:
        low, high = entry["ci95"]
        if low is not None and low < 0:
            entry, clipped = {**entry, "ci95": [0.0, high]}, True
    return {**_figure_cell(entry, row["format"]), "clipped": clipped}


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


def _figure_cell(entry: dict | None, kind: str, signed: bool = False) -> dict:
    """A mean and its 95% CI apart, so a table can set the interval below the mean (the text
    still reads as `mean_ci` writes it)."""
    if entry is None or entry.get("mean") is None:
        return {"mean": NOT_AVAILABLE, "ci": ""}
    mean, _, interval = mean_ci(entry, kind, signed).partition(" (")
    return {"mean": mean, "ci": interval.removesuffix(")")}


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
