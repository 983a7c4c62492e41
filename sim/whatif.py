"""The "Try your practice" page's way into the model, run by Pyodide in the reader's browser.

Text in, JSON text out, so nothing depends on how JavaScript and Python convert objects.
A scenario goes through `load_scenario`, the command line's own loader and schema, and a
replication is `simulate` itself on the validated scenario's dump, exactly what `twohats
run` hands each replication: the same scenario, seed and replication number give the same
KPIs in the page as on the command line.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml

from sim.model.office import simulate
from sim.scenario.loading import ScenarioError, load_scenario
from sim.scenario.schema import Scenario

CHART_COLUMNS = ("cumulative_cash_usd", "ar_usd_90_plus")
"""Daily columns the page charts: cash collected so far, and insurance A/R over 90 days old."""


def _as_json(data: object) -> str:
    return json.dumps(data, allow_nan=False)


def _check_file(text: str, name: str) -> str:
    """Validate YAML text as the command line would a file called `name`.yaml."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            problems = [{"key_path": p.key_path, "message": p.message} for p in exc.problems]
            return _as_json({"problems": problems})
    return _as_json({"scenario": scenario.model_dump(mode="json", by_alias=True)})


def check_yaml(text: str, name: str) -> str:
    """A scenario file's text: its validated scenario, or every problem with its key path."""
    return _check_file(text, name)


def check(scenario_json: str, name: str) -> str:
    """A scenario the page built from its form (JSON text), validated like a file."""
    data: Any = json.loads(scenario_json)
    return _check_file(yaml.safe_dump(data, sort_keys=False), name)


def to_yaml(scenario_json: str) -> str:
    """A scenario as YAML text, to continue with on the command line."""
    return yaml.safe_dump(json.loads(scenario_json), sort_keys=False, allow_unicode=True)


def replicate(scenario_json: str, seed: int, replication: int) -> str:
    """One replication of a validated scenario: its KPIs and the charted daily columns."""
    scenario = Scenario.model_validate(json.loads(scenario_json))
    result = simulate(scenario, seed, replication)
    daily = {column: list(result.daily.column(column)) for column in CHART_COLUMNS}
    return _as_json({"replication": replication, "kpis": result.kpis, "daily": daily})
