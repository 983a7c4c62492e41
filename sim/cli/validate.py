"""`twohats validate`: check scenario files and report every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.arguments import allow_root
from sim.cli.common import err, out
from sim.scenario.checks import interruption_warnings
from sim.scenario.loading import ScenarioError, load_scenario


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("validate", help="check scenario files and report every problem")
    cmd.add_argument("files", nargs="+", type=Path)
    allow_root(cmd)
    cmd.set_defaults(handler=cmd_validate)


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
