"""The results files twohats writes and reads back, as typed records.

One model per file: summary.json (`RunRecord`), comparison.json (`ComparisonRecord`),
sweep.json (`SweepRecord`), calibration.json (`CalibrationRecord`), fit.json (`FitRecord`),
observed.json (`ObservedRecord`) and sensitivity.json (`SensitivityRecord`). A study builds its record as plain data; `build`
checks it against the model (a mismatch is a bug in twohats, raised as it is) and `read`
checks a file read back, so a file edited out of shape or written by another version
is a `RecordError` naming the field, never a failure deep inside a report. Every file
carries `schema_version`; a change to any file's layout raises SCHEMA_VERSION.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

SCHEMA_VERSION = 1
"""The layout of every results file this version writes; a file with another cannot be read."""


def _number(value: object) -> int | float:
    """A finite JSON number, kept as written (an int stays an int); never a yes/no or text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


Number = Annotated[int | float, PlainValidator(_number)]
Value = StrictBool | StrictInt | Number | StrictStr | None
"""A swept or fitted scenario value as YAML gives it (a number, a yes/no, text)."""


class Part(BaseModel):
    """A part of a record: every field known, none added."""

    model_config = ConfigDict(extra="forbid")


class Record(Part):
    """A whole results file."""

    schema_version: Literal[1]


class Summary(Part):
    """One KPI over replications (sim.study.stats.describe); over drawn offices, with the
    split of its spread (sim.study.draws)."""

    mean: Number | None
    ci95: tuple[Number | None, Number | None]
    p10: Number | None = None
    p90: Number | None = None
    without_basis: StrictInt | None = None
    parameter_sd: Number | None = None
    chance_sd: Number | None = None
    parameter_share: Number | None = None
    parameter_share_ci95: tuple[Number | None, Number | None] | None = None


class Difference(Part):
    """One KPI's paired difference between two options (sim.study.stats.paired_difference)."""

    mean: Number | None
    ci95: tuple[Number | None, Number | None]
    distinguishable: StrictBool
    without_basis: StrictInt | None = None
    parameter_sd: Number | None = None
    chance_sd: Number | None = None
    parameter_share: Number | None = None
    parameter_share_ci95: tuple[Number | None, Number | None] | None = None


KPIs = dict[str, Summary]
Differences = dict[str, Difference]


class Year(Part):
    """One year of a study's window (sim.study.years)."""

    year: StrictInt
    days: tuple[StrictInt, StrictInt]
    kpis: KPIs


class Precision(Part):
    """What --precision asked, needed and used (sim.study.precision)."""

    target: Number
    method: StrictStr
    look_ahead: StrictInt
    max_replications: StrictInt
    replications_needed: StrictInt | None
    replications_used: StrictInt
    reached: StrictBool
    relative_half_width: dict[str, Number]
    excluded_near_zero: list[StrictStr]


class RunRecord(Record):
    """summary.json: one scenario's study (sim.outputs.results.study_record)."""

    scenario: dict[str, Any]
    seed: StrictInt
    replications: StrictInt
    horizon_days: StrictInt
    warm_up_days: StrictInt
    run_out_days_cap: StrictInt
    versions: dict[str, StrictStr]
    kpis: KPIs
    per_replication: list[dict[str, Number | None]]
    years: list[Year] | None = None
    precision: Precision | None = None


class Money(Part):
    """Each option's money and each other option's paired parts (sim.study.comparison)."""

    late_cash_annual_rate: dict[str, Number]
    options: dict[str, KPIs]
    differences: dict[str, Differences]


class Draws(Part):
    """What a comparison over a fit's drawn offices drew (sim.study.draws.calibration_record)."""

    folder: StrictStr
    fitted_scenario: StrictStr
    keys: list[StrictStr]
    draws: StrictInt
    replications_per_draw: StrictInt
    settings: list[list[Number | None]]
    method: StrictStr


class ComparisonRecord(Record):
    """comparison.json: options side by side and paired (sim.study.comparison)."""

    scenarios: list[dict[str, Any]]
    seed: StrictInt
    replications: StrictInt
    kpis: dict[str, KPIs]
    differences: dict[str, Differences]
    money: Money | None = None
    """Absent, the report works the money rows it can out of the KPIs."""
    years: dict[str, list[Year]] | None = None
    versions: dict[str, StrictStr]
    precision: Precision | None = None
    calibration: Draws | None = None

    @model_validator(mode="after")
    def _options_agree(self) -> ComparisonRecord:
        """Every section names the same options, and each difference two of them."""
        names = set(self.kpis)
        money = self.money.options if self.money else names
        if set(money) != names or not set(self.years or {}) <= names:
            raise ValueError(f"money and years must name the options of kpis ({_list(names)})")
        for label in self.differences:
            other, sep, base = label.partition(" - ")
            if not sep or not {other, base} <= names:
                raise ValueError(f"differences: {label!r} is not 'option - option' of kpis")
        if self.money and set(self.money.differences) != set(self.differences):
            raise ValueError("money.differences must name the pairs of differences")
        return self


class SweepSummary(Part):
    """One option's KPIs at one point of the grid."""

    option: StrictStr
    point: dict[str, Value]
    kpis: KPIs


class NetBenefit(Part):
    """What keeping the first option gains over another at one point (sim.study.sweep)."""

    point: dict[str, Value]
    write_offs_avoided_usd: Difference
    unresolved_avoided_usd: Difference
    cash_gained_usd: Difference
    late_cash_cost_avoided_usd: Difference
    extra_staff_cost_usd: Difference
    net_benefit_usd: Difference


class BreakEven(Part):
    """The smallest first-key value that pays, given any second key's value."""

    given: dict[str, Value]
    value: Value
    net_benefit_usd: Difference | None


class SweepPair(Part):
    points: list[NetBenefit]
    break_even: list[BreakEven]


class SweepRecord(Record):
    """sweep.json: options over a grid of scenario values (sim.study.sweep.analyse)."""

    seed: StrictInt
    replications: StrictInt
    keys: list[StrictStr]
    options: list[StrictStr]
    late_cash_annual_rate: Number
    summaries: list[SweepSummary]
    break_even: dict[str, SweepPair]

    @model_validator(mode="after")
    def _grid_agrees(self) -> SweepRecord:
        """Each point sets the swept keys, of an option swept, and each pair is two options."""
        if not self.keys or not self.options:
            raise ValueError("keys and options must not be empty")
        for n, summary in enumerate(self.summaries):
            if summary.option not in self.options or list(summary.point) != self.keys:
                raise ValueError(f"summaries.{n}: option and point must be of options and keys")
        for label, pair in self.break_even.items():
            first, sep, other = label.partition(" vs ")
            if not sep or first != self.options[0] or other not in self.options:
                raise ValueError(f"break_even: {label!r} is not 'first option vs option'")
            if any(list(row.point) != self.keys for row in pair.points):
                raise ValueError(f"break_even.{label}: each point must set the keys")
        return self


class GridPoint(Part):
    value: Number
    score: Number | None
    simulated: dict[str, Number | None]


class CalibrationRow(Part):
    """One fitted key: a grid fit's whole row (sim.study.calibration.analyse), or a
    several-key fit's summary of it (sim.outputs.fit_text.report_rows)."""

    parameter: StrictStr
    best: Number | None
    low: Number | None
    high: Number | None
    score: Number | None = None
    points: list[GridPoint] | None = None
    observed: dict[str, Number] | None = None
    labels: dict[str, StrictStr] | None = None
    short_labels: dict[str, StrictStr] | None = None
    formats: dict[str, StrictStr] | None = None
    range: tuple[Number, Number]
    day: StrictInt
    replications: StrictInt
    seed: StrictInt | None = None
    at_edge: StrictBool
    fit_threshold: Number | None = None
    fits: StrictBool
    method: StrictStr


class CalibrationRecord(Record):
    """calibration.json: the fitted keys, a row each."""

    rows: list[CalibrationRow]


class FitParameter(Part):
    key: StrictStr
    range: tuple[Number, Number]
    median: Number | None = None
    low: Number | None = None
    high: Number | None = None
    narrowed: StrictBool | None = None
    at_edge: StrictBool | None = None


class Mover(Part):
    key: StrictStr
    effect: Number | None


class FitFigure(Part):
    kpi: StrictStr
    label: StrictStr
    format: StrictStr
    observed: Number
    closest_emulated: Number | None
    least_implausibility: Number | None
    reproduced: StrictBool | None
    spread: Number | None
    moved_by: list[Mover]


class DesignPoint(Part):
    settings: dict[str, Number | None]
    simulated: dict[str, Number | None]


class Books(Part):
    """A digest of each section of the client's books the fit was made to
    (sim.study.draws.books_fingerprint)."""

    observed: StrictStr
    opening: StrictStr


class FitRecord(Record):
    """fit.json: a several-key fit by history matching (sim.study.history_matching.analyse)."""

    method: StrictStr
    scenario: StrictStr
    books: Books
    keys: list[StrictStr]
    ranges: list[tuple[Number, Number]]
    day: StrictInt
    replications: StrictInt
    seed: StrictInt
    design_points: StrictInt
    candidates: StrictInt
    cutoff: Number
    accepted: StrictInt
    fits: StrictBool
    parameters: list[FitParameter]
    correlations: list[list[Number | None]] | None
    figures: list[FitFigure]
    sample: list[list[Number]]
    accepted_settings: list[list[Number]]
    design: list[DesignPoint]
    waves: StrictInt
    waves_asked: StrictInt

    @model_validator(mode="after")
    def _one_entry_per_key(self) -> FitRecord:
        """A range and a parameter for each key, and one number per key in each setting."""
        count = len(self.keys)
        if not count or len(self.ranges) != count or len(self.parameters) != count:
            raise ValueError("keys, ranges and parameters must have one entry per key")
        if any(len(setting) != count for setting in [*self.sample, *self.accepted_settings]):
            raise ValueError(f"each setting of sample and accepted_settings must have {count}")
        return self


class ObservedRow(Part):
    """One observed figure beside the simulated one (sim.study.observed.row)."""

    kpi: StrictStr
    label: StrictStr
    observed: Number
    simulated: Number | None
    low: Number | None
    high: Number | None
    distance: Number | None
    relative_distance: Number | None
    key: StrictStr
    format: StrictStr
    day: StrictInt
    replications: StrictInt
    option: StrictStr


class ObservedRecord(Record):
    """observed.json: each option's observed figures beside its simulated ones."""

    rows: list[ObservedRow]


class MorrisInput(Part):
    """One input's Morris measures on the paired net benefit (sim.study.sensitivity.analyse)."""

    key: StrictStr
    range: tuple[Number, Number]
    mu_star_usd: Number | None
    mu_star_conf_usd: Number | None
    mu_usd: Number | None
    sigma_usd: Number | None
    beyond_noise: StrictBool
    rank: StrictInt


class MorrisRun(Part):
    settings: dict[str, Number]
    net_benefit_usd: Number


class SensitivityRecord(Record):
    """sensitivity.json: inputs ranked by their effect on one option's net benefit over
    another (`twohats sensitivity`; written, not read back)."""

    options: list[StrictStr]
    method: StrictStr
    trajectories: StrictInt
    levels: StrictInt
    settings: StrictInt
    replications: StrictInt
    seed: StrictInt
    late_cash_annual_rate: Number
    noise_usd: Number | None
    benefit_low_usd: Number
    benefit_high_usd: Number
    inputs: list[MorrisInput]
    runs: list[MorrisRun]


R = TypeVar("R", bound=Record)


class RecordError(Exception):
    """A results file that cannot be read as this version writes it; the message names the
    file, the field and what is wrong (exit 2)."""


def build(kind: type[R], data: dict[str, Any]) -> R:
    """The record of `data` as this version writes it; a mismatch is a bug in twohats and is
    raised as pydantic's ValidationError, not as bad input (a number that is not finite is a
    ValueError, as `to_json` gives). Read through JSON, so a tuple is a list as on reading."""
    text = json.dumps({"schema_version": SCHEMA_VERSION, **data}, allow_nan=False)
    return kind.model_validate(json.loads(text))


def as_data(record: Record) -> dict[str, Any]:
    """What the file holds: the fields the study gave, in the model's order."""
    return record.model_dump(mode="json", exclude_unset=True)


def read(kind: type[R], path: Path) -> R:
    """The record in `path`; RecordError if it cannot be read or was not written by this
    version of twohats."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RecordError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RecordError(f"{path} is not a text file (expected JSON)") from None
    except ValueError as exc:
        raise RecordError(f"{path} is not valid JSON: {exc}") from None
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        raise RecordError(f"{path} {not_this_version(exc)}") from None


def not_this_version(exc: ValidationError, within: tuple[str | int, ...] = ()) -> str:
    """The first problem pydantic found, as 'was not written by this version of twohats:
    field.path: problem'; `within` is the path to the part validated (a record's scenario)."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in (*within, *first["loc"]))
    problem = first["msg"]
    if first["type"] == "value_error":
        problem = str(first["ctx"]["error"])
    elif first["type"] == "model_type":
        problem = f"expected a JSON object, got {_json_name(first['input'])}"
    elif where == "schema_version" and first["type"] == "missing":
        problem = "missing (written before results files carried one)"
    elif where == "schema_version":
        problem = f"{first['input']!r}; this version reads {SCHEMA_VERSION}"
    said = f"{where}: {problem}" if where else problem
    return (
        f"was not written by this version of twohats: {said} "
        "(rerun the study rather than edit its files)"
    )


def _json_name(value: object) -> str:
    """What a JSON value is, in JSON's words."""
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _list(names: set[str]) -> str:
    return ", ".join(sorted(names))
