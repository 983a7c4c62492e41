"""The KPI registry: `kpis.yaml` read once and checked, for every command and page that names a KPI.

A KPI key not in the registry (a person's utilisation, a count the tables never show) still
gets a label and a format from its name, so a new person or a new part's count never breaks
a table; only the registered KPIs carry a formula and a direction.
"""

from __future__ import annotations

import functools
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
class Registry:
    """Every registered KPI in file order, and the KPIs each page's tables show."""

    kpis: dict[str, Kpi]
    tables: dict[str, tuple[str, ...]]

    @property
    def headline(self) -> tuple[str, ...]:
        """The headline KPIs, in registry order."""
        return tuple(k for k, kpi in self.kpis.items() if kpi.headline)

    def table(self, page: str) -> tuple[Kpi, ...]:
        """The KPIs of one page's tables, in the page's order."""
        return tuple(self.kpis[key] for key in self.tables[page])

    def format_of(self, key: str) -> str:
        """How a KPI's values read; unregistered keys by their name (people's shares and hours)."""
        if key in self.kpis:
            return self.kpis[key].format
        if key.startswith("utilization."):
            return "share"
        if key.startswith(("overtime_hours.", "strain_hours.")):
            return "hours"
        return "count"

    def near_zero_of(self, key: str) -> float:
        """Below this mean (in absolute value) a KPI is near zero; unregistered keys use ZERO."""
        return self.kpis[key].near_zero if key in self.kpis else ZERO

    def label_of(self, key: str) -> str:
        """The plain row label; a person's KPIs are labelled with the person's name."""
        if key in self.kpis:
            return self.kpis[key].label
        stem, _, person = key.partition(".")
        person = person.replace("_", " ")
        if stem == "utilization":
            return f"Utilisation: {person}"
        if stem == "overtime_hours":
            return f"Hours past the end of the shift: {person}"
        if stem == "quits":
            return f"Quits: {person}"
        if stem == "expected_quits":
            return f"Expected quits (weekly quit hazards summed): {person}"
        if stem == "strain_hours":
            return f"Strain, hours a week beyond a sustainable load: {person}"
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


def parse(data: object) -> Registry:
    """Check a loaded `kpis.yaml` and build the registry; RegistryError names what is wrong."""
    if not isinstance(data, dict) or set(data) != {"kpis", "tables"}:
        raise _fail("(top level)", "expected exactly the keys kpis and tables")
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
    return Registry(kpis, tables)


@functools.cache
def registry() -> Registry:
    """The registry of `kpis.yaml` beside this module (read once)."""
    return parse(yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8")))
