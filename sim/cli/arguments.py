"""Option types with plain messages, the options most commands share, and the help layout."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from sim.cli.common import MAX_JOBS, MAX_REPLICATIONS
from sim.study.cluster import scheduler_address
from sim.study.replications import default_jobs


def whole_number(minimum: int, wording: str, maximum: int | None = None) -> Callable[[str], int]:
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


replications = whole_number(1, "at least 1", MAX_REPLICATIONS)
_jobs = whole_number(1, "at least 1", MAX_JOBS)
_seed = whole_number(0, "0 or more")


def _scheduler(text: str) -> str:
    try:
        return scheduler_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (e.g. 0.05), got {value}")
    return value


def rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be a yearly share between 0 and 1, got {value}")
    return value


def allow_root(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--allow-root",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="let extends: read files below DIR too (repeatable; or set TWOHATS_ALLOW_ROOT)",
    )


def study_options(cmd: argparse.ArgumentParser) -> None:
    """Seed, results folder, workers, --allow-root and --quiet: every study command's options."""
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
    allow_root(cmd)
    cmd.add_argument(
        "--quiet", action="store_true", help="no progress (bar or log lines) and no table"
    )


class DefaultsShown(argparse.HelpFormatter):
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
