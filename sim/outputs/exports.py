"""CSV exports of a comparison: one row per option, and the paired differences.

For a spreadsheet: plain headers from the KPI registry (`sim/model/kpis.yaml`) with the unit,
numbers unformatted (no $ or %, shares as 0-1), blank where an option does not report a KPI.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.model.office import Replication
from sim.model.registry import registry
from sim.outputs.money import money_rows
from sim.outputs.tables import csv_bytes
from sim.study.sweep import Point


def export_kpis(summaries: dict) -> list[str]:
    """Registered KPIs any option reports, in registry order, then each person's shares."""
    reported = {k for s in summaries.values() for k in s}
    people = sorted(k for k in reported if k.startswith(("utilization.", "overtime_hours.")))
    return [k for k in registry().kpis if k in reported] + people


def _header(kpi: str) -> str:
    entry = registry().kpis.get(kpi)
    unit = f" ({entry.unit})" if entry is not None and entry.unit else ""
    return registry().label_of(kpi) + unit


def comparison_csv(record: dict) -> bytes:
    """comparison.csv: per option, each KPI's mean and 95% CI bounds."""
    summaries = record["kpis"]
    kpis = export_kpis(summaries)
    header: list[object] = ["option", "replications"]
    for kpi in kpis:
        name = _header(kpi)
        header += [f"{name}: mean", f"{name}: 95% CI low", f"{name}: 95% CI high"]
    money = _new_money_rows(record, kpis)
    for item in money:
        name = f"{item.label} ({item.unit})"
        header += [f"{name}: mean", f"{name}: 95% CI low", f"{name}: 95% CI high"]
    rows = [header]
    for option, summary in summaries.items():
        row: list[object] = [option, record["replications"]]
        for kpi in kpis:
            entry = summary.get(kpi)
            row += ["", "", ""] if entry is None else [entry["mean"], *entry["ci95"]]
        for item in money:
            entry = record["money"]["options"][option][item.key]
            row += [_blank(entry["mean"]), *(_blank(v) for v in entry["ci95"])]
        rows.append(row)
    return csv_bytes(rows)


def _new_money_rows(record: dict, kpis: list[str]) -> list:
    """The money table's rows that are not already KPI columns."""
    if "money" not in record:
        return []
    return [item for item in money_rows() if item.key not in kpis]


def _blank(value: object) -> object:
    """A CSV cell: empty for a value with no basis."""
    return "" if value is None else value


def differences_csv(record: dict) -> bytes:
    """differences.csv: one row per (comparison, KPI) with the paired mean difference and CI."""
    rows: list[list[object]] = [
        [
            "comparison",
            "kpi",
            "label",
            "mean difference",
            "95% CI low",
            "95% CI high",
            "distinguishable from 0",
        ]
    ]
    for label, diffs in record["differences"].items():
        for kpi in export_kpis(record["kpis"]):
            if kpi in diffs:
                d = diffs[kpi]
                yes = "yes" if d["distinguishable"] else "no"
                rows.append([label, kpi, _header(kpi), d["mean"], *d["ci95"], yes])
        for item in _new_money_rows(record, export_kpis(record["kpis"])):
            d = record["money"]["differences"][label][item.key]
            yes = "yes" if d["distinguishable"] else "no"
            cells = [_blank(d["mean"]), *(_blank(v) for v in d["ci95"])]
            rows.append([label, item.key, f"{item.label} ({item.unit})", *cells, yes])
    return csv_bytes(rows)


def sweep_wide_csv(analysis: dict, replications: int) -> bytes:
    """sweep_wide.csv: one row per grid point and option, each KPI's mean and 95% CI bounds.

    The tidy sweep.csv (one row per replication and KPI) stays for analysis tools; this one
    is for a spreadsheet, with the same plain headers as comparison.csv.
    """
    keys = analysis["keys"]
    kpis = export_kpis({i: s["kpis"] for i, s in enumerate(analysis["summaries"])})
    header: list[object] = ["option", *keys, "replications"]
    for kpi in kpis:
        name = _header(kpi)
        header += [f"{name}: mean", f"{name}: 95% CI low", f"{name}: 95% CI high"]
    rows = [header]
    for summary in analysis["summaries"]:
        row: list[object] = [summary["option"], *(summary["point"][k] for k in keys), replications]
        for kpi in kpis:
            entry = summary["kpis"].get(kpi)
            row += ["", "", ""] if entry is None else [entry["mean"], *entry["ci95"]]
        rows.append(row)
    return csv_bytes(rows)


def sweep_csv(points: Sequence[Point], results: Sequence[Sequence[Replication]]) -> bytes:
    """sweep.csv, tidy: one row per option, point, replication and KPI."""
    keys = [k for k, _v in points[0].settings]
    body = (
        [point.option, *(v for _k, v in point.settings), rep.replication, kpi, value]
        for point, reps in zip(points, results, strict=True)
        for rep in reps
        for kpi, value in rep.kpis.items()
    )
    return csv_bytes([["option", *keys, "replication", "kpi", "value"], *body])
