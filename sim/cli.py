"""The `twohats` command: validate scenarios, run them, compare them, print the schema."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim import charts
from sim.loading import ScenarioError, load_scenario
from sim.results import daily_csv, study_record, to_json, write_folder
from sim.scenario import Scenario
from sim.stats import paired_difference
from sim.study import default_jobs, replicate, summarise

HEADLINE = (
    "days_in_ar",
    "ar_over_90_share_end",
    "collected_usd",
    "written_off_usd",
    "claim_lag_days_mean",
    "unsubmitted_claims_end",
    "denial_rate",
    "om_tasks_late",
)
err = Console(stderr=True)
out = Console()


class UsageError(Exception):
    """Bad command-line input that argparse cannot catch (exit status 2)."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twohats", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check scenario files and report every problem")
    validate.add_argument("files", nargs="+", type=Path)
    for name, helptext in (
        ("run", "run one scenario"),
        ("compare", "run scenarios side by side (paired)"),
    ):
        cmd = sub.add_parser(name, help=helptext)
        cmd.add_argument("files", nargs=1 if name == "run" else "+", type=Path)
        cmd.add_argument("--reps", type=_positive, default=20, help="replications (default 20)")
        cmd.add_argument("--seed", type=_seed, default=1, help="study seed (default 1)")
        cmd.add_argument("--out", type=Path, default=Path("results"), help="results folder")
        cmd.add_argument("--jobs", type=_positive, default=default_jobs(), help="worker processes")
        cmd.add_argument("--quiet", action="store_true", help="no progress bar or table")
    sub.add_parser("schema", help="print the scenario JSON Schema")
    return parser


def _load_all(files: Sequence[Path]) -> list[Scenario]:
    scenarios, problems = [], []
    for path in files:
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return scenarios


@contextmanager
def _progress(total: int, label: str, quiet: bool):
    if quiet:
        yield lambda _n: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def cmd_validate(args: argparse.Namespace) -> int:
    status = 0
    for path in args.files:
        try:
            load_scenario(path)
            out.print(f"ok: {path}")
        except ScenarioError as exc:
            status = 2
            for problem in exc.problems:
                err.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
    return status


def cmd_run(args: argparse.Namespace) -> int:
    (scenario,) = _load_all(args.files)
    with _progress(args.reps, f"{scenario.name}", args.quiet) as advance:
        results = replicate(scenario, args.seed, range(args.reps), args.jobs, advance)
    kpis = summarise(results)
    files = {
        "summary.json": to_json(study_record(scenario, args.seed, results, kpis)),
        "daily.csv": daily_csv(results),
        **charts.run_charts(scenario.name, results),
    }
    target = write_folder(args.out / scenario.name, files)
    if not args.quiet:
        _print_table({scenario.name: kpis}, args.reps)
    out.print(f"wrote {target}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    scenarios = _load_all(args.files)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise UsageError(f"scenario names must differ to be compared (got {', '.join(names)})")
    studies = {}
    with _progress(args.reps * len(scenarios), "compare", args.quiet) as advance:
        for scenario in scenarios:
            studies[scenario.name] = replicate(
                scenario, args.seed, range(args.reps), args.jobs, advance
            )
    summaries = {name: summarise(results) for name, results in studies.items()}
    record = comparison_record(scenarios, args.seed, studies, summaries)
    files = {
        "comparison.json": to_json(record),
        "comparison.md": comparison_markdown(record).encode(),
        **charts.compare_charts(studies),
    }
    target = write_folder(args.out / ("compare-" + "-".join(names)), files)
    if not args.quiet:
        _print_table(summaries, args.reps)
    out.print(f"wrote {target}")
    return 0


def comparison_record(scenarios: list[Scenario], seed: int, studies: dict, summaries: dict) -> dict:
    """Each scenario's KPIs, and each later scenario's paired difference from the first."""
    first, *others = list(studies)
    differences = {}
    for other in others:
        differences[f"{other} - {first}"] = {
            kpi: paired_difference(
                [r.kpis[kpi] for r in studies[first]], [r.kpis[kpi] for r in studies[other]]
            )
            for kpi in summaries[first]
            if kpi in summaries[other]
        }
    return {
        "scenarios": [s.model_dump(mode="json", by_alias=True) for s in scenarios],
        "seed": seed,
        "replications": len(studies[first]),
        "kpis": summaries,
        "differences": differences,
    }


def _fmt(kpi: str, value: float) -> str:
    if kpi.endswith("_usd"):
        return f"${value:,.0f}"
    if "share" in kpi or "rate" in kpi or kpi.startswith("utilization"):
        return f"{value:.1%}"
    return f"{value:,.1f}"


def _headline(summaries: dict) -> list[str]:
    extra = sorted({k for s in summaries.values() for k in s if k.startswith("utilization.")})
    return [k for k in (*HEADLINE, *extra) if any(k in s for s in summaries.values())]


def comparison_markdown(record: dict) -> str:
    """A KPI table with 95% CIs, then the paired differences."""
    summaries, names = record["kpis"], list(record["kpis"])
    lines = [f"# Comparison ({record['replications']} replications, seed {record['seed']})", ""]
    lines.append("| KPI | " + " | ".join(names) + " |")
    lines.append("|---|" + "---|" * len(names))
    for kpi in _headline(summaries):
        cells = []
        for name in names:
            entry = summaries[name].get(kpi)
            cells.append(
                "n/a"
                if entry is None
                else f"{_fmt(kpi, entry['mean'])} ({_fmt(kpi, entry['ci95'][0])} to {_fmt(kpi, entry['ci95'][1])})"
            )
        lines.append(f"| {kpi} | " + " | ".join(cells) + " |")
    for label, diffs in record["differences"].items():
        lines += [
            "",
            f"## {label} (paired over replications)",
            "",
            "| KPI | mean difference | 95% CI | distinguishable from 0 |",
            "|---|---|---|---|",
        ]
        for kpi in _headline(summaries):
            if kpi in diffs:
                d = diffs[kpi]
                lines.append(
                    f"| {kpi} | {_fmt(kpi, d['mean'])} | {_fmt(kpi, d['ci95'][0])} to {_fmt(kpi, d['ci95'][1])} | "
                    f"{'yes' if d['distinguishable'] else 'no'} |"
                )
    return "\n".join(lines) + "\n"


def _print_table(summaries: dict, reps: int) -> None:
    table = Table(title=f"KPIs: mean (95% CI), {reps} replications")
    table.add_column("KPI")
    for name in summaries:
        table.add_column(name, justify="right")
    for kpi in _headline(summaries):
        row = [kpi]
        for summary in summaries.values():
            entry = summary.get(kpi)
            row.append(
                "n/a"
                if entry is None
                else f"{_fmt(kpi, entry['mean'])}\n({_fmt(kpi, entry['ci95'][0])} to {_fmt(kpi, entry['ci95'][1])})"
            )
        table.add_row(*row)
    out.print(table)


def cmd_schema(_args: argparse.Namespace) -> int:
    out.file.write(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2) + "\n")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": cmd_validate,
    "run": cmd_run,
    "compare": cmd_compare,
    "schema": cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ScenarioError as exc:
        for problem in exc.problems:
            err.print(f"error: {problem}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except UsageError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        err.print("stopped: no results were written")
        return 130
    except OSError as exc:
        err.print(f"error: cannot write results ({exc})", markup=False, highlight=False, soft_wrap=True)
        return 2


if __name__ == "__main__":
    sys.exit(main())
