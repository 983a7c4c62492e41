"""The KPI registry: `kpis.yaml` read once and checked, for every command and page that names a KPI.

Three kinds of reported key: the KPIs (`kpis`: label, format, direction, formula), each
person's KPIs (`people`: a label with the person's name, a format) and the other figures a
replication records (`recorded`: a label and a unit). A key in none of them still reads (as
itself, formatted as a count), so a new figure never breaks a table, but a test fails on it.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

REGISTRY_FILE = Path(__file__).with_name("kpis.yaml")
FORMATS = ("usd", "share", "days", "count", "hours")
_ENTRY_KEYS = {
    "label",
    "short_label",
    "unit",
    "format",
    "higher_is_worse",
    "headline",
    "near_zero",
    "can_be_negative",
    "formula",
}
_REQUIRED = {"label", "unit", "format", "higher_is_worse", "formula"}
_FORMULA_KEYS = {"words", "numerator", "denominator"}
ZERO = 1e-9
"""A mean below this is zero for a KPI without a `near_zero` of its own (rounding noise)."""


class RegistryError(ValueError):
    """`kpis.yaml` is malformed: names the file, the key path and what is allowed."""


@dataclass(frozen=True)
class Formula:
    """How a KPI is computed, in words, with its numerator and (for a ratio) denominator."""

    words: str
    numerator: str
    denominator: str | None


@dataclass(frozen=True)
class Kpi:
    """One registered KPI."""

    key: str
    label: str
    short_label: str
    unit: str
    format: str
    higher_is_worse: bool | None
    headline: bool
    near_zero: float
    can_be_negative: bool
    formula: Formula


@dataclass(frozen=True)
class PersonKpi:
    """A KPI reported for each person, keyed `<stem>.<person>`."""

    stem: str
    label: str
    """With {person} for the person's name."""
    format: str


@dataclass(frozen=True)
class Recorded:
    """A figure a replication reports that no KPI table shows, named so none goes unnamed."""

    key: str
    label: str
    unit: str


HARM_LEVELS = ("little", "some", "great")
"""How much worse one option is than another, mildest first."""
HARM_PLACEHOLDERS = tuple(
    f"{scale}_{level}" for level in ("some", "great") for scale in ("relative", "points", "cash")
)
"""The thresholds a harm list's heading may name, each written where it says {relative_some}."""


@dataclass(frozen=True)
class Thresholds:
    """Where a worsening stops being little harm (`some`) and becomes great harm (`great`)."""

    some: float
    great: float

    def level(self, worse: float) -> str:
        """'little', 'some' or 'great' for a worsening on this scale."""
        return "great" if worse >= self.great else "some" if worse >= self.some else "little"


@dataclass(frozen=True)
class Harm:
    """The evidence page's judgement of harm: thresholds, the cash KPI and the words
    (`harm:` in kpis.yaml; the site's `turning` module applies it)."""

    relative: Thresholds
    points: Thresholds
    cash: Thresholds
    cash_kpi: str
    verdicts: dict[str, str]
    headings: dict[str, str]
    """Each list's heading, with {placeholders} (HARM_PLACEHOLDERS) for the thresholds."""


@dataclass(frozen=True)
class Registry:
    """Every registered KPI in file order, the KPIs each page's tables show, and the
    thresholds of the evidence page's judgement of harm."""

    kpis: dict[str, Kpi]
    people: dict[str, PersonKpi]
    recorded: dict[str, Recorded]
    tables: dict[str, tuple[str, ...]]
    harm: Harm

    @property
    def headline(self) -> tuple[str, ...]:
        """The headline KPIs, in registry order."""
        return tuple(k for k, kpi in self.kpis.items() if kpi.headline)

    def table(self, page: str) -> tuple[Kpi, ...]:
        """The KPIs of one page's tables, in the page's order."""
        return tuple(self.kpis[key] for key in self.tables[page])

    def person_kpi(self, key: str) -> PersonKpi | None:
        """The per-person KPI a key such as `utilization.office_manager` is one of, if any."""
        stem, dot, _person = key.partition(".")
        return self.people.get(stem) if dot else None

    def unnamed(self, keys: Iterable[str]) -> list[str]:
        """The keys that are neither a KPI, a person's KPI nor a recorded figure."""
        return [
            key
            for key in keys
            if key not in self.kpis and key not in self.recorded and self.person_kpi(key) is None
        ]

    def format_of(self, key: str) -> str:
        """How a KPI's values read: a registered or a person's KPI by its format, else a count."""
        if key in self.kpis:
            return self.kpis[key].format
        person = self.person_kpi(key)
        return person.format if person is not None else "count"

    def near_zero_of(self, key: str) -> float:
        """Below this mean (in absolute value) a KPI is near zero; unregistered keys use ZERO."""
        return self.kpis[key].near_zero if key in self.kpis else ZERO

    def label_of(self, key: str) -> str:
        """The plain row label; a person's KPIs are labelled with the person's name, a key the
        registry does not name reads as itself."""
        if key in self.kpis:
            return self.kpis[key].label
        person = self.person_kpi(key)
        if person is not None:
            return person.label.format(person=key.partition(".")[2].replace("_", " "))
        if key in self.recorded:
            return self.recorded[key].label
        return key


def _fail(path: str, message: str) -> RegistryError:
    return RegistryError(f"{REGISTRY_FILE.name}: {path}: {message}")


def _text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, "expected non-empty text")
    return value


def _formula(raw: object, path: str) -> Formula:
    if not isinstance(raw, dict) or set(raw) != _FORMULA_KEYS:
        raise _fail(path, f"expected exactly the keys {', '.join(sorted(_FORMULA_KEYS))}")
    denominator = raw["denominator"]
    return Formula(
        _text(raw["words"], f"{path}.words"),
        _text(raw["numerator"], f"{path}.numerator"),
        None if denominator is None else _text(denominator, f"{path}.denominator"),
    )


def _entry(key: str, raw: object) -> Kpi:
    path = f"kpis.{key}"
    if not isinstance(raw, dict):
        raise _fail(path, "expected a mapping")
    unknown, missing = set(raw) - _ENTRY_KEYS, _REQUIRED - set(raw)
    if unknown or missing:
        raise _fail(
            path,
            f"unknown keys {sorted(unknown)}, missing keys {sorted(missing)}; "
            f"allowed: {', '.join(sorted(_ENTRY_KEYS))}",
        )
    if raw["format"] not in FORMATS:
        raise _fail(f"{path}.format", f"got {raw['format']!r}; allowed: {', '.join(FORMATS)}")
    if raw["higher_is_worse"] not in (True, False, None):
        raise _fail(f"{path}.higher_is_worse", "expected true, false or null")
    if not isinstance(raw.get("headline", False), bool):
        raise _fail(f"{path}.headline", "expected true or false")
    if raw.get("headline") and raw["higher_is_worse"] is None:
        raise _fail(f"{path}.higher_is_worse", "a headline KPI needs a direction (true or false)")
    near_zero = raw.get("near_zero", ZERO)
    if isinstance(near_zero, bool) or not isinstance(near_zero, int | float) or near_zero <= 0:
        raise _fail(f"{path}.near_zero", f"got {near_zero!r}; expected a number above 0")
    if not isinstance(raw.get("can_be_negative", False), bool):
        raise _fail(f"{path}.can_be_negative", "expected true or false")
    label = _text(raw["label"], f"{path}.label")
    return Kpi(
        key=key,
        label=label,
        short_label=_text(raw.get("short_label", label), f"{path}.short_label"),
        unit=_text(raw["unit"], f"{path}.unit"),
        format=raw["format"],
        higher_is_worse=raw["higher_is_worse"],
        headline=raw.get("headline", False),
        near_zero=float(near_zero),
        can_be_negative=raw.get("can_be_negative", False),
        formula=_formula(raw["formula"], f"{path}.formula"),
    )


def _thresholds(raw: object, path: str, keys: set[str] | None = None) -> Thresholds:
    expected = {"some", "great"} | (keys or set())
    if not isinstance(raw, dict) or set(raw) != expected:
        raise _fail(path, f"expected exactly the keys {', '.join(sorted(expected))}")
    for level in ("some", "great"):
        value = raw[level]
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise _fail(f"{path}.{level}", f"got {value!r}; expected a number above 0")
    if raw["some"] >= raw["great"]:
        raise _fail(path, "some must be below great")
    return Thresholds(float(raw["some"]), float(raw["great"]))


def _harm(raw: object, kpis: dict[str, Kpi]) -> Harm:
    keys = {"relative", "points", "cash", "words"}
    if not isinstance(raw, dict) or set(raw) != keys:
        raise _fail("harm", f"expected exactly the keys {', '.join(sorted(keys))}")
    cash_kpi = raw["cash"].get("kpi") if isinstance(raw["cash"], dict) else None
    if cash_kpi not in kpis or not kpis[cash_kpi].headline:
        raise _fail("harm.cash.kpi", f"{cash_kpi!r} is not a headline KPI of the registry")
    words = raw["words"]
    if not isinstance(words, dict) or tuple(words) != HARM_LEVELS:
        raise _fail("harm.words", f"expected the levels {', '.join(HARM_LEVELS)}, in that order")
    verdicts, headings = {}, {}
    for level in HARM_LEVELS:
        entry = words[level]
        if not isinstance(entry, dict) or set(entry) != {"verdict", "heading"}:
            raise _fail(f"harm.words.{level}", "expected exactly the keys heading, verdict")
        verdicts[level] = _text(entry["verdict"], f"harm.words.{level}.verdict")
        headings[level] = _text(entry["heading"], f"harm.words.{level}.heading")
    harm = Harm(
        relative=_thresholds(raw["relative"], "harm.relative"),
        points=_thresholds(raw["points"], "harm.points"),
        cash=_thresholds(raw["cash"], "harm.cash", {"kpi"}),
        cash_kpi=cash_kpi,
        verdicts=verdicts,
        headings=headings,
    )
    for level, heading in headings.items():
        try:
            named = {
                name for _, name, _, _ in string.Formatter().parse(heading) if name is not None
            }
        except ValueError as error:
            raise _fail(f"harm.words.{level}.heading", str(error)) from None
        if named - set(HARM_PLACEHOLDERS):
            raise _fail(
                f"harm.words.{level}.heading",
                f"unknown placeholders {sorted(named - set(HARM_PLACEHOLDERS))}; "
                f"allowed: {', '.join(HARM_PLACEHOLDERS)}",
            )
    return harm


def _people(raw: object) -> dict[str, PersonKpi]:
    if not isinstance(raw, dict) or not raw:
        raise _fail("people", "expected a mapping of KPI stems to label and format")
    people = {}
    for stem, entry in raw.items():
        path = f"people.{stem}"
        if not isinstance(entry, dict) or set(entry) != {"label", "format"}:
            raise _fail(path, "expected exactly the keys format, label")
        if entry["format"] not in FORMATS:
            raise _fail(f"{path}.format", f"got {entry['format']!r}; allowed: {', '.join(FORMATS)}")
        label = _text(entry["label"], f"{path}.label")
        if "{person}" not in label:
            raise _fail(f"{path}.label", "expected the placeholder {person}")
        people[str(stem)] = PersonKpi(str(stem), label, entry["format"])
    return people


def _recorded(raw: object, kpis: dict[str, Kpi]) -> dict[str, Recorded]:
    if not isinstance(raw, dict) or not raw:
        raise _fail("recorded", "expected a mapping of reported keys to label and unit")
    recorded = {}
    for key, entry in raw.items():
        path = f"recorded.{key}"
        if key in kpis:
            raise _fail(path, "already a KPI of the registry (kpis)")
        if not isinstance(entry, dict) or set(entry) != {"label", "unit"}:
            raise _fail(path, "expected exactly the keys label, unit")
        recorded[str(key)] = Recorded(
            str(key), _text(entry["label"], f"{path}.label"), _text(entry["unit"], f"{path}.unit")
        )
    return recorded


def parse(data: object) -> Registry:
    """Check a loaded `kpis.yaml` and build the registry; RegistryError names what is wrong."""
    sections = {"kpis", "people", "recorded", "harm", "tables"}
    if not isinstance(data, dict) or set(data) != sections:
        raise _fail("(top level)", f"expected exactly the keys {', '.join(sorted(sections))}")
    if not isinstance(data["kpis"], dict) or not data["kpis"]:
        raise _fail("kpis", "expected a mapping of KPI keys to entries")
    kpis = {str(key): _entry(str(key), raw) for key, raw in data["kpis"].items()}
    if not isinstance(data["tables"], dict):
        raise _fail("tables", "expected a mapping of page names to lists of KPI keys")
    tables = {}
    for page, keys in data["tables"].items():
        if not isinstance(keys, list) or not keys:
            raise _fail(f"tables.{page}", "expected a list of KPI keys")
        for i, key in enumerate(keys):
            if key not in kpis:
                raise _fail(f"tables.{page}[{i}]", f"{key!r} is not a KPI of the registry")
        tables[str(page)] = tuple(keys)
    return Registry(
        kpis,
        _people(data["people"]),
        _recorded(data["recorded"], kpis),
        tables,
        _harm(data["harm"], kpis),
    )


@functools.cache
def registry() -> Registry:
    """The registry of `kpis.yaml` beside this module (read once)."""
    return parse(yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8")))
