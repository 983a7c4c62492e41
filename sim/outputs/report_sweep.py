"""The parts of a sweep folder's report: the break-even sentence and table of each pair, its
charts and the command that reruns it."""

from __future__ import annotations

import base64

from sim.model.registry import registry
from sim.outputs.report_folder import SweepFolder, settings
from sim.outputs.report_pairs import _cell, _verdict
from sim.outputs.report_practice import _plain_value
from sim.outputs.text import NOT_AVAILABLE, number


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
