"""Reading scenario files: YAML (safe_load only), `extends:` with deep merge, clear errors."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file."""

    file: str
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key_path}" if self.key_path else self.file
        return f"{where}: {self.message}"


class ScenarioError(Exception):
    """A scenario file could not be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge `override` into `base`: mappings merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_yaml(path: Path, shown: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Problem(shown, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(shown, "", f"cannot read file ({exc})")]) from None
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([Problem(shown, "", f"not valid YAML ({where}{problem})")]) from None
    if content is None:
        content = {}
    if not isinstance(content, dict):
        raise ScenarioError(
            [
                Problem(
                    shown, "", f"must be a mapping of keys to values, not {type(content).__name__}"
                )
            ]
        )
    return content


def load_raw(path: Path, _chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a scenario file and everything it extends, merged into one mapping."""
    resolved = path.resolve()
    shown = str(path)
    if resolved in _chain:
        cycle = " -> ".join(str(p) for p in (*_chain, resolved))
        raise ScenarioError([Problem(shown, "extends", f"extends cycle: {cycle}")])
    raw = _read_yaml(path, shown)
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    if not isinstance(parent, str):
        raise ScenarioError([Problem(shown, "extends", "must be a file path (a string)")])
    parent_path = path.parent / parent
    if not parent_path.exists():
        raise ScenarioError(
            [
                Problem(
                    shown,
                    "extends",
                    f"extended file {parent!r} not found (looked at {parent_path})",
                )
            ]
        )
    return deep_merge(load_raw(parent_path, (*_chain, resolved)), raw)


def load_scenario(path: Path | str) -> Scenario:
    """Load, merge and validate one scenario file; the name defaults to the file stem."""
    path = Path(path)
    raw = load_raw(path)
    raw.setdefault("name", path.stem)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError([_problem(str(path), err) for err in exc.errors()]) from None


def _problem(file: str, err: dict[str, Any]) -> Problem:
    loc = tuple(err["loc"])
    key_path = ".".join(str(part) for part in loc)
    message = err["msg"]
    if err["type"] == "extra_forbidden":
        allowed = allowed_keys(loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        message = "unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else "")
        if allowed:
            message += f"; allowed keys here: {', '.join(sorted(allowed))}"
    elif err["type"] == "missing":
        message = "required key is missing"
    elif "input" in err and not isinstance(err["input"], dict | list):
        message += f" (got {err['input']!r})"
    return Problem(file, key_path, message)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """Find the model class inside an annotation such as `list[Person] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_of(typing.get_args(annotation)[0])
    if origin in (list, dict, typing.Union, types.UnionType):
        for arg in reversed(typing.get_args(annotation)):
            found = _model_of(arg)
            if found:
                return found
    return None


def allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys a scenario accepts at the mapping found at `loc`."""
    model: type[BaseModel] | None = Scenario
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int) or part not in model.model_fields:
            continue
        model = _model_of(model.model_fields[part].annotation)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]
