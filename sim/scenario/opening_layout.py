"""How the totals form of the opening state (`opening.ar_usd` by bucket) is laid out as claims.

Read by the model (which creates the claims) and by the workload check (which counts the work
they bring), so both see the same claims: $250 claims at ages spread evenly over each bucket.
"""

from __future__ import annotations

import math

BUCKET_AGES = {"0-30": (1, 30), "31-60": (31, 60), "61-90": (61, 90), "90+": (91, 150)}
"""Days since the date of service, lowest and highest, of the claims put in each bucket."""
OPENING_CLAIM_USD = 250.0
"""The size of each claim the totals form creates (the last claim of a bucket takes the rest)."""


def claims_in_bucket(amount_usd: float) -> int:
    """How many claims the totals form creates for a bucket's dollars."""
    return math.ceil(round(amount_usd * 100) / round(OPENING_CLAIM_USD * 100))


def share_older_than(bucket: str, age_days: float) -> float:
    """The share of a bucket's claims (ages uniform over the bucket) older than `age_days`."""
    low, high = BUCKET_AGES[bucket]
    return min(max((high - age_days) / (high - low), 0.0), 1.0)
