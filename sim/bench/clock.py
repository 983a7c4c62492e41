"""The bench's two clocks: CPU time of this process, and wall time for work done elsewhere."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def cpu_seconds(action: Callable[[], object]) -> float:
    """CPU time of this process spent in `action` (a neighbour's load on the machine is not counted)."""
    gc.collect()
    began = time.process_time()
    action()
    return time.process_time() - began


def wall_seconds(action: Callable[[], object]) -> float:
    """Wall time of `action`: pooled runs spend their CPU in other processes, and Node's
    Pyodide reports wall time, so the native side it is compared with is timed the same way."""
    gc.collect()
    began = time.perf_counter()
    action()
    return time.perf_counter() - began
