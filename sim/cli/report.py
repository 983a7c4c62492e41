"""`twohats report`: one self-contained HTML report of a compare or sweep folder, for the
client (no request to another host; prints to PDF from a browser)."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from sim.cli.arguments import whole_number
from sim.cli.common import MAX_JOBS, check_size, progress, say_error, say_written
from sim.outputs.report import (
    Folder,
    ReportError,
    SweepFolder,
    any_report_html,
    calibration_file,
    default_out,
    read_any,
    sensitivity_design,
    sensitivity_plan,
    write_report,
)
from sim.study import calibration, relative_sensitivity
from sim.study.replications import default_jobs, run_all

SENSITIVITY_REPS = 2
"""Replications a setting of the report's sensitivity run: enough for the noise beside each
effect, few enough that the run takes a few minutes for a year of a mid-size practice."""
MAX_SENSITIVITY_REPS = 100


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "report",
        help="write one self-contained HTML report of a compare or sweep folder, for the client",
        description="Read a folder written by `twohats compare` (or `twohats sweep`) and write "
        "one HTML file with "
        "charts and styles inside it (no request to another host; prints to PDF from a browser).",
    )
    cmd.add_argument("folder", type=Path, metavar="FOLDER")
    cmd.add_argument(
        "--out", type=Path, metavar="FILE.html", help="the report (default: FOLDER.html beside it)"
    )
    cmd.add_argument("--force", action="store_true", help="replace FILE.html if it exists")
    cmd.add_argument(
        "--calibration",
        type=Path,
        metavar="PATH",
        help="add the calibration table from calibration.json (or the twohats calibrate folder "
        "holding it); default: the one in FOLDER, if any",
    )
    cmd.add_argument(
        "--sensitivity-reps",
        type=whole_number(0, "0 (leave the ranking out) or more", MAX_SENSITIVITY_REPS),
        default=SENSITIVITY_REPS,
        metavar="N",
        help="replications a setting of the sensitivity run that ranks the assumptions that "
        "matter most for this practice (0 leaves it out and lists them unranked)",
    )
    cmd.add_argument(
        "--jobs",
        type=whole_number(1, "at least 1", MAX_JOBS),
        default=min(default_jobs(), MAX_JOBS),
        help="worker processes",
    )
    cmd.set_defaults(handler=cmd_report)


def _refuse_report_over_input(target: Path, args: argparse.Namespace) -> None:
    """The report may not replace what it is built from (--calibration's file), nor go into
    the results folder (a file there would make the folder one that --force refuses)."""
    place = target.resolve()
    if args.calibration is not None and place == calibration_file(args.calibration).resolve():
        raise ReportError(f"--out {target} is the --calibration file the report reads")
    if place.is_relative_to(args.folder.resolve()):
        raise ReportError(
            f"--out {target} is inside the results folder {args.folder}; write the report "
            "beside it (the default) or elsewhere"
        )


def _measure_assumptions(folder: Folder | SweepFolder, args: argparse.Namespace) -> dict | None:
    """The sensitivity run behind the report's assumptions that matter most, on the folder's
    scenarios and seed (None for a sweep folder, with --sensitivity-reps 0, or without a net
    benefit to measure)."""
    plan = sensitivity_plan(folder) if isinstance(folder, Folder) else None
    if plan is None or not args.sensitivity_reps:
        return None
    options, inputs = plan
    design = sensitivity_design()
    size = relative_sensitivity.work_size(inputs, design, args.sensitivity_reps)
    check_size("sensitivity run", size, "fewer --sensitivity-reps")
    label = f"report: assumptions ({' vs '.join(o.named for o in options)})"
    try:
        relative_sensitivity.scenarios(options, inputs, np.array([[0.0] * len(inputs.fits)]))
        relative_sensitivity.scenarios(options, inputs, np.array([[1.0] * len(inputs.fits)]))
    except calibration.CalibrationError as exc:
        raise ReportError(
            f"{exc}: the assumptions cannot be tried over their ranges for this practice "
            "(write the report with --sensitivity-reps 0 to list them unranked)"
        ) from None
    with progress(size, label, quiet=False) as advance:
        return relative_sensitivity.measure(
            options,
            inputs,
            design,
            args.sensitivity_reps,
            folder.record["seed"],
            lambda function, work: run_all(function, work, args.jobs, advance),
        )


def cmd_report(args: argparse.Namespace) -> int:
    """Read and check the whole folder, then write the report in one step (nothing on error)."""
    try:
        if args.out is not None and args.out.suffix.lower() not in (".html", ".htm"):
            raise ReportError(f"--out must name an .html file, got {args.out}")
        folder = read_any(args.folder, args.calibration)
        target = args.out or default_out(args.folder)
        _refuse_report_over_input(target, args)
        measured = _measure_assumptions(folder, args)
        write_report(any_report_html(folder, measured), target, args.force)
    except ReportError as exc:
        return say_error(exc)
    say_written(target)
    return 0
