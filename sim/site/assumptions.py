"""The assumptions page: every default of the scenario schema with its source or reasoning.

Each leaf field of the schema (the same list the scenario reference shows) gets one row:
its default value taken from `sim/scenario/schema.py`, and either a sourced figure (title,
URL, tier) or the label **Assumption** with the reasoning. The citations live in
`docs/_data/sources.yaml` and the reasoning per field in `docs/_data/assumptions.yaml`;
`check` refuses a field without an entry, an entry for no field and a citation of a source
that is not listed. The calibration and workload numbers are read from the evidence runs,
so they cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.model.registry import registry
from sim.outputs.text import mean_ci
from sim.scenario import keys
from sim.scenario.schema import Scenario
from sim.scenario.workload import TIGHT_SHARE
from sim.site import data as data_file
from sim.site import fields
from sim.site.output import write_all
from sim.site.paths import DATA, SCENARIOS, SNIPPETS
from sim.site.runs import load

SOURCES_FILE = DATA / "sources.yaml"
ENTRIES_FILE = DATA / "assumptions.yaml"
TIERS = ("A", "B", "C", "A/B", "B/C")
BASES = ("sourced", "assumption")


class DataError(ValueError):
    """The sources or assumptions file is malformed; the message names file and key path."""


@dataclass(frozen=True)
class Source:
    """A cited page: its title, address and quality tier (A, B or C)."""

    title: str
    url: str
    tier: str
    vendor: bool = False

    def cite(self) -> str:
        """The citation as shown on the page; vendor pages are marked as such, never named."""
        if self.vendor:
            return (
                f'vendor web page, "{self.title}", <{self.url}> '
                "(tier C: a vendor claim, not a measurement)"
            )
        if self.tier == "C":
            return (
                f'web page, "{self.title}", <{self.url}> '
                "(tier C: trade or blog content, a claim rather than a measurement)"
            )
        return f'"{self.title}", <{self.url}> (tier {self.tier})'


@dataclass(frozen=True)
class Entry:
    """How one default is justified: sourced figures, or an assumption with its reasoning."""

    text: str
    sources: tuple[str, ...] = ()
    assumption: bool = False


def _mapping(path: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not data:
        raise DataError(f"{path}: expected a mapping of keys to entries")
    return data


def _require(path: Path, where: str, entry: Any, required: set[str], optional: set[str]) -> None:
    if not isinstance(entry, dict):
        raise DataError(f"{path}: {where}: expected a mapping")
    unknown, missing = set(entry) - required - optional, required - set(entry)
    if unknown or missing:
        allowed = ", ".join(sorted(required | optional))
        raise DataError(
            f"{path}: {where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}; "
            f"allowed: {allowed}"
        )


def read_sources(path: Path) -> dict[str, Source]:
    """The cited pages by key, checked: title, url and a known tier each."""
    found = {}
    for key, raw in _mapping(path, data_file.read(path)).items():
        _require(path, str(key), raw, {"title", "url", "tier"}, {"vendor"})
        if raw["tier"] not in TIERS:
            raise DataError(f"{path}: {key}.tier: got {raw['tier']!r}; allowed: {', '.join(TIERS)}")
        if not str(raw["url"]).startswith(("http://", "https://")):
            raise DataError(f"{path}: {key}.url: expected an http(s) address")
        found[str(key)] = Source(raw["title"], raw["url"], raw["tier"], bool(raw.get("vendor")))
    return found


def read_entries(path: Path, sources: dict[str, Source]) -> dict[str, Entry]:
    """The basis of each default by key path, checked: a known basis, known sources only."""
    found = {}
    for key, raw in _mapping(path, data_file.read(path)).items():
        _require(path, str(key), raw, {"basis", "text"}, {"sources"})
        if raw["basis"] not in BASES:
            raise DataError(
                f"{path}: {key}.basis: got {raw['basis']!r}; allowed: {', '.join(BASES)}"
            )
        cited = raw.get("sources", [])
        if not isinstance(cited, list):
            raise DataError(f"{path}: {key}.sources: expected a list of source keys")
        for i, name in enumerate(cited):
            if name not in sources:
                raise DataError(
                    f"{path}: {key}.sources[{i}]: {name!r} is not in {SOURCES_FILE.name}"
                )
        found[str(key)] = Entry(raw["text"], tuple(cited), raw["basis"] == "assumption")
    return found


def check(entries: dict[str, Entry], paths: list[str]) -> list[str]:
    """Every problem between the entries and the schema's fields: missing and stale entries."""
    missing = [f"{p}: no entry in {ENTRIES_FILE.name}" for p in paths if p not in entries]
    stale = [f"{k}: entry for a field the schema does not have" for k in entries if k not in paths]
    return missing + stale


def read_all(root: Path) -> tuple[dict[str, Source], dict[str, Entry]]:
    """Sources and entries from `docs/_data`, checked against each other and the schema."""
    sources = read_sources(root / SOURCES_FILE)
    entries = read_entries(root / ENTRIES_FILE, sources)
    problems = check(entries, [leaf.path for leaf in fields.leaves()])
    if problems:
        raise DataError(f"{root / ENTRIES_FILE}:\n  " + "\n  ".join(problems))
    return sources, entries


# --------------------------------------------------------------------------- defaults


def _default_scenario() -> dict[str, Any]:
    return Scenario(staff=[]).model_dump(mode="json", by_alias=True)


def default_text(leaf: fields.Leaf, scenario: dict[str, Any]) -> str:
    """The default as it applies: per item for the default lists, else the field default."""
    values = [(s.label, s.value) for s in keys.locate(scenario, leaf.path, missing_ok=True)]
    if not values:
        return fields.show(fields.default_value(leaf))
    if len(values) == 1 and values[0][0] == "":
        return fields.show(values[0][1])
    groups: dict[str, list[str]] = {}
    for label, value in values:
        groups.setdefault(fields.show(value), []).append(label)
    if len(groups) == 1:
        return f"all: {next(iter(groups))}"
    return "; ".join(f"{', '.join(labels)}: {shown}" for shown, labels in groups.items())


# --------------------------------------------------------------------------- rendering


def _basis(entry: Entry, sources: dict[str, Source]) -> str:
    head = "**Assumption.** " if entry.assumption else "**Source.** "
    cites = "; ".join(sources[s].cite() for s in entry.sources)
    if cites:
        cites = (" Anchored on: " if entry.assumption else " ") + cites + "."
    return head + entry.text + cites


def defaults_table(sources: dict[str, Source], entries: dict[str, Entry]) -> str:
    """Every leaf field with its default and its basis, grouped by section."""
    scenario = _default_scenario()
    out: list[str] = []
    current = None
    for leaf in fields.leaves():
        section = fields.section_of(leaf.path)
        if section != current:
            current = section
            title = "Top-level keys" if section == "(top level)" else f"`{section}`"
            out += ["", f"### {title}", "", "| Key | Default | Basis |", "|---|---|---|"]
        basis = _basis(entries[leaf.path], sources).replace("|", "\\|")
        shown = default_text(leaf, scenario).replace("|", "\\|")
        out.append(
            f'| <span id="{fields.anchor(leaf.path)}"></span>`{leaf.path}` | {shown} | {basis} |'
        )
    return "\n".join(out).lstrip("\n") + "\n"


def sources_list(sources: dict[str, Source], entries: dict[str, Entry]) -> str:
    """Every cited page once, in citation order."""
    used = []
    for entry in entries.values():
        used += [s for s in entry.sources if s not in used]
    return "\n".join(f"- {sources[s].cite()}" for s in used) + "\n"


def _comment_block(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values of a nested mapping by dotted key (lists kept whole)."""
    if isinstance(data, dict) and "dist" not in data:
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flat(value, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): data}


def _setting_lines(key: str, value: Any) -> list[str]:
    """One bullet per setting; a list of sections (staff) gets one sub-bullet per item."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"- `{key}`:", *(f"    - {fields.show(v)}" for v in value)]
    return [f"- `{key}`: {fields.show(value)}"]


def scenario_files(root: Path) -> str:
    """Each bundled scenario: its comment block and every value it sets itself."""
    out = []
    for path in sorted((root / SCENARIOS).glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out += [f"#### `scenarios/{path.name}`", "", _comment_block(path), ""]
        for key, value in _flat(raw).items():
            out += _setting_lines(key, value)
        out.append("")
    return "\n".join(out)


def calibration(data: dict[str, Any]) -> str:
    """Measured values in reference-separate against the target ranges."""
    kpis = data["groups"]["reference"]["kpis"]["reference-separate"]
    rows = [
        (
            "utilization.insurance_coordinator",
            "Coordinator's utilisation",
            "65% to 90%",
            0.65,
            0.90,
        ),
        # The 18-45 days sources quote are for total A/R over gross production: no band.
        ("days_in_ar", "Insurance days in A/R", "none published for this measure", None, None),
        ("ar_over_90_share_end", "Share of insurance A/R over 90 days", "under 15%", 0, 0.15),
        ("denial_rate", "First-submission denial rate", "5% to 12%", 0.05, 0.12),
    ]
    lines = [
        "| Measure | Target | Measured mean (95% CI) | Inside the target? |",
        "|---|---|---|---|",
    ]
    for key, label, target, low, high in rows:
        entry = kpis[key]
        if low is None:
            inside = "no band to check"
        else:
            inside = "yes" if low <= entry["mean"] <= high else "**no**"
        lines.append(
            f"| {label} | {target} | {mean_ci(entry, registry().format_of(key))} | {inside} |"
        )
    return "\n".join(lines) + "\n"


def workload(data: dict[str, Any]) -> str:
    """Visits and coordinator hours per day: why the reference practice is 2 + 1."""
    ref = data["groups"]["reference"]["workload"]["reference-separate"]
    small = data["groups"]["small"]["workload"]["small-separate"]
    util = data["groups"]["reference"]["kpis"]["reference-separate"]
    ic_util = util["utilization.insurance_coordinator"]["mean"]
    busy = ref["busy_hours_per_day.insurance_coordinator"]
    insured = ref["insured_visits_per_day"]
    minutes_per_visit = busy * 60 / insured
    at_tight = TIGHT_SHARE * 8 * 60 / minutes_per_visit
    bigger = insured * 32 / 24
    need = bigger * minutes_per_visit / (8 * 60)
    rows = [
        ("Visits seen per open day", small["visits_per_day"], ref["visits_per_day"], "{:.1f}"),
        ("Insured visits per open day", small["insured_visits_per_day"], insured, "{:.1f}"),
        (
            "Claims created per open day (secondary claims included)",
            small["claims_per_day"],
            ref["claims_per_day"],
            "{:.1f}",
        ),
        (
            "Coordinator's busy hours per open day",
            small["busy_hours_per_day.insurance_coordinator"],
            busy,
            "{:.1f}",
        ),
    ]
    lines = ["| Measure | small-separate | reference-separate |", "|---|---:|---:|"]
    for label, a, b, pattern in rows:
        lines.append(f"| {label} | {pattern.format(a)} | {pattern.format(b)} |")
    lines += [
        "",
        f"In `reference-separate` the coordinator spends about {minutes_per_visit:.0f} minutes "
        f"of work per insured visit (busy time over the year divided by insured visits: "
        f"verification, claims, posting, follow-up, denials and appeals together), and is busy "
        f"{ic_util * 100:.1f}% of the shift. At {TIGHT_SHARE:.0%} of an 8-hour day that is "
        f"about {at_tight:.1f} insured visits a day for one full-time coordinator. A practice with 2 "
        f"dentists and 2 hygienists (32 booked visits a day instead of 24) would bring about "
        f"{bigger:.1f} insured visits a day, about {need * 100:.0f}% of one coordinator's "
        "day before any interruption or absence: more than one person can carry. That is "
        "why the reference practice is 2 dentists and 1 hygienist.",
        "",
    ]
    return "\n".join(lines)


def render(root: Path) -> dict[str, str]:
    """Every generated fragment of the assumptions page."""
    data = load(root)
    sources, entries = read_all(root)
    return {
        "assumptions-defaults.md": defaults_table(sources, entries),
        "assumptions-sources.md": sources_list(sources, entries),
        "assumptions-scenarios.md": scenario_files(root),
        "assumptions-calibration.md": calibration(data),
        "assumptions-workload.md": workload(data),
    }


def generate(root: Path) -> list[Path]:
    """Write the assumptions fragments that changed."""
    return write_all(root / SNIPPETS, render(root))
