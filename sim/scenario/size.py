"""How big one replication is before it runs: its visits, memory and time, worked out from
the scenario's volumes, so a scenario that validates cannot then exhaust the machine.

The model keeps every claim, work item and daily row of a replication until it ends, so
its memory grows with the visits it simulates; so does its time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

BYTES_PER_VISIT = 4_000
"""Peak memory per simulated visit, rounded up from 3.7 kB measured (ru_maxrss, 8,000 to
47,000 visits, one person holding every role so the backlog never clears: the worst case;
2026-12-07). The issue's 5.5 GB for about 1.5 million visits agrees."""
BASE_BYTES = 150_000_000
"""The interpreter, the libraries and the model before the first visit (about 100 MB in a
process on the command line; more in the page's Pyodide)."""
SECONDS_PER_VISIT = 80e-6
"""Time per visit on one unloaded core: 111 s for about 1.4 million visits (issue 29's
measurement), rounded up. An estimate: a busy or slower machine takes longer."""
MAX_REPLICATION_BYTES = 1_500_000_000
"""The most memory one replication may need. The what-if page runs the model in a
WebAssembly heap that cannot grow past 2 GB, and a laptop running one replication per core
has little more a core; 1.5 GB (about 340,000 visits, ten times a large group practice's
year) leaves room for the rest."""


@dataclass(frozen=True)
class Size:
    """One replication's estimated visits, peak memory (bytes) and time (seconds)."""

    visits: float
    memory_bytes: float
    seconds: float

    def words(self) -> str:
        return (
            f"about {self.visits:,.0f} visits, {gigabytes(self.memory_bytes)} of memory and "
            f"{_duration(self.seconds)} on one core"
        )


def gigabytes(count: float) -> str:
    return f"{count / 1e9:.1f} GB"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"


def replication_size(
    visits_per_day: float, open_days_per_week: int, horizon_days: int, growth_per_year: float
) -> Size:
    """An upper estimate of one replication: booked visits (no-shows included) on the open
    days of the horizon, grown by the yearly growth over it."""
    growth = (1 + max(growth_per_year, 0.0)) ** (horizon_days / 365)
    visits = visits_per_day * horizon_days * open_days_per_week / 7 * growth
    return Size(visits, BASE_BYTES + visits * BYTES_PER_VISIT, visits * SECONDS_PER_VISIT)


def too_big(size: Size) -> str | None:
    """Why one replication of this size would not fit, or None when it fits."""
    if size.memory_bytes <= MAX_REPLICATION_BYTES:
        return None
    return (
        f"one replication would simulate {size.words()}; at most "
        f"{gigabytes(MAX_REPLICATION_BYTES)} of memory a replication: fewer providers or "
        "visits a day (practice.providers), or a shorter horizon_days"
    )


def available_memory() -> int | None:
    """Bytes of memory free for new work on this machine (Linux's MemAvailable, else the
    physical memory), or None when the system does not say."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None
