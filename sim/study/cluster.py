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
        from distributed import Client, as_completed
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
