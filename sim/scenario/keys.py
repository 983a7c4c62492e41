"""Dotted scenario keys: one syntax to name a value in a scenario, read it and set it.

A key is names joined by dots (`om_work.interruptions_per_hour`). A list item is picked by
its position from 0 (`staff.0.hours_per_day`) or by the value of one of its fields
(`payers[name=state_medicaid].timely_filing_days`, `practice.providers[kind=dentist].count`);
a field holding a list matches when it holds exactly that one value (`staff[roles=ic]` is
the people whose only role is ic). Two forms stand for many values, for the pages that list
fields: `[]` is every item of a list (`payers[].timely_filing_days`) and a name in angle
brackets is every entry of a map (`practice.procedures.<class>.fee_usd`).

Keys are walked over a scenario's plain data (`model_dump(mode="json", by_alias=True)` or a
file's mapping), so the sweep, calibration, report, assumptions page and the what-if form
agree on what a key means. A key that does not fit the data is a KeyPathError naming the
key, how far it got and what is allowed there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


class KeyPathError(ValueError):
    """A key that cannot be read or parsed: names the key, where it stopped, what is allowed."""


@dataclass(frozen=True)
class Name:
    """An entry of a mapping by its name."""

    name: str


@dataclass(frozen=True)
class Index:
    """A list item by its position, from 0."""

    index: int


@dataclass(frozen=True)
class Match:
    """The list items whose `field` is `value` (or is a list of that one value)."""

    field: str
    value: str


@dataclass(frozen=True)
class Every:
    """Every item of a list (`[]`) or every entry of a map (`<class>`)."""

    placeholder: str = ""


Step = Name | Index | Match | Every


@dataclass(frozen=True)
class Spot:
    """One place a key reaches: its concrete path, a label for the item it is in, its value."""

    path: str
    label: str
    value: Any
    holder: Any = None
    at: str | int = ""


_PART = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*|\d+|<[a-z_]+>)(?P<picks>(\[[^\[\]]*\])*)")
_PICK = re.compile(r"\[([^\[\]]*)\]")
_SYNTAX = (
    "names joined by dots, a list item as .0 or [0] or [field=value], every item as [] "
    "(e.g. payers[name=state_medicaid].timely_filing_days)"
)


def parse(key: str) -> tuple[Step, ...]:
    """The steps of a key; KeyPathError saying what is allowed if it is not one."""
    steps: list[Step] = []
    for part in key.split("."):
        found = _PART.fullmatch(part.strip())
        if not part.strip() or found is None:
            raise KeyPathError(f"{key}: cannot read {part!r} as part of a key; a key is {_SYNTAX}")
        name = found["name"]
        if name.isdigit():
            steps.append(Index(int(name)))
        elif name.startswith("<"):
            steps.append(Every(name))
        else:
            steps.append(Name(name))
        for pick in _PICK.findall(found["picks"]):
            steps.append(_pick(key, pick.strip()))
    return tuple(steps)


def _pick(key: str, pick: str) -> Step:
    if not pick:
        return Every()
    if pick.isdigit():
        return Index(int(pick))
    field, sep, value = (p.strip() for p in pick.partition("="))
    if not sep or not field or not value:
        raise KeyPathError(f"{key}: cannot read [{pick}]; a list item is [0] or [field=value]")
    return Match(field, value)


def split_assignment(text: str) -> tuple[str, str, str]:
    """`KEY=VALUES` at the first `=` outside brackets, as str.partition does."""
    depth = 0
    for at, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "=" and depth == 0:
            return text[:at], "=", text[at + 1 :]
    return text, "", ""


def _shown(step: Step) -> str:
    if isinstance(step, Name):
        return step.name
    if isinstance(step, Index):
        return str(step.index)
    if isinstance(step, Match):
        return f"[{step.field}={step.value}]"
    return step.placeholder or "[]"


def _matches(item: Any, step: Match) -> bool:
    if not isinstance(item, dict) or step.field not in item:
        return False
    value = item[step.field]
    if isinstance(value, list):
        return len(value) == 1 and str(value[0]) == step.value
    return str(value) == step.value


def _label(item: Any, position: int) -> str:
    """A list item's label: its name, else its kind, else its position from 1."""
    if isinstance(item, dict):
        for field in ("name", "kind"):
            if item.get(field):
                return str(item[field])
    return str(position + 1)


def _join(path: str, part: str | int) -> str:
    return f"{path}.{part}" if path else str(part)


Place = tuple[str | int, str | None]
"""Where one step leads: a list index or mapping name, and the item's label (None: keep)."""


def _children(key: str, node: Any, step: Step, where: str) -> list[Place]:
    """The places one step leads from `node`: (index or name, label or None to keep)."""
    if isinstance(step, Name):
        if isinstance(node, dict):
            if step.name in node:
                return [(step.name, None)]
            allowed = ", ".join(node) or "none"
            raise KeyPathError(f"{key}: {where} has no key {step.name!r}; allowed keys: {allowed}")
    elif isinstance(node, list):
        if isinstance(step, Index):
            if step.index < len(node):
                return [(step.index, _label(node[step.index], step.index))]
            raise KeyPathError(
                f"{key}: {where} is a list of {len(node)}; {step.index} is not an index in it "
                f"(0 to {len(node) - 1})"
            )
        if isinstance(step, Every):
            return [(i, _label(item, i)) for i, item in enumerate(node)]
        found: list[Place] = [
            (i, _label(item, i)) for i, item in enumerate(node) if _matches(item, step)
        ]
        if found:
            return found
        seen = sorted({str(i.get(step.field)) for i in node if isinstance(i, dict)} - {"None"})
        raise KeyPathError(
            f"{key}: no item of {where} has {step.field} {step.value}; "
            f"it has {', '.join(seen) or 'no such field'}"
        )
    elif isinstance(node, dict) and isinstance(step, Every):
        return [(name, name) for name in node]
    elif isinstance(node, dict):
        allowed = ", ".join(node) or "none"
        raise KeyPathError(
            f"{key}: {where} is a section, not a list; {_shown(step)} picks list items; "
            f"allowed keys: {allowed}"
        )
    if isinstance(node, list):
        raise KeyPathError(
            f"{key}: {where} is a list of {len(node)}; {_shown(step)!r} is not an index in it "
            "(use .0 or [field=value])"
        )
    raise KeyPathError(f"{key}: {where} is a single value, it has no {_shown(step)!r}")


def locate(data: Any, key: str, *, missing_ok: bool = False) -> list[Spot]:
    """Every place `key` reaches in `data`, in order; KeyPathError if it leaves the data
    (or, with `missing_ok`, no spot for the branches that do)."""
    steps = parse(key)
    spots = [Spot("", "", data)]
    for depth, step in enumerate(steps):
        where = ".".join(_shown(s) for s in steps[:depth]) or "the scenario"
        following = []
        for spot in spots:
            try:
                places = _children(key, spot.value, step, where)
            except KeyPathError:
                if missing_ok:
                    continue
                raise
            for at, label in places:
                shown = spot.label if label is None else label
                following.append(Spot(_join(spot.path, at), shown, spot.value[at], spot.value, at))
        spots = following
    return spots


def read(data: Any, key: str) -> Any:
    """The one value at `key`; KeyPathError if the key reaches none or several."""
    spots = locate(data, key)
    if len(spots) != 1:
        paths = ", ".join(s.path for s in spots) or "nothing"
        raise KeyPathError(f"{key}: names {len(spots)} values ({paths}); name one item")
    return spots[0].value


def write(data: Any, key: str, value: Any, *, add: bool = False) -> list[str]:
    """Set `value` at every place `key` reaches, in place; returns the concrete paths set.

    Every step must exist already, except, with `add`, the last name of a mapping (a role's
    multiplier left at its default)."""
    steps = parse(key)
    last = steps[-1]
    if add and isinstance(last, Name) and len(steps) > 1:
        parents = locate(data, text(steps[:-1]))
        if all(isinstance(p.value, dict) for p in parents):
            for parent in parents:
                parent.value[last.name] = value
            return [_join(p.path, last.name) for p in parents]
    spots = locate(data, key)
    for spot in spots:
        spot.holder[spot.at] = value
    return [s.path for s in spots]


def text(steps: Sequence[Step]) -> str:
    """A key written back from its steps."""
    out = ""
    for step in steps:
        shown = _shown(step)
        out += shown if shown.startswith("[") or not out else "." + shown
    return out


def as_json(key: str) -> list[dict[str, Any]]:
    """A key's steps as plain data, for the what-if page (which walks them, never parses)."""
    found: list[dict[str, Any]] = []
    for step in parse(key):
        if isinstance(step, Name):
            found.append({"key": step.name})
        elif isinstance(step, Index):
            found.append({"index": step.index})
        elif isinstance(step, Match):
            found.append({"match": [step.field, step.value]})
        else:
            found.append({"every": True})
    return found


def invalid_in_one_line(exc: ValidationError) -> str:
    """A scenario's validation errors as `key.path: message` pairs on one line (`scenario` for
    an error about the whole), for a study that reports the setting that made it invalid."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'scenario'}: {e['msg']}" for e in exc.errors()
    )
