"""The several-key fit as text for the terminal and fit.txt, and its accepted sample as CSV.

A figure that no setting reproduces comes first: it says the fitted keys cannot explain the
books, so nothing below it should be trusted until another input is corrected.
"""

from __future__ import annotations

from typing import Any

from sim.outputs.tables import csv_bytes


def _figure(value: float | None, form: str) -> str:
    if value is None:
        return "n/a"
    if form == "usd":
        return f"${value:,.0f}"
    if form == "share":
        return f"{value * 100:.1f}%"
    return f"{value:,.1f}"


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4g}"


def _state(reproduced: bool | None) -> str:
    if reproduced is None:
        return "not measured (too few runs had a basis for it)"
    return "reproduced" if reproduced else "NOT REPRODUCED"


def verdict(row: dict[str, Any]) -> list[str]:
    """The lines that say whether anything fits, the figures nothing reproduces first."""
    lost = [f for f in row["figures"] if f["reproduced"] is False]
    lines = []
    if lost:
        named = "; ".join(
            f"{f['label']} ({_figure(f['observed'], f['format'])} observed, closest "
            f"{_figure(f['closest_emulated'], f['format'])})"
            for f in lost
        )
        lines.append(
            f"NOT REPRODUCED by any setting in the ranges: {named}. The fitted keys cannot "
            "explain these figures: another input (volumes, fees, payers, the opening claims) "
            "is off, and the fitted values below should not be trusted until it is corrected."
        )
    if row["fits"]:
        lines.append(
            f"FITS: {row['accepted']:,} of {row['candidates']:,} settings tried reproduce "
            f"every figure at once (no figure more than {row['cutoff']:g} of one office's "
            "spread plus the emulator's uncertainty away)."
        )
        warning = unconfirmed(row)
        if warning:
            lines.append(warning)
    elif not lost:
        lines.append(
            "DOES NOT FIT: each figure alone is reproduced by some setting, but no setting "
            "reproduces all of them at once; the figures pull the keys apart, so another input "
            "is off."
        )
    else:
        lines.append("DOES NOT FIT: no setting reproduces every figure at once.")
    asked = row.get("waves_asked", row["waves"])
    if not row["fits"] and row["waves"] < asked:
        lines.append(
            f"Stopped after wave {row['waves']} of {asked}: no setting was accepted, so a "
            "later wave had none to start from."
        )
    return lines


def closest_run(row: dict[str, Any]) -> list[str]:
    """For a fit that accepts nothing, or one whose accepted settings no run bears out: the
    setting run whose figures came nearest to all the books at once (the smallest largest distance, in units of one office's spread), with each
    figure beside the books, so the consultant sees which figures pull against the others."""
    found = _closest(row)
    if found is None:
        return []
    best, figures, farthest = found
    if row["fits"] and farthest <= row["cutoff"]:
        return []
    setting = ", ".join(f"{k} {_number(v)}" for k, v in best["settings"].items())
    out = [
        "",
        "the run closest to all the books at once (distance in one office's spreads; "
        f"over {row['cutoff']:g} is out of reach): {setting}",
    ]
    for f in sorted(figures, key=lambda f: -_distance(best, f)):
        value = best["simulated"][f["kpi"]]
        out.append(
            f"  {f['label']}: observed {_figure(f['observed'], f['format'])}, simulated "
            f"{_figure(value, f['format'])}, distance {_distance(best, f):.1f}"
        )
    return out


def _distance(run: dict[str, Any], figure: dict[str, Any]) -> float:
    value = run["simulated"][figure["kpi"]]
    return abs(value - figure["observed"]) / figure["spread"] if value is not None else 0.0


def _closest(row: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], float] | None:
    """The setting run nearest to every figure at once, the figures measured, and how far its
    farthest figure is (in one office's spreads); None when nothing can be measured."""
    figures = [f for f in row["figures"] if f.get("spread")]
    runs = [r for r in row.get("design", []) if all(f["kpi"] in r["simulated"] for f in figures)]
    if not figures or not runs:
        return None
    best = min(runs, key=lambda run: max(_distance(run, f) for f in figures))
    return best, figures, max(_distance(best, f) for f in figures)


def unconfirmed_distance(row: dict[str, Any]) -> float | None:
    """For a fit that accepts settings but no setting actually run came within the cutoff of
    every figure (the acceptance rests on the emulator between runs alone): how far the
    closest run is, in one office's spreads; None otherwise."""
    found = _closest(row) if row["fits"] else None
    if found is None or found[2] <= row["cutoff"]:
        return None
    return found[2]


def unconfirmed(row: dict[str, Any]) -> str | None:
    """The warning fit.txt prints under FITS when `unconfirmed_distance` says so."""
    distance = unconfirmed_distance(row)
    if distance is None:
        return None
    return (
        f"BUT no setting actually run came within {row['cutoff']:g} spreads of every figure "
        f"(the closest run is {distance:.1f} away; see below): the accepted settings are the "
        "emulator's reading between the runs, not runs that matched the books. Run the "
        "scenario at the accepted median (twohats run, horizon_days the observed day + 1) and "
        "read its figures beside the books before relying on the fit."
    )


def fit_text(row: dict[str, Any]) -> str:
    """The whole fit: verdict, keys with intervals, correlations, then figure by figure."""
    out = [
        f"Fit of {len(row['keys'])} keys to the observed figures of day {row['day']} "
        f"({row['method']}; {row['waves']} wave(s), {row['design_points']} settings x "
        f"{row['replications']} replications, seed {row['seed']})",
        "",
        *verdict(row),
        "",
    ]
    width = max(len(k) for k in row["keys"])
    out.append(f"{'key':<{width}}  {'range':>15}  {'median':>9}  95% interval (accepted sample)")
    for p in row["parameters"]:
        span = f"{p['range'][0]:g}..{p['range'][1]:g}"
        if "median" in p:
            note = "" if p["narrowed"] else "  (about the whole range: the books do not pin it)"
            if p.get("at_edge"):
                note += "  (reaches an end of the range: the books may want a value beyond it)"
            shown = f"{_number(p['low'])} .. {_number(p['high'])}{note}"
            out.append(f"{p['key']:<{width}}  {span:>15}  {_number(p['median']):>9}  {shown}")
        else:
            out.append(f"{p['key']:<{width}}  {span:>15}  {'-':>9}  none accepted")
    if row["correlations"]:
        out += ["", "correlations in the accepted sample:"]
        keys = row["keys"]
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                value = row["correlations"][i][j]
                out.append(f"  {keys[i]} ~ {keys[j]}: {_number(value)}")
    out += closest_run(row)
    out += ["", "figure by figure (closest: the emulated figure at the least implausible setting):"]
    for f in sorted(row["figures"], key=lambda f: f["reproduced"] is not False):
        movers = ", ".join(
            f"{m['key']} {'+' if m['effect'] >= 0 else '-'}{_figure(abs(m['effect']), f['format'])}"
            for m in f["moved_by"]
        )
        out.append(
            f"  {f['label']}: observed {_figure(f['observed'], f['format'])}, closest "
            f"{_figure(f['closest_emulated'], f['format'])}, "
            f"{_state(f['reproduced'])}; moved by "
            f"{movers or 'none of the fitted keys (by more than one office spread)'}"
        )
    return "\n".join(out) + "\n"


def accepted_csv(row: dict[str, Any]) -> bytes:
    """One accepted setting a row, one key a column."""
    return csv_bytes([row["keys"], *([f"{v:.6g}" for v in setting] for setting in row["sample"])])


def report_rows(row: dict[str, Any]) -> list[dict[str, Any]]:
    """calibration.json rows for `twohats report --calibration`: one a key, its median and
    95% interval; `fits` is false when any figure is not reproduced, and the method note
    starts with the verdict."""
    lost = any(f["reproduced"] is False for f in row["figures"])
    note = " ".join(verdict(row))
    return [
        {
            "parameter": p["key"],
            "best": p.get("median"),
            "low": p.get("low"),
            "high": p.get("high"),
            "range": p["range"],
            "fits": row["fits"] and not lost,
            "at_edge": p.get("at_edge") is True,
            "day": row["day"],
            "replications": row["replications"],
            "method": f"{note} Fitted with {len(row['keys'])} keys at once by "
            f"{row['method']}; best value: the median of the accepted sample.",
        }
        for p in row["parameters"]
    ]
