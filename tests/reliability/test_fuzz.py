"""Fuzz: bundled scenarios mutated at random (values changed, types swapped, keys deleted or
added) either run, with the MODEL.md identities intact, or are refused with exit 2 naming the
file and a key path; never a traceback, and nothing is left under --out when refused."""

from __future__ import annotations

import contextlib
import io
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.scenario.loading import load_raw
from tests.model.test_identities import kpi_identities

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))
SHORT_DAYS = 30
SHORT_WARM_UP = {"warm_up_days": 30}
"""A short warm-up too: the default 399 days was nine tenths of each run, and what is fuzzed is
whether a file is run or refused cleanly. The study section can itself be mutated."""

odd_values = st.one_of(
    st.integers(-5, 400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2, 50),
    st.sampled_from([0, -0.0, 1e308, -1, True, False, None, "", "30", "x", [], {}]),
    st.text(max_size=8),
    st.lists(st.integers(0, 5), max_size=3),
    st.dictionaries(st.sampled_from(["dist", "mean", "value", "min", "zz"]), st.integers(0, 9)),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path into a scenario mapping (list items by index)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _at(data: dict, path: tuple) -> tuple[Any, Any]:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    return parent, path[-1]


def _mutate(data: dict, draw: Any) -> dict:
    """One to three changes: mostly a number scaled (plausible), else an odd value, a
    deleted key or list item, or an added key or item."""
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["scale", "scale", "scale", "odd", "delete", "add"]))
        paths = _paths(data)
        if action == "scale":
            paths = [p for p in paths if _number(_at(data, p)[0][p[-1]])] or paths
        parent, last = _at(data, draw(st.sampled_from(paths)))
        if action == "scale" and _number(parent[last]):
            scaled = parent[last] * draw(st.sampled_from([0, 0.5, 0.9, 1.1, 2, 3]))
            parent[last] = round(scaled) if isinstance(parent[last], int) else scaled
        elif action in ("odd", "scale"):
            parent[last] = draw(odd_values)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "colour", "horizon_dayz"]))] = draw(odd_values)
        else:
            parent.append(draw(odd_values))
    return data


@st.composite
def mutated_scenarios(draw: Any) -> tuple[str, dict]:
    source = draw(st.sampled_from(BUNDLED))
    data = load_raw(source)
    data["horizon_days"] = SHORT_DAYS
    data["study"] = dict(SHORT_WARM_UP)
    data = _mutate(data, draw)
    days = data.get("horizon_days")
    if isinstance(days, int) and not isinstance(days, bool) and days > SHORT_DAYS:
        data["horizon_days"] = SHORT_DAYS  # keep the run short; the type is still fuzzed
    return source.stem, data


def _finite(value: Any) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated_scenarios())
def test_mutated_scenarios_run_or_are_refused_cleanly(case: tuple[str, dict]) -> None:
    stem, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{stem}.yaml"
        path.write_text(yaml.safe_dump(data))
        out = Path(folder) / "out"
        err, said = io.StringIO(), io.StringIO()
        argv = ["run", str(path), "--reps", "1", "--jobs", "1", "--out", str(out), "--quiet"]
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(said):
            status = main(argv)
        message = err.getvalue()
        event(f"exit {status}")
        assert "Traceback" not in message
        if status == 2:
            lines = [line for line in message.splitlines() if line.startswith("error: ")]
            assert lines, message
            assert all(line.startswith(f"error: {path}") for line in lines), message
            assert all(line.count(": ") >= 2 for line in lines), message
            assert not out.exists() or list(out.iterdir()) == []
            return
        assert status == 0, message
        (folder_written,) = [p for p in out.iterdir()]
        summary = json.loads((folder_written / "summary.json").read_text())
        for replication in summary["per_replication"]:
            assert all(_finite(v) for v in replication.values())
            kpi_identities(replication)
