"""Writing observed-beside-simulated rows (observed.json) and calibrations (calibration.json).

Both files are an object with a `schema_version` and a list of `rows` (sim.study.records),
the form `twohats report` reads: observed rows
{kpi, label, observed, simulated, low, high, distance, ...} and calibration rows
{parameter, best, low, high, score, points, ...}. The text tables are what the command
prints (and what calibration.txt holds); numbers read through sim/outputs/text.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sim.outputs.results import record_json
from sim.outputs.text import NOT_AVAILABLE, number
from sim.study.records import CalibrationRecord, ObservedRecord


def observed_json(rows: Sequence[dict[str, Any]]) -> bytes:
    return record_json(ObservedRecord, {"rows": list(rows)})


def calibration_json(rows: Sequence[dict[str, Any]]) -> bytes:
    return record_json(CalibrationRecord, {"rows": list(rows)})


def _relative(share: float | None) -> str:
    return NOT_AVAILABLE if share is None else f"{share * 100:+.0f}%"


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    """A plain fixed-width table: first column left, the others right-aligned."""
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    for cells in [header, *body]:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def observed_table(rows: Sequence[dict[str, Any]], title: str) -> str:
    """Observed beside simulated: one line per figure, the distance in the figure's units."""
    body = []
    for r in rows:
        kind = r["format"]
        interval = (
            NOT_AVAILABLE
            if r["simulated"] is None
            else f"{number(kind, r['low'])} to {number(kind, r['high'])}"
        )
        body.append(
            [
                r["label"],
                number(kind, r["observed"]),
                number(kind, r["simulated"]),
                interval,
                number(kind, r["distance"], signed=True),
                _relative(r["relative_distance"]),
            ]
        )
    header = ["Figure", "Observed", "Simulated", "95% CI", "Distance", "Relative"]
    day = rows[0]["day"] if rows else 0
    note = f"{title}: observed and simulated at the end of day {day}, {rows[0]['replications'] if rows else 0} replications"
    return note + "\n" + _table(header, body)


def _value(value: float | int) -> str:
    return f"{value:g}"


def calibration_table(row: dict[str, Any]) -> str:
    """The fit: every grid value's score, the best marked, then the best value and interval."""
    body = [
        [
            _value(p["value"]) + ("  <- best" if p["value"] == row["best"] else ""),
            f"{p['score']:.4f}",
            *[number(row["formats"][k], p["simulated"][k]) for k in row["observed"]],
        ]
        for p in row["points"]
    ]
    observed = [
        "observed",
        "",
        *[number(row["formats"][k], v) for k, v in row["observed"].items()],
    ]
    header = [row["parameter"], "score", *[row["short_labels"][k] for k in row["observed"]]]
    lines = [
        f"Calibration of {row['parameter']} over {_value(row['range'][0])}..{_value(row['range'][1])} "
        f"at day {row['day']}, {row['replications']} replications a value (seed {row['seed']})",
        _table(header, [*body, observed]),
        "",
        f"best value {_value(row['best'])} (95% interval {_value(row['low'])} to "
        f"{_value(row['high'])}), score {row['score']:.4f}",
    ]
    if not row["fits"]:
        lines.append(
            f"note: the best score is above {row['fit_threshold']:.1f}, the most one office's "
            "books should score if the model were right: no value in the range reproduces "
            "these figures; check the scenario's other assumptions before trusting the fit"
        )
    if row["at_edge"]:
        lines.append(
            "note: the best value is at an end of the searched range; widen the range to be sure"
        )
    return "\n".join(lines) + "\n"
