"""Pyodide/native time for one replication: the what-if page's runtime under Node against this
interpreter, on the same preset and replications, one after the other in the same run.

The page runs the model in Pyodide (WebAssembly); a consultant who tries a practice there waits
this many times longer per replication than on the command line. Node runs the very files the
page loads (docs/assets/whatif/, written by `python web/build.py`), so no browser is needed.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from sim.bench.clock import wall_seconds
from sim.model.office import simulate
from sim.scenario.schema import Scenario

RUNNER = Path("web") / "time-replication.mjs"
WHATIF = Path("docs") / "assets" / "whatif"
PRESET = "reference-separate"
SEED = 1
REPLICATIONS = (0, 1, 2)
"""Timed on both sides; the least time of each side is compared (the least disturbed)."""


@dataclass(frozen=True)
class PyodideTiming:
    """Seconds per replication in Pyodide and natively, and Pyodide's start-up."""

    pyodide_seconds: tuple[float, ...]
    native_seconds: tuple[float, ...]
    boot_seconds: float

    @property
    def ratio(self) -> float:
        return min(self.pyodide_seconds) / min(self.native_seconds)

    @property
    def first_result_seconds(self) -> float:
        """From loading the runtime to the first replication done: the page's wait after Run."""
        return self.boot_seconds + self.pyodide_seconds[0]

    def rows(self) -> list[tuple[str, str]]:
        """The bench table's rows: the ratio, then what the page's reader waits for."""
        each = sorted(self.pyodide_seconds)
        return [
            (f"{PRESET}: Pyodide/native time for one replication", self.describe()),
            (
                f"{PRESET}: what-if page, first result (Pyodide under Node, s)",
                f"{self.first_result_seconds:.1f}",
            ),
            (
                f"{PRESET}: what-if page, s per replication (min / median)",
                f"{each[0]:.2f} / {median(each):.2f}",
            ),
        ]

    def describe(self) -> str:
        return (
            f"{self.ratio:.2f} ({min(self.pyodide_seconds):.2f} s / "
            f"{min(self.native_seconds):.2f} s; Pyodide starts in {self.boot_seconds:.1f} s)"
        )


def why_not_measured(root: Path = Path()) -> str | None:
    """What is missing to measure the ratio here, or None when everything is in place."""
    if shutil.which("node") is None:
        return "not measured: no node on PATH"
    if not (root / WHATIF / "manifest.json").is_file():
        return f"not measured: {WHATIF} is missing (python web/build.py writes it)"
    return None


def time_pyodide(root: Path = Path()) -> PyodideTiming:
    """Time REPLICATIONS of PRESET under Node's Pyodide, then natively through the same entry point."""
    done = subprocess.run(
        ["node", str(RUNNER), str(WHATIF), PRESET, str(SEED), *map(str, REPLICATIONS)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    return PyodideTiming(
        tuple(measured["seconds"]), native_seconds(root), float(measured["boot_seconds"])
    )


def native_seconds(root: Path = Path()) -> tuple[float, ...]:
    """Wall seconds per replication of PRESET here: the preset validated and simulated, as the
    page's entry point (`sim.whatif.replicate`, a floor above the bench) does with it."""
    presets = json.loads((root / WHATIF / "presets.json").read_text())
    scenario = json.dumps(next(p for p in presets if p["name"] == PRESET)["scenario"])

    def one(replication: int) -> None:
        simulate(Scenario.model_validate(json.loads(scenario)), SEED, replication)

    return tuple(wall_seconds(functools.partial(one, r)) for r in REPLICATIONS)


def pyodide_rows(root: Path = Path()) -> list[tuple[str, str]]:
    """The bench table's rows for the browser, or one row saying why they were not measured."""
    reason = why_not_measured(root)
    if reason is None:
        try:
            return time_pyodide(root).rows()
        except subprocess.CalledProcessError as error:
            last = (error.stderr or "").strip().splitlines()[-1:] or ["no message"]
            reason = f"not measured: node failed ({last[0][:120]})"
    return [(f"{PRESET}: Pyodide/native time for one replication", reason)]
