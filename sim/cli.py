"""The `twohats` command: validate scenarios, run them, compare them, print the schema."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.model.office import Replication
from sim.model.registry import registry
from sim.outputs import charts, sweep_charts
from sim.outputs.comparison import comparison_markdown, kpi_table
from sim.outputs.draws_text import about, spread_csv, spread_markdown, spread_tables
from sim.outputs.exports import comparison_csv, differences_csv, sweep_csv, sweep_wide_csv
from sim.outputs.fit_text import accepted_csv, fit_text, report_rows
from sim.outputs.money import break_even_table, verdicts
from sim.outputs.observed import (
    calibration_json,
    calibration_table,
    observed_json,
    observed_table,
)
from sim.outputs.progress import ProgressLog
from sim.outputs.report import (
    Folder,
    ReportError,
    any_report_html,
    calibration_file,
    default_out,
    read_any,
    sensitivity_design,
    sensitivity_plan,
    write_report,
)
from sim.outputs.results import (
    ResultsError,
    daily_csv,
    plan_folder,
    study_record,
    to_json,
    versions,
    write_file,
    write_folder,
)
from sim.outputs.sensitivity_text import sensitivity_csv, sensitivity_text
from sim.outputs.sweep_report import report_markdown, terminal_report
from sim.outputs.terminal import paragraph, render
from sim.outputs.trace import trace
from sim.scenario.checks import interruption_warnings
from sim.scenario.claims_import import (
    ClaimsImportError,
    Estimator,
    ImportedClaims,
    ImportOptions,
    coverage_estimator,
    opening_section,
    parse_date,
    past_filing_limit,
    read_date,
    read_open_claims,
)
from sim.scenario.keys import split_assignment
from sim.scenario.loading import (
    MAX_FILE_BYTES,
    ScenarioError,
    allowed_roots,
    deep_merge,
    extends_chain,
    load_raw,
    load_scenario,
    scenario_from_raw,
)
from sim.scenario.schema import SCENARIO_NAME, Scenario
from sim.scenario.size import available_memory, gigabytes
from sim.scenario.ways_of_working import (
    COORDINATOR_HOURS,
    booked_visits,
    choices,
    ways_of_working,
)
from sim.scenario.workload import (
    backlog_words,
    broken_promise,
    opening_backlog,
    person_loads,
    role_backlog_days,
    role_loads,
    summary_line,
    unstaffed_roles,
    verdict,
)
from sim.study import calibration, draws, history_matching, relative_sensitivity, sensitivity
from sim.study.cluster import ClusterUnavailable, scheduler_address
from sim.study.comparison import comparison_record
from sim.study.observed import compare as observed_rows
from sim.study.precision import MIN_REPLICATIONS, Precision, run_to_precision
from sim.study.replications import default_jobs, one_replication, run_all, summarise, tasks
from sim.study.shutdown import Terminated, stop_on_signals
from sim.study.sweep import (
    SweepError,
    analyse,
    grid,
    parse_axis,
    parse_values,
    run_point_replication,
    work,
)

HEADLINE = registry().headline
"""The KPIs of the table and of the precision rule, from the KPI registry (`kpis.yaml`)."""
err = Console(stderr=True, markup=False, emoji=False)
out = Console(markup=False, emoji=False)
"""Neither reads markup or :emoji: codes: what they print holds paths and names, and a path
such as `a[/b]/x.yaml` must print as it is (rich would fail on it, or drop `[bold]`)."""


class UsageError(Exception):
    """Bad command-line input that argparse cannot catch (exit status 2)."""


MAX_REPLICATIONS = 10_000
"""Most replications per scenario or sweep point (a task list is built before anything runs)."""
MAX_STUDY_TASKS = 200_000
"""Most replications a sweep or a calibration may run in all (points times --reps)."""
MAX_JOBS = 256
SENSITIVITY_REPS = 2
"""Replications a setting of the report's sensitivity run: enough for the noise beside each
effect, few enough that the run takes a few minutes for a year of a mid-size practice."""
MAX_SENSITIVITY_REPS = 100


def _whole_number(minimum: int, wording: str, maximum: int | None = None) -> Callable[[str], int]:
    """An argparse type for whole numbers from `minimum` (to `maximum`), with a plain message."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {wording}, got {value}")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum:,}, got {value:,}")
        return value

    return parse


_positive = _whole_number(1, "at least 1")
_replications = _whole_number(1, "at least 1", MAX_REPLICATIONS)
_jobs = _whole_number(1, "at least 1", MAX_JOBS)


def _scheduler(text: str) -> str:
    try:
        return scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _allow_root(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--allow-root",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="let extends: read files below DIR too (repeatable; or set TWOHATS_ALLOW_ROOT)",
    )


_seed = _whole_number(0, "0 or more")


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (e.g. 0.05), got {value}")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be a yearly share between 0 and 1, got {value}")
    return value


def _common(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--seed", type=_seed, default=1, help="study seed (default 1)")
    cmd.add_argument("--out", type=Path, default=Path("results"), help="results folder")
    cmd.add_argument(
        "--force",
        action="store_true",
        help="replace an earlier results folder of the same name (default: write beside it)",
    )
    cmd.add_argument(
        "--jobs", type=_jobs, default=min(default_jobs(), MAX_JOBS), help="worker processes"
    )
    cmd.add_argument(
        "--scheduler",
        type=_scheduler,
        metavar="tcp://HOST:PORT",
        help="run on this Dask scheduler instead",
    )
    _allow_root(cmd)
    cmd.add_argument(
        "--quiet", action="store_true", help="no progress (bar or log lines) and no table"
    )


class _DefaultsShown(argparse.HelpFormatter):
    """Help that ends each option with its default, unless it has none or already says it."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "default" in text
            or default in (None, False, [], argparse.SUPPRESS)
            or not action.option_strings
        ):
            return text
        return f"{text} (default: %(default)s)"


def _version() -> str:
    """The installed package's version (the source tree's when run uninstalled)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("twohats")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twohats", description=__doc__, formatter_class=_DefaultsShown
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"twohats {_version()} (Python {sys.version.split()[0]})",
    )
    sub = parser.add_subparsers(
        dest="command",
        required=True,
        parser_class=partial(argparse.ArgumentParser, formatter_class=_DefaultsShown),
    )
    validate = sub.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("files", nargs="+", type=Path)
    _allow_root(validate)
    for name, helptext in (
        ("run", "run one scenario"),
        ("compare", "run scenarios side by side (paired)"),
    ):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("files", nargs=1 if name == "run" else "+", type=Path)
        cmd.add_argument(
            "--reps",
            type=_replications,
            help="replications (default 20; with --precision, the number to start from, default 5)",
        )
        cmd.add_argument(
            "--precision",
            type=_share,
            help="add replications until every headline KPI's 95%% CI half-width is within this share of its mean",
        )
        cmd.add_argument(
            "--max-reps", type=_replications, default=200, help="cap for --precision (default 200)"
        )
        cmd.add_argument(
            "--trace", action="store_true", help="also write the event log of replication 0"
        )
        if name == "compare":
            _draws_arguments(cmd)
        _common(cmd)
    sweep = sub.add_parser("sweep", help="run staffing options over a grid of scenario values")
    sweep.add_argument(
        "files",
        nargs="+",
        type=Path,
        help="staffing options; the first is justified against the others",
    )
    sweep.add_argument(
        "--vary",
        action="append",
        required=True,
        metavar="KEY=VALUES",
        help="dotted scenario key and values: 1,2,3 or 1..6 or 0.5..2:0.5 (one or two --vary)",
    )
    sweep.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="fixed override for every point",
    )
    sweep.add_argument(
        "--reps", type=_replications, default=20, help="replications per point (default 20)"
    )
    sweep.add_argument(
        "--late-cash-rate",
        type=_rate,
        help="yearly cost of cash tied up in A/R (default: the first option's "
        "economics.late_cash_annual_rate_share, 0.08 unless the scenario sets it)",
    )
    _common(sweep)
    check = sub.add_parser(
        "check",
        help="workload check: hours a day each role and person's work demands (exit 1 if some cannot fit)",
    )
    check.add_argument("files", nargs="+", type=Path)
    _allow_root(check)
    _calibrate_parser(sub)
    _sensitivity_parser(sub)
    _import_parser(sub)
    _report_parser(sub)
    sub.add_parser("schema", help="print the scenario JSON Schema")
    return parser


def _calibrate_parser(sub: argparse._SubParsersAction) -> None:
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
        type=_whole_number(2, "at least 2", 200),
        help="grid values (one key, default 9), or settings run in each wave (several keys, "
        "default 10 per key)",
    )
    cmd.add_argument(
        "--waves",
        type=_whole_number(1, "at least 1", 5),
        default=2,
        help="several keys: waves of runs, each drawn from the settings the last one accepted",
    )
    cmd.add_argument("--reps", type=_replications, default=10, help="replications a value")
    _common(cmd)


def _sensitivity_parser(sub: argparse._SubParsersAction) -> None:
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
        type=_whole_number(2, "at least 2", 100),
        default=10,
        help="Morris trajectories (each runs one setting more than there are inputs)",
    )
    cmd.add_argument(
        "--levels", type=_whole_number(4, "at least 4", 20), default=4, help="grid levels"
    )
    cmd.add_argument("--reps", type=_replications, default=3, help="replications a setting")
    cmd.add_argument(
        "--late-cash-rate",
        type=_rate,
        help="yearly cost of cash tied up in A/R (default: the first option's "
        "economics.late_cash_annual_rate_share)",
    )
    _common(cmd)


def _import_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "import-claims",
        help="write a client scenario whose opening state is a practice's open-claims export",
        description="Read one row per open claim (layout: sim/scenario/claim_columns.yaml) and "
        "write a scenario that extends BASE with those claims as its day-0 state, exact to the "
        "cent; unsent claims wait to be sent, sent ones are A/R. Nothing is written on any error.",
    )
    cmd.add_argument("file", type=Path, metavar="FILE.csv")
    cmd.add_argument("--extends", type=Path, required=True, metavar="BASE.yaml")
    cmd.add_argument("--out", type=Path, required=True, metavar="CLIENT.yaml")
    cmd.add_argument(
        "--as-of",
        metavar="DATE",
        help="date of the aging report, the model's day 0 (default: the latest date in the file)",
    )
    cmd.add_argument(
        "--payer",
        action="append",
        default=[],
        metavar="NAME=PAYER",
        help="map the export's payer NAME to a scenario payer (repeatable; default: same name)",
    )
    cmd.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="read FIELD (service_date, sent_date, payer, expected_usd, billed_usd, status) "
        "from the column headed HEADER (repeatable; default: the headers in claim_columns.yaml)",
    )
    cmd.add_argument(
        "--estimate-from-billed",
        action="store_true",
        help="for an export with no insurance estimate (an outstanding-claims list of billed "
        "amounts): estimate each claim's insurance portion from its billed amount and its "
        "payer's coverage in the base scenario; the summary says so",
    )
    cmd.add_argument("--force", action="store_true", help="replace CLIENT.yaml if it exists")
    _allow_root(cmd)


def _inputs(args: argparse.Namespace) -> list[Path]:
    """Every file the study reads: each scenario file and the files it extends (found once,
    when the plan is made, and kept for the write)."""
    if getattr(args, "inputs", None) is None:
        roots = allowed_roots(args.allow_root)
        args.inputs = [path for file in args.files for path in extends_chain(file, roots)]
    return args.inputs


def _load_all(files: Sequence[Path], roots: Sequence[Path] = ()) -> list[Scenario]:
    scenarios, problems = [], []
    for path in files:
        try:
            scenarios.append(load_scenario(path, roots))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return scenarios


@contextmanager
def _progress(total: int, label: str, quiet: bool, per: int = 1):
    """A bar naming `label` on a terminal, a plain line now and then in a log, none if quiet.

    `per` runs count as one replication: a comparison runs each replication once per option,
    and the counts shown are replications of each option (issue 25 item 8).
    """
    if quiet:
        yield lambda _n, grow=0: None
        return
    if not err.is_terminal:
        log = ProgressLog(label, total / per, err.file)
        yield lambda n, grow=0: log.advance(n / per, grow / per)
        log.finish()
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total / per)

        def advance(n: int, grow: int = 0) -> None:
            if grow:
                bar.update(task, total=bar.tasks[0].total + grow / per)
            bar.advance(task, n / per)

        yield advance


def cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            scenario = load_scenario(path, args.allow_root)
            out.print(f"ok: {path}", soft_wrap=True)
            for warning in interruption_warnings(scenario):
                err.print(
                    f"warning: {path}: {warning}", markup=False, highlight=False, soft_wrap=True
                )
        except ScenarioError as exc:
            status = 2
            for problem in exc.problems:
                err.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
    return status


def _check_precision(args: argparse.Namespace) -> None:
    """A precision search needs room to work: a cap of 2 or more, and any --reps within it."""
    if not args.precision:
        return
    if args.max_reps < 2:
        raise UsageError(
            f"--max-reps must be at least 2 with --precision (a confidence interval needs "
            f"two replications), got {args.max_reps}"
        )
    if args.reps and args.reps > args.max_reps:
        raise UsageError(
            f"--reps ({args.reps}) is more than --max-reps ({args.max_reps}); with "
            "--precision, --reps is where the search starts: give it at most --max-reps"
        )


def _study(scenarios: list[Scenario], args: argparse.Namespace, label: str):
    """Replicate every scenario with the same replication numbers, to a precision if asked.

    Returns the replications by scenario name, and the precision search (None without one).
    """
    first = args.reps or (MIN_REPLICATIONS if args.precision else 20)
    planned = [first * len(scenarios)]
    _check_memory(scenarios, args, args.max_reps if args.precision else planned[0])
    if len(scenarios) > 1:
        label += " (replications of each option)"
    with _progress(planned[0], label, args.quiet, per=len(scenarios)) as advance:

        def batch(numbers: range) -> dict[str, list[Replication]]:
            wanted = numbers.stop * len(scenarios)
            if wanted > planned[0]:
                advance(0, wanted - planned[0])
                planned[0] = wanted
            work = [t for s in scenarios for t in tasks(s, args.seed, numbers)]
            results = run_all(one_replication, work, args.jobs, advance, args.scheduler)
            size = len(numbers)
            return {s.name: results[i * size : (i + 1) * size] for i, s in enumerate(scenarios)}

        if not args.precision:
            return batch(range(first)), None
        return run_to_precision(
            batch,
            HEADLINE,
            args.precision,
            args.max_reps,
            start=first,
            batch_size=max(10, 2 * args.jobs),
        )


def _percent(share: float) -> str:
    """0.05 as "5%", 0.001 as "0.1%" (never rounded to "0%")."""
    return f"{share * 100:.4g}%"


def _report_precision(precision: Precision | None) -> None:
    if precision is None:
        return
    if precision.reached:
        out.print(
            f"precision {_percent(precision.target)} reached with {precision.replications_needed} "
            f"replications (+{precision.replications_used - precision.replications_needed} look-ahead)"
        )
    else:
        out.print(
            f"precision {_percent(precision.target)} NOT reached within {precision.max_replications} replications"
        )
    if precision.excluded_near_zero:
        out.print(
            "near-zero means, left out of the precision rule: "
            + ", ".join(precision.excluded_near_zero)
        )


def cmd_run(args: argparse.Namespace) -> int:
    _check_precision(args)
    (scenario,) = _load_all(args.files, args.allow_root)
    plan_folder(args.out, scenario.name, args.force, inputs=_inputs(args))
    _say_workload([scenario], args.quiet)
    studies, precision = _study([scenario], args, scenario.name)
    results = studies[scenario.name]
    kpis = summarise(results)
    record = study_record(scenario, args.seed, results, kpis)
    if precision is not None:
        record["precision"] = precision.record()
    files = {
        "summary.json": to_json(record),
        "daily.csv": daily_csv(results),
        **charts.run_charts(scenario.name, results),
    }
    if args.trace:
        files["trace.csv"] = trace(scenario, args.seed, 0)
    _add_observed(files, {scenario.name: (scenario, results)}, args.quiet)
    return _finish(args, scenario.name, files, {scenario.name: kpis}, len(results), precision)


def cmd_compare(args: argparse.Namespace) -> int:
    if args.calibration is not None:
        return _compare_over_draws(args)
    if args.draws is not None:
        raise UsageError("--draws needs --calibration DIR (the fitted sample to draw from)")
    _check_precision(args)
    scenarios = _load_all(args.files, args.allow_root)
    names = _distinct_names(scenarios, "scenario names must differ to be compared")
    marked = [s.name for s in scenarios if s.current]
    if len(marked) > 1:
        raise UsageError(
            f"current: true marks one option, the staffing as it stands (got {', '.join(marked)}; "
            "an option extending the current one inherits it: set current: false there)"
        )
    plan_folder(args.out, "compare-" + "-".join(names), args.force, inputs=_inputs(args))
    _say_workload(scenarios, args.quiet)
    studies, precision = _study(scenarios, args, "compare: " + " vs ".join(names))
    summaries = {name: summarise(results) for name, results in studies.items()}
    record = comparison_record(scenarios, args.seed, studies, summaries)
    record["versions"] = versions()
    if precision is not None:
        record["precision"] = precision.record()
    files = {
        "comparison.json": to_json(record),
        "comparison.md": comparison_markdown(record).encode(),
        "comparison.csv": comparison_csv(record),
        "differences.csv": differences_csv(record),
        **charts.compare_charts(studies, scenarios),
    }
    if args.trace:
        for scenario in scenarios:
            files[f"trace.{scenario.name}.csv"] = trace(scenario, args.seed, 0)
    _add_observed(files, {s.name: (s, studies[s.name]) for s in scenarios}, args.quiet)
    folder = "compare-" + "-".join(names)
    return _finish(args, folder, files, summaries, record["replications"], precision, record)


def _draws_arguments(cmd: argparse.ArgumentParser) -> None:
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
        type=_whole_number(2, "at least 2", MAX_REPLICATIONS),
        help="with --calibration: offices drawn from the fitted sample (default 10)",
    )


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
    scenarios = _load_all(args.files, args.allow_root)
    names = _distinct_names(scenarios, "scenario names must differ to be compared")
    try:
        sample = draws.read_sample(args.calibration)
        draws.check_options(sample, scenarios, args.files)
        rows = draws.chosen(sample, args.draws, args.seed)
        built = draws.drawn_scenarios(sample, scenarios, rows, args.files)
    except draws.DrawsError as exc:
        raise UsageError(str(exc)) from None
    total = args.draws * reps
    _check_size("comparison", total * len(scenarios), "fewer --draws or --reps")
    inputs = [*_inputs(args), sample.path]
    folder = "compare-" + "-".join(names)
    plan_folder(args.out, folder, args.force, inputs=inputs)
    _check_memory([s for option in built for s in option], args, total)
    _say_workload(scenarios, args.quiet)
    work = [
        task
        for option in built
        for d, scenario in enumerate(option)
        for task in tasks(scenario, args.seed, range(d * reps, (d + 1) * reps))
    ]
    label = f"compare: {' vs '.join(names)} over {args.draws} drawn offices"
    with _progress(len(work), label, args.quiet, per=len(scenarios)) as advance:
        flat = run_all(one_replication, work, args.jobs, advance, args.scheduler)
    studies = {name: flat[i * total : (i + 1) * total] for i, name in enumerate(names)}
    summaries = {name: summarise(results) for name, results in studies.items()}
    record = comparison_record(scenarios, args.seed, studies, summaries)
    record["versions"] = versions()
    draws.over_draws(record, studies, args.draws, reps)
    record["calibration"] = draws.calibration_record(sample, rows, args.draws, reps)
    files = {
        "comparison.json": to_json(record),
        "comparison.md": (comparison_markdown(record) + spread_markdown(record)).encode(),
        "comparison.csv": comparison_csv(record),
        "differences.csv": differences_csv(record),
        "spread.csv": spread_csv(record),
        **charts.compare_charts(studies),
    }
    if args.trace:
        for option, scenario in zip(built, scenarios, strict=True):
            files[f"trace.{scenario.name}.csv"] = trace(option[0], args.seed, 0)
    _add_observed(files, {s.name: (s, studies[s.name]) for s in scenarios}, args.quiet)
    destination = write_folder(args.out, folder, files, args.force, inputs)
    if not args.quiet:
        _print_table(summaries, total)
        _say_text("\n" + render(break_even_table(record)) + "\n")
        _say_text("".join(paragraph(sentence) for sentence in verdicts(record)))
        _say_text("\n" + paragraph(about(record)))
        for table in spread_tables(record):
            _say_text("\n" + render(table))
    _say_written(destination.target, destination.note())
    return 0


def _finish(
    args: argparse.Namespace,
    folder: str,
    files: dict[str, bytes],
    summaries: dict,
    reps: int,
    precision: Precision | None,
    record: dict | None = None,
) -> int:
    """Write a study's folder in one go, then show its KPI table (a comparison's break-even
    too) and the precision reached."""
    destination = write_folder(args.out, folder, files, args.force, _inputs(args))
    if not args.quiet:
        _print_table(summaries, reps)
        if record is not None and "money" in record:
            _say_text("\n" + render(break_even_table(record)) + "\n")
            _say_text("".join(paragraph(sentence) for sentence in verdicts(record)))
    _report_precision(precision)
    _say_written(destination.target, destination.note())
    return 0


def _add_observed(
    files: dict[str, bytes], studies: dict[str, tuple[Scenario, list[Replication]]], quiet: bool
) -> None:
    """observed.json (and its table) when a scenario has an observed: block."""
    rows = []
    for name, (scenario, results) in studies.items():
        found = observed_rows(scenario, results)
        if found and not quiet:
            out.print(observed_table(found, name), markup=False, highlight=False, soft_wrap=True)
        rows += [{**row, "option": name} for row in found]
    if rows:
        files["observed.json"] = observed_json(rows)


def _check_memory(scenarios: Sequence[Scenario], args: argparse.Namespace, count: int) -> None:
    """Refuse, before anything runs, replications run side by side that would need more
    memory than this machine has free (a Dask cluster's workers have their own)."""
    if args.scheduler or not scenarios:
        return
    at_once = max(1, min(args.jobs, count))
    largest = max((s.replication_size() for s in scenarios), key=lambda z: z.memory_bytes)
    free = available_memory()
    if free is None or largest.memory_bytes * at_once <= free:
        return
    fits = int(free // largest.memory_bytes)
    advice = (
        f"give --jobs {fits} or fewer"
        if fits >= 1
        else "fewer providers or visits a day, or a shorter horizon_days"
    )
    raise UsageError(
        f"{at_once} replication{'s' if at_once > 1 else ''} at once would need about "
        f"{gigabytes(largest.memory_bytes * at_once)} of memory (each: {largest.words()}); "
        f"this machine has {gigabytes(free)} free: {advice}"
    )


def _check_size(study: str, size: int, advice: str) -> None:
    """Refuse a study of more than MAX_STUDY_TASKS replications before its task list is built."""
    if size > MAX_STUDY_TASKS:
        raise UsageError(
            f"this {study} would run {size:,} replications; at most {MAX_STUDY_TASKS:,} ({advice})"
        )


def cmd_calibrate(args: argparse.Namespace) -> int:
    (scenario,) = _load_all(args.files, args.allow_root)
    if len(args.fit) > 1:
        return _calibrate_many(args, scenario)
    shown = args.files[0]
    args.points = args.points or 9
    try:
        fit = calibration.parse_fit(args.fit[0])
        found = calibration.candidates(scenario, fit, args.points)
    except calibration.CalibrationError as exc:
        raise UsageError(f"{shown}: {exc}") from None
    _check_size("calibration", len(found) * args.reps, "fewer --points or --reps")
    folder = f"calibrate-{scenario.name}-{fit.key.replace('.', '_')}"
    plan_folder(args.out, folder, args.force, inputs=_inputs(args))
    values = [value for value, _s in found]
    _check_memory([s for _v, s in found], args, len(found) * args.reps)
    work = calibration.tasks([s for _v, s in found], args.seed, args.reps)
    with _progress(len(work), f"calibrate {scenario.name}", args.quiet) as advance:
        flat = run_all(calibration.replication_figures, work, args.jobs, advance, args.scheduler)
    row = calibration.analyse(scenario, fit, values, flat, args.reps, args.seed)
    table = calibration_table(row)
    files = {"calibration.json": calibration_json([row]), "calibration.txt": table.encode()}
    destination = write_folder(args.out, folder, files, args.force, _inputs(args))
    if not args.quiet:
        out.print(table, markup=False, highlight=False, soft_wrap=True, end="")
    _say_written(destination.target, destination.note())
    return 0


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
    _check_size("calibration", points * args.waves * args.reps, "fewer --points, --waves or --reps")
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
    with _progress(
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
    text = fit_text(row)
    files = {
        "fit.json": to_json(row),
        "fit.txt": text.encode(),
        "accepted.csv": accepted_csv(row),
        "calibration.json": calibration_json(report_rows(row)),
    }
    destination = write_folder(args.out, folder, files, args.force)
    if not args.quiet:
        out.print(text, markup=False, highlight=False, soft_wrap=True, end="")
    _say_written(destination.target, destination.note())
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Morris screening of the --vary inputs on the paired net benefit of A over B."""
    options = _with_late_cash_rate(_load_all(args.files, args.allow_root), args.late_cash_rate)
    names = _distinct_names(options, "option names must differ")
    try:
        inputs = sensitivity.parse_inputs(args.vary, options)
    except calibration.CalibrationError as exc:
        raise UsageError(str(exc)) from None
    settings = args.trajectories * (len(inputs.fits) + 1)
    _check_size("sensitivity", settings * 2 * args.reps, "fewer --trajectories or --reps")
    folder = "sensitivity-" + "-".join(names)
    plan_folder(args.out, folder, args.force)
    unit = sensitivity.design(inputs, args.trajectories, args.levels, args.seed)
    try:
        built = sensitivity.scenarios(options, inputs, unit)
    except calibration.CalibrationError as exc:
        raise UsageError(str(exc)) from None
    jobs = [t for pair in built for s in pair for t in tasks(s, args.seed, range(args.reps))]
    with _progress(len(jobs), f"sensitivity: {' vs '.join(names)}", args.quiet) as advance:
        flat = run_all(run_point_replication, jobs, args.jobs, advance, args.scheduler)
    reps = args.reps
    results = [
        [flat[(2 * i + k) * reps : (2 * i + k + 1) * reps] for k in range(2)]
        for i in range(len(built))
    ]
    rate = args.late_cash_rate
    if rate is None:
        rate = options[0].economics.late_cash_annual_rate_share
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
        "late_cash_annual_rate": rate,
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
        "sensitivity.json": to_json(record),
        "sensitivity.txt": text.encode(),
        "sensitivity.csv": sensitivity_csv(record),
    }
    destination = write_folder(args.out, folder, files, args.force)
    if not args.quiet:
        out.print(text, markup=False, highlight=False, soft_wrap=True, end="")
    _say_written(destination.target, destination.note())
    return 0


def _say_workload(scenarios: Sequence[Scenario], quiet: bool) -> None:
    """The workload check's one-line summary per scenario, before the study runs."""
    if quiet:
        return
    for scenario in scenarios:
        err.print(
            f"{scenario.name}: {summary_line(scenario)}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def _say_written(target: Path, note: str = "") -> None:
    """Name the results folder on one line, brackets and all (rich would wrap it, or read markup)."""
    out.print(f"wrote {target}{note}", soft_wrap=True, markup=False, highlight=False)


def _distinct_names(scenarios: list[Scenario], complaint: str) -> list[str]:
    """The scenarios' names; they name output folders and columns, so they must differ."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise UsageError(f"{complaint} (got {', '.join(names)})")
    return names


def _with_late_cash_rate(options: list[Scenario], rate: float | None) -> list[Scenario]:
    """The options with `--late-cash-rate` as their yearly cost of waiting for cash, if given:
    each replication's cohort KPIs price the wait at its scenario's rate."""
    if rate is None:
        return options
    return [
        o.model_copy(
            update={
                "economics": o.economics.model_copy(update={"late_cash_annual_rate_share": rate})
            }
        )
        for o in options
    ]


def cmd_sweep(args: argparse.Namespace) -> int:
    options = _with_late_cash_rate(_load_all(args.files, args.allow_root), args.late_cash_rate)
    names = _distinct_names(options, "option names must differ")
    axes = [parse_axis(text) for text in args.vary]
    if len(axes) > 2 or len({a.key for a in axes}) != len(axes):
        raise UsageError("give one or two different --vary keys")
    fixed = {}
    for text in args.set:
        key, sep, value = split_assignment(text)
        values = parse_values(value) if sep else ()
        if len(values) != 1:
            raise UsageError(f"--set takes KEY=VALUE with one value, got {text!r}")
        fixed[key.strip()] = values[0]
    both = sorted({a.key for a in axes} & set(fixed))
    if both:
        raise UsageError(
            f"{', '.join(both)} is given to both --vary and --set; a key is either varied or "
            "held at one value"
        )
    label = "-".join(a.key.replace(".", "_") for a in axes)
    folder = "sweep-" + "-".join(names) + "-" + label
    plan_folder(args.out, folder, args.force, inputs=_inputs(args))
    size = len(options) * math.prod(len(a.values) for a in axes) * args.reps
    _check_size("sweep", size, "fewer values, options or --reps")
    points = grid(options, axes, fixed)
    _check_memory([p.scenario for p in points], args, len(points) * args.reps)
    jobs = work(points, args.seed, args.reps)
    over = " and ".join(a.key for a in axes)
    with _progress(len(jobs), f"sweep: {' vs '.join(names)} over {over}", args.quiet) as advance:
        flat = run_all(run_point_replication, jobs, args.jobs, advance, args.scheduler)
    results = [flat[i * args.reps : (i + 1) * args.reps] for i in range(len(points))]
    rate = args.late_cash_rate
    if rate is None:
        rate = options[0].economics.late_cash_annual_rate_share
    analysis = analyse(points, results, rate)
    report = report_markdown(analysis, args.reps, args.seed)
    files = {
        "sweep.csv": sweep_csv(points, results),
        "sweep_wide.csv": sweep_wide_csv(analysis, args.reps),
        "sweep.json": to_json({"seed": args.seed, "replications": args.reps, **analysis}),
        "break_even.md": report.encode(),
    }
    if analysis["break_even"]:
        files["net_benefit.png"] = sweep_charts.benefit_chart(analysis)
    for kpi in (*HEADLINE, "staff_cost_usd", "outstanding_usd"):
        if kpi in results[0][0].kpis:
            files[f"{kpi}.png"] = sweep_charts.kpi_chart(analysis, kpi)
    destination = write_folder(args.out, folder, files, args.force, _inputs(args))
    if not args.quiet:
        _say_text(terminal_report(analysis, args.reps, args.seed))
    _say_written(destination.target, destination.note())
    return 0


def _say_text(text: str) -> None:
    """Plain text laid out for the terminal's width already: rich neither wraps nor styles it."""
    out.print(text, end="", markup=False, highlight=False, soft_wrap=True)


def _print_table(summaries: dict, reps: int) -> None:
    """The KPI table, by the registry's short labels, fitted to the terminal (never cut)."""
    _say_text(render(kpi_table(summaries, reps)))


ROLE_WORDS = {"om": "office manager", "ic": "insurance coordinator"}


def _hours(minutes: float) -> str:
    return f"{minutes / 60:.1f}"


def _print_backlog(scenario: Scenario) -> None:
    """The opening books as work to clear once, apart from the daily demand, and how many
    working days of each coordinator's spare time it takes."""
    backlog = opening_backlog(scenario)
    if backlog.minutes <= 0:
        return
    table = Table(title=f"{scenario.name}: opening backlog, hours once (not a day)")
    for column in ("person (roles)", "backlog", "spare a day", "days to clear"):
        wide = column == "person (roles)"
        table.add_column(column, justify="left" if wide else "right", no_wrap=not wide)
    for load in person_loads(scenario):
        if load.backlog_minutes > 0:
            days = load.days_to_clear
            table.add_row(
                f"{load.name}\n({', '.join(load.roles)})",
                _hours(load.backlog_minutes),
                _hours(load.spare_minutes),
                "NEVER" if days is None else f"{days:.0f}",
            )
    out.print(table)
    age = scenario.policy.follow_up_age_days
    out.print(
        f"Opening backlog: {backlog.unsent_claims:.0f} claims to send and "
        f"{backlog.aged_claims:.0f} sent claims past the {age:g}-day follow-up age to chase, "
        f"{_hours(backlog.minutes)} h once; it "
        f"{backlog_words(role_backlog_days(scenario))}.",
        highlight=False,
    )


def _print_ways_of_working(scenario: Scenario) -> None:
    """The hours each way of checking, posting and sending implies, and the visits a day one
    full-time coordinator carries with it."""
    words = {c.choice: c.words for c in choices()} | {"all": "All three"}
    table = Table(title=f"{scenario.name}: how the office works, insurance hours a day")
    for column in ("choice", "way", "its work", "all IC\ntasks", "visits/day\n85%", "at\n100%"):
        wide = column in ("choice", "way")
        table.add_column(column, justify="left" if wide else "right", overflow="fold")
    previous = None
    for way in ways_of_working(scenario):
        table.add_row(
            words[way.choice] if way.choice != previous else "",
            way.label,
            f"{way.kind_hours:.1f}",
            f"{way.ic_hours:.1f}",
            f"{way.visits_tight:.0f}",
            f"{way.visits_full:.0f}",
        )
        previous = way.choice
    out.print(table)
    out.print(
        f"Visits/day: booked visits (this practice books {booked_visits(scenario):g}) one "
        f"full-time coordinator ({COORDINATOR_HOURS:g} h, interruptions included) carries at "
        "85% and 100% load, everything else as the scenario sets it. Set the shares in "
        "ic_work: verification_electronic_share, posting_era_share, claim_electronic_share.",
        highlight=False,
    )


def _check_one(scenario: Scenario) -> bool:
    """Print one scenario's workload tables; True when everything fits in people's hours."""
    roles = Table(title=f"{scenario.name}: work demanded, hours a day")
    for column in ("role", "tasks", "interruptions", "total"):
        roles.add_column(column, justify="left" if column == "role" else "right")
    for role, load in role_loads(scenario).items():
        roles.add_row(
            ROLE_WORDS.get(role, role),
            _hours(load.task_minutes),
            _hours(load.interruption_minutes),
            _hours(load.total_minutes),
        )
    out.print(roles)
    people = Table(title=f"{scenario.name}: each person, hours a day against hours paid")
    for column in ("person (roles)", "tasks", "with\ninterr.", "paid", "load", "verdict"):
        wide = column in ("person (roles)", "verdict")
        people.add_column(
            column, justify="left" if wide else "right", no_wrap=not wide, overflow="fold"
        )
    fits = True
    promises = []
    for load in person_loads(scenario):
        word = verdict(load.share)
        fits = fits and word != "cannot fit"
        broken = broken_promise(scenario, load)
        if broken:
            fits = False
            promises.append(broken)
            word = "cannot keep its promise"
        roles = ", ".join(load.roles)
        if load.overflow_from:
            roles += f"; {load.overflow_from} overflow"
        people.add_row(
            f"{load.name}\n({roles})",
            _hours(load.demand_minutes - load.interruption_minutes),
            _hours(load.demand_minutes),
            _hours(load.paid_minutes),
            f"{load.share:.0%}",
            word.upper() if word.startswith("cannot") else word,
        )
    out.print(people)
    for broken in promises:
        out.print(f"CANNOT KEEP ITS PROMISE: {broken}", highlight=False)
    if scenario.outsourcing.sized_to_work and any(
        "billing_service" in p.roles for p in scenario.staff
    ):
        out.print(
            "The billing team's paid hours are sized to its work (outsourcing.sized_to_work).",
            highlight=False,
        )
    if any(load.overflow_from for load in person_loads(scenario)):
        out.print(
            "Overflow: what the coordinators' paid hours cannot hold is counted on whoever "
            "takes their overflow.",
            highlight=False,
        )
    _print_ways_of_working(scenario)
    _print_backlog(scenario)
    for role in unstaffed_roles(scenario):
        fits = False
        out.print(f"CANNOT FIT: nobody holds the {ROLE_WORDS.get(role, role)} role ({role})")
    out.print(
        "A count before simulation: volumes times mean task times, without queues or deadlines. "
        "Above 85% is tight; above 100% the work cannot fit and will pile up or be dropped.",
        highlight=False,
    )
    return fits


def cmd_check(args: argparse.Namespace) -> int:
    """Workload check of each scenario; exit 1 when someone's work cannot fit, 2 on bad input."""
    scenarios = _load_all(args.files, args.allow_root)
    results = [_check_one(scenario) for scenario in scenarios]
    return 0 if all(results) else 1


def _payer_mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for text in pairs:
        given, sep, target = text.partition("=")
        if not sep or not given.strip() or not target.strip():
            raise UsageError(f"--payer takes NAME=PAYER, got {text!r}")
        mapping[given.strip()] = target.strip()
    return mapping


def _client_yaml(imported: ImportedClaims, base: Path, out_path: Path) -> str:
    """The client scenario's text: extends BASE, with the opening state from the export, one
    claim a line (compact, so more claims fit within the scenario size limit)."""
    relative = os.path.relpath(base.resolve(), out_path.resolve().parent)
    head = (
        f"# Written by twohats import-claims: {len(imported.claims)} open claims as of "
        f"{imported.as_of}.\n# Edit the base scenario for the practice; rerun the import for "
        "new books.\n"
    )
    body: dict[str, object] = {"extends": relative}
    name = _results_name(out_path.stem)
    if name != out_path.stem:
        body["name"] = name
    body["opening"] = opening_section(imported)
    return head + yaml.safe_dump(
        body, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1_000
    )


def _results_name(stem: str) -> str:
    """A file stem as a results-folder name: the stem itself when it is one (letters, digits,
    _ . -, starting with a letter or digit), else its runs of other characters as '-'."""
    if re.fullmatch(SCENARIO_NAME, stem):
        return stem
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).lstrip("_.-")[:100].rstrip("-")
    return slug or "client"


def _say_past_limit(imported: ImportedClaims, limits: dict[str, int]) -> None:
    """Name each claim already past its payer's filing limit: the run writes them off on day 0."""
    late = past_filing_limit(imported, limits)
    if not late:
        return
    total = sum(round(c["expected_usd"] * 100) for c in late) / 100
    lines = [
        f"{len(late)} claim{'' if len(late) == 1 else 's'} (${total:,.2f}) past their payer's "
        f"filing limit on "
        f"{imported.as_of}, written off as timely filing on day 0:"
    ]
    for claim in late:
        sent = claim["sent_date"]
        how = "never sent" if sent is None else f"sent {sent}, after the limit"
        lines.append(
            f"  {claim['payer']}, service {claim['service_date']}, "
            f"${claim['expected_usd']:,.2f}, {how} ({limits[claim['payer']]} days)"
        )
    out.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


def _say_import(imported: ImportedClaims, out_path: Path) -> None:
    from sim.model.claim import AGING_BUCKETS, aging_bucket

    buckets = dict.fromkeys(AGING_BUCKETS, 0)
    unsent, unsent_cents = 0, 0
    for claim in imported.claims:
        cents = round(claim["expected_usd"] * 100)
        if claim["sent_date"] is None:
            unsent, unsent_cents = unsent + 1, unsent_cents + cents
        else:
            buckets[aging_bucket((imported.as_of - claim["service_date"]).days)] += cents
    aging = ", ".join(f"{name} ${cents / 100:,.2f}" for name, cents in buckets.items())
    lines = [
        f"read {imported.shape}; {imported.encoding}, {imported.delimiter}-separated",
        *(f"  {column} <- {source}" for column, source in imported.fed.items()),
        "  ignored: " + (", ".join(repr(c) for c in imported.ignored) or "no column"),
        f"as of {imported.as_of}: sent claims (A/R) ${sum(buckets.values()) / 100:,.2f} "
        f"({aging}); unsent {unsent} claims ${unsent_cents / 100:,.2f}; "
        f"{imported.skipped_rows} blank or total rows skipped",
    ]
    if imported.estimated:
        lines.append(
            f"note: the insurance estimate of {imported.estimated} claims is ESTIMATED from the "
            "billed amount and the base scenario's coverage, not read from the export"
        )
    for line in lines:
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    _say_written(out_path)


def _columns_chosen(pairs: Sequence[str]) -> dict[str, str]:
    from sim.scenario.claims_import import layout

    fields = list(layout()["columns"])
    chosen = {}
    for text in pairs:
        name, sep, header = text.partition("=")
        if not sep or name.strip() not in fields or not header.strip():
            raise UsageError(
                f"--column takes FIELD=HEADER with FIELD one of {', '.join(fields)}, got {text!r}"
            )
        chosen[name.strip()] = header.strip()
    return chosen


def _estimator(base: Scenario) -> Estimator:
    """The base scenario's coverage and fee schedule, as an estimate of a claim's insurance."""
    fees = {name: procedure.fee_usd.mean for name, procedure in base.practice.procedures.items()}
    return coverage_estimator({p.name: p.coverage_share for p in base.payers}, fees)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def cmd_import_claims(args: argparse.Namespace) -> int:
    """Validate everything, then write CLIENT.yaml in one step (nothing written on error)."""
    if _same_file(args.file, args.out):
        raise UsageError(
            f"--out {args.out} is the export being read; write the client scenario to another file"
        )
    if args.out.exists() and not args.force:
        raise UsageError(f"{args.out} exists; give --force to replace it, or another --out")
    if args.out.suffix not in (".yaml", ".yml"):
        raise UsageError(f"--out must name a .yaml file, got {args.out}")
    try:
        as_of = read_date(args.as_of) if args.as_of else None
        if as_of is not None and as_of > date.today():
            raise UsageError(
                f"--as-of: {as_of} is after today ({date.today()}); give the date of the aging "
                "report, the day the export was taken"
            )
        as_of = parse_date(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None
    roots = [*args.allow_root, args.extends.resolve().parent]
    base = load_scenario(args.extends, roots)
    if args.out.resolve() in extends_chain(args.extends, allowed_roots(roots)):
        raise UsageError(
            f"--out {args.out} is a file the base scenario is built from (--extends or a file "
            "it extends); the client file extends them, so write it under another name"
        )
    options = ImportOptions(
        [p.name for p in base.payers],
        _payer_mapping(args.payer),
        as_of,
        _columns_chosen(args.column),
        _estimator(base) if args.estimate_from_billed else None,
    )
    imported = read_open_claims(args.file, options)
    text = _client_yaml(imported, args.extends, args.out)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        each = size / len(imported.claims)
        raise UsageError(
            f"{len(imported.claims):,} open claims make a client file of {size:,} bytes, over "
            f"the {MAX_FILE_BYTES:,}-byte limit every scenario file is read with (about "
            f"{int(MAX_FILE_BYTES / each):,} claims fit); nothing was written. Give the books "
            "as totals instead (opening.ar_usd by bucket and opening.unsubmitted_claims), or "
            "import the claims of fewer carriers"
        )
    merged = deep_merge(load_raw(args.extends, roots=roots), yaml.safe_load(text))
    merged.pop("extends", None)
    merged["name"] = _results_name(args.out.stem)
    scenario_from_raw(merged, str(args.out))
    write_file(args.out, text, args.force)
    _say_import(imported, args.out)
    _say_past_limit(imported, {p.name: p.timely_filing_days for p in base.payers})
    if not args.extends.resolve().is_relative_to(args.out.resolve().parent):
        err.print(
            f"note: {args.out} extends a file outside its folder; run it with "
            f"--allow-root {args.extends.resolve().parent}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    return 0


def _report_parser(sub: argparse._SubParsersAction) -> None:
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
        type=_whole_number(0, "0 (leave the ranking out) or more", MAX_SENSITIVITY_REPS),
        default=SENSITIVITY_REPS,
        metavar="N",
        help="replications a setting of the sensitivity run that ranks the assumptions that "
        "matter most for this practice (0 leaves it out and lists them unranked)",
    )
    cmd.add_argument(
        "--jobs", type=_jobs, default=min(default_jobs(), MAX_JOBS), help="worker processes"
    )


def _report_html(folder, path: Path, measured: dict | None = None) -> str:
    """The report's page; a results file edited out of the shape twohats writes is an error.

    The reader checks each file's top-level structure; a value changed deeper down (a mean
    that is text, a missing interval) shows only when the page is built.
    """
    try:
        return any_report_html(folder, measured)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ReportError(
            f"{path}: a results file does not have the shape twohats writes "
            f"({type(exc).__name__}: {exc}); rerun the study rather than edit its files "
            "(if nobody edited them, this is a twohats bug: please report it with the folder)"
        ) from None


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


def _measure_assumptions(folder, args: argparse.Namespace) -> dict | None:
    """The sensitivity run behind the report's assumptions that matter most, on the folder's
    scenarios and seed (None for a sweep folder, with --sensitivity-reps 0, or without a net
    benefit to measure)."""
    plan = sensitivity_plan(folder) if isinstance(folder, Folder) else None
    if plan is None or not args.sensitivity_reps:
        return None
    options, inputs = plan
    design = sensitivity_design()
    size = relative_sensitivity.work_size(inputs, design, args.sensitivity_reps)
    _check_size("sensitivity run", size, "fewer --sensitivity-reps")
    label = f"report: assumptions ({' vs '.join(o.name for o in options)})"
    try:
        relative_sensitivity.scenarios(options, inputs, np.array([[0.0] * len(inputs.fits)]))
        relative_sensitivity.scenarios(options, inputs, np.array([[1.0] * len(inputs.fits)]))
    except calibration.CalibrationError as exc:
        raise ReportError(
            f"{exc}: the assumptions cannot be tried over their ranges for this practice "
            "(write the report with --sensitivity-reps 0 to list them unranked)"
        ) from None
    with _progress(size, label, quiet=False) as advance:
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
        write_report(_report_html(folder, args.folder, measured), target, args.force)
    except ReportError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    _say_written(target)
    return 0


def cmd_schema(_args: argparse.Namespace) -> int:
    out.file.write(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2) + "\n")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "run": cmd_run,
    "compare": cmd_compare,
    "sweep": cmd_sweep,
    "check": cmd_check,
    "calibrate": cmd_calibrate,
    "sensitivity": cmd_sensitivity,
    "import-claims": cmd_import_claims,
    "report": cmd_report,
    "schema": cmd_schema,
}


def _out_of_memory(exc: BaseException) -> int:
    """Memory ran out, here or in a worker process (which the system then ended)."""
    what = (
        "this process ran out of memory"
        if isinstance(exc, MemoryError)
        else "a worker process ended abruptly (most often the system ending it for lack of memory)"
    )
    err.print(
        f"error: {what}; no results were written. Try fewer --jobs, fewer providers or visits "
        "a day, or a shorter horizon_days (twohats validate estimates a replication's memory)",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with stop_on_signals():
            return COMMANDS[args.command](args)
    except ScenarioError as exc:
        for problem in exc.problems:
            err.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except ClaimsImportError as exc:
        for problem in exc.problems:
            err.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except (
        UsageError,
        SweepError,
        ClusterUnavailable,
        ResultsError,
        calibration.CalibrationError,
    ) as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except Terminated:
        err.print("stopped (terminated): no results were written")
        return 143
    except (MemoryError, BrokenProcessPool) as exc:
        return _out_of_memory(exc)
    except KeyboardInterrupt:
        err.print("stopped: no results were written")
        return 130
    except OSError as exc:
        err.print(
            f"error: cannot write output ({exc})", markup=False, highlight=False, soft_wrap=True
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
