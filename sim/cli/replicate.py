"""What `run` and `compare` share: their options, replicating scenarios on the same
replication numbers (to a precision if asked), and the folder and tables they end with."""

from __future__ import annotations

import argparse

from sim.cli.arguments import replications, share
from sim.cli.common import (
    HEADLINE,
    UsageError,
    check_memory,
    inputs,
    out,
    print_table,
    progress,
    say_text,
    say_written,
)
from sim.model.office import Replication
from sim.outputs.money import break_even_table, verdicts
from sim.outputs.observed import observed_json, observed_table
from sim.outputs.results import write_folder
from sim.outputs.terminal import paragraph, render
from sim.scenario.schema import Scenario
from sim.study.observed import compare as observed_rows
from sim.study.precision import MIN_REPLICATIONS, Precision, run_to_precision
from sim.study.replications import one_replication, run_all, tasks


def replication_options(cmd: argparse.ArgumentParser) -> None:
    """--reps, --precision, --max-reps and --trace."""
    cmd.add_argument(
        "--reps",
        type=replications,
        help="replications (default 20; with --precision, the number to start from, default 5)",
    )
    cmd.add_argument(
        "--precision",
        type=share,
        help="add replications until every headline KPI's 95%% CI half-width is within this share of its mean",
    )
    cmd.add_argument(
        "--max-reps", type=replications, default=200, help="cap for --precision (default 200)"
    )
    cmd.add_argument(
        "--trace", action="store_true", help="also write the event log of replication 0"
    )


def check_precision(args: argparse.Namespace) -> None:
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


def study(
    scenarios: list[Scenario], args: argparse.Namespace, label: str
) -> tuple[dict[str, list[Replication]], Precision | None]:
    """Replicate every scenario with the same replication numbers, to a precision if asked.

    Returns the replications by scenario name, and the precision search (None without one).
    """
    first = args.reps or (MIN_REPLICATIONS if args.precision else 20)
    planned = [first * len(scenarios)]
    check_memory(scenarios, args, args.max_reps if args.precision else planned[0])
    if len(scenarios) > 1:
        label += " (replications of each option)"
    with progress(planned[0], label, args.quiet, per=len(scenarios)) as advance:

        def batch(numbers: range) -> dict[str, list[Replication]]:
            wanted = numbers.stop * len(scenarios)
            if wanted > planned[0]:
                advance(0, wanted - planned[0])
                planned[0] = wanted
            work = [t for s in scenarios for t in tasks(s, args.seed, numbers)]
            results = run_all(one_replication, work, args.jobs, advance, args.scheduler)
            size = len(numbers)
            return {s.named: results[i * size : (i + 1) * size] for i, s in enumerate(scenarios)}

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


def percent(share: float) -> str:
    """0.05 as "5%", 0.001 as "0.1%" (never rounded to "0%")."""
    return f"{share * 100:.4g}%"


def _report_precision(precision: Precision | None) -> None:
    if precision is None:
        return
    needed = precision.replications_needed
    if precision.reached and needed is not None:  # a reached precision has its count
        out.print(
            f"precision {percent(precision.target)} reached with {needed} "
            f"replications (+{precision.replications_used - needed} look-ahead)"
        )
    else:
        out.print(
            f"precision {percent(precision.target)} NOT reached within {precision.max_replications} replications"
        )
    if precision.excluded_near_zero:
        out.print(
            "near-zero means, left out of the precision rule: "
            + ", ".join(precision.excluded_near_zero)
        )


def add_observed(
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


def say_break_even(record: dict) -> None:
    """A comparison's break-even table and the verdicts under it."""
    say_text("\n" + render(break_even_table(record)) + "\n")
    say_text("".join(paragraph(sentence) for sentence in verdicts(record)))


def finish(
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
    destination = write_folder(args.out, folder, files, args.force, inputs(args))
    if not args.quiet:
        print_table(summaries, reps)
        if record is not None and "money" in record:
            say_break_even(record)
    _report_precision(precision)
    say_written(destination.target, destination.note())
    return 0
