"""`twohats compare`: run scenarios side by side on the same seeds, or over offices drawn
from a fitted sample, and write the paired comparison."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sim.cli.arguments import study_options, whole_number
from sim.cli.common import (
    MAX_REPLICATIONS,
    UsageError,
    check_memory,
    check_size,
    distinct_names,
    inputs,
    load_all,
    print_table,
    progress,
    say_text,
    say_workload,
    write_results,
)
from sim.cli.replicate import (
    add_observed,
    check_precision,
    finish,
    replication_options,
    say_break_even,
    study,
)
from sim.outputs import charts
from sim.outputs.comparison import comparison_markdown
from sim.outputs.draws_text import about, spread_csv, spread_markdown, spread_tables
from sim.outputs.exports import comparison_csv, differences_csv
from sim.outputs.fit_text import unconfirmed
from sim.outputs.results import plan_folder, record_json, versions
from sim.outputs.terminal import paragraph, render
from sim.outputs.trace import trace
from sim.study import draws
from sim.study.comparison import comparison_record
from sim.study.records import ComparisonRecord
from sim.study.replications import one_replication, run_all, summarise, tasks


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("compare", help="run scenarios side by side (paired)")
    cmd.add_argument("files", nargs="+", type=Path)
    replication_options(cmd)
    cmd.add_argument(
        "--calibration",
        type=Path,
        metavar="DIR",
        help="run the options over offices drawn from the fitted sample in DIR (the folder "
        "twohats calibrate wrote with two or more --fit keys); --reps is then replications "
        "per draw (default 2)",
    )
    cmd.add_argument(
        "--draws",
        type=whole_number(2, "at least 2", MAX_REPLICATIONS),
        help="with --calibration: offices drawn from the fitted sample (default 10)",
    )
    study_options(cmd)
    cmd.set_defaults(handler=cmd_compare)


def cmd_compare(args: argparse.Namespace) -> int:
    if args.calibration is not None:
        return _compare_over_draws(args)
    if args.draws is not None:
        raise UsageError("--draws needs --calibration DIR (the fitted sample to draw from)")
    check_precision(args)
    scenarios = load_all(args.files, args.allow_root)
    names = distinct_names(scenarios, "scenario names must differ to be compared")
    marked = [s.named for s in scenarios if s.current]
    if len(marked) > 1:
        raise UsageError(
            f"current: true marks one option, the staffing as it stands (got {', '.join(marked)}; "
            "an option extending the current one inherits it: set current: false there)"
        )
    plan_folder(args.out, "compare-" + "-".join(names), args.force, inputs=inputs(args))
    say_workload(scenarios, args.quiet)
    studies, precision = study(scenarios, args, "compare: " + " vs ".join(names))
    summaries = {name: summarise(results) for name, results in studies.items()}
    record = comparison_record(scenarios, args.seed, studies, summaries)
    record["versions"] = versions()
    if precision is not None:
        record["precision"] = precision.record()
    files = {
        "comparison.json": record_json(ComparisonRecord, record),
        "comparison.md": comparison_markdown(record).encode(),
        "comparison.csv": comparison_csv(record),
        "differences.csv": differences_csv(record),
        **charts.compare_charts(studies, scenarios),
    }
    if args.trace:
        for scenario in scenarios:
            files[f"trace.{scenario.name}.csv"] = trace(scenario, args.seed, 0)
    add_observed(files, {s.named: (s, studies[s.named]) for s in scenarios}, args.quiet)
    folder = "compare-" + "-".join(names)
    return finish(args, folder, files, summaries, record["replications"], precision, record)


def _compare_over_draws(args: argparse.Namespace) -> int:
    """Compare the options over draws from a fitted sample, paired by draw and seed
    (sim.study.draws), and say how much of each difference's spread is the office."""
    if args.precision:
        raise UsageError("--precision cannot be used with --calibration: give --draws and --reps")
    reps = args.reps or 2
    args.draws = args.draws or 10
    if reps < 2:
        raise UsageError(
            f"--reps must be at least 2 with --calibration (chance is measured between "
            f"replications of the same drawn office), got {reps}"
        )
    scenarios = load_all(args.files, args.allow_root)
    names = distinct_names(scenarios, "scenario names must differ to be compared")
    try:
        sample = draws.read_sample(args.calibration)
        draws.check_options(sample, scenarios, args.files)
        _warn_if_unconfirmed(sample.path)
        rows = draws.chosen(sample, args.draws, args.seed)
        built = draws.drawn_scenarios(sample, scenarios, rows, args.files)
    except draws.DrawsError as exc:
        raise UsageError(str(exc)) from None
    total = args.draws * reps
    check_size("comparison", total * len(scenarios), "fewer --draws or --reps")
    read = [*inputs(args), sample.path]
    folder = "compare-" + "-".join(names)
    plan_folder(args.out, folder, args.force, inputs=read)
    check_memory([s for option in built for s in option], args, total)
    say_workload(scenarios, args.quiet)
    work = [
        task
        for option in built
        for d, scenario in enumerate(option)
        for task in tasks(scenario, args.seed, range(d * reps, (d + 1) * reps))
    ]
    label = f"compare: {' vs '.join(names)} over {args.draws} drawn offices"
    with progress(len(work), label, args.quiet, per=len(scenarios)) as advance:
        flat = run_all(one_replication, work, args.jobs, advance, args.scheduler)
    studies = {name: flat[i * total : (i + 1) * total] for i, name in enumerate(names)}
    summaries = {name: summarise(results) for name, results in studies.items()}
    record = comparison_record(scenarios, args.seed, studies, summaries)
    record["versions"] = versions()
    draws.over_draws(record, studies, args.draws, reps)
    record["calibration"] = draws.calibration_record(sample, rows, args.draws, reps)
    files = {
        "comparison.json": record_json(ComparisonRecord, record),
        "comparison.md": (comparison_markdown(record) + spread_markdown(record)).encode(),
        "comparison.csv": comparison_csv(record),
        "differences.csv": differences_csv(record),
        "spread.csv": spread_csv(record),
        **charts.compare_charts(studies),
    }
    if args.trace:
        for option, scenario in zip(built, scenarios, strict=True):
            files[f"trace.{scenario.name}.csv"] = trace(option[0], args.seed, 0)
    add_observed(files, {s.named: (s, studies[s.named]) for s in scenarios}, args.quiet)

    def show() -> None:
        print_table(summaries, total)
        say_break_even(record)
        say_text("\n" + paragraph(about(record)))
        for table in spread_tables(record):
            say_text("\n" + render(table))

    return write_results(args, folder, files, show, read)


def _warn_if_unconfirmed(fit_file: Path) -> None:
    """Drawing from a fit no run bore out is allowed, but never silently (fit_text.unconfirmed)."""
    warning = unconfirmed(json.loads(fit_file.read_text(encoding="utf-8")))
    if warning:
        print(f"warning: {fit_file}: the fit drawn from says FITS, {warning}", file=sys.stderr)
