"""`twohats schema`: print the scenario JSON Schema."""

from __future__ import annotations

import argparse
import json

from sim.cli.common import out
from sim.scenario.schema import Scenario


def add_parser(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("schema", help="print the scenario JSON Schema")
    cmd.set_defaults(handler=cmd_schema)


def cmd_schema(_args: argparse.Namespace) -> int:
    out.file.write(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2) + "\n")
    return 0
