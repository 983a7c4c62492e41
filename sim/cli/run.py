"""`twohats run`: replicate one scenario and write its summary, daily figures and charts."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.arguments import study_options
from sim.cli.common import inputs, load_all, say_workload
from sim.cli.replicate import add_observed, check_precision, finish, replication_options, study
from sim.outputs import charts
from sim.outputs.results import daily_csv, plan_folder, record_json, study_record
from sim.outputs.trace import trace
from sim.study.records import RunRecord
from sim.study.replications import summarise


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("run", help="run one scenario")
    cmd.add_argument("files", nargs=1, type=Path)
    replication_options(cmd)
    study_options(cmd)
    cmd.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    check_precision(args)
    (scenario,) = load_all(args.files, args.allow_root)
    name = scenario.named
    plan_folder(args.out, name, args.force, inputs=inputs(args))
    say_workload([scenario], args.quiet)
    studies, precision = study([scenario], args, name)
    results = studies[name]
    kpis = summarise(results)
    record = study_record(scenario, args.seed, results, kpis)
    if precision is not None:
        record["precision"] = precision.record()
    files = {
        "summary.json": record_json(RunRecord, record),
        "daily.csv": daily_csv(results),
        **charts.run_charts(name, results),
    }
    if args.trace:
        files["trace.csv"] = trace(scenario, args.seed, 0)
    add_observed(files, {name: (scenario, results)}, args.quiet)
    return finish(args, name, files, {name: kpis}, len(results), precision)
