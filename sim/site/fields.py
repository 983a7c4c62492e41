"""The scenario schema's fields, for the pages that list them (reference and assumptions).

Walks `Scenario.model_json_schema()` down to its leaf fields (a leaf is anything that is
not a section of further named fields) and says, for each, its key path, meaning, unit,
default, allowed values and anchor. Because it is read from the schema, a new field
appears on both pages the moment it is added to a section of the schema (`sim/scenario/schema_*.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from sim.scenario import schema as scenario_module
from sim.scenario.schema import Scenario

DIST_DEFS = {"Fixed", "Exponential", "LogNormal", "Triangular"}

UNITS: tuple[tuple[str, str], ...] = (
    ("working_days", "weekdays"),
    ("holidays_days", "day numbers, from 0"),
    ("hours_per_day", "hours per day"),
    ("days_per_year", "days per year"),
    ("per_year_share", "share per year (0.05 = 5%; may be negative)"),
    ("per_interruption_share", "relative rise per interruption (0.127 = 12.7%)"),
    ("business_days", "business days"),
    ("minutes_per_day", "minutes per day"),
    ("per_month_share", "share per month"),
    ("annual_rate_share", "share per year"),
    ("_weeks", "weeks"),
    ("_minutes", "minutes"),
    ("_days", "days"),
    ("_per_day", "per day"),
    ("_per_hour", "per hour"),
    ("_per_month", "per month"),
    ("_per_year", "per year"),
    ("_usd", "US dollars"),
    ("_share", "share (0.25 = 25%)"),
    ("_hour", "hour of the day, 0 to 24"),
    ("_hours", "hours"),
    ("_weeks_per_year", "weeks per year"),
)
"""Key-name suffixes and the unit they stand for (the longest matching suffix wins)."""

MEANINGS: dict[str, str] = {
    "staff[].name": "Short name for this person (lower case, digits, underscores); used in results.",
    "staff[].roles": "Roles this person holds: om, ic or both.",
    "staff[].working_days": "Days this person works.",
    "staff[].start_hour": "Hour the shift starts.",
    "staff[].hours_per_day": "Length of the shift in hours.",
    "staff[].vacation_weeks_per_year": "Weeks of vacation a year, taken as whole weeks.",
    "staff[].sick_days_per_year": "Expected sick days a year, falling at random.",
    "staff[].protected_blocks": "Daily windows of protected insurance time (discipline protected_blocks).",
    "staff[].protected_blocks[].start_hour": "Hour the protected block starts.",
    "staff[].protected_blocks[].hours": "Length of the protected block in hours.",
    "ic_work.verification_electronic_minutes": "Time for one eligibility check by portal or 270/271.",
    "ic_work.verification_manual_minutes": "Time for one eligibility check by phone or fax, holds included.",
    "ic_work.predetermination_minutes": "Time to prepare and send one predetermination.",
    "ic_work.estimate_minutes": "Time to write one patient estimate.",
    "ic_work.claim_minutes": "Time to create and send one claim electronically.",
    "ic_work.attachment_extra_minutes": "Extra time for a claim with attachments.",
    "ic_work.posting_simple_minutes": "Time to post one simple EOB or ERA.",
    "ic_work.posting_complex_minutes": "Time to post one complex EOB (COB, partial payment).",
    "ic_work.follow_up_minutes": "Time for one follow-up on an unpaid claim, holds included.",
    "ic_work.resubmission_minutes": "Time to correct and resubmit one denied claim.",
    "ic_work.appeal_minutes": "Time to prepare one appeal.",
    "ic_work.interruption_minutes": "Length of one interruption that reaches the IC role.",
    "om_work.interruption_minutes": "Length of one interruption that reaches the OM role.",
    "om_work.duties[].name": "Name of the duty, shown in results.",
    "om_work.duties[].every": "How often it recurs: day, week or month.",
    "om_work.duties[].minutes": "Time the duty takes.",
    "om_work.events[].name": "Name of the event, shown in results.",
    "om_work.events[].per_month": "Average number of such events a month.",
    "om_work.events[].minutes": "Time one event takes the office manager.",
    "interruptions.resumption_simple_minutes": "Time lost getting back into a short task after an interruption.",
    "interruptions.resumption_complex_minutes": "Time lost getting back into a complex task (appeal, follow-up) after an interruption.",
    "practice.providers[].kind": "Dentist or hygienist.",
    "payers[].name": "Payer name, shown in results (any label; no real payer is implied).",
    "description": "Free text saying what the scenario represents.",
}
"""Meanings for fields whose schema has no description."""


@dataclass(frozen=True)
class Leaf:
    """One leaf field: its key path, its schema, and the model class and field it belongs to."""

    path: str
    schema: dict[str, Any]
    owner: str
    field: str


def anchor(path: str) -> str:
    """The HTML id of a field's row on the assumptions page."""
    return "a-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """Follow a $ref; return the definition name (or None) and the schema."""
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return name, defs[name]
    return None, schema


def _section(schema: dict[str, Any], defs: dict[str, Any]) -> tuple[str, str] | None:
    """If `schema` holds named fields (directly, as list items or as map values), how.

    Returns (suffix for the key path, definition name), or None for a leaf.
    """
    name, target = _resolve(schema, defs)
    if name and name not in DIST_DEFS and "properties" in target:
        return "", name
    optional = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(optional) == 1 and optional != schema.get("anyOf"):
        # An optional section (`observed:`): its fields are listed like any other section's.
        found = _section(optional[0], defs)
        if found is not None and found[0] == "":
            return found
    for key, suffix in (("items", "[]"), ("additionalProperties", ".<class>")):
        inner = schema.get(key)
        if isinstance(inner, dict):
            name, target = _resolve(inner, defs)
            if name and name not in DIST_DEFS and "properties" in target:
                return suffix, name
    return None


def leaves(schema: dict[str, Any] | None = None) -> list[Leaf]:
    """Every leaf field of the scenario schema, in schema order."""
    schema = schema or Scenario.model_json_schema(by_alias=True)
    defs = schema.get("$defs", {})
    found: list[Leaf] = []

    def walk(model: dict[str, Any], owner: str, prefix: str) -> None:
        for key, sub in model.get("properties", {}).items():
            path = f"{prefix}{key}"
            section = _section(sub, defs)
            if section is None:
                found.append(Leaf(path, sub, owner, key))
            else:
                suffix, name = section
                walk(defs[name], name, f"{path}{suffix}.")

    walk(schema, "Scenario", "")
    return found


def unit(path: str) -> str:
    """The unit named by the key's suffix, or an empty string."""
    key = "_" + path.rsplit(".", 1)[-1]
    matches = [(len(s), u) for s, u in UNITS if key.endswith("_" + s.lstrip("_"))]
    return max(matches)[1] if matches else ""


def _model(owner: str) -> type[BaseModel]:
    return getattr(scenario_module, owner)


def default_value(leaf: Leaf) -> Any:
    """The field's default in its own model, or PydanticUndefined when it is required."""
    info = _model(leaf.owner).model_fields[leaf.field]
    if info.is_required():
        return PydanticUndefined
    value = info.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return value


def show(value: Any) -> str:
    """A default value the way a scenario file would say it, in words."""
    if value is PydanticUndefined:
        return "required"
    if isinstance(value, dict) and "dist" in value:
        params = ", ".join(f"{k} {_num(v)}" for k, v in value.items() if k != "dist")
        return f"{value['dist']}: {params}"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items()) if value else "none"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) if value else "none"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return _num(value)
    return str(value)


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def allowed(schema: dict[str, Any]) -> str:
    """The allowed values or range of a field, from its JSON schema."""
    if "oneOf" in schema:
        return "a number (fixed) or a distribution: fixed, exponential, lognormal, triangular"
    if "anyOf" in schema:
        options = [allowed(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(options) + " (or left out)"
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items", {})
        return "a list; each " + allowed(items)
    if kind == "object":
        keys = schema.get("propertyNames", {}).get("enum")
        values = allowed(schema.get("additionalProperties", {}))
        return f"a mapping from {', '.join(keys) if keys else 'names'} to {values}"
    return _range(schema, kind)


def _range(schema: dict[str, Any], kind: str | None) -> str:
    names = {
        "number": "number",
        "integer": "whole number",
        "string": "text",
        "boolean": "true or false",
    }
    text = names.get(kind or "", "value")
    bounds = []
    for key, word in (
        ("minimum", ">="),
        ("exclusiveMinimum", ">"),
        ("maximum", "<="),
        ("exclusiveMaximum", "<"),
    ):
        if key in schema:
            bounds.append(f"{word} {_num(schema[key])}")
    if "minLength" in schema or "maxLength" in schema:
        bounds.append(
            f"{schema.get('minLength', 0)} to {schema.get('maxLength', 'any')} characters"
        )
    if "pattern" in schema:
        bounds.append(f"matching `{schema['pattern']}`")
    return text + (" " + ", ".join(bounds) if bounds else "")


def meaning(leaf: Leaf) -> str:
    """The field's description, or the fallback written here."""
    return leaf.schema.get("description") or MEANINGS.get(leaf.path, "")


def escape(text: str) -> str:
    return text.replace("|", "\\|")


def section_of(path: str) -> str:
    """The section a key path is listed under: everything before its last key."""
    return path.rsplit(".", 1)[0] if "." in path else "(top level)"
