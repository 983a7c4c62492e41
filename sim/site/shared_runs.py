"""The site's replications, each simulated once however many pages use it.

Several generators ask for the same replication: the staffing table's separate, combined and
protected-time options are the evidence page's first eight replications of those scenarios, the
break-even sweep's one-dentist year is the evidence page's small practice, and the default-desk
dose table at 4 interruptions an hour is the reference practice as it stands. A replication is
fixed by its scenario, seed and number, so within one `python -m sim.site` each is simulated
once and handed to every generator that asks; what a page shows does not change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sim.model.office import Replication
from sim.scenario.schema import Scenario
from sim.study.replications import Task, default_jobs, one_replication, run_all, tasks

Key = tuple[str, int, int]

_DONE: dict[Key, Replication] = {}
"""Every replication simulated in this process, by its scenario (as JSON), seed and number."""


def _key(task: Task) -> Key:
    data, seed, replication = task
    return json.dumps(data, sort_keys=True), seed, replication


def replicate_each(
    studies: Sequence[tuple[Scenario, int, Iterable[int]]], jobs: int | None = None
) -> list[list[Replication]]:
    """Each study's replications (scenario, seed, numbers), the ones not yet simulated in this
    process run together in one pool (all cores by default)."""
    work = [tasks(scenario, seed, replications) for scenario, seed, replications in studies]
    missing: dict[Key, Task] = {}
    for task in (task for study in work for task in study):
        if (key := _key(task)) not in _DONE:
            missing.setdefault(key, task)
    ran = run_all(one_replication, list(missing.values()), jobs or default_jobs())
    _DONE.update(zip(missing, ran, strict=True))
    return [[_DONE[_key(task)] for task in study] for study in work]


def forget() -> None:
    """Drop what this process has simulated (for a test that wants a fresh start)."""
    _DONE.clear()
