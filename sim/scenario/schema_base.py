"""The scenario schema's shared pieces: the strict base every section extends, the field
types sections share, and the reference practice's lists (`reference.yaml`) that
supply list defaults.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from sim.scenario.distributions import Distribution, coerce_number
from sim.scenario.keys import read as read_key

Dist = Annotated[Distribution, BeforeValidator(coerce_number)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_WEEK: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
ProcedureClass = Literal["preventive", "basic", "major"]
PROCEDURE_CLASSES: tuple[ProcedureClass, ...] = ("preventive", "basic", "major")

REFERENCE_FILE = Path(__file__).with_name("reference.yaml")
"""The reference practice's lists (providers, procedures, payers, duties, events)."""


@functools.cache
def _reference_data() -> dict[str, Any]:
    return yaml.safe_load(REFERENCE_FILE.read_text(encoding="utf-8"))


def _reference(key: str) -> Any:
    """A fresh copy of one list or map of the reference practice, by its dotted key."""
    return copy.deepcopy(read_key(_reference_data(), key))


class Strict(BaseModel):
    """Base for every scenario section: unknown keys are errors, not silently ignored.

    Strict types (`true` is not a count, "30" is not a number) and finite numbers only, so a
    typo fails at validation instead of crashing a run or its JSON writer.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_default=True,
        strict=True,
        allow_inf_nan=False,
    )
