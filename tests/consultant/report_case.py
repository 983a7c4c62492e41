"""A tiny compare folder and its report, built with the CLI, for the report tests here and in
tests/site (two small scenarios, 40 days after a 14-day warm-up, 2 replications, one worker)."""

from __future__ import annotations

from pathlib import Path

from sim.cli import main
from sim.outputs.fit_text import report_rows
from sim.outputs.observed import calibration_json
from sim.outputs.results import record_json
from sim.study.records import FitRecord

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
OPTIONS = ("small-separate", "small-combined")
HORIZON_DAYS = 40
REPLICATIONS = 2


def scenario_files(where: Path) -> list[Path]:
    """Short-horizon copies of the two small bundled options."""
    files = []
    for name in OPTIONS:
        path = where / f"{name}.yaml"
        path.write_text(
            f"extends: {SCENARIOS / name}.yaml\nhorizon_days: {HORIZON_DAYS}\n"
            "study:\n  warm_up_days: 14\n  run_out_days: 120\n"  # plumbing, not a settled office
        )
        files.append(path)
    return files


def compare_folder(where: Path) -> Path:
    """`twohats compare` of the two options into `where`/out; returns the results folder."""
    files = [str(p) for p in scenario_files(where)]
    out = where / "out"
    args = ["compare", *files, "--reps", str(REPLICATIONS), "--jobs", "1", "--seed", "7"]
    status = main([*args, "--out", str(out), "--quiet", "--allow-root", str(SCENARIOS)])
    assert status == 0
    return out / f"compare-{'-'.join(OPTIONS)}"


def report(folder: Path, out: Path, *extra: str) -> int:
    """`twohats report FOLDER --out OUT`; the exit status. The sensitivity run behind the
    assumptions section is left out unless `extra` asks for it (--sensitivity-reps N, the
    last one given counts): tests/consultant/test_report_assumptions.py covers it."""
    return main(["report", str(folder), "--out", str(out), "--sensitivity-reps", "0", *extra])


def sweep_folder(where: Path) -> Path:
    """`twohats sweep` of the two options over 1 and 2 dentists into `where`/sweep."""
    files = [str(p) for p in scenario_files(where)]
    out = where / "sweep"
    args = ["sweep", *files, "--vary", "practice.providers.0.count=1,2", "--reps", "2"]
    args += ["--jobs", "1", "--seed", "5", "--out", str(out), "--quiet"]
    assert main([*args, "--allow-root", str(SCENARIOS)]) == 0
    return out / f"sweep-{'-'.join(OPTIONS)}-practice_providers_0_count"


CLIENT = "Harbor View Dental"
CLIENT_OPTIONS = {
    "hire": "Hire an insurance coordinator",
    "as-now": "One person in both roles (as now)",
}
AS_OF = "2025-03-31"
BOOKS_COLLECTED = 41000
"""The insurance the client's books say came in over the last 30 days (observed, day 20)."""


def client_files(where: Path) -> list[Path]:
    """A client's practice with opening books as of AS_OF and two options with display names:
    hiring a coordinator (listed first) and the staffing as it stands (marked current)."""
    (where / "practice.yaml").write_text(
        f"extends: {SCENARIOS / 'small-separate'}.yaml\n"
        f"client: {CLIENT}\nhorizon_days: {HORIZON_DAYS}\nstudy:\n  run_out_days: 120\n"
        f"opening:\n  as_of: {AS_OF}\n  claims:\n"
        "    - {service_date: 2025-01-06, sent_date: 2025-01-08, payer: large_ppo_a, "
        "expected_usd: 420.5}\n"
        "    - {service_date: 2025-03-20, sent_date: 2025-03-21, payer: regional_plan, "
        "expected_usd: 180.0}\n"
        "    - {service_date: 2025-03-28, payer: large_ppo_b, expected_usd: 95.25}\n"
        f"observed:\n  day: 20\n  insurance_collected_per_month_usd: {BOOKS_COLLECTED}\n"
    )
    (where / "hire.yaml").write_text(f"extends: practice.yaml\nlabel: {CLIENT_OPTIONS['hire']}\n")
    (where / "as-now.yaml").write_text(
        f"extends: practice.yaml\nlabel: {CLIENT_OPTIONS['as-now']}\ncurrent: true\n"
        "staff:\n  - {name: office_manager, roles: [om, ic], hourly_cost_usd: 34, overflow: null}\n"
    )
    return [where / f"{name}.yaml" for name in CLIENT_OPTIONS]


def client_folder(where: Path) -> Path:
    """`twohats compare hire.yaml as-now.yaml` of the client into `where`/out."""
    files = [str(p) for p in client_files(where)]
    args = ["compare", *files, "--reps", str(REPLICATIONS), "--jobs", "1", "--seed", "7"]
    out = where / "out"
    assert main([*args, "--out", str(out), "--quiet", "--allow-root", str(SCENARIOS)]) == 0
    return out / f"compare-{'-'.join(CLIENT_OPTIONS)}"


LOST = "Claims not yet sent"
"""The observed figure the fit of `fit_folder` reproduces with no setting."""


def fit_folder(folder: Path, fits: bool = False) -> Path:
    """A calibrate folder as `twohats calibrate --fit A --fit B` leaves it, whose fit finds
    one figure that no setting reproduces (or, with `fits`, one that reproduces them all;
    fit.json and calibration.json written through their records, as calibrate writes them)."""
    folder.mkdir()
    figures = [
        {
            "kpi": "ar_usd_0_30",
            "label": "Insurance A/R 0-30 days since service",
            "format": "usd",
            "observed": 62000,
            "closest_emulated": 60500.0,
            "least_implausibility": 0.4,
            "reproduced": True,
            "spread": 3000.0,
            "moved_by": [{"key": "om_work.interruptions_per_hour", "effect": 4000.0}],
        },
        {
            "kpi": "unsubmitted_claims",
            "label": LOST,
            "format": "count",
            "observed": 120,
            "closest_emulated": 118.0 if fits else 41.5,
            "least_implausibility": 6.2,
            "reproduced": fits,
            "spread": 9.0,
            "moved_by": [],
        },
    ]
    parameters = [
        {
            "key": "om_work.interruptions_per_hour",
            "range": [0, 8],
            "median": 4.2,
            "low": 1.1,
            "high": 7.5,
            "narrowed": True,
        },
        {
            "key": "ic_work.claim_minutes.mode",
            "range": [3, 9],
            "median": 5.5,
            "low": 3.4,
            "high": 8.6,
            "narrowed": True,
        },
    ]
    keys = [p["key"] for p in parameters]
    sample = [[4.2, 5.5], [3.0, 6.1]]
    fit = {
        "method": "history matching with a Gaussian-process emulator",
        "scenario": "practice",
        "books": {"observed": "0" * 16, "opening": "1" * 16},
        "keys": keys,
        "ranges": [p["range"] for p in parameters],
        "day": 20,
        "replications": 2,
        "seed": 1,
        "design_points": 8,
        "candidates": 1000,
        "cutoff": 3.0,
        "accepted": 2,
        "fits": fits,
        "parameters": parameters,
        "correlations": None,
        "figures": figures,
        "sample": sample,
        "accepted_settings": sample,
        "design": [{"settings": dict(zip(keys, s, strict=True)), "simulated": {}} for s in sample],
        "waves": 1,
        "waves_asked": 1,
    }
    (folder / "fit.json").write_bytes(record_json(FitRecord, fit))
    (folder / "calibration.json").write_bytes(calibration_json(report_rows(fit)))
    return folder
