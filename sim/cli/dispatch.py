"""`main`: parse the command line, run the command, and turn each known error into a plain
message and its exit status (2 bad input, 130 Ctrl-C, 143 terminated), never a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool

from sim.cli.common import UsageError, err, say_error
from sim.cli.parser import parser
from sim.outputs.results import ResultsError
from sim.scenario.claims_import import ClaimsImportError
from sim.scenario.loading import ScenarioError
from sim.study import calibration
from sim.study.cluster import ClusterUnavailable
from sim.study.shutdown import Terminated, stop_on_signals
from sim.study.sweep import SweepError


def _out_of_memory(exc: BaseException) -> int:
    """Memory ran out, here or in a worker process (which the system then ended)."""
    what = (
        "this process ran out of memory"
        if isinstance(exc, MemoryError)
        else "a worker process ended abruptly (most often the system ending it for lack of memory)"
    )
    return say_error(
        f"{what}; no results were written. Try fewer --jobs, fewer providers or visits "
        "a day, or a shorter horizon_days (twohats validate estimates a replication's memory)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        with stop_on_signals():
            return args.handler(args)
    except (ScenarioError, ClaimsImportError) as exc:
        for problem in exc.problems:
            say_error(problem)
        return 2
    except (
        UsageError,
        SweepError,
        ClusterUnavailable,
        ResultsError,
        calibration.CalibrationError,
    ) as exc:
        return say_error(exc)
    except Terminated:
        err.print("stopped (terminated): no results were written")
        return 143
    except (MemoryError, BrokenProcessPool) as exc:
        return _out_of_memory(exc)
    except KeyboardInterrupt:
        err.print("stopped: no results were written")
        return 130
    except OSError as exc:
        return say_error(f"cannot write output ({exc})")
