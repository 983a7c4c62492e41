"""`twohats sensitivity`: rank inputs by their effect on the paired net benefit of option A
over B (Morris elementary effects)."""

from __future__ import annotations

import argparse
import math
from functools import partial
from pathlib import Path

from sim.cli.arguments import rate, replications, study_options, whole_number
from sim.cli.common import (
    UsageError,
    check_size,
    distinct_names,
    load_all,
    progress,
    say_text,
    with_late_cash_rate,
    write_results,
)
from sim.outputs.results import plan_folder, record_json
from sim.outputs.sensitivity_text import sensitivity_csv, sensitivity_text
from sim.study import calibration, sensitivity
from sim.study.records import SensitivityRecord
from sim.study.replications import run_all, tasks
from sim.study.sweep import run_point_replication


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "sensitivity",
        help="rank inputs by their effect on the paired net benefit of option A over B",
        description="Morris elementary effects (SALib): one-at-a-time paths through the "
        "--vary ranges; at each setting both options run on the same seeds and the mean "
        "paired net benefit of A over B (as in sweep's break-even) is recorded; inputs are "
        "ranked by the mean absolute change in it. Method: docs/consultants/calibration.md.",
    )
    cmd.add_argument("files", nargs=2, type=Path, metavar="OPTION")
    cmd.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="KEY=LOW..HIGH",
        help="dotted scenario key holding a number, and its range (repeatable, up to 20)",
    )
    cmd.add_argument(
        "--trajectories",
        type=whole_number(2, "at least 2", 100),
        default=10,
        help="Morris trajectories (each runs one setting more than there are inputs)",
    )
    cmd.add_argument(
        "--levels", type=whole_number(4, "at least 4", 20), default=4, help="grid levels"
    )
    cmd.add_argument("--reps", type=replications, default=3, help="replications a setting")
    cmd.add_argument(
        "--late-cash-rate",
        type=rate,
        help="yearly cost of cash tied up in A/R (default: the first option's "
        "economics.late_cash_annual_rate_share)",
    )
    study_options(cmd)
    cmd.set_defaults(handler=cmd_sensitivity)


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Morris screening of the --vary inputs on the paired net benefit of A over B."""
    options = with_late_cash_rate(load_all(args.files, args.allow_root), args.late_cash_rate)
    names = distinct_names(options, "option names must differ")
    try:
        inputs = sensitivity.parse_inputs(args.vary, options)
    except calibration.CalibrationError as exc:
        raise UsageError(str(exc)) from None
    settings = args.trajectories * (len(inputs.fits) + 1)
    check_size("sensitivity", settings * 2 * args.reps, "fewer --trajectories or --reps")
    folder = "sensitivity-" + "-".join(names)
    plan_folder(args.out, folder, args.force)
    unit = sensitivity.design(inputs, args.trajectories, args.levels, args.seed)
    try:
        built = sensitivity.scenarios(options, inputs, unit)
    except calibration.CalibrationError as exc:
        raise UsageError(str(exc)) from None
    jobs = [t for pair in built for s in pair for t in tasks(s, args.seed, range(args.reps))]
    with progress(len(jobs), f"sensitivity: {' vs '.join(names)}", args.quiet) as advance:
        flat = run_all(run_point_replication, jobs, args.jobs, advance, args.scheduler)
    reps = args.reps
    results = [
        [flat[(2 * i + k) * reps : (2 * i + k + 1) * reps] for k in range(2)]
        for i in range(len(built))
    ]
    cash_rate = args.late_cash_rate
    if cash_rate is None:
        cash_rate = options[0].economics.late_cash_annual_rate_share
    benefit, noise = sensitivity.net_benefits(results)
    ranked = sensitivity.analyse(inputs, unit, benefit, noise, args.levels, args.seed)
    record = {
        "options": names,
        "method": "Morris elementary effects (SALib), inputs scaled to their ranges",
        "trajectories": args.trajectories,
        "levels": args.levels,
        "settings": len(built),
        "replications": reps,
        "seed": args.seed,
        "late_cash_annual_rate": cash_rate,
        "noise_usd": round(noise, 2) if math.isfinite(noise) else None,
        "benefit_low_usd": round(float(benefit.min()), 2),
        "benefit_high_usd": round(float(benefit.max()), 2),
        "inputs": ranked,
        "runs": [
            {"settings": inputs.values(row), "net_benefit_usd": round(float(b), 2)}
            for row, b in zip(unit, benefit, strict=True)
        ],
    }
    text = sensitivity_text(record)
    files = {
        "sensitivity.json": record_json(SensitivityRecord, record),
        "sensitivity.txt": text.encode(),
        "sensitivity.csv": sensitivity_csv(record),
    }
    return write_results(args, folder, files, partial(say_text, text))
