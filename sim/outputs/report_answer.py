"""Page one of the report: the answer table, the direction the differences point, and the
recommendation."""

from __future__ import annotations

from sim.outputs.money import unresolved_caution
from sim.outputs.report_folder import Folder, settings
from sim.outputs.report_pairs import (
    Pair,
    _choice,
    _difference_entry,
    _figure_cell,
    _money_section,
    _option_entry,
    _shown_label,
    _side,
    _verdict,
    display_names,
)
from sim.outputs.report_practice import _listed, _lower_first, workload
from sim.outputs.text import number
from sim.study.comparison import base_of


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
