"""Clean stops: pool workers die with the process that started them, and a terminal's
Ctrl-C or a SIGTERM stops a study the same way (nothing written, exit 130 or 143).

Pool workers run `worker_started`: they ignore SIGINT (the parent decides), take the default
SIGTERM action (not the parent's handler, which would only turn it into an exception the
pool reports back), ask Linux to send them SIGKILL when their parent dies
(`prctl(PR_SET_PDEATHSIG)`), and, where that is unavailable or the parent died before the
request, a watchdog thread ends them once the parent is gone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PR_SET_PDEATHSIG = 1
WATCH_INTERVAL_S = 0.5


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived; handled like Ctrl-C (a KeyboardInterrupt), exit status 143."""


def _die_with_parent_linux() -> bool:
    """Ask the kernel to SIGKILL this process when its parent exits; False if unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _parent_alive(parent: int, first_ppid: int) -> bool:
    if os.getppid() != first_ppid:
        return False
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_parent(parent: int, first_ppid: int) -> None:
    while _parent_alive(parent, first_ppid):
        time.sleep(WATCH_INTERVAL_S)
    os._exit(1)


def worker_started(parent: int) -> None:
    """Pool initializer: leave Ctrl-C to the parent and never outlive it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    first_ppid = os.getppid()
    _die_with_parent_linux()
    if not _parent_alive(parent, first_ppid):
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent, first_ppid), name="parent-watchdog", daemon=True
    ).start()


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise Terminated()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, Ctrl-C raises KeyboardInterrupt and SIGTERM raises Terminated,
    whatever disposition this process inherited (a background job starts with SIGINT
    ignored); the previous handlers come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, signal.default_int_handler),
        signal.SIGTERM: signal.signal(signal.SIGTERM, _raise_terminated),
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
