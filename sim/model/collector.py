"""When CPython's cycle collector may run: not while replications are running.

A replication allocates hundreds of thousands of short-lived events and closures while it
holds a long-lived register of claims, so every collection re-scans that register: at the
default thresholds collections took about a third of a run's time, and even one young
collection per 100,000 allocations took a sixth. A closed office leaves about 300 cyclic
objects behind, so pausing the collector costs little memory. Results do not depend on it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

COLLECT_EVERY_RUNS = 100
"""While runs overlap without a break (a Dask worker's threads), collect after this many end."""

_lock = threading.Lock()
_runs_in_progress = 0
_runs_since_collection = 0
_was_enabled = True


@contextmanager
def paused_collections() -> Iterator[None]:
    """Keep the collector off while the block runs, then put it back as it was.

    Runs may overlap: the last one out restores the collector, and every
    `COLLECT_EVERY_RUNS` finished runs the garbage is collected even if others are running.
    """
    global _runs_in_progress, _runs_since_collection, _was_enabled
    with _lock:
        if _runs_in_progress == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _runs_in_progress += 1
    try:
        yield
    finally:
        with _lock:
            _runs_in_progress -= 1
            _runs_since_collection += 1
            if _runs_in_progress == 0:
                _runs_since_collection = 0
                if _was_enabled:
                    gc.enable()
            elif _runs_since_collection >= COLLECT_EVERY_RUNS:
                _runs_since_collection = 0
                gc.collect()
