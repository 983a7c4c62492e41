"""What the commands share: the two consoles, the error that exits 2, the study limits,
loading scenarios, the progress bar, the checks made before a study runs, and the few lines
every study prints (the workload summary, the KPI table, the folder written)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sim.model.registry import registry
from sim.outputs.comparison import kpi_table
from sim.outputs.progress import ProgressLog
from sim.outputs.results import write_folder
from sim.outputs.terminal import render
from sim.scenario.loading import ScenarioError, allowed_roots, extends_chain, load_scenario
from sim.scenario.schema import Scenario
from sim.scenario.size import available_memory, gigabytes
from sim.scenario.workload import summary_line

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


def say_error(message: object) -> int:
    """Print one `error:` line as it is (paths and names may hold brackets); exit status 2."""
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return 2


def inputs(args: argparse.Namespace) -> list[Path]:
    """Every file the study reads: each scenario file and the files it extends (found once,
    when the plan is made, and kept for the write)."""
    if getattr(args, "inputs", None) is None:
        roots = allowed_roots(args.allow_root)
        args.inputs = [path for file in args.files for path in extends_chain(file, roots)]
    return args.inputs


def load_all(files: Sequence[Path], roots: Sequence[Path] = ()) -> list[Scenario]:
    scenarios, problems = [], []
    for path in files:
        try:
            scenarios.append(load_scenario(path, roots))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    return scenarios


def distinct_names(scenarios: list[Scenario], complaint: str) -> list[str]:
    """The scenarios' names; they name output folders and columns, so they must differ."""
    names = [s.named for s in scenarios]
    if len(set(names)) != len(names):
        raise UsageError(f"{complaint} (got {', '.join(names)})")
    return names


def with_late_cash_rate(options: list[Scenario], rate: float | None) -> list[Scenario]:
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


@contextmanager
def progress(total: int, label: str, quiet: bool, per: int = 1) -> Iterator[Callable[..., None]]:
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
                planned = bar.tasks[0].total
                assert planned is not None, "the task was added with its total"
                bar.update(task, total=planned + grow / per)
            bar.advance(task, n / per)

        yield advance


def check_memory(scenarios: Sequence[Scenario], args: argparse.Namespace, count: int) -> None:
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


def check_size(study: str, size: int, advice: str) -> None:
    """Refuse a study of more than MAX_STUDY_TASKS replications before its task list is built."""
    if size > MAX_STUDY_TASKS:
        raise UsageError(
            f"this {study} would run {size:,} replications; at most {MAX_STUDY_TASKS:,} ({advice})"
        )


def say_workload(scenarios: Sequence[Scenario], quiet: bool) -> None:
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


def say_written(target: Path, note: str = "") -> None:
    """Name the results folder on one line, brackets and all (rich would wrap it, or read markup)."""
    out.print(f"wrote {target}{note}", soft_wrap=True, markup=False, highlight=False)


def say_text(text: str) -> None:
    """Plain text laid out for the terminal's width already: rich neither wraps nor styles it."""
    out.print(text, end="", markup=False, highlight=False, soft_wrap=True)


def print_table(summaries: dict, reps: int) -> None:
    """The KPI table, by the registry's short labels, fitted to the terminal (never cut)."""
    say_text(render(kpi_table(summaries, reps)))


def write_results(
    args: argparse.Namespace,
    folder: str,
    files: dict[str, bytes],
    show: Callable[[], None],
    read: Sequence[Path] = (),
) -> int:
    """Write a study's folder in one go, `show` what it found (unless --quiet), then name the
    folder; `read` are the files the study read, which --force may not replace."""
    destination = write_folder(args.out, folder, files, args.force, read)
    if not args.quiet:
        show()
    say_written(destination.target, destination.note())
    return 0
