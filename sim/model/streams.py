"""Named random streams: one seed per study, independent streams per replication and purpose.

Each stream is keyed by (seed, replication, purpose), never by worker or call order, so a
replication gives the same numbers whichever process runs it and whatever else runs.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_right
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

Stream = random.Random
"""The standard library's Mersenne Twister: the same numbers on CPython and in the browser
(Pyodide), with no numpy in the model."""


def stream(seed: int, replication: int, purpose: str, *extra: str) -> Stream:
    """An independent generator for one purpose (and optional sub-key, e.g. a person's name).

    The key is hashed into a 256-bit seed, so neighbouring seeds and replications give
    unrelated streams."""
    key = "\x1f".join([str(seed), str(replication), purpose, *extra]).encode()
    return Stream(int.from_bytes(hashlib.sha256(key).digest(), "big"))


class Shares(Generic[T]):
    """A fixed weighted choice, prepared once: each choice takes its share of [0, 1)."""

    __slots__ = ("choices", "thresholds")

    def __init__(self, shares: Sequence[tuple[T, float]]) -> None:
        total = sum(share for _, share in shares)
        weighted = shares if total > 0 else []
        running, thresholds = 0.0, list[float]()
        for _, share in weighted:
            running += share / total
            thresholds.append(running)
        self.choices = [name for name, _ in weighted]
        self.thresholds = thresholds

    def pick(self, u: float) -> T:
        """The choice whose slice of [0, 1) holds `u`."""
        if not self.choices:
            raise ValueError("no choice has a positive share")
        index = bisect_right(self.thresholds, u)
        return self.choices[min(index, len(self.choices) - 1)]


def rotate(u: float, k: int) -> float:
    """The k-th reuse of a uniform: shifted by the golden ratio so that repeats differ but stay paired."""
    return (u + k * 0.6180339887498949) % 1.0
