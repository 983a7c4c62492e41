"""The sensitivity ranking as text for the terminal and sensitivity.txt, and as CSV."""

from __future__ import annotations

from typing import Any

from sim.outputs.tables import csv_bytes


def _usd(value: float | None) -> str:
    return "n/a" if value is None else f"${value:,.0f}"


def sensitivity_text(record: dict[str, Any]) -> str:
    """Inputs ranked by mu*, with what the measures mean in a sentence each."""
    first, other = record["options"]
    width = max(len(r["key"]) for r in record["inputs"])
    lines = [
        f"What moves the net benefit of {first} over {other} (Morris elementary effects, "
        f"{record['trajectories']} trajectories x {record['levels']} levels, "
        f"{record['settings']} settings x {record['replications']} replications, "
        f"seed {record['seed']})",
        f"net benefit at the settings run: {_usd(record['benefit_low_usd'])} to "
        f"{_usd(record['benefit_high_usd'])}; replication noise of a setting's mean "
        f"{_usd(record['noise_usd'])}",
        "",
        f"{'rank':>4}  {'input':<{width}}  {'range':>15}  {'mu*':>10}  {'(95% CI)':>10}  "
        f"{'mu':>10}  {'sigma':>10}",
    ]
    for r in record["inputs"]:
        span = f"{r['range'][0]:g}..{r['range'][1]:g}"
        note = "" if r["beyond_noise"] else "  within noise"
        lines.append(
            f"{r['rank']:>4}  {r['key']:<{width}}  {span:>15}  {_usd(r['mu_star_usd']):>10}  "
            f"{'+-' + _usd(r['mu_star_conf_usd']):>10}  {_usd(r['mu_usd']):>10}  "
            f"{_usd(r['sigma_usd']):>10}{note}"
        )
    lines += [
        "",
        "mu*: the mean absolute change in net benefit when the input alone moves, per its "
        "whole range (ranks the inputs); mu: the same with its sign (which way it leans); "
        "sigma: how much that change depends on where the other inputs are (or bends). "
        "'within noise': not told apart from replication noise with this many replications.",
    ]
    return "\n".join(lines) + "\n"


def sensitivity_csv(record: dict[str, Any]) -> bytes:
    """One input a row, ranked."""
    names = [
        "rank",
        "key",
        "low",
        "high",
        "mu_star_usd",
        "mu_star_conf_usd",
        "mu_usd",
        "sigma_usd",
        "beyond_noise",
    ]
    rows = [{**r, "low": r["range"][0], "high": r["range"][1]} for r in record["inputs"]]
    return csv_bytes([names, *([row[n] for n in names] for row in rows)])
