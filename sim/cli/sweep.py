"""`twohats sweep`: run staffing options over a grid of scenario values and find where the
first one pays for itself."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from sim.cli.arguments import rate, replications, study_options
from sim.cli.common import (
    HEADLINE,
    UsageError,
    check_memory,
    check_size,
    distinct_names,
    inputs,
    load_all,
    progress,
    say_text,
    with_late_cash_rate,
    write_results,
)
from sim.outputs import sweep_charts
from sim.outputs.exports import sweep_csv, sweep_wide_csv
from sim.outputs.results import plan_folder, record_json
from sim.outputs.sweep_report import report_markdown, terminal_report
from sim.scenario.keys import split_assignment
from sim.study.records import SweepRecord
from sim.study.replications import run_all
from sim.study.sweep import (
    analyse,
    grid,
    parse_axis,
    parse_values,
    run_point_replication,
    work,
)


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("sweep", help="run staffing options over a grid of scenario values")
    cmd.add_argument(
        "files",
        nargs="+",
        type=Path,
        help="staffing options; the first is justified against the others",
    )
    cmd.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="KEY=VALUES",
        help="dotted scenario key and values: 1,2,3 or 1..6 or 0.5..2:0.5 (one or two --vary)",
    )
    cmd.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="fixed override for every point",
    )
    cmd.add_argument(
        "--reps", type=replications, default=20, help="replications per point (default 20)"
    )
    cmd.add_argument(
        "--late-cash-rate",
        type=rate,
        help="yearly cost of cash tied up in A/R (default: the first option's "
        "economics.late_cash_annual_rate_share, 0.08 unless the scenario sets it)",
    )
    study_options(cmd)
    cmd.set_defaults(handler=cmd_sweep)


def _fixed(assignments: list[str]) -> dict[str, object]:
    """The --set overrides, KEY=VALUE each with one value."""
    fixed = {}
    for text in assignments:
        key, sep, value = split_assignment(text)
        values = parse_values(value) if sep else ()
        if len(values) != 1:
            raise UsageError(f"--set takes KEY=VALUE with one value, got {text!r}")
        fixed[key.strip()] = values[0]
    return fixed


def cmd_sweep(args: argparse.Namespace) -> int:
    options = with_late_cash_rate(load_all(args.files, args.allow_root), args.late_cash_rate)
    names = distinct_names(options, "option names must differ")
    axes = [parse_axis(text) for text in args.vary]
    if len(axes) > 2 or len({a.key for a in axes}) != len(axes):
        raise UsageError("give one or two different --vary keys")
    fixed = _fixed(args.set)
    both = sorted({a.key for a in axes} & set(fixed))
    if both:
        raise UsageError(
            f"{', '.join(both)} is given to both --vary and --set; a key is either varied or "
            "held at one value"
        )
    label = "-".join(a.key.replace(".", "_") for a in axes)
    folder = "sweep-" + "-".join(names) + "-" + label
    plan_folder(args.out, folder, args.force, inputs=inputs(args))
    size = len(options) * math.prod(len(a.values) for a in axes) * args.reps
    check_size("sweep", size, "fewer values, options or --reps")
    points = grid(options, axes, fixed)
    check_memory([p.scenario for p in points], args, len(points) * args.reps)
    jobs = work(points, args.seed, args.reps)
    over = " and ".join(a.key for a in axes)
    with progress(len(jobs), f"sweep: {' vs '.join(names)} over {over}", args.quiet) as advance:
        flat = run_all(run_point_replication, jobs, args.jobs, advance, args.scheduler)
    results = [flat[i * args.reps : (i + 1) * args.reps] for i in range(len(points))]
    cash_rate = args.late_cash_rate
    if cash_rate is None:
        cash_rate = options[0].economics.late_cash_annual_rate_share
    analysis = analyse(points, results, cash_rate)
    report = report_markdown(analysis, args.reps, args.seed)
    files = {
        "sweep.csv": sweep_csv(points, results),
        "sweep_wide.csv": sweep_wide_csv(analysis, args.reps),
        "sweep.json": record_json(
            SweepRecord, {"seed": args.seed, "replications": args.reps, **analysis}
        ),
        "break_even.md": report.encode(),
    }
    if analysis["break_even"]:
        files["net_benefit.png"] = sweep_charts.benefit_chart(analysis)
    for kpi in (*HEADLINE, "staff_cost_usd", "outstanding_usd"):
        if kpi in results[0][0].kpis:
            files[f"{kpi}.png"] = sweep_charts.kpi_chart(analysis, kpi)

    def show() -> None:
        say_text(terminal_report(analysis, args.reps, args.seed))

    return write_results(args, folder, files, show, inputs(args))
