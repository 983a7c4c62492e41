"""CSV exports of a comparison: one row per option, and the paired differences.

For a spreadsheet: plain headers from the KPI registry (`sim/model/kpis.yaml`) with the unit,
numbers unformatted (no $ or %, shares as 0-1), blank where an option does not report a KPI.
"""

from __future__ import annotations

import csv
import io

from sim.model.registry import registry


def export_kpis(summaries: dict) -> list[str]:
    """Registered KPIs any option reports, in registry order, then each person's shares."""
    reported = {k for s in summaries.values() for k in s}
    people = sorted(k for k in reported if k.startswith(("utilization.", "overtime_hours.")))
    return [k for k in registry().kpis if k in reported] + people


def _header(kpi: str) -> str:
    entry = registry().kpis.get(kpi)
    unit = f" ({entry.unit})" if entry is not None and entry.unit else ""
    return registry().label_of(kpi) + unit


def _text(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def comparison_csv(record: dict) -> bytes:
    """comparison.csv: per option, each KPI's mean and 95% CI bounds."""
    summaries = record["kpis"]
    kpis = export_kpis(summaries)
    header: list[object] = ["option", "replications"]
    for kpi in kpis:
        name = _header(kpi)
        header += [f"{name}: mean", f"{name}: 95% CI low", f"{name}: 95% CI high"]
    rows = [header]
    for option, summary in summaries.items():
        row: list[object] = [option, record["replications"]]
        for kpi in kpis:
            entry = summary.get(kpi)
            row += ["", "", ""] if entry is None else [entry["mean"], *entry["ci95"]]
        rows.append(row)
    return _text(rows)


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
    return _text(rows)
