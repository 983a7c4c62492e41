"""The `twohats` argument parser: each command adds its own options, in the order help lists them."""

from __future__ import annotations

import argparse
import sys
from functools import partial

from sim.cli import (
    calibrate,
    check,
    compare,
    import_claims,
    report,
    run,
    schema,
    sensitivity,
    sweep,
    validate,
)
from sim.cli.arguments import DefaultsShown

DESCRIPTION = "The `twohats` command: validate scenarios, run them, compare them, print the schema."
COMMANDS = (
    validate,
    run,
    compare,
    sweep,
    check,
    calibrate,
    sensitivity,
    import_claims,
    report,
    schema,
)
"""Each command's module, in the order `twohats --help` lists them."""


def _version() -> str:
    """The installed package's version (the source tree's when run uninstalled)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("twohats")
    except PackageNotFoundError:
        return "unknown (not installed)"


def parser() -> argparse.ArgumentParser:
    built = argparse.ArgumentParser(
        prog="twohats", description=DESCRIPTION, formatter_class=DefaultsShown
    )
    built.add_argument(
        "--version",
        action="version",
        version=f"twohats {_version()} (Python {sys.version.split()[0]})",
    )
    sub = built.add_subparsers(
        dest="command",
        required=True,
        # typeshed wants a parser class; a partial of one builds the same parsers.
        parser_class=partial(argparse.ArgumentParser, formatter_class=DefaultsShown),  # type: ignore[call-overload]
    )
    for command in COMMANDS:
        command.add_parser(sub)
    return built
