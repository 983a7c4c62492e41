"""`python -m sim` and the `twohats` command.

The command line loads a second or more of libraries before `sim.cli.main` takes charge of
Ctrl-C and SIGTERM; `run` gives either signal in that time the same plain stop as one during
a run, not a traceback or a silent death.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable

STOPPED = "stopped: no results were written\n"
TERMINATED = "stopped (terminated): no results were written\n"


class _TerminatedWhileLoading(BaseException):
    """SIGTERM arrived before the command line could handle it (a BaseException, so a library's
    `except Exception` while it loads cannot swallow it)."""


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise _TerminatedWhileLoading


def _load() -> Callable[[], int]:
    """sim.cli's `main`, with SIGTERM raising while it loads (unless this process ignores it)."""
    default = signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    if default:
        signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        from sim.cli import main
    finally:
        if default:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    return main


def run() -> int:
    """Load the command line and run it; exit 130 on Ctrl-C and 143 on SIGTERM before it takes over."""
    try:
        return _load()()
    except KeyboardInterrupt:
        sys.stderr.write(STOPPED)
        return 130
    except _TerminatedWhileLoading:
        sys.stderr.write(TERMINATED)
        return 143


if __name__ == "__main__":
    sys.exit(run())
