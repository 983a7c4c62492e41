"""`python -m sim` and the `twohats` command.

The command line loads a second or two of libraries before `sim.cli.main` can take charge of
Ctrl-C; `run` gives a Ctrl-C in that time the same plain stop as one during a run.
"""

from __future__ import annotations

import sys

STOPPED = "stopped: no results were written\n"


def run() -> int:
    """Load the command line and run it; exit status 130 on a Ctrl-C before it takes over."""
    try:
        from sim.cli import main

        return main()
    except KeyboardInterrupt:
        sys.stderr.write(STOPPED)
        return 130


if __name__ == "__main__":
    sys.exit(run())
