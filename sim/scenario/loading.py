"""Reading scenario files: YAML (safe loading only), `extends:` with deep merge, lists of named
items merged by name (with the extended file and the defaults), clear errors.

Every input is bounded, so a careless or hostile file cannot hang the reader or eat memory:

- a scenario file (and every file it extends) must be a regular file of at most
  `MAX_FILE_BYTES`; FIFOs, devices and directories are refused before anything is read;
- `extends:` names a file in the extending file's folder or below it, or below a folder the
  user allows (`--allow-root DIR` or the `TWOHATS_ALLOW_ROOT` environment variable, folders
  separated by the system's path separator); a file outside is refused without being read;
- an `extends:` chain may hold at most `MAX_EXTENDS_DEPTH` files, YAML nesting at most
  `MAX_NESTING` levels; a symlink loop is reported as one;
- a key given twice in one mapping is an error (YAML would silently keep the last).
"""

from __future__ import annotations

import difflib
import errno
import functools
import os
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from sim.scenario.distributions import BY_NAME
from sim.scenario.files import NotRegular, not_regular, regular_file_bytes
from sim.scenario.schema import Scenario, payer_share_message

MAX_FILE_BYTES = 1_000_000
"""Largest scenario file read (a generous scenario is a few kilobytes)."""
MAX_EXTENDS_DEPTH = 16
"""Most files in one `extends:` chain, the first file included."""
MAX_NESTING = 64
"""Deepest nesting of mappings and lists in one file."""
ALLOW_ROOT_ENV = "TWOHATS_ALLOW_ROOT"
"""Environment variable naming extra folders `extends:` may read below."""


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


def _fail(file: str, key_path: str, message: str) -> ScenarioError:
    return ScenarioError([Problem(file, key_path, message)])


STR_TAG = "tag:yaml.org,2002:str"


class ScenarioLoader(yaml.SafeLoader):
    """`yaml.SafeLoader` (same tags, same safety) that refuses duplicate keys and deep nesting,
    and reads every plain key as the text written (YAML 1.1 would read `yes:` as True, and an
    error would then name the key `1`)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(
                    None, None, f"nested deeper than {MAX_NESTING} levels", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if isinstance(key_node, yaml.ScalarNode):
                key_node.tag = STR_TAG  # every scenario key is a name: `yes:` is "yes", not True
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"key {key!r} is given more than once",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document with `ScenarioLoader` (safe tags only)."""
    loader = ScenarioLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge `override` into `base`: mappings merge key by key, lists of named items item by
    item (`merge_items`), a distribution of another kind and anything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merged(merged[key], value) if key in merged else value
    return merged


def _merged(base: Any, value: Any) -> Any:
    if isinstance(base, dict) and isinstance(value, dict):
        if "dist" in value and value["dist"] != base.get("dist"):
            return value
        return deep_merge(base, value)
    if isinstance(base, list) and isinstance(value, list):
        return merge_items(base, value)
    return value


def _identity(items: list[Any]) -> str | None:
    """The field naming a list's items, `name` or else `kind`, if every item has it as text."""
    for field in ("name", "kind"):
        if all(isinstance(i, dict) and isinstance(i.get(field), str) for i in items):
            return field
    return None


def merge_items(base: list[Any], override: list[Any]) -> list[Any]:
    """A restated list of named items (payers, providers by kind, duties, events, people).

    The restated list is the list, in its order: an item named like one of `base` starts
    from that item and changes only the fields it gives; a new name is a new item; an item
    of `base` left out is dropped. Lists of anything else are replaced whole."""
    field = _identity(override) if base and override else None
    if field is None or _identity(base) != field:
        return override
    named = {item[field]: item for item in base}
    return [_merged(named[i[field]], i) if i[field] in named else i for i in override]


@functools.cache
def _default_lists() -> dict[str, Any]:
    """The schema's defaults as data: the reference practice's payers, providers, duties..."""
    return Scenario.model_validate({"staff": []}).model_dump(mode="json", by_alias=True)


def with_default_items(raw: Any, default: Any = None) -> Any:
    """`raw` with each restated list of named items merged over the schema's default list
    (`merge_items`): a payer restated to change one field keeps the default payer's others."""
    default = _default_lists() if default is None else default
    if isinstance(raw, dict) and isinstance(default, dict):
        return {
            key: with_default_items(value, default[key]) if key in default else value
            for key, value in raw.items()
        }
    if isinstance(raw, list) and isinstance(default, list):
        return merge_items(default, raw)
    return raw


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (a link that leads back to itself)"
    if exc.errno == errno.ENOENT:
        return "file not found"
    return f"cannot read file ({exc.strerror or exc})"


def _read_text(path: Path, shown: str) -> str:
    """A regular file's text, at most MAX_FILE_BYTES, without blocking on pipes or devices."""
    try:
        data = regular_file_bytes(path, MAX_FILE_BYTES)
    except NotRegular as exc:
        raise _fail(shown, "", f"is {exc.kind}, not a scenario file") from None
    except OSError as exc:
        raise _fail(shown, "", _os_problem(exc)) from None
    if len(data) > MAX_FILE_BYTES:
        raise _fail(shown, "", f"file is larger than the {MAX_FILE_BYTES:,}-byte limit")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail(shown, "", "cannot read file (not UTF-8 text)") from None


def _read_yaml(path: Path, shown: str) -> dict[str, Any]:
    text = _read_text(path, shown)
    try:
        content = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise _fail(shown, "", f"not valid YAML ({where}{problem})") from None
    except RecursionError:
        raise _fail(
            shown, "", f"not valid YAML (nested deeper than {MAX_NESTING} levels)"
        ) from None
    if content is None:
        content = {}
    if not isinstance(content, dict):
        raise _fail(shown, "", f"must be a mapping of keys to values, not {type(content).__name__}")
    return content


def allowed_roots(extra: Iterable[Path | str] = ()) -> tuple[Path, ...]:
    """The folders the user allows `extends:` to read below: `extra`, then TWOHATS_ALLOW_ROOT."""
    named = [*extra, *(p for p in os.environ.get(ALLOW_ROOT_ENV, "").split(os.pathsep) if p)]
    return tuple(Path(p).resolve() for p in named)


def _below(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _resolve(path: Path, shown: str) -> Path:
    """`path` with symlinks followed; a loop is reported as one."""
    try:
        return path.resolve(strict=True)
    except FileNotFoundError:
        raise _fail(shown, "", "file not found") from None
    except RuntimeError:  # Python before 3.13 reports a loop this way
        raise _fail(shown, "", _os_problem(OSError(errno.ELOOP, "loop"))) from None
    except OSError as exc:
        raise _fail(shown, "", _os_problem(exc)) from None


def _parent_of(shown: str, here: Path, parent: object, roots: Sequence[Path]) -> Path:
    """The file an `extends:` value names, checked before anything of it is read."""
    if not isinstance(parent, str) or not parent.strip():
        raise _fail(shown, "extends", "must be a file path (a string)")
    candidate = here.parent / parent
    try:
        target = _resolve(candidate, str(candidate))
    except ScenarioError as exc:
        reason = exc.problems[0].message
        if reason == "file not found":
            reason = f"extended file {parent!r} not found (looked at {candidate})"
        else:
            reason = f"extended file {parent!r}: {reason}"
        raise _fail(shown, "extends", reason) from None
    own = here.parent.resolve()
    if not any(_below(target, folder) for folder in (own, *roots)):
        raise _fail(
            shown,
            "extends",
            f"{parent!r} is outside {own}; a scenario may extend only files in "
            f"its own folder or below it, or below a folder named with --allow-root or "
            f"{ALLOW_ROOT_ENV}",
        )
    kind = not_regular(os.stat(target).st_mode)
    if kind:
        raise _fail(shown, "extends", f"extended file {parent!r} is {kind}, not a scenario file")
    return candidate


def load_raw(
    path: Path,
    _chain: tuple[Path, ...] = (),
    roots: Sequence[Path] | None = None,
    _first: str | None = None,
) -> dict[str, Any]:
    """Read a scenario file and everything it extends, merged into one mapping."""
    shown = str(path)
    first = _first or shown
    roots = allowed_roots() if roots is None else tuple(roots)
    resolved = _resolve(path, shown)
    if resolved in _chain:
        cycle = " -> ".join(str(p) for p in (*_chain, resolved))
        raise _fail(shown, "extends", f"extends cycle: {cycle}")
    if len(_chain) >= MAX_EXTENDS_DEPTH:
        raise _fail(
            first,
            "extends",
            f"extends chain is longer than {MAX_EXTENDS_DEPTH} files (reached {shown}); shorten it",
        )
    raw = _read_yaml(path, shown)
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    parent_path = _parent_of(shown, path, parent, roots)
    return deep_merge(load_raw(parent_path, (*_chain, resolved), roots, first), raw)


def extends_chain(path: Path, roots: Sequence[Path] | None = None) -> list[Path]:
    """The files a scenario is built from, resolved: itself, then each file it extends.

    For a file `load_raw` has read without error (so the chain is finite and readable)."""
    roots = allowed_roots() if roots is None else tuple(roots)
    chain: list[Path] = []
    here: Path | None = path
    while here is not None and len(chain) < MAX_EXTENDS_DEPTH:
        chain.append(_resolve(here, str(here)))
        parent = _read_yaml(here, str(here)).get("extends")
        here = None if parent is None else _parent_of(str(here), here, parent, roots)
    return chain


def load_scenario(path: Path | str, allow_roots: Iterable[Path | str] = ()) -> Scenario:
    """Load, merge and validate one scenario file; the name defaults to the file stem.

    `allow_roots` are extra folders `extends:` may read below (as well as TWOHATS_ALLOW_ROOT).
    """
    path = Path(path)
    raw = load_raw(path, roots=allowed_roots(allow_roots))
    raw.setdefault("name", path.stem)
    return scenario_from_raw(raw, str(path))


def scenario_from_raw(raw: dict[str, Any], shown: str) -> Scenario:
    """Validate a merged scenario mapping; problems name `shown` as the file.

    The payer-share sum is checked alongside the other problems (pydantic checks it only
    once every field is valid), so one pass reports it with the rest.
    """
    raw = with_default_items(raw)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = [_problem(shown, err) for err in exc.errors()]
        if not any(p.key_path == "payers" for p in problems):
            problems += _payer_share_sum(raw, shown)
        raise ScenarioError(problems) from None


def _payer_share_sum(raw: dict[str, Any], shown: str) -> list[Problem]:
    """The payers' patient_share sum rule, when the file's payers can be added up."""
    payers = raw.get("payers")
    if not isinstance(payers, list) or not payers:
        return []
    shares = [p.get("patient_share") if isinstance(p, dict) else None for p in payers]
    numbers = [s for s in shares if isinstance(s, int | float) and not isinstance(s, bool)]
    if len(numbers) != len(shares):
        return []
    total = sum(numbers)
    if abs(total - 1.0) <= 1e-6:
        return []
    return [Problem(shown, "payers", payer_share_message(total))]


def _problem(file: str, err: ErrorDetails) -> Problem:
    loc = tuple(part for part in err["loc"] if part not in BY_NAME)
    tag = next((part for part in err["loc"] if part in BY_NAME), None)
    key_path = ".".join(str(part) for part in loc)
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        allowed = allowed_keys(err["loc"][:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        message = "unknown key" + (f" (did you mean {hint[0]!r}?)" if hint else "")
        if tag == "lognormal" and loc[-1] in ("mean", "sd", "mu", "sigma"):
            message += "; lognormal takes median and p90 (its 90th percentile), not mean and sd"
        if allowed:
            message += f"; allowed keys here: {', '.join(sorted(allowed))}"
    elif err["type"] == "missing":
        message = "required key is missing"
    elif not loc and ": " in message and message.split(": ", 1)[0].replace(".", "").isidentifier():
        key_path, message = message.split(": ", 1)
    elif "input" in err and not isinstance(err["input"], dict | list):
        message += f" (got {err['input']!r})"
        if _share_written_as_percent(err):
            message += f"; shares run 0-1 (e.g. {err['input'] / 100:.2f} for {err['input']:g}%)"
        elif (as_number := _yaml_exponent(err["input"])) is not None:
            message += (
                "; YAML reads a number with an exponent as text unless it has a decimal point "
                f"and a signed exponent: write {as_number}, or the number without an exponent"
            )
    return Problem(file, key_path, message)


EXPONENT = re.compile(r"([-+]?(?:\d+(?:\.\d*)?|\.\d+))[eE]([-+]?)(\d+)")
"""2e0, 2.0e0 or 1E-3: a number to a reader. YAML 1.1 (safe_load) reads a number with an
exponent only when it has a decimal point and a signed exponent (2.0e+0); here, it was text."""


def _yaml_exponent(value: object) -> str | None:
    """Text such as '2e0' as '2.0e+0', the form YAML reads as a number; None for other input."""
    match = EXPONENT.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    mantissa, sign, digits = match.groups()
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{sign or '+'}{digits}"


def _share_written_as_percent(err: ErrorDetails) -> bool:
    """A share (at most 1) given as a percentage such as 70."""
    limit = (err.get("ctx") or {}).get("le")
    value = err.get("input")
    return (
        err["type"] == "less_than_equal"
        and limit == 1
        and isinstance(value, int | float)
        and 1 < value <= 100
    )


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
        if part in BY_NAME:
            model = BY_NAME[part]
            continue
        if isinstance(part, int) or part not in model.model_fields:
            continue
        model = _model_of(model.model_fields[part].annotation)
    if model is None:
        return []
    return [field.alias or name for name, field in model.model_fields.items()]
