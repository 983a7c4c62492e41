"""Running replications on a Dask distributed cluster (optional dependency `twohats[cluster]`).

Each task carries its scenario, seed and replication number, and every random stream is
keyed by them, so a cluster run gives exactly the numbers of a local run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class ClusterUnavailable(RuntimeError):
    """Dask is not installed or the scheduler cannot be reached."""


def run_on_cluster(
    function: Callable[[Any], T],
    work: Sequence[Any],
    address: str,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """Map `function` over `work` on the scheduler at `address`; results in input order."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise ClusterUnavailable("dask is not installed: pip install 'twohats[cluster]'") from exc
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {address} ({exc})") from exc
    try:
        futures = client.map(function, list(work), pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        results: list[Any] = [None] * len(futures)
        try:
            for future in as_completed(futures):
                results[index[future.key]] = future.result()
                if progress:
                    progress(1)
        except BaseException:
            client.cancel(futures)
            raise
        return results
    finally:
        client.close()
