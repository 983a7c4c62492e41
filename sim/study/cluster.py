"""Running replications on a Dask distributed cluster (optional dependency `twohats[cluster]`).

Each task carries its scenario, seed and replication number, and every random stream is
keyed by them, so a cluster run gives exactly the numbers of a local run.

The address is checked before anything runs (`scheduler_address`), and the scheduler is
probed with a plain socket before Dask connects (`probe`): a Dask scheduler greets a new
connection with a short length-prefixed message, so a listener that never speaks, or one
that speaks something else (which would make Dask try to allocate the length it read), is
refused within `CONNECT_TIMEOUT_S`.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")

CONNECT_TIMEOUT_S = 10.0
"""Longest wait for the scheduler to accept and greet a connection."""
NO_WORKERS_TIMEOUT_S = 30.0
"""Longest wait with no worker at the scheduler (none joined, or all left) before the run
stops: work given to a scheduler without workers would otherwise wait for ever."""
POLL_S = 0.2
"""How often the run looks for finished work, and (at most once a second) for workers."""
MAX_GREETING_BYTES = 1_000_000
"""A Dask handshake is a few hundred bytes; a length above this is not Dask."""
_FORM = "expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786"


class ClusterUnavailable(RuntimeError):
    """Dask is not installed or the scheduler cannot be reached."""


def scheduler_address(text: str) -> str:
    """`text` if it is a `tcp://HOST:PORT` address; ValueError with a plain reason if not."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"cannot read {text!r} ({exc}); {_FORM}") from None
    if parts.scheme != "tcp":
        raise ValueError(f"{text!r} is not a tcp:// address; {_FORM}")
    if not parts.hostname:
        raise ValueError(f"{text!r} names no host; {_FORM}")
    if port is None or port == 0:
        raise ValueError(f"{text!r} names no port; {_FORM}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{text!r} has more than a host and port; {_FORM}")
    return text.strip()


def _read_exactly(sock: socket.socket, count: int, deadline: float) -> bytes:
    data = b""
    while len(data) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the scheduler did not answer in time")
        sock.settimeout(left)
        chunk = sock.recv(min(count - len(data), 65536))
        if not chunk:
            raise ConnectionError("the scheduler closed the connection")
        data += chunk
    return data


def probe(address: str, timeout: float | None = None) -> None:
    """Connect to `address` and read the scheduler's greeting; ClusterUnavailable if it is
    unreachable, silent, or not speaking Dask's protocol, all within `timeout` seconds."""
    timeout = CONNECT_TIMEOUT_S if timeout is None else timeout
    parts = urlsplit(address)
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
            (length,) = struct.unpack("<Q", _read_exactly(sock, 8, deadline))
            if not 0 < length <= MAX_GREETING_BYTES:
                raise ClusterUnavailable(
                    f"{address} does not answer like a Dask scheduler (greeting of {length} bytes)"
                )
            _read_exactly(sock, length, deadline)
    except TimeoutError:
        raise ClusterUnavailable(
            f"the Dask scheduler at {address} did not answer within {timeout:g} s"
        ) from None
    except OSError as exc:
        raise ClusterUnavailable(
            f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc})"
        ) from None


def run_on_cluster(
    function: Callable[[Any], T],
    work: Sequence[Any],
    address: str,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """Map `function` over `work` on the scheduler at `address`; results in input order."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterUnavailable("dask is not installed: pip install 'twohats[cluster]'") from exc
    if not address.startswith("inproc://"):  # in-process clusters (tests) need no probe
        try:
            address = scheduler_address(address)
        except ValueError as exc:
            raise ClusterUnavailable(str(exc)) from None
        probe(address)
    try:
        client = Client(address, timeout=f"{CONNECT_TIMEOUT_S:g}s")
    except Exception as exc:  # noqa: BLE001 - whatever Dask raises, the user gets one line
        raise ClusterUnavailable(f"cannot use the Dask scheduler at {address} ({exc})") from exc
    try:
        futures = client.map(function, list(work), pure=False)
        try:
            return _gather(client, futures, address, progress)
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        client.close()


def _gather(
    client: Any, futures: list[Any], address: str, progress: Callable[[int], None] | None
) -> list[Any]:
    """Each future's result in input order, as they finish; ClusterUnavailable once the
    scheduler has had no worker for NO_WORKERS_TIMEOUT_S (no result would ever come)."""
    from distributed import KilledWorker

    results: list[Any] = [None] * len(futures)
    pending = dict(enumerate(futures))
    workers = _Workers(client)
    while pending:
        finished = [i for i, future in pending.items() if future.done()]
        for i in finished:
            try:
                results[i] = pending.pop(i).result()
            except KilledWorker as exc:
                raise ClusterUnavailable(
                    f"the Dask workers at {address} kept dying while running a replication "
                    f"({exc}); nothing was written. Do they have enough memory?"
                ) from None
            if progress:
                progress(1)
        if not finished:
            workers.check(address, len(futures) - len(pending), len(futures))
            time.sleep(POLL_S)
    return results


class _Workers:
    """Watches the scheduler's workers; raises when there have been none for too long."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.asked = 0.0
        self.none_since: float | None = None
        self.seen = False

    def check(self, address: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.asked < 1.0:
            return
        self.asked = now
        if self.client.nthreads():
            self.seen, self.none_since = True, None
            return
        self.none_since = self.none_since or now
        if now - self.none_since < NO_WORKERS_TIMEOUT_S:
            return
        what = "all its workers left" if self.seen or done else "it has no workers"
        raise ClusterUnavailable(
            f"the Dask scheduler at {address} cannot run the study: {what} "
            f"({done} of {total} replications done, no worker for {NO_WORKERS_TIMEOUT_S:g} s); "
            f"nothing was written. Start workers with: dask worker {address}"
        )
