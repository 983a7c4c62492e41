"""Observed rows beside the simulated ones, and the calibration verdict: how far the
report's figures can be trusted against the practice's own books."""

from __future__ import annotations

from sim.model.registry import FORMATS, registry
from sim.outputs.fit_text import unconfirmed_distance
from sim.outputs.report_folder import CALIBRATION, Folder, settings
from sim.outputs.report_pairs import display_names
from sim.outputs.report_practice import _plain_value
from sim.outputs.text import NOT_AVAILABLE, number
from sim.study.comparison import base_of


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
        distance = unconfirmed_distance(fit)
        if distance is not None:
            lost.append(
                words["unconfirmed"].format(cutoff=f"{fit['cutoff']:g}", distance=f"{distance:.1f}")
            )
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
        "meaning": _meaning(words, fits, folder.record.get("calibration")),
    }


def _meaning(words: dict, fits: bool, drawn: dict | None) -> str:
    """What a fit means for the money's ranges: over drawn offices (compare --calibration)
    they carry what the books leave open; over one office, chance only."""
    if not fits:
        return words["distrust"]
    if drawn:
        return words["trust_drawn"].format(draws=drawn["draws"])
    return words["trust"]


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
