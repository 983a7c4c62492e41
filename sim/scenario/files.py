"""Reading a user's input file: a regular file only, never more than a limit, and never
blocking on a named pipe or a device (the scenario loader and the claims import share it)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegular(Exception):
    """The path is not a regular file; `kind` says what it is ("a folder", "a device")."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def not_regular(mode: int) -> str | None:
    """What a file is, if it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def regular_file_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the regular file at `path` (one more tells a caller it is
    over the limit). The kind is checked before opening and again on the open file, which is
    opened without blocking, so a pipe swapped in between cannot hang the read; an OSError
    (missing file, no permission, a symlink loop) passes through."""
    kind = not_regular(os.stat(path).st_mode)
    if kind:
        raise NotRegular(kind)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        kind = not_regular(os.fstat(handle.fileno()).st_mode)
        if kind:
            raise NotRegular(kind)
        return handle.read(limit + 1)
