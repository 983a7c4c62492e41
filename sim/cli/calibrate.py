"""`twohats calibrate`: fit uncertain scenario keys to the scenario's observed figures, one
key on a grid, several by history matching."""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

import numpy as np

from sim.cli.arguments import replications, study_options, whole_number
from sim.cli.common import (
    UsageError,
    check_memory,
    check_size,
    inputs,
    load_all,
    progress,
    say_text,
    write_results,
)
from sim.outputs.fit_text import accepted_csv, fit_text, report_rows
from sim.outputs.observed import calibration_json, calibration_table
from sim.outputs.results import plan_folder, record_json
from sim.scenario.schema import Scenario
from sim.study import calibration, history_matching
from sim.study.records import FitRecord
from sim.study.replications import run_all


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "calibrate",
        help="fit uncertain scenario keys (one to six) to the scenario's observed figures",
        description="One key: run the scenario over a grid of values of KEY on common random "
        "numbers, each run ending at the observed day, and report the value whose simulated "
        "figures are closest to the observed: block, with a bootstrap interval and whether "
        "anything fits. Several keys: history matching, a Latin hypercube of settings run "
        "in waves, a Gaussian-process emulator of each figure, and the settings no figure "
        "rules out (the accepted sample), with each key's 95% interval, their "
        "correlations, and the figures no setting reproduces named first. "
        "Method: docs/consultants/calibration.md.",
    )
    cmd.add_argument("files", nargs=1, type=Path, metavar="SCENARIO")
    cmd.add_argument(
        "--fit",
        required=True,
        action="append",
        metavar="KEY=LOW..HIGH",
        help="dotted scenario key holding a number, and the range searched (repeatable, "
        "up to 6 keys; defaults count: staff.0.speed_factor.ic is 1 unless the file says)",
    )
    cmd.add_argument(
        "--points",
        type=whole_number(2, "at least 2", 200),
        help="grid values (one key, default 9), or settings run in each wave (several keys, "
        "default 10 per key)",
    )
    cmd.add_argument(
        "--waves",
        type=whole_number(1, "at least 1", 5),
        default=2,
        help="several keys: waves of runs, each drawn from the settings the last one accepted",
    )
    cmd.add_argument("--reps", type=replications, default=10, help="replications a value")
    study_options(cmd)
    cmd.set_defaults(handler=cmd_calibrate)


def cmd_calibrate(args: argparse.Namespace) -> int:
    (scenario,) = load_all(args.files, args.allow_root)
    if len(args.fit) > 1:
        return _calibrate_many(args, scenario)
    shown = args.files[0]
    args.points = args.points or 9
    try:
        fit = calibration.parse_fit(args.fit[0])
        found = calibration.candidates(scenario, fit, args.points)
    except calibration.CalibrationError as exc:
        raise UsageError(f"{shown}: {exc}") from None
    check_size("calibration", len(found) * args.reps, "fewer --points or --reps")
    folder = f"calibrate-{scenario.name}-{fit.key.replace('.', '_')}"
    plan_folder(args.out, folder, args.force, inputs=inputs(args))
    values = [value for value, _s in found]
    check_memory([s for _v, s in found], args, len(found) * args.reps)
    work = calibration.tasks([s for _v, s in found], args.seed, args.reps)
    with progress(len(work), f"calibrate {scenario.name}", args.quiet) as advance:
        flat = run_all(calibration.replication_figures, work, args.jobs, advance, args.scheduler)
    row = calibration.analyse(scenario, fit, values, flat, args.reps, args.seed)
    table = calibration_table(row)
    files = {"calibration.json": calibration_json([row]), "calibration.txt": table.encode()}
    return write_results(args, folder, files, partial(say_text, table), inputs(args))


def _calibrate_many(args: argparse.Namespace, scenario: Scenario) -> int:
    """Several keys at once by history matching, in waves (sim.study.history_matching)."""
    shown = args.files[0]
    try:
        fits = [calibration.parse_fit(text) for text in args.fit]
        box = history_matching.space(scenario, fits)
        calibration.observed_day(scenario)
    except calibration.CalibrationError as exc:
        raise UsageError(f"{shown}: {exc}") from None
    points = args.points or 10 * len(fits)
    check_size("calibration", points * args.waves * args.reps, "fewer --points, --waves or --reps")
    keys = "-".join(f.key.replace(".", "_") for f in fits)
    folder = f"calibrate-{scenario.name}-{keys}"
    if len(folder) > 200:
        folder = f"calibrate-{scenario.name}-{len(fits)}-keys"
    plan_folder(args.out, folder, args.force)
    try:
        history_matching.scenarios(scenario, box, history_matching.corners(box))
    except calibration.CalibrationError as exc:
        raise UsageError(f"{shown}: {exc}") from None
    design = history_matching.first_design(box, points, args.seed)
    flat: list = []
    row: dict = {}
    with progress(
        points * args.waves * args.reps, f"calibrate {scenario.name}", args.quiet
    ) as advance:
        for wave in range(args.waves):
            if wave:
                accepted = history_matching.accepted_settings(row)
                if not len(accepted):
                    advance(0, -points * (args.waves - wave) * args.reps)
                    break
                fresh = history_matching.next_design(accepted, points, args.seed + wave)
                advance(0, (len(fresh) - points) * args.reps)
                design = np.vstack([design, fresh])
            else:
                fresh = design
            try:
                runs = history_matching.scenarios(scenario, box, fresh)
            except calibration.CalibrationError as exc:
                raise UsageError(f"{shown}: {exc}") from None
            work = calibration.tasks(runs, args.seed, args.reps)
            flat += run_all(
                calibration.replication_figures, work, args.jobs, advance, args.scheduler
            )
            row = history_matching.analyse(scenario, box, design, flat, args.reps, args.seed)
            row["waves"] = wave + 1
            row["waves_asked"] = args.waves
    text = fit_text(row)
    files = {
        "fit.json": record_json(FitRecord, row),
        "fit.txt": text.encode(),
        "accepted.csv": accepted_csv(row),
        "calibration.json": calibration_json(report_rows(row)),
    }
    return write_results(args, folder, files, partial(say_text, text))
