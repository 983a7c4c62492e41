"""What a user waits for, by the wall clock: the bundled two-option compare on the command
line, and the what-if page's first result and each replication after it.

The practice-year cost says how much work the model does; these say how long a person sits
in front of it. The compare runs as the user runs it, a new `python -m sim compare` process
(start-up, loading and writing the results folder included), on every core.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sim.bench.clock import wall_seconds

OPTIONS = ("reference-separate", "reference-combined")
"""The bundled two-option compare: the reference practice with two people and with one."""
REPLICATIONS = 20


@dataclass(frozen=True)
class CompareWait:
    """Wall seconds of one compare of `options` at `replications` each with `jobs` processes."""

    options: tuple[str, ...]
    replications: int
    jobs: int
    seconds: float

    def label(self) -> str:
        return (
            f"wait: compare {' vs '.join(self.options)}, "
            f"{self.replications} reps, --jobs {self.jobs} (wall s)"
        )

    def describe(self) -> str:
        runs = len(self.options) * self.replications
        return f"{self.seconds:.1f} ({runs / self.seconds:.2f} replications/s)"


def compare_command(out: Path, jobs: int, replications: int = REPLICATIONS) -> list[str]:
    """The command a consultant types for the bundled compare, with this interpreter."""
    scenarios = [str(Path("scenarios") / f"{name}.yaml") for name in OPTIONS]
    return [
        *(sys.executable, "-m", "sim", "compare", *scenarios),
        *("--reps", str(replications), "--seed", "1", "--jobs", str(jobs)),
        *("--out", str(out), "--quiet"),
    ]


def time_compare(jobs: int, root: Path = Path(), replications: int = REPLICATIONS) -> CompareWait:
    """Run the bundled compare once in a new process, into a scratch folder, and time it."""
    with tempfile.TemporaryDirectory(prefix="twohats-bench-") as scratch:
        command = compare_command(Path(scratch) / "out", jobs, replications)
        seconds = wall_seconds(
            lambda: subprocess.run(command, cwd=root, check=True, capture_output=True)
        )
    return CompareWait(OPTIONS, replications, jobs, seconds)
